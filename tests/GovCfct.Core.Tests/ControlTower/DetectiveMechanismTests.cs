using System.Collections.Immutable;
using GovCfct.Core.Catalog;
using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Packaging;
using GovCfct.Core.Status;
using ControlKind = GovCfct.Core.Catalog.ControlKind;
using YamlDotNet.RepresentationModel;
using static GovCfct.Core.Tests.Packaging.TestModel;

namespace GovCfct.Core.Tests.ControlTower;

/// <summary>
/// The detective mechanism: the build chooses Control Tower's per-OU enablements only while they stay within the
/// threshold, else AWS Config organization conformance packs (one per distinct scope) whose ExcludedAccounts are the org
/// lock's accounts outside the scope, the root's accounts and the management account. Expected exclusions are worked out
/// by hand from the test lock; the templates go through the real cfn-lint in both governed regions.
/// </summary>
public sealed class DetectiveMechanismTests
{
    private const string Management = "111122223333";
    private const string OrgId = "o-abcdefghij";

    private static ConfigRuleSpec Rule(string source, params string[] unsupported) =>
        new(source, ImmutableSortedDictionary<string, string>.Empty, null, [.. unsupported], "https://docs.aws.amazon.com/config/latest/developerguide/x.html");

    private static ControlDefinition Ct(string id, CtBehavior behavior, ConfigRuleSpec? rule = null) =>
        Control(id, ControlKind.CtControl) with
        {
            Source = ControlSource.ControlTower,
            ControlTower = new CtControlSpec("6rilu41n0gb9w6mxrkyewoer" + (id.Length % 10).ToString(System.Globalization.CultureInfo.InvariantCulture), "AWS-GR_" + id.ToUpperInvariant(), behavior, null) { ConfigRule = rule },
        };

    private static ControlCatalog Catalog(params ControlDefinition[] extra) => CatalogOf([
        Ct("root-user", CtBehavior.Preventive),
        Ct("restricted-ssh", CtBehavior.Detective, Rule("INCOMING_SSH_DISABLED")),
        Ct("ebs-optimized", CtBehavior.Detective, new ConfigRuleSpec("EBS_OPTIMIZED_INSTANCE", ImmutableSortedDictionary<string, string>.Empty.Add("x", "1"), "TwentyFour_Hours", [], "https://docs.aws.amazon.com/config/latest/developerguide/ebs-optimized-instance.html")),
        .. extra]);

    private static LockedOu Locked(string path, string id, params string[] accounts) =>
        new(path, id, accounts.Length > 0, new SourceLocation("manifest/org-lock.yaml", 1, 1)) { Accounts = [.. accounts.Order(StringComparer.Ordinal)] };

    // Workloads → A (2 accounts), B (1 account, opts out of restricted-ssh); Sandbox (1 account, no detective control);
    // Extra (in the lock only, 1 account); the management account under the root.
    private static OrgLock TreeLock() =>
        new(OrgId, Management, "r-ab12", new[]
        {
            Locked("Workloads", "ou-ab12-00000001"),
            Locked("Workloads:A", "ou-ab12-00000002", "200000000001", "200000000002"),
            Locked("Workloads:B", "ou-ab12-00000003", "300000000001"),
            Locked("Sandbox", "ou-ab12-00000004", "400000000001"),
            Locked("Extra", "ou-ab12-00000005", "500000000001"),
        }.ToImmutableSortedDictionary(o => o.Path, o => o, StringComparer.Ordinal), "manifest/org-lock.yaml")
        { RootAccounts = [Management] };

    private static OuNode[] Tree() =>
    [
        Ou("Workloads", [Assign("root-user"), Assign("restricted-ssh"), Assign("ebs-optimized")], null, null,
            Ou("Workloads:A"),
            Ou("Workloads:B", null, [OptOut("restricted-ssh", "test runs open SSH on purpose")])),
        Ou("Sandbox", [Assign("root-user")]),
    ];

