using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Packaging;
using static GovCfct.Core.Tests.Packaging.TestModel;

namespace GovCfct.Core.Tests.Packaging;

public sealed class PackageBuilderTests
{
    private static readonly Dictionary<string, ParameterValue> OrgParameters = new() { ["NotificationEmail"] = Value("sec@example.go.jp") };

    /// <summary>Workloads with Ministries (3 ministries) and Municipalities (1 prefecture, 2 municipalities); Sandbox gets the SCPs only.</summary>
    internal static GovernanceDefinition Government(string digitalEmail = "digital@example.go.jp", bool digitalOverrides = true, OuNode? sandbox = null)
    {
        Dictionary<string, ParameterValue>? digitalParameters = digitalOverrides ? new() { ["NotificationEmail"] = Value(digitalEmail, "manifest/ous/workloads/ministries/digital.yaml", 2) } : null;
        var ministries = Ou(
            "Workloads:Ministries",
            null,
            null,
            null,
            Ou("Workloads:Ministries:Digital", null, null, digitalParameters, Ou("Workloads:Ministries:Digital:Production"), Ou("Workloads:Ministries:Digital:Verification")),
            Ou("Workloads:Ministries:Finance", null, null, null, Ou("Workloads:Ministries:Finance:Production"), Ou("Workloads:Ministries:Finance:Verification")),
            Ou("Workloads:Ministries:Health", null, null, new() { ["NotificationEmail"] = Value("health@example.go.jp", "manifest/ous/workloads/ministries/health.yaml", 2) }));
        var municipalities = Ou(
            "Workloads:Municipalities",
            null,
            null,
            null,
            Ou("Workloads:Municipalities:Tokyo", null, null, null, Ou("Workloads:Municipalities:Tokyo:Chiyoda"), Ou("Workloads:Municipalities:Tokyo:Shinjuku", null, [OptOut("deny-regions", "runs a us-east-1 CloudFront edge function")])));
        return Org(
            OrgParameters,
            Ou("Security"),
            Ou("Workloads", [Assign("guardduty"), Assign("config-rules-baseline"), Assign("deny-regions"), Assign("deny-leave-organization"), Assign("rcp-require-secure-transport")], null, null, ministries, municipalities),
            sandbox ?? Ou("Sandbox", [Assign("deny-regions", new() { ["AllowedRegions"] = List("ap-northeast-1") }), Assign("deny-leave-organization")]));
    }

    private static CfctPackage BuildOk(GovernanceDefinition definition)
    {
        var diagnostics = new DiagnosticBag();
        var result = Build(definition, diagnostics);
        diagnostics.Items.Where(d => d.IsError).Should().BeEmpty();
        return result.Package!;
    }

    [Fact]
    public void Ous_with_the_same_values_share_one_stack_set_listing_every_ou_by_full_path()
    {
        var package = BuildOk(Government());
        var config = package.Manifest.Resources.Should().ContainSingle(r => r.ControlIds.Contains("config-rules-baseline")).Which;

        config.Name.Should().Be("gc-config-rules-baseline");
        config.OrganizationalUnits.Should().Equal(
            "Workloads",
            "Workloads:Ministries",
            "Workloads:Ministries:Digital",
            "Workloads:Ministries:Digital:Production",
            "Workloads:Ministries:Digital:Verification",
            "Workloads:Ministries:Finance",
            "Workloads:Ministries:Finance:Production",
            "Workloads:Ministries:Finance:Verification",
            "Workloads:Ministries:Health",
            "Workloads:Municipalities",
            "Workloads:Municipalities:Tokyo",
            "Workloads:Municipalities:Tokyo:Chiyoda",
            "Workloads:Municipalities:Tokyo:Shinjuku");
        config.Regions.Should().Equal("ap-northeast-1", "ap-northeast-3");
    }

