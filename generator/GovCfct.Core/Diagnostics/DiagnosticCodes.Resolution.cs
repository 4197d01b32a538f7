namespace GovCfct.Core.Diagnostics;

/// <summary>Resolution (GCF1400-1499) and packaging (GCF1500-1599) codes; documented in docs/diagnostics/resolution.md and packaging.md.</summary>
public static partial class DiagnosticCodes
{
    /// <summary>An assignment or opt-out names a control id the catalog does not have.</summary>
    public const string UnknownControl = "GCF1401";

    /// <summary>An assignment sets a parameter the control does not declare.</summary>
    public const string UnknownAssignmentParameter = "GCF1402";

    /// <summary>An OU- or organization-level parameter is used by no control assigned in its subtree.</summary>
    public const string UnusedParameter = "GCF1403";

    /// <summary>A required control parameter has no value at some OU.</summary>
    public const string MissingRequiredParameter = "GCF1404";

    /// <summary>A parameter value does not match the declared type, pattern or allowed values.</summary>
    public const string InvalidParameterValue = "GCF1405";

    /// <summary>An OU opts out of a control that it does not inherit.</summary>
    public const string OptOutNotInherited = "GCF1406";

    /// <summary>A policy cannot be attached at an OU because a child differs; accounts directly in that OU go without it.</summary>
    public const string PolicyNotOnOuAccounts = "GCF1407";

    /// <summary>An SCP or RCP is assigned to an account; CfCT attaches policies to OUs only, so only stack sets may target accounts.</summary>
    public const string AccountControlNotStackSet = "GCF1408";

    /// <summary>An OU- or organization-level parameter name is declared by no control in the catalog (a typo whose value would be lost).</summary>
    public const string UnknownParameter = "GCF1409";

    /// <summary>A stack-set parameter value contains a comma, which CfCT would split into a list.</summary>
    public const string CommaInParameterValue = "GCF1501";

    /// <summary>A manifest resource name is not <c>[A-Za-z][A-Za-z0-9-]*</c> or longer than 109 characters.</summary>
    public const string InvalidResourceName = "GCF1502";


    /// <summary>A CDK control is assigned but no CDK template source is available.</summary>
    public const string CdkSourceMissing = "GCF1504";

    /// <summary>A control's template could not be rendered (the renderer or synthesizer gave no text).</summary>
    public const string RenderFailed = "GCF1505";

    /// <summary>The output folder could not be written; the previous output is left as it was.</summary>
    public const string OutputWriteFailed = "GCF1508";

    /// <summary>An OU name cannot be addressed by CfCT (contains ':' or is empty).</summary>
    public const string UnaddressableOu = "GCF1509";

    /// <summary>Info: the build deploys to the management account, which needs an AWSControlTowerExecution role CfCT can assume.</summary>
    public const string ManagementAccountNeedsExecutionRole = "GCF1510";
}
