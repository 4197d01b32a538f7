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

    /// <summary>The organization (or the built package) exceeds an AWS quota from organization.yaml <c>limits:</c>.</summary>
    public static readonly DiagnosticDescriptor QuotaExceeded = new(
        "GCF3060",
        Severity.Error,
        DiagnosticPage.Organization,
        "`validate --org` or `plan`: the organization or the package is beyond an AWS quota that bounds this design (accounts per landing zone, OUs per organization, accounts directly in one OU, OU depth, stack instances per stack set, organization Config rules or conformance packs, `ExcludedAccounts`, resources per stack). The message names the quota, the count, the limit and its public source.",
        "Reduce the count below the quota (split the organization, move accounts, fewer OUs), or, where AWS raised the quota for this organization, set the granted value under `limits:` in organization.yaml (docs/landing-zone.md, \"Limits\").");

    /// <summary>The organization (or the built package) has reached 90 % of an AWS quota.</summary>
    public static readonly DiagnosticDescriptor QuotaNear = new(
        "GCF3061",
        Severity.Warning,
        DiagnosticPage.Organization,
        "`validate --org` or `plan`: the organization or the package uses 90 % or more of an AWS quota that bounds this design; the next accounts or OUs will hit it.",
        "Plan for the quota now: request an increase where it is adjustable, or reshape the organization before it is reached.");

    /// <summary>A value under organization.yaml <c>limits:</c> is below 1.</summary>
    public static readonly DiagnosticDescriptor InvalidOrganizationLimit = new(
        "GCF3062",
        Severity.Error,
        DiagnosticPage.Organization,
        "A value under `limits:` in organization.yaml is below 1: every quota and duration is a whole number of at least 1.",
        "Leave the key out to use AWS's published value, or write the value AWS granted the organization.");
}
