using System.Collections.Immutable;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace GovCfct.Core.Cfct;

/// <summary>The list a resource comes from: v2 <c>resources</c>, or one of the two lists of a v1 (2020-01-01) manifest.</summary>
public enum ManifestSection
{
    Resources,
    OrganizationPolicies,
    CloudFormationResources,
}

/// <summary>
/// One resource item: its YAML node (for positions, quoting, tags) and the model when complete. Rules ask for keys by
/// their v2 names; a v1 item answers with its own key (<c>template_file</c>/<c>policy_file</c> for
/// <c>resource_file</c>, <c>ssm_parameters</c> for <c>export_outputs</c>), so every rule judges both versions.
/// </summary>
public sealed record ResourceNode(int Index, YamlMappingNode Node, ManifestResource? Resource, ManifestSection Section = ManifestSection.Resources)
{
    public bool Legacy => Section != ManifestSection.Resources;

    /// <summary>How messages name the item: <c>resources[2]</c>, <c>organization_policies[0]</c>.</summary>
    public string Path => $"{SectionName(Section)}[{Index}]";

    /// <summary>The node a "no targets" finding points at: v2 deployment_targets, or the v1 item itself.</summary>
    public YamlNode TargetsNode => Legacy ? Node : (Child("deployment_targets") ?? Node);

    public YamlNode? Child(string key) => ManifestReadResult.Child(Node, Legacy ? LegacyKey(key) : key);

    /// <summary>The OU list (v2 deployment_targets.organizational_units, v1 apply_to_accounts_in_ou / deploy_to_ou).</summary>
    public YamlSequenceNode? OrganizationalUnits => Section switch
    {
        ManifestSection.OrganizationPolicies => Child("apply_to_accounts_in_ou") as YamlSequenceNode,
        ManifestSection.CloudFormationResources => Child("deploy_to_ou") as YamlSequenceNode,
        _ => Child("deployment_targets") is YamlMappingNode t ? ManifestReadResult.Child(t, "organizational_units") as YamlSequenceNode : null,
    };

    /// <summary>The account list (v2 deployment_targets.accounts, v1 deploy_to_account).</summary>
    public YamlSequenceNode? Accounts => Section switch
    {
        ManifestSection.OrganizationPolicies => null,
        ManifestSection.CloudFormationResources => Child("deploy_to_account") as YamlSequenceNode,
        _ => Child("deployment_targets") is YamlMappingNode t ? ManifestReadResult.Child(t, "accounts") as YamlSequenceNode : null,
    };

    public static string SectionName(ManifestSection section) => section switch
    {
        ManifestSection.OrganizationPolicies => "organization_policies",
        ManifestSection.CloudFormationResources => "cloudformation_resources",
        _ => "resources",
    };

    private string LegacyKey(string key) => key switch
    {
        "resource_file" => Section == ManifestSection.OrganizationPolicies ? "policy_file" : "template_file",
        "export_outputs" => "ssm_parameters",
        _ => key,
    };
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
    /// <summary>True for a v1 manifest (<c>version: 2020-01-01</c>), read with CfCT's v1 schema.</summary>
    public bool Legacy { get; init; }

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

    // CfCT's manifest.schema.yaml (v1, 2020-01-01). Its &name, &description, &parameter_file and &deploy_method anchors
    // have no rule body, so pykwalify treats them as optional strings.
    private static readonly Field[] LegacyTopFields =
    [
        new("region", FieldType.Str, true),
        new("version", FieldType.Date, true),
        new("organization_policies", FieldType.Seq, false),
        new("cloudformation_resources", FieldType.Seq, false),
    ];

    private static readonly Field[] LegacyPolicyFields =
    [
        new("name", FieldType.Str, false),
        new("description", FieldType.Str, false),
        new("policy_file", FieldType.Str, true),
        new("apply_to_accounts_in_ou", FieldType.Seq, true),
    ];

    private static readonly Field[] LegacyStackSetFields =
    [
        new("name", FieldType.Str, false),
        new("deploy_to_account", FieldType.Seq, false),
        new("deploy_to_ou", FieldType.Seq, false),
        new("template_file", FieldType.Str, true),
        new("parameter_file", FieldType.Str, false),
        new("deploy_method", FieldType.Str, false),
        new("depends_on", FieldType.Seq, false),
        new("regions", FieldType.Seq, false),
        new("ssm_parameters", FieldType.Seq, false),
    ];

