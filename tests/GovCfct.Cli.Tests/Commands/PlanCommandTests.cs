using System.Collections.Immutable;
using System.Text.Json;
using GovCfct.Core.Catalog;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Packaging;
using GovCfct.Pipeline;

namespace GovCfct.Cli.Tests.Commands;

/// <summary><c>govcfct plan</c> in memory on (exit code, stdout, stderr), on the planning fixtures of the Core tests.</summary>
public sealed class PlanCommandTests : IDisposable
{
    private static readonly string Fixtures = Path.Combine(RepositoryRoot.Path, "tests", "GovCfct.Core.Tests", "Planning", "Fixtures");

    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("govcfct-plan-cli-");

    public void Dispose() => _temp.Delete(true);

    private static string Fixture(string name) => Path.Combine(Fixtures, name);

    [Fact]
    public async Task Markdown_plan_on_stdout_with_the_dangers_as_warnings_on_stderr()
    {
        var (exit, output, error) = await Run("plan", "--org", Fixture("org.json"), "--package", Fixture("current"), "--previous", Fixture("previous"));

        exit.Should().Be(0, error);
        output.Should().StartWith("# GovCfct plan\n").And.Contain("> [!WARNING]").And.Contain("aws organizations detach-policy --policy-id p-old00001 --target-id ou-ab12-sandbox1");
        error.Should().Contain("warning GCF3120").And.Contain("warning GCF3121").And.Contain("warning GCF3111");
        error.Should().Contain(Fixture("org.json") + ": warning GCF3132: account 888888888888 (closed-a) in 'Suspended' is SUSPENDED");
    }

    [Fact]
    public async Task Json_to_a_file_and_html_to_stdout()
    {
        var file = Path.Combine(_temp.FullName, "plan.json");
        var (exit, output, error) = await Run("plan", "--org", Fixture("org.json"), "--package", Fixture("current"), "--previous", Fixture("previous"), "--format", "json", "--out", file);

        exit.Should().Be(0, error);
        output.Should().BeEmpty();
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(file));
        document.RootElement.GetProperty("summary").GetProperty("instancesDeleted").GetInt32().Should().Be(6);

