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
    private const byte NotExpected = byte.MaxValue;

    private readonly CfctPackage _package;
    private ImmutableDictionary<string, ImmutableArray<string>>? _resourceControls;

    // One byte per account of the snapshot and control id (its worst state so far), so 38,000 accounts × 40 controls
    // stay about 1.5 MB instead of keeping every control's per-account dictionary alive until the end.
    private readonly Dictionary<string, int> _accountIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (byte[] States, SortedSet<string> Carriers)> _columns = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    public StatusMatrixBuilder(CfctPackage package, OrgSnapshot organization)
    {
        _package = package;
        foreach (var account in organization.Accounts)
        {
            _accountIndex.TryAdd(account.Id, _accountIndex.Count);
        }
    }

    /// <summary>The control ids a manifest resource carries: recorded by the build in memory, else by the package's build report, else its own name.</summary>
    public ImmutableArray<string> ControlsOf(ManifestResource resource) =>
        !resource.ControlIds.IsDefaultOrEmpty ? resource.ControlIds
        : (_resourceControls ??= ControlIntent.ResourceControlsFromPackage(_package)).TryGetValue(resource.Name, out var ids) && !ids.IsDefaultOrEmpty ? ids
        : [resource.Name];

    /// <summary>Records that <paramref name="carrier"/> (a resource, Control Tower control or pack) brings each of <paramref name="controls"/> to these accounts in these states.</summary>
    public void Add(IEnumerable<string> controls, string carrier, Dictionary<string, CoverageState> perAccount)
    {
        foreach (var control in controls.Where(c => !string.IsNullOrEmpty(c)).Distinct(StringComparer.Ordinal))
        {
            if (!_columns.TryGetValue(control, out var column))
            {
                var states = new byte[_accountIndex.Count];
                Array.Fill(states, NotExpected);
                _columns[control] = column = (states, new SortedSet<string>(StringComparer.Ordinal));
                _order.Add(control);
            }

            column.Carriers.Add(carrier);
            foreach (var (account, state) in perAccount)
            {
                if (_accountIndex.TryGetValue(account, out var i) && (byte)state < column.States[i])
                {
                    column.States[i] = (byte)state;
                }
            }
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

        var rowOfAccount = new int[_accountIndex.Count];
        Array.Fill(rowOfAccount, -1);
        var accounts = new int[rows.Count];
        var uncovered = new int[rows.Count];
        foreach (var account in inScope)
        {
            if (rowOf.TryGetValue(account.ParentId, out var row) && _accountIndex.TryGetValue(account.Id, out var index))
            {
                rowOfAccount[index] = row;
                accounts[row]++;
                if (!isCovered(account.Id))
                {
                    uncovered[row]++;
                }
            }
        }

        var columns = ImmutableArray.CreateBuilder<StatusMatrixColumn>();
        var cells = new List<StatusMatrixCell>[rows.Count];
        foreach (var control in _order)
        {
            var (states, carriers) = _columns[control];
            var counts = new Dictionary<int, int[]>();
            for (var i = 0; i < states.Length; i++)
            {
                var row = rowOfAccount[i];
                if (states[i] == NotExpected || row < 0)
                {
                    continue;
                }

                var state = (CoverageState)states[i];

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

            columns.Add(new StatusMatrixColumn(control, [.. carriers]));
        }

        return new StatusMatrix(
            columns.ToImmutable(),
            [.. rows.Select((r, i) => new StatusMatrixOu(r.Id, r.Path, r.Name, r.Parent, accounts[i], uncovered[i], [.. (cells[i] ?? []).OrderBy(c => c.Column)]))]);
    }
}