    [Fact]
    public void An_ou_override_makes_a_variant_resource_named_by_the_overriding_ou()
    {
        var package = BuildOk(Government());
        var guardduty = package.Manifest.Resources.Where(r => r.ControlIds.Contains("guardduty")).ToList();

        guardduty.Should().HaveCount(3);
        var baseGroup = guardduty.Single(r => r.Name == "gc-guardduty");
        baseGroup.OrganizationalUnits.Should().NotContain(p => p.StartsWith("Workloads:Ministries:Digital", StringComparison.Ordinal) || p == "Workloads:Ministries:Health");
        baseGroup.Parameters.Should().Equal(new ManifestParameter("NotificationEmail", "sec@example.go.jp"), new ManifestParameter("Frequency", "SIX_HOURS"));

        var digital = guardduty.Single(r => r.OrganizationalUnits.Contains("Workloads:Ministries:Digital"));
        digital.Name.Should().Be("gc-guardduty-" + ResourceNames.Hash8(["Workloads:Ministries:Digital"]));
        digital.OrganizationalUnits.Should().Equal("Workloads:Ministries:Digital", "Workloads:Ministries:Digital:Production", "Workloads:Ministries:Digital:Verification");
        digital.Parameters[0].Value.Should().Be("digital@example.go.jp");

        // Same template text (only a CloudFormation parameter differs): one template file shared.
        digital.ResourceFile.Should().Be(baseGroup.ResourceFile).And.Be("templates/gc-guardduty.template");
    }

    [Fact]
    public void Changing_one_ous_value_changes_exactly_one_manifest_resource_and_an_unchanged_rebuild_changes_nothing()
    {
        var before = BuildOk(Government("digital@example.go.jp"));
        var again = BuildOk(Government("digital@example.go.jp"));
        var after = BuildOk(Government("digital-soc@example.go.jp"));

        again.Files.Keys.Should().Equal(before.Files.Keys);
        foreach (var (path, bytes) in before.Files)
        {
            again.Files[path].Should().Equal(bytes, path);
        }

        var changed = before.Manifest.Resources.Zip(after.Manifest.Resources).Where(p => p.First != p.Second && !Same(p.First, p.Second)).ToList();
        after.Manifest.Resources.Select(r => r.Name).Should().Equal(before.Manifest.Resources.Select(r => r.Name));
        changed.Should().ContainSingle().Which.First.Name.Should().Be("gc-guardduty-" + ResourceNames.Hash8(["Workloads:Ministries:Digital"]));

        // Only the manifest and the report differ; every template and policy is byte-identical.
        before.Files.Where(f => !after.Files[f.Key].SequenceEqual(f.Value)).Select(f => f.Key)
            .Should().BeEquivalentTo(["manifest.yaml"]);

        static bool Same(ManifestResource a, ManifestResource b) =>
            a.Name == b.Name && a.ResourceFile == b.ResourceFile && a.Parameters.SequenceEqual(b.Parameters) && a.OrganizationalUnits.SequenceEqual(b.OrganizationalUnits) && a.Regions.SequenceEqual(b.Regions);
    }

    [Fact]
    public void A_list_value_changed_in_one_ou_changes_only_that_variants_template_file()
    {
        static GovernanceDefinition WithExclusions(params string[] rules) => Org(
            OrgParameters,
            Ou("Workloads", [Assign("config-rules-baseline")], null, null, Ou("Workloads:A", null, null, new() { ["ExcludedRules"] = List(rules) }), Ou("Workloads:B")));

        var before = BuildOk(WithExclusions("ebs-optimized"));
        var after = BuildOk(WithExclusions("ebs-optimized", "ebs-attached"));
        var variant = "gc-config-rules-baseline-" + ResourceNames.Hash8(["Workloads:A"]);

        var changedFiles = before.Files.Keys.Where(k => !after.Files[k].SequenceEqual(before.Files[k])).ToList();
        // The manifest names the same file with the same parameters, so only the template bytes change.
        changedFiles.Should().BeEquivalentTo([$"templates/{variant}.template"]);
        after.Text($"templates/{variant}.template").Should().Contain("ebs-optimized ebs-attached");
    }

