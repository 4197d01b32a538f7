using System.Globalization;
using System.Text.RegularExpressions;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace GovCfct.Core.Definition;

/// <summary>
/// Strict reading of one definition file with YamlDotNet's representation model, so every node keeps its
/// position: unknown keys, wrong types and missing members become diagnostics at file(line,col) instead of
/// defaults or exceptions. One instance per file.
/// </summary>
internal sealed partial class YamlFileReader
{
    /// <summary>The definition stage's codes for what <see cref="StrictYaml"/> finds.</summary>
    public static readonly YamlFileCodes Codes = new(
        DiagnosticCodes.MalformedYaml, DiagnosticCodes.DuplicateKey, DiagnosticCodes.MissingRequired, DiagnosticCodes.MultipleDocuments, DiagnosticCodes.WrongType);

    private readonly DiagnosticBag _diagnostics;

    public YamlFileReader(string displayPath, DiagnosticBag diagnostics)
    {
        DisplayPath = displayPath;
        _diagnostics = diagnostics;
    }

    /// <summary>The file path as shown in diagnostics: relative to the definition folder, '/' separated.</summary>
    public string DisplayPath { get; }

    /// <summary>The absolute definition folder <see cref="DisplayPath"/> is relative to (<see cref="SourceLocation.Root"/>).</summary>
    public string? Root { get; init; }

    /// <summary>Parses the file and returns its top-level mapping, or null after reporting why it cannot.</summary>
    public YamlMappingNode? ReadTopMapping(string fullPath) => StrictYaml.ReadMapping(fullPath, DisplayPath, Codes, _diagnostics);

    public SourceLocation At(YamlNode node) => At(node.Start);

    public SourceLocation At(Mark mark) => StrictYaml.At(DisplayPath, mark) with { Root = Root };

    /// <summary>Returns the node as a mapping or reports a wrong type.</summary>
    public YamlMappingNode? ExpectMapping(YamlNode node, string what)
    {
        if (node is YamlMappingNode mapping)
        {
            return mapping;
        }

        WrongType(node, what, "a mapping (key: value)");
        return null;
    }

    /// <summary>Returns the node as a sequence or reports a wrong type.</summary>
    public YamlSequenceNode? ExpectSequence(YamlNode node, string what)
    {
        if (node is YamlSequenceNode sequence)
        {
            return sequence;
        }

        WrongType(node, what, "a list");
        return null;
    }

    /// <summary>
    /// The members of a mapping by key; keys outside <paramref name="allowed"/> are reported as unknown and left out.
    /// Missing required members are reported at the mapping.
    /// </summary>
    public Members Read(YamlMappingNode mapping, string what, IReadOnlyList<string> allowed, IReadOnlyList<string> required)
    {
        var members = new Dictionary<string, (YamlScalarNode Key, YamlNode Value)>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode key || key.Value is null)
            {
                WrongType(keyNode, $"a key of {what}", "a plain string");
                continue;
            }

            if (!allowed.Contains(key.Value, StringComparer.Ordinal))
            {
                _diagnostics.Report(
                    DiagnosticCodes.UnknownKey,
                    $"unknown key '{key.Value}' in {what}; expected one of: {string.Join(", ", allowed)}",
                    At(key),
                    "remove the key or fix its spelling");
                continue;
            }

