using System.Collections.Immutable;
using System.Text.Json;
using GovCfct.Core.Catalog;
using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Packaging;
using GovCfct.Core.Rendering;
using GovCfct.Core.Resolution;
using GovCfct.Testing;
using static GovCfct.Core.Tests.Packaging.TestModel;

namespace GovCfct.Core.Tests.Packaging;

/// <summary>
/// Stack-set controls assigned to OUs become service-managed stack sets with automatic deployment, owned by one stack in
/// the management account: the CfCT manifest lists no member OU, targets are the highest OU ids whose whole subtree
/// receives the same (control, values) — split by variants and opt-outs exactly like SCP attachment — and the root id when
/// every top-level OU has it. Expectations are hand-worked from the trees below and the documented rules of
/// AWS::CloudFormation::StackSet (at most 50 OU ids per call, TemplateBody at most 51,200 bytes, no macros); the owner
/// template is linted with the real cfn-lint in both governed regions.
/// </summary>
public sealed class MemberStackSetTests
{
    private const string Management = "111122223333";

    private static OrgLock Lock(params (string Path, string Id)[] ous) =>
        new("o-abcdefghij", Management, "r-ab12", ous.ToImmutableSortedDictionary(o => o.Path, o => new LockedOu(o.Path, o.Id, true, new SourceLocation("manifest/org-lock.yaml", 1, 1)), StringComparer.Ordinal), "manifest/org-lock.yaml");

    private static GovernanceDefinition Definition(OrgLock? orgLock, params OuNode[] topLevel) =>
        Org(new() { ["NotificationEmail"] = Value("sec@example.com") }, topLevel) with
        {
            TargetAccounts = [new TargetAccount(Management, "mgmt", true, [], new SourceLocation("manifest/organization.yaml", 20, 1))],
            Lock = orgLock,
        };

    // Workloads: guardduty → A (same values), B (own e-mail: a variant), C (opts out); Sandbox: guardduty; Security: none.
    private static OuNode[] Tree() =>
    [
        Ou("Workloads", [Assign("guardduty")], null, null,
            Ou("Workloads:A", null, null, null, Ou("Workloads:A:Deep")),
            Ou("Workloads:B", [Assign("guardduty", new() { ["NotificationEmail"] = Value("b@example.com", "manifest/ous/b.yaml", 4) })]),
            Ou("Workloads:C", null, [OptOut("guardduty")])),
        Ou("Sandbox", [Assign("guardduty")]),
        Ou("Security"),
    ];

    private static OrgLock TreeLock() => Lock(
        ("Workloads", "ou-ab12-00000001"), ("Workloads:A", "ou-ab12-00000002"), ("Workloads:A:Deep", "ou-ab12-00000006"),
        ("Workloads:B", "ou-ab12-00000003"), ("Workloads:C", "ou-ab12-00000004"), ("Sandbox", "ou-ab12-00000005"), ("Security", "ou-ab12-00000007"));

    private static JsonElement StackSets(CfctPackage package) =>
        JsonDocument.Parse(package.Text("templates/gc-member-stack-sets.template")).RootElement.GetProperty("Resources").Clone();

    private static List<string> Targets(JsonElement stackSet) =>
        [.. stackSet.GetProperty("Properties").GetProperty("StackInstancesGroup").EnumerateArray()
            .SelectMany(g => g.GetProperty("DeploymentTargets").GetProperty("OrganizationalUnitIds").EnumerateArray().Select(i => i.GetString()!))];

    private static JsonElement ByName(JsonElement resources, string name) =>
        resources.EnumerateObject().Single(r => r.Value.GetProperty("Properties").GetProperty("StackSetName").GetString() == name).Value;

    [Fact]
    public void Targets_are_the_highest_uniform_OUs_and_a_variant_or_opt_out_splits_them_like_SCP_attachment()
    {
        var diagnostics = new DiagnosticBag();
        var package = Build(Definition(TreeLock(), Tree()), diagnostics).Package!;

        diagnostics.HasErrors.Should().BeFalse(string.Join('\n', diagnostics.Items));
        var resources = StackSets(package);
        resources.EnumerateObject().Should().HaveCount(2);

        // Base values: Workloads is not uniform (B differs, C opts out), so Workloads:A (with its nested OU) and Sandbox.
        Targets(ByName(resources, "gc-guardduty")).Should().Equal("ou-ab12-00000002", "ou-ab12-00000005");
        var variant = resources.EnumerateObject().Single(r => r.Value.GetProperty("Properties").GetProperty("StackSetName").GetString() != "gc-guardduty").Value;
        Targets(variant).Should().Equal("ou-ab12-00000003");
        variant.GetProperty("Properties").GetProperty("Parameters").EnumerateArray()
            .Should().Contain(p => p.GetProperty("ParameterKey").GetString() == "NotificationEmail" && p.GetProperty("ParameterValue").GetString() == "b@example.com");

        // The accounts directly in Workloads get nothing: the same warning rule as an SCP that cannot sit there.
        diagnostics.Items.Should().ContainSingle(d => d.Code == DiagnosticCodes.StackSetNotOnOuAccounts.Id)
            .Which.Message.Should().Contain("'Workloads'").And.Contain("B").And.Contain("C");

        // CfCT deploys only the owner stack, to the management account, home region: no member OU in the manifest.
        package.Manifest.Resources.Should().OnlyContain(r => r.DeployMethod != DeployMethod.StackSet || r.OrganizationalUnits.IsDefaultOrEmpty);
        var owner = package.Manifest.Resources.Single(r => r.Name == "gc-member-stack-sets");
        owner.Accounts.Should().Equal(Management);
        owner.Regions.Should().Equal("ap-northeast-1");
        owner.ControlIds.Should().Equal("guardduty");
    }

