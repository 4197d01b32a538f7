using System.Collections.Immutable;
using GovCfct.Core.Cfct;
using GovCfct.Core.Organization;
using GovCfct.Core.Planning;

namespace GovCfct.Core.Status;

/// <summary>
/// The OU × control coverage matrix of a status: for every OU (Root first, then depth-first by name) and every control
/// id, how many of the accounts directly in that OU are expected to have it and in which state they are. Cells count
/// each account once per control (its worst state over the manifest resources that carry the control), so the cells
/// of a subtree add up to the subtree's figure. The HTML report draws it; the JSON does not carry it.
/// </summary>
public sealed record StatusMatrix(ImmutableArray<StatusMatrixColumn> Columns, ImmutableArray<StatusMatrixOu> Ous);

/// <summary>A control id (<c>deny-regions</c>; a resource's own name when the package does not record its controls) and what carries it.</summary>
public sealed record StatusMatrixColumn(string Control, ImmutableArray<string> Carriers);

/// <summary>
/// One OU: its parent's index in <see cref="StatusMatrix.Ous"/> (-1 for Root), the accounts in scope directly in it,
/// how many of those lack at least one expected control, and its non-empty cells.
/// </summary>
public sealed record StatusMatrixOu(string Id, string Path, string Name, int Parent, int Accounts, int Uncovered, ImmutableArray<StatusMatrixCell> Cells);

/// <summary>Accounts directly in an OU that are expected to have one control, by state.</summary>
public sealed record StatusMatrixCell(int Column, int Expected, int Failed, int Missing, int Outdated, int Drifted)
{
    public int Covered => Expected - Failed - Missing - Outdated - Drifted;
}

/// <summary>Builds the matrix from what the evaluator found per control and account.</summary>
internal sealed class StatusMatrixBuilder
{
    private readonly List<(string Control, string Carrier, Dictionary<string, CoverageState> PerAccount)> _reached = [];
    private readonly ImmutableDictionary<string, ImmutableArray<string>> _resourceControls;

    public StatusMatrixBuilder(CfctPackage package) =>
        _resourceControls = ControlIntent.FromPackage(package)?.ResourceControls ?? ImmutableDictionary<string, ImmutableArray<string>>.Empty;

    /// <summary>The control ids a manifest resource carries: recorded by the build in memory, else by the package's build report, else its own name.</summary>
    public ImmutableArray<string> ControlsOf(ManifestResource resource) =>
        !resource.ControlIds.IsDefaultOrEmpty ? resource.ControlIds
        : _resourceControls.TryGetValue(resource.Name, out var ids) && !ids.IsDefaultOrEmpty ? ids
        : [resource.Name];

    /// <summary>Records that <paramref name="carrier"/> (a resource, Control Tower control or pack) brings each of <paramref name="controls"/> to these accounts in these states.</summary>
    public void Add(IEnumerable<string> controls, string carrier, Dictionary<string, CoverageState> perAccount)
    {
        foreach (var control in controls.Where(c => !string.IsNullOrEmpty(c)).Distinct(StringComparer.Ordinal))
        {
            _reached.Add((control, carrier, perAccount));
        }
    }

    public StatusMatrix Build(OrgIndex org, IReadOnlyList<OrgAccount> inScope, Func<string, bool> isCovered)
    {
        // Rows: Root, then every OU depth-first, children by name; an account's row is its parent's.
        var children = new Dictionary<string, List<OrgUnit>>(StringComparer.Ordinal);
        foreach (var ou in org.Snapshot.OrganizationalUnits)
        {
            if (!children.TryGetValue(ou.ParentId, out var list))
            {
                children[ou.ParentId] = list = [];
            }

            list.Add(ou);
        }

        var rows = new List<(string Id, string Path, string Name, int Parent)>();
        var rowOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<(string Id, string Path, string Name, int Parent)>();
        stack.Push((org.RootId, OrgIndex.RootPath, OrgIndex.RootPath, -1));
        while (stack.Count > 0)
        {
            var row = stack.Pop();
            if (rowOf.ContainsKey(row.Id))
            {
                continue;
            }

            rowOf[row.Id] = rows.Count;
            rows.Add(row);
            var index = rows.Count - 1;
            foreach (var child in (children.GetValueOrDefault(row.Id) ?? []).OrderByDescending(o => o.Name, StringComparer.Ordinal).ThenByDescending(o => o.Id, StringComparer.Ordinal))
            {
                stack.Push((child.Id, child.Path, child.Name, index));
            }
        }

        var rowOfAccount = new Dictionary<string, int>(StringComparer.Ordinal);
        var accounts = new int[rows.Count];
        var uncovered = new int[rows.Count];
        foreach (var account in inScope)
        {
            if (rowOf.TryGetValue(account.ParentId, out var row))
            {
                rowOfAccount[account.Id] = row;
                accounts[row]++;
                if (!isCovered(account.Id))
                {
                    uncovered[row]++;
                }
            }
        }

        var columns = ImmutableArray.CreateBuilder<StatusMatrixColumn>();
        var cells = new List<StatusMatrixCell>[rows.Count];
        var worst = new Dictionary<string, CoverageState>(StringComparer.Ordinal);
        foreach (var column in _reached.GroupBy(r => r.Control, StringComparer.Ordinal))
        {
            worst.Clear();
            foreach (var (_, _, perAccount) in column)
            {
                foreach (var (account, state) in perAccount)
                {
                    worst[account] = worst.TryGetValue(account, out var was) && was < state ? was : state;
                }
            }

            var counts = new Dictionary<int, int[]>();
            foreach (var (account, state) in worst)
            {
                if (!rowOfAccount.TryGetValue(account, out var row))
                {
                    continue;
                }

                if (!counts.TryGetValue(row, out var c))
                {
                    counts[row] = c = new int[5];
                }

                c[0]++;
                if (state != CoverageState.Covered)
                {
                    c[1 + (int)state]++;
                }
            }

            foreach (var (row, c) in counts)
            {
                (cells[row] ??= []).Add(new StatusMatrixCell(columns.Count, c[0], c[1], c[2], c[3], c[4]));
            }

            columns.Add(new StatusMatrixColumn(column.Key, [.. column.Select(r => r.Carrier).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]));
        }

        return new StatusMatrix(
            columns.ToImmutable(),
            [.. rows.Select((r, i) => new StatusMatrixOu(r.Id, r.Path, r.Name, r.Parent, accounts[i], uncovered[i], [.. (cells[i] ?? []).OrderBy(c => c.Column)]))]);
    }
}
