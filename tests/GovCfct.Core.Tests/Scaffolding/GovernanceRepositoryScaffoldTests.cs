using System.Text;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Scaffolding;
using GovCfct.Core.Tests.TestSupport;

namespace GovCfct.Core.Tests.Scaffolding;

/// <summary>`govcfct init`'s repository: what it holds, that its definition loads, and that it never half-writes or overwrites.</summary>
public sealed class GovernanceRepositoryScaffoldTests : IDisposable
{
    private static readonly ScaffoldOptions Options = new("city-cloud", "cc", "ap-northeast-1", ["ap-northeast-1", "ap-northeast-3"], "CityBreakGlass", "9.8.7");

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("govcfct-init-test-");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public void The_repository_holds_the_definition_schemas_buildspec_and_a_tool_manifest_pinning_this_version()
    {
        var scaffold = GovernanceRepositoryScaffold.Render(Options, CatalogFixture.Catalog);

        scaffold.Files.Keys.Should().BeEquivalentTo(
            ".config/dotnet-tools.json", ".gitignore", "README.md", "buildspec.yml", "manifest/organization.yaml",
            "manifest/ous/security.yaml", "manifest/ous/workloads.yaml", "manifest/schema/org-lock.schema.json", "manifest/schema/organization.schema.json",
            "manifest/schema/ou.schema.json", "nuget.config", "templates/README.md");
        scaffold.Files["buildspec.yml"].Should().Equal(File.ReadAllBytes(Path.Combine(RepositoryRoot.Path, "buildspec.yml")), "the root buildspec is the template's reference copy");
        Text(scaffold, ".config/dotnet-tools.json").Should().Contain("\"version\": \"9.8.7\"").And.Contain("\"govcfct\"");
        Text(scaffold, "nuget.config").Should().Contain("<add key=\"agency\" value=\"tool-feed\" />").And.Contain("<package pattern=\"GovCfct\" />");
        Text(scaffold, "manifest/organization.yaml").Should().Contain("resource_prefix: cc\n").And.Contain("    - ap-northeast-3\n").And.Contain("BreakGlassRoleName: CityBreakGlass\n");
        scaffold.Files.Values.Select(Encoding.UTF8.GetString).Should().NotContain(t => t.Contains("{{", StringComparison.Ordinal));
        scaffold.Files["manifest/schema/ou.schema.json"].Should().Equal(
            File.ReadAllBytes(Path.Combine(RepositoryRoot.Path, "manifest", "schema", "ou.schema.json")),
            "init writes the schemas generated from the catalog, as committed for the shipped catalog");
    }

    [Fact]
    public void The_written_definition_loads_with_its_settings()
    {
        var diagnostics = new DiagnosticBag();

        GovernanceRepositoryScaffold.Write(GovernanceRepositoryScaffold.Render(Options, CatalogFixture.Catalog), _work.FullName, diagnostics).Should().BeTrue();

        var loaded = new DiagnosticBag();
        var definition = new DefinitionLoader().Load(Path.Combine(_work.FullName, "manifest"), loaded);
        loaded.HasErrors.Should().BeFalse(string.Join("\n", loaded.Items));
        definition!.Organization.ResourcePrefix.Should().Be("cc");
        File.Exists(Path.Combine(_work.FullName, ".gitignore")).Should().BeTrue();
    }

    [Fact]
    public void An_existing_file_stops_init_before_anything_is_written()
    {
        File.WriteAllText(Path.Combine(_work.FullName, "buildspec.yml"), "mine\n");
        var diagnostics = new DiagnosticBag();

        GovernanceRepositoryScaffold.Write(GovernanceRepositoryScaffold.Render(Options, CatalogFixture.Catalog), _work.FullName, diagnostics).Should().BeFalse();

        diagnostics.Items.Should().ContainSingle(d => d.Code == DiagnosticCodes.ScaffoldFileExists.Id && d.Location!.File == "buildspec.yml");
        Directory.GetFileSystemEntries(_work.FullName).Should().ContainSingle("nothing but the existing file is there");
        File.ReadAllText(Path.Combine(_work.FullName, "buildspec.yml")).Should().Be("mine\n");
    }

    [Fact]
    public void A_prefix_the_definition_refuses_is_the_loaders_diagnostic_and_nothing_is_written()
    {
        var diagnostics = new DiagnosticBag();

        GovernanceRepositoryScaffold.Write(GovernanceRepositoryScaffold.Render(Options with { ResourcePrefix = "9bad prefix" }, CatalogFixture.Catalog), _work.FullName, diagnostics).Should().BeFalse();

        diagnostics.Items.Should().Contain(d => d.Code == DiagnosticCodes.InvalidResourcePrefix.Id);
        Directory.GetFileSystemEntries(_work.FullName).Should().BeEmpty();
    }

    [Fact]
    public void Every_buildspec_command_is_a_string_CodeBuild_can_run_and_the_checks_use_the_definition()
    {
        var stream = new YamlDotNet.RepresentationModel.YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "buildspec.yml"))));
        var phases = (YamlDotNet.RepresentationModel.YamlMappingNode)((YamlDotNet.RepresentationModel.YamlMappingNode)stream.Documents[0].RootNode)["phases"];
        var commands = phases.Children.Values
            .Cast<YamlDotNet.RepresentationModel.YamlMappingNode>()
            .SelectMany(phase => ((YamlDotNet.RepresentationModel.YamlSequenceNode)phase["commands"]).Children)
            .ToList();

        // A plain scalar holding ': ' is a mapping, which CodeBuild refuses; every command must stay a string.
        commands.Should().AllBeOfType<YamlDotNet.RepresentationModel.YamlScalarNode>();
        var text = string.Join("\n", commands.Cast<YamlDotNet.RepresentationModel.YamlScalarNode>().Select(c => c.Value));
        foreach (var verb in new[] { "dotnet govcfct validate out", "dotnet govcfct plan", "dotnet govcfct publish" })
        {
            text.Split('\n').Where(l => l.Contains(verb, StringComparison.Ordinal)).Should().NotBeEmpty().And.OnlyContain(l => l.Contains("--definition manifest", StringComparison.Ordinal), $"{verb} must judge with the definition's settings");
        }

        text.Should().Contain("--previous cfct-head", "the plan compares with the package CfCT's branch holds");
    }

    private static string Text(ScaffoldResult scaffold, string path) => Encoding.UTF8.GetString(scaffold.Files[path]);
}
