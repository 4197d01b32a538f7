namespace GovCfct.Cli.Tests.Commands;

/// <summary>
/// <c>plan --previous REF:manifest</c> in a real git repository made by <c>init</c>: its .gitignore keeps out/ out of
/// git, so <c>REF:out</c> holds nothing and says to name the definition instead; <c>REF:manifest</c> is the definition
/// as it was at that revision, built in memory, and plans exactly as the package built from it at that time.
/// </summary>
public sealed class PlanPreviousRevisionTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("govcfct-plan-previous-");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public async Task The_definition_at_a_tag_is_the_previous_package_when_out_is_ignored_by_git()
    {
        var org = Path.Combine(_work.FullName, "org.json");
        File.WriteAllText(org, InitCommandTests.Snapshot);
        var repo = Path.Combine(_work.FullName, "governance");
        (await Run("init", repo, "--org", org, "--prefix", "gc")).Exit.Should().Be(0);
        var templates = Path.Combine(repo, "templates");
        var manifest = Path.Combine(repo, "manifest");

        // v1: the definition with a stack-set control on the OU that holds the account (and the SCP that protects its
        // Config rules), committed and tagged; its package built beside it (ignored by git) and kept.
        var workloads = Path.Combine(manifest, "ous", "workloads.yaml");
        var asInit = File.ReadAllText(workloads);
        const string Ministry = "      - name: \"総務省\"\n";
        asInit.Should().Contain(Ministry);
        File.WriteAllText(workloads, asInit.Replace(Ministry, Ministry + "        controls:\n          - config-rules-baseline\n          - protect-security-services\n", StringComparison.Ordinal));
        var published = Path.Combine(_work.FullName, "published");
        (await Run("build", "--definition", manifest, "--templates", templates, "--out", Path.Combine(repo, "out"))).Exit.Should().Be(0);
        (await Run("build", "--definition", manifest, "--templates", templates, "--out", published)).Exit.Should().Be(0);
        Git(repo, "init", "-q", "-b", "main");
        Git(repo, "add", "-A");
        Git(repo, "commit", "-q", "-m", "v1");
        Git(repo, "tag", "v1");
        Git(repo, "ls-files").Should().NotContain("out/", "init's .gitignore keeps the package out of git");

        // The change under review: back to the definition as init wrote it, so the stack set goes.
        File.WriteAllText(workloads, asInit);
        (await Run("build", "--definition", manifest, "--templates", templates, "--out", Path.Combine(repo, "out"))).Exit.Should().Be(0);

        string[] common = ["plan", "--org", org, "--package", Path.Combine(repo, "out"), "--repo", repo, "--templates", templates, "--format", "json"];
        var ignored = await Run([.. common, "--previous", "v1:out"]);
        var fromTag = await Run([.. common, "--previous", "v1:manifest"]);
        var fromFolder = await Run([.. common, "--previous", published]);

        ignored.Exit.Should().Be(1);
        ignored.Err.Should().Contain("git holds nothing under 'out' at v1").And.Contain("v1:manifest");
        fromTag.Exit.Should().Be(0, fromTag.Err);
        fromFolder.Exit.Should().Be(0, fromFolder.Err);
        fromTag.Out.Should().Contain("\"stackSetsOrphaned\": 1", "the stack set of v1 is what the change removes");
        var againstHead = await Run([.. common, "--previous", Path.Combine(repo, "out")]);
        againstHead.Out.Should().Contain("\"stackSetsOrphaned\": 0", "the working tree's own package removes nothing: the previous package really is v1's");
        fromTag.Out.Replace("v1:manifest", "PREVIOUS", StringComparison.Ordinal)
            .Should().Be(fromFolder.Out.Replace(published, "PREVIOUS", StringComparison.Ordinal), "the definition at v1 builds the package that was built from it then");
    }

    private static string Git(string directory, params string[] args)
    {
        string[] identity = ["-c", "user.name=plan", "-c", "user.email=plan@example.com", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"];
        var (exit, stdout, stderr) = ExternalTool.Run("git", [.. identity, "-C", directory, .. args]);
        exit.Should().Be(0, $"git {string.Join(' ', args)}: {stderr}");
        return stdout;
    }
}