    [Fact]
    public void Each_stack_set_is_service_managed_with_automatic_deployment_in_every_governed_region_and_embeds_its_member_template()
    {
        var diagnostics = new DiagnosticBag();
        var package = Build(Definition(TreeLock(), Tree()), diagnostics).Package!;

        var set = ByName(StackSets(package), "gc-guardduty");
        set.GetProperty("Type").GetString().Should().Be("AWS::CloudFormation::StackSet");
        var properties = set.GetProperty("Properties");
        properties.GetProperty("PermissionModel").GetString().Should().Be("SERVICE_MANAGED");
        properties.GetProperty("AutoDeployment").GetProperty("Enabled").GetBoolean().Should().BeTrue();
        properties.GetProperty("AutoDeployment").GetProperty("RetainStacksOnAccountRemoval").GetBoolean().Should().BeFalse();
        properties.GetProperty("ManagedExecution").GetProperty("Active").GetBoolean().Should().BeTrue();
        var preferences = properties.GetProperty("OperationPreferences");
        preferences.GetProperty("RegionConcurrencyType").GetString().Should().Be("PARALLEL");
        preferences.GetProperty("ConcurrencyMode").GetString().Should().Be("SOFT_FAILURE_TOLERANCE");
        preferences.GetProperty("MaxConcurrentPercentage").GetInt32().Should().Be(100);
        preferences.GetProperty("FailureTolerancePercentage").GetInt32().Should().BeInRange(1, 100);
        properties.GetProperty("StackInstancesGroup").EnumerateArray().Should().OnlyContain(g =>
            g.GetProperty("Regions").EnumerateArray().Select(r => r.GetString()).SequenceEqual(new[] { "ap-northeast-1", "ap-northeast-3" }));
        properties.GetProperty("TemplateBody").GetString().Should().Be(package.Text("templates/gc-guardduty.template"));
        properties.TryGetProperty("Capabilities", out _).Should().BeFalse("the member template creates no IAM resource");
    }

    [Fact]
    public void The_root_id_is_the_target_when_every_top_level_OU_has_the_same_values()
    {
        var diagnostics = new DiagnosticBag();
        var tree = new[] { Ou("Workloads", [Assign("guardduty")], null, null, Ou("Workloads:A")), Ou("Sandbox", [Assign("guardduty")]) };
        var package = Build(Definition(Lock(("Workloads", "ou-ab12-00000001"), ("Workloads:A", "ou-ab12-00000002"), ("Sandbox", "ou-ab12-00000005")), tree), diagnostics).Package!;

        Targets(ByName(StackSets(package), "gc-guardduty")).Should().Equal("r-ab12");
    }

    [Fact]
    public void More_than_50_target_OUs_are_split_into_groups_of_at_most_50()
    {
        var diagnostics = new DiagnosticBag();
        var ous = Enumerable.Range(1, 61).Select(i => Ou($"T{i:D2}", i == 61 ? [] : [Assign("guardduty")])).ToArray();
        var orgLock = Lock([.. Enumerable.Range(1, 61).Select(i => ($"T{i:D2}", $"ou-ab12-{i:D8}"))]);
        var package = Build(Definition(orgLock, ous), diagnostics).Package!;

        var groups = ByName(StackSets(package), "gc-guardduty").GetProperty("Properties").GetProperty("StackInstancesGroup").EnumerateArray()
            .Select(g => g.GetProperty("DeploymentTargets").GetProperty("OrganizationalUnitIds").GetArrayLength()).ToList();
        groups.Should().Equal(50, 10);
    }