    /// <summary>
    /// The codes for what <see cref="StrictYaml"/> finds. CfCT reads the manifest with PyYAML's safe_load, which refuses a
    /// second document ("expected a single document") and silently keeps the last of a repeated key: both are errors here.
    /// </summary>
    private static readonly YamlFileCodes YamlCodes = new(
        DiagnosticCodes.ManifestYamlSyntax, DiagnosticCodes.ManifestYamlSyntax, DiagnosticCodes.ManifestWrongType, DiagnosticCodes.ManifestYamlSyntax, DiagnosticCodes.ManifestWrongType,
        "CfCT's Build stage fails on it");

    /// <summary>The v1 manifest version; CfCT 2.8 still deploys it (run-validation.sh warns, manifest_parser.py keeps the v1 parsers).</summary>
    public const string LegacyVersion = "2020-01-01";

    /// <summary>Reads the manifest of a package read by <see cref="PackageFolder"/>; <paramref name="displayPath"/> names it in diagnostics.</summary>
    public static ManifestReadResult Read(PackageFiles package, string displayPath, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(package);
        if (!package.Files.TryGetValue(CfctPackage.ManifestFileName, out var bytes))
        {
            diagnostics.Report(DiagnosticCodes.ManifestMissing, "the package has no manifest.yaml", new SourceLocation(displayPath), "a CfCT package has manifest.yaml at its root");
            return new ManifestReadResult(null, null, [], [], displayPath);
        }

        return Parse(bytes, displayPath, diagnostics);
    }

    /// <summary>Decodes (the same rule as the definition and the catalog: UTF-8 or GCF1028 at the first bad byte) and parses.</summary>
    public static ManifestReadResult Parse(ReadOnlySpan<byte> bytes, string displayPath, DiagnosticBag diagnostics)
    {
        var text = StrictUtf8.Decode(bytes, displayPath, diagnostics);
        return text is null ? new ManifestReadResult(null, null, [], [], displayPath) : Parse(text, displayPath, diagnostics);
    }

    /// <summary>Parses manifest text already in memory (packages built in memory, tests).</summary>
    public static ManifestReadResult Parse(string text, string displayPath, DiagnosticBag diagnostics)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToImmutableArray();
        var empty = new ManifestReadResult(null, null, [], lines, displayPath);
        if (StrictYaml.ParseMapping(text, displayPath, YamlCodes, diagnostics) is not { } root)
        {
            return empty;
        }

