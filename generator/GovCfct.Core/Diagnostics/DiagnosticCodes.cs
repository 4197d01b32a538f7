namespace GovCfct.Core.Diagnostics;

/// <summary>
/// Every diagnostic code, one range per stage. Each stage keeps its codes in its own partial file
/// (<c>DiagnosticCodes.&lt;Stage&gt;.cs</c>); every code is documented in docs/diagnostics.md.
/// Ranges:
///   GCF1000-1199 definition (manifest/ YAML)      GCF1200-1399 catalog (templates/)
///   GCF1400-1599 resolution (inheritance, OUs)    GCF1600-1699 rendering (Scriban)
///   GCF1700-1899 packaging (SCP packing, lockout) GCF2000-2999 package validation
///   GCF3000-3499 organization snapshot, planning  GCF3500-3599 deployed state (status)
///   GCF4000-4499 AWS access, publishing
///   GCF5000-5199 CDK synthesis                    GCF6000-6199 account requests (CSV)
///   GCF6200-6299 repository scaffold (init)
///   GCF9000-9099 command line and internal
/// </summary>
public static partial class DiagnosticCodes
{
    /// <summary>An argument or option on the command line is wrong.</summary>
    public const string UsageError = "GCF9001";

    /// <summary>A file or folder could not be read or written.</summary>
    public const string IoError = "GCF9002";

    /// <summary>A bug: an unexpected exception. Details with --verbose.</summary>
    public const string InternalError = "GCF9099";
}
