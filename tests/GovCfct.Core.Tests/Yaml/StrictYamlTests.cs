using GovCfct.Core.Catalog;
using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Tests.Definition;

namespace GovCfct.Core.Tests.Yaml;

/// <summary>
/// The definition, the catalog and a CfCT manifest are read by one strict YAML reader: the same broken text gives the
/// same message at the same line and column in all three, only the code (one range per stage) differs.
/// </summary>
public sealed class StrictYamlTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("govcfct-yaml-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    public static TheoryData<string, int, int> BrokenTexts => new()
    {
        // A tab where YAML wants spaces: reported at the tab itself, not at the scalar before it.
        { "name: x\nous:\n\t- name: y\n", 3, 1 },
        // An unclosed flow sequence.
        { "name: x\nous: [a, b\n", 3, 1 },
        // A repeated key.
        { "name: x\nname: y\n", 2, 1 },
        // Two documents.
        { "name: x\n---\nname: y\n", 3, 1 },
    };

    [Theory]
    [MemberData(nameof(BrokenTexts))]
    public void The_definition_the_catalog_and_the_manifest_report_the_same_problem_at_the_same_place(string text, int line, int column)
    {
        var fromDefinition = Single(DefinitionFile(text));
        var fromCatalog = Single(CatalogFile(text));
        var fromManifest = Single(ManifestFile(text));

        fromCatalog.Message.Should().Be(fromDefinition.Message);
        fromManifest.Message.Should().Be(fromDefinition.Message);
        new[] { fromDefinition, fromCatalog, fromManifest }.Select(d => (d.Location!.Line, d.Location.Column))
            .Should().AllBeEquivalentTo((line, column), $"'{text}' is broken at {line}:{column}");
        fromDefinition.Code.Should().StartWith("GCF10");
        fromCatalog.Code.Should().StartWith("GCF12");
        fromManifest.Code.Should().StartWith("GCF20");
    }

    [Fact]
    public void A_manifest_with_two_documents_is_refused_as_pyyaml_safe_load_refuses_it()
    {
        const string Manifest = "region: ap-northeast-1\nversion: 2021-03-15\nresources: []\n---\nregion: us-east-1\n";

        // The oracle: CfCT reads the manifest with PyYAML's safe_load.
        var file = Path.Combine(_root, "manifest.yaml");
        File.WriteAllText(file, Manifest);
        var (exitCode, _, error) = ExternalTool.Run(
            "python3", ["-c", "import sys, yaml; yaml.safe_load(open(sys.argv[1], encoding='utf-8'))", file], hint: "python3 with PyYAML comes with this machine kind");
        exitCode.Should().NotBe(0);
        error.Should().Contain("expected a single document");

        var diagnostics = new DiagnosticBag();
        ManifestReader.Parse(Manifest, "manifest.yaml", diagnostics).Manifest.Should().BeNull();
        diagnostics.Items.Should().ContainSingle().Which.Should().Match<Diagnostic>(d =>
            d.Code == DiagnosticCodes.ManifestYamlSyntax.Id && d.Location!.Line == 5 && d.Message.Contains("more than one YAML document", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("deny-regions", true)]
    [InlineData("ct-region-deny", true)]
    [InlineData("1-deny", false)]
    [InlineData("Deny-Regions", false)]
    [InlineData("deny_regions", false)]
    [InlineData("deny-regions\n", false)]
    public void A_control_id_is_judged_by_one_rule_everywhere(string id, bool valid)
    {
        NameRules.IsControlId(id).Should().Be(valid);

        // The catalog applies it to a control's id (written here with its folder's name, so only the rule can object).
        var catalog = new DiagnosticBag();
        var folder = Path.Combine(_root, "ids-" + Guid.NewGuid().ToString("N"), id.TrimEnd('\n'));
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "control.yaml"), $"id: \"{id.Replace("\n", "\\n", StringComparison.Ordinal)}\"\n");
        new ControlCatalogLoader(null).Load(Path.GetDirectoryName(folder)!, catalog);
        catalog.Items.Any(d => d.Code == DiagnosticCodes.CatalogInvalidName.Id).Should().Be(!valid, string.Join("\n", catalog.Items));
    }

    private static Diagnostic Single(IReadOnlyList<Diagnostic> diagnostics) =>
        diagnostics.Where(d => d.IsError).Should().ContainSingle(string.Join("\n", diagnostics)).Which;

    private IReadOnlyList<Diagnostic> DefinitionFile(string text)
    {
        var target = DefinitionTestFiles.CopyShipped(_root);
        File.WriteAllText(Path.Combine(target, "ous", "zz-broken.yaml"), text);
        return DefinitionTestFiles.Load(target).Diagnostics;
    }

    private IReadOnlyList<Diagnostic> CatalogFile(string text)
    {
        var folder = Path.Combine(_root, "catalog-" + Guid.NewGuid().ToString("N"), "broken");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "control.yaml"), text);
        var diagnostics = new DiagnosticBag();
        new ControlCatalogLoader(null).Load(Path.GetDirectoryName(folder)!, diagnostics);
        return diagnostics.Items;
    }

    private static IReadOnlyList<Diagnostic> ManifestFile(string text)
    {
        var diagnostics = new DiagnosticBag();
        ManifestReader.Parse(text, "manifest.yaml", diagnostics);
        return diagnostics.Items;
    }
}
