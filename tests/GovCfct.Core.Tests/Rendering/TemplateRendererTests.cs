using System.Collections.Immutable;
using System.Text.Json;
using GovCfct.Core.Catalog;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Rendering;
using GovCfct.Core.Tests.TestSupport;

namespace GovCfct.Core.Tests.Rendering;

/// <summary>The renderer's contract: strict variables, errors located in the template, normalized output, checked shape.</summary>
public sealed class TemplateRendererTests
{
    private const string TemplatePath = "templates/x-test/policy.json.sbn";

    private static ControlDefinition Control(string template, ControlKind kind = ControlKind.Scp, ControlSource source = ControlSource.Scriban, params ControlParameter[] parameters) => new(
        "x-test",
        kind,
        source,
        new LocalizedText("テスト", "Test"),
        new LocalizedText("テスト", "Test"),
        "テスト",
        [.. parameters],
        [],
        "policy.json.sbn",
        template,
        source == ControlSource.Cdk ? "SecurityAlerts" : null,
        new SourceLocation("templates/x-test/control.yaml", 1, 1));

    private static ControlParameter Parameter(string name, ParameterType type, ParameterValue? defaultValue = null) =>
        new(name, type, defaultValue, new LocalizedText("a", "a"), null, []);

    private static (string? Text, DiagnosticBag Diagnostics) Render(ControlDefinition control, params (string, ParameterValue)[] parameters)
    {
        var diagnostics = new DiagnosticBag();
        var text = new TemplateRenderer().Render(control, CatalogFixture.Context(parameters), diagnostics);
        return (text, diagnostics);
    }

    [Fact]
    public void Undefined_variable_is_an_error_at_its_line_and_column_in_the_template()
    {
        var control = Control("{\"Version\":\"2012-10-17\",\n  \"Statement\":[{{ params.Missing }}]}\n");

        var (text, diagnostics) = Render(control);

        text.Should().BeNull();
        var diagnostic = diagnostics.Items.Should().ContainSingle().Subject;
        diagnostic.Code.Should().Be(DiagnosticCodes.TemplateRuntimeError.Id);
        diagnostic.Location.Should().Be(new SourceLocation(TemplatePath, 2, 26), "the column of the undefined member");
        diagnostic.Message.Should().Contain("Missing").And.NotContain("Scriban.");
    }

    [Fact]
    public void Unknown_top_level_variable_is_an_error()
    {
        var (text, diagnostics) = Render(Control("{{ organisation.name }}"));

        text.Should().BeNull();
        diagnostics.Items.Should().ContainSingle().Which.Code.Should().Be(DiagnosticCodes.TemplateRuntimeError.Id);
    }

    [Fact]
    public void Parse_error_stops_rendering_with_the_template_position()
    {
        var control = Control("{\"Version\":\"2012-10-17\",\n\"Statement\":[\n{{ if params }}\n]}\n");

        var (text, diagnostics) = Render(control);

        text.Should().BeNull();
        diagnostics.Items.Should().NotBeEmpty().And.OnlyContain(d => d.Code == DiagnosticCodes.TemplateParseError.Id);
        diagnostics.Items[0].Location!.File.Should().Be(TemplatePath);
        diagnostics.Items[0].Location!.Line.Should().BeGreaterThanOrEqualTo(3);
    }

    [Fact]
    public void Output_has_LF_no_trailing_whitespace_and_one_final_newline()
    {
        var (text, diagnostics) = Render(Control("{\"Version\":\"2012-10-17\",   \r\n\"Statement\":[]}  \r\n\r\n\n"));

        diagnostics.Items.Should().BeEmpty();
        text.Should().Be("{\"Version\":\"2012-10-17\",\n\"Statement\":[]}\n");
    }

    [Fact]
    public void Json_functions_escape_values_so_the_policy_stays_valid()
    {
        var control = Control(
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":{{ json_string params.Name }},\"Effect\":\"Deny\",\"Action\":{{ json_array params.Actions }},\"Resource\":\"*\"}]}",
            ControlKind.Scp,
            ControlSource.Scriban,
            Parameter("Name", ParameterType.String),
            Parameter("Actions", ParameterType.List));

        var (text, diagnostics) = Render(control, ("Name", ParameterValue.Of("a\"b\\c")), ("Actions", ParameterValue.OfList(["s3:*", "ec2:Run\"Instances"])));

        diagnostics.Items.Should().BeEmpty();
        using var document = JsonDocument.Parse(text!);
        var statement = document.RootElement.GetProperty("Statement")[0];
        statement.GetProperty("Sid").GetString().Should().Be("a\"b\\c");
        statement.GetProperty("Action").EnumerateArray().Select(a => a.GetString()).Should().Equal("s3:*", "ec2:Run\"Instances");
    }

