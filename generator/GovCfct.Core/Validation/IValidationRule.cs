using GovCfct.Core.Diagnostics;

namespace GovCfct.Core.Validation;

/// <summary>One small check over a package; every rule runs, none stops the others.</summary>
public interface IValidationRule
{
    /// <summary>The diagnostic codes this rule can report (for SARIF rule lists and the docs test).</summary>
    IReadOnlyList<DiagnosticDescriptor> Codes { get; }

    void Check(PackageContext context, DiagnosticBag diagnostics);
}
