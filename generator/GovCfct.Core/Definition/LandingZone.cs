using System.Collections.Immutable;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Core.Definition;

/// <summary>
/// The Control Tower landing zone the definition deploys into (organization.yaml <c>landing_zone</c>): which account
/// plays which role. Since landing zone 3.0 the organization trail and its CloudWatch Logs group exist only in the
/// management account (docs/facts/landing-zone.md §3); the audit account is the delegated administrator for GuardDuty and
/// Security Hub (§5.1) and the home of central alerting; the log archive holds Control Tower's buckets (§3).
/// </summary>
public sealed record LandingZone(
    string AuditAccountId,
    string LogArchiveAccountId,
    string TrailLogGroup,
    int MaxConcurrentControlOperations,
    SourceLocation Location)
{
    /// <summary>Control Tower's organization-trail log group (docs/facts/landing-zone.md §3); a suffix is possible, so it is a setting.</summary>
    public const string DefaultTrailLogGroup = "aws-controltower/CloudTrailLogs";

    /// <summary>Control Tower runs up to 10 control operations at once (docs/facts/landing-zone.md §1.4); half leaves room for the console.</summary>
    public const int DefaultMaxConcurrentControlOperations = 5;

    /// <summary>The documented ceiling of concurrent control operations (docs/facts/landing-zone.md §1.4, design for 10).</summary>
    public const int MaxControlOperations = 10;

    /// <summary>
    /// <c>auto</c> chooses Control Tower's per-OU detective controls only up to this many enablements: 100 stays far
    /// below CloudFormation's 500 resources per stack and keeps Control Tower's operation queue short (docs/landing-zone.md).
    /// </summary>
    public const int DefaultMaxControlTowerDetectiveEnablements = 100;

    /// <summary>How detective controls reach accounts (organization.yaml <c>landing_zone.detective_mechanism</c>).</summary>
    public DetectiveMechanism DetectiveMechanism { get; init; } = DetectiveMechanism.Auto;

    /// <summary>The largest per-OU enablement count for which <c>auto</c> chooses Control Tower.</summary>
    public int MaxControlTowerDetectiveEnablements { get; init; } = DefaultMaxControlTowerDetectiveEnablements;
}

/// <summary>
/// How a detective Control Tower control reaches accounts: <see cref="ControlTower"/> enables it on every OU that holds
/// accounts (one EnabledControl each, not inherited); <see cref="Organization"/> deploys its AWS Config managed rule in
/// an organization conformance pack from the management account, which reaches every member account, future ones
/// included; <see cref="Auto"/> lets the build choose from the enablement count.
/// </summary>
public enum DetectiveMechanism
{
    Auto,
    Organization,
    ControlTower,
}

/// <summary>
/// The org lock (<c>org-lock.yaml</c> beside organization.yaml): OU path → OU id and the organization id, written by
/// <c>govcfct org lock</c> from a snapshot and reviewed like a package lock. Control Tower controls target OU ARNs,
/// which names cannot give; the lock keeps builds offline and deterministic.
/// </summary>
public sealed record OrgLock(
    string OrganizationId,
    string ManagementAccountId,
    string RootId,
    ImmutableSortedDictionary<string, LockedOu> Ous,
    string DisplayPath)
{
    /// <summary>The lock file's name in the definition folder.</summary>
    public const string FileName = "org-lock.yaml";

    /// <summary>The absolute folder <see cref="DisplayPath"/> is relative to (<see cref="SourceLocation.Root"/>); null when it is relative to the current directory.</summary>
    public string? Root { get; init; }

    /// <summary>The lock's first line, where findings about the whole lock are reported.</summary>
    public SourceLocation Location => new(DisplayPath, 1, 1) { Root = Root };

    /// <summary>Accounts directly under the root (in no OU) when locked, sorted; organization-wide rules reach them too.</summary>
    public ImmutableArray<string> RootAccounts { get; init; } = [];

    /// <summary>
    /// Where the lock says <c>example: true</c>: the example GovCfct ships, whose ids belong to no organization
    /// (<c>govcfct org lock</c> never writes the key); null for a lock written from an organization.
    /// </summary>
    public SourceLocation? Example { get; init; }

    /// <summary>The OU ARN Control Tower takes as TargetIdentifier (docs/facts/landing-zone.md §1.1).</summary>
    public string OuArn(LockedOu ou) => $"arn:aws:organizations::{ManagementAccountId}:ou/{OrganizationId}/{ou.Id}";
}

/// <summary>One OU of the lock; <see cref="HoldsAccounts"/> says whether accounts lived directly in it when locked.</summary>
public sealed record LockedOu(string Path, string Id, bool HoldsAccounts, SourceLocation Location)
{
    /// <summary>
    /// The ids of the accounts directly in the OU when locked (sorted); default (not empty) when the lock predates
    /// account lists and the OU holds accounts: then they are unknown and organization-wide exclusions cannot be made.
    /// </summary>
    public ImmutableArray<string> Accounts { get; init; } = [];

    /// <summary>False when the OU holds accounts but the lock does not list them (written before account lists).</summary>
    public bool AccountsKnown => !HoldsAccounts || !Accounts.IsEmpty;
}
