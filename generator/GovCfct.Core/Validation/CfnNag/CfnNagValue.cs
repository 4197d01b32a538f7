using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;
using GovCfct.Core.Yaml;

namespace GovCfct.Core.Validation.CfnNag;

/// <summary>
/// A template value as cfn_nag's model (cfn-model, a Ruby YAML load) sees it: a map, a list, a string, or a YAML-typed
/// scalar (boolean, number, null). Short-form tags become their long forms (<c>!Ref X</c> is <c>{Ref: X}</c>,
/// <c>!GetAtt A.B</c> is <c>{Fn::GetAtt: [A, B]}</c>). The type of a scalar matters: cfn_nag compares strings and
/// calls Ruby's <c>to_s</c>, so an unquoted <c>OFF</c> (a YAML 1.1 boolean, <c>false</c>) is not the string <c>'OFF'</c>.
/// </summary>
internal abstract record CfnNagValue(int Line)
{
    /// <summary>Ruby's <c>to_s</c> of the value, for the comparisons cfn_nag makes with <c>casecmp</c> and <c>==</c>.</summary>
    public abstract string RubyString { get; }
}

internal sealed record CfnNagMap(IReadOnlyList<KeyValuePair<string, CfnNagValue>> Entries, int Line) : CfnNagValue(Line)
{
    public CfnNagValue? this[string key] => Entries.FirstOrDefault(e => e.Key == key).Value;

    public bool Has(string key) => Entries.Any(e => e.Key == key);

    /// <summary>A one-key map <c>{Fn::X: ...}</c> or <c>{Ref: ...}</c>: the function and its argument.</summary>
    public (string Name, CfnNagValue Argument)? Function => Entries.Count == 1 && (Entries[0].Key == "Ref" || Entries[0].Key.StartsWith("Fn::", StringComparison.Ordinal))
        ? (Entries[0].Key, Entries[0].Value)
        : null;

    public override string RubyString =>
        "{" + string.Join(", ", Entries.Select(e => $"\"{e.Key}\"=>{Inspect(e.Value)}")) + "}";

    internal static string Inspect(CfnNagValue value) => value is CfnNagScalar { Kind: ScalarKind.String } s ? $"\"{s.Text}\"" : value is CfnNagScalar { Kind: ScalarKind.Null } ? "nil" : value.RubyString;
}

internal sealed record CfnNagList(IReadOnlyList<CfnNagValue> Items, int Line) : CfnNagValue(Line)
{
    public override string RubyString => "[" + string.Join(", ", Items.Select(CfnNagMap.Inspect)) + "]";
}

internal enum ScalarKind
{
    String,
    Boolean,
    Integer,
    Float,
    Null,
}

internal sealed record CfnNagScalar(string Text, ScalarKind Kind, int Line) : CfnNagValue(Line)
{
    public override string RubyString => Kind == ScalarKind.Null ? string.Empty : Text;

    public bool IsString => Kind == ScalarKind.String;
}

/// <summary>Reads a template into <see cref="CfnNagValue"/>s the way Psych (YAML 1.1) and cfn-model's tag handlers do.</summary>
internal static partial class CfnNagReader
{
    private static readonly HashSet<string> Functions = new(StringComparer.Ordinal)
    {
        "Join", "Base64", "Sub", "Split", "Select", "ImportValue", "GetAZs", "FindInMap", "And", "Or", "If", "Not",
    };

    /// <summary>The template's root map, or null when the text is not YAML/JSON of a map.</summary>
    public static CfnNagMap? Read(string text)
    {
        // JSON allows tabs between tokens, YAML does not; inside JSON strings a raw tab is invalid anyway.
        var source = text.TrimStart().StartsWith('{') ? text.Replace('\t', ' ') : text;
        var documents = TemplateYaml.Read(source).Documents;
        return documents.Count > 0 ? Convert(documents[0]) as CfnNagMap : null;
    }

