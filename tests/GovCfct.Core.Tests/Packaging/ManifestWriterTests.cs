using System.Collections.Immutable;
using System.Text;
using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Packaging;
using static GovCfct.Core.Tests.Packaging.TestModel;

namespace GovCfct.Core.Tests.Packaging;

public sealed class ManifestWriterTests
{
    private static readonly string SchemaPath = Path.Combine(AppContext.BaseDirectory, "Packaging", "Schema", "manifest-v2.schema.yaml");

    private static string BuiltManifest()
    {
        var diagnostics = new DiagnosticBag();
        var package = Build(PackageBuilderTests.Government(), diagnostics).Package!;
        return package.Text(CfctPackage.ManifestFileName);
    }

    [Fact]
    public void The_generated_manifest_conforms_to_cfcts_v2_schema()
    {
        PykwalifySchemaChecker.Check(File.ReadAllText(SchemaPath), BuiltManifest()).Should().BeEmpty();
    }

    [Fact]
    public void The_schema_checker_rejects_what_cfct_rejects()
    {
        var schema = File.ReadAllText(SchemaPath);
        var good = BuiltManifest();

        PykwalifySchemaChecker.Check(schema, good.Replace("version: 2021-03-15", "version: \"2021-03-15\"", StringComparison.Ordinal)).Should().Contain(e => e.Contains("Enum"));
        PykwalifySchemaChecker.Check(schema, good.Replace("    deploy_method: stack_set", "    deploy_method: stack_set\n    retry: 3", StringComparison.Ordinal)).Should().Contain(e => e.Contains("'retry' was not defined"));
        PykwalifySchemaChecker.Check(schema, good.Replace("\"Workloads:Ministries\"", "2024", StringComparison.Ordinal)).Should().Contain(e => e.Contains("is not a str"));
    }

    [Fact]
    public void Top_level_keys_follow_cfcts_rules()
    {
        var text = BuiltManifest();
        var lines = text.Split('\n');

        lines[0].Should().StartWith("# ").And.Contain("manifest/").And.Contain("Do not edit by hand");
        text.Should().Contain("\nregion: \"ap-northeast-1\"\nversion: 2021-03-15\nenable_stack_set_deletion: true\nresources:\n");
        text.Should().NotContain("\r").And.NotContain("\t");
        Encoding.UTF8.GetBytes(text).Take(3).Should().NotEqual(new byte[] { 0xEF, 0xBB, 0xBF });
    }

    [Fact]
    public void Every_resource_starts_with_name_and_has_keys_in_cfcts_order()
    {
        var text = BuiltManifest();
        var items = text.Split("\n  - ", StringSplitOptions.None).Skip(1).ToList();
        var order = new[] { "name:", "description:", "resource_file:", "parameters:", "deploy_method:", "deployment_targets:", "regions:" };

        items.Should().NotBeEmpty();
        foreach (var item in items)
        {
            item.Should().StartWith("name: gc-");
            var keys = item.Split('\n').Where(l => l.StartsWith("    ", StringComparison.Ordinal) && !l.StartsWith("     ", StringComparison.Ordinal)).Select(l => l.Trim().Split(' ')[0]).Prepend("name:").ToList();
            keys.Should().Contain("description:");
            keys.Select(k => Array.IndexOf(order, k)).Should().BeInAscendingOrder().And.NotContain(-1);
            keys.Should().NotContain("parameter_file:");
        }
    }

    [Fact]
    public void Files_are_unquoted_values_quoted_and_ous_quoted()
    {
        var text = BuiltManifest();

        text.Should().MatchRegex(@"\n    resource_file: templates/gc-guardduty\.template\n");
        text.Should().MatchRegex(@"\n    resource_file: policies/gc-scp-[a-z0-9-]+\.json\n");
        text.Should().Contain("      - parameter_key: \"NotificationEmail\"\n        parameter_value: \"sec@example.go.jp\"\n");
        text.Should().Contain("      organizational_units:\n        - \"Workloads\"\n        - \"Workloads:Ministries\"\n");
        text.Should().NotMatchRegex(@"resource_file: [""'\s]");
    }

    [Fact]
    public void Resources_are_ordered_scps_then_rcps_then_stack_sets_each_by_name()
    {
        var diagnostics = new DiagnosticBag();
        var resources = Build(PackageBuilderTests.Government(), diagnostics).Package!.Manifest.Resources;

        var ranks = resources.Select(r => r.DeployMethod == DeployMethod.Scp ? 0 : r.DeployMethod == DeployMethod.Rcp ? 1 : 2).ToList();
        ranks.Should().BeInAscendingOrder().And.Contain([0, 1, 2]);
        foreach (var kind in resources.GroupBy(r => r.DeployMethod))
        {
            kind.Select(r => r.Name).Should().BeInAscendingOrder(StringComparer.Ordinal);
        }
    }

    [Fact]
    public void Values_are_escaped_so_yaml_reads_them_back_verbatim()
    {
        var manifest = new CfctManifest("ap-northeast-1", null, [new ManifestResource("gc-x", "say \"hi\" \\ ok", "templates/gc-x.template", DeployMethod.StackSet, [new ManifestParameter("A", "No")], null, ["2024"], ["012345678901"], [], [], [])]);
        var text = ManifestWriter.Write(manifest);

        text.Should().Contain("description: \"say \\\"hi\\\" \\\\ ok\"");
        text.Should().Contain("parameter_value: \"No\"").And.Contain("- \"2024\"").And.Contain("- \"012345678901\"");
        text.Should().NotContain("enable_stack_set_deletion");
        var yaml = new YamlDotNet.RepresentationModel.YamlStream();
        yaml.Load(new StringReader(text));
        var description = ((YamlDotNet.RepresentationModel.YamlMappingNode)((YamlDotNet.RepresentationModel.YamlSequenceNode)((YamlDotNet.RepresentationModel.YamlMappingNode)yaml.Documents[0].RootNode).Children["resources"]).Children[0]).Children["description"];
        ((YamlDotNet.RepresentationModel.YamlScalarNode)description).Value.Should().Be("say \"hi\" \\ ok");
    }

    [Fact]
    public void An_empty_manifest_lists_no_resources()
    {
        ManifestWriter.Write(new CfctManifest("ap-northeast-1", false, ImmutableArray<ManifestResource>.Empty))
            .Should().EndWith("region: \"ap-northeast-1\"\nversion: 2021-03-15\nenable_stack_set_deletion: false\nresources: []\n");
    }
}
