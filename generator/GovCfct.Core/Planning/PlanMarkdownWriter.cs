using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using GovCfct.Core.Diagnostics.Output;

namespace GovCfct.Core.Planning;

/// <summary>
/// The plan as Markdown for a pull-request description or an approval message: dangerous changes first, then a
/// summary table, details folded in &lt;details&gt; so a large change stays readable.
/// </summary>
public static class PlanMarkdownWriter
{
    /// <summary>Lists longer than this are cut in the Markdown (the JSON and HTML keep everything).</summary>
    public const int ListLimit = 50;

    public static string Write(ChangePlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var md = new StringBuilder();
        md.Append("# GovCfct plan\n\n");
        if (plan.GeneratedAt is { } at)
        {
            md.Append("Generated ").Append(at).Append(".\n\n");
        }

        WriteDangers(md, plan);
        WriteSummary(md, plan);
        WriteStackSets(md, plan);
        WritePolicies(md, plan);
        if (plan.NewAccount is { } preview)
        {
            WriteNewAccount(md, preview);
        }

        WriteCoverage(md, plan);
        WriteCtControls(md, plan);
        WriteDetective(md, plan);
        WriteUncovered(md, plan);
        WriteDrift(md, plan);
        WriteCost(md, plan);
        if (plan.Scale is { } scale)
        {
            WriteScale(md, scale);
        }

        return md.ToString();
    }

    /// <summary>"~2 h 05 min", "~4 min": reviewers need the order of magnitude, not seconds.</summary>
    public static string Duration(int seconds)
    {
        var minutes = (int)Math.Ceiling(seconds / 60.0);
        return minutes >= 60
            ? string.Create(CultureInfo.InvariantCulture, $"~{minutes / 60} h {minutes % 60:00} min")
            : string.Create(CultureInfo.InvariantCulture, $"~{minutes} min");
    }

    private static void WriteDangers(StringBuilder md, ChangePlan plan)
    {
        if (!plan.HasDangerousChanges)
        {
            md.Append("No stack instance is deleted and no policy is left attached.\n\n");
            return;
        }

        md.Append("> [!WARNING]\n> **Dangerous changes: review before approving.**\n");
        foreach (var change in plan.StackSets.Where(s => !s.InstancesDeleted.IsEmpty))
        {
            var reasons = change.InstancesDeleted.GroupBy(i => i.Reason ?? string.Empty, StringComparer.Ordinal)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => $"{g.Count()} × {g.Key}");
            var verb = change.Kind == ResourceChangeKind.Deleted ? "deletes stack set" : "deletes instances of";
            md.Append("> - CfCT ").Append(verb).Append(" `").Append(change.Name).Append("`: **")
              .Append(change.InstancesDeleted.Length).Append(" stack instance(s)** and their resources (")
              .Append(string.Join("; ", reasons)).Append(")\n");
        }

        foreach (var collision in plan.Collisions)
        {
            md.Append("> - stack set `").Append(collision.Taking).Append("` creates ").Append(string.Join(", ", collision.Controls))
              .Append(" in **").Append(collision.Accounts.ToString(CultureInfo.InvariantCulture)).Append(" account(s)** where `").Append(collision.Left)
              .Append("` (left in place, not deleted) keeps its stacks: both create the same named resources").Append(StackSetCollision.Describe(collision.Names)).Append(". Safe order: ")
              .Append(string.Join("; ", collision.SafeOrder.Select((step, i) => $"{i + 1}. `{step}`"))).Append('\n');
        }

        foreach (var member in plan.MemberStackSets.IsDefault ? [] : plan.MemberStackSets.Where(m => m.Dangerous))
        {
            md.Append("> - service-managed stack set `").Append(member.Name).Append("` (").Append(member.Control).Append(") ")
              .Append(member.Change).Append(": **").Append(member.Accounts.ToString(CultureInfo.InvariantCulture)).Append(" account(s)** below ")
              .Append(string.Join(", ", member.FromTargets)).Append(member.ToTargets.IsEmpty ? string.Empty : " → " + string.Join(", ", member.ToTargets))
              .Append(" (").Append(member.Detail).Append(")\n");
        }

