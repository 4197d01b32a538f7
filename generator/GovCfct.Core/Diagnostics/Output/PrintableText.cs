using System.Globalization;
using System.Text;

namespace GovCfct.Core.Diagnostics.Output;

/// <summary>
/// Diagnostics quote content under review (names, values, file paths), and content can carry control characters: a
/// terminal escape can erase a line and print a forged "validate: ok", a carriage return can overwrite one, and XML
/// 1.0 cannot hold most of them at all. Every control character except a line feed is shown as <c>\u001B</c>; a line
/// feed starts an indented continuation line, so quoted text never begins a line of its own.
/// </summary>
public static class PrintableText
{
    public static string Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(c => char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029' or '\u202E' or '\u202D' or '\u2066' or '\u2067' or '\u2068' or '\u2069'))
        {
            return text;
        }

        var result = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                result.Append("\n    ");
            }
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                result.Append(c).Append(text[++i]);
            }
            else if (char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029' or '\u202E' or '\u202D' or '\u2066' or '\u2067' or '\u2068' or '\u2069')
            {
                result.Append(string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"));
            }
            else
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }
}
