using System.Collections.Immutable;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using GovCfct.Core.Cfct;
using GovCfct.Core.Yaml;

namespace GovCfct.Core.Validation;

/// <summary>A parameter a template declares; <see cref="HasDefault"/> decides whether the manifest must supply it.</summary>
public sealed record CfnParameter(string Name, string Type, bool HasDefault, int Line, int Column)
{
    /// <summary>The constraints CloudFormation checks a value against before it creates anything (null when absent or not literal).</summary>
    public CfnParameterConstraints Constraints { get; init; } = CfnParameterConstraints.None;

    /// <summary>CommaDelimitedList and List&lt;...&gt;: CloudFormation splits the value on commas itself.</summary>
    public bool IsList => Type == "CommaDelimitedList" || Type.StartsWith("List<", StringComparison.Ordinal);
}

/// <summary>AllowedPattern, AllowedValues, Min/MaxLength and Min/MaxValue as written in the template.</summary>
public sealed record CfnParameterConstraints(
    string? AllowedPattern,
    ImmutableArray<string>? AllowedValues,
    double? MinLength,
    double? MaxLength,
    double? MinValue,
    double? MaxValue)
{
    public static CfnParameterConstraints None { get; } = new(null, null, null, null, null, null);
}

/// <summary>
/// A CloudFormation template as far as validation needs it. <see cref="Error"/> is set when it does not parse;
/// <see cref="StructureProblems"/> lists what makes it not a template (with positions).
/// </summary>
public sealed record CfnTemplate(
    string? Error,
    int ErrorLine,
    int ErrorColumn,
    ImmutableArray<(string Message, int Line, int Column)> StructureProblems,
    ImmutableDictionary<string, CfnParameter> Parameters,
    bool LooksLikeTemplate = true)
{
    /// <summary>Output logical ids; null when the template's Outputs could not be read (then nothing is judged against them).</summary>
    public ImmutableHashSet<string>? Outputs { get; init; }

    /// <summary>The resource types the template declares (AWS::S3::Bucket, ...), sorted.</summary>
    public ImmutableArray<string> ResourceTypes { get; init; } = [];

    public bool IsTemplate => Error is null && StructureProblems.IsEmpty;
}

/// <summary>
/// Reads CloudFormation templates in YAML (short-form tags such as <c>!Ref</c>, <c>!Sub</c> are kept as tags,
/// not rejected) or JSON, and checks the top-level structure CloudFormation's ValidateTemplate requires.
/// </summary>
public static class CfnTemplateReader
{
    // Top-level sections CloudFormation accepts.
    private static readonly HashSet<string> Sections = new(StringComparer.Ordinal)
    {
        "AWSTemplateFormatVersion", "Description", "Metadata", "Parameters", "Rules", "Mappings", "Conditions",
        "Transform", "Resources", "Outputs", "Hooks",
    };

