namespace GovCfct.Core.Diagnostics;

/// <summary>Landing-zone rules of package validation (GCF2900-2919); documented in docs/diagnostics/validation.md.</summary>
public static partial class DiagnosticCodes
{
    /// <summary>A metric filter on Control Tower's organization-trail log group in a stack set for member accounts.</summary>
    public static readonly DiagnosticDescriptor MemberMetricFilterOnTrail = new(
        "GCF2900",
        Severity.Error,
        DiagnosticPage.Validation,
        "A stack set that reaches member accounts (an OU target, or an account other than the management account) puts a metric filter on Control Tower's organization-trail log group `aws-controltower/CloudTrailLogs` (literal, or through a parameter). Since landing zone 3.0 that log group exists only in the management account, so every instance fails and CfCT stops at this resource (docs/facts/landing-zone.md §3).",
        "Put the metric filter in one stack for the management account, home region, or forward events with EventBridge ([landing-zone.md](../landing-zone.md)).");

    /// <summary>A GuardDuty detector, Security Hub hub or Config recorder in a stack set that targets member OUs.</summary>
    public static readonly DiagnosticDescriptor MemberSecurityServiceResource = new(
        "GCF2901",
        Severity.Error,
        DiagnosticPage.Validation,
        "`AWS::GuardDuty::Detector`, `AWS::SecurityHub::Hub` or `AWS::Config::ConfigurationRecorder` in a stack set that targets member OUs. The delegated administrator's auto-enable or Control Tower already created it (\"a detector already exists\"), and under Security Hub central configuration only the delegated administrator configures members (§5).",
        "Configure GuardDuty and Security Hub organization-wide from the audit account; Control Tower owns the Config recorder.");

    /// <summary><c>AWS::ControlTower::EnabledControl</c> in a stack set that does not target the management account alone.</summary>
    public static readonly DiagnosticDescriptor EnabledControlOutsideManagement = new(
        "GCF2902",
        Severity.Error,
        DiagnosticPage.Validation,
        "`AWS::ControlTower::EnabledControl` in a stack set that targets OUs, several accounts, or (with `--org`) an account other than the management account. Control Tower accepts control operations only from the management account (§1.1, CfCT issue #167).",
        "Deploy Control Tower controls in one stack set that targets the management account alone, home region.");

    /// <summary>A resource named like Control Tower's own (<c>aws-controltower-*</c>, <c>*AWSControlTower*</c>).</summary>
    public static readonly DiagnosticDescriptor ControlTowerReservedName = new(
        "GCF2903",
        Severity.Error,
        DiagnosticPage.Validation,
        "A resource is named like Control Tower's own (`aws-controltower-*`, `*AWSControlTower*`): its mandatory controls deny creating such roles, topics, rules, functions and log groups to anyone but `AWSControlTowerExecution` (§2.3).",
        "Name it with your own prefix, `<prefix>-<control>-<what>`.");

    /// <summary>An e-mail subscription in a stack set with more than a handful of instances (warning).</summary>
    public static readonly DiagnosticDescriptor EmailSubscriptionAtScale = new(
        "GCF2904",
        Severity.Warning,
        DiagnosticPage.Validation,
        "An e-mail subscription (protocol `email` or `email-json`, as `AWS::SNS::Subscription` or a topic's `Subscription`) in a stack set with more than 5 stack instances: accounts listed, plus the accounts of the listed OUs (counted in the `--org` snapshot, otherwise one per OU), times the regions. Each needs a human to confirm it within 48 hours or SNS deletes it; new accounts are never confirmed (§6).",
        "Send alerts to one topic in the audit account with one confirmed subscription.");
}
