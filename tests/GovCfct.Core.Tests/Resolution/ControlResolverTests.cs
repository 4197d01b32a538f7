using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Resolution;
using static GovCfct.Core.Tests.Packaging.TestModel;

namespace GovCfct.Core.Tests.Resolution;

public sealed class ControlResolverTests
{
    private static readonly Dictionary<string, ParameterValue> OrgParameters = new() { ["NotificationEmail"] = Value("sec@example.go.jp") };

    private static GovernanceDefinition Tree(OuNode workloadsChild1, OuNode workloadsChild2, ControlAssignment[]? workloadsControls = null, Dictionary<string, ParameterValue>? org = null) =>
        Org(
            org ?? OrgParameters,
            Ou("Security"),
            Ou("Workloads", workloadsControls ?? [Assign("guardduty"), Assign("deny-regions")], null, null, workloadsChild1, workloadsChild2));

    private static ResolutionResult Resolve(GovernanceDefinition definition, DiagnosticBag diagnostics) =>
        ControlResolver.Resolve(definition, StandardCatalog(), diagnostics);

    private static OuResolution At(ResolutionResult result, string path) => result.Ous.Single(o => o.Ou.Path == path);

    [Fact]
    public void Descendants_inherit_every_assignment_and_unassigned_ous_get_nothing()
    {
        var diagnostics = new DiagnosticBag();
        var result = Resolve(Tree(Ou("Workloads:Ministries", null, null, null, Ou("Workloads:Ministries:Digital")), Ou("Workloads:Municipalities")), diagnostics);

        diagnostics.Items.Should().BeEmpty();
        At(result, "Workloads:Ministries:Digital").Controls.Select(c => c.Control.Id).Should().Equal("deny-regions", "guardduty");
        At(result, "Security").Controls.Should().BeEmpty();
        result.Ous.Select(o => o.Ou.Path).Should().Equal("Security", "Workloads", "Workloads:Ministries", "Workloads:Ministries:Digital", "Workloads:Municipalities");
    }

    [Fact]
    public void Opt_out_removes_the_control_from_the_ou_and_its_subtree_and_keeps_the_reason()
    {
        var diagnostics = new DiagnosticBag();
        var ministries = Ou("Workloads:Ministries", null, [OptOut("guardduty", "GuardDuty is managed from the Audit account")], null, Ou("Workloads:Ministries:Digital"));
        var result = Resolve(Tree(ministries, Ou("Workloads:Municipalities")), diagnostics);

        diagnostics.Items.Should().BeEmpty();
        At(result, "Workloads:Ministries").Controls.Select(c => c.Control.Id).Should().Equal("deny-regions");
        At(result, "Workloads:Ministries:Digital").Controls.Select(c => c.Control.Id).Should().Equal("deny-regions");
        At(result, "Workloads:Municipalities").Controls.Select(c => c.Control.Id).Should().Equal("deny-regions", "guardduty");
        result.OptOuts.Should().ContainSingle().Which.Should().Match<OptOutRecord>(o => o.OuPath == "Workloads:Ministries" && o.Reason == "GuardDuty is managed from the Audit account");
    }

    [Fact]
    public void Values_resolve_assignment_nearest_first_then_nearest_ou_then_organization_then_default()
    {
        var diagnostics = new DiagnosticBag();
        var digital = Ou("Workloads:Ministries:Digital", [Assign("guardduty", new() { ["Frequency"] = Value("ONE_HOUR") })], null, new() { ["NotificationEmail"] = Value("digital@example.go.jp") });
        var ministries = Ou("Workloads:Ministries", null, null, new() { ["NotificationEmail"] = Value("ministries@example.go.jp") }, digital, Ou("Workloads:Ministries:Finance"));
        var definition = Tree(ministries, Ou("Workloads:Municipalities"), [Assign("guardduty", new() { ["Frequency"] = Value("SIX_HOURS") })]);
        var result = Resolve(definition, diagnostics);

        diagnostics.Items.Should().BeEmpty();
        var atDigital = At(result, "Workloads:Ministries:Digital").Controls.Single();
        atDigital.Values["Frequency"].Scalar.Should().Be("ONE_HOUR");
        atDigital.Origins["Frequency"].Should().Be(new ValueOrigin(ValueOriginKind.Assignment, "Workloads:Ministries:Digital"));
        atDigital.Values["NotificationEmail"].Scalar.Should().Be("digital@example.go.jp");

        var atFinance = At(result, "Workloads:Ministries:Finance").Controls.Single();
        atFinance.Values["Frequency"].Scalar.Should().Be("SIX_HOURS");
        atFinance.Values["NotificationEmail"].Scalar.Should().Be("ministries@example.go.jp");
        atFinance.Origins["NotificationEmail"].Should().Be(new ValueOrigin(ValueOriginKind.OuParameter, "Workloads:Ministries"));

        var atMunicipalities = At(result, "Workloads:Municipalities").Controls.Single();
        atMunicipalities.Values["NotificationEmail"].Scalar.Should().Be("sec@example.go.jp");
        atMunicipalities.Origins["NotificationEmail"].Kind.Should().Be(ValueOriginKind.Organization);
    }

    [Fact]
    public void Catalog_default_applies_when_nothing_sets_the_parameter()
    {
        var diagnostics = new DiagnosticBag();
        var result = Resolve(Tree(Ou("Workloads:A"), Ou("Workloads:B"), [Assign("guardduty")]), diagnostics);

        var instance = At(result, "Workloads:A").Controls.Single();
        instance.Values["Frequency"].Scalar.Should().Be("SIX_HOURS");
        instance.Origins["Frequency"].Kind.Should().Be(ValueOriginKind.Default);
    }

