using System.Diagnostics;
using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Packaging;
using GovCfct.Core.Tests.TestSupport;
using GovCfct.Pipeline;

namespace GovCfct.Core.Tests.Packaging;

/// <summary>
/// End to end through the production pipeline: the scenario definition, the shipped catalog, the Scriban renderer,
/// the statement-merging packer and the lockout check. The package must equal the golden files and lint clean.
/// </summary>
public sealed class RealCatalogScenarioTests
{
    private static readonly string ScenarioDir = Path.Combine(RepositoryRoot.Combine("tests", "GovCfct.Core.Tests", "Packaging", "Scenarios"), "real-catalog");

    private static (CfctPackage? Package, DiagnosticBag Diagnostics) BuildScenario()
    {
        var diagnostics = new DiagnosticBag();
        var result = BuildPipeline.Production().Build(Path.Combine(ScenarioDir, "definition"), RepositoryRoot.Combine("templates"), diagnostics);
        return (result.Package, diagnostics);
    }

    [Fact]
    public void The_package_matches_its_golden_files()
    {
        var (package, diagnostics) = BuildScenario();
        diagnostics.Items.Where(d => d.IsError).Should().BeEmpty();
        var expectedDir = Path.Combine(ScenarioDir, "expected");
        Golden.Folder(expectedDir, package!.Files, "the package must equal Scenarios/real-catalog/expected");
    }

    [Fact]
    public void Two_builds_are_byte_identical_and_the_manifest_conforms_to_the_schema()
    {
        var first = BuildScenario().Package!;
        var second = BuildScenario().Package!;

        second.Files.Keys.Should().Equal(first.Files.Keys);
        foreach (var (path, bytes) in first.Files)
        {
            second.Files[path].Should().Equal(bytes, path);
        }

        var schema = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Packaging", "Schema", "manifest-v2.schema.yaml"));
        PykwalifySchemaChecker.Check(schema, first.Text(CfctPackage.ManifestFileName)).Should().BeEmpty();
    }

    [Fact]
    public void Variants_opt_outs_and_attachment_come_out_as_designed()
    {
        var package = BuildScenario().Package!;
        var resources = package.Manifest.Resources;

        var config = resources.Where(r => r.ControlIds.Contains("config-rules-baseline")).ToList();
        config.Should().HaveCount(2);
        config.Single(r => r.Name != "gc-config-rules-baseline").OrganizationalUnits.Should().Equal("Workloads:Municipalities:Tokyo", "Workloads:Municipalities:Tokyo:Chiyoda");
        resources.Single(r => r.Name == "gc-config-rules-baseline").OrganizationalUnits.Should().NotContain("Workloads:Ministries:Finance");
        resources.Where(r => r.DeployMethod == DeployMethod.Scp).SelectMany(r => r.OrganizationalUnits).Distinct().Should().BeEquivalentTo(["Workloads", "Sandbox"]);
        package.Files.Where(f => f.Key.StartsWith("policies/", StringComparison.Ordinal)).Should().OnlyContain(f => f.Value.Length - 1 <= 5120);
    }

    [Fact]
    public void Every_template_passes_cfn_lint_in_both_regions()
    {
        var package = BuildScenario().Package!;
        var dir = Directory.CreateTempSubdirectory("govcfct-lint-").FullName;
        try
        {
            var diagnostics = new DiagnosticBag();
            PackageWriter.Write(package, Path.Combine(dir, "out"), dryRun: false, diagnostics);
            var templates = Directory.GetFiles(Path.Combine(dir, "out", "templates"), "*.template");
            templates.Should().NotBeEmpty();

            var (exitCode, output) = CfnLint.Lint(templates);
            exitCode.Should().Be(0, output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
