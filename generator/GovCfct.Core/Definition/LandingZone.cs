using System.Collections.Immutable;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Core.Definition;

/// <summary>
/// The Control Tower landing zone the definition deploys into (organization.yaml <c>landing_zone</c>): which account
/// plays which role. Since landing zone 3.0 the organization trail and its CloudWatch Logs group exist only in the
/// management account (LANDING-ZONE-FACTS §3); the audit account is the delegated administrator for GuardDuty and
/// Security Hub (§5.1) and the home of central alerting; the log archive holds Control Tower's buckets (§1.3).
/// </summary>
public sealed record LandingZone(
    string AuditAccountId,
    string LogArchiveAccountId,
    string TrailLogGroup,
    int MaxConcurrentControlOperations,
    SourceLocation Location)
{
    /// <summary>Control Tower's organization-trail log group (facts §3); a suffix is possible, so it is a setting.</summary>
    public const string DefaultTrailLogGroup = "aws-controltower/CloudTrailLogs";

    /// <summary>Control Tower runs up to 10 control operations at once (facts §1.4); half leaves room for the console.</summary>
    public const int DefaultMaxConcurrentControlOperations = 5;

    /// <summary>The documented ceiling of concurrent control operations (facts §1.4, design for 10).</summary>
    public const int MaxControlOperations = 10;
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

    /// <summary>The OU ARN Control Tower takes as TargetIdentifier (facts §1.1).</summary>
    public string OuArn(LockedOu ou) => $"arn:aws:organizations::{ManagementAccountId}:ou/{OrganizationId}/{ou.Id}";
}

/// <summary>One OU of the lock; <see cref="HoldsAccounts"/> says whether accounts lived directly in it when locked.</summary>
public sealed record LockedOu(string Path, string Id, bool HoldsAccounts, SourceLocation Location);