    private static CfnNagValue Convert(YamlNode node)
    {
        var line = (int)node.Start.Line;
        var tag = node.Tag.IsEmpty || node.Tag.IsNonSpecific ? null : node.Tag.Value;
        CfnNagValue plain = node switch
        {
            YamlMappingNode map => new CfnNagMap([.. map.Children.Select(c => new KeyValuePair<string, CfnNagValue>(((c.Key as YamlScalarNode)?.Value) ?? string.Empty, Convert(c.Value)))], line),
            YamlSequenceNode seq => new CfnNagList([.. seq.Children.Select(Convert)], line),
            YamlScalarNode scalar => Scalar(scalar, tag is not null),
            _ => new CfnNagScalar(string.Empty, ScalarKind.Null, line),
        };

        if (tag is null || !tag.StartsWith('!') || tag.StartsWith("!!", StringComparison.Ordinal) || tag.StartsWith("tag:", StringComparison.Ordinal))
        {
            return plain;
        }

        var name = tag[1..];
        if (name == "Ref")
        {
            return new CfnNagMap([new("Ref", plain)], line);
        }

        if (name == "GetAtt")
        {
            var argument = plain is CfnNagScalar s ? new CfnNagList([.. s.Text.Split('.').Select(p => (CfnNagValue)new CfnNagScalar(p, ScalarKind.String, line))], line) : plain;
            return new CfnNagMap([new("Fn::GetAtt", argument)], line);
        }

        return Functions.Contains(name) ? new CfnNagMap([new("Fn::" + name, plain)], line) : plain;
    }

    private static CfnNagScalar Scalar(YamlScalarNode scalar, bool tagged)
    {
        var text = scalar.Value ?? string.Empty;
        var line = (int)scalar.Start.Line;
        if (tagged || scalar.Style != YamlDotNet.Core.ScalarStyle.Plain)
        {
            return new CfnNagScalar(text, ScalarKind.String, line);
        }

        // Psych's ScalarScanner (YAML 1.1): null, yes/no/on/off/true/false, integers, floats.
        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return new CfnNagScalar(string.Empty, ScalarKind.Null, line);
        }

        if (TrueWords().IsMatch(text))
        {
            return new CfnNagScalar("true", ScalarKind.Boolean, line);
        }

        if (FalseWords().IsMatch(text))
        {
            return new CfnNagScalar("false", ScalarKind.Boolean, line);
        }

        if (IntegerText().IsMatch(text))
        {
            var digits = text.Replace("_", string.Empty, StringComparison.Ordinal);
            return new CfnNagScalar(long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n.ToString(CultureInfo.InvariantCulture) : digits, ScalarKind.Integer, line);
        }

