using System.Collections.Immutable;
using GovCfct.Cdk.Synthesis;
using GovCfct.Cdk.Tests.Support;
using GovCfct.Core.Catalog;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Rendering;

namespace GovCfct.Cdk.Tests.Invalid;

/// <summary>Construct and catalog mistakes become coded diagnostics pointing at the control.yaml, never exceptions.</summary>
[Collection(SynthesizedCollection.Name)]
public sealed class InvalidControlTests
{
    private static readonly CdkSynthesizer s_synthesizer = new(new CdkSynthesizerOptions(CacheDirectory: null, [typeof(InvalidControlTests).Assembly]));

    private static ControlDefinition Control(string id, string? construct, params ControlParameter[] parameters) => new(
        id,
        ControlKind.StackSet,
        ControlSource.Cdk,
        new LocalizedText("テスト", "test"),
        new LocalizedText("テスト", "test"),
        "test",
        [.. parameters],
        [],
        string.Empty,
        string.Empty,
        construct,
        new SourceLocation($"templates/{id}/control.yaml", 1, 1));

    private static ControlParameter Scalar(string name, string? value = "x") =>
        new(name, ParameterType.String, value is null ? null : ParameterValue.Of(value), new LocalizedText("説明", "description"), null, ImmutableArray<string>.Empty);

    [Fact]
    public void A_template_that_still_needs_the_cdk_bootstrap_stack_is_refused_at_the_control()
    {
        // What a stack on CDK's default synthesizer adds: a BootstrapVersion parameter read from the bootstrap stack's SSM
        // parameter and a CheckBootstrapVersion rule (https://docs.aws.amazon.com/cdk/v2/guide/bootstrapping.html).
        // CfCT deploys the template into accounts that have no bootstrap stack, so no such content may remain.
        const string raw = """
            {"Parameters": {"BootstrapVersion": {"Type": "AWS::SSM::Parameter::Value<String>", "Default": "/cdk-bootstrap/hnb659fds/version"}},
             "Resources": {"Topic": {"Type": "AWS::SNS::Topic"}},
             "Rules": {"CheckBootstrapVersion": {"Assertions": [{"Assert": {"Fn::Not": [{"Fn::Contains": [["1", "2", "3", "4", "5"], {"Ref": "BootstrapVersion"}]}]}}]}}}
            """;
        var diagnostics = new DiagnosticBag();

        CdkSynthesizer.Normalize(raw, Control("bootstrapped", null), diagnostics).Should().BeNull();

        var error = diagnostics.Items.Should().ContainSingle().Subject;
        error.Code.Should().Be(DiagnosticCodes.CdkTemplateNotClean.Id);
        error.Message.Should().Be("synthesized template of control 'bootstrapped' still contains 'BootstrapVersion'");
        error.Location.Should().Be(new SourceLocation("templates/bootstrapped/control.yaml", 1, 1));
    }

    [Fact]
    public void Each_mistake_gets_its_code_and_the_good_controls_of_the_batch_still_synthesize()
    {
        var context = TestCatalog.Context();
        var diagnostics = new DiagnosticBag();
        var templates = s_synthesizer.Synthesize(
            [
                (Control("asset", nameof(AssetIntroducingStack)), context),
                (Control("undeclared", nameof(UndeclaredParameterStack)), context),
                (Control("throwing", nameof(ThrowingStack)), context),
                (Control("unused-parameter", nameof(PlainTopicStack), Scalar("DisplayName"), Scalar("Forgotten")), context),
                (Control("good", nameof(PlainTopicStack), Scalar("DisplayName")), context),
                (Control("no-construct", null), context),
                (Control("unknown-construct", "NoSuchStack"), context),
            ],
            diagnostics);

        templates.Keys.Should().Equal(CdkTemplateRequest.KeyOf(Control("good", nameof(PlainTopicStack), Scalar("DisplayName")), context));
        var byFile = diagnostics.Items.ToDictionary(d => d.Location!.File, d => d.Code);
        byFile.Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["templates/asset/control.yaml"] = DiagnosticCodes.CdkAssetNotAllowed.Id,
            ["templates/undeclared/control.yaml"] = DiagnosticCodes.CdkUnknownParameter.Id,
            ["templates/throwing/control.yaml"] = DiagnosticCodes.CdkSynthesisFailed.Id,
            ["templates/unused-parameter/control.yaml"] = DiagnosticCodes.CdkParameterNotExposed.Id,
            ["templates/no-construct/control.yaml"] = DiagnosticCodes.CdkConstructMissing.Id,
            ["templates/unknown-construct/control.yaml"] = DiagnosticCodes.CdkConstructNotFound.Id,
        });
        diagnostics.Items.Should().OnlyContain(d => d.IsError && !string.IsNullOrEmpty(d.Hint));
        diagnostics.Items.Single(d => d.Code == DiagnosticCodes.CdkUnknownParameter.Id).Message.Should().Contain("NotInCatalog");
        diagnostics.Items.Single(d => d.Code == DiagnosticCodes.CdkSynthesisFailed.Id).Message.Should().Contain("the construct is broken");
        diagnostics.Items.Single(d => d.Code == DiagnosticCodes.CdkParameterNotExposed.Id).Message.Should().Contain("Forgotten");
    }

    [Fact]
    public void One_control_requested_with_two_different_contexts_is_rejected_before_any_synthesis()
    {
        var synthesizer = new CdkSynthesizer(new CdkSynthesizerOptions(CacheDirectory: null, [typeof(InvalidControlTests).Assembly]));
        var control = Control("good", nameof(PlainTopicStack), Scalar("DisplayName"));
        var diagnostics = new DiagnosticBag();
        synthesizer.Synthesize([(control, TestCatalog.Context()), (control, TestCatalog.Context("ap-northeast-3"))], diagnostics);
        diagnostics.Items.Select(d => d.Code).Should().Contain(DiagnosticCodes.CdkConflictingRequests.Id);
    }

    [Fact]
    public void An_unknown_construct_lists_the_known_ones()
    {
        var diagnostics = new DiagnosticBag();
        new CdkSynthesizer(new CdkSynthesizerOptions(null)).Synthesize([(Control("x", "SecurityAlert"), TestCatalog.Context())], diagnostics);
        var diagnostic = diagnostics.Items.Single();
        diagnostic.Code.Should().Be(DiagnosticCodes.CdkConstructNotFound.Id);
        diagnostic.Message.Should().Contain("SecurityAlertsStack");
        diagnostic.ToString().Should().StartWith("templates/x/control.yaml(1,1): error GCF5000:");
    }
}
