using System.Globalization;
using System.Text;
using GovCfct.Core.Diagnostics.Output;

namespace GovCfct.Core.Status;

/// <summary>The status report for people: verdict first, then what to fix (docs/status.md explains every state).</summary>
public static class StatusMarkdownWriter
{
    /// <summary>Accounts listed in full; the rest are counted (the JSON has them all).</summary>
    public const int MaxAccountsListed = StatusTables.MaxAccountsListed;

    public static string Write(StatusReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        md.Append("# Control coverage status\n\n");
        if (report.GeneratedAt is { } at)
        {
            md.Append(CultureInfo.InvariantCulture, $"Generated {at}.\n\n");
        }

        if (report.ExpectedSource is { } source)
        {
            md.Append(CultureInfo.InvariantCulture, $"Expected state: {source}.\n\n");
        }

        md.Append(CultureInfo.InvariantCulture, $"**{report.Summary.Verdict}**\n\n");
        foreach (var table in StatusTables.Of(report))
        {
            if (table.Heading is not null)
            {
                md.Append("## ").Append(table.Heading).Append("\n\n");
            }

            md.Append("| ").AppendJoin(" | ", table.Columns.Select(c => c.Name)).Append(" |\n|");
            foreach (var column in table.Columns)
            {
                md.Append(column.Numeric ? "---:|" : "---|");
            }

            md.Append('\n');
            foreach (var row in table.Rows)
            {
                md.Append("| ").AppendJoin(" | ", row.Select(Cell)).Append(" |\n");
            }

            if (table.Note is not null)
            {
                md.Append('\n').Append(table.Note).Append('\n');
            }

            md.Append('\n');
        }

        return md.ToString();
    }

    private static string Cell(StatusCell cell) =>
        cell.Code && cell.Text.Length > 0 ? MarkdownTable.Code(cell.Text) : MarkdownTable.Cell(cell.Text);
}
