using System.Collections.Immutable;
using System.Globalization;

namespace GovCfct.Core.Status;

/// <summary>One cell of a status table: its text, the coverage state it shows (for colour), and whether it is a command.</summary>
internal sealed record StatusCell(string Text, CoverageState? State = null, bool Code = false)
{
    public static implicit operator StatusCell(string text) => new(text);

    public static StatusCell Number(int value) => new(value.ToString(CultureInfo.InvariantCulture));
}

/// <summary>A column of a status table; numbers are right-aligned.</summary>
internal sealed record StatusColumn(string Name, bool Numeric = false);

/// <summary>One table of the status report, with its heading (none for the summary) and a note after its rows.</summary>
internal sealed record StatusTable(string? Heading, ImmutableArray<StatusColumn> Columns, ImmutableArray<ImmutableArray<StatusCell>> Rows, string? Note = null);

/// <summary>
/// What the Markdown and HTML reports show, decided once: the summary, the new accounts not yet covered, every
/// account's findings (the first <see cref="MaxAccountsListed"/> accounts), the controls, the stack sets and the stale
/// state. The writers only render these tables, so the two formats cannot drift apart.
/// </summary>
internal static class StatusTables
{
    /// <summary>Accounts listed in full; the rest are counted (the JSON has them all).</summary>
    public const int MaxAccountsListed = 200;

    public static IEnumerable<StatusTable> Of(StatusReport report)
    {
        var s = report.Summary;
        yield return new StatusTable(
            null,
            Columns(("accounts", true), ("covered", true), ("failed", true), ("missing", true), ("outdated", true), ("drifted", true), ("new, not covered", true), ("stale", true)),
            [[StatusCell.Number(s.Accounts), StatusCell.Number(s.Covered), StatusCell.Number(s.Failed), StatusCell.Number(s.Missing), StatusCell.Number(s.Outdated), StatusCell.Number(s.Drifted), StatusCell.Number(s.NewAccountsNotCovered), StatusCell.Number(s.Stale)]]);

        if (!report.NewAccounts.IsEmpty)
        {
            yield return new StatusTable(
                "New accounts not yet covered",
                Columns(("account", false), ("name", false), ("OU", false), ("joined", false), ("state", false), ("controls missing", true)),
                [.. report.NewAccounts.Select(a => ImmutableArray.Create<StatusCell>(a.AccountId, a.Name, a.OuPath, Time(a.Joined), State(a.State), StatusCell.Number(a.MissingControls)))]);
        }

        if (!report.Accounts.IsEmpty)
        {
            var rows = ImmutableArray.CreateBuilder<ImmutableArray<StatusCell>>();
            foreach (var a in report.Accounts.Take(MaxAccountsListed))
            {
                if (a.Findings.IsEmpty)
                {
                    rows.Add([a.AccountId, a.Name, a.OuPath, State(a.State), $"all {a.Expected.ToString(CultureInfo.InvariantCulture)}", string.Empty, string.Empty]);
                }

                foreach (var f in a.Findings)
                {
                    rows.Add([a.AccountId, a.Name, a.OuPath, State(f.State), f.Control, f.Region ?? string.Empty, f.Detail]);
                }
            }

            var rest = report.Accounts.Length - MaxAccountsListed;
            yield return new StatusTable(
                "Accounts",
                Columns(("account", false), ("name", false), ("OU", false), ("state", false), ("control", false), ("region", false), ("detail", false)),
                rows.ToImmutable(),
                rest > 0 ? $"{rest.ToString(CultureInfo.InvariantCulture)} more account(s): see `--format json`." : null);
        }

        yield return new StatusTable(
            "Controls",
            Columns(("control", false), ("kind", false), ("accounts", true), ("covered", true), ("failed", true), ("missing", true), ("outdated", true), ("drifted", true)),
            [.. report.Controls.Select(c => ImmutableArray.Create<StatusCell>(c.Name, Kind(c.Kind), StatusCell.Number(c.Expected), StatusCell.Number(c.Covered), StatusCell.Number(c.Failed), StatusCell.Number(c.Missing), StatusCell.Number(c.Outdated), StatusCell.Number(c.Drifted)))]);

        yield return new StatusTable(
            "Stack sets",
            Columns(("stack set", false), ("instances", true), ("current", true), ("failed", true), ("outdated", true), ("drifted", true), ("missing", true), ("last operation", false)),
            [.. report.StackSets.Select(set => ImmutableArray.Create<StatusCell>(set.DeployedName, StatusCell.Number(set.Expected), StatusCell.Number(set.Current), StatusCell.Number(set.Failed), StatusCell.Number(set.Outdated), StatusCell.Number(set.Drifted), StatusCell.Number(set.Missing), LastOperation(set)))]);

        if (!report.Stale.IsEmpty)
        {
            yield return new StatusTable(
                "Stale: deployed but no longer wanted",
                Columns(("kind", false), ("name", false), ("target", false), ("detail", false), ("remove with", false)),
                [.. report.Stale.Select(item => ImmutableArray.Create<StatusCell>(item.Kind, item.Name, item.Target ?? string.Empty, item.Detail, new StatusCell(item.Command, Code: true)))]);
        }
    }

    internal static string StateName(CoverageState state) => state.ToString().ToLowerInvariant();

    internal static string Kind(DeploymentKind kind) => kind switch
    {
        DeploymentKind.StackSet => "stack set",
        DeploymentKind.Scp => "SCP",
        DeploymentKind.Rcp => "RCP",
        DeploymentKind.ConformancePack => "Config conformance pack",
        _ => "Control Tower",
    };

    private static StatusCell State(CoverageState state) => new(StateName(state), state);

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + "Z";

    private static string LastOperation(StackSetStatus set) => set.LastOperation is { } o
        ? $"{o.Action} {o.Status}{(o.Ended is { } e ? " " + Time(e) : string.Empty)}"
        : set.Deployed ? "none" : "stack set not deployed";

    private static ImmutableArray<StatusColumn> Columns(params (string Name, bool Numeric)[] columns) =>
        [.. columns.Select(c => new StatusColumn(c.Name, c.Numeric))];
}
