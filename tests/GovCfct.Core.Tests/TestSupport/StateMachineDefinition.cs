using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace GovCfct.Core.Tests.TestSupport;

/// <summary>
/// A rendered template's state machine Definition as the JSON CloudFormation hands to Step Functions: YAML converted
/// as CloudFormation converts it (plain integers and booleans keep their type) and DefinitionSubstitutions replaced by
/// sample values, which must name exactly the template's substitutions.
/// </summary>
internal static partial class StateMachineDefinition
{
    /// <summary>The template's resources.</summary>
    public static YamlMappingNode Resources(string templateText)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(templateText));
        return (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode)["Resources"];
    }

    /// <summary>The Definition of the state machine resource <paramref name="logicalId"/>, substitutions replaced.</summary>
    public static JsonObject Load(string templateText, string logicalId, IReadOnlyDictionary<string, string> substitutions)
    {
        var properties = (YamlMappingNode)((YamlMappingNode)Resources(templateText)[logicalId])["Properties"];
        var declared = properties.Children.TryGetValue(new YamlScalarNode("DefinitionSubstitutions"), out var node)
            ? ((YamlMappingNode)node).Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToList()
            : [];
        declared.Should().BeEquivalentTo(substitutions.Keys, "the sample values must name exactly the template's DefinitionSubstitutions");
        return ToJson(properties["Definition"], substitutions)!.AsObject();
    }

    /// <summary>YAML to JSON as CloudFormation converts a Definition; <c>${Name}</c> replaced when substitutions are given.</summary>
    public static JsonNode? ToJson(YamlNode node, IReadOnlyDictionary<string, string>? substitutions = null) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value, substitutions)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(c => ToJson(c, substitutions))]),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } plain when int.TryParse(plain.Value, out var number) => JsonValue.Create(number),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } plain when long.TryParse(plain.Value, out var number) => JsonValue.Create(number),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: "true" or "false" } flag => JsonValue.Create(flag.Value == "true"),
        YamlScalarNode scalar when substitutions is not null => JsonValue.Create(Substitution().Replace(scalar.Value ?? string.Empty, m => substitutions[m.Groups[1].Value])),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => throw new InvalidOperationException("unexpected YAML node " + node.NodeType),
    };

    [GeneratedRegex(@"\$\{([A-Za-z]+)\}")]
    private static partial Regex Substitution();
}
