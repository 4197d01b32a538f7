namespace GovCfct.Core.Diagnostics;

/// <summary>Status codes (GCF3500-3599), documented in docs/diagnostics/status.md.</summary>
public static partial class DiagnosticCodes
{
    /// <summary>A saved status JSON (for plan --deployed or status --deployed-from) cannot be read.</summary>
    public const string StatusFileUnreadable = "GCF3501";

    /// <summary>An EnabledControl resource in the package has no literal control ARN or OU ARN: its expected state is unknown.</summary>
    public const string StatusControlNotLiteral = "GCF3502";

    /// <summary>Control Tower controls could not be read (API not reachable or not allowed): the report leaves them out.</summary>
    public const string StatusControlsUnavailable = "GCF3503";

    /// <summary>status --watch gave up before CfCT's pipeline and its stack set operations finished.</summary>
    public const string StatusWatchTimedOut = "GCF3510";

    /// <summary>CfCT's pipeline run failed while status --watch followed it.</summary>
    public const string StatusPipelineFailed = "GCF3511";
}
