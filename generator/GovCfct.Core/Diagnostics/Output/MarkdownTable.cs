using System.Text;

namespace GovCfct.Core.Diagnostics.Output;

/// <summary>
/// The Markdown table code every report shares (plan, build report, pull-request description, catalog), so the
/// escaping of a cell and the shape of a header are written once.
/// </summary>
public static class MarkdownTable
{
    /// <summary>
    /// "| a | b |" and its separator row. A column written with a trailing ':' ("accounts:") is right-aligned and shown
    /// without it, as Markdown's own "---:" says.
    /// </summary>
    public static StringBuilder Header(StringBuilder md, params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(columns);
        md.Append('|');
        foreach (var column in columns)
        {
            var name = column.EndsWith(':') ? column[..^1] : column;
            md.Append(name.Length == 0 ? " |" : $" {name} |");
        }

        md.Append("\n|");
        foreach (var column in columns)
        {
            md.Append(column.EndsWith(':') ? "---:|" : "---|");
        }

        return md.Append('\n');
    }

    /// <summary>
    /// Text shown literally inside a cell, whatever it holds (OU and account names come from the organization, not from
    /// us): a line break (CR, LF, NEL, U+2028/2029) or another control character would end the row and start a forged
    /// one, so it becomes a space; '|' would end the cell; a backslash could cancel the escape after it; a backtick could
    /// open a code span across cells; '&lt;' and '&gt;' would be raw HTML. Every Markdown writer goes through here.
    /// </summary>
    public static string Cell(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var cell = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            _ = c switch
            {
                '\\' => cell.Append(@"\\"),
                '|' => cell.Append(@"\|"),
                '`' => cell.Append(@"\`"),
                '<' => cell.Append("&lt;"),
                '>' => cell.Append("&gt;"),
                _ when char.IsControl(c) || c is '\u2028' or '\u2029' => cell.Append(' '),
                _ => cell.Append(c),
            };
        }

        return cell.ToString();
    }

    /// <summary>
    /// Markdown this project writes itself (catalog titles and descriptions, diagnostic help with its code spans), kept as
    /// Markdown inside a cell: only '|' is escaped and a line break folds to a space, so the row stays one row. Text from
    /// the organization, CloudTrail or a package never comes here: that is <see cref="Cell"/>.
    /// </summary>
    public static string AuthoredCell(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace("|", @"\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
    }

    /// <summary>
    /// <paramref name="text"/> as a code span inside a cell: line breaks and control characters become spaces, '|' is
    /// escaped (GFM reads it before the span), and the fence is one backtick longer than the longest run inside, so a
    /// backtick in the text can never close the span early.
    /// </summary>
    public static string Code(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var body = new StringBuilder(text.Length);
        int run = 0, longest = 0;
        foreach (var c in text)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
            body.Append(c == '|' ? @"\|" : char.IsControl(c) || c is '\u2028' or '\u2029' ? " " : c.ToString());
        }

        var fence = new string('`', longest + 1);
        var pad = longest > 0 ? " " : string.Empty;
        return fence + pad + body + pad + fence;
    }
}
