namespace GovCfct.Core.Diagnostics;

/// <summary>Status codes of service-managed member stack sets (GCF3530-3539); documented in docs/diagnostics/status.md.</summary>
public static partial class DiagnosticCodes
{
    /// <summary>StackSets' trusted access with Organizations is not activated.</summary>
    public static readonly DiagnosticDescriptor StackSetsTrustedAccessDisabled = new(
        "GCF3530",
        Severity.Warning,
        DiagnosticPage.Status,
        "The package has service-managed member stack sets, but StackSets' trusted access with AWS Organizations is not activated (`DescribeOrganizationsAccess` says `DISABLED`): the management-account stack cannot create them, and automatic deployment never reaches new accounts.",
        "In the management account, home region: `aws cloudformation activate-organizations-access` (all features must be enabled in Organizations; [landing-zone.md](../landing-zone.md#member-stack-sets)).");

    /// <summary>StackSets' trusted access could not be read.</summary>
    public static readonly DiagnosticDescriptor StackSetsTrustedAccessUnknown = new(
        "GCF3531",
        Severity.Warning,
        DiagnosticPage.Status,
        "StackSets' trusted access with AWS Organizations could not be read (permission missing, not the management account); the report still reads the service-managed stack sets' instances.",
        "Run status in the management account with `cloudformation:DescribeOrganizationsAccess` allowed.");
}
