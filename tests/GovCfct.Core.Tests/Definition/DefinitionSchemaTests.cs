using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace GovCfct.Core.Tests.Definition;

/// <summary>
/// The JSON Schemas in manifest/schema/ describe the format editors complete against: every shipped file names
/// its schema on the first line and conforms to it, and the schemas are closed (unknown keys fail).
/// </summary>
public sealed class DefinitionSchemaTests
{
    private const string SchemaComment = "# yaml-language-server: $schema=";

    private static readonly Lazy<JsonSchema> OrganizationSchema = new(() => LoadSchema("organization.schema.json"));
    private static readonly Lazy<JsonSchema> OuSchema = new(() => LoadSchema("ou.schema.json"));
    private static readonly Lazy<JsonSchema> LockSchema = new(() => LoadSchema("org-lock.schema.json"));

    public static TheoryData<string> ShippedFiles()
    {
        var data = new TheoryData<string>();
        var root = DefinitionTestFiles.ShippedDefinition;
        foreach (var file in Directory.EnumerateFiles(root, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(root, file).Replace('\\', '/'));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ShippedFiles))]
    public void Every_shipped_file_names_its_schema_and_conforms_to_it(string relativePath)
    {
        var path = Path.Combine(DefinitionTestFiles.ShippedDefinition, relativePath);
        var firstLine = File.ReadLines(path).First();
        firstLine.Should().StartWith(SchemaComment, "editors find the schema through the first-line comment");

        var schemaPath = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, firstLine[SchemaComment.Length..]));
        File.Exists(schemaPath).Should().BeTrue($"{relativePath} points at {schemaPath}");
        var expectedSchema = relativePath switch
        {
            "organization.yaml" => "organization.schema.json",
            "org-lock.yaml" => "org-lock.schema.json",
            _ => "ou.schema.json",
        };
        Path.GetFileName(schemaPath).Should().Be(expectedSchema);

        var schema = expectedSchema switch
        {
            "organization.schema.json" => OrganizationSchema.Value,
            "org-lock.schema.json" => LockSchema.Value,
            _ => OuSchema.Value,
        };
        Errors(schema, File.ReadAllText(path)).Should().BeEmpty();
    }

    [Fact]
    public void Organization_schema_rejects_an_unknown_key()
    {
        const string yaml = """
            organization:
              name: test
              home_region: ap-northeast-1
              resource_prefix: gc
              enable_stackset_deletion: true
            """;

        Errors(OrganizationSchema.Value, yaml).Should().Contain(e => e.Contains("/organization", StringComparison.Ordinal));
    }

    [Fact]
    public void Ou_schema_rejects_an_unknown_key_deep_in_the_tree()
    {
        const string yaml = """
            parent: Root
            ous:
              - name: Workloads
                children:
                  - name: Ministries
                    control: [deny-regions]
            """;

        Errors(OuSchema.Value, yaml).Should().Contain(e => e.Contains("/ous/0/children/0", StringComparison.Ordinal));
    }

    [Fact]
    public void Ou_schema_rejects_an_unquoted_account_id_and_an_exemption_without_reason()
    {
        const string yaml = """
            parent: Root
            ous:
              - name: Workloads
                accounts:
                  - id: 123456789012
                    name: unquoted
                exemptions:
                  - control: guardduty
            """;

        var errors = Errors(OuSchema.Value, yaml);

        errors.Should().Contain(e => e.Contains("/ous/0/accounts/0/id", StringComparison.Ordinal));
        errors.Should().Contain(e => e.Contains("/ous/0/exemptions/0", StringComparison.Ordinal));
    }

    [Fact]
    public void Schemas_describe_every_property_for_editor_completion()
    {
        foreach (var name in new[] { "organization.schema.json", "ou.schema.json" })
        {
            var node = JsonNode.Parse(File.ReadAllText(Path.Combine(DefinitionTestFiles.ShippedDefinition, "schema", name)))!;
            var undocumented = PropertiesWithoutDescription(node, string.Empty).ToList();
            undocumented.Should().BeEmpty($"{name} must describe every property");
        }
    }

    private static IEnumerable<string> PropertiesWithoutDescription(JsonNode node, string pointer)
    {
        if (node is JsonObject obj)
        {
            if (obj["properties"] is JsonObject properties)
            {
                foreach (var (key, value) in properties)
                {
                    if (value is JsonObject property && property["description"] is null)
                    {
                        yield return $"{pointer}/properties/{key}";
                    }
                }
            }

            foreach (var (key, value) in obj)
            {
                if (value is not null)
                {
                    foreach (var missing in PropertiesWithoutDescription(value, $"{pointer}/{key}"))
                    {
                        yield return missing;
                    }
                }
            }
        }
        else if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is { } item)
                {
                    foreach (var missing in PropertiesWithoutDescription(item, $"{pointer}/{i}"))
                    {
                        yield return missing;
                    }
                }
            }
        }
    }

    private static JsonSchema LoadSchema(string name) =>
        JsonSchema.FromText(
            File.ReadAllText(Path.Combine(DefinitionTestFiles.ShippedDefinition, "schema", name)),
            new BuildOptions { SchemaRegistry = new SchemaRegistry() });

    /// <summary>Validates YAML text and returns "instance-location: message" for every failed keyword.</summary>
    internal static List<string> Errors(JsonSchema schema, string yaml)
    {
        var json = YamlToJson(yaml) ?? throw new InvalidOperationException("empty YAML");
        using var document = JsonDocument.Parse(json.ToJsonString());
        var results = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return [];
        }

        return [.. (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key} {e.Value}"))];
    }

    // JSON as a YAML 1.2 core-schema reader sees it: plain scalars may be null, booleans or numbers; quoted ones are strings.
    private static JsonNode? YamlToJson(string yaml)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(yaml))
        {
            stream.Load(reader);
        }

        return Convert(stream.Documents[0].RootNode);
    }

    private static JsonNode? Convert(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    obj[((YamlScalarNode)key).Value!] = Convert(value);
                }

                return obj;
            case YamlSequenceNode sequence:
                return new JsonArray([.. sequence.Children.Select(Convert)]);
            case YamlScalarNode scalar when scalar.Style != ScalarStyle.Plain:
                return JsonValue.Create(scalar.Value ?? string.Empty);
            case YamlScalarNode scalar:
                var text = scalar.Value ?? string.Empty;
                if (text is "" or "~" or "null" or "Null" or "NULL")
                {
                    return null;
                }

                if (text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
                {
                    return JsonValue.Create(text.Equals("true", StringComparison.OrdinalIgnoreCase));
                }

                if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && !text.StartsWith('.'))
                {
                    return JsonValue.Create(number);
                }

                return JsonValue.Create(text);
            default:
                throw new InvalidOperationException($"unsupported YAML node {node.NodeType}");
        }
    }
}