    [Fact]
    public void Unknown_control_is_an_error_at_the_assignment()
    {
        var diagnostics = new DiagnosticBag();
        Resolve(Tree(Ou("Workloads:A", [Assign("deny-everything", line: 12)]), Ou("Workloads:B")), diagnostics);

        var error = diagnostics.Items.Should().ContainSingle().Which;
        error.Code.Should().Be(DiagnosticCodes.UnknownControl.Id);
        error.Location!.Line.Should().Be(12);
        error.Message.Should().Contain("deny-everything").And.Contain("Workloads:A");
    }

    [Fact]
    public void Unknown_assignment_parameter_is_an_error_reported_once()
    {
        var diagnostics = new DiagnosticBag();
        Resolve(Tree(Ou("Workloads:A"), Ou("Workloads:B"), [Assign("guardduty", new() { ["NotifcationEmail"] = Value("x@example.jp", "manifest/ous/workloads.yaml", 9) })]), diagnostics);

        var error = diagnostics.Items.Should().ContainSingle().Which;
        error.Code.Should().Be(DiagnosticCodes.UnknownAssignmentParameter.Id);
        error.Location.Should().Be(new SourceLocation("manifest/ous/workloads.yaml", 9, 1));
        error.Hint.Should().Contain("NotificationEmail");
    }

    [Fact]
    public void Missing_required_parameter_names_the_ou()
    {
        var diagnostics = new DiagnosticBag();
        Resolve(Tree(Ou("Workloads:A"), Ou("Workloads:B"), org: []), diagnostics);

        var error = diagnostics.Items.Should().ContainSingle().Which;
        error.Code.Should().Be(DiagnosticCodes.MissingRequiredParameter.Id);
        error.Message.Should().Contain("NotificationEmail").And.Contain("'Workloads'");
    }

    [Theory]
    [InlineData("not-an-email", "NotificationEmail")]
    [InlineData("TEN_MINUTES", "Frequency")]
    public void Value_not_matching_type_or_allowed_values_is_an_error(string value, string parameter)
    {
        var diagnostics = new DiagnosticBag();
        Resolve(Tree(Ou("Workloads:A"), Ou("Workloads:B"), [Assign("guardduty", new() { [parameter] = Value(value, "manifest/ous/workloads.yaml", 4) })]), diagnostics);

        var error = diagnostics.Items.Should().ContainSingle().Which;
        error.Code.Should().Be(DiagnosticCodes.InvalidParameterValue.Id);
        error.Message.Should().Contain(value);
        error.Location!.Line.Should().Be(4);
    }

    [Fact]
    public void Each_ou_value_is_checked_on_its_own_even_though_equal_pairs_are_checked_once()
    {
        // The resolver remembers each (parameter, value) check: a valid value must not hide an invalid one, and an
        // invalid value repeated at two places must be reported at both.
        var diagnostics = new DiagnosticBag();
        var valid = Ou("Workloads:A", null, null, new() { ["Frequency"] = Value("ONE_HOUR", "manifest/ous/a.yaml", 3) });
        var invalid = Ou("Workloads:B", null, null, new() { ["Frequency"] = Value("TEN_MINUTES", "manifest/ous/b.yaml", 5) }, Ou("Workloads:B:C", null, null, new() { ["Frequency"] = Value("TEN_MINUTES", "manifest/ous/c.yaml", 7) }));
        var result = Resolve(Tree(valid, invalid), diagnostics);

        diagnostics.Items.Where(d => d.IsError).Select(d => (d.Code, d.Location!.File, d.Location.Line)).Should().BeEquivalentTo(new[]
        {
            (DiagnosticCodes.InvalidParameterValue.Id, "manifest/ous/b.yaml", 5),
            (DiagnosticCodes.InvalidParameterValue.Id, "manifest/ous/c.yaml", 7),
        });
        At(result, "Workloads:A").Controls.Single(c => c.Control.Id == "guardduty").ValueKey
            .Should().NotBe(At(result, "Workloads:B").Controls.Single(c => c.Control.Id == "guardduty").ValueKey);
    }

    [Fact]
    public void Scalar_given_for_a_list_parameter_is_an_error()
    {
        var diagnostics = new DiagnosticBag();
        Resolve(Tree(Ou("Workloads:A"), Ou("Workloads:B"), [Assign("deny-regions", new() { ["AllowedRegions"] = Value("ap-northeast-1") })]), diagnostics);

        diagnostics.Items.Where(d => d.IsError).Should().ContainSingle().Which.Code.Should().Be(DiagnosticCodes.InvalidParameterValue.Id);
    }

    [Fact]
    public void Opt_out_of_a_control_not_inherited_is_an_error()
    {
        var diagnostics = new DiagnosticBag();
        Resolve(Org(OrgParameters, Ou("Sandbox", null, [OptOut("deny-regions")])), diagnostics);

        var error = diagnostics.Items.Where(d => d.IsError).Should().ContainSingle().Which;
        error.Code.Should().Be(DiagnosticCodes.OptOutNotInherited.Id);
        error.Location!.Line.Should().Be(7);
    }

    [Fact]
    public void Ou_parameter_no_control_in_its_subtree_uses_is_a_warning()
    {
        var diagnostics = new DiagnosticBag();
        Resolve(Org(OrgParameters, Ou("Security", null, null, new() { ["NotificationEmail"] = Value("x@example.jp") }), Ou("Workloads", [Assign("guardduty")])), diagnostics);

        var warning = diagnostics.Items.Should().ContainSingle().Which;
        warning.Severity.Should().Be(Severity.Warning);
        warning.Code.Should().Be(DiagnosticCodes.UnusedParameter.Id);
        warning.Message.Should().Contain("Security");
    }
}
