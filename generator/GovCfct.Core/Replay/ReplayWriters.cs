using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using GovCfct.Core.Diagnostics.Output;

namespace GovCfct.Core.Replay;

/// <summary>The replay as Markdown (the pull-request description), HTML (one page for reviewers) and JSON.</summary>
public static class ReplayWriters
{
    private const int MaxRows = 100;

    public static string Label(ReplayVerdict verdict) => verdict switch
    {
        ReplayVerdict.NewlyDenied => "newly denied",
        ReplayVerdict.MaybeNewlyDenied => "maybe newly denied",
        ReplayVerdict.NewlyAllowed => "newly allowed",
        _ => "unchanged",
    };

    /// <summary>The calibration line every run prints.</summary>
    public static string CalibrationLine(Calibration calibration)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        if (calibration.Denials == 0)
        {
            return "Calibration: the window holds no call denied by an SCP or RCP; nothing to compare.";
        }

        return string.Create(CultureInfo.InvariantCulture, $"Calibration: {calibration.Agreed + calibration.AgreedMaybe} of {calibration.Judged} recorded SCP/RCP denial(s) are denied by the previous package ({calibration.AgreementPercent:0.0}% agreement; {calibration.AgreedMaybe} only with a missing key), {calibration.DisagreementCount} disagreement(s).");
    }

    /// <summary>One line: how many calls each verdict has.</summary>
    public static string SummaryLine(ReplayReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return string.Create(CultureInfo.InvariantCulture, $"{report.Count(ReplayVerdict.NewlyDenied)} call(s) newly denied, {report.Count(ReplayVerdict.MaybeNewlyDenied)} maybe newly denied, {report.Count(ReplayVerdict.NewlyAllowed)} newly allowed, {report.Count(ReplayVerdict.Unchanged)} unchanged ({report.Records} record(s) in {report.Files} file(s), {report.Judged} judged in full).");
    }

    /// <summary>Markdown; <paramref name="heading"/> is the level of the top heading (1 for replay, 2 inside a plan).</summary>
    public static string Markdown(ReplayReport report, int heading = 1)
    {
        ArgumentNullException.ThrowIfNull(report);
        var h = new string('#', heading);
        var md = new StringBuilder();
        md.Append(h).Append(" Replay of CloudTrail calls: previous vs new SCPs and RCPs\n\n");
        md.Append("Trail: ").Append(Code(report.Trail)).Append(", window: ").Append(report.Window).Append(".\n\n");
        md.Append(SummaryLine(report)).Append("\n\n");
        md.Append(CalibrationLine(report.Calibration)).Append("\n\n");

        foreach (var verdict in new[] { ReplayVerdict.NewlyDenied, ReplayVerdict.MaybeNewlyDenied, ReplayVerdict.NewlyAllowed })
        {
            var groups = report.Groups.Where(g => g.Verdict == verdict).ToList();
            md.Append(h).Append("# ").Append(char.ToUpperInvariant(Label(verdict)[0])).Append(Label(verdict)[1..]).Append(" (").Append(groups.Count).Append(" group(s))\n\n");
            if (groups.Count == 0)
            {
                md.Append("None.\n\n");
                continue;
            }

            if (verdict == ReplayVerdict.NewlyDenied)
            {
                md.Append("By role: ");
                md.AppendJoin(", ", groups.GroupBy(g => g.Principal).Select(g => (g.Key, g.Sum(x => x.Count))).OrderByDescending(x => x.Item2).ThenBy(x => x.Key, StringComparer.Ordinal).Take(10).Select(x => $"{Code(x.Key)} {x.Item2}"));
                md.Append(".\n\nBy OU: ");
                md.AppendJoin(", ", groups.GroupBy(g => g.OuPath).Select(g => (g.Key, g.Sum(x => x.Count))).OrderByDescending(x => x.Item2).ThenBy(x => x.Key, StringComparer.Ordinal).Take(10).Select(x => $"{Code(x.Key)} {x.Item2}"));
                md.Append(".\n\n");
            }

            var columns = verdict == ReplayVerdict.MaybeNewlyDenied
                ? new[] { "calls:", "role", "account", "OU", "action", "resource", "statement", "missing key", "first seen", "last seen" }
                : ["calls:", "role", "account", "OU", "action", "resource", "statement", "first seen", "last seen"];
            MarkdownTable.Header(md, columns);
            foreach (var g in groups.Take(MaxRows))
            {
                md.Append("| ").Append(g.Count.ToString(CultureInfo.InvariantCulture))
                    .Append(" | ").Append(Code(g.Principal))
                    .Append(" | ").Append(Cell($"{g.Account} ({g.AccountName})"))
                    .Append(" | ").Append(Cell(g.OuPath))
                    .Append(" | ").Append(Code(g.Action))
                    .Append(" | ").Append(Code(g.ResourcePattern))
                    .Append(" | ").Append(Cell($"{g.PolicyType} {g.By}"));
                if (verdict == ReplayVerdict.MaybeNewlyDenied)
                {
                    md.Append(" | ").Append(Code(g.MissingKey ?? string.Empty));
                }

                md.Append(" | ").Append(g.FirstSeen).Append(" | ").Append(g.LastSeen).Append(" |\n");
            }

            if (groups.Count > MaxRows)
            {
                md.Append('\n').Append(groups.Count - MaxRows).Append(" more group(s) in the JSON report.\n");
            }

            md.Append('\n');
        }

        md.Append(h).Append("# What the trail cannot show\n\n");
        if (report.Unseen.IsEmpty && report.Notes.IsEmpty)
        {
            md.Append("Every action of the diff surface was called in the window.\n\n");
        }
        else
        {
            if (!report.Unseen.IsEmpty)
            {
                md.Append("Actions of the diff surface with no call in the window (no evidence either way): ")
                    .AppendJoin(", ", report.Unseen.Select(Code)).Append(".\n\n");
            }

            foreach (var note in report.Notes)
            {
                md.Append("- ").Append(note).Append('\n');
            }

            md.Append('\n');
        }

        if (!report.Calibration.Disagreements.IsEmpty)
        {
            md.Append(h).Append("# Calibration disagreements\n\n");
            MarkdownTable.Header(md, "time", "role", "account", "action", "policy", "why");
            foreach (var miss in report.Calibration.Disagreements)
            {
                md.Append("| ").Append(miss.EventTime).Append(" | ").Append(Code(miss.Principal)).Append(" | ").Append(miss.Account)
                    .Append(" | ").Append(Code(miss.Action)).Append(" | ").Append(Cell(miss.PolicyName ?? miss.PolicyArn ?? miss.PolicyType))
                    .Append(" | ").Append(Cell(miss.Reason)).Append(" |\n");
            }

            md.Append('\n');
        }

        md.Append("<details><summary>Records not judged in full</summary>\n\n");
        MarkdownTable.Header(md, "reason", "records:");
        foreach (var (reason, count) in report.Skipped)
        {
            md.Append("| ").Append(Cell(reason)).Append(" | ").Append(count.ToString(CultureInfo.InvariantCulture)).Append(" |\n");
        }

        if (!report.Unmapped.IsEmpty)
        {
            md.Append("\nEvents without an IAM action: ")
                .AppendJoin(", ", report.Unmapped.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(20).Select(kv => $"{Code(kv.Key)} {kv.Value}"))
                .Append(".\n");
        }

        md.Append("\nDiff surface: ").AppendJoin(", ", report.Surface.Select(Code)).Append(report.Surface.IsEmpty ? "empty" : string.Empty).Append(".\n");
        md.Append("Actions from: ").Append(report.ActionSource).Append(".\n\n</details>\n");
        return md.ToString();
    }

    public static string Json(ReplayReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("schema_version", 1);
            json.WriteString("trail", report.Trail);
            json.WriteString("window", report.Window);
            json.WriteNumber("files", report.Files);
            json.WriteNumber("unreadable_files", report.UnreadableFiles);
            json.WriteNumber("records", report.Records);
            json.WriteNumber("judged", report.Judged);
            json.WriteStartObject("verdicts");
            foreach (var (verdict, count) in report.Verdicts)
            {
                json.WriteNumber(Label(verdict).Replace(' ', '_'), count);
            }

            json.WriteEndObject();
            json.WriteStartObject("calibration");
            json.WriteNumber("denials", report.Calibration.Denials);
            json.WriteNumber("judged", report.Calibration.Judged);
            json.WriteNumber("agreed", report.Calibration.Agreed);
            json.WriteNumber("agreed_with_missing_key", report.Calibration.AgreedMaybe);
            json.WriteNumber("disagreements", report.Calibration.DisagreementCount);
            if (report.Calibration.AgreementPercent is { } percent)
            {
                json.WriteNumber("agreement_percent", Math.Round(percent, 1));
            }

            json.WriteStartArray("disagreement_samples");
            foreach (var miss in report.Calibration.Disagreements)
            {
                json.WriteStartObject();
                json.WriteString("time", miss.EventTime);
                json.WriteString("principal", miss.Principal);
                json.WriteString("account", miss.Account);
                json.WriteString("action", miss.Action);
                json.WriteString("policy_type", miss.PolicyType);
                WriteOptional(json, "policy_arn", miss.PolicyArn);
                WriteOptional(json, "policy_name", miss.PolicyName);
                json.WriteString("reason", miss.Reason);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteStartArray("groups");
            foreach (var g in report.Groups)
            {
                json.WriteStartObject();
                json.WriteString("verdict", Label(g.Verdict).Replace(' ', '_'));
                json.WriteNumber("calls", g.Count);
                json.WriteString("principal", g.Principal);
                json.WriteString("account", g.Account);
                json.WriteString("account_name", g.AccountName);
                json.WriteString("ou", g.OuPath);
                json.WriteString("action", g.Action);
                json.WriteString("resource", g.ResourcePattern);
                json.WriteString("policy_type", g.PolicyType);
                WriteOptional(json, "statement", g.By);
                WriteOptional(json, "missing_key", g.MissingKey);
                json.WriteString("first_seen", g.FirstSeen);
                json.WriteString("last_seen", g.LastSeen);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            WriteStrings(json, "diff_surface", report.Surface);
            WriteStrings(json, "unseen", report.Unseen);
            WriteStrings(json, "notes", report.Notes);
            json.WriteStartObject("skipped");
            foreach (var (reason, count) in report.Skipped)
            {
                json.WriteNumber(reason, count);
            }

            json.WriteEndObject();
            json.WriteStartObject("unmapped_events");
            foreach (var (name, count) in report.Unmapped)
            {
                json.WriteNumber(name, count);
            }

            json.WriteEndObject();
            json.WriteString("action_source", report.ActionSource);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    public static string Html(ReplayReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Replay: previous vs new SCPs and RCPs</title>\n");
        html.Append("<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:80rem}table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;font-size:.9rem}td.n{text-align:right}.denied{color:#b00020}.maybe{color:#8a5a00}.allowed{color:#00695c}code{font-size:.85rem}</style>\n</head>\n<body>\n");
        html.Append("<h1>Replay of CloudTrail calls: previous vs new SCPs and RCPs</h1>\n");
        html.Append("<p>Trail <code>").Append(E(report.Trail)).Append("</code>, window ").Append(E(report.Window)).Append(".</p>\n");
        html.Append("<p><strong>").Append(E(SummaryLine(report))).Append("</strong></p>\n");
        html.Append("<p>").Append(E(CalibrationLine(report.Calibration))).Append("</p>\n");
        var denied = report.Groups.Where(g => g.Verdict == ReplayVerdict.NewlyDenied).ToList();
        if (denied.Count > 0)
        {
            html.Append("<h2 class=\"denied\">Top newly denied roles</h2>\n<table><tr><th>role</th><th>calls</th></tr>\n");
            foreach (var (role, count) in denied.GroupBy(g => g.Principal).Select(g => (g.Key, g.Sum(x => x.Count))).OrderByDescending(x => x.Item2).ThenBy(x => x.Key, StringComparer.Ordinal).Take(10))
            {
                html.Append("<tr><td><code>").Append(E(role)).Append("</code></td><td class=\"n\">").Append(count.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>\n");
            }

            html.Append("</table>\n<h2 class=\"denied\">Newly denied accounts by OU</h2>\n<table><tr><th>OU</th><th>account</th><th>calls</th></tr>\n");
            foreach (var row in denied.GroupBy(g => (g.OuPath, g.Account, g.AccountName)).Select(g => (g.Key, g.Sum(x => x.Count))).OrderBy(x => x.Key.OuPath, StringComparer.Ordinal).ThenByDescending(x => x.Item2).ThenBy(x => x.Key.Account, StringComparer.Ordinal))
            {
                html.Append("<tr><td>").Append(E(row.Key.OuPath)).Append("</td><td>").Append(E($"{row.Key.Account} ({row.Key.AccountName})")).Append("</td><td class=\"n\">").Append(row.Item2.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>\n");
            }

            html.Append("</table>\n");
        }

        foreach (var verdict in new[] { ReplayVerdict.NewlyDenied, ReplayVerdict.MaybeNewlyDenied, ReplayVerdict.NewlyAllowed })
        {
            var groups = report.Groups.Where(g => g.Verdict == verdict).Take(MaxRows).ToList();
            var css = verdict switch { ReplayVerdict.NewlyDenied => "denied", ReplayVerdict.MaybeNewlyDenied => "maybe", _ => "allowed" };
            html.Append("<h2 class=\"").Append(css).Append("\">").Append(E(Label(verdict))).Append(" (").Append(report.Groups.Count(g => g.Verdict == verdict)).Append(" group(s))</h2>\n");
            if (groups.Count == 0)
            {
                html.Append("<p>None.</p>\n");
                continue;
            }

            html.Append("<table><tr><th>calls</th><th>role</th><th>account</th><th>OU</th><th>action</th><th>resource</th><th>statement</th><th>missing key</th><th>first seen</th><th>last seen</th></tr>\n");
            foreach (var g in groups)
            {
                html.Append("<tr><td class=\"n\">").Append(g.Count.ToString(CultureInfo.InvariantCulture))
                    .Append("</td><td><code>").Append(E(g.Principal)).Append("</code></td><td>").Append(E($"{g.Account} ({g.AccountName})"))
                    .Append("</td><td>").Append(E(g.OuPath)).Append("</td><td><code>").Append(E(g.Action)).Append("</code></td><td><code>").Append(E(g.ResourcePattern))
                    .Append("</code></td><td>").Append(E($"{g.PolicyType} {g.By}")).Append("</td><td>").Append(E(g.MissingKey ?? string.Empty))
                    .Append("</td><td>").Append(E(g.FirstSeen)).Append("</td><td>").Append(E(g.LastSeen)).Append("</td></tr>\n");
            }

            html.Append("</table>\n");
        }

        html.Append("<h2>What the trail cannot show</h2>\n<ul>\n");
        if (!report.Unseen.IsEmpty)
        {
            html.Append("<li>No call in the window for: ").Append(E(string.Join(", ", report.Unseen))).Append("</li>\n");
        }

        foreach (var note in report.Notes)
        {
            html.Append("<li>").Append(E(note)).Append("</li>\n");
        }

        html.Append("</ul>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    // Account and OU names come from the organization and principals from CloudTrail: the shared escaping, so no name can
    // end a row, open a code span across cells or carry raw HTML.
    private static string Code(string text) => text.Length == 0 ? string.Empty : MarkdownTable.Code(text);

    private static string Cell(string text) => MarkdownTable.Cell(text);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
