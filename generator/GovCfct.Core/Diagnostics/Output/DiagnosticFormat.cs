namespace GovCfct.Core.Diagnostics.Output;

/// <summary>How a command prints its findings: compiler form for people and logs, JSON or SARIF for machines, JUnit for CodeBuild report groups.</summary>
public enum DiagnosticFormat
{
    Text,
    Json,
    Sarif,
    Junit,
}
