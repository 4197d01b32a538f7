using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Packaging;
using GovCfct.Core.Status;
using GovCfct.Core.Tests.TestSupport;
using Json.Schema;

namespace GovCfct.Core.Tests.Status;

/// <summary>
/// The evaluator on hand-worked organizations (docs/facts/cfct.md §4: stack sets reach only accounts directly in a listed OU;
/// SCPs act through the OU chain), the JSON against docs/status.schema.json, and the saved deployed state read back.
/// </summary>
public sealed class StatusEvaluatorTests
{
    private const string Root = "r-ab12";
    private const string Workloads = "ou-ab12-00000001";
    private const string Prod = "ou-ab12-00000002";
    private const string Parent = "111111111111";
    private const string Child = "222222222222";
    private const string Suspended = "333333333333";
    private const string Management = "999999999999";

    private static readonly OrgSnapshot Organization = new(
        "o-abc",
        Management,
        Root,
        [new OrgUnit(Workloads, "Workloads", Root, "Workloads"), new OrgUnit(Prod, "Prod", Workloads, "Workloads:Prod")],
        [
            new OrgAccount(Management, "mgmt", "m@example.jp", "ACTIVE", Root),
            new OrgAccount(Parent, "parent", "p@example.jp", "ACTIVE", Workloads, DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture)),
            new OrgAccount(Child, "child", "c@example.jp", "ACTIVE", Prod, DateTimeOffset.Parse("2026-11-30T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture)),
            new OrgAccount(Suspended, "closed", "x@example.jp", "SUSPENDED", Workloads),
        ],
        [new OrgPolicy("p-scp1", "gc-scp-1", "SERVICE_CONTROL_POLICY", false, [Workloads]), new OrgPolicy("p-old", "gc-scp-old", "SERVICE_CONTROL_POLICY", false, [Prod])]);

    [Fact]
    public void A_stack_set_listing_a_parent_ou_expects_nothing_in_the_child_ou_while_an_scp_reaches_it()
    {
        var report = Evaluate(Deployed(("CustomControlTower-gc-base", [new DeployedInstance(Parent, "ap-northeast-1", "CURRENT", "SUCCEEDED")])));

        report.Controls.Select(c => $"{c.Name}:{c.Expected}/{c.Covered}").Should().Equal("gc-base:1/1", "gc-scp-1:2/2");
        report.Summary.Accounts.Should().Be(2, "the suspended account and the management account are out of scope");
    }

    [Fact]
    public void An_scp_missing_at_a_parent_ou_is_missing_in_the_nested_accounts_too()
    {
        var organization = Organization with { Policies = [new OrgPolicy("p-scp1", "gc-scp-1", "SERVICE_CONTROL_POLICY", false, [])] };

        var report = Evaluate(Deployed(("CustomControlTower-gc-base", [new DeployedInstance(Parent, "ap-northeast-1", "CURRENT", "SUCCEEDED")])), organization);

        report.Accounts.Select(a => $"{a.AccountId}:{a.State}:{a.Findings.Single().Detail}").Should().Equal(
            $"{Parent}:Missing:SCP gc-scp-1 is not attached to Workloads",
            $"{Child}:Missing:SCP gc-scp-1 is not attached to Workloads");
    }

    [Fact]
    public void Stale_policies_with_the_prefix_get_detach_and_delete_commands_and_new_accounts_count_from_as_of()
    {
        var detached = Organization with { Policies = [new OrgPolicy("p-scp1", "gc-scp-1", "SERVICE_CONTROL_POLICY", false, []), Organization.Policies[1]] };

        var report = Evaluate(DeployedState.Empty, detached, prefix: "gc", since: TimeSpan.FromDays(2), asOf: DateTimeOffset.Parse("2026-12-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

        report.Stale.Select(s => s.Command).Should().Equal(
            "aws organizations detach-policy --policy-id p-old --target-id ou-ab12-00000002",
            "aws organizations delete-policy --policy-id p-old");
        report.NewAccounts.Should().ContainSingle().Which.AccountId.Should().Be(Child, "the parent account joined long before the window");
        report.Accounts.Single(a => a.AccountId == Parent).Findings.Select(f => f.Detail).Should().Equal(
            "stack set CustomControlTower-gc-base does not exist",
            "SCP gc-scp-1 is not attached to Workloads");
    }

    /// <summary>
    /// --account is never silently ignored: an account of the organization in scope is reported (covered or not); an id
    /// the snapshot does not have is an error (GCF6050); a suspended account or the management account the package
    /// deploys nothing to is in the organization but judged in nothing (GCF6051, a warning).
    /// </summary>
    [Theory]
    [InlineData(Parent, null, null)]
    [InlineData("123456789012", "GCF6050", "organization o-abc has no such account (4 accounts in the snapshot)")]
    [InlineData(Suspended, "GCF6051", "(closed): its status is SUSPENDED")]
    [InlineData(Management, "GCF6051", "(mgmt): it is the management account, and the package deploys nothing there")]
    public void An_account_given_to_status_is_reported_or_a_diagnostic_says_why_not(string account, string? code, string? message)
    {
        var report = Evaluate(DeployedState.Empty, account: account);

        var diagnostics = StatusEvaluator.CheckAccount(account, Organization, report).ToList();

        if (code is null)
        {
            report.Accounts.Should().ContainSingle().Which.AccountId.Should().Be(account);
            diagnostics.Should().BeEmpty();
        }
        else
        {
            report.Accounts.Should().BeEmpty("the account is not among those status judges");
            diagnostics.Should().ContainSingle().Which.Code.Should().Be(code);
            diagnostics[0].Message.Should().Contain(message);
            diagnostics[0].IsError.Should().Be(code == "GCF6050");
        }
    }

    [Theory]
    [InlineData("CURRENT", "SUCCEEDED", null, CoverageState.Covered)]
    [InlineData("CURRENT", "SUCCEEDED", "DRIFTED", CoverageState.Drifted)]
    [InlineData("OUTDATED", "PENDING", null, CoverageState.Outdated)]
    [InlineData("OUTDATED", "FAILED", null, CoverageState.Failed)]
    [InlineData("OUTDATED", "CANCELLED", null, CoverageState.Failed)]
    [InlineData("INOPERABLE", "INOPERABLE", null, CoverageState.Failed)]
    public void Instance_states_map_to_coverage_states(string status, string detailed, string? drift, CoverageState expected) =>
        StatusEvaluator.Classify(new DeployedInstance(Parent, "ap-northeast-1", status, detailed, null, drift)).State.Should().Be(expected);

    [Fact]
    public void The_json_report_conforms_to_the_documented_schema_and_its_deployed_state_reads_back()
    {
        var deployed = Deployed(("CustomControlTower-gc-base",
        [
            new DeployedInstance(Parent, "ap-northeast-1", "OUTDATED", "FAILED", "Account should have 'AWSControlTowerExecution' role"),
        ]));
        deployed = deployed with { EnabledControls = [new DeployedControl("arn:aws:controlcatalog:::control/abc", "arn:aws:organizations::999999999999:ou/o-abc/ou-ab12-00000001", "SUCCEEDED", "IN_SYNC")] };
        var report = Evaluate(deployed, prefix: "gc", since: TimeSpan.FromDays(2), asOf: DateTimeOffset.Parse("2026-12-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var text = StatusJson.Write(report);
        var schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "status.schema.json")));

        using var document = JsonDocument.Parse(text);
        var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        result.IsValid.Should().BeTrue(string.Join("\n", (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
        StatusJson.Write(report).Should().Be(text, "the output is deterministic");
        StatusJson.WriteUtf8(report).Should().Equal(System.Text.Encoding.UTF8.GetBytes(text), "status --out FILE writes the same report as bytes");
        text.Should().EndWith("}\n");
        var file = Path.Combine(Path.GetTempPath(), $"govcfct-status-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, text, new UTF8Encoding(false));
        try
        {
            var diagnostics = new DiagnosticBag();
            var read = StatusJson.ReadDeployed(file, "status.json", diagnostics);
            diagnostics.Items.Should().BeEmpty();
            read!.StackSets.Single().Instances.Should().BeEquivalentTo(deployed.StackSets.Single().Instances);
            read.EnabledControls.Should().Equal(deployed.EnabledControls);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_file_that_is_not_a_status_report_is_GCF3501()
    {
        var file = Path.Combine(Path.GetTempPath(), $"govcfct-status-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, "{\"formatVersion\": 1}");
        try
        {
            var diagnostics = new DiagnosticBag();
            StatusJson.ReadDeployed(file, "org.json", diagnostics).Should().BeNull();
            diagnostics.Items.Single().Code.Should().Be(DiagnosticCodes.StatusFileUnreadable.Id);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void An_empty_status_report_says_it_is_empty_instead_of_the_json_readers_words()
    {
        var file = Path.Combine(Path.GetTempPath(), $"govcfct-status-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, "\n");
        try
        {
            var diagnostics = new DiagnosticBag();
            StatusJson.ReadDeployed(file, "status.json", diagnostics).Should().BeNull();
            var diagnostic = diagnostics.Items.Should().ContainSingle().Which;
            diagnostic.Code.Should().Be(DiagnosticCodes.StatusFileUnreadable.Id);
            diagnostic.Message.Should().Contain("'status.json' is empty").And.NotContain("JSON tokens");
            diagnostic.Hint.Should().Contain("govcfct status --format json --out FILE");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void An_account_nothing_is_expected_of_is_counted_apart_not_as_covered_and_the_report_names_its_expected_state()
    {
        // A third OU, Sandbox, that no resource of the package lists: its account receives nothing and expects nothing.
        const string sandbox = "ou-ab12-00000003";
        const string idle = "444444444444";
        var organization = Organization with
        {
            OrganizationalUnits = [.. Organization.OrganizationalUnits, new OrgUnit(sandbox, "Sandbox", Root, "Sandbox")],
            Accounts = [.. Organization.Accounts, new OrgAccount(idle, "idle", "i@example.jp", "ACTIVE", sandbox)],
        };

        var report = Evaluate(Deployed(("CustomControlTower-gc-base", [new DeployedInstance(Parent, "ap-northeast-1", "CURRENT", "SUCCEEDED")])), organization, expectedSource: "the package out");

        report.Summary.Accounts.Should().Be(3);
        report.Summary.Covered.Should().Be(2, "parent and child have their controls; the Sandbox account has none to have");
        report.Summary.NothingExpected.Should().Be(1);
        report.Summary.Verdict.Should().Be("COVERED: all 2 account(s) with expected controls have every control, current; 1 account(s) have nothing expected; nothing stale");
        var markdown = StatusMarkdownWriter.Write(report);
        markdown.Should().Contain("Expected state: the package out.");
        StatusHtmlWriter.Write(report).Should().Contain("<p>Expected state: the package out.</p>");
        using var json = JsonDocument.Parse(StatusJson.Write(report));
        json.RootElement.GetProperty("summary").GetProperty("nothingExpected").GetInt32().Should().Be(1);
        json.RootElement.GetProperty("expectedSource").GetString().Should().Be("the package out");
    }

    private static DeployedState Deployed(params (string Name, ImmutableArray<DeployedInstance> Instances)[] sets) =>
        new([.. sets.Select(s => new DeployedStackSet(s.Name, "ACTIVE", "{}", [], null, s.Instances))], []);

    private static StatusReport Evaluate(DeployedState deployed, OrgSnapshot? organization = null, string? prefix = null, TimeSpan? since = null, DateTimeOffset? asOf = null, string? expectedSource = null, string? account = null)
    {
        var manifest = new CfctManifest("ap-northeast-1", null,
        [
            new ManifestResource("gc-base", "base", "templates/gc-base.template", DeployMethod.StackSet, [], null, ["Workloads"], [], [], [], []),
            new ManifestResource("gc-scp-1", "scp", "policies/gc-scp-1.json", DeployMethod.Scp, [], null, ["Workloads"], [], [], [], []),
        ]);
        var package = new CfctPackage(manifest, ImmutableSortedDictionary<string, byte[]>.Empty);
        return StatusEvaluator.Evaluate(new StatusOptions(package, organization ?? Organization, deployed)
        {
            ResourcePrefix = prefix,
            Since = since,
            AsOf = asOf ?? DateTimeOffset.UnixEpoch,
            ExpectedSource = expectedSource,
            AccountId = account,
        });
    }
}