    [Fact]
    public void Scps_attach_at_the_highest_ou_and_an_opt_out_pushes_the_attachment_down_to_the_siblings()
    {
        var diagnostics = new DiagnosticBag();
        var package = Build(Government(), diagnostics).Package!;

        var leave = package.Manifest.Resources.Where(r => r.DeployMethod == DeployMethod.Scp && r.ControlIds.Contains("deny-leave-organization")).ToList();
        leave.SelectMany(r => r.OrganizationalUnits).Should().Contain(["Workloads", "Sandbox"]);
        leave.SelectMany(r => r.OrganizationalUnits).Should().NotContain("Workloads:Ministries");

        var regions = package.Manifest.Resources.Where(r => r.DeployMethod == DeployMethod.Scp && r.ControlIds.Contains("deny-regions")).ToList();
        var workloadsRegions = regions.Single(r => r.OrganizationalUnits.Contains("Workloads:Ministries"));
        workloadsRegions.OrganizationalUnits.Should().Equal("Workloads:Ministries", "Workloads:Municipalities:Tokyo:Chiyoda");
        regions.SelectMany(r => r.OrganizationalUnits).Should().NotContain(["Workloads:Municipalities:Tokyo:Shinjuku", "Workloads", "Workloads:Municipalities"]);

        diagnostics.Items.Where(d => d.Code == DiagnosticCodes.PolicyNotOnOuAccounts.Id).Select(d => d.Message)
            .Should().HaveCount(3).And.Contain(m => m.Contains("'Workloads:Municipalities:Tokyo'") && m.Contains("because Shinjuku opts out or uses other values"));
    }

    [Fact]
    public void Identical_documents_attached_at_several_ous_are_one_resource_named_after_the_first()
    {
        var package = BuildOk(Government());
        var scps = package.Manifest.Resources.Where(r => r.DeployMethod == DeployMethod.Scp).ToList();

        scps.Select(r => r.Name).Should().OnlyHaveUniqueItems();
        var shared = scps.Single(r => r.OrganizationalUnits.Contains("Workloads:Ministries"));
        shared.Name.Should().Be("gc-scp-workloads-ministries-1");
        shared.ResourceFile.Should().Be("policies/gc-scp-workloads-ministries-1.json");
        package.Text(shared.ResourceFile).Should().NotContain("\n ").And.EndWith("}\n").And.Contain("\"Sid\":\"denyregions\"");
    }

    [Fact]
    public void Report_counts_attached_and_inherited_policies_and_keeps_opt_out_reasons()
    {
        var diagnostics = new DiagnosticBag();
        var report = Build(Government(), diagnostics).Report!;

        var chiyoda = report.Ous.Single(o => o.Path == "Workloads:Municipalities:Tokyo:Chiyoda");
        chiyoda.ScpsAttached.Should().HaveCount(1);
        chiyoda.ScpsInherited.Should().Be(1);
        chiyoda.RcpsInherited.Should().Be(1);
        report.Ous.Single(o => o.Path == "Workloads").ScpsAttached.Should().HaveCount(1);
        report.OptOuts.Should().ContainSingle().Which.Reason.Should().Be("runs a us-east-1 CloudFront edge function");
        report.Policies.Should().OnlyContain(p => p.Bytes > 0);
        report.NaiveStackSetResources.Should().BeGreaterThan(report.StackSets.Length);
    }

