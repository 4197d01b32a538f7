using System.Collections.Immutable;
using System.Text.RegularExpressions;
using GovCfct.Core.Catalog;
using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Packaging;
using GovCfct.Core.Tests.TestSupport;
using YamlDotNet.RepresentationModel;
using static GovCfct.Core.Tests.Packaging.TestModel;

namespace GovCfct.Core.Tests.ControlTower;

/// <summary>
/// Control Tower controls in the package: one management-account stack (home region), preventive controls at the highest
/// OU, detective controls on every OU that holds accounts, OU ARNs from the lock, operations chained so no more than the
/// concurrency setting run at once. The template is linted with the real cfn-lint; placements are checked against
/// hand-worked expectations from docs/facts/landing-zone.md §1.1/§1.5.
/// </summary>
public sealed class CtControlPackagingTests
{
    private const string Management = "111122223333";
    private const string OrgId = "o-abcdefghij";

    private static ControlDefinition Ct(string id, CtBehavior behavior, string identifier, string? exemptions = null, params ControlParameter[] parameters) =>
        Control(id, ControlKind.CtControl, parameters) with
        {
            Source = ControlSource.ControlTower,
            ControlTower = new CtControlSpec(identifier, "AWS-GR_" + id.ToUpperInvariant(), behavior, exemptions),
        };

    private static ControlCatalog Catalog() => CatalogOf(
        Ct("root-user", CtBehavior.Preventive, "5kvme4m5d2b4d7if2fs5yg2ui"),
        Ct("restricted-ssh", CtBehavior.Detective, "6rilu41n0gb9w6mxrkyewoer4"),
        Ct("region-deny", CtBehavior.Preventive, "ka8e3pkqefnjsxuyc26ji580", "ExemptedPrincipalArns", Parameter("AllowedRegions", ParameterType.List), Parameter("ExemptedPrincipalArns", ParameterType.List, "")));

    private static OuNode WithAccounts(OuNode ou, string id) =>
        ou with { Accounts = [new AccountRef(id, "acct-" + id, null, ou.Location)] };

    private static OrgLock Lock(params (string Path, string Id, bool Holds)[] ous) =>
        new(OrgId, Management, "r-ab12", ous.ToImmutableSortedDictionary(o => o.Path, o => new LockedOu(o.Path, o.Id, o.Holds, new SourceLocation("manifest/org-lock.yaml", 1, 1)), StringComparer.Ordinal), "manifest/org-lock.yaml");

    private static GovernanceDefinition Definition(OrgLock? orgLock, int concurrency, params OuNode[] topLevel) =>
        Org(new() { ["AllowedRegions"] = List("ap-northeast-1", "ap-northeast-3"), ["BreakGlassRoleName"] = ParameterValue.Of("GovCloudBreakGlass") }, topLevel) with
        {
            TargetAccounts = [new TargetAccount(Management, "mgmt", true, [], new SourceLocation("manifest/organization.yaml", 20, 1))],
            LandingZone = new GovCfct.Core.Definition.LandingZone("210987654321", "012345678901", "aws-controltower/CloudTrailLogs", concurrency, new SourceLocation("manifest/organization.yaml", 30, 1)),
            Lock = orgLock,
        };

    // Workloads (no accounts) → A (accounts) and B → B:Leaf (accounts per the lock only); Sandbox (accounts).
    private static OuNode[] Tree() =>
    [
        Ou("Workloads", [Assign("root-user"), Assign("restricted-ssh"), Assign("region-deny")], null, null,
            WithAccounts(Ou("Workloads:A"), "444455556666"),
            Ou("Workloads:B", null, null, null, Ou("Workloads:B:Leaf"))),
        WithAccounts(Ou("Sandbox", [Assign("root-user")]), "777788889999"),
    ];

    private static OrgLock TreeLock() => Lock(
        ("Workloads", "ou-ab12-00000001", false),
        ("Workloads:A", "ou-ab12-00000002", true),
        ("Workloads:B", "ou-ab12-00000003", false),
        ("Workloads:B:Leaf", "ou-ab12-00000004", true),
        ("Sandbox", "ou-ab12-00000005", true));

