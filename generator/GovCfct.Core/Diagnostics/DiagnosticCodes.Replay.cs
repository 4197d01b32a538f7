namespace GovCfct.Core.Diagnostics;

/// <summary>Replay codes (GCF7000-7099), documented in docs/diagnostics/replay.md.</summary>
public static partial class DiagnosticCodes
{
    /// <summary>A CloudTrail log file cannot be read: not gzip, not JSON, or cut off.</summary>
    public static readonly DiagnosticDescriptor ReplayTrailUnreadable = new(
        "GCF7001",
        Severity.Error,
        DiagnosticPage.Replay,
        "A CloudTrail log file cannot be read: it is not gzip, not JSON of the `{\"Records\":[...]}` shape (or JSON lines from an Athena UNLOAD), or it is cut off. Its other records are not replayed, so the verdicts are incomplete.",
        "Check the file with `zcat FILE | python3 -m json.tool`; remove a partly copied file and copy it again.");

    /// <summary>The trail source holds no record in the window (or none for the account/OU filters).</summary>
    public static readonly DiagnosticDescriptor ReplayNoRecords = new(
        "GCF7002",
        Severity.Warning,
        DiagnosticPage.Replay,
        "The trail source holds no CloudTrail record in the window (after the `--account`/`--ou` filters): the replay has no evidence, and \"nothing newly denied\" means nothing.",
        "Point `--trail` at the organization trail's `AWSLogs/` prefix (or a copy of it), and widen `--since`/`--until`.");

    /// <summary>The trail folder or S3 location does not exist.</summary>
    public static readonly DiagnosticDescriptor ReplayTrailMissing = new(
        "GCF7003",
        Severity.Error,
        DiagnosticPage.Replay,
        "`--trail` names a folder that does not exist, or an `s3://` location that is not `s3://BUCKET[/PREFIX]`.",
        "Give a local folder of `.json.gz` files or `s3://BUCKET/PREFIX` of the log-archive bucket.");

    /// <summary>--fail-on newly-denied: calls that worked would be denied by the new policies.</summary>
    public static readonly DiagnosticDescriptor ReplayNewlyDenied = new(
        "GCF7010",
        Severity.Error,
        DiagnosticPage.Replay,
        "`--fail-on newly-denied` (or `maybe-newly-denied`): calls recorded in the window would be denied by the new SCPs/RCPs.",
        "Read the report's newly denied groups: exempt the role that needs the calls, or confirm with the owners that the calls must stop, then approve with `--fail-on none`.");

    /// <summary>A recorded SCP/RCP denial is not denied by the previous package.</summary>
    public static readonly DiagnosticDescriptor ReplayCalibrationDisagreement = new(
        "GCF7011",
        Severity.Warning,
        DiagnosticPage.Replay,
        "CloudTrail recorded a call denied by an SCP or RCP that the previous package does not deny: a policy outside the package (attached by hand or by another tool), an action mapping gap, or an evaluator gap. Verdicts for those roles are less certain.",
        "Look up the policy id in the message (`aws organizations describe-policy --policy-id p-...`); if the package does not own it, its denials are outside this replay.");

    /// <summary>Previous and new package resolve to the same effective policies: nothing can change.</summary>
    public static readonly DiagnosticDescriptor ReplayNoDiffSurface = new(
        "GCF7012",
        Severity.Info,
        DiagnosticPage.Replay,
        "The previous and the new package give every account the same effective SCP and RCP statements: no call's verdict can change, and only the calibration was replayed.",
        "Nothing to do; give `--previous` the package that is deployed today if this is unexpected.");
}