        var (htmlExit, html, _) = await Run("plan", "--org", Fixture("org.json"), "--package", Fixture("previous"), "--format", "html");
        htmlExit.Should().Be(0);
        html.Should().StartWith("<!DOCTYPE html>").And.Contain("class=\"matrix\"");
    }

    [Fact]
    public async Task New_account_preview_and_an_OU_move_from_the_previous_snapshot()
    {
        var (exit, output, error) = await Run("plan", "--org", Fixture("org-after-move.json"), "--previous-org", Fixture("org.json"), "--package", Fixture("previous"), "--previous", Fixture("previous"), "--new-account", "--ou", "Workloads:Prod");

        exit.Should().Be(0, error);
        output.Should().Contain("## A new account in Workloads:Prod").And.Contain("account moved from Workloads:Prod to Sandbox");
    }

    [Fact]
    public async Task Plan_straight_from_a_definition_builds_the_package_in_memory()
    {
        var definition = _temp.CreateSubdirectory("manifest");
        var (exit, output, error) = await Run(Stages(), "plan", "--org", Fixture("org.json"), "--definition", definition.FullName, "--templates", _temp.FullName, "--format", "json");

        exit.Should().Be(0, error);
        using var document = JsonDocument.Parse(output);
        var policy = document.RootElement.GetProperty("policies")[0];
        policy.GetProperty("name").GetString().Should().Be("gc-scp-sandbox-1");
        policy.GetProperty("newAttachments")[0].GetProperty("targetId").GetString().Should().Be("ou-ab12-sandbox1");
        document.RootElement.GetProperty("drift").EnumerateArray().Select(d => d.GetProperty("subject").GetString()).Should().Contain("Security", "OUs of the organization outside the definition are drift");
    }

    [Theory]
    [InlineData("plan", "--org", "ORG")]
    [InlineData("plan", "--org", "ORG", "--package", "PKG", "--new-account")]
    [InlineData("plan", "--org", "ORG", "--package", "PKG", "--ou", "Sandbox")]
    [InlineData("plan", "--org", "no-such-snapshot.json", "--package", "PKG")]
    [InlineData("plan", "--org", "ORG", "--package", "no-such-folder")]
    [InlineData("plan", "--org", "ORG", "--package", "PKG", "--format", "pdf")]
    [InlineData("plan", "--package", "PKG")]
    public async Task Usage_errors_exit_2_without_a_stack_trace(params string[] args)
    {
        var resolved = args.Select(a => a switch { "ORG" => Fixture("org.json"), "PKG" => Fixture("current"), _ => a }).ToArray();
        var (exit, output, error) = await Run(resolved);

        exit.Should().Be(ExitCodes.Usage, error);
        output.Should().BeEmpty();
        error.Should().Contain("GCF9001").And.NotContain("   at ");
    }

    [Fact]
    public async Task Bad_inputs_exit_1_with_their_codes()
    {
        var (exit, _, error) = await Run("plan", "--org", Fixture("org.json"), "--package", _temp.FullName);
        exit.Should().Be(1);
        error.Should().Contain("error GCF2000").And.Contain("plan failed").And.NotContain("   at ");

        var (ouExit, _, ouError) = await Run("plan", "--org", Fixture("org.json"), "--package", Fixture("previous"), "--new-account", "--ou", "Workloads:Staging");
        ouExit.Should().Be(1);
        ouError.Should().Contain("error GCF3140");

        var (gitExit, _, gitError) = await Run("plan", "--org", Fixture("org.json"), "--package", Fixture("current"), "--previous", "no-such-ref", "--repo", _temp.FullName);
        gitExit.Should().Be(1);
        gitError.Should().Contain("error GCF3102");

        var broken = Path.Combine(_temp.FullName, "broken.json");
        await File.WriteAllTextAsync(broken, "{\"formatVersion\": 1,");
        var (orgExit, _, orgError) = await Run("plan", "--org", broken, "--package", Fixture("current"));
        orgExit.Should().Be(1);
        orgError.Should().Contain("error GCF3001");
    }

    [Fact]
    public async Task Plan_and_validate_report_the_same_quota_from_one_check_and_plan_shows_the_scale_section()
    {
        // org.json has more accounts than this definition's landing zone allows: both commands read limits: the same way.
        var definition = _temp.CreateSubdirectory("manifest");
        await File.WriteAllTextAsync(Path.Combine(definition.FullName, "organization.yaml"), "# read by the in-memory loader of Stages()\n");
        var tight = Stages(OrganizationLimits.Default with { AccountsPerLandingZone = 2 });

        var (planExit, planOutput, planError) = await Run(tight, "plan", "--org", Fixture("org.json"), "--definition", definition.FullName, "--templates", _temp.FullName);
        var (validateExit, _, validateError) = await Run(tight, "validate", definition.FullName, "--org", Fixture("org.json"), "--templates", _temp.FullName);

        planExit.Should().Be(1, planError);
        validateExit.Should().Be(1, validateError);
        var quota = planError.Split('\n').Single(l => l.Contains("error GCF3060", StringComparison.Ordinal));
        quota.Should().Contain("accounts in the organization").And.Contain("exceeds the quota of 2 (limits.accounts_per_landing_zone; https://docs.aws.amazon.com/controltower/latest/userguide/limits.html)");
        validateError.Split('\n').Single(l => l.Contains("error GCF3060", StringComparison.Ordinal)).Should().Be(quota);
        planOutput.Should().Contain("## Scale and quotas").And.Contain("Closest quota: **accounts in the organization**");
    }

    private static BuildPipeline Stages(OrganizationLimits? limits = null) => BuildPipeline.WithSources(new PipelineSources(
        (dir, _) => WithLimits(limits, new GovernanceDefinition(
            new GovernanceSettings { Name = "gov", HomeRegion = "ap-northeast-1", GovernedRegions = ["ap-northeast-1"], ResourcePrefix = "gc", ScpLimits = PolicyLimits.DefaultScp, RcpLimits = PolicyLimits.DefaultRcp, EnableStackSetDeletion = false, Principals = PlatformPrincipals.Default, Location = new SourceLocation("organization.yaml", 1, 1) },
            ImmutableSortedDictionary<string, ParameterValue>.Empty,
            new OuNode("Root", string.Empty, [], [], ImmutableSortedDictionary<string, ParameterValue>.Empty, [], [
                new OuNode("Sandbox", "Sandbox", [new ControlAssignment("deny-leave-organization", ImmutableSortedDictionary<string, ParameterValue>.Empty, new SourceLocation("ous/sandbox.yaml", 4, 7))], [], ImmutableSortedDictionary<string, ParameterValue>.Empty, [], [], new SourceLocation("ous/sandbox.yaml", 1, 1)),
            ], new SourceLocation("organization.yaml", 1, 1)),
            dir)),
        (_, _) => new ControlCatalog([new ControlDefinition(
            "deny-leave-organization",
            ControlKind.Scp,
            ControlSource.Scriban,
            new LocalizedText("組織離脱の禁止", "Deny leaving the organization"),
            new LocalizedText("説明", "Description"),
            "seed",
            [],
            [],
            "templates/deny-leave-organization/policy.json.scriban",
            string.Empty,
            null,
            new SourceLocation("templates/deny-leave-organization/control.yaml", 1, 1))]),
        (_, _, _) => """{"Version":"2012-10-17","Statement":[{"Sid":"DenyLeave","Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}""",
        null));

    private static GovernanceDefinition WithLimits(OrganizationLimits? limits, GovernanceDefinition definition) =>
        definition with { Limits = limits ?? OrganizationLimits.Default };
}
