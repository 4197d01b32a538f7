using GovCfct.Aws.Http;
using GovCfct.Aws.Organizations;
using GovCfct.Testing.Aws.Infrastructure;

namespace GovCfct.Cli.Tests.Tool;

/// <summary>
/// The packed and installed tool, used as a platform team would in a new, empty folder: <c>--version</c>, <c>init</c>,
/// <c>build</c>, <c>validate</c>, and <c>plan --previous</c> against an organization snapshot taken from moto.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class InstalledToolTests(InstalledTool tool, MotoFixture moto) : IClassFixture<InstalledTool>, IDisposable
{
    private readonly DirectoryInfo _repository = Directory.CreateTempSubdirectory("govcfct-governance-");

    public void Dispose() => _repository.Delete(recursive: true);

    [Fact]
    public void Version_names_the_version_and_the_catalog_the_tool_carries()
    {
        var (exit, stdout, stderr) = tool.Govcfct(_repository.FullName, "--version");

        exit.Should().Be(0, stderr);
        stdout.Should().MatchRegex($@"^govcfct {System.Text.RegularExpressions.Regex.Escape(ToolIdentity.Version)} \(catalog \d+ controls, sha256:[0-9a-f]{{16}}\)\n$");
        stdout.Should().Contain($"catalog {Directory.GetFiles(GovCfct.Testing.RepositoryRoot.Combine("templates"), "control.yaml", SearchOption.AllDirectories).Length} controls");
    }

    [Fact]
    public async Task Init_build_validate_and_plan_run_from_the_installed_tool_in_an_empty_folder()
    {
        var folder = _repository.FullName;
        var init = tool.Govcfct(folder, "init", "--name", "city-cloud", "--prefix", "cc");
        init.ExitCode.Should().Be(0, init.Err);
        File.Exists(Path.Combine(folder, ".config", "dotnet-tools.json")).Should().BeTrue();
        foreach (var name in new[] { "organization.schema.json", "ou.schema.json" })
        {
            File.ReadAllBytes(Path.Combine(folder, "manifest", "schema", name)).Should().Equal(
                File.ReadAllBytes(GovCfct.Testing.RepositoryRoot.Combine("manifest", "schema", name)),
                "init generates the schemas from the catalog the tool carries, the shipped one");
        }

        // The team's own control: govcfct schema adds it to the schemas the editor reads.
        var own = Directory.CreateDirectory(Path.Combine(folder, "templates", "org-deny-leave-organization")).FullName;
        foreach (var file in Directory.GetFiles(GovCfct.Testing.RepositoryRoot.Combine("templates", "deny-leave-organization")))
        {
            File.WriteAllText(Path.Combine(own, Path.GetFileName(file)), File.ReadAllText(file).Replace("id: deny-leave-organization", "id: org-deny-leave-organization", StringComparison.Ordinal));
        }

        var schema = tool.Govcfct(folder, "schema");
        schema.ExitCode.Should().Be(0, schema.Out + schema.Err);
        schema.Out.Should().Contain("changed   manifest/schema/ou.schema.json");
        File.ReadAllText(Path.Combine(folder, "manifest", "schema", "ou.schema.json")).Should().Contain("\"org-deny-leave-organization\"");

        var build = tool.Govcfct(folder, "build");
        build.ExitCode.Should().Be(0, build.Out + build.Err);
        File.Exists(Path.Combine(folder, "out", "manifest.yaml")).Should().BeTrue();

        var validate = tool.Govcfct(folder, "validate", "out");
        validate.ExitCode.Should().Be(0, validate.Out + validate.Err);

        // A reviewer's change: one more control on Production, built beside the published package.
        var workloads = Path.Combine(folder, "manifest", "ous", "workloads.yaml");
        File.WriteAllText(workloads, File.ReadAllText(workloads).Replace(
            "      - name: Production\n        description: Production workloads.\n",
            "      - name: Production\n        description: Production workloads.\n        controls:\n          - restrict-iam-user-creation\n",
            StringComparison.Ordinal));
        tool.Govcfct(folder, "build", "--out", "next").ExitCode.Should().Be(0);

        var snapshot = await SnapshotAsync(folder);
        var plan = tool.Govcfct(folder, "plan", "--org", snapshot, "--package", "next", "--previous", "out", "--format", "markdown");

        plan.ExitCode.Should().Be(0, plan.Err);
        plan.Out.Should().Contain("`cc-scp-workloads-production-1` | scp | created").And.Contain("| Workloads:Production |");
        plan.Out.Should().NotContain("No previous package was given", "the plan compares with the previous package");
        var first = tool.Govcfct(folder, "plan", "--org", snapshot, "--package", "next", "--format", "markdown");
        first.Out.Should().Contain("No previous package was given", "without --previous the same plan is a first deployment");
    }

    // An organization with the definition's OUs in moto, snapshotted by the installed tool itself.
    private async Task<string> SnapshotAsync(string folder)
    {
        await InitOrganization.EnsureAsync(moto.Endpoint);

        var credentials = Path.Combine(folder, "..", $"{_repository.Name}.credentials");
        File.WriteAllText(credentials, $"[tool-test]\naws_access_key_id = {TestAccounts.AccessKey}\naws_secret_access_key = {TestAccounts.SecretKey}\n");
        var snapshot = Path.Combine(folder, "org.json");
        var (exit, stdout, stderr) = GovCfct.Testing.ExternalTool.Run(
            tool.Executable,
            ["org", "snapshot", "--out", snapshot, "--profile", "tool-test", "--region", TestAccounts.Region, "--endpoint-url", moto.Endpoint.ToString()],
            workingDirectory: folder,
            environment: new Dictionary<string, string> { ["AWS_SHARED_CREDENTIALS_FILE"] = credentials, ["AWS_CONFIG_FILE"] = credentials + ".config" });
        File.Delete(credentials);
        exit.Should().Be(0, stdout + stderr);
        return snapshot;
    }
}
