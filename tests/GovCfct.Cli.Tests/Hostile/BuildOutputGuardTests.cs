namespace GovCfct.Cli.Tests.Hostile;

/// <summary>
/// <c>build --out</c> replaces its output folder as a whole: <c>--out .</c> in a governance repository used to delete
/// the repository, <c>.git</c> included. Folders GovCfct did not write are refused (GCF1040) and left byte for byte.
/// </summary>
public sealed class BuildOutputGuardTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("govcfct-out-guard-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task The_governance_repository_itself_is_never_replaced()
    {
        var repository = Repository();
        var before = Listing(repository);

        var build = await CliRunner.Run("build", "--definition", Path.Combine(repository, "manifest"), "--templates", RepositoryRoot.Combine("templates"), "--out", repository);

        build.Exit.Should().Be(1, build.Out);
        build.Err.Should().Contain("error GCF1040").And.Contain("definition folder");
        Listing(repository).Should().Equal(before);
    }

    [Fact]
    public async Task A_git_root_or_a_folder_without_an_earlier_builds_report_is_refused_and_force_replaces_it()
    {
        var repository = Repository();
        var gitRoot = Directory.CreateDirectory(Path.Combine(_work, "other-repository")).FullName;
        Directory.CreateDirectory(Path.Combine(gitRoot, ".git"));
        File.WriteAllText(Path.Combine(gitRoot, "README.md"), "not a package\n");
        var documents = Directory.CreateDirectory(Path.Combine(_work, "documents")).FullName;
        File.WriteAllText(Path.Combine(documents, "minutes.txt"), "keep me\n");
        string[] build = ["build", "--definition", Path.Combine(repository, "manifest"), "--templates", RepositoryRoot.Combine("templates"), "--out"];

        var git = await CliRunner.Run([.. build, gitRoot]);
        var other = await CliRunner.Run([.. build, documents]);

        git.Exit.Should().Be(1);
        git.Err.Should().Contain("error GCF1040").And.Contain("root of a git repository");
        other.Exit.Should().Be(1);
        other.Err.Should().Contain("error GCF1040").And.Contain("report/build-report.md");
        File.ReadAllText(Path.Combine(documents, "minutes.txt")).Should().Be("keep me\n");
        Directory.Exists(Path.Combine(gitRoot, ".git")).Should().BeTrue();

        var forced = await CliRunner.Run([.. build, documents, "--force"]);
        forced.Exit.Should().Be(0, forced.Err);
        File.Exists(Path.Combine(documents, "minutes.txt")).Should().BeFalse("--force replaces the folder as a whole");

        var again = await CliRunner.Run([.. build, documents]);
        again.Exit.Should().Be(0, again.Err);
        again.Out.Should().Contain("is up to date", "a folder an earlier build wrote is GovCfct's own");
    }

    private string Repository()
    {
        var repository = Directory.CreateDirectory(Path.Combine(_work, "governance")).FullName;
        Directory.CreateDirectory(Path.Combine(repository, ".git"));
        File.WriteAllText(Path.Combine(repository, ".git", "HEAD"), "ref: refs/heads/main\n");
        var from = RepositoryRoot.Combine("manifest");
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(repository, "manifest", Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return repository;
    }

    private static string[] Listing(string folder) =>
        [.. Directory.GetFileSystemEntries(folder, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(folder, p)).Order(StringComparer.Ordinal)];
}