    [Fact]
    public void Too_many_policies_at_one_ou_fail_with_the_ou_and_the_controls_named()
    {
        // Different region lists make conditions that cannot merge; 600 characters hold one control per document.
        var regions = Parameter("AllowedRegions", Core.Catalog.ParameterType.List, "");
        var catalog = CatalogOf(
            Control("scp-a", Core.Catalog.ControlKind.Scp, regions),
            Control("scp-b", Core.Catalog.ControlKind.Scp, regions),
            Control("scp-c", Core.Catalog.ControlKind.Scp, regions),
            Control("scp-d", Core.Catalog.ControlKind.Scp, regions));
        var definition = Org([], Ou("Sandbox", [
            Assign("scp-a", new() { ["AllowedRegions"] = List("ap-northeast-1") }),
            Assign("scp-b", new() { ["AllowedRegions"] = List("ap-northeast-3") }),
            Assign("scp-c", new() { ["AllowedRegions"] = List("us-east-1") }),
            Assign("scp-d", new() { ["AllowedRegions"] = List("us-west-2") })]));
        var diagnostics = new DiagnosticBag();
        var tiny = definition with { Organization = definition.Organization with { ScpLimits = new PolicyLimits(5, 2, 600) } };

        var result = Build(tiny, diagnostics, catalog);

        result.Package.Should().BeNull();
        diagnostics.Items.Should().Contain(d => d.Code == DiagnosticCodes.PackSlotsExceeded.Id && d.Message.Contains("Sandbox") && d.Message.Contains("scp-d"));
    }

    [Fact]
    public void A_policy_that_locks_out_a_protected_principal_stops_the_build_at_the_ou_it_is_in_effect()
    {
        // The lockout check is not an option of the builder: an SCP without the exemption fails every build.
        var catalog = CatalogOf(Control("deny-leave-organization", Core.Catalog.ControlKind.Scp), Control("unsafe-deny", Core.Catalog.ControlKind.Scp));
        var definition = Org([], Ou("Workloads", [Assign("deny-leave-organization")]), Ou("Sandbox", [Assign("unsafe-deny")]));
        var diagnostics = new DiagnosticBag();

        var result = Build(definition, diagnostics, catalog);

        result.Package.Should().BeNull();
        var errors = diagnostics.Items.Where(d => d.IsError).ToList();
        errors.Should().NotBeEmpty().And.OnlyContain(d => d.Code == DiagnosticCodes.LockoutDenied.Id && d.Message.EndsWith("(in effect at OU 'Sandbox')", StringComparison.Ordinal));
        errors.Should().ContainSingle("one unsafe statement is one error").Which.Message.Should().Contain("role/AWSControlTowerExecution");
    }

    [Fact]
    public void An_exemption_anyone_could_assume_stops_the_build_at_the_ou_it_is_in_effect()
    {
        // The escalation check is not an option either: an SCP that exempts roles nobody keeps others from creating fails.
        var catalog = CatalogOf(Control("deny-leave-organization", Core.Catalog.ControlKind.Scp), Control("weak-deny", Core.Catalog.ControlKind.Scp));
        var definition = Org([], Ou("Workloads", [Assign("deny-leave-organization")]), Ou("Sandbox", [Assign("weak-deny")]));
        var diagnostics = new DiagnosticBag();

        var result = Build(definition, diagnostics, catalog);

        result.Package.Should().BeNull();
        var errors = diagnostics.Items.Where(d => d.IsError).ToList();
        errors.Should().NotBeEmpty().And.OnlyContain(d => d.Code == DiagnosticCodes.EscalationPossible.Id && d.Message.EndsWith("(in effect at OU 'Sandbox')", StringComparison.Ordinal));
        errors[0].Message.Should().Contain("exempts 'arn:*:iam::*:role/AWSControlTowerExecution'").And.Contain("AWSReservedSSO_AWSAdministratorAccess_");
    }

