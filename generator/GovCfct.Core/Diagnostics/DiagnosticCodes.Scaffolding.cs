namespace GovCfct.Core.Diagnostics;

/// <summary>Codes of `govcfct init` (the governance repository scaffold), GCF6200-6299; documented in docs/diagnostics/scaffolding.md.</summary>
public static partial class DiagnosticCodes
{
    /// <summary>A file init would write exists already; nothing is written.</summary>
    public const string ScaffoldFileExists = "GCF6201";
}
