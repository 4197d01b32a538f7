namespace GovCfct.Core.Diagnostics.Output;

/// <summary>How a command prints its findings: compiler form for people and logs, JSON or SARIF for machines.</summary>
public enum DiagnosticFormat
{
    Text,
    Json,
    Sarif,
}
