using System.Collections.Immutable;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Planning;
using GovCfct.Core.Packaging;
using GovCfct.Core.Status;
using static GovCfct.Core.Tests.Packaging.TestModel;

namespace GovCfct.Core.Tests.Status;

/// <summary>
/// status over a package the real packaging stage built with service-managed member stack sets: the expected accounts
/// are every ACTIVE account below a target OU at any depth (StackSets' DeploymentTargets reach child OUs), never the
/// management account, never the accounts directly in a parent that a variant or opt-out split, never an opted-out
/// OU. Instances are given in the shape ListStackInstances returns them (status CURRENT/OUTDATED, detailed status).
/// </summary>
public sealed class MemberStackSetStatusEvaluatorTests
{
    private const string Management = "111122223333";
    private const string InWorkloads = "200000000001";
    private const string InA = "200000000002";
    private const string InNewNested = "200000000003";
    private const string InB = "200000000004";
    private const string InC = "200000000005";

    private static GovernanceDefinition Definition()
    {
        var tree = new[]
        {
            Ou("Workloads", [Assign("guardduty")], null, null,
                Ou("Workloads:A"),
                Ou("Workloads:B", [Assign("guardduty", new() { ["NotificationEmail"] = Value("b@example.com") })]),
                Ou("Workloads:C", null, [OptOut("guardduty")])),
        };
        var orgLock = new OrgLock("o-abcdefghij", Management, "r-ab12", new[] { ("Workloads", "ou-ab12-00000001"), ("Workloads:A", "ou-ab12-00000002"), ("Workloads:B", "ou-ab12-00000003"), ("Workloads:C", "ou-ab12-00000004") }
            .ToImmutableSortedDictionary(o => o.Item1, o => new LockedOu(o.Item1, o.Item2, true, new SourceLocation("manifest/org-lock.yaml", 1, 1)), StringComparer.Ordinal), "manifest/org-lock.yaml");
        return Org(new() { ["NotificationEmail"] = Value("sec@example.com") }, tree) with
        {
            TargetAccounts = [new TargetAccount(Management, "mgmt", true, [], new SourceLocation("manifest/organization.yaml", 20, 1))],
            Lock = orgLock,
        };
    }

    // The live organization: an OU "New" created under Workloads:A after the build, with an account.
    private static readonly OrgSnapshot Organization = new(
        "o-abcdefghij",
        Management,
        "r-ab12",
        [
            new OrgUnit("ou-ab12-00000001", "Workloads", "r-ab12", "Workloads"),
            new OrgUnit("ou-ab12-00000002", "A", "ou-ab12-00000001", "Workloads:A"),
            new OrgUnit("ou-ab12-00000003", "B", "ou-ab12-00000001", "Workloads:B"),
            new OrgUnit("ou-ab12-00000004", "C", "ou-ab12-00000001", "Workloads:C"),
            new OrgUnit("ou-ab12-00000009", "New", "ou-ab12-00000002", "Workloads:A:New"),
        ],
        [
            new OrgAccount(Management, "mgmt", "m@example.jp", "ACTIVE", "r-ab12"),
            new OrgAccount(InWorkloads, "parent", "p@example.jp", "ACTIVE", "ou-ab12-00000001"),
            new OrgAccount(InA, "a", "a@example.jp", "ACTIVE", "ou-ab12-00000002"),
            new OrgAccount(InNewNested, "new", "n@example.jp", "ACTIVE", "ou-ab12-00000009"),
            new OrgAccount(InB, "b", "b@example.jp", "ACTIVE", "ou-ab12-00000003"),
            new OrgAccount(InC, "c", "c@example.jp", "ACTIVE", "ou-ab12-00000004"),
        ],
        []);

