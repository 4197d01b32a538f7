using System.Globalization;
using System.Text;

namespace GovCfct.Core.Status;

/// <summary>The status report for people: verdict first, then what to fix (docs/status.md explains every state).</summary>
public static class StatusMarkdownWriter
{
    /// <summary>Accounts listed in full; the rest are counted (the JSON has them all).</summary>
    public const int MaxAccountsListed = 200;

    public static string Write(StatusReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var s = report.Summary;
        var md = new StringBuilder();
        md.Append("# Control coverage status\n\n");
        if (report.GeneratedAt is { } at)
        {
            md.Append(CultureInfo.InvariantCulture, $"Generated {at}.\n\n");
        }

        md.Append(CultureInfo.InvariantCulture, $"**{s.Verdict}**\n\n");
        md.Append("| accounts | covered | failed | missing | outdated | drifted | new, not covered | stale |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        md.Append(CultureInfo.InvariantCulture, $"| {s.Accounts} | {s.Covered} | {s.Failed} | {s.Missing} | {s.Outdated} | {s.Drifted} | {s.NewAccountsNotCovered} | {s.Stale} |\n\n");

        if (!report.NewAccounts.IsEmpty)
        {
            md.Append("## New accounts not yet covered\n\n| account | name | OU | joined | state | controls missing |\n|---|---|---|---|---|---:|\n");
            foreach (var a in report.NewAccounts)
            {
                md.Append(CultureInfo.InvariantCulture, $"| {a.AccountId} | {Cell(a.Name)} | {Cell(a.OuPath)} | {a.Joined.UtcDateTime:yyyy-MM-dd HH:mm}Z | {State(a.State)} | {a.MissingControls} |\n");
            }

            md.Append('\n');
        }

        if (!report.Accounts.IsEmpty)
        {
            md.Append("## Accounts\n\n| account | name | OU | state | control | region | detail |\n|---|---|---|---|---|---|---|\n");
            var listed = 0;
            foreach (var a in report.Accounts)
            {
                if (listed++ == MaxAccountsListed)
                {
                    md.Append(CultureInfo.InvariantCulture, $"\n{report.Accounts.Length - MaxAccountsListed} more account(s): see `--format json`.\n");
                    break;
                }

                if (a.Findings.IsEmpty)
                {
                    md.Append(CultureInfo.InvariantCulture, $"| {a.AccountId} | {Cell(a.Name)} | {Cell(a.OuPath)} | {State(a.State)} | all {a.Expected} | | |\n");
                }

                foreach (var f in a.Findings)
                {
                    md.Append(CultureInfo.InvariantCulture, $"| {a.AccountId} | {Cell(a.Name)} | {Cell(a.OuPath)} | {State(f.State)} | {Cell(f.Control)} | {f.Region ?? string.Empty} | {Cell(f.Detail)} |\n");
                }
            }

            md.Append('\n');
        }

        md.Append("## Controls\n\n| control | kind | accounts | covered | failed | missing | outdated | drifted |\n|---|---|---:|---:|---:|---:|---:|---:|\n");
        foreach (var c in report.Controls)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {Cell(c.Name)} | {Kind(c.Kind)} | {c.Expected} | {c.Covered} | {c.Failed} | {c.Missing} | {c.Outdated} | {c.Drifted} |\n");
        }

        md.Append("\n## Stack sets\n\n| stack set | instances | current | failed | outdated | drifted | missing | last operation |\n|---|---:|---:|---:|---:|---:|---:|---|\n");
        foreach (var set in report.StackSets)
        {
            var op = set.LastOperation is { } o ? $"{o.Action} {o.Status}{(o.Ended is { } e ? " " + e.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + "Z" : string.Empty)}" : set.Deployed ? "none" : "stack set not deployed";
            md.Append(CultureInfo.InvariantCulture, $"| {set.DeployedName} | {set.Expected} | {set.Current} | {set.Failed} | {set.Outdated} | {set.Drifted} | {set.Missing} | {op} |\n");
        }

        if (!report.Stale.IsEmpty)
        {
            md.Append("\n## Stale: deployed but no longer wanted\n\n| kind | name | target | detail | remove with |\n|---|---|---|---|---|\n");
            foreach (var item in report.Stale)
            {
                md.Append(CultureInfo.InvariantCulture, $"| {item.Kind} | {item.Name} | {Cell(item.Target ?? string.Empty)} | {Cell(item.Detail)} | `{item.Command}` |\n");
            }
        }

        return md.ToString();
    }

    internal static string State(CoverageState state) => state.ToString().ToLowerInvariant();

    internal static string Kind(ControlKind kind) => kind switch
    {
        ControlKind.StackSet => "stack set",
        ControlKind.Scp => "SCP",
        ControlKind.Rcp => "RCP",
        _ => "Control Tower",
    };

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
