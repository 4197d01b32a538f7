using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace GovCfct.Core.Yaml;

/// <summary>The type PyYAML (YAML 1.1, CfCT's loader) gives a scalar; YamlDotNet keeps only text and style.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "The members are YAML's own type names (tag:yaml.org,2002:str, int, float).")]
public enum YamlScalarKind
{
    String,
    Null,
    Bool,
    Int,
    Float,
    Date,
}

/// <summary>
/// Resolves plain scalars the way PyYAML's safe loader does, because CfCT reads manifests with it: an unquoted
/// <c>0</c> is an int, <c>yes</c> a bool, <c>2021-03-15</c> a date, <c>0123</c> an octal int.
/// </summary>
public static partial class YamlScalars
{
    public static YamlScalarKind Resolve(YamlScalarNode node)
    {
        if (!node.Tag.IsEmpty && !node.Tag.IsNonSpecific)
        {
            return node.Tag.Value switch
            {
                "tag:yaml.org,2002:null" => YamlScalarKind.Null,
                "tag:yaml.org,2002:bool" => YamlScalarKind.Bool,
                "tag:yaml.org,2002:int" => YamlScalarKind.Int,
                "tag:yaml.org,2002:float" => YamlScalarKind.Float,
                "tag:yaml.org,2002:timestamp" => YamlScalarKind.Date,
                _ => YamlScalarKind.String,
            };
        }

        if (node.Style != ScalarStyle.Plain && node.Style != ScalarStyle.Any)
        {
            return YamlScalarKind.String;
        }

        var text = node.Value ?? string.Empty;

        // Fast path: most values start with a letter and can then only be null, a bool or a string.
        if (text.Length > 0 && char.IsAsciiLetter(text[0]))
        {
            return NullPattern().IsMatch(text) ? YamlScalarKind.Null : BoolPattern().IsMatch(text) ? YamlScalarKind.Bool : YamlScalarKind.String;
        }

        if (NullPattern().IsMatch(text))
        {
            return YamlScalarKind.Null;
        }

        if (BoolPattern().IsMatch(text))
        {
            return YamlScalarKind.Bool;
        }

        if (IntPattern().IsMatch(text))
        {
            return YamlScalarKind.Int;
        }

        if (FloatPattern().IsMatch(text))
        {
            return YamlScalarKind.Float;
        }

        return DatePattern().IsMatch(text) ? YamlScalarKind.Date : YamlScalarKind.String;
    }

    /// <summary>True for a plain scalar PyYAML reads as an octal int (leading 0, digits 0-7 only).</summary>
    public static bool IsOctal(YamlScalarNode node) =>
        Resolve(node) == YamlScalarKind.Int && OctalPattern().IsMatch(node.Value ?? string.Empty);

    /// <summary>What yorm makes of a scalar for a string field: 0, null and empty become "", bools lower-case.</summary>
    public static string AsYormString(YamlScalarNode node)
    {
        var text = node.Value ?? string.Empty;
        return Resolve(node) switch
        {
            YamlScalarKind.Null => string.Empty,
            YamlScalarKind.Bool => IsTrue(text) ? "true" : "false",
            YamlScalarKind.Int => IntValue(text) is { } value ? (value == 0 ? string.Empty : value.ToString(CultureInfo.InvariantCulture)) : text,
            YamlScalarKind.Float => double.TryParse(text.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == 0 ? string.Empty : text,
            _ => text,
        };
    }

    public static string KindName(YamlScalarKind kind) => kind switch
    {
        YamlScalarKind.Null => "null",
        YamlScalarKind.Bool => "a boolean",
        YamlScalarKind.Int => "an integer",
        YamlScalarKind.Float => "a number",
        YamlScalarKind.Date => "a date",
        _ => "a string",
    };

    private static bool IsTrue(string text) => text.ToLowerInvariant() is "yes" or "true" or "on";

    private static long? IntValue(string text)
    {
        var t = text.Replace("_", string.Empty, StringComparison.Ordinal);
        var negative = t.StartsWith('-');
        t = t.TrimStart('+', '-');
        try
        {
            long value;
            if (t.StartsWith("0x", StringComparison.Ordinal))
            {
                value = Convert.ToInt64(t[2..], 16);
            }
            else if (t.StartsWith("0b", StringComparison.Ordinal))
            {
                value = Convert.ToInt64(t[2..], 2);
            }
            else if (t.Length > 1 && t[0] == '0')
            {
                value = Convert.ToInt64(t, 8);
            }
            else if (t.Contains(':', StringComparison.Ordinal))
            {
                return null;
            }
            else
            {
                value = long.Parse(t, CultureInfo.InvariantCulture);
            }

            return negative ? -value : value;
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>PyYAML's int value of a plain integer scalar, for messages (octal account ids).</summary>
    public static string? IntText(YamlScalarNode node) =>
        Resolve(node) == YamlScalarKind.Int ? IntValue(node.Value ?? string.Empty)?.ToString(CultureInfo.InvariantCulture) : null;

    [GeneratedRegex("^(~|null|Null|NULL|)\\z")]
    private static partial Regex NullPattern();

    [GeneratedRegex("^(yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)\\z")]
    private static partial Regex BoolPattern();

    [GeneratedRegex("^([-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+)\\z")]
    private static partial Regex IntPattern();

    [GeneratedRegex("^[-+]?0[0-7_]+\\z")]
    private static partial Regex OctalPattern();

    [GeneratedRegex(@"^([-+]?([0-9][0-9_]*)\.[0-9_]*([eE][-+][0-9]+)?|\.[0-9_]+([eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))\z")]
    private static partial Regex FloatPattern();

    [GeneratedRegex(@"^([0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(\.[0-9]*)?([ \t]*(Z|[-+][0-9]{1,2}(:[0-9]{2})?))?)\z")]
    private static partial Regex DatePattern();
}
