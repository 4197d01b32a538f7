using System.Globalization;
using System.Text.Json.Nodes;
using Json.Schema;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace GovCfct.Core.Tests.Catalog;

/// <summary>The shipped JSON Schema for control.yaml accepts every shipped control and rejects broken ones, so editors can rely on it.</summary>
public sealed class ControlSchemaTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(RepositoryRoot.Combine("templates"), "schema", "control.schema.json"))));

    public static TheoryData<string> ShippedControls() =>
        [.. Directory.GetFiles(RepositoryRoot.Combine("templates"), "control.yaml", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(RepositoryRoot.Combine("templates"), f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(ShippedControls))]
    public void Shipped_control_conforms_to_the_schema(string file)
    {
        var result = Evaluate(Path.Combine(RepositoryRoot.Combine("templates"), file));

        result.IsValid.Should().BeTrue(Describe(result));
    }

    [Theory]
    [InlineData("unknown-key")]
    [InlineData("invalid-values")]
    [InlineData("missing-required-keys")]
    [InlineData("regions-on-scp")]
    [InlineData("cdk-mismatch")]
    [InlineData("invalid-names")]
    public void Schema_rejects_invalid_controls(string reason)
    {
        var file = Directory.GetFiles(Path.Combine(RepositoryRoot.Combine("tests", "GovCfct.Core.Tests", "Catalog", "Scenarios"), "Invalid", reason), "control.yaml", SearchOption.AllDirectories).Single();

        Evaluate(file).IsValid.Should().BeFalse();
    }

    private static EvaluationResults Evaluate(string file)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(file)));
        using var document = System.Text.Json.JsonDocument.Parse(ToJson(stream.Documents[0].RootNode)!.ToJsonString());
        return Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    private static string Describe(EvaluationResults result) =>
        string.Join("; ", (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")));

    // YAML 1.2 core schema for plain scalars: booleans and numbers typed, everything quoted stays a string.
    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "false" } scalar => JsonValue.Create(scalar.Value == "true"),
        YamlScalarNode { Style: ScalarStyle.Plain } scalar when decimal.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value ?? string.Empty),
        _ => null,
    };
}
