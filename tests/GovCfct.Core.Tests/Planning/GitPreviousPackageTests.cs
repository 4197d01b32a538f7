using System.Diagnostics;
using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Planning;
using GovCfct.Pipeline;

namespace GovCfct.Core.Tests.Planning;

/// <summary>The previous package read from a git revision of a real temporary repository (git must be installed).</summary>
public sealed class GitPreviousPackageTests : IDisposable
{
    private readonly DirectoryInfo _repository = Directory.CreateTempSubdirectory("govcfct-plan-git-");

    public void Dispose() => _repository.Delete(true);

    [Fact]
    public void Previous_package_at_a_ref_plans_the_same_as_the_folder()
    {
        Git("init", "-q", "-b", "main");
        CopyFolder(Path.Combine(PlanFixtures.Folder, "previous"), Path.Combine(_repository.FullName, "out"));
        Git("add", "-A");
        Git("commit", "-q", "-m", "published package");
        Git("tag", "published");

        // The working tree moves on: the plan must read the tagged commit, not the files on disk.
        Directory.Delete(Path.Combine(_repository.FullName, "out"), true);
        CopyFolder(Path.Combine(PlanFixtures.Folder, "current"), Path.Combine(_repository.FullName, "out"));
        Git("add", "-A");
        Git("commit", "-q", "-m", "change under review");

        var diagnostics = new DiagnosticBag();
        var files = PackageFolder.ReadGitRevision(new GitCliReader(_repository.FullName), "published:out", diagnostics);
        var previous = CfctPackage.Read(files!, diagnostics);
        diagnostics.HasErrors.Should().BeFalse(string.Join("\n", diagnostics.Items));
        previous!.Files.Keys.Should().Contain(["manifest.yaml", "policies/gc-scp-old.json", "templates/gc-legacy.template"]);

        var fromGit = PlanFixtures.Plan(new ChangePlanOptions(PlanFixtures.Package("current"), PlanFixtures.Org()) { Previous = previous }).Plan;
        PlanJsonWriter.Write(fromGit).Should().Be(PlanJsonWriter.Write(PlanFixtures.Scenario().Plan));
    }

    [Fact]
    public void Unknown_ref_and_missing_folder_are_reported_with_a_code_not_an_exception()
    {
        Git("init", "-q", "-b", "main");
        File.WriteAllText(Path.Combine(_repository.FullName, "README"), "x");
        Git("add", "-A");
        Git("commit", "-q", "-m", "first");

        var diagnostics = new DiagnosticBag();
        PackageFolder.ReadGitRevision(new GitCliReader(_repository.FullName), "no-such-ref", diagnostics).Should().BeNull();
        diagnostics.Items.Should().ContainSingle(d => d.Code == DiagnosticCodes.PlanGitFailed.Id);

        var second = new DiagnosticBag();
        PackageFolder.ReadGitRevision(new GitCliReader(_repository.FullName), "main", second).Should().BeNull();
        second.Items.Should().ContainSingle(d => d.Code == DiagnosticCodes.ManifestMissing.Id && d.Message.Contains("manifest.yaml does not exist"));
    }

    private void Git(params string[] args)
    {
        var (exitCode, _, error) = ExternalTool.Run(
            "git", ["-c", "user.name=GovCfct Test", "-c", "user.email=test@example.jp", "-c", "commit.gpgsign=false", .. args], workingDirectory: _repository.FullName, hint: "apt-get install -y git");
        exitCode.Should().Be(0, $"git {string.Join(' ', args)}: {error}");
    }

    private static void CopyFolder(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }
}
