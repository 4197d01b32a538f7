namespace GovCfct.Core.Diagnostics;

/// <summary>Status codes (GCF3500-3599), documented in docs/diagnostics/status.md.</summary>
public static partial class DiagnosticCodes
{
    /// <summary>A saved status JSON (for plan --deployed or status --deployed-from) cannot be read.</summary>
    public static readonly DiagnosticDescriptor StatusFileUnreadable = new(
        "GCF3501",
        Severity.Error,
        DiagnosticPage.Status,
        "A status JSON given to `--deployed` cannot be read: missing, not JSON, or not a status report of schema version 1 with a `deployed` section.",
        "Write it with `govcfct status --format json --out FILE`, or use `--deployed live`.");

    /// <summary>An EnabledControl resource in the package has no literal control ARN or OU ARN: its expected state is unknown.</summary>
    public static readonly DiagnosticDescriptor StatusControlNotLiteral = new(
        "GCF3502",
        Severity.Warning,
        DiagnosticPage.Status,
        "An `AWS::ControlTower::EnabledControl` in the package has no literal `ControlIdentifier`, or its `TargetIdentifier` is not a literal OU ARN: status cannot tell which OU must have it and skips it.",
        "Render the control ARN and the OU ARN as plain strings (the org lock file has the OU ids).");

    /// <summary>Control Tower controls could not be read (API not reachable or not allowed): the report leaves them out.</summary>
    public static readonly DiagnosticDescriptor StatusControlsUnavailable = new(
        "GCF3503",
        Severity.Warning,
        DiagnosticPage.Status,
        "Control Tower's enabled controls could not be read (wrong region, permission missing, service unavailable); the report leaves Control Tower controls out rather than calling them missing.",
        "Run in the Control Tower home region of the management account with `controltower:ListEnabledControls` allowed.");

    /// <summary>status --watch gave up before CfCT's pipeline and its stack set operations finished.</summary>
    public static readonly DiagnosticDescriptor StatusWatchTimedOut = new(
        "GCF3510",
        Severity.Warning,
        DiagnosticPage.Status,
        "`status --watch` gave up before CfCT's pipeline and its stack set operations finished; the verdict is of that moment.",
        "Run `govcfct status` again when the pipeline has finished.");

    /// <summary>CfCT's pipeline run failed while status --watch followed it.</summary>
    public static readonly DiagnosticDescriptor StatusPipelineFailed = new(
        "GCF3511",
        Severity.Error,
        DiagnosticPage.Status,
        "CfCT's pipeline ended with a failed stage while `status --watch` followed it.",
        "Open the failed stage in CodePipeline (CodeBuild logs for Build, the Step Functions execution for SCP/StackSet).");
}
