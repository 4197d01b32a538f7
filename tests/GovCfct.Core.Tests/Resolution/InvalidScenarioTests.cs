using System.Runtime.CompilerServices;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Resolution;
using GovCfct.Core.Tests.Packaging;

namespace GovCfct.Core.Tests.Resolution;

/// <summary>
/// Bad-input scenarios: <c>Scenarios/Invalid/&lt;case&gt;/definition/</c> is loaded and resolved against the test catalog;
/// the diagnostics must equal <c>expected/diagnostics.txt</c> (GOVCFCT_UPDATE_GOLDEN=1 rewrites it).
/// </summary>
public sealed class InvalidScenarioTests
{
    public static TheoryData<string> Cases() => new(Directory.GetDirectories(Path.Combine(SourceDir(), "Scenarios", "Invalid")).Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Diagnostics_match_the_expected_file(string name)
    {
        var folder = Path.Combine(SourceDir(), "Scenarios", "Invalid", name);
        var diagnostics = new DiagnosticBag();
        var definition = new DefinitionLoader().Load(Path.Combine(folder, "definition"), diagnostics);
        definition.Should().NotBeNull("the scenario's definition itself must load: {0}", string.Join("\n", diagnostics.Items));

        ControlResolver.Resolve(definition!, TestModel.StandardCatalog(), diagnostics);
        var actual = string.Join('\n', diagnostics.Sorted()) + "\n";
        var expectedFile = Path.Combine(folder, "expected", "diagnostics.txt");
        diagnostics.HasErrors.Should().BeTrue();
        Golden.Text(expectedFile, actual);
    }

    private static string SourceDir([CallerFilePath] string file = "") => Path.GetDirectoryName(file)!;
}
