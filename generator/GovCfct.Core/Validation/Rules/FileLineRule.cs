using System.Text.RegularExpressions;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Core.Validation.Rules;

/// <summary>
/// CfCT's Build stage finds files with a line filter, not a YAML parser: every non-comment line containing
/// <c>_file:</c>, runs of spaces squeezed, third space-separated field = the file name (run-validation.sh).
/// So a <c>*_file:</c> value must be unquoted, without spaces, and not the first key of a list item; and no
/// other line may contain <c>_file:</c>.
/// </summary>
internal sealed partial class FileLineRule : IValidationRule
{
    public IReadOnlyList<DiagnosticDescriptor> Codes { get; } =
        [DiagnosticCodes.FileValueQuoted, DiagnosticCodes.FileValueNotThirdField, DiagnosticCodes.FileKeyFirstInListItem, DiagnosticCodes.FileMarkerElsewhere];

    public void Check(PackageContext context, DiagnosticBag diagnostics)
    {
        var lines = context.Manifest.Lines;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (!line.Contains("_file:", StringComparison.Ordinal) || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            var lineNo = i + 1;
            var match = FileKeyLine().Match(line);
            if (!match.Success)
            {
                var col = line.IndexOf("_file:", StringComparison.Ordinal) + 1;
                diagnostics.Report(DiagnosticCodes.FileMarkerElsewhere, "this line contains '_file:' but is not a resource_file, parameter_file, template_file or policy_file key; CfCT's Build stage will look for a file named by its third word", context.Manifest.AtLine(lineNo, col), "reword the text so that it does not contain '_file:'");
                continue;
            }

            var keyColumn = match.Groups["key"].Index + 1;
            var valueColumn = match.Groups["value"].Index + 1;
            var value = StripComment(match.Groups["value"].Value).Trim();
            if (match.Groups["dash"].Success)
            {
                diagnostics.Report(DiagnosticCodes.FileKeyFirstInListItem, $"'{match.Groups["key"].Value}' is the first key of a list item; CfCT's Build stage then reads the key instead of the file name", context.Manifest.AtLine(lineNo, keyColumn), "put '- name:' first and this key on its own line");
                continue;
            }

            if (value.StartsWith('"') || value.StartsWith('\''))
            {
                diagnostics.Report(DiagnosticCodes.FileValueQuoted, $"the {match.Groups["key"].Value} value is quoted; CfCT's Build stage keeps the quotes as part of the file name", context.Manifest.AtLine(lineNo, valueColumn), "remove the quotes");
                continue;
            }

            if (value.Length == 0 || value.Contains(' ', StringComparison.Ordinal) || value.Contains('\t', StringComparison.Ordinal) || ThirdField(line) != value)
            {
                diagnostics.Report(DiagnosticCodes.FileValueNotThirdField, $"CfCT's Build stage would read '{ThirdField(line)}' as the file name of this line", context.Manifest.AtLine(lineNo, valueColumn), "write the path on the same line as the key, unquoted and without spaces");
            }
        }
    }

    /// <summary>The file name as run-validation.sh extracts it: squeeze spaces, third space-separated field.</summary>
    internal static string ThirdField(string line)
    {
        var squeezed = Spaces().Replace(line, " ");
        var fields = squeezed.Split(' ');
        return fields.Length > 2 ? fields[2] : string.Empty;
    }

    private static string StripComment(string value)
    {
        var i = value.IndexOf(" #", StringComparison.Ordinal);
        return i >= 0 ? value[..i] : value;
    }

    [GeneratedRegex("^ *(?<dash>- +)?(?<key>(resource|parameter|template|policy)_file):[ \t]*(?<value>.*)\\z")]
    private static partial Regex FileKeyLine();

    [GeneratedRegex(" +")]
    private static partial Regex Spaces();
}