    [Fact]
    public void Context_values_override_catalog_defaults_and_defaults_fill_the_rest()
    {
        var control = Control(
            "{\"Version\":\"2012-10-17\",\"Statement\":[],\"X\":{{ json_array params.Regions }},\"Y\":{{ json_string params.Name }}}",
            ControlKind.Scp,
            ControlSource.Scriban,
            Parameter("Regions", ParameterType.List, ParameterValue.OfList(["ap-northeast-1", "ap-northeast-3"])),
            Parameter("Name", ParameterType.String, ParameterValue.Of("default-name")));

        var (text, _) = Render(control, ("Regions", ParameterValue.OfList(["ap-northeast-1"])));

        text.Should().Be("{\"Version\":\"2012-10-17\",\"Statement\":[],\"X\":[\"ap-northeast-1\"],\"Y\":\"default-name\"}\n");
    }

    [Fact]
    public void Required_parameter_without_value_is_reported_by_name()
    {
        var control = Control("{\"Version\":\"2012-10-17\",\"Statement\":[]}", ControlKind.Scp, ControlSource.Scriban, Parameter("NotificationEmail", ParameterType.Email));

        var (text, diagnostics) = Render(control);

        text.Should().BeNull();
        var diagnostic = diagnostics.Items.Should().ContainSingle().Subject;
        diagnostic.Code.Should().Be(DiagnosticCodes.RenderParameterMissing.Id);
        diagnostic.Message.Should().Contain("NotificationEmail");
    }

    [Theory]
    [InlineData("deny-regions", "AllowedRegions", "Tokyo", true, "does not match the pattern")]
    [InlineData("deny-regions", "AllowedRegions", "ap-northeast-1", false, "expected a list")]
    [InlineData("config-rules-baseline", "EnableRootMfa", "yes", false, "is not true or false")]
    [InlineData("config-rules-baseline", "RootMfaCheckFrequency", "Weekly", false, "not one of")]
    [InlineData("restrict-iam-user-creation", "AdminPermissionSetName", "Admin\"},{\"Effect", false, "does not match the pattern")]
    public void Value_that_does_not_fit_the_declaration_is_refused_at_its_definition_position(string id, string name, string value, bool asList, string problem)
    {
        var location = new SourceLocation("manifest/organization.yaml", 7, 5);
        var parameter = asList ? ParameterValue.OfList([value], location) : ParameterValue.Of(value, location);
        var diagnostics = new DiagnosticBag();

        var text = new TemplateRenderer().Render(CatalogFixture.Control(id), CatalogFixture.Context((name, parameter)), diagnostics);

        text.Should().BeNull();
        var diagnostic = diagnostics.Items.Should().ContainSingle().Subject;
        diagnostic.Code.Should().Be(DiagnosticCodes.RenderParameterInvalid.Id);
        diagnostic.Message.Should().Contain(name).And.Contain(problem);
        diagnostic.Location.Should().Be(location);
    }

    [Fact]
    public void Cdk_control_is_refused()
    {
        var (text, diagnostics) = Render(Control(string.Empty, ControlKind.StackSet, ControlSource.Cdk));

        text.Should().BeNull();
        diagnostics.Items.Should().ContainSingle().Which.Code.Should().Be(DiagnosticCodes.TemplateNotScriban.Id);
    }

    [Theory]
    [InlineData("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"A\",}]}")]
    [InlineData("{\"Statement\":[]}")]
    [InlineData("[]")]
    public void Rendered_policy_that_is_not_a_policy_document_is_an_error(string template)
    {
        var (text, diagnostics) = Render(Control(template));

        text.Should().BeNull();
        diagnostics.Items.Should().ContainSingle().Which.Code.Should().Be(DiagnosticCodes.RenderedPolicyInvalid.Id);
    }

