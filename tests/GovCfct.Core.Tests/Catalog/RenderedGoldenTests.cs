using GovCfct.Core.Catalog;
using GovCfct.Core.Definition;
using GovCfct.Core.Tests.TestSupport;

namespace GovCfct.Core.Tests.Catalog;

/// <summary>
/// The rendered text of every shipped Scriban control with its defaults (plus a NotificationEmail), kept in
/// <c>Scenarios/Rendered/</c> so every template change is a reviewed diff and the bytes stay deterministic.
/// Set GOVCFCT_UPDATE_GOLDEN=1 to rewrite them.
/// </summary>
public sealed class RenderedGoldenTests
{
    public static TheoryData<string> ScribanControls() =>
        [.. CatalogFixture.Catalog.Controls.Where(c => c.Source == ControlSource.Scriban).Select(c => c.Id)];

    [Theory]
    [MemberData(nameof(ScribanControls))]
    public void Rendered_control_matches_its_golden_file(string id)
    {
        var control = CatalogFixture.Control(id);
        var text = CatalogFixture.Render(id, [("NotificationEmail", ParameterValue.Of("security@example.go.jp")), .. CatalogFixture.RequiredSamples]);
        var file = Path.Combine(RepositoryRoot.Combine("tests", "GovCfct.Core.Tests", "Catalog", "Scenarios"), "Rendered", id + (control.Kind == ControlKind.StackSet ? ".yaml" : ".json"));
        Golden.Text(file, text);
        text.Should().NotContain("\r").And.EndWith("\n").And.NotEndWith("\n\n");
    }
}
