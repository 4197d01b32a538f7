namespace GovCfct.Core.Diagnostics;

/// <summary>Organization snapshot codes (GCF3000-3099), documented in docs/diagnostics/organization.md.</summary>
public static partial class DiagnosticCodes
{
    /// <summary>The snapshot file is not valid JSON or does not have the snapshot's members and types.</summary>
    public const string SnapshotInvalid = "GCF3001";

    /// <summary>The snapshot's formatVersion is not one this GovCfct reads.</summary>
    public const string SnapshotUnsupportedVersion = "GCF3002";

    /// <summary>The snapshot contradicts itself (duplicate id, unknown parent, path not matching the tree).</summary>
    public const string SnapshotInconsistent = "GCF3003";

    /// <summary>A policy type could not be read from AWS (not enabled, or not supported by the endpoint); the snapshot lacks it.</summary>
    public const string SnapshotPolicyTypeUnavailable = "GCF3010";

    /// <summary>The organization has more than one root; GovCfct snapshots the first.</summary>
    public const string SnapshotMultipleRoots = "GCF3011";

    /// <summary>The snapshot has no organization id, so no org lock (OU ARNs) can be written from it.</summary>
    public const string SnapshotWithoutOrganizationId = "GCF3040";

    /// <summary>The org lock no longer matches the live organization: an OU re-created, removed, or newly holding accounts.</summary>
    public const string OrgLockStale = "GCF3041";

    /// <summary>The live organization has an OU that the org lock does not list (warning).</summary>
    public const string OrgLockMissingOu = "GCF3042";
}
