using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace GovCfct.Core.Tests.Packaging;

/// <summary>
/// The part of pykwalify that CfCT's manifest-v2 schema uses: closed maps, seq, str/bool/date/any, required, enum, unique.
/// Typing follows YAML 1.1 as CfCT's loader does: a plain <c>2021-03-15</c> is a date, plain <c>true</c> a bool, plain
/// numbers are not strings; quoted scalars are always strings.
/// </summary>
internal static partial class PykwalifySchemaChecker
{
    public static IReadOnlyList<string> Check(string schemaYaml, string documentYaml)
    {
        var errors = new List<string>();
        Validate(Load(schemaYaml), Load(documentYaml), "", errors);
        return errors;
    }

    private static YamlNode Load(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents[0].RootNode;
    }

    private static void Validate(YamlNode rule, YamlNode node, string path, List<string> errors)
    {
        var ruleMap = (YamlMappingNode)rule;
        var type = Scalar(ruleMap, "type") ?? "str";
        switch (type)
        {
            case "map":
                if (node is not YamlMappingNode map)
                {
                    errors.Add($"{path}: expected a map");
                    return;
                }

                var mapping = (YamlMappingNode)ruleMap.Children[new YamlScalarNode("mapping")];
                foreach (var key in map.Children.Keys.Cast<YamlScalarNode>())
                {
                    if (!mapping.Children.ContainsKey(new YamlScalarNode(key.Value!)))
                    {
                        errors.Add($"Key '{key.Value}' was not defined. Path: '{path}'");
                    }
                }

                foreach (var (key, childRule) in mapping.Children)
                {
                    var name = ((YamlScalarNode)key).Value!;
                    if (map.Children.TryGetValue(new YamlScalarNode(name), out var child))
                    {
                        Validate(childRule, child, $"{path}/{name}", errors);
                    }
                    else if (Scalar((YamlMappingNode)childRule, "required") is "True" or "true")
                    {
                        errors.Add($"Cannot find required key '{name}'. Path: '{path}'");
                    }
                }

                break;
            case "seq":
                if (node is not YamlSequenceNode seq)
                {
                    errors.Add($"{path}: expected a sequence");
                    return;
                }

                var itemRule = ((YamlSequenceNode)ruleMap.Children[new YamlScalarNode("sequence")]).Children[0];
                var unique = Scalar((YamlMappingNode)itemRule, "unique") is "True" or "true";
                var seen = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < seq.Children.Count; i++)
                {
                    Validate(itemRule, seq.Children[i], $"{path}/{i}", errors);
                    if (unique && seq.Children[i] is YamlScalarNode s && !seen.Add(s.Value ?? ""))
                    {
                        errors.Add($"Value '{s.Value}' is not unique. Path: '{path}/{i}'");
                    }
                }

                break;
            case "any":
                break;
            default:
                if (node is not YamlScalarNode scalar)
                {
                    errors.Add($"{path}: expected a scalar of type {type}");
                    return;
                }

                var actual = TypeOf(scalar);
                if (actual != type)
                {
                    errors.Add($"Value '{scalar.Value}' is not a {type} (it is a {actual}). Path: '{path}'");
                }

                if (ruleMap.Children.TryGetValue(new YamlScalarNode("enum"), out var values))
                {
                    var allowed = ((YamlSequenceNode)values).Children.Select(v => ((YamlScalarNode)v).Value).ToList();
                    if (!allowed.Contains(scalar.Value) || (type == "date" && actual != "date"))
                    {
                        errors.Add($"Enum '{scalar.Value}' does not exist. Path: '{path}'");
                    }
                }

                break;
        }
    }

    private static string TypeOf(YamlScalarNode scalar)
    {
        if (scalar.Style is YamlDotNet.Core.ScalarStyle.DoubleQuoted or YamlDotNet.Core.ScalarStyle.SingleQuoted)
        {
            return "str";
        }

        var value = scalar.Value ?? "";
        if (DatePattern().IsMatch(value))
        {
            return "date";
        }

        if (BoolPattern().IsMatch(value))
        {
            return "bool";
        }

        return NumberPattern().IsMatch(value) ? "number" : value is "" or "~" or "null" ? "none" : "str";
    }

    private static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? ((YamlScalarNode)node).Value : null;

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex DatePattern();

    [GeneratedRegex("^(?:true|false|True|False|TRUE|FALSE|yes|no|Yes|No|YES|NO|on|off|On|Off|ON|OFF|y|n|Y|N)$")]
    private static partial Regex BoolPattern();

    [GeneratedRegex(@"^[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$|^0x[0-9a-fA-F]+$|^0o?[0-7]+$")]
    private static partial Regex NumberPattern();
}