    [Fact]
    public void An_alert_resource_no_scp_protects_stops_the_build()
    {
        // And the alert-protection check runs on every package: an unnamed topic can be deleted to silence its alert.
        var catalog = CatalogOf(Control("deny-leave-organization", Core.Catalog.ControlKind.Scp), Control("alert-topic", Core.Catalog.ControlKind.StackSet));
        var definition = Org([], Ou("Workloads", [Assign("deny-leave-organization"), Assign("alert-topic")]));
        var diagnostics = new DiagnosticBag();

        var result = Build(definition, diagnostics, catalog);

        result.Package.Should().BeNull();
        var error = diagnostics.Items.Where(d => d.IsError).Should().ContainSingle().Subject;
        error.Code.Should().Be(DiagnosticCodes.AlertResourceUnprotected.Id);
        error.Location!.File.Should().Be("templates/gc-alert-topic.template");
        error.Message.Should().Contain("AWS::SNS::Topic 'Topic' has no explicit name");
    }

    [Fact]
    public void A_comma_in_a_stack_set_parameter_value_is_an_error()
    {
        var diagnostics = new DiagnosticBag();
        var result = Build(Org(new() { ["NotificationEmail"] = Value("a@example.jp,b@example.jp", "manifest/organization.yaml", 6) }, Ou("Workloads", [Assign("guardduty")])), diagnostics);

        result.Package.Should().BeNull();
        diagnostics.Items.Should().Contain(d => d.Code == DiagnosticCodes.CommaInParameterValue.Id || d.Code == DiagnosticCodes.InvalidParameterValue.Id);
    }

    [Fact]
    public void A_comma_in_a_plain_string_parameter_is_reported_as_gcf1501()
    {
        var catalog = CatalogOf(Control("alerts", Core.Catalog.ControlKind.StackSet, Parameter("ChatWebhookUrl", Core.Catalog.ParameterType.String, "")));
        var diagnostics = new DiagnosticBag();
        var result = Build(Org(new() { ["ChatWebhookUrl"] = Value("https://chat/x?a=1,2", "manifest/organization.yaml", 6) }, Ou("Workloads", [Assign("alerts")])), diagnostics, catalog);

        result.Package.Should().BeNull();
        // Without an org lock the stack set falls back to CfCT's listed OUs (GCF1870), which is not this test's subject.
        var error = diagnostics.Items.Where(d => d.Code != DiagnosticCodes.MemberStackSetsSelfManaged.Id).Should().ContainSingle().Which;
        error.Code.Should().Be(DiagnosticCodes.CommaInParameterValue.Id);
        error.Location!.Line.Should().Be(6);
    }

    [Fact]
    public void A_cdk_control_without_a_synthesizer_is_an_error()
    {
        var cdk = Control("security-alerts", Core.Catalog.ControlKind.StackSet) with { Source = Core.Catalog.ControlSource.Cdk };
        var diagnostics = new DiagnosticBag();
        var result = Build(Org([], Ou("Workloads", [Assign("security-alerts")])), diagnostics, CatalogOf(cdk));

        result.Package.Should().BeNull();
        diagnostics.Items.Where(d => d.Code != DiagnosticCodes.MemberStackSetsSelfManaged.Id).Should().ContainSingle().Which.Code.Should().Be(DiagnosticCodes.CdkSourceMissing.Id);
    }

    [Fact]
    public void Cdk_controls_are_synthesized_in_one_call_keyed_by_control_and_values()
    {
        var cdk = Control("security-alerts", Core.Catalog.ControlKind.StackSet, Parameter("NotificationEmail", Core.Catalog.ParameterType.Email)) with { Source = Core.Catalog.ControlSource.Cdk };
        var source = new RecordingCdkSource();
        var definition = Org(OrgParameters, Ou("Workloads", [Assign("security-alerts")], null, null, Ou("Workloads:A", null, null, new() { ["NotificationEmail"] = Value("a@example.jp") }), Ou("Workloads:B")));
        var diagnostics = new DiagnosticBag();

        var result = Build(definition, diagnostics, CatalogOf(cdk), source);

        diagnostics.Items.Should().ContainSingle().Which.Code.Should().Be(DiagnosticCodes.MemberStackSetsSelfManaged.Id);
        source.Calls.Should().Be(1);
        result.Package!.Manifest.Resources.Should().HaveCount(2);
        result.Package.Text("templates/gc-security-alerts.template").Should().StartWith("# cdk security-alerts#");
    }