    [Fact]
    public void The_owner_template_is_deterministic_and_passes_cfn_lint_in_both_governed_regions()
    {
        var first = Build(Definition(TreeLock(), Tree()), new DiagnosticBag()).Package!;
        var second = Build(Definition(TreeLock(), Tree()), new DiagnosticBag()).Package!;
        first.Files["templates/gc-member-stack-sets.template"].Should().Equal(second.Files["templates/gc-member-stack-sets.template"]);

        var path = Path.Combine(Path.GetTempPath(), "govcfct-owner-" + Guid.NewGuid().ToString("N") + ".template");
        File.WriteAllBytes(path, first.Files["templates/gc-member-stack-sets.template"]);
        try
        {
            var (exitCode, output) = CfnLint.LintDefault([path]);
            exitCode.Should().Be(0, output);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Without_an_org_lock_the_package_falls_back_to_CfCT_listed_OUs_with_a_warning()
    {
        var diagnostics = new DiagnosticBag();
        var package = Build(Definition(null, Tree()), diagnostics).Package!;

        diagnostics.Items.Should().ContainSingle(d => d.Code == DiagnosticCodes.MemberStackSetsSelfManaged.Id);
        package.Files.Keys.Should().NotContain("templates/gc-member-stack-sets.template");
        package.Manifest.Resources.Single(r => r.Name == "gc-guardduty").OrganizationalUnits.Should().Contain("Workloads:A");
    }

    [Fact]
    public void A_target_OU_missing_from_the_lock_is_an_error()
    {
        var diagnostics = new DiagnosticBag();
        var result = Build(Definition(Lock(("Workloads", "ou-ab12-00000001")), Tree()), diagnostics);

        result.Package.Should().BeNull();
        diagnostics.Items.Should().Contain(d => d.Code == DiagnosticCodes.StackSetOuNotInOrgLock.Id && d.Message.Contains("'Sandbox'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_planned_OU_that_several_stack_sets_target_is_one_error_with_the_order_that_resolves_it()
    {
        // Issue #27 item 9: an OU planned in the definition, not yet in the organization, failed once per stack set.
        var catalog = CatalogOf(
            Control("guardduty", ControlKind.StackSet, Parameter("NotificationEmail", ParameterType.Email)),
            Control("config-rules-baseline", ControlKind.StackSet),
            Control("access-analyzer", ControlKind.StackSet));
        var tree = new[]
        {
            Ou("Workloads", [Assign("guardduty"), Assign("config-rules-baseline"), Assign("access-analyzer")]),
            Ou("Planned", [Assign("guardduty"), Assign("config-rules-baseline"), Assign("access-analyzer")]),
            Ou("Security"),
        };
        var diagnostics = new DiagnosticBag();

        var result = Build(Definition(Lock(("Workloads", "ou-ab12-00000001"), ("Security", "ou-ab12-00000007")), tree), diagnostics, catalog);

        result.Package.Should().BeNull();
        var error = diagnostics.Items.Where(d => d.IsError).Should().ContainSingle(string.Join("\n", diagnostics.Items)).Subject;
        error.Code.Should().Be(DiagnosticCodes.StackSetOuNotInOrgLock.Id);
        error.Message.Should().Be("OU 'Planned' is not in manifest/org-lock.yaml, so its id is unknown to 3 stack sets 'gc-access-analyzer', 'gc-config-rules-baseline', 'gc-guardduty'; an OU the definition plans must exist in the organization before the package can target it");
        error.Hint.Should().ContainAll("register it with Control Tower", "govcfct org snapshot --out org.json", "govcfct org lock --org org.json --out ", "pull request");
        error.Hint!.IndexOf("create the OU", StringComparison.Ordinal).Should().BeLessThan(error.Hint.IndexOf("org snapshot", StringComparison.Ordinal));
        error.Hint.IndexOf("org snapshot", StringComparison.Ordinal).Should().BeLessThan(error.Hint.IndexOf("org lock", StringComparison.Ordinal));
    }

    [Fact]
    public void A_region_outside_the_governed_regions_is_an_error_for_service_managed_instances()
    {
        var diagnostics = new DiagnosticBag();
        var catalog = CatalogOf(Control("guardduty", ControlKind.StackSet, Parameter("NotificationEmail", ParameterType.Email)) with { Regions = ["home", "us-east-1"] });
        var result = Build(Definition(TreeLock(), Tree()), diagnostics, catalog);

        result.Package.Should().BeNull();
        diagnostics.Items.Should().Contain(d => d.Code == DiagnosticCodes.StackSetRegionNotGoverned.Id && d.Message.Contains("us-east-1", StringComparison.Ordinal));
    }

    [Fact]
    public void A_member_template_over_51200_bytes_or_with_a_transform_is_an_error()
    {
        var catalog = CatalogOf(Control("guardduty", ControlKind.StackSet, Parameter("NotificationEmail", ParameterType.Email)));
        var definition = Definition(TreeLock(), Tree());

        var large = BuildWith(definition, catalog, (c, context, d) => "Resources:\n  H:\n    Type: AWS::CloudFormation::WaitConditionHandle\n# " + new string('x', 51_200) + "\n");
        large.Items.Should().Contain(d => d.Code == DiagnosticCodes.StackSetTemplateTooLarge.Id);

        var transform = BuildWith(definition, catalog, (c, context, d) => "Transform: AWS::Serverless-2016-10-31\nResources:\n  H:\n    Type: AWS::CloudFormation::WaitConditionHandle\n");
        transform.Items.Should().Contain(d => d.Code == DiagnosticCodes.StackSetTemplateTransform.Id);

        static DiagnosticBag BuildWith(GovernanceDefinition definition, ControlCatalog catalog, ControlTemplateRenderer renderer)
        {
            var diagnostics = new DiagnosticBag();
            var resolution = ControlResolver.Resolve(definition, catalog, diagnostics);
            PackageBuilder.Build(new PackageBuilderOptions(definition, catalog, resolution, renderer), diagnostics).Package.Should().BeNull();
            return diagnostics;
        }
    }
}