    private static YamlMappingNode Resources(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode)["Resources"];
    }

    private static string Target(string ouId) => $"arn:aws:organizations::{Management}:ou/{OrgId}/{ouId}";

    private static List<(string Control, string Target)> Enabled(string text) =>
        [.. Resources(text).Children.Select(r =>
        {
            var properties = (YamlMappingNode)((YamlMappingNode)r.Value)["Properties"];
            return (properties["ControlIdentifier"].ToString().Split('/')[^1], properties["TargetIdentifier"].ToString());
        })];

    [Fact]
    public void Preventive_controls_sit_at_the_highest_OU_and_detective_ones_on_every_OU_holding_accounts()
    {
        var diagnostics = new DiagnosticBag();
        var package = Build(Definition(TreeLock(), 5, Tree()), diagnostics, Catalog()).Package;

        diagnostics.HasErrors.Should().BeFalse(string.Join('\n', diagnostics.Items));
        var text = package!.Text("templates/gc-ct-controls.template");
        Enabled(text).Should().BeEquivalentTo(new[]
        {
            ("5kvme4m5d2b4d7if2fs5yg2ui", Target("ou-ab12-00000001")), // root-user: Workloads only, inherited below
            ("ka8e3pkqefnjsxuyc26ji580", Target("ou-ab12-00000001")),  // region deny: Workloads only
            ("6rilu41n0gb9w6mxrkyewoer4", Target("ou-ab12-00000002")), // restricted-ssh: A (accounts in the definition)
            ("6rilu41n0gb9w6mxrkyewoer4", Target("ou-ab12-00000004")), // and B:Leaf (accounts per the lock), not Workloads or B
            ("5kvme4m5d2b4d7if2fs5yg2ui", Target("ou-ab12-00000005")), // Sandbox: its own top-level OU
        });

        var resource = package!.Manifest.Resources.Single(r => r.Name == "gc-ct-controls");
        resource.DeployMethod.Should().Be(DeployMethod.StackSet);
        resource.Accounts.Should().Equal(Management);
        resource.OrganizationalUnits.Should().BeEmpty("EnabledControl fails in member accounts (CfCT issue #167)");
        resource.Regions.Should().Equal("ap-northeast-1");
        package.Manifest.Resources.Should().NotContain(r => r.ResourceFile != resource.ResourceFile && r.ControlIds.Contains("restricted-ssh"));
    }

    [Fact]
    public void The_region_deny_gets_the_governed_regions_and_the_protected_principals_as_exemptions()
    {
        var diagnostics = new DiagnosticBag();
        var text = Build(Definition(TreeLock(), 5, Tree()), diagnostics, Catalog()).Package!.Text("templates/gc-ct-controls.template");

        var deny = Resources(text).Children.Select(r => (YamlMappingNode)((YamlMappingNode)r.Value)["Properties"])
            .Single(p => p["ControlIdentifier"].ToString().EndsWith("ka8e3pkqefnjsxuyc26ji580", StringComparison.Ordinal));
        var parameters = ((YamlSequenceNode)deny["Parameters"]).Cast<YamlMappingNode>().ToDictionary(p => p["Key"].ToString(), p => ((YamlSequenceNode)p["Value"]).Select(v => v.ToString()).ToList());
        parameters["AllowedRegions"].Should().Equal("ap-northeast-1", "ap-northeast-3");
        parameters["ExemptedPrincipalArns"].Should().Contain(["arn:*:iam::*:role/AWSControlTowerExecution", "arn:*:iam::*:role/stacksets-exec-*", "arn:*:iam::*:role/GovCloudBreakGlass"]);
    }

    [Fact]
    public void No_more_operations_than_the_concurrency_setting_can_start_at_once()
    {
        // Ten OUs with accounts and one detective control: ten operations, two chains with concurrency 2.
        var leaves = Enumerable.Range(1, 10).Select(i => WithAccounts(Ou($"Workloads:L{i:00}"), $"1000000000{i:00}")).ToArray();
        var orgLock = Lock([("Workloads", "ou-ab12-00000000", false), .. leaves.Select((l, i) => (l.Path, $"ou-ab12-1000{i:0000}", true))]);
        var diagnostics = new DiagnosticBag();
        var text = Build(Definition(orgLock, 2, Ou("Workloads", [Assign("restricted-ssh")], null, null, leaves)), diagnostics, Catalog()).Package!.Text("templates/gc-ct-controls.template");

        var resources = Resources(text).Children.ToDictionary(r => r.Key.ToString(), r => (YamlMappingNode)r.Value);
        resources.Should().HaveCount(10);
        // Longest dependency-free antichain = number of chain heads: resources without DependsOn start at once.
        resources.Values.Count(r => !r.Children.ContainsKey("DependsOn")).Should().Be(2);
        foreach (var (name, resource) in resources.Where(r => r.Value.Children.ContainsKey("DependsOn")))
        {
            resources.Should().ContainKey(resource["DependsOn"].ToString(), $"{name} waits for an operation of the same stack");
        }

        // Each resource is depended on by at most one other: the chains never fan out.
        resources.Values.Where(r => r.Children.ContainsKey("DependsOn")).GroupBy(r => r["DependsOn"].ToString()).Should().OnlyContain(g => g.Count() == 1);
    }

    [Fact]
    public void The_generated_template_passes_cfn_lint()
    {
        var diagnostics = new DiagnosticBag();
        var text = Build(Definition(TreeLock(), 1, Tree()), diagnostics, Catalog()).Package!.Text("templates/gc-ct-controls.template");
        var file = Path.Combine(Directory.CreateTempSubdirectory("govcfct-ct-").FullName, "gc-ct-controls.template");
        File.WriteAllText(file, text);

        var (exit, output) = CfnLint.Lint([file]);

        exit.Should().Be(0, output);
    }

    [Fact]
    public void Without_a_lock_the_build_says_how_to_write_one_and_writes_nothing()
    {
        var diagnostics = new DiagnosticBag();
        var result = Build(Definition(null, 5, Tree()), diagnostics, Catalog());

        result.Package.Should().BeNull();
        diagnostics.Items.Should().ContainSingle(d => d.Code == DiagnosticCodes.OrgLockMissing.Id).Which.Hint.Should().Contain("govcfct org lock");
    }

    [Fact]
    public void Control_Tower_controls_without_a_management_account_are_refused()
    {
        var diagnostics = new DiagnosticBag();

        Build(Definition(TreeLock(), 5, Tree()) with { TargetAccounts = [] }, diagnostics, Catalog()).Package.Should().BeNull();

        diagnostics.Items.Should().ContainSingle(d => d.Code == DiagnosticCodes.CtControlsNeedManagementAccount.Id)
            .Which.Message.Should().Contain("are enabled from the management account, which organization.yaml does not name");
    }

    [Fact]
    public void An_OU_missing_from_the_lock_is_an_error_at_the_OU()
    {
        var orgLock = TreeLock();
        orgLock = orgLock with { Ous = orgLock.Ous.Remove("Workloads:A") };
        var diagnostics = new DiagnosticBag();

        Build(Definition(orgLock, 5, Tree()), diagnostics, Catalog()).Package.Should().BeNull();

        diagnostics.Items.Should().ContainSingle(d => d.Code == DiagnosticCodes.OuNotInOrgLock.Id).Which.Message.Should().Contain("Workloads:A");
    }

    [Fact]
    public void A_lock_of_another_management_account_is_refused()
    {
        var diagnostics = new DiagnosticBag();

        Build(Definition(TreeLock() with { ManagementAccountId = "999999999999" }, 5, Tree()), diagnostics, Catalog()).Package.Should().BeNull();

        diagnostics.Items.Should().Contain(d => d.Code == DiagnosticCodes.OrgLockMismatch.Id);
    }

    [Fact]
    public void Allowed_regions_outside_the_governed_regions_are_refused()
    {
        var tree = Tree();
        tree[0] = tree[0] with { Controls = [Assign("region-deny", new() { ["AllowedRegions"] = List("ap-northeast-1", "us-east-1") })] };
        var diagnostics = new DiagnosticBag();

        Build(Definition(TreeLock(), 5, tree), diagnostics, Catalog()).Package.Should().BeNull();

        diagnostics.Items.Should().ContainSingle(d => d.Code == DiagnosticCodes.CtRegionNotGoverned.Id).Which.Message.Should().Contain("us-east-1");
    }

    [Fact]
    public void An_opt_out_below_pushes_a_preventive_control_down_and_warns_for_accounts_left_uncovered()
    {
        var tree = new[]
        {
            WithAccounts(Ou("Workloads", [Assign("root-user")], null, null, WithAccounts(Ou("Workloads:A"), "444455556666"), Ou("Workloads:B", null, [OptOut("root-user")])), "123412341234"),
        };
        var orgLock = Lock(("Workloads", "ou-ab12-00000001", true), ("Workloads:A", "ou-ab12-00000002", true), ("Workloads:B", "ou-ab12-00000003", false));
        var diagnostics = new DiagnosticBag();

        var text = Build(Definition(orgLock, 5, tree), diagnostics, Catalog()).Package!.Text("templates/gc-ct-controls.template");

        Enabled(text).Should().Equal(("5kvme4m5d2b4d7if2fs5yg2ui", Target("ou-ab12-00000002")));
        diagnostics.Items.Should().ContainSingle(d => d.Code == DiagnosticCodes.CtControlNotOnOuAccounts.Id);
    }

    [Fact]
    public void A_Control_Tower_control_cannot_be_assigned_to_an_account()
    {
        var definition = Definition(TreeLock(), 5, Tree());
        definition = definition with { TargetAccounts = [definition.TargetAccounts[0] with { Controls = [Assign("restricted-ssh")] }] };
        var diagnostics = new DiagnosticBag();

        Build(definition, diagnostics, Catalog()).Package.Should().BeNull();

        diagnostics.Items.Should().ContainSingle(d => d.Code == DiagnosticCodes.AccountControlNotStackSet.Id).Which.Hint.Should().Contain("OUs only");
    }

    [Fact]
    public void Logical_ids_follow_the_OU_id_so_renaming_an_OU_replaces_nothing()
    {
        var diagnostics = new DiagnosticBag();
        var before = Resources(Build(Definition(TreeLock(), 5, Tree()), diagnostics, Catalog()).Package!.Text("templates/gc-ct-controls.template")).Children.Keys.Select(k => k.ToString()).ToList();

        var renamed = Tree();
        renamed[1] = renamed[1] with { Name = "Trial", Path = "Trial" };
        var orgLock = TreeLock();
        orgLock = orgLock with { Ous = orgLock.Ous.Remove("Sandbox").Add("Trial", orgLock.Ous["Sandbox"] with { Path = "Trial" }) };
        var after = Resources(Build(Definition(orgLock, 5, renamed), diagnostics, Catalog()).Package!.Text("templates/gc-ct-controls.template")).Children.Keys.Select(k => k.ToString()).ToList();

        after.Should().BeEquivalentTo(before);
        before.Should().OnlyContain(id => Regex.IsMatch(id, "^[A-Za-z0-9]+$"));
    }
}
