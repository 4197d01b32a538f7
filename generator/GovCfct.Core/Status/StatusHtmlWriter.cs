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
        var s = report.Summary;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Control coverage status</title>\n");
        html.Append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left}.covered{color:#1a7f37}.failed,.missing{color:#cf222e}.outdated,.drifted{color:#9a6700}code{font-size:.9em}</style>\n</head>\n<body>\n");
        html.Append("<h1>Control coverage status</h1>\n");
        if (report.GeneratedAt is { } at)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>Generated {E(at)}.</p>\n");
        }

        html.Append(CultureInfo.InvariantCulture, $"<p class=\"{(report.IsCovered ? "covered" : "failed")}\"><strong>{E(s.Verdict)}</strong></p>\n");
        html.Append("<table><tr><th>accounts</th><th>covered</th><th>failed</th><th>missing</th><th>outdated</th><th>drifted</th><th>new, not covered</th><th>stale</th></tr>\n");
        html.Append(CultureInfo.InvariantCulture, $"<tr><td>{s.Accounts}</td><td>{s.Covered}</td><td>{s.Failed}</td><td>{s.Missing}</td><td>{s.Outdated}</td><td>{s.Drifted}</td><td>{s.NewAccountsNotCovered}</td><td>{s.Stale}</td></tr></table>\n");
        if (!report.NewAccounts.IsEmpty)
        {
            html.Append("<h2>New accounts not yet covered</h2>\n<table><tr><th>account</th><th>name</th><th>OU</th><th>joined</th><th>state</th></tr>\n");
            foreach (var a in report.NewAccounts)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{a.AccountId}</td><td>{E(a.Name)}</td><td>{E(a.OuPath)}</td><td>{a.Joined.UtcDateTime:yyyy-MM-dd HH:mm}Z</td><td class=\"{StatusMarkdownWriter.State(a.State)}\">{StatusMarkdownWriter.State(a.State)}</td></tr>\n");
            }

            html.Append("</table>\n");
        }

        if (!report.Accounts.IsEmpty)
        {
            html.Append("<h2>Accounts</h2>\n<table><tr><th>account</th><th>name</th><th>OU</th><th>state</th><th>control</th><th>region</th><th>detail</th></tr>\n");
            foreach (var a in report.Accounts.Take(StatusMarkdownWriter.MaxAccountsListed))
            {
                foreach (var f in a.Findings)
                {
                    html.Append(CultureInfo.InvariantCulture, $"<tr><td>{a.AccountId}</td><td>{E(a.Name)}</td><td>{E(a.OuPath)}</td><td class=\"{StatusMarkdownWriter.State(f.State)}\">{StatusMarkdownWriter.State(f.State)}</td><td>{E(f.Control)}</td><td>{E(f.Region ?? string.Empty)}</td><td>{E(f.Detail)}</td></tr>\n");
                }
            }

            html.Append("</table>\n");
        }

        html.Append("<h2>Controls</h2>\n<table><tr><th>control</th><th>kind</th><th>accounts</th><th>covered</th><th>failed</th><th>missing</th><th>outdated</th><th>drifted</th></tr>\n");
        foreach (var c in report.Controls)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(c.Name)}</td><td>{StatusMarkdownWriter.Kind(c.Kind)}</td><td>{c.Expected}</td><td>{c.Covered}</td><td>{c.Failed}</td><td>{c.Missing}</td><td>{c.Outdated}</td><td>{c.Drifted}</td></tr>\n");
        }

        html.Append("</table>\n");
        if (!report.Stale.IsEmpty)
        {
            html.Append("<h2>Stale: deployed but no longer wanted</h2>\n<table><tr><th>kind</th><th>name</th><th>target</th><th>detail</th><th>remove with</th></tr>\n");
            foreach (var item in report.Stale)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(item.Kind)}</td><td>{E(item.Name)}</td><td>{E(item.Target ?? string.Empty)}</td><td>{E(item.Detail)}</td><td><code>{E(item.Command)}</code></td></tr>\n");
            }

            html.Append("</table>\n");
        }

        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