    [Fact]
    public void A_template_that_renders_to_nothing_without_saying_why_is_an_error_at_the_control()
    {
        var catalog = CatalogOf(Control("alerts", Core.Catalog.ControlKind.StackSet));
        var definition = Org([], Ou("Workloads", [Assign("alerts")]));
        var resolution = Core.Resolution.ControlResolver.Resolve(definition, catalog, new DiagnosticBag());
        var diagnostics = new DiagnosticBag();

        var result = PackageBuilder.Build(new PackageBuilderOptions(definition, catalog, resolution, (_, _, _) => null), diagnostics);

        result.Package.Should().BeNull();
        diagnostics.Items.Should().ContainSingle(d => d.Code == DiagnosticCodes.RenderFailed.Id)
            .Which.Message.Should().Be("template of control 'alerts' rendered nothing");
    }

    [Fact]
    public void A_cdk_synthesis_that_gives_no_template_for_a_control_is_an_error_at_the_control()
    {
        var cdk = Control("security-alerts", Core.Catalog.ControlKind.StackSet) with { Source = Core.Catalog.ControlSource.Cdk };
        var diagnostics = new DiagnosticBag();

        var result = Build(Org([], Ou("Workloads", [Assign("security-alerts")])), diagnostics, CatalogOf(cdk), new SilentCdkSource());

        result.Package.Should().BeNull();
        diagnostics.Items.Should().ContainSingle(d => d.Code == DiagnosticCodes.RenderFailed.Id)
            .Which.Message.Should().Be("CDK synthesis gave no template for control 'security-alerts'");
    }

    [Fact]
    public void A_control_id_that_cannot_be_part_of_a_cfct_resource_name_is_refused_before_the_manifest_is_written()
    {
        // The catalog loader refuses such ids; a catalog built another way meets the builder's own check of every name
        // against CfCT's pattern (CloudFormation stack set names: a letter, then letters, digits and hyphens).
        var catalog = CatalogOf(Control("alerts_v2", Core.Catalog.ControlKind.StackSet));
        var diagnostics = new DiagnosticBag();

        var result = Build(Org([], Ou("Workloads", [Assign("alerts_v2")])), diagnostics, catalog);

        result.Package.Should().BeNull();
        diagnostics.Items.Should().ContainSingle(d => d.Code == DiagnosticCodes.InvalidResourceName.Id)
            .Which.Message.Should().Be($"resource name 'gc-alerts_v2' is not [A-Za-z][A-Za-z0-9-]* of at most {ResourceNames.MaxLength} characters");
    }

    /// <summary>A CDK source that answers without a template and without a diagnostic.</summary>
    private sealed class SilentCdkSource : Core.Rendering.ICdkTemplateSource
    {
        public IReadOnlyDictionary<string, string> Synthesize(IReadOnlyList<(Core.Catalog.ControlDefinition Control, Core.Rendering.RenderContext Context)> requests, DiagnosticBag diagnostics) =>
            new Dictionary<string, string>();
    }

    private sealed class RecordingCdkSource : Core.Rendering.ICdkTemplateSource
    {
        public int Calls { get; private set; }

        public IReadOnlyDictionary<string, string> Synthesize(IReadOnlyList<(Core.Catalog.ControlDefinition Control, Core.Rendering.RenderContext Context)> requests, DiagnosticBag diagnostics)
        {
            Calls++;
            return requests.Select(r => Core.Rendering.CdkTemplateRequest.KeyOf(r.Control, r.Context)).Distinct().ToDictionary(k => k, k => $"# cdk {k}\nResources: {{}}\n");
        }
    }
}