        return FloatText().IsMatch(text)
            ? new CfnNagScalar(text, ScalarKind.Float, line)
            : new CfnNagScalar(text, ScalarKind.String, line);
    }

    [GeneratedRegex("^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)\\z")]
    private static partial Regex TrueWords();

    [GeneratedRegex("^(?:no|No|NO|false|False|FALSE|off|Off|OFF)\\z")]
    private static partial Regex FalseWords();

    [GeneratedRegex(@"^[-+]?(?:0|[1-9][0-9_]*)$")]
    private static partial Regex IntegerText();

    [GeneratedRegex(@"^[-+]?(?:[0-9][0-9_]*)?\.[0-9]*(?:[eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatText();
}

/// <summary>
/// cfn-model's <c>References.resolve_value</c> without parameter values (CfCT runs <c>cfn_nag_scan</c> without
/// <c>--parameter-values-path</c>): every condition is true, a <c>Ref</c> stays a <c>Ref</c>, <c>Fn::Sub</c> becomes
/// its string with the <c>${...}</c> it cannot resolve left in, <c>Fn::Join</c>/<c>Split</c>/<c>Select</c> are
/// evaluated when their arguments are.
/// </summary>
internal static class CfnNagResolver
{
    public static CfnNagValue? Resolve(CfnNagValue? value, CfnNagMap? mappings)
    {
        switch (value)
        {
            case CfnNagMap map when map.Has("Ref"):
                return map;
            case CfnNagMap map when map.Has("Fn::FindInMap"):
                return ResolveMap(map, mappings);
            case CfnNagMap map when map.Has("Fn::If"):
                return map["Fn::If"] is CfnNagList { Items.Count: >= 2 } ifArgs ? Resolve(ifArgs.Items[1], mappings) : null;
            case CfnNagMap map when map.Has("Fn::Sub"):
                return ResolveSub(map, mappings);
            case CfnNagMap map when map.Has("Fn::Join"):
                if (map["Fn::Join"] is CfnNagList { Items.Count: >= 2 } join && Resolve(join.Items[1], mappings) is CfnNagList items)
                {
                    return new CfnNagScalar(string.Join(join.Items[0].RubyString, items.Items.Select(i => i.RubyString)), ScalarKind.String, map.Line);
                }

                return map;
            case CfnNagMap map when map.Has("Fn::Split"):
                if (map["Fn::Split"] is CfnNagList { Items.Count: >= 2 } split && Resolve(split.Items[1], mappings) is CfnNagScalar { IsString: true } target)
                {
                    return new CfnNagList([.. target.Text.Split(split.Items[0].RubyString).Select(p => (CfnNagValue)new CfnNagScalar(p, ScalarKind.String, map.Line))], map.Line);
                }

                return map;
            case CfnNagMap map when map.Has("Fn::Base64"):
                return Resolve(map["Fn::Base64"], mappings);
            case CfnNagMap map when map.Has("Fn::Select"):
                if (map["Fn::Select"] is CfnNagList { Items.Count: >= 2 } select && Resolve(select.Items[1], mappings) is CfnNagList collection
                    && int.TryParse(select.Items[0].RubyString, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    return index < collection.Items.Count ? collection.Items[index] : null;
                }

                return map;
            case CfnNagMap map when map.Has("Fn::GetAtt") || map.Has("Fn::ImportValue") || map.Has("Fn::Transform") || map.Has("Fn::Cidr") || map.Has("Fn::GetAZs"):
                return map;
            case CfnNagMap map:
                return new CfnNagMap([.. map.Entries.Select(e => new KeyValuePair<string, CfnNagValue>(e.Key, Resolve(e.Value, mappings) ?? new CfnNagScalar(string.Empty, ScalarKind.Null, e.Value.Line)))], map.Line);
            case CfnNagList list:
                return new CfnNagList([.. list.Items.Select(i => Resolve(i, mappings) ?? new CfnNagScalar(string.Empty, ScalarKind.Null, i.Line))], list.Line);
            default:
                return value;
        }
    }

    /// <summary>cfn-model's <c>ExpressionEvaluator</c>: a property whose whole value is <c>Fn::If</c> takes its first branch (conditions are true), recursively through maps.</summary>
    public static CfnNagValue? Evaluate(CfnNagValue? value) =>
        value is CfnNagMap { Entries.Count: 1 } m && m.Has("Fn::If") ? Outcome(value) : value;

    private static CfnNagValue? Outcome(CfnNagValue? value)
    {
        if (value is CfnNagMap { Entries.Count: 1 } m && m.Has("Fn::If"))
        {
            return m["Fn::If"] is CfnNagList { Items.Count: >= 2 } args ? Outcome(args.Items[1]) : null;
        }

        return value is CfnNagMap map
            ? new CfnNagMap([.. map.Entries.Select(e => new KeyValuePair<string, CfnNagValue>(e.Key, Outcome(e.Value) ?? new CfnNagScalar(string.Empty, ScalarKind.Null, e.Value.Line)))], map.Line)
            : value;
    }

    private static CfnNagValue ResolveMap(CfnNagMap map, CfnNagMap? mappings)
    {
        if (map["Fn::FindInMap"] is CfnNagList { Items.Count: 3 } args && mappings is not null)
        {
            var name = Resolve(args.Items[0], mappings);
            var top = Resolve(args.Items[1], mappings);
            var second = Resolve(args.Items[2], mappings);
            if (name is CfnNagScalar n && top is CfnNagScalar t && second is CfnNagScalar s
                && mappings[n.Text] is CfnNagMap mapping && mapping[t.Text] is CfnNagMap level && level[s.Text] is { } found)
            {
                return found;
            }
        }

        return map;
    }

    private static CfnNagValue ResolveSub(CfnNagMap map, CfnNagMap? mappings)
    {
        switch (map["Fn::Sub"])
        {
            case CfnNagScalar s:
                // Without parameter values no ${Name} resolves: the string stays as written.
                return new CfnNagScalar(s.Text, ScalarKind.String, map.Line);
            case CfnNagList { Items.Count: >= 1 } list when list.Items[0] is CfnNagScalar template:
                var text = new StringBuilder(template.Text);
                if (list.Items.Count > 1 && list.Items[1] is CfnNagMap variables)
                {
                    foreach (var (name, raw) in variables.Entries)
                    {
                        if (Resolve(raw, mappings) is CfnNagScalar { IsString: true } resolved && template.Text.Contains("${" + name + "}", StringComparison.Ordinal))
                        {
                            text.Replace("${" + name + "}", resolved.Text);
                        }
                    }
                }

                return new CfnNagScalar(text.ToString(), ScalarKind.String, map.Line);
            default:
                return map;
        }
    }
}