        if (ManifestReadResult.Child(root, "version") is YamlScalarNode v && v.Value == LegacyVersion)
        {
            return ParseLegacy(root, empty with { Root = root, Legacy = true }, diagnostics);
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
                    diagnostics.Report(DiagnosticCodes.ManifestWrongType, "each item of 'resources' must be a mapping", shell.At(item));
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

    /// <summary>
    /// A v1 manifest: checked against CfCT's v1 schema, read into the same model (SCPs from organization_policies,
    /// stack sets from cloudformation_resources) so every rule judges it, and one warning that v1 is out of support,
    /// with the v2 form of each entry.
    /// </summary>
    private static ManifestReadResult ParseLegacy(YamlMappingNode root, ManifestReadResult shell, DiagnosticBag diagnostics)
    {
        CheckMap(root, LegacyTopFields, "manifest", shell, diagnostics);
        CheckVersion(root, shell, diagnostics);
        var resources = ImmutableArray.CreateBuilder<ResourceNode>();
        var equivalents = new List<string>();
        foreach (var section in new[] { ManifestSection.OrganizationPolicies, ManifestSection.CloudFormationResources })
        {
            var sectionName = ResourceNode.SectionName(section);
            var index = 0;
            foreach (var item in Items(root, sectionName))
            {
                if (item is not YamlMappingNode map)
                {
                    diagnostics.Report(DiagnosticCodes.ManifestWrongType, $"each item of '{sectionName}' must be a mapping", shell.At(item));
                    index++;
                    continue;
                }

                var node = new ResourceNode(index, map, null, section);
                var resource = ReadLegacyResource(node, shell, diagnostics);
                resources.Add(node with { Resource = resource });
                equivalents.Add($"{node.Path} → {V2Equivalent(node)}");
                index++;
            }
        }

        var version = ManifestReadResult.Child(root, "version")!;
        var hint = "rewrite the manifest as version: 2021-03-15 with one resources list"
            + (equivalents.Count == 0 ? string.Empty : ": " + string.Join("; ", equivalents));
        diagnostics.Report(DiagnosticCodes.ManifestVersionLegacy, "manifest version 2020-01-01 is the v1 format, which CfCT lists as end of support: it still deploys it (with a deprecation warning), but v1 has no rcp and no enable_stack_set_deletion", shell.At(version), hint);

        var region = ManifestReadResult.Child(root, "region") is YamlScalarNode r ? r.Value ?? string.Empty : string.Empty;
        var manifest = new CfctManifest(region, null, [.. resources.Where(x => x.Resource is not null).Select(x => x.Resource!)]);
        return shell with { Manifest = manifest, Resources = resources.ToImmutable() };
    }

    private static ManifestResource? ReadLegacyResource(ResourceNode node, ManifestReadResult at, DiagnosticBag diagnostics)
    {
        var map = node.Node;
        var policy = node.Section == ManifestSection.OrganizationPolicies;
        CheckMap(map, policy ? LegacyPolicyFields : LegacyStackSetFields, node.Path, at, diagnostics);
        CheckSeqOfStr(map, policy ? "apply_to_accounts_in_ou" : "deploy_to_ou", node.Path, at, diagnostics);
        CheckSeqOfStr(map, "regions", node.Path, at, diagnostics);
        CheckSeqOfStr(map, "depends_on", node.Path, at, diagnostics);
        CheckSeqOfMaps(map, "ssm_parameters", ExportFields, node.Path, at, diagnostics);

        // The schema leaves name and deploy_method optional, but the v1 parsers need them: yorm's default "" names the
        // policy "" (CreatePolicy fails) or the stack set "CustomControlTower-", and a deploy_method other than
        // stack_set makes parse_stack_set_manifest_v1 raise "Unsupported deploy_method" (manifest_parser.py).
        var name = Text(map, "name");
        if (string.IsNullOrEmpty(name))
        {
            diagnostics.Report(DiagnosticCodes.ManifestRequiredKeyMissing, $"{node.Path} has no 'name'; CfCT's v1 parser then creates a {(policy ? "policy" : "stack set")} with an empty name, which AWS rejects", at.At(ManifestReadResult.Child(map, "name") ?? map), "add name:");
        }

        if (!policy)
        {
            var method = ManifestReadResult.Child(map, "deploy_method") as YamlScalarNode;
            var text = method is null ? null : Text(map, "deploy_method");
            if (text is null)
            {
                diagnostics.Report(DiagnosticCodes.ManifestRequiredKeyMissing, $"{node.Path} has no 'deploy_method'; CfCT's v1 parser raises \"Unsupported deploy_method\" and the stack set stage fails", at.At(method ?? (YamlNode)map), "add deploy_method: stack_set");
            }
            else if (!string.Equals(text, "stack_set", StringComparison.OrdinalIgnoreCase))
            {
                diagnostics.Report(DiagnosticCodes.ManifestDeployMethodInvalid, $"{node.Path}.deploy_method '{text}' is not stack_set; CfCT's v1 parser raises \"Unsupported deploy_method\" and the stack set stage fails", at.At(method!), "write deploy_method: stack_set");
            }
        }

        var file = Text(map, policy ? "policy_file" : "template_file");
        if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(file))
        {
            return null;
        }

        return new ManifestResource(
            name,
            policy ? Text(map, "description") : null,
            file,
            policy ? DeployMethod.Scp : DeployMethod.StackSet,
            [],
            policy ? null : Text(map, "parameter_file"),
            [.. (node.OrganizationalUnits?.Children ?? []).OfType<YamlScalarNode>().Select(s => s.Value ?? string.Empty)],
            [.. (node.Accounts?.Children ?? []).OfType<YamlScalarNode>().Select(s => s.Value ?? string.Empty)],
            [.. Items(map, "regions").OfType<YamlScalarNode>().Select(s => s.Value ?? string.Empty)],
            [.. Items(map, "ssm_parameters").OfType<YamlMappingNode>().Select(e => new ExportOutput(Text(e, "name") ?? string.Empty, Text(e, "value") ?? string.Empty))],
            [],
            at.At(map));
    }

