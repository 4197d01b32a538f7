using System.Collections.Immutable;

namespace GovCfct.Core.Organization;

/// <summary>
/// The organization as read from AWS Organizations (<c>govcfct org snapshot</c>), stored as JSON so that
/// validate and plan work offline. OU paths are CfCT's form (<c>A:B:C</c>, no Root).
/// </summary>
public sealed record OrgSnapshot(
    string? OrganizationId,
    string ManagementAccountId,
    string RootId,
    ImmutableArray<OrgUnit> OrganizationalUnits,
    ImmutableArray<OrgAccount> Accounts,
    ImmutableArray<OrgPolicy> Policies)
{
    public const int FormatVersion = 1;
}

public sealed record OrgUnit(string Id, string Name, string ParentId, string Path);

/// <summary>
/// An account; <see cref="Status"/> is Organizations' (ACTIVE, SUSPENDED, PENDING_CLOSURE). <see cref="Joined"/> is
/// when it joined the organization (status uses it to prove the new-account path); null in snapshots without it.
/// </summary>
public sealed record OrgAccount(string Id, string Name, string Email, string Status, string ParentId, DateTimeOffset? Joined = null);

/// <summary>A policy and the targets (root, OU or account ids) it is attached to.</summary>
public sealed record OrgPolicy(string Id, string Name, string Type, bool AwsManaged, ImmutableArray<string> Targets)
{
    /// <summary>The policy document as Organizations holds it (DescribePolicy); null when the snapshot did not read it (AWS-managed, or an older snapshot).</summary>
    public string? Content { get; init; }
}
