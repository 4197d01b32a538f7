using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace GovCfct.Core.Catalog;

/// <summary>
/// Reads the control catalog: one folder per control under <c>templates/</c>, each with a strict
/// <c>control.yaml</c> and its Scriban template. Reports every problem with its YAML position and returns
/// null when any control is broken, so a build never runs on half a catalog.
/// </summary>
public sealed partial class ControlCatalogLoader
{
    /// <summary>The metadata file every control folder holds.</summary>
    public const string ControlFileName = "control.yaml";

    /// <summary>Folder reserved for the JSON Schema of control.yaml; not a control.</summary>
    public const string SchemaFolderName = "schema";

    private static readonly ImmutableHashSet<string> TopKeys = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "id", "kind", "source", "title", "description", "seed", "parameters", "regions", "template", "cdk_construct", "control_tower", "management_account_only");

    private static readonly ImmutableHashSet<string> ControlTowerKeys = ImmutableHashSet.Create(
        StringComparer.Ordinal, "identifier", "name", "behavior", "platform_exemptions", "config_rule");

    private static readonly ImmutableHashSet<string> ConfigRuleKeys = ImmutableHashSet.Create(
        StringComparer.Ordinal, "source_identifier", "input_parameters", "maximum_execution_frequency", "unsupported_regions", "documentation");

    private static readonly ImmutableHashSet<string> ParameterKeys = ImmutableHashSet.Create(
        StringComparer.Ordinal, "name", "type", "default", "description", "pattern", "allowed_values");

    private static readonly ImmutableHashSet<string> TextKeys = ImmutableHashSet.Create(StringComparer.Ordinal, "ja", "en");

    private readonly string? _carriedCatalog;

    /// <summary>A loader of one catalog folder.</summary>
    public ControlCatalogLoader()
    {
    }

    /// <summary>
    /// A loader that adds the local folder's controls to <paramref name="carriedCatalog"/>, the catalog the installed tool
    /// carries: an organization's repository then holds only its own controls. A local control with a carried control's id
    /// must be byte-identical to it (as in GovCfct's own repository, whose <c>templates/</c> is the carried catalog).
    /// </summary>
    public ControlCatalogLoader(string? carriedCatalog)
    {
        _carriedCatalog = carriedCatalog is not null && Directory.Exists(carriedCatalog) ? Path.GetFullPath(carriedCatalog) : null;
    }

    /// <summary>Loads every control folder of <paramref name="templatesDirectory"/> (and of the carried catalog), ordered by id.</summary>
    public ControlCatalog? Load(string templatesDirectory, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var full = Path.GetFullPath(templatesDirectory);
        var display = DisplayRoot(full);
        var carried = _carriedCatalog is not null && !string.Equals(_carriedCatalog.TrimEnd(Path.DirectorySeparatorChar), full.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal)
            ? _carriedCatalog
            : null;
        if (!Directory.Exists(full) && carried is null)
        {
            diagnostics.Report(
                DiagnosticCodes.CatalogFolderMissing,
                $"control catalog folder '{templatesDirectory}' does not exist",
                new SourceLocation(display),
                "run from the repository root or pass --templates DIR");
            return null;
        }

        var errorsBefore = diagnostics.Items.Count(d => d.IsError);
        var controls = new List<ControlDefinition>();
        var local = Directory.Exists(full) ? ControlFolders(full) : [];
        var sources = local.Select(folder => (Root: full, Display: display, Folder: folder)).ToList();
        if (carried is not null)
        {
            var carriedDisplay = DisplayRoot(carried);
            foreach (var folder in ControlFolders(carried))
            {
                if (!local.Contains(folder, StringComparer.Ordinal))
                {
                    sources.Add((carried, carriedDisplay, folder));
                }
                else if (!SameContent(Path.Combine(full, folder), Path.Combine(carried, folder)))
                {
                    diagnostics.Report(
                        DiagnosticCodes.ControlShadowsCarried,
                        $"control '{folder}' differs from the control of the same id in the catalog this GovCfct carries ({carriedDisplay}/{folder})",
                        new SourceLocation($"{display}/{folder}/{ControlFileName}"),
                        $"give your control its own id (e.g. 'org-{folder}'), or delete your copy to use the carried one");
                }
            }
        }

        foreach (var (root, rootDisplay, folder) in sources.OrderBy(s => s.Folder, StringComparer.Ordinal))
        {
            var control = LoadControl(Path.Combine(root, folder), $"{rootDisplay}/{folder}", folder, diagnostics);
            if (control is not null)
            {
                controls.Add(control);
            }
        }

        if (controls.Count == 0 && diagnostics.Items.Count(d => d.IsError) == errorsBefore)
        {
            diagnostics.Report(
                DiagnosticCodes.CatalogEmpty,
                $"control catalog folder '{display}' holds no control",
                new SourceLocation(display),
                $"add a folder <id>/ with a {ControlFileName} (see docs/catalog.md)");
        }

        return diagnostics.Items.Count(d => d.IsError) > errorsBefore ? null : new ControlCatalog([.. controls]);
    }

    private static List<string> ControlFolders(string root) =>
        [.. Directory.GetDirectories(root)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => name != SchemaFolderName && !name.StartsWith('.'))
            .OrderBy(name => name, StringComparer.Ordinal)];

    // Same relative file names with the same bytes (dot-files ignored, as the loader ignores them).
    private static bool SameContent(string left, string right)
    {
        static SortedDictionary<string, string> Files(string root) => new(
            Directory.GetFiles(root, "*", SearchOption.AllDirectories)
                .Where(path => !Path.GetFileName(path).StartsWith('.'))
                .ToDictionary(path => Path.GetRelativePath(root, path).Replace('\\', '/'), path => path),
            StringComparer.Ordinal);
        var a = Files(left);
        var b = Files(right);
        return a.Keys.SequenceEqual(b.Keys, StringComparer.Ordinal)
            && a.Keys.All(key => File.ReadAllBytes(a[key]).AsSpan().SequenceEqual(File.ReadAllBytes(b[key])));
    }

    // Diagnostics name catalog files as "templates/<id>/control.yaml": relative to the folder that holds the
    // catalog, so the path reads the same from the repository root as in CodeBuild logs.
    private static string DisplayRoot(string full) => Path.GetFileName(full.TrimEnd(Path.DirectorySeparatorChar));

    private static ControlDefinition? LoadControl(string folderPath, string displayFolder, string folderName, DiagnosticBag diagnostics)
    {
        var file = $"{displayFolder}/{ControlFileName}";
        var path = Path.Combine(folderPath, ControlFileName);
        if (!File.Exists(path))
        {
            diagnostics.Report(
                DiagnosticCodes.ControlFileMissing,
                $"control folder '{folderName}' has no {ControlFileName}",
                new SourceLocation(displayFolder),
                $"add {ControlFileName} or remove the folder");
            return null;
        }

        var root = StrictYaml.ReadMapping(path, file, YamlCodes, diagnostics);
        if (root is null)
        {
            return null;
        }

        var reader = new Reader(file, diagnostics);
        return reader.ReadControl(root, folderPath, displayFolder, folderName);
    }

    /// <summary>The catalog stage's codes for what <see cref="StrictYaml"/> finds in a control.yaml.</summary>
    private static readonly YamlFileCodes YamlCodes = new(
        DiagnosticCodes.CatalogYamlSyntax, DiagnosticCodes.CatalogDuplicateKey, DiagnosticCodes.CatalogInvalidValue, DiagnosticCodes.CatalogYamlSyntax, DiagnosticCodes.CatalogInvalidValue);

    /// <summary>What an email parameter must look like; the definition schemas carry the same text.</summary>
    internal const string EmailPattern = @"^[^@\s]+@[^@\s]+\.[^@\s]+$";

    /// <summary>What an arn parameter must look like; the definition schemas carry the same text.</summary>
    internal const string ArnPattern = @"^arn:[^:]+:[^:]*:[^:]*:[^:]*:.+$";

    [GeneratedRegex(EmailPattern, RegexOptions.CultureInvariant)]
    private static partial Regex EmailRegex();

    [GeneratedRegex(ArnPattern, RegexOptions.CultureInvariant)]
    private static partial Regex ArnRegex();

    /// <summary>An AWS Config managed rule identifier (ENCRYPTED_VOLUMES).</summary>
    [GeneratedRegex("^[A-Z][A-Z0-9_]{1,127}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex ConfigRuleSourcePattern();

    /// <summary>An AWS Config rule parameter name (blockedPort1, deleteOnTermination).</summary>
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,63}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex ConfigParameterPattern();

    /// <summary>Checks a scalar against a parameter type; shared with the definition's parameter checks.</summary>
    public static bool MatchesType(ParameterType type, string value) => type switch
    {
        ParameterType.Number => decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
        ParameterType.Boolean => value is "true" or "false",
        ParameterType.Email => EmailRegex().IsMatch(value),
        ParameterType.Arn => ArnRegex().IsMatch(value),
        _ => true,
    };

    /// <summary>Reads one control.yaml; every finding goes to the bag with this file's positions.</summary>
    private sealed class Reader(string file, DiagnosticBag diagnostics)
    {
        private int _errors;

        private SourceLocation At(YamlNode node) => new(file, (int)node.Start.Line, (int)node.Start.Column);

        private void Error(DiagnosticDescriptor code, string message, YamlNode node, string hint)
        {
            _errors++;
            diagnostics.Report(code, message, At(node), hint);
        }

        public ControlDefinition? ReadControl(YamlMappingNode root, string folderPath, string displayFolder, string folderName)
        {
            var map = Entries(root, TopKeys, "control");
            var idNode = Required(map, "id", root);
            var id = Scalar(idNode, "id");
            if (id is not null)
            {
                if (!NameRules.IsControlId(id))
                {
                    Error(DiagnosticCodes.CatalogInvalidName, $"control id '{id}' must be lower-case letters, digits and '-'", idNode!, "rename the folder and the id, e.g. 'deny-regions'");
                }
                else if (id != folderName)
                {
                    Error(DiagnosticCodes.ControlIdMismatch, $"control id '{id}' differs from its folder name '{folderName}'", idNode!, $"set 'id: {folderName}' or rename the folder");
                }
            }

            var kind = Enum(Required(map, "kind", root), "kind", KindValues);
            var source = map.TryGetValue("source", out var sourceNode) ? Enum(sourceNode, "source", SourceValues)
                : kind == ControlKind.CtControl ? ControlSource.ControlTower
                : ControlSource.Scriban;
            var title = Text(Required(map, "title", root), "title");
            var description = Text(Required(map, "description", root), "description");
            // Optional: the seed ties a shipped control to the government cloud talk; a team's own control has none.
            var seed = map.TryGetValue("seed", out var seedNode) ? Scalar(seedNode, "seed") : string.Empty;
            var parameters = map.TryGetValue("parameters", out var parametersNode) ? Parameters(parametersNode) : [];
            var regions = ImmutableArray<string>.Empty;
            if (map.TryGetValue("regions", out var regionsNode))
            {
                regions = Regions(regionsNode);
                if (kind is ControlKind.Scp or ControlKind.Rcp)
                {
                    Error(DiagnosticCodes.RegionsNotAllowed, "'regions' applies to stack sets only; Organizations applies SCPs and RCPs in every region", regionsNode, "remove 'regions'");
                }
            }

            string? templateFile = null;
            var templateText = string.Empty;
            if (map.TryGetValue("template", out var templateNode))
            {
                templateFile = Scalar(templateNode, "template");
                if (templateFile is not null)
                {
                    var templatePath = Path.Combine(folderPath, templateFile);
                    if (templateFile.Contains('/', StringComparison.Ordinal) || templateFile.Contains('\\', StringComparison.Ordinal) || !File.Exists(templatePath))
                    {
                        Error(DiagnosticCodes.TemplateFileMissing, $"template file '{templateFile}' not found in {displayFolder}/", templateNode, "name a file that sits beside control.yaml");
                    }
                    else
                    {
                        templateText = File.ReadAllText(templatePath);
                    }
                }
            }

            string? cdkConstruct = null;
            if (map.TryGetValue("cdk_construct", out var cdkNode))
            {
                cdkConstruct = Scalar(cdkNode, "cdk_construct");
            }

            CtControlSpec? controlTower = null;
            if (kind == ControlKind.CtControl)
            {
                controlTower = ControlTowerSpec(map, root, sourceNode, templateNode, cdkNode, regionsNode: map.GetValueOrDefault("regions"), parameters);
            }
            else if (map.TryGetValue("control_tower", out var stray))
            {
                Error(DiagnosticCodes.CtControlSpecInvalid, "'control_tower' is only for 'kind: ct_control'", stray, "remove 'control_tower' or set 'kind: ct_control'");
            }

            // management_account_only: a stack set that may target named accounts only, never OUs (a GuardDuty detector or a
            // Security Hub hub in member accounts fails under the delegated administrator, GCF2901).
            var managementAccountOnly = false;
            if (map.TryGetValue("management_account_only", out var managementAccountOnlyNode))
            {
                managementAccountOnly = Enum(managementAccountOnlyNode, "management_account_only", BooleanValues) ?? false;
            }

            if (source == ControlSource.Scriban && templateNode is null)
            {
                Error(DiagnosticCodes.ControlSourceMismatch, "a Scriban control needs 'template'", root, "add 'template: <file>' naming the Scriban template beside control.yaml");
            }

            if (source == ControlSource.Scriban && cdkNode is not null)
            {
                Error(DiagnosticCodes.ControlSourceMismatch, "'cdk_construct' is only for 'source: cdk'", cdkNode, "remove 'cdk_construct' or set 'source: cdk'");
            }

            if (source == ControlSource.Cdk)
            {
                if (cdkNode is null)
                {
                    Error(DiagnosticCodes.ControlSourceMismatch, "a CDK control needs 'cdk_construct'", root, "add 'cdk_construct: <C# class name>'");
                }

                if (templateNode is not null)
                {
                    Error(DiagnosticCodes.ControlSourceMismatch, "'template' is only for 'source: scriban'", templateNode, "remove 'template'; the construct produces the template");
                }

                if (kind is ControlKind.Scp or ControlKind.Rcp)
                {
                    Error(DiagnosticCodes.ControlSourceMismatch, "SCP and RCP controls are Scriban policy documents; CDK synthesizes stack sets only", sourceNode!, "use 'source: scriban'");
                }
            }

            if (_errors > 0 || id is null || kind is null || source is null || title is null || description is null || seed is null)
            {
                return null;
            }

            return new ControlDefinition(
                id,
                kind.Value,
                source.Value,
                title,
                description,
                seed,
                parameters,
                regions,
                templateFile ?? string.Empty,
                templateText,
                cdkConstruct,
                new SourceLocation(file, 1, 1))
            {
                ControlTower = controlTower,
                ManagementAccountOnly = managementAccountOnly,
            };
        }

        /// <summary>
        /// A Control Tower control has no template of its own (the build renders it into the management account's stack),
        /// no regions (Control Tower applies it in every governed region) and a Control Catalog identifier.
        /// </summary>
        private CtControlSpec? ControlTowerSpec(
            Dictionary<string, YamlNode> map,
            YamlMappingNode root,
            YamlNode? sourceNode,
            YamlNode? templateNode,
            YamlNode? cdkNode,
            YamlNode? regionsNode,
            ImmutableArray<ControlParameter> parameters)
        {
            foreach (var (stray, key) in new[] { (sourceNode, "source"), (templateNode, "template"), (cdkNode, "cdk_construct"), (regionsNode, "regions") })
            {
                if (stray is not null)
                {
                    Error(DiagnosticCodes.CtControlSpecInvalid, $"'{key}' does not apply to a Control Tower control", stray, $"remove '{key}': Control Tower deploys the control in every governed region from its own artifacts");
                }
            }

            if (Required(map, "control_tower", root) is not { } node)
            {
                return null;
            }

            if (node is not YamlMappingNode mapping)
            {
                Error(DiagnosticCodes.CtControlSpecInvalid, "'control_tower' must be a mapping", node, "write identifier, name and behavior under 'control_tower:'");
                return null;
            }

            var fields = Entries(mapping, ControlTowerKeys, "control_tower");
            var identifierNode = Required(fields, "identifier", mapping);
            var identifier = Scalar(identifierNode, "control_tower.identifier");
            if (identifier is not null && !NameRules.IsControlCatalogIdentifier(identifier))
            {
                Error(DiagnosticCodes.CtControlSpecInvalid, $"'{identifier}' is not a Control Catalog global identifier", identifierNode!, "write the id part of arn:aws:controlcatalog:::control/<id>, e.g. 503uicglhjkokaajywfpt6ros (regional AWS-GR ARNs are no longer accepted)");
            }

            var name = Scalar(Required(fields, "name", mapping), "control_tower.name");
            var behavior = Enum(Required(fields, "behavior", mapping), "control_tower.behavior", BehaviorValues);
            string? exemptions = null;
            if (fields.TryGetValue("platform_exemptions", out var exemptionsNode))
            {
                exemptions = Scalar(exemptionsNode, "control_tower.platform_exemptions");
                if (exemptions is not null && !parameters.Any(p => p.Name == exemptions && p.Type == ParameterType.List))
                {
                    Error(DiagnosticCodes.CtControlSpecInvalid, $"platform_exemptions names '{exemptions}', which is not a list parameter of this control", exemptionsNode, "name the list parameter that takes principal ARNs, e.g. ExemptedPrincipalArns");
                }
            }

            ConfigRuleSpec? configRule = null;
            if (fields.TryGetValue("config_rule", out var configNode))
            {
                if (behavior != CtBehavior.Detective)
                {
                    Error(DiagnosticCodes.CtControlSpecInvalid, "'config_rule' is only for detective controls", configNode, "remove 'config_rule', or set 'behavior: detective'");
                }

                configRule = ConfigRule(configNode);
            }

            return identifier is null || name is null || behavior is null ? null : new CtControlSpec(identifier, name, behavior.Value, exemptions) { ConfigRule = configRule };
        }

        /// <summary>
        /// Reads <c>control_tower.config_rule</c>: the AWS Config managed rule a detective control is, its input parameters
        /// (text values, as Config takes them), an optional period, the regions where Config does not offer the rule and
        /// the Config Developer Guide page those facts come from.
        /// </summary>
        private ConfigRuleSpec? ConfigRule(YamlNode node)
        {
            if (node is not YamlMappingNode mapping)
            {
                Error(DiagnosticCodes.CtControlSpecInvalid, "'config_rule' must be a mapping", node, "write source_identifier, unsupported_regions and documentation under 'config_rule:'");
                return null;
            }

            var fields = Entries(mapping, ConfigRuleKeys, "control_tower.config_rule");
            var sourceNode = Required(fields, "source_identifier", mapping);
            var source = Scalar(sourceNode, "config_rule.source_identifier");
            if (source is not null && !ConfigRuleSourcePattern().IsMatch(source))
            {
                Error(DiagnosticCodes.CtControlSpecInvalid, $"'{source}' is not an AWS Config managed rule identifier", sourceNode!, "write the managed rule's identifier in capitals, e.g. ENCRYPTED_VOLUMES");
            }

            var documentationNode = Required(fields, "documentation", mapping);
            var documentation = Scalar(documentationNode, "config_rule.documentation");
            if (documentation is not null && !documentation.StartsWith("https://docs.aws.amazon.com/config/", StringComparison.Ordinal))
            {
                Error(DiagnosticCodes.CtControlSpecInvalid, $"'{documentation}' is not a page of the AWS Config Developer Guide", documentationNode!, "give the managed rule's page, https://docs.aws.amazon.com/config/latest/developerguide/<rule>.html, whose Region list unsupported_regions copies");
            }

            var parameters = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            if (fields.TryGetValue("input_parameters", out var parametersNode))
            {
                if (parametersNode is not YamlMappingNode parameterMap)
                {
                    Error(DiagnosticCodes.CtControlSpecInvalid, "'config_rule.input_parameters' must be a mapping", parametersNode, "write 'name: value' pairs, e.g. blockedPort1: \"20\"");
                }
                else
                {
                    foreach (var (keyNode, valueNode) in parameterMap.Children)
                    {
                        var key = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
                        if (!NameRules.IsParameterName(key) && !ConfigParameterPattern().IsMatch(key))
                        {
                            Error(DiagnosticCodes.CtControlSpecInvalid, $"'{key}' is not an AWS Config rule parameter name", keyNode, "use the parameter name of the managed rule, e.g. blockedPort1");
                            continue;
                        }

                        if (Scalar(valueNode, $"config_rule.input_parameters.{key}") is { } value)
                        {
                            parameters[key] = value;
                        }
                    }
                }
            }

            string? frequency = null;
            if (fields.TryGetValue("maximum_execution_frequency", out var frequencyNode))
            {
                frequency = Scalar(frequencyNode, "config_rule.maximum_execution_frequency");
                if (frequency is not null && !ConfigRuleSpec.Frequencies.Contains(frequency, StringComparer.Ordinal))
                {
                    Error(DiagnosticCodes.CtControlSpecInvalid, $"maximum_execution_frequency '{frequency}' is not one of AWS Config's periods", frequencyNode, $"use one of: {string.Join(", ", ConfigRuleSpec.Frequencies)}");
                    frequency = null;
                }
            }

            var unsupported = ImmutableArray<string>.Empty;
            if (Required(fields, "unsupported_regions", mapping) is { } regionsNode)
            {
                if (regionsNode is not YamlSequenceNode sequence)
                {
                    Error(DiagnosticCodes.CtControlSpecInvalid, "'config_rule.unsupported_regions' must be a list (empty when the rule's page names none)", regionsNode, "write 'unsupported_regions: []' or the region names the rule's page lists as unsupported");
                }
                else
                {
                    var regions = new SortedSet<string>(StringComparer.Ordinal);
                    foreach (var item in sequence)
                    {
                        if (Scalar(item, "unsupported_regions item") is { } region)
                        {
                            if (!NameRules.IsRegionName(region))
                            {
                                Error(DiagnosticCodes.CtControlSpecInvalid, $"'{region}' is not a region name", item, "write region codes such as ap-northeast-3");
                            }
                            else
                            {
                                regions.Add(region);
                            }
                        }
                    }

                    unsupported = [.. regions];
                }
            }

            return source is null || documentation is null ? null : new ConfigRuleSpec(source, parameters.ToImmutable(), frequency, unsupported, documentation);
        }

        private static readonly ImmutableDictionary<string, bool> BooleanValues = new Dictionary<string, bool>
        {
            ["true"] = true,
            ["false"] = false,
        }.ToImmutableDictionary(StringComparer.Ordinal);

        private static readonly ImmutableDictionary<string, ControlKind> KindValues = new Dictionary<string, ControlKind>
        {
            ["scp"] = ControlKind.Scp,
            ["rcp"] = ControlKind.Rcp,
            ["stack_set"] = ControlKind.StackSet,
            ["ct_control"] = ControlKind.CtControl,
        }.ToImmutableDictionary(StringComparer.Ordinal);

        private static readonly ImmutableDictionary<string, CtBehavior> BehaviorValues = new Dictionary<string, CtBehavior>
        {
            ["preventive"] = CtBehavior.Preventive,
            ["detective"] = CtBehavior.Detective,
        }.ToImmutableDictionary(StringComparer.Ordinal);

        private static readonly ImmutableDictionary<string, ControlSource> SourceValues = new Dictionary<string, ControlSource>
        {
            ["scriban"] = ControlSource.Scriban,
            ["cdk"] = ControlSource.Cdk,
        }.ToImmutableDictionary(StringComparer.Ordinal);

        private static readonly ImmutableDictionary<string, ParameterType> TypeValues = new Dictionary<string, ParameterType>
        {
            ["string"] = ParameterType.String,
            ["number"] = ParameterType.Number,
            ["boolean"] = ParameterType.Boolean,
            ["list"] = ParameterType.List,
            ["email"] = ParameterType.Email,
            ["arn"] = ParameterType.Arn,
        }.ToImmutableDictionary(StringComparer.Ordinal);

        private Dictionary<string, YamlNode> Entries(YamlMappingNode mapping, ImmutableHashSet<string> allowed, string what)
        {
            var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            foreach (var (keyNode, value) in mapping.Children)
            {
                var key = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
                if (!allowed.Contains(key))
                {
                    Error(DiagnosticCodes.CatalogUnknownKey, $"unknown key '{key}' in {what}", keyNode, $"use one of: {string.Join(", ", allowed.OrderBy(k => k, StringComparer.Ordinal))}");
                    continue;
                }

                if (!result.TryAdd(key, value))
                {
                    Error(DiagnosticCodes.CatalogDuplicateKey, $"duplicate key '{key}' in {what}", keyNode, "keep one of the two entries");
                }
            }

            return result;
        }

        private YamlNode? Required(Dictionary<string, YamlNode> map, string key, YamlNode parent)
        {
            if (map.TryGetValue(key, out var node))
            {
                return node;
            }

            Error(DiagnosticCodes.CatalogMissingKey, $"missing required key '{key}'", parent, $"add '{key}:'");
            return null;
        }

        private string? Scalar(YamlNode? node, string what)
        {
            if (node is null)
            {
                return null;
            }

            if (node is YamlScalarNode { Value: { Length: > 0 } value })
            {
                return value;
            }

            Error(DiagnosticCodes.CatalogInvalidValue, $"'{what}' must be a non-empty text value", node, $"write '{what}: <value>'");
            return null;
        }

        private T? Enum<T>(YamlNode? node, string what, ImmutableDictionary<string, T> values)
            where T : struct
        {
            var text = Scalar(node, what);
            if (text is null)
            {
                return null;
            }

            if (values.TryGetValue(text, out var value))
            {
                return value;
            }

            Error(DiagnosticCodes.CatalogInvalidValue, $"'{what}' is '{text}'", node!, $"use one of: {string.Join(", ", values.Keys.OrderBy(k => k, StringComparer.Ordinal))}");
            return null;
        }

        private LocalizedText? Text(YamlNode? node, string what)
        {
            if (node is null)
            {
                return null;
            }

            if (node is not YamlMappingNode mapping)
            {
                Error(DiagnosticCodes.CatalogInvalidValue, $"'{what}' must be a mapping with 'ja' and 'en'", node, $"write '{what}: {{ja: ..., en: ...}}'");
                return null;
            }

            var map = Entries(mapping, TextKeys, what);
            var ja = Scalar(Required(map, "ja", mapping), $"{what}.ja");
            var en = Scalar(Required(map, "en", mapping), $"{what}.en");
            return ja is null || en is null ? null : new LocalizedText(ja.Trim(), en.Trim());
        }

        private ImmutableArray<string> Regions(YamlNode node)
        {
            if (node is not YamlSequenceNode sequence)
            {
                Error(DiagnosticCodes.CatalogInvalidValue, "'regions' must be a list", node, "write 'regions: [home]' or a list of region names");
                return [];
            }

            var regions = ImmutableArray.CreateBuilder<string>();
            foreach (var item in sequence)
            {
                var region = Scalar(item, "regions item");
                if (region is null)
                {
                    continue;
                }

                if (region != "home" && !NameRules.IsRegionName(region))
                {
                    Error(DiagnosticCodes.CatalogInvalidValue, $"'{region}' is not a region name", item, "use 'home' or a region such as ap-northeast-1");
                    continue;
                }

                regions.Add(region);
            }

            return regions.ToImmutable();
        }

        private ImmutableArray<ControlParameter> Parameters(YamlNode node)
        {
            if (node is not YamlSequenceNode sequence)
            {
                Error(DiagnosticCodes.CatalogInvalidValue, "'parameters' must be a list", node, "write one '- name: ...' item per parameter");
                return [];
            }

            var result = ImmutableArray.CreateBuilder<ControlParameter>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in sequence)
            {
                if (item is not YamlMappingNode mapping)
                {
                    Error(DiagnosticCodes.CatalogInvalidValue, "a parameter must be a mapping", item, "write '- name: ...' with type and description");
                    continue;
                }

                var map = Entries(mapping, ParameterKeys, "parameter");
                var nameNode = Required(map, "name", mapping);
                var name = Scalar(nameNode, "name");
                if (name is not null)
                {
                    if (!NameRules.IsParameterName(name))
                    {
                        Error(DiagnosticCodes.CatalogInvalidName, $"parameter name '{name}' must be letters and digits (it becomes a CloudFormation parameter)", nameNode!, "use PascalCase, e.g. 'NotificationEmail'");
                    }
                    else if (!seen.Add(name))
                    {
                        Error(DiagnosticCodes.DuplicateParameter, $"parameter '{name}' is declared twice", nameNode!, "remove or rename one of them");
                    }
                }

                var type = Enum(Required(map, "type", mapping), "type", TypeValues);
                var description = Text(Required(map, "description", mapping), "description");
                string? pattern = null;
                Regex? regex = null;
                if (map.TryGetValue("pattern", out var patternNode))
                {
                    pattern = Scalar(patternNode, "pattern");
                    if (pattern is not null)
                    {
                        try
                        {
                            regex = new Regex($"^(?:{pattern})\\z", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                        }
                        catch (ArgumentException ex)
                        {
                            Error(DiagnosticCodes.ParameterPatternInvalid, $"pattern is not a valid regular expression: {ex.Message}", patternNode, "fix the regular expression (.NET syntax, matched against the whole value)");
                        }
                    }
                }

                var allowed = ImmutableArray<string>.Empty;
                if (map.TryGetValue("allowed_values", out var allowedNode))
                {
                    if (allowedNode is YamlSequenceNode allowedSequence && allowedSequence.Children.All(c => c is YamlScalarNode))
                    {
                        allowed = [.. allowedSequence.Children.Cast<YamlScalarNode>().Select(s => s.Value ?? string.Empty)];
                    }
                    else
                    {
                        Error(DiagnosticCodes.CatalogInvalidValue, "'allowed_values' must be a list of scalars", allowedNode, "write 'allowed_values: [a, b]'");
                    }
                }

                ParameterValue? defaultValue = null;
                if (map.TryGetValue("default", out var defaultNode) && type is not null)
                {
                    defaultValue = Default(defaultNode, type.Value, regex, allowed);
                }

                if (name is not null && type is not null && description is not null)
                {
                    result.Add(new ControlParameter(name, type.Value, defaultValue, description, pattern, allowed));
                }
            }

            return result.ToImmutable();
        }

        private ParameterValue? Default(YamlNode node, ParameterType type, Regex? pattern, ImmutableArray<string> allowed)
        {
            var location = At(node);
            if (type == ParameterType.List)
            {
                if (node is not YamlSequenceNode sequence || !sequence.Children.All(c => c is YamlScalarNode))
                {
                    Error(DiagnosticCodes.ParameterDefaultInvalid, "default of a list parameter must be a list of scalars", node, "write 'default: [a, b]' or 'default: []'");
                    return null;
                }

                var items = sequence.Children.Cast<YamlScalarNode>().Select(s => s.Value ?? string.Empty).ToList();
                foreach (var (item, itemNode) in items.Zip(sequence.Children))
                {
                    CheckValue(item, itemNode, pattern, allowed);
                }

                return ParameterValue.OfList(items, location);
            }

            if (node is not YamlScalarNode scalar)
            {
                Error(DiagnosticCodes.ParameterDefaultInvalid, $"default of a {Name(type)} parameter must be a single value", node, "write a scalar value");
                return null;
            }

            var value = scalar.Value ?? string.Empty;
            // An empty default is allowed for strings (it means "not set"), never for typed values.
            if (!(type == ParameterType.String && value.Length == 0) && !MatchesType(type, value))
            {
                Error(DiagnosticCodes.ParameterDefaultInvalid, $"default '{value}' is not a valid {Name(type)}", node, TypeHint(type));
                return null;
            }

            if (value.Length > 0)
            {
                CheckValue(value, node, pattern, allowed);
            }

            var kind = type switch
            {
                ParameterType.Number => ParameterValueKind.Number,
                ParameterType.Boolean => ParameterValueKind.Boolean,
                _ => ParameterValueKind.String,
            };
            return new ParameterValue(kind, value, [], location);
        }

        private void CheckValue(string value, YamlNode node, Regex? pattern, ImmutableArray<string> allowed)
        {
            if (pattern is not null && !pattern.IsMatch(value))
            {
                Error(DiagnosticCodes.ParameterDefaultInvalid, $"default '{value}' does not match the parameter's pattern", node, "change the default or the pattern");
            }

            if (!allowed.IsDefaultOrEmpty && !allowed.Contains(value, StringComparer.Ordinal))
            {
                Error(DiagnosticCodes.ParameterDefaultInvalid, $"default '{value}' is not one of the allowed values", node, $"use one of: {string.Join(", ", allowed)}");
            }
        }

        private static string Name(ParameterType type) => type.ToString().ToLowerInvariant();

        private static string TypeHint(ParameterType type) => type switch
        {
            ParameterType.Boolean => "write true or false",
            ParameterType.Number => "write a number such as 90",
            ParameterType.Email => "write an address such as security@example.go.jp",
            ParameterType.Arn => "write an ARN such as arn:aws:iam::123456789012:role/Name",
            _ => "write a text value",
        };
    }
}
