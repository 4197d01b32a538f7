namespace GovCfct.Core.Diagnostics;

/// <summary>Resolution (GCF1400-1499) and packaging (GCF1500-1599) codes; documented in docs/diagnostics/resolution.md and packaging.md.</summary>
public static partial class DiagnosticCodes
{
    /// <summary>An assignment or opt-out names a control id the catalog does not have.</summary>
    public static readonly DiagnosticDescriptor UnknownControl = new(
        "GCF1401",
        Severity.Error,
        DiagnosticPage.Resolution,
        "An assignment (`controls:`) or an opt-out (`exemptions:`) names a control id the catalog does not have. The hint names the nearest ids (\"did you mean\").",
        "Use an id listed by `govcfct controls` (the folder names under `templates/`), or remove the entry.");

    /// <summary>An assignment sets a parameter the control does not declare.</summary>
    public static readonly DiagnosticDescriptor UnknownAssignmentParameter = new(
        "GCF1402",
        Severity.Error,
        DiagnosticPage.Resolution,
        "An assignment sets a parameter the control does not declare, usually a typo. The hint lists the declared parameters.",
        "Fix the parameter name or remove it.");

    /// <summary>An OU- or organization-level parameter is used by no control assigned in its subtree.</summary>
    public static readonly DiagnosticDescriptor UnusedParameter = new(
        "GCF1403",
        Severity.Warning,
        DiagnosticPage.Resolution,
        "A parameter in an OU's `parameters` (or the organization's) is declared by some control in the catalog but by none in effect at that OU or below it, so it has no effect there.",
        "Remove it, or check its spelling against the controls' parameters.");

    /// <summary>A required control parameter has no value at some OU.</summary>
    public static readonly DiagnosticDescriptor MissingRequiredParameter = new(
        "GCF1404",
        Severity.Error,
        DiagnosticPage.Resolution,
        "A required control parameter (no catalog default) has no value at an OU: no assignment, OU, ancestor OU or organization sets it. The message names the OU.",
        "Set the parameter in the organization's `parameters`, in the OU's `parameters`, or on the assignment.");

    /// <summary>A parameter value does not match the declared type, pattern or allowed values.</summary>
    public static readonly DiagnosticDescriptor InvalidParameterValue = new(
        "GCF1405",
        Severity.Error,
        DiagnosticPage.Resolution,
        "A value does not match the parameter's type (list vs single value, number, `true`/`false`, e-mail, ARN), its pattern, or its allowed values. Reported at the value.",
        "Correct the value where it is set.");

    /// <summary>An OU opts out of a control that it does not inherit.</summary>
    public static readonly DiagnosticDescriptor OptOutNotInherited = new(
        "GCF1406",
        Severity.Error,
        DiagnosticPage.Resolution,
        "An OU opts out of a control it does not inherit (the control is not assigned on any ancestor, or an ancestor already opted out).",
        "Remove the opt-out, or assign the control on an ancestor OU.");

    /// <summary>A policy cannot be attached at an OU because a child differs; accounts directly in that OU go without it.</summary>
    public static readonly DiagnosticDescriptor PolicyNotOnOuAccounts = new(
        "GCF1407",
        Severity.Warning,
        DiagnosticPage.Resolution,
        "An SCP/RCP control in effect at an OU cannot be attached to that OU because a child OU opts out of it or uses other values; it is attached to the children that keep it, so accounts placed directly in the OU go without it.",
        "Keep accounts out of that OU (only in its children), or give every child the same control and values.");

    /// <summary>An SCP or RCP is assigned to an account; CfCT attaches policies to OUs only, so only stack sets may target accounts.</summary>
    public static readonly DiagnosticDescriptor AccountControlNotStackSet = new(
        "GCF1408",
        Severity.Error,
        DiagnosticPage.Resolution,
        "An SCP or RCP control is assigned to the management account or a named account in organization.yaml. CfCT attaches policies to OUs only (and they never apply to the management account).",
        "Remove the assignment; for a member account, assign the control to the OU that holds it.");

    /// <summary>An OU- or organization-level parameter name is declared by no control in the catalog (a typo whose value would be lost).</summary>
    public static readonly DiagnosticDescriptor UnknownParameter = new(
        "GCF1409",
        Severity.Error,
        DiagnosticPage.Resolution,
        "A parameter in an OU's `parameters` (or the organization's) is declared by no control in the catalog: a misspelt name, whose override would otherwise be lost without a word. The hint names the closest declared parameter.",
        "Correct the name (parameter names are case-sensitive), or remove it.");

    /// <summary>A stack-set parameter value contains a comma, which CfCT would split into a list.</summary>
    public static readonly DiagnosticDescriptor CommaInParameterValue = new(
        "GCF1501",
        Severity.Error,
        DiagnosticPage.Packaging,
        "A stack-set parameter value contains a comma. CfCT splits such values into lists (losing spaces) and then sees the stack set as changed on every run.",
        "Remove the comma from the value; for several items use a list parameter, which is rendered into the template.");

    /// <summary>A manifest resource name is not <c>[A-Za-z][A-Za-z0-9-]*</c> or longer than 109 characters.</summary>
    public static readonly DiagnosticDescriptor InvalidResourceName = new(
        "GCF1502",
        Severity.Error,
        DiagnosticPage.Packaging,
        "A manifest resource name is not `[A-Za-z][A-Za-z0-9-]*` or is longer than 109 characters (CfCT prefixes stack sets with `CustomControlTower-`, CloudFormation allows 128), or two resources would get the same name.",
        "Use a `resource_prefix` of letters, digits and hyphens that starts with a letter.");


    /// <summary>A CDK control is assigned but no CDK template source is available.</summary>
    public static readonly DiagnosticDescriptor CdkSourceMissing = new(
        "GCF1504",
        Severity.Error,
        DiagnosticPage.Packaging,
        "A control authored with CDK is assigned, but this build has no CDK synthesizer.",
        "Run the `govcfct` command line (it includes the CDK controls), or remove the assignment.");

    /// <summary>A control's template could not be rendered (the renderer or synthesizer gave no text).</summary>
    public static readonly DiagnosticDescriptor RenderFailed = new(
        "GCF1505",
        Severity.Error,
        DiagnosticPage.Packaging,
        "A control's template produced no text (the renderer or the CDK synthesis gave nothing without saying why).",
        "Check the control's template or construct.");

    /// <summary>The output folder could not be written; the previous output is left as it was.</summary>
    public static readonly DiagnosticDescriptor OutputWriteFailed = new(
        "GCF1508",
        Severity.Error,
        DiagnosticPage.Packaging,
        "The output folder could not be written (permissions, disk full, a file held open). Nothing was changed.",
        "Check that the folder and its parent are writable, then build again.");

    /// <summary>Info: the build deploys to the management account, which needs an AWSControlTowerExecution role CfCT can assume.</summary>
    public static readonly DiagnosticDescriptor ManagementAccountNeedsExecutionRole = new(
        "GCF1510",
        Severity.Info,
        DiagnosticPage.Packaging,
        "The package deploys stack sets to the management account (reported once per build, at `management_account`). The management account has no `AWSControlTowerExecution` role unless someone created it, and CfCT's stack instances there fail without it.",
        "Create the role `AWSControlTowerExecution` in the management account once, trusting `service-role/AWSControlTowerStackSetRole` (docs/definition.md, \"Management account and named accounts\").");
}
