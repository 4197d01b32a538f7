namespace GovCfct.Core.Diagnostics;

/// <summary>Landing-zone rules of package validation (GCF2900-2919); documented in docs/diagnostics/validation.md.</summary>
public static partial class DiagnosticCodes
{
    /// <summary>A metric filter on Control Tower's organization-trail log group in a stack set for member accounts.</summary>
    public const string MemberMetricFilterOnTrail = "GCF2900";

    /// <summary>A GuardDuty detector, Security Hub hub or Config recorder in a stack set that targets member OUs.</summary>
    public const string MemberSecurityServiceResource = "GCF2901";

    /// <summary><c>AWS::ControlTower::EnabledControl</c> in a stack set that does not target the management account alone.</summary>
    public const string EnabledControlOutsideManagement = "GCF2902";

    /// <summary>A resource named like Control Tower's own (<c>aws-controltower-*</c>, <c>*AWSControlTower*</c>).</summary>
    public const string ControlTowerReservedName = "GCF2903";

    /// <summary>An e-mail subscription in a stack set with more than a handful of instances (warning).</summary>
    public const string EmailSubscriptionAtScale = "GCF2904";
}
