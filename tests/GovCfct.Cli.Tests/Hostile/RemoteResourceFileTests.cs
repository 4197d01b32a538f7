namespace GovCfct.Cli.Tests.Hostile;

/// <summary>
/// A remote <c>resource_file</c> (<c>s3://</c>, <c>https://</c>): CfCT downloads it when its pipeline runs, so what it
/// deploys is not in the reviewed commit and can change after the approval. It used to get an info from validate and
/// be compared as empty by plan; now validate, plan and publish refuse it (GCF2110) unless the user passes
/// <c>--allow-remote-files</c>, and the plan then lists it among the dangerous changes.
/// </summary>
public sealed class RemoteResourceFileTests : IDisposable
{
    private const string Remote = "s3://outside-bucket/admin-role.template";

    private readonly string _work = Directory.CreateTempSubdirectory("govcfct-remote-file-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Validate_refuses_a_remote_resource_file_unless_allowed_and_then_warns()
    {
        var package = Package();

        var refused = await CliRunner.Run("validate", package, "--no-cfn-lint");
        var allowed = await CliRunner.Run("validate", package, "--no-cfn-lint", "--allow-remote-files");

        refused.Exit.Should().Be(1, refused.Err);
        refused.Err.Should().Contain($"error GCF2110: resource_file '{Remote}' is remote");
        allowed.Err.Should().NotContain("GCF2110").And.Contain($"warning GCF2028: resource_file '{Remote}' is remote (allowed by --allow-remote-files)");
    }

    [Fact]
    public async Task Plan_refuses_it_unless_allowed_and_then_shows_it_as_dangerous()
    {
        var package = Package();
        var org = Fixture("org.json");

        var refused = await CliRunner.Run("plan", "--org", org, "--package", package);
        var allowed = await CliRunner.Run("plan", "--org", org, "--package", package, "--allow-remote-files");
        var html = await CliRunner.Run("plan", "--org", org, "--package", package, "--allow-remote-files", "--format", "html");

        refused.Exit.Should().Be(1, refused.Err);
        refused.Err.Should().Contain("error GCF2110: resource 'gc-config': resource_file 's3://outside-bucket/admin-role.template' is remote");
        allowed.Exit.Should().Be(0, allowed.Err);
        allowed.Out.Should().Contain("> **Dangerous changes: review before approving.**")
            .And.Contain($"> - `gc-config`: **resource_file is remote** ({Remote}): CfCT deploys whatever it holds");
        html.Out.Should().Contain("<code>gc-config</code>: <strong>resource_file is remote</strong>");
    }

    [Fact]
    public async Task Publish_refuses_it_before_any_AWS_call()
    {
        var package = Package();

        // The endpoint is a closed port: reaching AWS would fail with another error than the validation's.
        var publish = await CliRunner.Run("publish", "--package", package, "--s3-bucket", "custom-control-tower-configuration-111122223333-ap-northeast-1", "--no-cfn-lint", "--region", "ap-northeast-1", "--endpoint-url", "http://127.0.0.1:9");

        publish.Exit.Should().Be(1, publish.Err);
        publish.Err.Should().Contain("error GCF2110");
    }

    private static string Fixture(string name) => RepositoryRoot.Combine("tests", "GovCfct.Core.Tests", "Planning", "Fixtures", name);

    /// <summary>The planning fixture's package with its Config stack set's template moved to a bucket outside the package.</summary>
    private string Package()
    {
        var source = Fixture("current");
        var target = Path.Combine(_work, "package");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        var manifest = Path.Combine(target, "manifest.yaml");
        var text = File.ReadAllText(manifest);
        text.Should().Contain("resource_file: templates/gc-config.template");
        File.WriteAllText(manifest, text.Replace("resource_file: templates/gc-config.template", "resource_file: " + Remote, StringComparison.Ordinal));
        return target;
    }
}