        foreach (var remote in plan.RemoteFiles.IsDefault ? [] : plan.RemoteFiles)
        {
            md.Append("> - `").Append(remote.Resource).Append("`: **").Append(remote.Key).Append(" is remote** (")
              .Append(remote.Location).Append("): CfCT deploys whatever it holds when its pipeline runs; not in this package, not reviewed, not checked\n");
        }

        foreach (var policy in plan.Policies.Where(p => p.Weakens))
        {
            var lost = policy.Statements.Where(s => s.Narrows).ToList();
            var controls = lost.SelectMany(s => s.Change == StatementChangeKind.Removed || s.ControlsRemoved.IsEmpty ? s.Controls : s.ControlsRemoved).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            md.Append("> - ").Append(policy.Type.ToUpperInvariant()).Append(" `").Append(policy.Name).Append("` denies less: **")
              .Append(lost.Count).Append(" statement(s) removed or narrowed**")
              .Append(controls.Count == 0 ? string.Empty : $" ({string.Join(", ", controls)})").Append("; see the statement changes below\n");
        }

        foreach (var left in plan.LeftAttached.Take(ListLimit))
        {
            md.Append("> - ").Append(left.Type.ToUpperInvariant()).Append(" `").Append(left.Name).Append("` stays attached to ")
              .Append(left.TargetPath).Append(" (").Append(left.Reason).Append("): `").Append(left.DetachCommand).Append("`\n");
        }

