using System.Text;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Core.Organization;

/// <summary>
/// Writes <c>org-lock.yaml</c> from a snapshot: every OU's path and id, whether accounts live directly in it and their
/// ids (one a line, so a review sees each account that arrives or moves), the accounts under the root, and the
/// organization, root and management ids. Sorted, LF, no timestamps: an unchanged organization gives the same bytes.
/// The account ids are what organization-wide detective rules exclude: AWS Config's organization conformance packs
/// know no OUs, only <c>ExcludedAccounts</c> (docs/landing-zone.md).
/// </summary>
public static class OrgLockWriter
{
    /// <summary>The lock file text for <paramref name="snapshot"/>.</summary>
    public static string Write(OrgSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var sorted = OrgSnapshotSerializer.Normalize(snapshot);
        var byParent = sorted.Accounts.GroupBy(a => a.ParentId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(a => a.Id).Order(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        var builder = new StringBuilder();
        builder.Append("# yaml-language-server: $schema=./schema/org-lock.schema.json\n");
        builder.Append("# Written by `govcfct org lock` from an organization snapshot: OU paths to ids (Control Tower controls) and each OU's accounts (organization-wide exclusions).\n");
        builder.Append("# Review changes like a package lock; regenerate when OUs are created or moved and when accounts are created or moved.\n");
        builder.Append("organization_id: ").Append(sorted.OrganizationId ?? string.Empty).Append('\n');
        builder.Append("management_account_id: \"").Append(sorted.ManagementAccountId).Append("\"\n");
        builder.Append("root_id: ").Append(sorted.RootId).Append('\n');
        if (byParent.TryGetValue(sorted.RootId, out var rootAccounts))
        {
            builder.Append("root_accounts:\n");
            foreach (var id in rootAccounts)
            {
                builder.Append("  - \"").Append(id).Append("\"\n");
            }
        }

        builder.Append("organizational_units:\n");
        foreach (var ou in sorted.OrganizationalUnits)
        {
            builder.Append("  - path: ").Append(Quote(ou.Path)).Append('\n');
            builder.Append("    id: ").Append(ou.Id).Append('\n');
            if (byParent.TryGetValue(ou.Id, out var accounts))
            {
                builder.Append("    holds_accounts: true\n");
                builder.Append("    accounts:\n");
                foreach (var id in accounts)
                {
                    builder.Append("      - \"").Append(id).Append("\"\n");
                }
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// Reads the snapshot a lock is written from (<c>org lock</c> and <c>init --org</c> share it): the snapshot when it
    /// reads without errors and names its organization, else null with every diagnostic in <paramref name="diagnostics"/>.
    /// </summary>
    public static OrgSnapshot? ReadSnapshot(string path, string displayPath, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var read = OrgSnapshotSerializer.ReadFile(path, displayPath);
        diagnostics.AddRange(read.Diagnostics);
        if (!read.Success)
        {
            return null;
        }

        if (read.Snapshot!.OrganizationId is null)
        {
            diagnostics.Report(DiagnosticCodes.SnapshotWithoutOrganizationId, $"the snapshot '{displayPath}' has no organization id, which every OU ARN needs", new SourceLocation(displayPath), "take a new snapshot with govcfct org snapshot");
            return null;
        }

        return read.Snapshot;
    }

    /// <summary>OU paths may hold spaces, ':' and non-ASCII: always a double-quoted YAML scalar.</summary>
    private static string Quote(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>
    /// How the lock differs from the live organization: OUs added, removed or re-created (new id), and OUs that now
    /// hold accounts the lock does not know of (they would miss detective Control Tower controls). Empty when current.
    /// </summary>
    public static IReadOnlyList<string> Differences(OrgLock orgLock, OrgSnapshot snapshot) =>
        [.. Check(orgLock, snapshot).Select(d => d.Message)];

    /// <summary>
    /// The differences as diagnostics at the lock file: locked OUs that changed are errors (the build would target the
    /// wrong OU, or miss accounts); live OUs the lock does not list are warnings (they matter once the definition uses them).
    /// </summary>
    public static IReadOnlyList<Diagnostic> Check(OrgLock orgLock, OrgSnapshot snapshot)
    {
        var result = new List<Diagnostic>();
        foreach (var (message, stale) in Compare(orgLock, snapshot))
        {
            result.Add(stale
                ? new Diagnostic(DiagnosticCodes.OrgLockStale, $"{orgLock.DisplayPath} is stale: {message}", orgLock.Location, "regenerate it: govcfct org lock --org <snapshot> --out <definition>/org-lock.yaml, and review the diff")
                : new Diagnostic(DiagnosticCodes.OrgLockMissingOu, $"{orgLock.DisplayPath} does not list {message}", orgLock.Location, "regenerate the lock with govcfct org lock when the definition should use this OU"));
        }

        result.AddRange(CompareAccounts(orgLock, snapshot));
        return result;
    }

    /// <summary>
    /// Accounts that arrived in, left or moved between locked OUs since the lock was written (one warning per OU): the
    /// organization conformance packs' exclusions come from the lock, so a new account in an opted-out OU receives the
    /// organization's detective rules until the lock is regenerated and the package rebuilt. Only for OUs whose accounts
    /// the lock lists.
    /// </summary>
    private static List<Diagnostic> CompareAccounts(OrgLock orgLock, OrgSnapshot snapshot)
    {
        var result = new List<Diagnostic>();
        var live = snapshot.OrganizationalUnits.ToDictionary(o => o.Path, o => o.Id, StringComparer.Ordinal);
        var byParent = snapshot.Accounts.GroupBy(a => a.ParentId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(a => a.Id).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var (path, locked) in orgLock.Ous)
        {
            if (locked.Accounts.IsEmpty || !live.TryGetValue(path, out var id) || id != locked.Id)
            {
                continue;
            }

            var now = byParent.GetValueOrDefault(id) ?? [];
            var added = now.Where(a => !locked.Accounts.Contains(a)).Order(StringComparer.Ordinal).ToList();
            var gone = locked.Accounts.Where(a => !now.Contains(a)).ToList();
            if (added.Count + gone.Count == 0)
            {
                continue;
            }

            var parts = new List<string>();
            if (added.Count > 0)
            {
                parts.Add($"{added.Count} account(s) arrived ({string.Join(", ", added.Take(5))}{(added.Count > 5 ? ", …" : string.Empty)})");
            }

            if (gone.Count > 0)
            {
                parts.Add($"{gone.Count} account(s) left ({string.Join(", ", gone.Take(5))}{(gone.Count > 5 ? ", …" : string.Empty)})");
            }

            result.Add(new Diagnostic(DiagnosticCodes.OrgLockAccountsChanged, $"{orgLock.DisplayPath}: OU '{path}' has changed accounts since the lock was written: {string.Join("; ", parts)}", locked.Location, "regenerate the lock with govcfct org lock and rebuild, so organization-wide detective rules exclude exactly the opted-out OUs' accounts"));
        }

        return result;
    }

    private static List<(string Message, bool Stale)> Compare(OrgLock orgLock, OrgSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(orgLock);
        ArgumentNullException.ThrowIfNull(snapshot);
        var result = new List<(string, bool)>();
        if (snapshot.OrganizationId is { } id && id != orgLock.OrganizationId)
        {
            result.Add(($"organization id is {id}, the lock says {orgLock.OrganizationId}", true));
        }

        if (snapshot.ManagementAccountId != orgLock.ManagementAccountId)
        {
            result.Add(($"management account is {snapshot.ManagementAccountId}, the lock says {orgLock.ManagementAccountId}", true));
        }

        var holders = snapshot.Accounts.Select(a => a.ParentId).ToHashSet(StringComparer.Ordinal);
        var live = snapshot.OrganizationalUnits.ToDictionary(o => o.Path, StringComparer.Ordinal);
        foreach (var (path, locked) in orgLock.Ous)
        {
            if (!live.TryGetValue(path, out var ou))
            {
                result.Add(($"OU '{path}' ({locked.Id}) is locked but no longer exists", true));
            }
            else if (ou.Id != locked.Id)
            {
                result.Add(($"OU '{path}' is {ou.Id} in the organization, {locked.Id} in the lock", true));
            }
            else if (holders.Contains(ou.Id) && !locked.HoldsAccounts)
            {
                result.Add(($"OU '{path}' now holds accounts; the lock does not say so (its accounts get no detective Control Tower controls)", true));
            }
        }

        foreach (var path in live.Keys.Where(p => !orgLock.Ous.ContainsKey(p)).Order(StringComparer.Ordinal))
        {
            result.Add(($"OU '{path}' ({live[path].Id}), which exists in the organization", false));
        }

        return result;
    }
}