    private static GovernanceDefinition Definition(OrgLock? orgLock, DetectiveMechanism mechanism = DetectiveMechanism.Auto, int threshold = 100, params OuNode[] topLevel) =>
        Org(new() { ["BreakGlassRoleName"] = ParameterValue.Of("GovCloudBreakGlass") }, topLevel.Length == 0 ? Tree() : topLevel) with
        {
            TargetAccounts = [new TargetAccount(Management, "mgmt", true, [], new SourceLocation("manifest/organization.yaml", 20, 1))],
            LandingZone = new GovCfct.Core.Definition.LandingZone("210987654321", "012345678901", "aws-controltower/CloudTrailLogs", 5, new SourceLocation("manifest/organization.yaml", 30, 1))
            {
                DetectiveMechanism = mechanism,
                MaxControlTowerDetectiveEnablements = threshold,
            },
            Lock = orgLock,
        };

    private static YamlMappingNode Resources(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode)["Resources"];
    }

    private static List<string> Strings(YamlNode node) => [.. ((YamlSequenceNode)node).Children.Select(c => c.ToString())];

    [Fact]
    public void Auto_keeps_Control_Tower_while_the_per_OU_enablements_fit_and_reports_why()
    {
        var diagnostics = new DiagnosticBag();
        var result = Build(Definition(TreeLock()), diagnostics, Catalog());

        diagnostics.HasErrors.Should().BeFalse(string.Join('\n', diagnostics.Items));
        var detective = result.Report!.Detective!;
        detective.Mechanism.Should().Be(DetectiveMechanism.ControlTower);
        // restricted-ssh on A; ebs-optimized on A and B (OUs holding accounts): 3 enablements.
        detective.PerOuEnablements.Should().Be(3);
        detective.Line.Should().Be("detective controls: control_tower (auto: 3 per-OU Control Tower enablement(s), within max_control_tower_detective_enablements 100)");
        result.Package!.Files.Should().NotContainKey("templates/gc-detective-controls.template");
        result.Package.Text("report/build-report.md").Should().Contain("- mechanism: **control_tower**");
    }

    [Fact]
    public void Above_the_threshold_auto_deploys_one_organization_conformance_pack_per_scope_excluding_every_account_outside_it()
    {
        var diagnostics = new DiagnosticBag();
        var result = Build(Definition(TreeLock(), threshold: 2), diagnostics, Catalog());

        diagnostics.HasErrors.Should().BeFalse(string.Join('\n', diagnostics.Items));
        result.Report!.Detective!.Mechanism.Should().Be(DetectiveMechanism.Organization);
        var package = result.Package!;

        // Control Tower keeps only the preventive control (Workloads, Sandbox).
        Resources(package.Text("templates/gc-ct-controls.template")).Children.Should().HaveCount(2);

        var resource = package.Manifest.Resources.Single(r => r.Name == "gc-detective-controls");
        resource.Accounts.Should().Equal(Management);
        resource.Regions.Should().Equal("ap-northeast-1", "ap-northeast-3");
        resource.OrganizationalUnits.IsDefaultOrEmpty.Should().BeTrue();

        var packs = Resources(package.Text("templates/gc-detective-controls.template")).Children
            .ToDictionary(r => ((YamlMappingNode)((YamlMappingNode)r.Value)["Properties"])["OrganizationConformancePackName"].ToString(), r => (YamlMappingNode)r.Value);
        packs.Keys.Should().Equal("gc-detective-controls-1", "gc-detective-controls-2");

        // ebs-optimized reaches all of Workloads: excluded are Sandbox's, Extra's (not in the definition) and the
        // management account (under the root, no Config recorder).
        var widest = (YamlMappingNode)packs["gc-detective-controls-1"]["Properties"];
        Strings(widest["ExcludedAccounts"]).Should().Equal(Management, "400000000001", "500000000001");
        widest["TemplateBody"].ToString().Should().Contain("SourceIdentifier: EBS_OPTIMIZED_INSTANCE").And.Contain("MaximumExecutionFrequency: TwentyFour_Hours").And.NotContain("INCOMING_SSH_DISABLED");

        // restricted-ssh: B opted out, so its account is excluded too.
        var ssh = (YamlMappingNode)packs["gc-detective-controls-2"]["Properties"];
        Strings(ssh["ExcludedAccounts"]).Should().Equal(Management, "300000000001", "400000000001", "500000000001");
        var metadata = (YamlMappingNode)((YamlMappingNode)packs["gc-detective-controls-2"]["Metadata"])["GovCfct"];
        Strings(metadata["InScopeOus"]).Should().Equal("Workloads");
        Strings(metadata["OutOfScopeOus"]).Should().Equal("Workloads:B");
    }

    [Fact]
    public void The_pack_stack_and_its_pack_bodies_pass_cfn_lint_in_both_governed_regions()
    {
        var diagnostics = new DiagnosticBag();
        var catalog = Catalog(Ct("rds-snapshots", CtBehavior.Detective, Rule("RDS_SNAPSHOTS_PUBLIC_PROHIBITED", "ap-northeast-3")));
        var tree = Tree();
        tree[0] = tree[0] with { Controls = [.. tree[0].Controls, Assign("rds-snapshots")] };
        var package = Build(Definition(TreeLock(), DetectiveMechanism.Organization, 100, tree), diagnostics, catalog).Package!;
        var text = package.Text("templates/gc-detective-controls.template");
        var folder = Directory.CreateTempSubdirectory("govcfct-detective-").FullName;
        var files = new List<string> { Path.Combine(folder, "gc-detective-controls.template") };
        File.WriteAllText(files[0], text);
        foreach (var (key, value) in Resources(text).Children)
        {
            var body = ((YamlMappingNode)((YamlMappingNode)value)["Properties"])["TemplateBody"].ToString();
            files.Add(Path.Combine(folder, $"{key}.pack.yaml"));
            File.WriteAllText(files[^1], body);
        }

        var (exit, output) = GovCfct.Testing.CfnLint.Lint(files);

        exit.Should().Be(0, output);
        // The rule AWS Config lacks in Osaka (catalog data) is left out there: a warning, and a pack body per region group.
        diagnostics.Items.Should().ContainSingle(d => d.Code == DiagnosticCodes.ConfigRuleUnavailableInRegion.Id).Which.Message.Should().Contain("ap-northeast-3");
        text.Should().Contain("Condition: InApNortheast1").And.Contain("Condition: InApNortheast3");
    }

    [Fact]
    public void Forcing_control_tower_beyond_500_resources_is_an_error_that_says_to_use_organization()
    {
        // 260 leaf OUs with accounts × 2 detective controls = 520 enablements + 1 preventive.
        var leaves = Enumerable.Range(1, 260).Select(i => Ou($"Workloads:L{i:000}")).ToArray();
        var orgLock = TreeLock();
        orgLock = orgLock with { Ous = orgLock.Ous.SetItems(leaves.Select((l, i) => KeyValuePair.Create(l.Path, Locked(l.Path, $"ou-ab12-1{i:0000000}", $"7{i:00000000000}")))) };
        var tree = new[] { Ou("Workloads", [Assign("root-user"), Assign("restricted-ssh"), Assign("ebs-optimized")], null, null, leaves) };

        var forced = new DiagnosticBag();
        Build(Definition(orgLock, DetectiveMechanism.ControlTower, 100, tree), forced, Catalog()).Package.Should().BeNull();
        var error = forced.Items.Should().ContainSingle(d => d.Code == DiagnosticCodes.TooManyCtControls.Id).Subject;
        error.Message.Should().StartWith("521 Control Tower control enablements");
        error.Hint.Should().Contain("detective_mechanism: organization");

        var auto = new DiagnosticBag();
        var result = Build(Definition(orgLock, DetectiveMechanism.Auto, 100, tree), auto, Catalog());
        auto.HasErrors.Should().BeFalse(string.Join('\n', auto.Items));
        result.Report!.Detective!.Mechanism.Should().Be(DetectiveMechanism.Organization);
        result.Report.Detective.PerOuEnablements.Should().Be(520);
    }

    [Fact]
    public void Forcing_control_tower_above_the_threshold_warns_of_the_queue()
    {
        var diagnostics = new DiagnosticBag();

        Build(Definition(TreeLock(), DetectiveMechanism.ControlTower, 2), diagnostics, Catalog()).Package.Should().NotBeNull();

        diagnostics.Items.Should().ContainSingle(d => d.Code == DiagnosticCodes.ControlTowerDetectiveQueue.Id).Which.Message.Should().Contain("enables 3 detective controls per OU");
    }

    [Fact]
    public void More_than_1000_excluded_accounts_is_an_error()
    {
        var orgLock = TreeLock();
        orgLock = orgLock with { Ous = orgLock.Ous.SetItem("Sandbox", Locked("Sandbox", "ou-ab12-00000004", [.. Enumerable.Range(0, 1000).Select(i => $"4{i:00000000000}")])) };
        var diagnostics = new DiagnosticBag();

        Build(Definition(orgLock, DetectiveMechanism.Organization), diagnostics, Catalog()).Package.Should().BeNull();

        diagnostics.Items.Where(d => d.Code == DiagnosticCodes.TooManyExcludedAccounts.Id).Select(d => d.Message).Should().Contain(m => m.Contains("would exclude 1002 accounts", StringComparison.Ordinal));
    }

    [Fact]
    public void A_lock_without_account_lists_is_refused_with_the_command_that_writes_them()
    {
        var orgLock = TreeLock();
        orgLock = orgLock with { Ous = orgLock.Ous.SetItem("Sandbox", new LockedOu("Sandbox", "ou-ab12-00000004", true, new SourceLocation("manifest/org-lock.yaml", 9, 3))) };
        var diagnostics = new DiagnosticBag();

        Build(Definition(orgLock, DetectiveMechanism.Organization), diagnostics, Catalog()).Package.Should().BeNull();

        var error = diagnostics.Items.Should().ContainSingle(d => d.Code == DiagnosticCodes.OrgLockWithoutAccounts.Id).Subject;
        error.Message.Should().Contain("'Sandbox'");
        error.Hint.Should().Contain("govcfct org lock");
    }

    [Fact]
    public void A_detective_control_without_its_Config_rule_cannot_go_organization_wide()
    {
        var catalog = Catalog(Ct("no-rule", CtBehavior.Detective));
        var tree = Tree();
        tree[0] = tree[0] with { Controls = [.. tree[0].Controls, Assign("no-rule")] };
        var diagnostics = new DiagnosticBag();

        Build(Definition(TreeLock(), DetectiveMechanism.Organization, 100, tree), diagnostics, catalog).Package.Should().BeNull();

        diagnostics.Items.Should().ContainSingle(d => d.Code == DiagnosticCodes.DetectiveControlWithoutConfigRule.Id).Which.Message.Should().Contain("'no-rule'");
    }

    [Fact]
    public void More_rules_than_a_pack_holds_is_an_error()
    {
        var many = Enumerable.Range(0, 131).Select(i => Ct($"rule-{i:000}", CtBehavior.Detective, Rule("ENCRYPTED_VOLUMES"))).ToArray();
        var tree = new[] { Ou("Workloads", [.. many.Select(c => Assign(c.Id))], null, null, Ou("Workloads:A")) };
        var diagnostics = new DiagnosticBag();

        Build(Definition(TreeLock(), DetectiveMechanism.Organization, 100, tree), diagnostics, CatalogOf(many)).Package.Should().BeNull();

        diagnostics.Items.Should().Contain(d => d.Code == DiagnosticCodes.ConformancePackQuota.Id && d.Message.Contains("holds 131 rules", StringComparison.Ordinal));
    }

    [Fact]
    public void The_lock_lists_each_OUs_accounts_and_reads_back_as_written()
    {
        var snapshot = new OrgSnapshot(
            OrgId,
            Management,
            "r-ab12",
            [new OrgUnit("ou-ab12-00000001", "Workloads", "r-ab12", "Workloads"), new OrgUnit("ou-ab12-00000002", "A", "ou-ab12-00000001", "Workloads:A")],
            [
                new OrgAccount("200000000002", "a2", "a2@example.jp", "ACTIVE", "ou-ab12-00000002"),
                new OrgAccount("200000000001", "a1", "a1@example.jp", "ACTIVE", "ou-ab12-00000002"),
                new OrgAccount(Management, "mgmt", "m@example.jp", "ACTIVE", "r-ab12"),
            ],
            []);
        var text = OrgLockWriter.Write(snapshot);
        text.Should().Contain("root_accounts:\n  - \"111122223333\"\n").And.Contain("  - path: \"Workloads:A\"\n    id: ou-ab12-00000002\n    holds_accounts: true\n    accounts:\n      - \"200000000001\"\n      - \"200000000002\"\n");
        var file = Path.Combine(Directory.CreateTempSubdirectory("govcfct-lock-").FullName, OrgLock.FileName);
        File.WriteAllText(file, text);
        var diagnostics = new DiagnosticBag();

        var read = new OrgLockReader(diagnostics).Read(file, "manifest/org-lock.yaml")!;

        diagnostics.Items.Should().BeEmpty();
        read.RootAccounts.Should().Equal(Management);
        read.Ous["Workloads:A"].Accounts.Should().Equal("200000000001", "200000000002");
        read.Ous["Workloads:A"].AccountsKnown.Should().BeTrue();
        read.Ous["Workloads"].HoldsAccounts.Should().BeFalse();
        OrgLockWriter.Check(read, snapshot).Should().BeEmpty();

        // An account created later in the OU: the lock's exclusions are behind (warning), not broken.
        var later = snapshot with { Accounts = snapshot.Accounts.Add(new OrgAccount("200000000003", "a3", "a3@example.jp", "ACTIVE", "ou-ab12-00000002")) };
        OrgLockWriter.Check(read, later).Should().ContainSingle().Which.Should().Match<Diagnostic>(d => d.Code == DiagnosticCodes.OrgLockAccountsChanged.Id && d.Message.Contains("1 account(s) arrived (200000000003)", StringComparison.Ordinal));
    }

    [Fact]
    public void The_shipped_lock_is_what_org_lock_writes_from_the_committed_snapshot_and_every_leaf_OU_holds_accounts()
    {
        var read = OrgSnapshotSerializer.ReadFile(GovCfct.Testing.RepositoryRoot.Combine("tests", "GovCfct.Core.Tests", "Definition", "ShippedOrg", "org-snapshot.json"), "org-snapshot.json");
        var text = File.ReadAllText(GovCfct.Testing.RepositoryRoot.Combine("manifest", OrgLock.FileName));

        // The shipped lock is marked as the example (two comment lines and example: true, which org lock never writes).
        var marked = OrgLockWriter.Write(read.Snapshot!).Replace("organization_id:", "# The example lock GovCfct ships: these ids belong to no organization. validate and publish refuse it while it says\n# example: true; regenerate it from your organization (govcfct org lock, docs/landing-zone.md), which drops the key.\nexample: true\norganization_id:", StringComparison.Ordinal);
        marked.Should().Be(text);
        var diagnostics = new DiagnosticBag();
        var orgLock = new OrgLockReader(diagnostics).Read(GovCfct.Testing.RepositoryRoot.Combine("manifest", OrgLock.FileName), "manifest/org-lock.yaml")!;
        var leaves = orgLock.Ous.Keys.Where(p => !orgLock.Ous.Keys.Any(q => q.StartsWith(p + ":", StringComparison.Ordinal))).ToList();
        leaves.Should().HaveCount(74);
        leaves.Should().OnlyContain(p => orgLock.Ous[p].HoldsAccounts && orgLock.Ous[p].AccountsKnown);
    }

    [Fact]
    public void Status_finds_who_lacks_the_pack_and_who_has_it_outside_its_scope()
    {
        var diagnostics = new DiagnosticBag();
        var package = Build(Definition(TreeLock(), DetectiveMechanism.Organization), diagnostics, Catalog()).Package!;
        var packs = ExpectedPacks.Read(package);
        packs.Select(p => p.Name).Should().Equal("gc-detective-controls-1", "gc-detective-controls-2");
        var ssh = packs[1];
        ssh.InScope("Workloads:A").Should().BeTrue();
        ssh.InScope("Workloads:A:NewTeam").Should().BeTrue("an OU created later below Workloads is covered");
        ssh.InScope("Workloads:B:NewTeam").Should().BeFalse("below the opted-out OU");
        ssh.InScope("Sandbox").Should().BeFalse();
        ssh.InScope(string.Empty).Should().BeFalse();

        // Live: A's two accounts, B's account, a NEW account in B (not in the lock), Sandbox's account.
        var snapshot = new OrgSnapshot(
            OrgId,
            Management,
            "r-ab12",
            [
                new OrgUnit("ou-ab12-00000001", "Workloads", "r-ab12", "Workloads"),
                new OrgUnit("ou-ab12-00000002", "A", "ou-ab12-00000001", "Workloads:A"),
                new OrgUnit("ou-ab12-00000003", "B", "ou-ab12-00000001", "Workloads:B"),
                new OrgUnit("ou-ab12-00000004", "Sandbox", "r-ab12", "Sandbox"),
            ],
            [
                new OrgAccount(Management, "mgmt", "m@example.jp", "ACTIVE", "r-ab12"),
                new OrgAccount("200000000001", "a1", "a1@example.jp", "ACTIVE", "ou-ab12-00000002"),
                new OrgAccount("200000000002", "a2", "a2@example.jp", "ACTIVE", "ou-ab12-00000002"),
                new OrgAccount("300000000001", "b1", "b1@example.jp", "ACTIVE", "ou-ab12-00000003"),
                new OrgAccount("300000000009", "b-new", "b9@example.jp", "ACTIVE", "ou-ab12-00000003"),
                new OrgAccount("400000000001", "s1", "s1@example.jp", "ACTIVE", "ou-ab12-00000004"),
            ],
            []);
        var statuses = new List<DeployedPackStatus>();
        foreach (var region in new[] { "ap-northeast-1", "ap-northeast-3" })
        {
            foreach (var account in new[] { "200000000001", "200000000002", "300000000001", "300000000009" })
            {
                statuses.Add(new DeployedPackStatus("gc-detective-controls-1", region, account, "CREATE_SUCCESSFUL"));
            }

            statuses.Add(new DeployedPackStatus("gc-detective-controls-2", region, "200000000001", "CREATE_SUCCESSFUL"));
            // The new account in B receives the ssh pack: ExcludedAccounts came from a lock that did not know it.
            statuses.Add(new DeployedPackStatus("gc-detective-controls-2", region, "300000000009", "CREATE_SUCCESSFUL"));
        }

        statuses.Add(new DeployedPackStatus("gc-detective-controls-2", "ap-northeast-1", "200000000002", "CREATE_FAILED", "NoAvailableConfigurationRecorderException", "no recorder"));

        var report = StatusEvaluator.Evaluate(new StatusOptions(package, snapshot, DeployedState.Empty with { ConformancePacks = [.. statuses] }) { ExpectedPacks = packs });

        report.Controls.Where(c => c.Kind == Core.Status.DeploymentKind.ConformancePack).Select(c => $"{c.Name}:{c.Expected}/{c.Covered}/{c.Failed}").Should().Equal(
            "gc-detective-controls-1:4/4/0", "gc-detective-controls-2:2/1/1");
        var a2 = report.Accounts.Single(a => a.AccountId == "200000000002");
        a2.Findings.Should().Contain(new Finding("gc-detective-controls-2", Core.Status.DeploymentKind.ConformancePack, CoverageState.Failed, "ap-northeast-1", "CREATE_FAILED: NoAvailableConfigurationRecorderException: no recorder"));
        a2.Findings.Should().Contain(f => f.State == CoverageState.Missing && f.Region == "ap-northeast-3");
        report.Stale.Where(s => s.Kind == "conformance-pack").Select(s => s.Target).Should().Equal("300000000009 in ap-northeast-1", "300000000009 in ap-northeast-3");
        report.Stale[0].Detail.Should().Contain("'Workloads:B' is outside the pack's scope");
        report.IsCovered.Should().BeFalse();
    }
}
