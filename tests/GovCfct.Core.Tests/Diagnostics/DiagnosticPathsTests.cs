using System.Text.Json;
using System.Xml.Linq;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Diagnostics.Output;

namespace GovCfct.Core.Tests.Diagnostics;

/// <summary>
/// A definition file is known to the loader as <c>organization.yaml</c>; every output must name it from the folder the
/// command runs in, so a terminal or editor opens it (issue #27 item 9). The oracle is the file system: the printed path,
/// taken from the current directory, must be the file that holds the mistake.
/// </summary>
public sealed class DiagnosticPathsTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("govcfct-paths-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public void A_definition_error_is_named_from_the_current_directory_in_every_format()
    {
        var diagnostics = LoadWithUnknownKey(out var line);

        var text = DiagnosticWriter.Format(diagnostics, DiagnosticFormat.Text, "1.0.0", _work);
        text.Should().StartWith($"gov/manifest/organization.yaml({line},3): error GCF1002:");
        File.ReadAllLines(Path.Combine(_work, "gov/manifest/organization.yaml"))[line - 1].Should().Contain("bogus_key");

        using var json = JsonDocument.Parse(DiagnosticWriter.Format(diagnostics, DiagnosticFormat.Json, "1.0.0", _work));
        json.RootElement.GetProperty("diagnostics")[0].GetProperty("file").GetString().Should().Be("gov/manifest/organization.yaml");

        using var sarif = JsonDocument.Parse(DiagnosticWriter.Format(diagnostics, DiagnosticFormat.Sarif, "1.0.0", _work));
        var artifact = sarif.RootElement.GetProperty("runs")[0].GetProperty("results")[0].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation");
        artifact.GetProperty("uri").GetString().Should().Be("gov/manifest/organization.yaml");
        artifact.GetProperty("uriBaseId").GetString().Should().Be("%SRCROOT%");

        var junit = XDocument.Parse(DiagnosticWriter.Format(diagnostics, DiagnosticFormat.Junit, "1.0.0", _work));
        junit.Descendants("testcase").Select(c => (string?)c.Attribute("classname")).Should().Contain("gov/manifest/organization.yaml");
    }

    [Fact]
    public void A_file_outside_the_current_directory_is_named_absolutely_and_sarif_gives_a_file_uri_without_a_base()
    {
        var diagnostics = LoadWithUnknownKey(out var line);
        var elsewhere = Directory.CreateDirectory(Path.Combine(_work, "elsewhere")).FullName;
        var full = Path.Combine(_work, "gov", "manifest", "organization.yaml");

        DiagnosticWriter.Format(diagnostics, DiagnosticFormat.Text, "1.0.0", elsewhere).Should().StartWith($"{full}({line},3): error GCF1002:");

        using var sarif = JsonDocument.Parse(DiagnosticWriter.Format(diagnostics, DiagnosticFormat.Sarif, "1.0.0", elsewhere));
        var artifact = sarif.RootElement.GetProperty("runs")[0].GetProperty("results")[0].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation");
        new Uri(artifact.GetProperty("uri").GetString()!).LocalPath.Should().Be(full);
        artifact.TryGetProperty("uriBaseId", out _).Should().BeFalse();
    }

    [Fact]
    public void The_definition_keeps_its_folder_on_every_location_it_holds_so_later_stages_point_at_the_right_file()
    {
        var manifest = WriteDefinition(out _);
        var definition = new DefinitionLoader().Load(manifest, new DiagnosticBag());

        definition.Should().NotBeNull();
        var ou = definition!.Root.Children[0];
        ou.Location.Root.Should().Be(manifest);
        DiagnosticPaths.Display(ou.Location, _work).Should().Be("gov/manifest/ous/root.yaml");
        DiagnosticPaths.Display(definition.Organization.Location!, Path.Combine(_work, "gov")).Should().Be("manifest/organization.yaml");
    }

    [Fact]
    public void A_name_without_a_folder_is_relative_to_the_current_directory_already_and_stays_as_given()
    {
        var given = new Diagnostic(DiagnosticCodes.ManifestMissing, "missing", new SourceLocation("out/manifest.yaml", 2, 1));
        var option = new Diagnostic(DiagnosticCodes.UsageError, "bad", new SourceLocation("--ou"));
        var inside = new Diagnostic(DiagnosticCodes.ManifestMissing, "missing", new SourceLocation(Path.Combine(_work, "out", "manifest.yaml")));

        DiagnosticPaths.FromDirectory([given, option, inside], _work).Select(d => d.Location!.File)
            .Should().Equal("out/manifest.yaml", "--ou", "out/manifest.yaml");
    }

    private List<Diagnostic> LoadWithUnknownKey(out int line)
    {
        var manifest = WriteDefinition(out line, "  bogus_key: 1\n");
        var bag = new DiagnosticBag();
        new DefinitionLoader().Load(manifest, bag).Should().BeNull();
        bag.Items.Should().ContainSingle(d => d.Code == "GCF1002");
        return [.. bag.Items.Where(d => d.Code == "GCF1002")];
    }

    private string WriteDefinition(out int line, string extra = "")
    {
        var manifest = Path.Combine(_work, "gov", "manifest");
        Directory.CreateDirectory(Path.Combine(manifest, "ous"));
        var organization = "organization:\n  name: Example\n  home_region: ap-northeast-1\n  resource_prefix: gc\n" + extra;
        line = 5;
        File.WriteAllText(Path.Combine(manifest, "organization.yaml"), organization);
        File.WriteAllText(Path.Combine(manifest, "ous", "root.yaml"), "parent: Root\nous:\n  - name: Workloads\n");
        return manifest;
    }
}
