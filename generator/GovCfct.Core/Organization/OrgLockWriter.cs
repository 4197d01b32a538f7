using System.Text;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Core.Organization;

/// <summary>
/// Writes <c>org-lock.yaml</c> from a snapshot: every OU's path and id, whether accounts live directly in it, and the
/// organization, root and management ids. Sorted, LF, no timestamps: an unchanged organization gives the same bytes.
/// </summary>
public static class OrgLockWriter
{
    /// <summary>The lock file text for <paramref name="snapshot"/>.</summary>
    public static string Write(OrgSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var sorted = OrgSnapshotSerializer.Normalize(snapshot);
        var holders = sorted.Accounts.Select(a => a.ParentId).ToHashSet(StringComparer.Ordinal);
        var builder = new StringBuilder();
        builder.Append("# yaml-language-server: $schema=./schema/org-lock.schema.json\n");
        builder.Append("# Written by `govcfct org lock` from an organization snapshot: OU paths to ids for Control Tower controls.\n");
        builder.Append("# Review changes like a package lock; regenerate when OUs are created, moved or first receive accounts.\n");
        builder.Append("organization_id: ").Append(sorted.OrganizationId ?? string.Empty).Append('\n');
        builder.Append("management_account_id: \"").Append(sorted.ManagementAccountId).Append("\"\n");
        builder.Append("root_id: ").Append(sorted.RootId).Append('\n');
        builder.Append("organizational_units:\n");
        foreach (var ou in sorted.OrganizationalUnits)
        {
            builder.Append("  - path: ").Append(Quote(ou.Path)).Append('\n');
            builder.Append("    id: ").Append(ou.Id).Append('\n');
            if (holders.Contains(ou.Id))
            {
                builder.Append("    holds_accounts: true\n");
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
                ? new Diagnostic(DiagnosticCodes.OrgLockStale, $"{orgLock.DisplayPath} is stale: {message}", new SourceLocation(orgLock.DisplayPath, 1, 1), "regenerate it: govcfct org lock --org <snapshot> --out <definition>/org-lock.yaml, and review the diff")
                : new Diagnostic(DiagnosticCodes.OrgLockMissingOu, $"{orgLock.DisplayPath} does not list {message}", new SourceLocation(orgLock.DisplayPath, 1, 1), "regenerate the lock with govcfct org lock when the definition should use this OU"));
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