        More(md, plan.LeftAttached.Length, "> - ");
        md.Append('\n');
    }

    private static void WriteSummary(StringBuilder md, ChangePlan plan)
    {
        var s = plan.Summary;
        MarkdownTable.Header(md, string.Empty, "created:", "updated:", "unchanged:", "deleted:", "left behind:");
        md.Append(CultureInfo.InvariantCulture, $"| Stack sets | {s.StackSetsCreated} | {s.StackSetsUpdated} | {s.StackSetsUnchanged} | {s.StackSetsDeleted} | {s.StackSetsOrphaned} orphaned |\n");
        md.Append(CultureInfo.InvariantCulture, $"| Stack instances | {s.InstancesCreated} | {s.InstancesUpdated} | | **{s.InstancesDeleted}** | |\n");
        md.Append(CultureInfo.InvariantCulture, $"| SCPs / RCPs | {s.PoliciesCreated} | {s.PoliciesUpdated} | {plan.Policies.Length - s.PoliciesCreated - s.PoliciesUpdated} | | **{s.PoliciesLeftAttached}** attached |\n\n");
        md.Append(CultureInfo.InvariantCulture, $"New policy attachments: {s.PolicyAttachments} · accounts in scope: {s.AccountsInScope} · receiving nothing: {s.AccountsUncovered} · drift findings: {s.DriftFindings} · ");
        md.Append(CultureInfo.InvariantCulture, $"estimated CfCT run: **{Duration(plan.Cost.EstimatedSeconds)}** ({plan.Cost.StackSetOperations} stack set operation(s), {plan.Cost.InstancesTouched} instance(s) touched; an estimate)\n\n");
        if (!plan.HasPrevious)
        {
            md.Append("No previous package was given: everything is shown as a first deployment.\n\n");
        }
    }

    private static void WriteStackSets(StringBuilder md, ChangePlan plan)
    {
        if (plan.StackSets.IsEmpty)
        {
            return;
        }

        MarkdownTable.Header(md.Append("## Stack sets\n\n"), "stack set", "change", "instances:", "created:", "deleted:", "summary");
        foreach (var change in plan.StackSets)
        {
            md.Append("| ").Append(MarkdownTable.Code(change.Name)).Append(" | ").Append(KindText(change.Kind)).Append(" | ")
              .Append(change.Instances).Append(" | ").Append(change.InstancesCreated.Length).Append(" | ")
              .Append(change.InstancesDeleted.Length == 0 ? "0" : $"**{change.InstancesDeleted.Length}**").Append(" | ")
              .Append(Cell(StackSetSummary(change))).Append(" |\n");
        }

        var detailed = plan.StackSets.Where(c => c.Kind != ResourceChangeKind.Unchanged || !c.InstancesCreated.IsEmpty || !c.InstancesDeleted.IsEmpty || !c.Notes.IsEmpty).ToList();
        if (detailed.Count == 0)
        {
            md.Append('\n');
            return;
        }

        md.Append("\n<details><summary>Stack set details</summary>\n\n");
        foreach (var change in detailed)
        {
            md.Append("### `").Append(change.DeployedName).Append("` (").Append(KindText(change.Kind)).Append(")\n\n");
            md.Append("Targets: ").Append(change.Targets.IsEmpty ? "none" : string.Join(", ", change.Targets)).Append(" · regions: ").Append(string.Join(", ", change.Regions)).Append('\n');
            if (change.TemplateChanged && change.Kind == ResourceChangeKind.Updated)
            {
                md.Append(CultureInfo.InvariantCulture, $"- template: +{change.TemplateLinesAdded} / -{change.TemplateLinesRemoved} lines\n");
            }

            foreach (var parameter in change.ParameterChanges)
            {
                md.Append("- parameter `").Append(parameter.Key).Append("`: ").Append(Value(parameter.From)).Append(" → ").Append(Value(parameter.To)).Append('\n');
            }

            foreach (var note in change.Notes)
            {
                md.Append("- ").Append(note).Append('\n');
            }

            Instances(md, "deleted", change.InstancesDeleted);
            Instances(md, "created", change.InstancesCreated);
            md.Append('\n');
        }

        md.Append("</details>\n\n");
    }

    private static void Instances(StringBuilder md, string verb, ImmutableArray<StackInstance> instances)
    {
        if (instances.IsEmpty)
        {
            return;
        }

        md.Append("- instances ").Append(verb).Append(":\n");
        foreach (var instance in instances.Take(ListLimit))
        {
            md.Append("  - ").Append(instance.AccountId).Append(" (").Append(Cell(instance.AccountName)).Append(") ").Append(instance.Region);
            if (instance.Reason is { } reason)
            {
                md.Append(": ").Append(reason);
            }

            md.Append('\n');
        }

        More(md, instances.Length, "  - ");
    }

    private static string StackSetSummary(StackSetChange change)
    {
        var parts = new List<string>();
        if (change.Kind == ResourceChangeKind.Updated && change.TemplateChanged)
        {
            parts.Add($"template +{change.TemplateLinesAdded}/-{change.TemplateLinesRemoved} lines");
        }

        if (change.Kind == ResourceChangeKind.Updated)
        {
            parts.AddRange(change.ParameterChanges.Where(p => p.To is not null).Select(p => $"{p.Key}: {Value(p.From)} → {Value(p.To)}"));
        }

        if (change.Kind == ResourceChangeKind.Orphaned)
        {
            parts.Add("removed from the manifest; left in place");
        }

        return parts.Count == 0 ? string.Empty : string.Join("; ", parts);
    }

    private static void WritePolicies(StringBuilder md, ChangePlan plan)
    {
        if (plan.Policies.IsEmpty && plan.LeftAttached.IsEmpty)
        {
            return;
        }

        MarkdownTable.Header(md.Append("## SCPs and RCPs\n\n"), "policy", "type", "change", "attached at", "new attachments");
        foreach (var policy in plan.Policies)
        {
            md.Append("| ").Append(MarkdownTable.Code(policy.Name)).Append(" | ").Append(policy.Type).Append(" | ").Append(KindText(policy.Kind)).Append(" | ")
              .Append(Cell(string.Join(", ", policy.Targets.Select(t => t.Target)))).Append(" | ")
              .Append(Cell(string.Join(", ", policy.NewAttachments.Select(t => t.Target)))).Append(" |\n");
        }

        WriteStatementChanges(md, plan);
        if (!plan.LeftAttached.IsEmpty)
        {
            md.Append("\n<details><summary>Policies CfCT leaves attached (").Append(plan.LeftAttached.Length).Append("): detach commands</summary>\n\n```sh\n");
            foreach (var left in plan.LeftAttached)
            {
                md.Append("# ").Append(left.Name).Append(" on ").Append(left.TargetPath).Append(": ").Append(left.Reason).Append('\n').Append(left.DetachCommand).Append('\n');
            }

            md.Append("```\n\n</details>\n");
        }

        md.Append('\n');
    }

    /// <summary>Shown open, not folded: a removed statement is a weakened guardrail, which approvers must see.</summary>
    private static void WriteStatementChanges(StringBuilder md, ChangePlan plan)
    {
        var changed = plan.Policies.Where(p => !p.Statements.IsEmpty).ToList();
        if (changed.Count == 0)
        {
            return;
        }

        md.Append("\n### Statement changes\n");
        foreach (var policy in changed)
        {
            md.Append("\n`").Append(policy.Name).Append("` (").Append(policy.Type).Append("):\n\n");
            foreach (var statement in policy.Statements)
            {
                md.Append("- **").Append(statement.Change.ToString().ToLowerInvariant()).Append("** `").Append(statement.Sid ?? "(no Sid)").Append('`')
                  .Append(" from ").Append(statement.Controls.IsEmpty ? "an unknown control" : string.Join(", ", statement.Controls));
                if (!statement.ControlsRemoved.IsEmpty)
                {
                    md.Append("; controls leaving it: ").Append(string.Join(", ", statement.ControlsRemoved));
                }

                if (!statement.ControlsAdded.IsEmpty)
                {
                    md.Append("; controls joining it: ").Append(string.Join(", ", statement.ControlsAdded));
                }

                if (!statement.ActionsRemoved.IsEmpty)
                {
                    md.Append("; actions no longer denied: ").Append(string.Join(", ", statement.ActionsRemoved.Select(a => $"`{a}`")));
                }

                if (!statement.ActionsAdded.IsEmpty)
                {
                    md.Append("; actions added: ").Append(string.Join(", ", statement.ActionsAdded.Select(a => $"`{a}`")));
                }

                if (!statement.NotActionsAdded.IsEmpty)
                {
                    md.Append("; **exceptions added** (NotAction): ").Append(string.Join(", ", statement.NotActionsAdded.Select(a => $"`{a}`")));
                }

                if (!statement.NotActionsRemoved.IsEmpty)
                {
                    md.Append("; exceptions removed (NotAction): ").Append(string.Join(", ", statement.NotActionsRemoved.Select(a => $"`{a}`")));
                }

                md.Append('\n');
                if (statement.Before is { } was)
                {
                    md.Append("  ```json\n  ").Append(statement.Change == StatementChangeKind.Changed ? "// before\n  " : string.Empty).Append(was).Append("\n  ```\n");
                }

                if (statement.After is { } now)
                {
                    md.Append("  ```json\n  ").Append(statement.Change == StatementChangeKind.Changed ? "// after\n  " : string.Empty).Append(now).Append("\n  ```\n");
                }
            }
        }
    }

    private static void WriteNewAccount(StringBuilder md, NewAccountPreview preview)
    {
        md.Append("## A new account in ").Append(Cell(preview.OuPath)).Append("\n\n");
        md.Append(NewAccountTiming(preview, Duration)).Append(" It receives:\n\n");
        md.Append("- SCPs/RCPs (inherited): ").Append(preview.Policies.IsEmpty ? "none" : string.Join(", ", preview.Policies.Select(p => $"`{p.Name}` (at {p.AttachedAt})"))).Append('\n');
        md.Append("- stack sets: ").Append(preview.StackSets.IsEmpty ? "**none**" : string.Join(", ", preview.StackSets.Select(s => $"`{s.Name}` ({string.Join(", ", s.Regions)})"))).Append('\n');
        md.Append("- stack instances: ").Append(preview.Instances).Append('\n');
        if (!preview.NotReached.IsEmpty)
        {
            md.Append("- **missed** (they apply there, but their stack sets list only other OUs and CfCT never descends): ").Append(string.Join(", ", preview.NotReached.Select(n => $"`{n}`"))).Append('\n');
        }

        foreach (var optOut in preview.OptedOut)
        {
            md.Append("- opted out: `").Append(optOut.Control).Append("`: ").Append(optOut.Reason).Append('\n');
        }

        foreach (var pack in preview.ConformancePacks)
        {
            md.Append(pack.InScope
                    ? "- detective controls from AWS Config when the account joins, without a CfCT run: `"
                    : "- **also, until the org lock is regenerated and the package rebuilt** (its OU is outside the pack's scope, and ExcludedAccounts lists accounts, not OUs): `")
                .Append(pack.Name).Append("` (").Append(string.Join(", ", pack.Controls)).Append("; ").Append(string.Join(", ", pack.Regions)).Append(")\n");
        }

        md.Append('\n');
    }

    /// <summary>
    /// When a new account is covered: at once (inherited policies, automatic deployment, conformance packs), and only
    /// for CfCT's own stack sets that list its OU after CfCT's re-run on the lifecycle event.
    /// </summary>
    internal static string NewAccountTiming(NewAccountPreview preview, Func<int, string> duration) =>
        preview.CfctStackSets > 0
            ? $"When Account Factory creates an account there, its SCPs and RCPs apply at once (inherited), service-managed stack sets and conformance packs reach it without a CfCT run, and {preview.CfctStackSets} CfCT stack set(s) that list its OU reach it when CfCT re-runs on the account's lifecycle event ({duration(preview.EstimatedSeconds)}, an estimate)."
            : "When Account Factory creates an account there, it is covered without a CfCT run: its SCPs and RCPs apply at once (inherited), and service-managed stack sets (automatic deployment) and conformance packs reach it within minutes.";

    private static void WriteDetective(StringBuilder md, ChangePlan plan)
    {
        if (plan.Detective.IsDefaultOrEmpty)
        {
            return;
        }

        // Control Tower enables a detective control OU by OU; an organization conformance pack reaches every account of
        // the organization that ExcludedAccounts does not name, new ones included.
        md.Append("## Detective controls by OU\n\n<details><summary>").Append(plan.Detective.Length)
            .Append(" OU(s) with accounts; which mechanism brings each detective control</summary>\n\n");
        md.Append("| OU | accounts | Control Tower (enabled on the OU) | organization conformance packs |\n|---|---:|---|---|\n");
        foreach (var row in plan.Detective.Take(ListLimit))
        {
            md.Append("| ").Append(Cell(row.OuPath)).Append(" | ").Append(row.Accounts.ToString(CultureInfo.InvariantCulture))
                .Append(" | ").Append(string.Join(", ", row.ControlTower))
                .Append(" | ").Append(string.Join(", ", row.Organization)).Append(" |\n");
        }

        More(md, plan.Detective.Length, string.Empty);
        md.Append("\n</details>\n\n");
    }

    private static void WriteCoverage(StringBuilder md, ChangePlan plan)
    {
        var rows = plan.Ous.Where(o => o.Accounts > 0).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        md.Append("## Effective controls by OU\n\n<details><summary>").Append(rows.Count).Append(" OU(s) with accounts</summary>\n\n");
        // Control Tower controls are enabled on (or inherited by) the OU like a policy, not deployed like a stack set.
        var inEffect = plan.CtControls.IsDefaultOrEmpty ? "SCPs / RCPs in effect" : "SCPs / RCPs / Control Tower controls in effect";
        MarkdownTable.Header(md, "OU", "accounts:", inEffect, "stack sets", "opted out (reason)", "missed (applies, not reached)");
        foreach (var row in rows)
        {
            var policies = new List<string>();
            var sets = new List<string>();
            var missed = new List<string>();
            var optedOut = new List<string>();
            for (var i = 0; i < plan.Controls.Length; i++)
            {
                switch (row.Cells[i])
                {
                    case Coverage.Attached or Coverage.Inherited:
                        policies.Add(plan.Controls[i]);
                        break;
                    case Coverage.Deployed:
                        sets.Add(plan.Controls[i]);
                        break;
                    case Coverage.AccountsOnly:
                        sets.Add(plan.Controls[i] + " (some accounts)");
                        break;
                    case Coverage.Missed:
                        missed.Add(plan.Controls[i]);
                        break;
                    case Coverage.OptedOut:
                        optedOut.Add($"{plan.Controls[i]} ({plan.OptOutAt(row.Path, plan.Controls[i])?.Reason})");
                        break;
                    default:
                        break;
                }
            }

            md.Append("| ").Append(Cell(row.Path)).Append(" | ").Append(row.Accounts).Append(" | ").Append(Cell(string.Join(", ", policies)))
              .Append(" | ").Append(Cell(string.Join(", ", sets))).Append(" | ").Append(Cell(string.Join("; ", optedOut))).Append(" | ").Append(Cell(string.Join(", ", missed))).Append(" |\n");
        }

        md.Append("\n</details>\n\n");
    }

    private static void WriteCtControls(StringBuilder md, ChangePlan plan)
    {
        if (plan.CtControls.IsDefaultOrEmpty)
        {
            return;
        }

        // Accounts in an OU get what is enabled on it plus what is inherited from above (preventive controls only).
        md.Append("## Control Tower controls by OU\n\n<details><summary>").Append(plan.CtControls.Length)
            .Append(" OU(s); accounts get the enabled and inherited controls of their OU</summary>\n\n");
        md.Append("| OU | accounts | enabled | inherited | removed |\n|---|---:|---|---|---|\n");
        foreach (var row in plan.CtControls.Take(ListLimit))
        {
            md.Append("| ").Append(Cell(row.OuPath)).Append(" | ").Append(row.Accounts.ToString(CultureInfo.InvariantCulture))
                .Append(" | ").Append(string.Join(", ", row.Enabled))
                .Append(" | ").Append(string.Join(", ", row.Inherited))
                .Append(" | ").Append(string.Join(", ", row.Removed)).Append(" |\n");
        }

        More(md, plan.CtControls.Length, string.Empty);
        md.Append("\n</details>\n\n");
    }

    private static void WriteUncovered(StringBuilder md, ChangePlan plan)
    {
        if (plan.UncoveredAccounts.IsEmpty)
        {
            return;
        }

        md.Append("## Accounts receiving nothing\n\n<details><summary>").Append(plan.UncoveredAccounts.Length).Append(" account(s) in scope receive no control</summary>\n\n");
        foreach (var account in plan.UncoveredAccounts.Take(ListLimit))
        {
            md.Append("- ").Append(account).Append('\n');
        }

        More(md, plan.UncoveredAccounts.Length, "- ");
        md.Append("\n</details>\n\n");
    }

    private static void WriteDrift(StringBuilder md, ChangePlan plan)
    {
        if (plan.Drift.IsEmpty)
        {
            return;
        }

        md.Append("## Drift between definition and organization\n\n<details><summary>").Append(plan.Drift.Length).Append(" finding(s): ");
        md.Append(string.Join(", ", plan.Drift.GroupBy(d => d.Kind, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}")));
        MarkdownTable.Header(md.Append("</summary>\n\n"), "kind", "subject", "detail");
        foreach (var finding in plan.Drift.Take(ListLimit))
        {
            md.Append("| ").Append(finding.Kind).Append(" | ").Append(Cell(finding.Subject)).Append(" | ").Append(Cell(finding.Detail)).Append(" |\n");
        }

        More(md, plan.Drift.Length, string.Empty);
        md.Append("\n</details>\n\n");
    }

    private static void WriteCost(StringBuilder md, ChangePlan plan)
    {
        md.Append("## Pipeline cost\n\n");
        md.Append(CultureInfo.InvariantCulture, $"Estimated CfCT run: **{Duration(plan.Cost.EstimatedSeconds)}**: {plan.Cost.StackSetOperations} stack set operation(s) run one after another, {plan.Cost.StackSetsSkipped} skipped, {plan.Cost.InstancesTouched} stack instance(s) touched, {plan.Cost.PolicyOperations} policy execution(s). An estimate from the model in docs/plan.md, not a measurement.\n\n");
        md.Append("<details><summary>Breakdown</summary>\n\n");
        foreach (var line in plan.Cost.Breakdown)
        {
            md.Append("- ").Append(line).Append('\n');
        }

        md.Append("\n</details>\n");
    }

    /// <summary>The quotas of limits: against the organization and the package, and the work the package starts at this size.</summary>
    public static void WriteScale(StringBuilder md, ScaleReport scale)
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(scale);
        var e = scale.Estimate;
        md.Append("\n## Scale and quotas\n\n");
        if (scale.Closest is { } closest)
        {
            md.Append(CultureInfo.InvariantCulture, $"Closest quota: **{closest.Quota}**, {closest.Used:N0} of {closest.Limit:N0} ({closest.Percent} %, limits.{closest.Key}).\n\n");
        }

        MarkdownTable.Header(md, "quota", "counted", "used:", "limit:", "%:", "state", "source");
        foreach (var quota in scale.Quotas)
        {
            var state = quota.State switch
            {
                QuotaState.Exceeded => "**exceeded**",
                QuotaState.Near => "**near**",
                _ => "ok",
            };
            md.Append(CultureInfo.InvariantCulture, $"| {quota.Key} | {Cell(quota.Quota + " (" + quota.Subject + ")")} | {quota.Used:N0} | {quota.Limit:N0} | {quota.Percent} | {state} | {quota.Source} |\n");
        }

        md.Append("\nEstimates (docs/plan.md, \"Scale and quotas\"; the time assumptions are settings under limits:):\n\n");
        md.Append(CultureInfo.InvariantCulture, $"- stack instances in member accounts: {e.MemberInstances:N0} for {e.MemberAccounts:N0} member account(s) in {e.Regions} region(s): {e.InstancesPerAccountRegion:0.00} per account-region\n");
        md.Append(CultureInfo.InvariantCulture, $"- CfCT: {e.CfctStackSets} stack set(s) listing {e.CfctListedOuTargets:N0} OU target(s), {e.CfctInstances:N0} instance(s); {e.CfctExecutions} execution(s) one after another, first run {Duration(e.CfctSeconds)}\n");
        md.Append(CultureInfo.InvariantCulture, $"- service-managed stack sets: {e.ServiceManagedStackSets} ({e.AutoDeploymentStackSets} with automatic deployment) over {e.ServiceManagedTargets:N0} OU target(s), {e.ServiceManagedInstances:N0} instance(s); first deployment {Duration(e.FirstDeploymentSeconds)} at StackSets' concurrency\n");
        md.Append(CultureInfo.InvariantCulture, $"- Control Tower: {e.ControlTowerOperations:N0} control operation(s) at {e.ControlTowerConcurrency} at once: {Duration(e.ControlTowerSeconds)}\n");
        md.Append(CultureInfo.InvariantCulture, $"- a new account: {(e.AutoDeploymentStackSets > 0 ? "automatic deployment of " + e.AutoDeploymentStackSets + " service-managed stack set(s) without a CfCT run; " : string.Empty)}{e.NewAccountCfctStackSets} CfCT stack set(s) reach it only when CfCT re-runs ({Duration(e.NewAccountCfctSeconds)})\n");
    }

    private static void More(StringBuilder md, int count, string prefix)
    {
        if (count > ListLimit)
        {
            md.Append(prefix).Append("… and ").Append(count - ListLimit).Append(" more (see the JSON or HTML report)\n");
        }
    }

    private static string KindText(ResourceChangeKind kind) => kind switch
    {
        ResourceChangeKind.Created => "created",
        ResourceChangeKind.Updated => "**updated**",
        ResourceChangeKind.Deleted => "**DELETED**",
        ResourceChangeKind.Orphaned => "orphaned",
        _ => "unchanged",
    };

    private static string Value(string? value) => value is null ? "(none)" : $"`{value}`";

    private static string Cell(string text) => MarkdownTable.Cell(text);
}
