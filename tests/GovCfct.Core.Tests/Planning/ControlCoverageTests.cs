using System.Collections.Immutable;
using System.Text.Json;
using GovCfct.Core.Accounts;
using GovCfct.Core.Catalog;
using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Packaging;
using GovCfct.Core.Planning;
using GovCfct.Core.Policies;
using GovCfct.Core.Rendering;
using GovCfct.Core.Tests.Packaging;
using GovCfct.Core.Tests.TestSupport;
using GovCfct.Pipeline;

namespace GovCfct.Core.Tests.Planning;

/// <summary>
/// The plan a reviewer reads, on the real-catalog scenario (a config-rules-baseline variant for Tokyo, Finance opting out of
/// config-rules-baseline with a reason) built with the real stages, in an organization shaped like the definition.
/// Hand-worked facts: every OU the definition governs gets each of its controls through some variant or a parent's
/// SCP, except Finance's reasoned opt-out; removing deny-access-keys from Workloads removes its statements.
/// </summary>
public sealed class ControlCoverageTests : IDisposable
{
    private static readonly string ScenarioDefinition = Path.Combine(RepositoryRoot.Combine("tests", "GovCfct.Core.Tests", "Packaging", "Scenarios"), "real-catalog", "definition");

    private readonly string _work = Directory.CreateTempSubdirectory("govcfct-coverage-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static (CfctPackage Package, GovernanceDefinition Definition) Build(string definitionDir)
    {
        var diagnostics = new DiagnosticBag();
        var result = BuildPipeline.Production().Build(definitionDir, RepositoryRoot.Combine("templates"), diagnostics);
        diagnostics.HasErrors.Should().BeFalse(string.Join("\n", diagnostics.Items));
        return (result.Package!, result.Definition!);
    }

    [Fact]
    public void The_resource_to_control_map_status_streams_from_the_report_is_what_the_build_recorded()
    {
        var (package, _) = Build(ScenarioDefinition);
        var recorded = package.Manifest.Resources.Where(r => !r.ControlIds.IsDefaultOrEmpty).ToDictionary(r => r.Name, r => r.ControlIds, StringComparer.Ordinal);
        recorded.Should().NotBeEmpty();

        var streamed = ControlIntent.ResourceControlsFromPackage(package);

        // The build's own record of each resource's controls (in memory) is the oracle; the full report parse agrees too.
        foreach (var (name, ids) in recorded)
        {
            streamed.Should().ContainKey(name);
            streamed[name].Should().BeEquivalentTo(ids, name);
        }

        streamed.Should().BeEquivalentTo(ControlIntent.FromPackage(package)!.ResourceControls);
        ControlIntent.ResourceControlsFromPackage(package with { Files = package.Files.SetItem(ControlIntent.ReportPath, "{\"ous\": [], \"policies\": [{\"name\": \"x\", \"controls\": [\"a\"]}], \"stack_sets\": [{\"name\": \"y\", \"control\": \"b\"}]}"u8.ToArray()) })
            .Should().BeEquivalentTo(new Dictionary<string, ImmutableArray<string>> { ["x"] = ["a"], ["y"] = ["b"] });
        ControlIntent.ResourceControlsFromPackage(package with { Files = package.Files.SetItem(ControlIntent.ReportPath, "not json"u8.ToArray()) }).Should().BeEmpty();
    }

    /// <summary>One OU per defined OU and one member account in each; the package's policies already exist and are attached.</summary>
    private static OrgSnapshot Organization(GovernanceDefinition definition, CfctPackage published)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal) { [string.Empty] = "r-root" };
        var ous = ImmutableArray.CreateBuilder<OrgUnit>();
        var accounts = ImmutableArray.CreateBuilder<OrgAccount>();
        var n = 0;
        foreach (var ou in definition.AllOus())
        {
            n++;
            var id = $"ou-root-{n:00000000}";
            ids[ou.Path] = id;
            var parent = ou.Path.Contains(':', StringComparison.Ordinal) ? ou.Path[..ou.Path.LastIndexOf(':')] : string.Empty;
            ous.Add(new OrgUnit(id, ou.Name, ids[parent], ou.Path));
            accounts.Add(new OrgAccount($"1000000000{n:00}", $"member-{n}", $"member-{n}@example.com", "ACTIVE", id));
        }

