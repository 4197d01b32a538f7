namespace GovCfct.Core.Diagnostics;

/// <summary>Organization snapshot codes (GCF3000-3099), documented in docs/diagnostics/organization.md.</summary>
public static partial class DiagnosticCodes
{
    /// <summary>The snapshot file is not valid JSON or does not have the snapshot's members and types.</summary>
    public static readonly DiagnosticDescriptor SnapshotInvalid = new(
        "GCF3001",
        Severity.Error,
        DiagnosticPage.Organization,
        "The snapshot file is not valid JSON, or a member is missing, unknown or of the wrong type. The location is the line and column of the problem.",
        "Take the snapshot again with `govcfct org snapshot --out FILE` rather than editing it by hand.");

    /// <summary>The snapshot's formatVersion is not one this GovCfct reads.</summary>
    public static readonly DiagnosticDescriptor SnapshotUnsupportedVersion = new(
        "GCF3002",
        Severity.Error,
        DiagnosticPage.Organization,
        "The snapshot's `formatVersion` is not the one this GovCfct reads.",
        "Take a new snapshot with this GovCfct version.");

    /// <summary>The snapshot contradicts itself (duplicate id, unknown parent, path not matching the tree).</summary>
    public static readonly DiagnosticDescriptor SnapshotInconsistent = new(
        "GCF3003",
        Severity.Error,
        DiagnosticPage.Organization,
        "The snapshot contradicts itself: an id appears twice, an OU or account has a parent that is not in the snapshot, an OU path does not match the tree, or a policy is attached to an unknown target. Every such problem is listed.",
        "Take a new snapshot; a truncated or hand-merged file is the usual cause.");

    /// <summary>A policy type could not be read from AWS (not enabled, or not supported by the endpoint); the snapshot lacks it.</summary>
    public static readonly DiagnosticDescriptor SnapshotPolicyTypeUnavailable = new(
        "GCF3010",
        Severity.Warning,
        DiagnosticPage.Organization,
        "A policy type (SCP or RCP) could not be read from AWS (not enabled, or not supported by the endpoint); the snapshot has none of that type.",
        "Enable the policy type in the organization if you use it; otherwise ignore.");

    /// <summary>The organization has more than one root; GovCfct snapshots the first.</summary>
    public static readonly DiagnosticDescriptor SnapshotMultipleRoots = new(
        "GCF3011",
        Severity.Warning,
        DiagnosticPage.Organization,
        "The organization reports more than one root; only the first (by id) is in the snapshot.",
        "None normally; AWS organizations have one root.");

    /// <summary>The snapshot has no organization id, so no org lock (OU ARNs) can be written from it.</summary>
    public static readonly DiagnosticDescriptor SnapshotWithoutOrganizationId = new(
        "GCF3040",
        Severity.Error,
        DiagnosticPage.Organization,
        "The snapshot has no organization id, so `govcfct org lock` cannot write OU ARNs from it.",
        "Take a new snapshot with `govcfct org snapshot`.");

    /// <summary>The org lock no longer matches the live organization: an OU re-created, removed, or newly holding accounts.</summary>
    public static readonly DiagnosticDescriptor OrgLockStale = new(
        "GCF3041",
        Severity.Error,
        DiagnosticPage.Organization,
        "`org-lock.yaml` no longer matches the live organization (`plan`, `validate --org`, `status --definition`): a locked OU was removed or re-created with a new id, an OU now holds accounts the lock does not know of (they would miss detective Control Tower controls), or the organization or management account differs.",
        "Regenerate the lock with `govcfct org lock` and review the diff.");

    /// <summary>The live organization has an OU that the org lock does not list (warning).</summary>
    public static readonly DiagnosticDescriptor OrgLockMissingOu = new(
        "GCF3042",
        Severity.Warning,
        DiagnosticPage.Organization,
        "The live organization has an OU that `org-lock.yaml` does not list.",
        "Regenerate the lock when the definition should use the OU.");
}