    [Fact]
    public void Stack_set_must_declare_every_non_list_parameter_as_a_CloudFormation_parameter()
    {
        var control = Control(
            "Parameters:\n  Declared:\n    Type: String\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n",
            ControlKind.StackSet,
            ControlSource.Scriban,
            Parameter("Declared", ParameterType.String, ParameterValue.Of("x")),
            Parameter("Forgotten", ParameterType.Boolean, ParameterValue.Of("true")),
            Parameter("Rendered", ParameterType.List, ParameterValue.OfList(["a"])));

        var (text, diagnostics) = Render(control);

        text.Should().BeNull();
        var diagnostic = diagnostics.Items.Should().ContainSingle().Subject;
        diagnostic.Code.Should().Be(DiagnosticCodes.StackSetParameterMissing.Id);
        diagnostic.Message.Should().Contain("Forgotten");
    }

    [Fact]
    public void Stack_set_parameter_that_nothing_supplies_is_an_error()
    {
        var control = Control(
            "Parameters:\n  Orphan:\n    Type: String\n  Optional:\n    Type: String\n    Default: x\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n",
            ControlKind.StackSet);

        var (text, diagnostics) = Render(control);

        text.Should().BeNull();
        var diagnostic = diagnostics.Items.Should().ContainSingle().Subject;
        diagnostic.Code.Should().Be(DiagnosticCodes.StackSetParameterUndeclared.Id);
        diagnostic.Message.Should().Contain("Orphan");
    }

    [Fact]
    public void Stack_set_without_resources_is_an_error()
    {
        var (text, diagnostics) = Render(Control("Description: nothing\n", ControlKind.StackSet));

        text.Should().BeNull();
        diagnostics.Items.Should().ContainSingle().Which.Code.Should().Be(DiagnosticCodes.RenderedTemplateInvalid.Id);
    }

    [Fact]
    public void Template_model_exposes_org_and_protected_principals()
    {
        var control = Control("{\"Version\":\"2012-10-17\",\"Statement\":[],\"N\":{{ json_string org.name }},\"H\":{{ json_string org.home_region }},\"G\":{{ json_array org.governed_regions }},\"P\":{{ json_string org.resource_prefix }},\"A\":{{ json_array protected_principal_arns }}}");

        var (text, diagnostics) = Render(control);

        diagnostics.Items.Should().BeEmpty();
        using var document = JsonDocument.Parse(text!);
        var root = document.RootElement;
        root.GetProperty("N").GetString().Should().Be("government-cloud");
        root.GetProperty("H").GetString().Should().Be("ap-northeast-1");
        root.GetProperty("G").GetArrayLength().Should().Be(2);
        root.GetProperty("P").GetString().Should().Be("gc");
        root.GetProperty("A").EnumerateArray().Select(a => a.GetString()).Should().Equal(CatalogFixture.Settings.ProtectedPrincipalArns);
    }

    [Fact]
    public void One_renderer_renders_a_changed_template_text_afresh_and_repeats_bytes_for_the_same_input()
    {
        var renderer = new TemplateRenderer();
        var context = CatalogFixture.Context();
        var first = renderer.Render(Control("{\"Version\":\"2012-10-17\",\"Statement\":[],\"V\":1}"), context, new DiagnosticBag());
        var again = renderer.Render(Control("{\"Version\":\"2012-10-17\",\"Statement\":[],\"V\":1}"), context, new DiagnosticBag());
        var changed = renderer.Render(Control("{\"Version\":\"2012-10-17\",\"Statement\":[],\"V\":2}"), context, new DiagnosticBag());

        again.Should().Be(first);
        changed.Should().Contain("\"V\":2");
    }

    [Theory]
    [InlineData("a\r\nb  \r\n", "a\nb\n")]
    [InlineData("\n\n", "")]
    [InlineData("x", "x\n")]
    public void Normalize_is_stable(string input, string expected) => TemplateRenderer.Normalize(input).Should().Be(expected);

    [Fact]
    public void Every_shipped_control_renders_with_its_defaults()
    {
        var renderer = new TemplateRenderer();
        foreach (var control in CatalogFixture.Catalog.Controls.Where(c => c.Source == ControlSource.Scriban))
        {
            var diagnostics = new DiagnosticBag();
            var parameters = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("NotificationEmail", ParameterValue.Of("security@example.go.jp")), .. CatalogFixture.RequiredSamples.Select(p => KeyValuePair.Create(p.Name, p.Value))]);
            var text = renderer.Render(control, CatalogFixture.Context() with { Parameters = parameters }, diagnostics);
            diagnostics.Items.Should().BeEmpty(control.Id);
            text.Should().NotBeNullOrEmpty(control.Id);
        }
    }
}