    /// <summary>The v2 form of a v1 entry, one line of flow YAML (AWS docs, cfct-compatibility: the v1 → v2 key mapping).</summary>
    private static string V2Equivalent(ResourceNode node)
    {
        var map = node.Node;
        var policy = node.Section == ManifestSection.OrganizationPolicies;
        var parts = new List<string> { $"name: {Text(map, "name") ?? "?"}" };
        if (Text(map, "description") is { } description)
        {
            parts.Add($"description: {description}");
        }

        parts.Add($"resource_file: {Text(map, policy ? "policy_file" : "template_file") ?? "?"}");
        if (!policy && Text(map, "parameter_file") is { } parameterFile)
        {
            parts.Add($"parameter_file: {parameterFile}");
        }

        parts.Add($"deploy_method: {(policy ? "scp" : "stack_set")}");
        var targets = new List<string>();
        if (node.OrganizationalUnits is { Children.Count: > 0 } ous)
        {
            targets.Add($"organizational_units: [{string.Join(", ", ous.Children.OfType<YamlScalarNode>().Select(o => $"\"{o.Value}\""))}]");
        }

        if (node.Accounts is { Children.Count: > 0 } accounts)
        {
            targets.Add($"accounts: [{string.Join(", ", accounts.Children.OfType<YamlScalarNode>().Select(o => $"\"{o.Value}\""))}]");
        }

        parts.Add($"deployment_targets: {{{string.Join(", ", targets)}}}");
        if (Items(map, "regions").OfType<YamlScalarNode>().ToList() is { Count: > 0 } regions)
        {
            parts.Add($"regions: [{string.Join(", ", regions.Select(r => r.Value))}]");
        }

        if (Items(map, "ssm_parameters").OfType<YamlMappingNode>().ToList() is { Count: > 0 } ssm)
        {
            parts.Add($"export_outputs: [{string.Join(", ", ssm.Select(e => $"{{name: {Text(e, "name")}, value: {Text(e, "value")}}}"))}]");
        }

        return "{" + string.Join(", ", parts) + "}";
    }

    private static void CheckVersion(YamlMappingNode root, ManifestReadResult at, DiagnosticBag diagnostics)
    {
        if (ManifestReadResult.Child(root, "version") is not YamlScalarNode version)
        {
            return;
        }

        if (version.Value is CfctManifest.Version or LegacyVersion && YamlScalars.Resolve(version) == YamlScalarKind.Date)
        {
            return;
        }

        var why = version.Value is CfctManifest.Version or LegacyVersion
            ? "is quoted, so it is a string and CfCT's schema enum (a date) rejects it"
            : $"is '{version.Value}'; CfCT accepts only 2021-03-15 (v2) and 2020-01-01 (v1) and fails with \"Invalid manifest schema version\"";
        diagnostics.Report(DiagnosticCodes.ManifestVersionInvalid, $"'version' {why}", at.At(version), $"write version: {(version.Value == LegacyVersion ? LegacyVersion : CfctManifest.Version)} without quotes");
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
                diagnostics.Report(DiagnosticCodes.ManifestDeployMethodInvalid, $"{what}.deploy_method '{dm.Value}' is not one of stack_set, scp, rcp", at.At(dm), "use stack_set, scp or rcp (lower case)");
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
                diagnostics.Report(DiagnosticCodes.ManifestWrongType, $"{itemWhat} must be a mapping", at.At(item));
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
                diagnostics.Report(DiagnosticCodes.ManifestWrongType, $"each item of {what}.{key} must be a string", at.At(item));
            }
            else if (YamlScalars.Resolve(s) is var kind and not YamlScalarKind.String)
            {
                diagnostics.Report(DiagnosticCodes.ManifestWrongType, $"{what}.{key} item '{s.Value}' is {YamlScalars.KindName(kind)} in YAML, not a string", at.At(s), $"quote it: \"{s.Value}\"");
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
                diagnostics.Report(DiagnosticCodes.ManifestUnknownKey, $"key '{key?.Value ?? "?"}' is not allowed in {what}; CfCT's schema rejects unknown keys", at.At(entry.Key), $"allowed keys: {allowed}");
                continue;
            }

            CheckType(field, entry.Value, what, at, diagnostics);
        }

        foreach (var field in fields.Where(f => f.Required))
        {
            var value = ManifestReadResult.Child(map, field.Key);
            if (value is null || (value is YamlScalarNode s && YamlScalars.Resolve(s) == YamlScalarKind.Null))
            {
                diagnostics.Report(DiagnosticCodes.ManifestRequiredKeyMissing, $"{what} has no '{field.Key}'", at.At(value ?? map), $"add {field.Key}: (required by CfCT's schema)");
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
        diagnostics.Report(DiagnosticCodes.ManifestWrongType, $"{what}.{field.Key} must be {expected}, not {actual}", at.At(value), hint);
    }
}