        var policies = published.Manifest.Resources
            .Where(r => r.DeployMethod != DeployMethod.StackSet)
            .Select((r, i) => new OrgPolicy($"p-{i:00000000}", r.Name, OrgIndex.PolicyType(r.DeployMethod), false, [.. r.OrganizationalUnits.Select(o => ids[o])]))
            .ToImmutableArray();
        return new OrgSnapshot("o-test", "999999999999", "r-root", ous.ToImmutable(), accounts.ToImmutable(), policies);
    }

    private static ChangePlan Plan(CfctPackage package, OrgSnapshot org, CfctPackage? previous = null, string? newAccountOu = null, DiagnosticBag? diagnostics = null) =>
        ChangePlanner.Plan(new ChangePlanOptions(package, org) { Previous = previous, NewAccountOu = newAccountOu }, diagnostics ?? new DiagnosticBag());

    private static Coverage Cell(ChangePlan plan, string path, string control) =>
        plan.Ous.Single(o => o.Path == path).Cells[plan.Controls.IndexOf(control)];

    [Fact]
    public void Variants_cover_their_OUs_and_a_reasoned_opt_out_shows_as_such_in_every_format()
    {
        var (package, definition) = Build(ScenarioDefinition);
        var plan = Plan(package, Organization(definition, package));

        plan.Controls.Should().Contain(["config-rules-baseline", "deny-access-keys"]).And.OnlyHaveUniqueItems();
        plan.Controls.Should().NotContain(c => c.StartsWith("gc-", StringComparison.Ordinal), "columns are controls, not stack sets");
        plan.Ous.SelectMany(o => o.Cells).Should().NotContain(Coverage.Missed);
        Cell(plan, "Workloads:Municipalities:Tokyo", "config-rules-baseline").Should().Be(Coverage.Deployed, "the One_Hour variant reaches Tokyo");
        Cell(plan, "Workloads:Municipalities:Tokyo:Chiyoda", "config-rules-baseline").Should().Be(Coverage.Deployed);
        Cell(plan, "Workloads:Ministries:Finance", "config-rules-baseline").Should().Be(Coverage.OptedOut);
        Cell(plan, "Workloads:Ministries:Finance", "deny-access-keys").Should().Be(Coverage.Inherited);
        Cell(plan, "Sandbox", "config-rules-baseline").Should().Be(Coverage.None);

        const string reason = "Control Tower's detective controls for the same rules are enabled on this OU.";
        var markdown = PlanMarkdownWriter.Write(plan);
        markdown.Should().Contain($"rcp-require-secure-transport |  | config-rules-baseline ({reason}) |  |", "Finance keeps every SCP and opts out of the only stack set, with its reason");
        var html = PlanHtmlWriter.Write(plan);
        html.Should().Contain("class=\"c optedout\" title=\"Control Tower&#39;s detective controls").And.NotContain("class=\"c missed\"");
        html.Should().Contain("<h2>Opt-outs</h2>");
        using var json = JsonDocument.Parse(PlanJsonWriter.Write(plan));
        json.RootElement.GetProperty("schemaVersion").GetInt32().Should().Be(2);
        json.RootElement.GetProperty("optOuts")[0].GetProperty("reason").GetString().Should().Be(reason);
        var finance = json.RootElement.GetProperty("ous").EnumerateArray().Single(o => o.GetProperty("path").GetString() == "Workloads:Ministries:Finance");
        finance.GetProperty("cells")[plan.Controls.IndexOf("config-rules-baseline")].GetString().Should().Be("optedOut");
    }

    [Fact]
    public void Without_the_build_report_the_same_package_falls_back_to_per_resource_columns()
    {
        var (package, definition) = Build(ScenarioDefinition);
        var bare = PlanFixtures.WithManifest(package with { Files = package.Files.Remove(ControlIntent.ReportPath) }, package.Text(CfctPackage.ManifestFileName));

        var plan = Plan(bare, Organization(definition, package));

        plan.Controls.Should().Contain("gc-config-rules-baseline");
        Cell(plan, "Workloads:Municipalities:Tokyo", "gc-config-rules-baseline").Should().Be(Coverage.Missed, "without the intent the base stack set lists Workloads but not Tokyo");
    }

    [Fact]
    public void The_new_account_preview_and_accounts_plan_use_the_same_coverage()
    {
        var (package, definition) = Build(ScenarioDefinition);
        var plan = Plan(package, Organization(definition, package), newAccountOu: "Workloads:Ministries:Finance");

        plan.NewAccount!.NotReached.Should().BeEmpty();
        plan.NewAccount.OptedOut.Select(o => o.Control).Should().Equal("config-rules-baseline");
        PlanMarkdownWriter.Write(plan).Should().Contain("- opted out: `config-rules-baseline`: Control Tower's detective controls");

        var request = new AccountRequest(2, "finance-new", "finance@example.com", "Workloads:Ministries:Finance", "taro@example.com", "Taro", "Yamada", "AWSAdministratorAccess", ImmutableSortedDictionary<string, string>.Empty, ImmutableDictionary<string, CsvPosition>.Empty);
        var accounts = AccountPlanner.Plan([request], package);
        accounts.Accounts[0].Missed.Should().BeEmpty();
        accounts.Accounts[0].OptedOut.Select(o => o.Control).Should().Equal("config-rules-baseline");
        AccountPlanWriter.ToText(accounts).Should().Contain("opted out: config-rules-baseline: Control Tower's detective controls");
    }

    [Fact]
    public void An_SCP_attached_only_below_an_OU_is_missed_there()
    {
        var dir = CopyScenario();
        File.WriteAllText(Path.Combine(dir, "ous", "sandbox.yaml"), """
            parent: Root
            ous:
              - name: Sandbox
                controls:
                  - deny-leave-organization
                  - protect-exempt-principals
                children:
                  - name: Lab
                  - name: Free
                    exemptions:
                      - control: deny-leave-organization
                        reason: accounts here are handed over to partners
            """);
        var (package, definition) = Build(dir);

        var plan = Plan(package, Organization(definition, package));

        Cell(plan, "Sandbox", "deny-leave-organization").Should().Be(Coverage.Missed, "GCF1407: it is attached to Sandbox:Lab only, so accounts in Sandbox go without it");
        Cell(plan, "Sandbox:Lab", "deny-leave-organization").Should().Be(Coverage.Attached);
        Cell(plan, "Sandbox:Free", "deny-leave-organization").Should().Be(Coverage.OptedOut);
    }

    [Fact]
    public void Removing_an_SCP_control_shows_the_removed_statements_with_their_control()
    {
        var (previous, definition) = Build(ScenarioDefinition);
        var dir = CopyScenario();
        var workloads = Path.Combine(dir, "ous", "workloads.yaml");
        File.WriteAllText(workloads, File.ReadAllText(workloads).Replace("      - deny-access-keys\n", string.Empty, StringComparison.Ordinal));
        var (current, _) = Build(dir);
        var diagnostics = new DiagnosticBag();

        var plan = Plan(current, Organization(definition, previous), previous, diagnostics: diagnostics);

        var changed = plan.Policies.Where(p => !p.Statements.IsEmpty).ToList();
        changed.Should().NotBeEmpty();
        var lost = changed.SelectMany(p => p.Statements).Where(s => s.Change == StatementChangeKind.Removed || !s.ActionsRemoved.IsEmpty).ToList();
        lost.Should().NotBeEmpty();
        lost.Should().OnlyContain(s => s.Controls.Contains("deny-access-keys") || s.ControlsRemoved.Contains("deny-access-keys"));
        lost.SelectMany(s => s.ActionsRemoved.Concat(s.Before is null ? [] : [s.Before])).Should().Contain(a => a.Contains("iam:CreateAccessKey", StringComparison.Ordinal));
        plan.HasDangerousChanges.Should().BeTrue();
        diagnostics.Items.Should().Contain(d => d.Code == DiagnosticCodes.PlanPolicyWeakened.Id && d.Message.Contains("deny-access-keys", StringComparison.Ordinal));

        var markdown = PlanMarkdownWriter.Write(plan);
        markdown.Should().Contain("### Statement changes").And.Contain("denies less");
        markdown.IndexOf("denies less", StringComparison.Ordinal).Should().BeLessThan(markdown.IndexOf("| Stack sets |", StringComparison.Ordinal), "a weakened guardrail is among the dangers at the top");
        PlanHtmlWriter.Write(plan).Should().Contain("<h2>Statement changes</h2>").And.Contain("deny-access-keys");
        using var json = JsonDocument.Parse(PlanJsonWriter.Write(plan));
        json.RootElement.GetProperty("policies").EnumerateArray().SelectMany(p => p.GetProperty("statements").EnumerateArray())
            .Should().Contain(s => s.GetProperty("change").GetString() == "removed" || s.GetProperty("actionsRemoved").GetArrayLength() > 0);
    }

    [Fact]
    public void Merged_Sids_are_split_into_their_controls()
    {
        var sids = new Dictionary<string, string>(StringComparer.Ordinal) { ["DenyLeave"] = "a", ["DenyLeaveKeys"] = "b", ["DenyRoot"] = "c" };

        PolicyDiff.Controls("DenyLeaveKeysDenyRoot", sids, []).Should().Equal("b", "c");
        PolicyDiff.Controls("DenyLeaveDenyRoot", sids, []).Should().Equal("a", "c");
        PolicyDiff.Controls(null, sids, ["only"]).Should().Equal("only");
        PolicyDiff.Controls("Unknown", sids, ["x", "y"]).Should().BeEmpty();
    }

    private string CopyScenario()
    {
        var target = Path.Combine(_work, "definition");
        foreach (var file in Directory.EnumerateFiles(ScenarioDefinition, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(ScenarioDefinition, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }

        return target;
    }
}
