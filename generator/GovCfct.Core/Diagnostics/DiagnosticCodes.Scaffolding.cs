namespace GovCfct.Core.Diagnostics;

/// <summary>Codes of `govcfct init` (the governance repository scaffold), GCF6200-6299; documented in docs/diagnostics/scaffolding.md.</summary>
public static partial class DiagnosticCodes
{
    /// <summary>A file init would write exists already; nothing is written.</summary>
    public static readonly DiagnosticDescriptor ScaffoldFileExists = new(
        "GCF6201",
        Severity.Error,
        DiagnosticPage.Scaffolding,
        "A file init would write (`manifest/organization.yaml`, `buildspec.yml`, `.config/dotnet-tools.json`, ...) exists already.",
        "Run `govcfct init` in a new or empty folder, or move the file away.");
}
