using System.Collections.Immutable;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Packaging;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace GovCfct.Core.Validation;

/// <summary>One <c>resources[]</c> item: its YAML node (for positions, quoting, tags) and the model when complete.</summary>
public sealed record ResourceNode(int Index, YamlMappingNode Node, ManifestResource? Resource)
{
    public YamlNode? Child(string key) => ManifestReadResult.Child(Node, key);
}

/// <summary>
/// A manifest as read from disk: the model (null when the YAML is unusable), the raw YAML tree that rules need
/// for facts the model drops (quoting, implicit types, positions) and the raw lines for CfCT's line-based checks.
/// </summary>
public sealed record ManifestReadResult(
    CfctManifest? Manifest,
    YamlMappingNode? Root,
    ImmutableArray<ResourceNode> Resources,
    ImmutableArray<string> Lines,
    string DisplayPath)
{
    public SourceLocation At(YamlNode node) => new(DisplayPath, (int)node.Start.Line, (int)node.Start.Column);

    public SourceLocation AtLine(int line, int column = 1) => new(DisplayPath, line, column);

    public static YamlNode? Child(YamlMappingNode map, string key)
    {
        foreach (var entry in map.Children)
        {
            if (entry.Key is YamlScalarNode k && k.Value == key)
            {
                return entry.Value;
            }
        }

        return null;
    }

    public static YamlScalarNode? KeyNode(YamlMappingNode map, string key)
    {
        foreach (var entry in map.Children)
        {
            if (entry.Key is YamlScalarNode k && k.Value == key)
            {
                return k;
            }
        }

        return null;
    }
}

/// <summary>
/// Reads a CfCT v2 <c>manifest.yaml</c> and checks it against CfCT's pykwalify schema (closed maps, types,
/// required keys, the version date, the deploy_method enum) the way CfCT's Build stage would. Reused by plan
/// to read previously published packages.
/// </summary>
public static class ManifestReader
{
    private enum FieldType
    {
        Str,
        Date,
        Bool,
        Any,
        Map,
        Seq,
    }

    private sealed record Field(string Key, FieldType Type, bool Required);

    // CfCT's manifest-v2.schema.yaml, key by key; maps are closed.
    private static readonly Field[] TopFields =
    [
        new("region", FieldType.Str, true),
        new("version", FieldType.Date, true),
        new("enable_stack_set_deletion", FieldType.Bool, false),
        new("resources", FieldType.Seq, false),
    ];

    private static readonly Field[] ResourceFields =
    [
        new("name", FieldType.Str, true),
        new("description", FieldType.Str, false),
        new("resource_file", FieldType.Str, true),
        new("deployment_targets", FieldType.Map, true),
        new("parameter_file", FieldType.Str, false),
        new("parameters", FieldType.Seq, false),
        new("deploy_method", FieldType.Str, true),
        new("regions", FieldType.Seq, false),
        new("export_outputs", FieldType.Seq, false),
    ];

    private static readonly Field[] TargetFields =
    [
        new("accounts", FieldType.Seq, false),
        new("organizational_units", FieldType.Seq, false),
    ];

    private static readonly Field[] ParameterFields =
    [
        new("parameter_key", FieldType.Str, true),
        new("parameter_value", FieldType.Any, true),
    ];

    private static readonly Field[] ExportFields =
    [
        new("name", FieldType.Str, true),
        new("value", FieldType.Str, true),
    ];

    public static ManifestReadResult Read(string manifestPath, string displayPath, DiagnosticBag diagnostics)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(manifestPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Error(DiagnosticCodes.ManifestMissing, $"cannot read the manifest: {e.Message}", new SourceLocation(displayPath), "a CfCT package has manifest.yaml at its root");
            return new ManifestReadResult(null, null, [], [], displayPath);
        }

