using System.Globalization;
using System.Net;
using System.Text;

namespace GovCfct.Core.Status;

/// <summary>The status report as one self-contained HTML page (no scripts, no external resources) for a dashboard or mail.</summary>
public static class StatusHtmlWriter
{
    public static string Write(StatusReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Control coverage status</title>\n");
        html.Append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left}td.n{text-align:right}.covered{color:#1a7f37}.failed,.missing{color:#cf222e}.outdated,.drifted{color:#9a6700}code{font-size:.9em}</style>\n</head>\n<body>\n");
        html.Append("<h1>Control coverage status</h1>\n");
        if (report.GeneratedAt is { } at)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>Generated {E(at)}.</p>\n");
        }

        if (report.ExpectedSource is { } source)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>Expected state: {E(source)}.</p>\n");
        }

        html.Append(CultureInfo.InvariantCulture, $"<p class=\"{(report.IsCovered ? "covered" : "failed")}\"><strong>{E(report.Summary.Verdict)}</strong></p>\n");
        foreach (var table in StatusTables.Of(report))
        {
            if (table.Heading is not null)
            {
                html.Append("<h2>").Append(E(table.Heading)).Append("</h2>\n");
            }

            html.Append("<table><tr>");
            foreach (var column in table.Columns)
            {
                html.Append("<th>").Append(E(column.Name)).Append("</th>");
            }

            html.Append("</tr>\n");
            foreach (var row in table.Rows)
            {
                html.Append("<tr>");
                for (var i = 0; i < row.Length; i++)
                {
                    var cell = row[i];
                    var css = cell.State is { } state ? StatusTables.StateName(state) : table.Columns[i].Numeric ? "n" : null;
                    html.Append(css is null ? "<td>" : $"<td class=\"{css}\">");
                    html.Append(cell.Code && cell.Text.Length > 0 ? $"<code>{E(cell.Text)}</code>" : E(cell.Text)).Append("</td>");
                }

                html.Append("</tr>\n");
            }

            html.Append("</table>\n");
            if (table.Note is not null)
            {
                html.Append("<p>").Append(E(table.Note.Replace("`", string.Empty, StringComparison.Ordinal))).Append("</p>\n");
            }
        }

        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
