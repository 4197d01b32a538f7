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

    /// <summary>Text safe inside a cell: a '|' would end the cell and a line break the row.</summary>
    public static string Cell(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
    }
}