        // The same decoding rule as the definition and the catalog: UTF-8 or GCF1028 at the first bad byte.
        var text = StrictUtf8.Decode(bytes, displayPath, diagnostics);
        return text is null ? new ManifestReadResult(null, null, [], [], displayPath) : Parse(text, displayPath, diagnostics);
    }

    /// <summary>Parses manifest text already in memory (packages built in memory, tests).</summary>
    public static ManifestReadResult Parse(string text, string displayPath, DiagnosticBag diagnostics)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToImmutableArray();
        var empty = new ManifestReadResult(null, null, [], lines, displayPath);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            var message = e.InnerException is { } inner && e.Message.Contains("See inner", StringComparison.Ordinal) ? inner.Message : e.Message;
            diagnostics.Error(DiagnosticCodes.ManifestYamlSyntax, $"YAML syntax error: {StripPosition(message)}", new SourceLocation(displayPath, (int)e.Start.Line, (int)e.Start.Column), "fix the YAML; CfCT's Build stage fails on it");
            return empty;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            var at = stream.Documents.Count == 0 ? new SourceLocation(displayPath, 1, 1) : empty.At(stream.Documents[0].RootNode);
            diagnostics.Error(DiagnosticCodes.ManifestWrongType, "the manifest must be a YAML mapping with region, version and resources", at);
            return empty;
        }

        var shell = empty with { Root = root };
        CheckMap(root, TopFields, "manifest", shell, diagnostics);
        CheckVersion(root, shell, diagnostics);

        var resources = ImmutableArray.CreateBuilder<ResourceNode>();
        if (ManifestReadResult.Child(root, "resources") is YamlSequenceNode seq)
        {
            var index = 0;
            foreach (var item in seq.Children)
            {
                if (item is not YamlMappingNode map)
                {
                    diagnostics.Error(DiagnosticCodes.ManifestWrongType, "each item of 'resources' must be a mapping", shell.At(item));
                    index++;
                    continue;
                }

                resources.Add(new ResourceNode(index, map, ReadResource(map, index, shell, diagnostics)));
                index++;
            }
        }

        var region = ManifestReadResult.Child(root, "region") is YamlScalarNode r ? r.Value ?? string.Empty : string.Empty;
        bool? deletion = ManifestReadResult.Child(root, "enable_stack_set_deletion") is YamlScalarNode d
            && YamlScalars.Resolve(d) == YamlScalarKind.Bool
            ? d.Value!.ToLowerInvariant() is "true" or "yes" or "on"
            : null;
        var manifest = new CfctManifest(region, deletion, [.. resources.Where(x => x.Resource is not null).Select(x => x.Resource!)]);
        return shell with { Manifest = manifest, Resources = resources.ToImmutable() };
    }

    private static string StripPosition(string message)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; the location already says it.
        var i = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith('(') && i > 0 ? message[(i + 3)..] : message;
    }

    private static void CheckVersion(YamlMappingNode root, ManifestReadResult at, DiagnosticBag diagnostics)
    {
        if (ManifestReadResult.Child(root, "version") is not YamlScalarNode version)
        {
            return;
        }

        if (version.Value == CfctManifest.Version && YamlScalars.Resolve(version) == YamlScalarKind.Date)
        {
            return;
        }

        var why = version.Value == CfctManifest.Version
            ? "is quoted, so it is a string and CfCT's schema enum (a date) rejects it"
            : $"is '{version.Value}'; only the v2 manifest version 2021-03-15 is supported";
        diagnostics.Error(DiagnosticCodes.ManifestVersionInvalid, $"'version' {why}", at.At(version), "write version: 2021-03-15 without quotes");
    }

    private static ManifestResource? ReadResource(YamlMappingNode map, int index, ManifestReadResult at, DiagnosticBag diagnostics)
    {
        var what = $"resources[{index}]";
        CheckMap(map, ResourceFields, what, at, diagnostics);
        if (ManifestReadResult.Child(map, "deployment_targets") is YamlMappingNode targets)
        {
            CheckMap(targets, TargetFields, what + ".deployment_targets", at, diagnostics);
            CheckSeqOfStr(targets, "organizational_units", what + ".deployment_targets", at, diagnostics);
        }

        CheckSeqOfMaps(map, "parameters", ParameterFields, what, at, diagnostics);
        CheckSeqOfMaps(map, "export_outputs", ExportFields, what, at, diagnostics);
        CheckSeqOfStr(map, "regions", what, at, diagnostics);

        DeployMethod? method = null;
        if (ManifestReadResult.Child(map, "deploy_method") is YamlScalarNode dm && YamlScalars.Resolve(dm) != YamlScalarKind.Null)
        {
            method = dm.Value switch
            {
                "stack_set" => DeployMethod.StackSet,
                "scp" => DeployMethod.Scp,
                "rcp" => DeployMethod.Rcp,
                _ => null,
            };
            if (method is null)
            {
                diagnostics.Error(DiagnosticCodes.ManifestDeployMethodInvalid, $"{what}.deploy_method '{dm.Value}' is not one of stack_set, scp, rcp", at.At(dm), "use stack_set, scp or rcp (lower case)");
            }
        }

        var name = Text(map, "name");
        var file = Text(map, "resource_file");
        if (method is null || string.IsNullOrEmpty(name) || string.IsNullOrEmpty(file))
        {
            return null;
        }

        var targetsMap = ManifestReadResult.Child(map, "deployment_targets") as YamlMappingNode;
        return new ManifestResource(
            name,
            Text(map, "description"),
            file,
            method.Value,
            [.. Items(map, "parameters").OfType<YamlMappingNode>().Select(p => new ManifestParameter(Text(p, "parameter_key") ?? string.Empty, ParameterValue(ManifestReadResult.Child(p, "parameter_value"))))],
            Text(map, "parameter_file"),
            targetsMap is null ? [] : [.. Items(targetsMap, "organizational_units").OfType<YamlScalarNode>().Select(s => s.Value ?? string.Empty)],
            targetsMap is null ? [] : [.. Items(targetsMap, "accounts").OfType<YamlScalarNode>().Select(s => s.Value ?? string.Empty)],
            [.. Items(map, "regions").OfType<YamlScalarNode>().Select(s => s.Value ?? string.Empty)],
            [.. Items(map, "export_outputs").OfType<YamlMappingNode>().Select(e => new ExportOutput(Text(e, "name") ?? string.Empty, Text(e, "value") ?? string.Empty))],
            [],
            at.At(map));
    }

    /// <summary>The value as CfCT's object model (yorm) turns it into a string: lists are joined with ", ".</summary>
    internal static string ParameterValue(YamlNode? node) => node switch
    {
        YamlScalarNode s => YamlScalars.AsYormString(s),
        YamlSequenceNode q => string.Join(", ", q.Children.Select(ParameterValue)),
        _ => string.Empty,
    };

    private static string? Text(YamlMappingNode map, string key) =>
        ManifestReadResult.Child(map, key) is YamlScalarNode s && YamlScalars.Resolve(s) != YamlScalarKind.Null ? s.Value : null;

    internal static IEnumerable<YamlNode> Items(YamlMappingNode map, string key) =>
        ManifestReadResult.Child(map, key) is YamlSequenceNode seq ? seq.Children : [];

    private static void CheckSeqOfMaps(YamlMappingNode map, string key, Field[] fields, string what, ManifestReadResult at, DiagnosticBag diagnostics)
    {
        var i = 0;
        foreach (var item in Items(map, key))
        {
            var itemWhat = $"{what}.{key}[{i}]";
            if (item is YamlMappingNode m)
            {
                CheckMap(m, fields, itemWhat, at, diagnostics);
            }
            else
            {
                diagnostics.Error(DiagnosticCodes.ManifestWrongType, $"{itemWhat} must be a mapping", at.At(item));
            }

            i++;
        }
    }

    private static void CheckSeqOfStr(YamlMappingNode map, string key, string what, ManifestReadResult at, DiagnosticBag diagnostics)
    {
        foreach (var item in Items(map, key))
        {
            if (item is not YamlScalarNode s)
            {
                diagnostics.Error(DiagnosticCodes.ManifestWrongType, $"each item of {what}.{key} must be a string", at.At(item));
            }
            else if (YamlScalars.Resolve(s) is var kind and not YamlScalarKind.String)
            {
                diagnostics.Error(DiagnosticCodes.ManifestWrongType, $"{what}.{key} item '{s.Value}' is {YamlScalars.KindName(kind)} in YAML, not a string", at.At(s), $"quote it: \"{s.Value}\"");
            }
        }
    }

    private static void CheckMap(YamlMappingNode map, Field[] fields, string what, ManifestReadResult at, DiagnosticBag diagnostics)
    {
        foreach (var entry in map.Children)
        {
            var key = entry.Key as YamlScalarNode;
            var field = key is null ? null : Array.Find(fields, f => f.Key == key.Value);
            if (field is null)
            {
                var allowed = string.Join(", ", fields.Select(f => f.Key));
                diagnostics.Error(DiagnosticCodes.ManifestUnknownKey, $"key '{key?.Value ?? "?"}' is not allowed in {what}; CfCT's schema rejects unknown keys", at.At(entry.Key), $"allowed keys: {allowed}");
                continue;
            }

            CheckType(field, entry.Value, what, at, diagnostics);
        }

        foreach (var field in fields.Where(f => f.Required))
        {
            var value = ManifestReadResult.Child(map, field.Key);
            if (value is null || (value is YamlScalarNode s && YamlScalars.Resolve(s) == YamlScalarKind.Null))
            {
                diagnostics.Error(DiagnosticCodes.ManifestRequiredKeyMissing, $"{what} has no '{field.Key}'", at.At(value ?? map), $"add {field.Key}: (required by CfCT's schema)");
            }
        }
    }

    private static void CheckType(Field field, YamlNode value, string what, ManifestReadResult at, DiagnosticBag diagnostics)
    {
        if (value is YamlScalarNode nullable && YamlScalars.Resolve(nullable) == YamlScalarKind.Null)
        {
            return; // missing value: reported as a required key when it is one
        }

        var ok = field.Type switch
        {
            FieldType.Map => value is YamlMappingNode,
            FieldType.Seq => value is YamlSequenceNode,
            FieldType.Any => true,
            FieldType.Bool => value is YamlScalarNode b && YamlScalars.Resolve(b) == YamlScalarKind.Bool && b.Value!.ToLowerInvariant() is "true" or "false",
            FieldType.Date => value is YamlScalarNode,
            _ => value is YamlScalarNode s && YamlScalars.Resolve(s) == YamlScalarKind.String,
        };
        if (ok)
        {
            return;
        }

        var expected = field.Type switch
        {
            FieldType.Map => "a mapping",
            FieldType.Seq => "a list",
            FieldType.Bool => "true or false",
            _ => "a string",
        };
        var actual = value switch
        {
            YamlScalarNode s => $"'{s.Value}' ({YamlScalars.KindName(YamlScalars.Resolve(s))} in YAML)",
            YamlSequenceNode => "a list",
            _ => "a mapping",
        };
        var hint = field.Type == FieldType.Str && value is YamlScalarNode ? "quote the value" : null;
        diagnostics.Error(DiagnosticCodes.ManifestWrongType, $"{what}.{field.Key} must be {expected}, not {actual}", at.At(value), hint);
    }
}
