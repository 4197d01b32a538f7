using GovCfct.Core.Catalog;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Rendering;
using GovCfct.Core.Resolution;
using GovCfct.Core.Tests.TestSupport;
using static GovCfct.Core.Tests.Packaging.TestModel;

namespace GovCfct.Core.Tests.Catalog;

/// <summary>
/// The resolver and the renderer apply one parameter check: a value the resolver accepts is one the renderer renders,
/// and a value one refuses the other refuses too. Once they disagreed: <c>arn:partial</c> passed the resolver (which only
/// looked for the <c>arn:</c> prefix) and failed the renderer, and an empty string against <c>https://.+</c> failed the
/// resolver and passed the renderer (which skipped empty text).
/// </summary>
public sealed class ParameterValueCheckerTests
{
    public static TheoryData<ParameterType, string?, string, bool> Cases => new()
    {
        // An ARN is arn:partition:service:region:account:resource (IAM User Guide, "IAM identifiers").
        { ParameterType.Arn, null, "arn:partial", false },
        { ParameterType.Arn, null, "arn:aws:sns:ap-northeast-1:111122223333:alerts", true },
        // A pattern is a whole-value match, an empty value included; "not set" is written into the pattern.
        { ParameterType.String, "https://.+", string.Empty, false },
        { ParameterType.String, "^$|^https://.+$", string.Empty, true },
        { ParameterType.String, "https://.+", "https://hooks.example.jp/x", true },
        { ParameterType.String, null, "two\nlines", false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Resolver_and_renderer_accept_and_refuse_the_same_values(ParameterType type, string? pattern, string value, bool accepted)
    {
        var parameter = Parameter("Target", type, null, pattern);
        var control = Control("x-target", ControlKind.StackSet, parameter);
        var location = new SourceLocation("manifest/organization.yaml", 9, 3);

        var resolving = new DiagnosticBag();
        ControlResolver.Resolve(Org(new() { ["Target"] = ParameterValue.Of(value, location) }, Ou("Workloads", [Assign("x-target")])), CatalogOf(control), resolving);
        var rendering = new DiagnosticBag();
        new TemplateRenderer().Render(control with { TemplateText = "Resources: {}\n", TemplateFile = "template.yaml.sbn" }, CatalogFixture.Context(("Target", ParameterValue.Of(value, location))), rendering);

        ParameterValueChecker.Check(parameter, ParameterValue.Of(value)).Should().Match(problem => (problem == null) == accepted);
        resolving.Items.Where(d => d.Code == DiagnosticCodes.InvalidParameterValue.Id).Should().HaveCount(accepted ? 0 : 1);
        rendering.Items.Where(d => d.Code == DiagnosticCodes.RenderParameterInvalid.Id).Should().HaveCount(accepted ? 0 : 1);
        if (!accepted)
        {
            resolving.Items.Single(d => d.Code == DiagnosticCodes.InvalidParameterValue.Id).Location.Should().Be(location);
            rendering.Items.Single().Location.Should().Be(location);
        }
    }
}
