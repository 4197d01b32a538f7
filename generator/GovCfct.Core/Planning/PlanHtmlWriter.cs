using System.Globalization;
using System.Net;
using System.Text;

namespace GovCfct.Core.Planning;

/// <summary>
/// The plan as one self-contained HTML page (inline CSS, no script, no external asset) so it can be attached to a
/// review or opened offline: dangers first, the summary, then the OU tree with its OU × control coverage matrix.
/// </summary>
public static class PlanHtmlWriter
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans JP",sans-serif;margin:24px;color:#1b1f24;background:#fff}
        h1{font-size:22px;margin:0 0 12px}h2{font-size:17px;margin:24px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
        table{border-collapse:collapse;font-size:13px}th,td{border:1px solid #d0d7de;padding:3px 7px;text-align:left;vertical-align:top}
        th{background:#f3f5f7}td.n{text-align:right}
        .danger{background:#ffebe9;border:2px solid #cf222e;padding:8px 14px;margin:8px 0 16px}
        .ok{background:#dafbe1;border:1px solid #1a7f37;padding:8px 14px;margin:8px 0 16px}
        .matrix td.c{width:22px;text-align:center;font-weight:bold;padding:2px}
        .matrix th.v{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;font-weight:normal;padding:6px 2px}
        .deployed{background:#2da44e;color:#fff}.attached{background:#0969da;color:#fff}.inherited{background:#b6d7ff;color:#0a3069}
        .accountsonly{background:#f5d90a;color:#3b2300}.optedout{background:#d0d7de;color:#24292f}.missed{background:#cf222e;color:#fff}.none{background:#f6f8fa;color:#8c959f}
        .tree{white-space:nowrap}.muted{color:#57606a}code{background:#f3f5f7;padding:1px 4px;border-radius:3px;font-size:12px}
        .legend span{display:inline-block;padding:1px 8px;margin-right:6px;border-radius:3px}
        """;

    public static string Write(ChangePlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>GovCfct plan</title>\n<style>\n")
         .Append(Style).Append("</style>\n</head>\n<body>\n<h1>GovCfct plan</h1>\n");
        if (plan.GeneratedAt is { } at)
        {
            h.Append("<p class=\"muted\">Generated ").Append(E(at)).Append("</p>\n");
        }

        Dangers(h, plan);
        Summary(h, plan);
        Matrix(h, plan);
        StackSets(h, plan);
        Policies(h, plan);
        if (plan.NewAccount is { } preview)
        {
            h.Append("<h2>A new account in ").Append(E(preview.OuPath)).Append("</h2>\n<p>").Append(E(PlanMarkdownWriter.NewAccountTiming(preview, PlanMarkdownWriter.Duration))).Append("</p>\n<ul>\n<li>SCPs/RCPs: ")
             .Append(E(preview.Policies.IsEmpty ? "none" : string.Join(", ", preview.Policies.Select(p => $"{p.Name} (at {p.AttachedAt})"))))
             .Append("</li>\n<li>stack sets: ")
             .Append(E(preview.StackSets.IsEmpty ? "none" : string.Join(", ", preview.StackSets.Select(s => $"{s.Name} ({string.Join(", ", s.Regions)})"))))
             .Append("</li>\n<li>missed (applies, not reached): ").Append(E(preview.NotReached.IsEmpty ? "none" : string.Join(", ", preview.NotReached)))
             .Append("</li>\n<li>opted out: ").Append(E(preview.OptedOut.IsEmpty ? "none" : string.Join("; ", preview.OptedOut.Select(o => $"{o.Control}: {o.Reason}"))))
             .Append("</li>\n</ul>\n");
        }

        if (!plan.Drift.IsEmpty)
        {
            h.Append("<h2>Drift</h2>\n<table>\n<tr><th>kind</th><th>subject</th><th>detail</th></tr>\n");
            foreach (var d in plan.Drift)
            {
                h.Append("<tr><td>").Append(E(d.Kind)).Append("</td><td>").Append(E(d.Subject)).Append("</td><td>").Append(E(d.Detail)).Append("</td></tr>\n");
            }

            h.Append("</table>\n");
        }

        if (!plan.UncoveredAccounts.IsEmpty)
        {
            h.Append("<h2>Accounts receiving nothing (").Append(plan.UncoveredAccounts.Length).Append(")</h2>\n<ul>\n");
            foreach (var account in plan.UncoveredAccounts)
            {
                h.Append("<li>").Append(E(account)).Append("</li>\n");
            }

            h.Append("</ul>\n");
        }

        h.Append("<h2>Pipeline cost (estimate)</h2>\n<p>").Append(E(PlanMarkdownWriter.Duration(plan.Cost.EstimatedSeconds)))
         .Append(CultureInfo.InvariantCulture, $": {plan.Cost.StackSetOperations} stack set operation(s) one after another, {plan.Cost.InstancesTouched} instance(s) touched.</p>\n<ul>\n");
        foreach (var line in plan.Cost.Breakdown)
        {
            h.Append("<li>").Append(E(line)).Append("</li>\n");
        }

        h.Append("</ul>\n</body>\n</html>\n");
        return h.ToString();
    }

    private static void Dangers(StringBuilder h, ChangePlan plan)
    {
        if (!plan.HasDangerousChanges)
        {
            h.Append("<div class=\"ok\">No stack instance is deleted and no policy is left attached.</div>\n");
            return;
        }

        h.Append("<div class=\"danger\"><strong>Dangerous changes: review before approving.</strong>\n<ul>\n");
        foreach (var change in plan.StackSets.Where(s => !s.InstancesDeleted.IsEmpty))
        {
            h.Append("<li>CfCT deletes <strong>").Append(change.InstancesDeleted.Length).Append("</strong> stack instance(s) of <code>")
             .Append(E(change.Name)).Append("</code>: ")
             .Append(E(string.Join("; ", change.InstancesDeleted.GroupBy(i => i.Reason ?? string.Empty, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} × {g.Key}"))))
             .Append("</li>\n");
        }

        foreach (var collision in plan.Collisions)
        {
            h.Append("<li>stack set <code>").Append(E(collision.Taking)).Append("</code> creates ").Append(E(string.Join(", ", collision.Controls)))
             .Append(" in <strong>").Append(collision.Accounts.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append("</strong> account(s) where <code>")
             .Append(E(collision.Left)).Append("</code> keeps its stacks: both create the same named resources").Append(E(StackSetCollision.Describe(collision.Names))).Append(". Safe order: <ol>")
             .Append(string.Concat(collision.SafeOrder.Select(step => $"<li><code>{E(step)}</code></li>"))).Append("</ol></li>\n");
        }

        foreach (var member in plan.MemberStackSets.IsDefault ? [] : plan.MemberStackSets.Where(m => m.Dangerous))
        {
            h.Append("<li>service-managed stack set <code>").Append(E(member.Name)).Append("</code> ").Append(E(member.Change)).Append(": <strong>")
             .Append(member.Accounts.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append("</strong> account(s) below ")
             .Append(E(string.Join(", ", member.FromTargets))).Append(" (").Append(E(member.Detail)).Append(")</li>\n");
        }

        foreach (var remote in plan.RemoteFiles.IsDefault ? [] : plan.RemoteFiles)
        {
            h.Append("<li><code>").Append(E(remote.Resource)).Append("</code>: <strong>").Append(E(remote.Key)).Append(" is remote</strong> (")
             .Append(E(remote.Location)).Append("): CfCT deploys whatever it holds when its pipeline runs; not in this package, not reviewed, not checked</li>\n");
        }

        foreach (var policy in plan.Policies.Where(p => p.Weakens))
        {
            h.Append("<li>").Append(E(policy.Type.ToUpperInvariant())).Append(" <code>").Append(E(policy.Name)).Append("</code> denies less: statements removed or narrowed (see below)</li>\n");
        }

        foreach (var left in plan.LeftAttached)
        {
            h.Append("<li>").Append(E(left.Type.ToUpperInvariant())).Append(" <code>").Append(E(left.Name)).Append("</code> stays attached to ")
             .Append(E(left.TargetPath)).Append(" (").Append(E(left.Reason)).Append("): <code>").Append(E(left.DetachCommand)).Append("</code></li>\n");
        }

        h.Append("</ul></div>\n");
    }

    private static void Summary(StringBuilder h, ChangePlan plan)
    {
        var s = plan.Summary;
        h.Append("<table>\n<tr><th></th><th>created</th><th>updated</th><th>unchanged</th><th>deleted</th><th>left behind</th></tr>\n");
        h.Append(CultureInfo.InvariantCulture, $"<tr><th>Stack sets</th><td class=\"n\">{s.StackSetsCreated}</td><td class=\"n\">{s.StackSetsUpdated}</td><td class=\"n\">{s.StackSetsUnchanged}</td><td class=\"n\">{s.StackSetsDeleted}</td><td class=\"n\">{s.StackSetsOrphaned}</td></tr>\n");
        h.Append(CultureInfo.InvariantCulture, $"<tr><th>Stack instances</th><td class=\"n\">{s.InstancesCreated}</td><td class=\"n\">{s.InstancesUpdated}</td><td></td><td class=\"n\">{s.InstancesDeleted}</td><td></td></tr>\n");
        h.Append(CultureInfo.InvariantCulture, $"<tr><th>SCPs / RCPs</th><td class=\"n\">{s.PoliciesCreated}</td><td class=\"n\">{s.PoliciesUpdated}</td><td class=\"n\">{plan.Policies.Length - s.PoliciesCreated - s.PoliciesUpdated}</td><td></td><td class=\"n\">{s.PoliciesLeftAttached}</td></tr>\n</table>\n");
        h.Append(CultureInfo.InvariantCulture, $"<p>Accounts in scope: {s.AccountsInScope} · receiving nothing: {s.AccountsUncovered} · drift findings: {s.DriftFindings} · estimated CfCT run: <strong>{E(PlanMarkdownWriter.Duration(plan.Cost.EstimatedSeconds))}</strong></p>\n");
    }

    private static void Matrix(StringBuilder h, ChangePlan plan)
    {
        h.Append("<h2>OU tree and control coverage</h2>\n<p class=\"legend\"><span class=\"deployed\">● deployed</span><span class=\"attached\">■ attached</span><span class=\"inherited\">□ inherited</span>")
         .Append("<span class=\"accountsonly\">◐ some accounts</span><span class=\"optedout\">○ opted out (reason on hover and below)</span><span class=\"missed\">✕ missed: the control applies here but reaches no account</span><span class=\"none\">· none</span></p>\n");
        h.Append("<table class=\"matrix\">\n<tr><th>OU</th><th>accounts</th>");
        foreach (var control in plan.Controls)
        {
            h.Append("<th class=\"v\">").Append(E(control)).Append("</th>");
        }

        h.Append("</tr>\n");
        foreach (var row in plan.Ous)
        {
            h.Append("<tr><td class=\"tree\" style=\"padding-left:").Append(7 + (row.Depth * 18)).Append("px\">")
             .Append(row.Depth == 0 ? string.Empty : "└ ").Append(E(row.Name)).Append("</td><td class=\"n\">").Append(row.Accounts).Append("</td>");
            for (var i = 0; i < row.Cells.Length; i++)
            {
                var cell = row.Cells[i];
                var (css, glyph) = cell switch
                {
                    Coverage.Deployed => ("deployed", "●"),
                    Coverage.Attached => ("attached", "■"),
                    Coverage.Inherited => ("inherited", "□"),
                    Coverage.AccountsOnly => ("accountsonly", "◐"),
                    Coverage.Missed => ("missed", "✕"),
                    Coverage.OptedOut => ("optedout", "○"),
                    _ => ("none", "·"),
                };
                h.Append("<td class=\"c ").Append(css).Append('"');
                if (cell == Coverage.OptedOut && plan.OptOutAt(row.Path, plan.Controls[i]) is { } optOut)
                {
                    h.Append(" title=\"").Append(E(optOut.Reason)).Append('"');
                }

                h.Append('>').Append(glyph).Append("</td>");
            }

            h.Append("</tr>\n");
        }

        h.Append("</table>\n");
        if (!plan.OptOuts.IsEmpty)
        {
            h.Append("<h2>Opt-outs</h2>\n<table>\n<tr><th>OU (and below)</th><th>control</th><th>reason</th></tr>\n");
            foreach (var optOut in plan.OptOuts)
            {
                h.Append("<tr><td>").Append(E(optOut.OuPath)).Append("</td><td>").Append(E(optOut.Control)).Append("</td><td>").Append(E(optOut.Reason)).Append("</td></tr>\n");
            }

            h.Append("</table>\n");
        }
    }

    private static void StackSets(StringBuilder h, ChangePlan plan)
    {
        if (plan.StackSets.IsEmpty)
        {
            return;
        }

        h.Append("<h2>Stack sets</h2>\n<table>\n<tr><th>stack set</th><th>change</th><th>instances</th><th>created</th><th>deleted</th><th>details</th></tr>\n");
        foreach (var c in plan.StackSets)
        {
            var details = new List<string>();
            if (c.Kind == ResourceChangeKind.Updated && c.TemplateChanged)
            {
                details.Add($"template +{c.TemplateLinesAdded}/-{c.TemplateLinesRemoved} lines");
            }

            details.AddRange(c.ParameterChanges.Select(p => $"{p.Key}: {p.From ?? "(none)"} → {p.To ?? "(none)"}"));
            details.AddRange(c.Notes);
            h.Append("<tr><td><code>").Append(E(c.Name)).Append("</code></td><td>").Append(E(c.Kind.ToString().ToLowerInvariant())).Append("</td><td class=\"n\">")
             .Append(c.Instances).Append("</td><td class=\"n\">").Append(c.InstancesCreated.Length).Append("</td><td class=\"n\">").Append(c.InstancesDeleted.Length)
             .Append("</td><td>").Append(string.Join("<br>", details.Select(E))).Append("</td></tr>\n");
        }

        h.Append("</table>\n");
    }

    private static void Policies(StringBuilder h, ChangePlan plan)
    {
        if (plan.Policies.IsEmpty)
        {
            return;
        }

        h.Append("<h2>SCPs and RCPs</h2>\n<table>\n<tr><th>policy</th><th>type</th><th>change</th><th>attached at</th><th>new attachments</th></tr>\n");
        foreach (var p in plan.Policies)
        {
            h.Append("<tr><td><code>").Append(E(p.Name)).Append("</code></td><td>").Append(E(p.Type)).Append("</td><td>").Append(E(p.Kind.ToString().ToLowerInvariant()))
             .Append("</td><td>").Append(E(string.Join(", ", p.Targets.Select(t => t.Target)))).Append("</td><td>").Append(E(string.Join(", ", p.NewAttachments.Select(t => t.Target)))).Append("</td></tr>\n");
        }

        h.Append("</table>\n");
        var changed = plan.Policies.Where(p => !p.Statements.IsEmpty).ToList();
        if (changed.Count == 0)
        {
            return;
        }

        h.Append("<h2>Statement changes</h2>\n<table>\n<tr><th>policy</th><th>change</th><th>Sid</th><th>controls</th><th>actions</th><th>statement</th></tr>\n");
        foreach (var p in changed)
        {
            foreach (var s in p.Statements)
            {
                var actions = string.Join("; ", new[] { s.ActionsRemoved.IsEmpty ? null : "no longer denied: " + string.Join(", ", s.ActionsRemoved), s.ActionsAdded.IsEmpty ? null : "added: " + string.Join(", ", s.ActionsAdded), s.NotActionsAdded.IsEmpty ? null : "exceptions (NotAction) added: " + string.Join(", ", s.NotActionsAdded), s.NotActionsRemoved.IsEmpty ? null : "exceptions (NotAction) removed: " + string.Join(", ", s.NotActionsRemoved) }.OfType<string>());
                var controls = string.Join(", ", s.Controls) + (s.ControlsRemoved.IsEmpty ? string.Empty : $" (leaving: {string.Join(", ", s.ControlsRemoved)})");
                h.Append("<tr><td><code>").Append(E(p.Name)).Append("</code></td><td class=\"").Append(s.Change == StatementChangeKind.Added ? "ok" : "danger").Append("\">").Append(E(s.Change.ToString().ToLowerInvariant()))
                 .Append("</td><td>").Append(E(s.Sid ?? "(no Sid)")).Append("</td><td>").Append(E(controls)).Append("</td><td>").Append(E(actions))
                 .Append("</td><td><code>").Append(E(s.Change == StatementChangeKind.Changed ? s.After ?? string.Empty : s.Before ?? s.After ?? string.Empty)).Append("</code></td></tr>\n");
            }
        }

        h.Append("</table>\n");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