            members[key.Value] = (key, value);
        }

        foreach (var name in required)
        {
            if (!members.ContainsKey(name))
            {
                _diagnostics.Report(
                    DiagnosticCodes.MissingRequired,
                    $"{what} is missing the required key '{name}'",
                    At(mapping),
                    $"add '{name}:'");
            }
        }

        return new Members(this, members, what);
    }

    /// <summary>A scalar's text, or null after reporting a wrong type (lists, mappings and YAML null are not strings).</summary>
    public string? ExpectString(YamlNode node, string what)
    {
        if (node is YamlScalarNode scalar && !IsNull(scalar))
        {
            return scalar.Value ?? string.Empty;
        }

        WrongType(node, what, "a string");
        return null;
    }

    /// <summary>A YAML boolean (<c>true</c>/<c>false</c>, unquoted), or null after reporting a wrong type.</summary>
    public bool? ExpectBool(YamlNode node, string what)
    {
        if (node is YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "True" or "TRUE" })
        {
            return true;
        }

        if (node is YamlScalarNode { Style: ScalarStyle.Plain, Value: "false" or "False" or "FALSE" })
        {
            return false;
        }

        WrongType(node, what, "true or false");
        return null;
    }

    /// <summary>A non-negative YAML integer (unquoted), or null after reporting a wrong type.</summary>
    public int? ExpectInt(YamlNode node, string what)
    {
        if (node is YamlScalarNode { Style: ScalarStyle.Plain } scalar
            && int.TryParse(scalar.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        WrongType(node, what, "a whole number");
        return null;
    }

    /// <summary>A list of strings; items of the wrong type are reported and skipped.</summary>
    public List<(string Value, YamlNode Node)>? ExpectStringList(YamlNode node, string what)
    {
        var sequence = ExpectSequence(node, what);
        if (sequence is null)
        {
            return null;
        }

        var items = new List<(string, YamlNode)>(sequence.Children.Count);
        foreach (var item in sequence.Children)
        {
            var text = ExpectString(item, $"an item of {what}");
            if (text is not null)
            {
                items.Add((text, item));
            }
        }

        return items;
    }

    /// <summary>
    /// A parameter value: a scalar (kept as its source text, kind from its YAML form) or a list of scalars.
    /// Mappings and nested lists are wrong types; YAML null is refused so an empty value is always written as "".
    /// </summary>
    public ParameterValue? ExpectParameterValue(YamlNode node, string what)
    {
        switch (node)
        {
            case YamlScalarNode scalar when !IsNull(scalar):
                return new ParameterValue(KindOf(scalar), scalar.Value ?? string.Empty, [], At(scalar));
            case YamlSequenceNode sequence:
                var items = new List<string>(sequence.Children.Count);
                foreach (var item in sequence.Children)
                {
                    if (item is YamlScalarNode itemScalar && !IsNull(itemScalar))
                    {
                        items.Add(itemScalar.Value ?? string.Empty);
                    }
                    else
                    {
                        WrongType(item, $"an item of {what}", "a string, number or boolean");
                    }
                }

                return ParameterValue.OfList(items, At(sequence));
            default:
                WrongType(node, what, "a string, number, boolean or a list of them (write \"\" for an empty value)");
                return null;
        }
    }

    public void WrongType(YamlNode node, string what, string expected) =>
        _diagnostics.Report(
            DiagnosticCodes.WrongType,
            $"{what} must be {expected}, found {Describe(node)}",
            At(node),
            $"write {what} as {expected}");

    /// <summary>YAML's null forms, written plain: empty, <c>~</c>, <c>null</c>.</summary>
    public static bool IsNull(YamlScalarNode scalar) => StrictYaml.IsNull(scalar);

    private static ParameterValueKind KindOf(YamlScalarNode scalar)
    {
        if (scalar.Style != ScalarStyle.Plain)
        {
            return ParameterValueKind.String;
        }

        if (scalar.Value is "true" or "false" or "True" or "False" or "TRUE" or "FALSE")
        {
            return ParameterValueKind.Boolean;
        }

        return NumberPattern().IsMatch(scalar.Value ?? string.Empty) ? ParameterValueKind.Number : ParameterValueKind.String;
    }

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode scalar when IsNull(scalar) => "nothing (null)",
        YamlScalarNode scalar => $"'{scalar.Value}'",
        _ => "an unsupported node",
    };

    [GeneratedRegex(@"^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();

    /// <summary>The recognised members of one mapping, with typed accessors that report wrong types.</summary>
    internal sealed class Members
    {
        private readonly YamlFileReader _reader;
        private readonly Dictionary<string, (YamlScalarNode Key, YamlNode Value)> _members;
        private readonly string _what;

        public Members(YamlFileReader reader, Dictionary<string, (YamlScalarNode Key, YamlNode Value)> members, string what)
        {
            _reader = reader;
            _members = members;
            _what = what;
        }

        public YamlNode? Node(string key) => _members.TryGetValue(key, out var member) ? member.Value : null;

        public YamlScalarNode? KeyNode(string key) => _members.TryGetValue(key, out var member) ? member.Key : null;

        public string? String(string key) =>
            Node(key) is { } node ? _reader.ExpectString(node, $"'{key}' of {_what}") : null;

        public bool? Bool(string key) =>
            Node(key) is { } node ? _reader.ExpectBool(node, $"'{key}' of {_what}") : null;

        public int? Int(string key) =>
            Node(key) is { } node ? _reader.ExpectInt(node, $"'{key}' of {_what}") : null;

        public List<(string Value, YamlNode Node)>? StringList(string key) =>
            Node(key) is { } node ? _reader.ExpectStringList(node, $"'{key}' of {_what}") : null;
    }
}
