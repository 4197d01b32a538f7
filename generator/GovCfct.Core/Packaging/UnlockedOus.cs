using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Core.Packaging;

/// <summary>
/// The OUs whose id the package needs (a member stack set targets them, a Control Tower control is enabled on them) and
/// that <c>org-lock.yaml</c> does not list: in practice an OU planned in the same change, not yet created in the
/// organization. One cause, reported once per OU with everything that needs it and the order that resolves it (create
/// and register the OU, snapshot, lock, then the pull request), instead of once per stack set or control.
/// </summary>
internal sealed class UnlockedOus
{
    private const int Shown = 5;

    private readonly SortedDictionary<string, (SourceLocation Location, SortedSet<string> StackSets, SortedSet<string> Controls)> _ous = new(StringComparer.Ordinal);

    public bool IsEmpty => _ous.Count == 0;

    /// <summary>Member stack set <paramref name="stackSet"/> targets the OU at <paramref name="path"/>.</summary>
    public void StackSet(string path, SourceLocation location, string stackSet) => Entry(path, location).StackSets.Add(stackSet);

    /// <summary>Control Tower control <paramref name="controlId"/> is enabled on the OU at <paramref name="path"/>.</summary>
    public void Control(string path, SourceLocation location, string controlId) => Entry(path, location).Controls.Add(controlId);

    /// <summary>
    /// One error per OU: GCF1883 when a Control Tower control needs it (the OU must also be registered with Control
    /// Tower), otherwise GCF1871.
    /// </summary>
    public void Report(GovernanceDefinition definition, OrgLock orgLock, DiagnosticBag diagnostics)
    {
        var folder = Path.GetFileName(definition.SourceDirectory.TrimEnd('/', '\\'));
        var lockPath = string.IsNullOrEmpty(folder) ? OrgLock.FileName : $"{folder}/{OrgLock.FileName}";
        foreach (var (path, (location, stackSets, controls)) in _ous)
        {
            var needs = new List<string>();
            if (stackSets.Count > 0)
            {
                needs.Add($"{(stackSets.Count == 1 ? "stack set" : $"{stackSets.Count} stack sets")} {Compact(stackSets)}");
            }

            if (controls.Count > 0)
            {
                needs.Add($"{(controls.Count == 1 ? "Control Tower control" : $"{controls.Count} Control Tower controls")} {Compact(controls)}");
            }

            diagnostics.Report(
                controls.Count > 0 ? DiagnosticCodes.OuNotInOrgLock : DiagnosticCodes.StackSetOuNotInOrgLock,
                $"OU '{path}' is not in {orgLock.DisplayPath}, so its id is unknown to {string.Join(" and ", needs)}; an OU the definition plans must exist in the organization before the package can target it",
                location,
                $"create the OU in AWS Organizations and register it with Control Tower, then take a snapshot (govcfct org snapshot --out org.json), run govcfct org lock --org org.json --out {lockPath}, and open the pull request with the lock and this change together");
        }
    }

    private (SourceLocation Location, SortedSet<string> StackSets, SortedSet<string> Controls) Entry(string path, SourceLocation location)
    {
        if (!_ous.TryGetValue(path, out var entry))
        {
            entry = (location, new SortedSet<string>(StringComparer.Ordinal), new SortedSet<string>(StringComparer.Ordinal));
            _ous[path] = entry;
        }

        return entry;
    }

    private static string Compact(SortedSet<string> items) =>
        string.Join(", ", items.Take(Shown).Select(i => $"'{i}'")) + (items.Count > Shown ? $" and {items.Count - Shown} more" : string.Empty);
}