    [Fact]
    public void Plan_shows_the_service_managed_stack_set_that_covers_each_OU_a_new_account_and_a_rename_as_dangerous()
    {
        var package = Build(Definition(), new DiagnosticBag()).Package!;
        // The previous package: B had no own values, so Workloads:A and B shared one stack set and the variant did not exist.
        var previousDefinition = Definition() with
        {
            Root = Definition().Root with
            {
                Children = [Ou("Workloads", [Assign("guardduty")], null, null, Ou("Workloads:A"), Ou("Workloads:B"), Ou("Workloads:C", null, [OptOut("guardduty")]))],
            },
        };
        var previous = Build(previousDefinition, new DiagnosticBag()).Package!;

        var diagnostics = new DiagnosticBag();
        var plan = ChangePlanner.Plan(new ChangePlanOptions(package, Organization) { Previous = previous, NewAccountOu = "Workloads:A:New" }, diagnostics);

        // A new account in an OU created after the build under Workloads:A gets the base stack set by automatic deployment.
        plan.NewAccount!.StackSets.Should().ContainSingle().Which.Name.Should().Contain("gc-guardduty (service-managed: automatic deployment from Workloads:A");
        plan.NewAccount.StackSets[0].Regions.Should().Equal("ap-northeast-1", "ap-northeast-3");

        // Nothing it receives waits for CfCT: the preview does not open with CfCT's re-run time.
        plan.NewAccount.CfctStackSets.Should().Be(0);
        var newAccountSection = PlanMarkdownWriter.Write(plan).Split("## A new account in ")[1];
        newAccountSection.Should().Contain("it is covered without a CfCT run").And.NotContain("re-run");
        PlanHtmlWriter.Write(plan).Should().Contain("it is covered without a CfCT run").And.NotContain("CfCT re-run");
        plan.Ous.Single(o => o.Path == "Workloads:B").Cells[plan.Controls.IndexOf("guardduty")].Should().Be(Coverage.Deployed);

        // Targets of gc-guardduty change (Workloads:A, B → Workloads:A): B's account loses its instance to the new variant.
        plan.HasDangerousChanges.Should().BeTrue();
        var changed = plan.MemberStackSets.Single(m => m.Name == "gc-guardduty");
        changed.Change.Should().Be("targets changed");
        changed.Accounts.Should().Be(1);
        plan.MemberStackSets.Should().Contain(m => m.Change == "created" && m.Name.StartsWith("gc-guardduty-", StringComparison.Ordinal));
        PlanMarkdownWriter.Write(plan).Should().Contain("service-managed stack set `gc-guardduty` (guardduty) targets changed: **1 account(s)**");
    }

    [Fact]
    public void Expected_instances_follow_the_target_OUs_to_any_depth_and_skip_split_parents_opt_outs_and_the_management_account()
    {
        var diagnostics = new DiagnosticBag();
        var package = Build(Definition(), diagnostics).Package!;
        var members = ExpectedMemberStackSets.Read(package);
        members.Select(m => $"{m.ControlId}:{string.Join(',', m.TargetOuIds)}:{string.Join(',', m.Regions)}").Should().BeEquivalentTo(
            "guardduty:ou-ab12-00000002:ap-northeast-1,ap-northeast-3",
            "guardduty:ou-ab12-00000003:ap-northeast-1,ap-northeast-3");
        var baseSet = members.Single(m => m.TargetOuIds.Contains("ou-ab12-00000002")).Name;
        var variant = members.Single(m => m.TargetOuIds.Contains("ou-ab12-00000003")).Name;

        var instances = new[]
        {
            new DeployedInstance(InA, "ap-northeast-1", "CURRENT", "SUCCEEDED"),
            new DeployedInstance(InA, "ap-northeast-3", "CURRENT", "SUCCEEDED"),
            new DeployedInstance(InNewNested, "ap-northeast-1", "CURRENT", "SUCCEEDED"),
            new DeployedInstance(InNewNested, "ap-northeast-3", "OUTDATED", "FAILED", "ResourceStatusReason:Role already exists"),
        };
        var deployed = new DeployedState(
            [
                new DeployedStackSet(baseSet, "ACTIVE", "{}", [], null, [.. instances]),
                new DeployedStackSet(variant, "ACTIVE", "{}", [], null, [new DeployedInstance(InB, "ap-northeast-1", "CURRENT", "SUCCEEDED")]),
            ],
            []);

        var report = StatusEvaluator.Evaluate(new StatusOptions(package, Organization, deployed) { MemberStackSets = members });

        report.StackSets.Single(s => s.Name == baseSet).Should().Match<StackSetStatus>(s => s.Expected == 4 && s.Current == 3 && s.Failed == 1);
        report.StackSets.Single(s => s.Name == variant).Should().Match<StackSetStatus>(s => s.Expected == 2 && s.Current == 1 && s.Missing == 1);
        // (The management account's own finding is the owner stack CfCT deploys there, not a member instance.)
        var findings = report.Accounts.SelectMany(a => a.Findings.Where(f => f.Control == baseSet || f.Control == variant).Select(f => $"{a.AccountId}:{f.Control}:{f.State}:{f.Region}")).ToList();
        findings.Should().Contain($"{InNewNested}:{baseSet}:Failed:ap-northeast-3");
        findings.Should().Contain($"{InB}:{variant}:Missing:ap-northeast-3");
        findings.Should().NotContain(f => f.StartsWith(InWorkloads, StringComparison.Ordinal) || f.StartsWith(InC, StringComparison.Ordinal) || f.StartsWith(Management, StringComparison.Ordinal));
    }
}