    public static CfnTemplate Parse(string text)
    {
        var document = TemplateYaml.Read(text);
        if (document.Error is { } e)
        {
            // JSON with tabs is valid JSON but not always valid YAML: fall back to the JSON reader.
            if (text.TrimStart().StartsWith('{'))
            {
                return ParseJson(text);
            }

            var message = e.InnerException is { } inner && e.Message.Contains("See inner", StringComparison.Ordinal) ? inner.Message : e.Message;
            var i = message.IndexOf("): ", StringComparison.Ordinal);
            message = message.StartsWith('(') && i > 0 ? message[(i + 3)..] : message;
            return new CfnTemplate(message, (int)e.Start.Line, (int)e.Start.Column, [], ImmutableDictionary<string, CfnParameter>.Empty);
        }

        var problems = ImmutableArray.CreateBuilder<(string, int, int)>();
        var parameters = ImmutableDictionary.CreateBuilder<string, CfnParameter>(StringComparer.Ordinal);
        if (document.First is not { } root)
        {
            problems.Add(("the file is not a mapping of template sections (Resources, Parameters, ...)", 1, 1));
            return new CfnTemplate(null, 0, 0, problems.ToImmutable(), parameters.ToImmutable(), false);
        }

        var hasResources = false;
        ImmutableHashSet<string>? outputs = ImmutableHashSet<string>.Empty;
        var types = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in root.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
            var line = (int)keyNode.Start.Line;
            var col = (int)keyNode.Start.Column;
            if (!Sections.Contains(key))
            {
                problems.Add(($"'{key}' is not a CloudFormation template section", line, col));
            }
            else if (key == "AWSTemplateFormatVersion" && (value as YamlScalarNode)?.Value != "2010-09-09")
            {
                problems.Add(("AWSTemplateFormatVersion must be '2010-09-09'", (int)value.Start.Line, (int)value.Start.Column));
            }
            else if (key == "Resources")
            {
                hasResources = value is YamlMappingNode { Children.Count: > 0 };
                if (value is YamlMappingNode rs)
                {
                    types.UnionWith(rs.Children.Values.OfType<YamlMappingNode>().Select(r => ManifestReadResult.Child(r, "Type")).OfType<YamlScalarNode>().Select(t => t.Value ?? string.Empty).Where(t => t.Length > 0));
                }

                if (!hasResources)
                {
                    problems.Add(("Resources must be a non-empty mapping of logical ids to resources", line, col));
                }
            }
            else if (key == "Parameters" && value is YamlMappingNode ps)
            {
                foreach (var (pk, pv) in ps.Children)
                {
                    var name = (pk as YamlScalarNode)?.Value ?? string.Empty;
                    var map = pv as YamlMappingNode;
                    var type = map is not null && ManifestReadResult.Child(map, "Type") is YamlScalarNode t ? t.Value ?? string.Empty : string.Empty;
                    var hasDefault = map is not null && ManifestReadResult.Child(map, "Default") is not null;
                    parameters[name] = new CfnParameter(name, type, hasDefault, (int)pk.Start.Line, (int)pk.Start.Column)
                    {
                        Constraints = map is null ? CfnParameterConstraints.None : YamlConstraints(map),
                    };
                }
            }
            else if (key == "Outputs")
            {
                outputs = value is YamlMappingNode os ? [.. os.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? string.Empty)] : null;
            }
        }

        if (!root.Children.Keys.OfType<YamlScalarNode>().Any(k => k.Value == "Resources"))
        {
            problems.Add(("the template has no Resources section", 1, 1));
        }

        var looksLike = root.Children.Keys.OfType<YamlScalarNode>().Any(k => k.Value is "Resources" or "AWSTemplateFormatVersion");
        return new CfnTemplate(null, 0, 0, problems.ToImmutable(), parameters.ToImmutable(), looksLike) { Outputs = outputs, ResourceTypes = [.. types] };
    }

    private static CfnParameterConstraints YamlConstraints(YamlMappingNode map)
    {
        string? Scalar(string key) => ManifestReadResult.Child(map, key) is YamlScalarNode s && (s.Tag.IsEmpty || s.Tag.IsNonSpecific) ? s.Value : null;
        double? Number(string key) => double.TryParse(Scalar(key), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : null;
        ImmutableArray<string>? values = ManifestReadResult.Child(map, "AllowedValues") is YamlSequenceNode seq && seq.Children.All(c => c is YamlScalarNode { Tag.IsEmpty: true } or YamlScalarNode { Tag.IsNonSpecific: true })
            ? [.. seq.Children.Cast<YamlScalarNode>().Select(c => c.Value ?? string.Empty)]
            : null;
        return new CfnParameterConstraints(Scalar("AllowedPattern"), values, Number("MinLength"), Number("MaxLength"), Number("MinValue"), Number("MaxValue"));
    }

    private static CfnParameterConstraints JsonConstraints(JsonElement p)
    {
        if (p.ValueKind != JsonValueKind.Object)
        {
            return CfnParameterConstraints.None;
        }

        string? Scalar(string key) => p.TryGetProperty(key, out var v) && v.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False ? (v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()) : null;
        double? Number(string key) => double.TryParse(Scalar(key), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : null;
        ImmutableArray<string>? values = p.TryGetProperty("AllowedValues", out var av) && av.ValueKind == JsonValueKind.Array && av.EnumerateArray().All(e => e.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
            ? [.. av.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText())]
            : null;
        return new CfnParameterConstraints(Scalar("AllowedPattern"), values, Number("MinLength"), Number("MaxLength"), Number("MinValue"), Number("MaxValue"));
    }

    private static CfnTemplate ParseJson(string text)
    {
        var problems = ImmutableArray.CreateBuilder<(string, int, int)>();
        var parameters = ImmutableDictionary.CreateBuilder<string, CfnParameter>(StringComparer.Ordinal);
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            var looksLike = root.ValueKind == JsonValueKind.Object && (root.TryGetProperty("Resources", out _) || root.TryGetProperty("AWSTemplateFormatVersion", out _));
            if (root.ValueKind != JsonValueKind.Object)
            {
                problems.Add(("the file is not an object of template sections", 1, 1));
            }
            else
            {
                foreach (var p in root.EnumerateObject().Where(p => !Sections.Contains(p.Name)))
                {
                    problems.Add(($"'{p.Name}' is not a CloudFormation template section", 1, 1));
                }

                if (!root.TryGetProperty("Resources", out var res) || res.ValueKind != JsonValueKind.Object || !res.EnumerateObject().Any())
                {
                    problems.Add(("the template has no non-empty Resources section", 1, 1));
                }

                if (root.TryGetProperty("Parameters", out var ps) && ps.ValueKind == JsonValueKind.Object)
                {
                    foreach (var p in ps.EnumerateObject())
                    {
                        var type = p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty("Type", out var t) ? t.ToString() : string.Empty;
                        var hasDefault = p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty("Default", out _);
                        parameters[p.Name] = new CfnParameter(p.Name, type, hasDefault, 1, 1) { Constraints = JsonConstraints(p.Value) };
                    }
                }
            }

            ImmutableHashSet<string>? outputs = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("Outputs", out var os)
                ? (os.ValueKind == JsonValueKind.Object ? [.. os.EnumerateObject().Select(o => o.Name)] : null)
                : ImmutableHashSet<string>.Empty;
            var types = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("Resources", out var rs2) && rs2.ValueKind == JsonValueKind.Object
                ? rs2.EnumerateObject().Where(r => r.Value.ValueKind == JsonValueKind.Object && r.Value.TryGetProperty("Type", out var t) && t.ValueKind == JsonValueKind.String).Select(r => r.Value.GetProperty("Type").GetString()!).Distinct().Order(StringComparer.Ordinal).ToImmutableArray()
                : [];
            return new CfnTemplate(null, 0, 0, problems.ToImmutable(), parameters.ToImmutable(), looksLike) { Outputs = outputs, ResourceTypes = types };
        }
        catch (JsonException e)
        {
            return new CfnTemplate($"invalid JSON: {Rules.FileRule.FirstSentence(e.Message)}", (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1, [], ImmutableDictionary<string, CfnParameter>.Empty);
        }
    }
}
