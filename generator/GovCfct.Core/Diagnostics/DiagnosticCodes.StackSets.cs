namespace GovCfct.Core.Diagnostics;

/// <summary>Codes of service-managed member stack sets in packaging (GCF1870-1879); documented in docs/diagnostics/policies.md.</summary>
public static partial class DiagnosticCodes
{
    /// <summary>Member stack sets fall back to CfCT's listed-OU stack sets: no management account or no org lock.</summary>
    public static readonly DiagnosticDescriptor MemberStackSetsSelfManaged = new(
        "GCF1870",
        Severity.Warning,
        DiagnosticPage.Policies,
        "A stack-set control is assigned to OUs, but `organization.yaml` names no `management_account` or the definition has no `org-lock.yaml`: the package falls back to CfCT's own stack sets, which reach only the accounts directly in each listed OU and cover a new OU or account only after a rebuild and a CfCT run.",
        "Add `management_account` and `org-lock.yaml` (`govcfct org lock`): member stack sets then become service-managed stack sets with automatic deployment ([landing-zone.md](../landing-zone.md)).");

    /// <summary>An OU that a member stack set targets is not in org-lock.yaml.</summary>
    public static readonly DiagnosticDescriptor StackSetOuNotInOrgLock = new(
        "GCF1871",
        Severity.Error,
        DiagnosticPage.Policies,
        "An OU that service-managed member stack sets target is not in `org-lock.yaml`, so its id is unknown: usually an OU planned in the definition before it exists. Reported once per OU, naming the stack sets.",
        "Create the OU in Organizations and register it with Control Tower, take a snapshot, regenerate the lock with `govcfct org lock`, then open the pull request with the OU and the lock ([landing-zone](../landing-zone.md#a-new-ou-create-and-register-it-snapshot-lock-then-the-pull-request)).");

    /// <summary>A member stack set would deploy outside the governed regions.</summary>
    public static readonly DiagnosticDescriptor StackSetRegionNotGoverned = new(
        "GCF1872",
        Severity.Error,
        DiagnosticPage.Policies,
        "A stack-set control assigned to OUs lists a region outside `governed_regions`. Its service-managed instances run as `stacksets-exec-*`, which the landing zone's region deny does not exempt, so they may be denied there; global-service events (us-east-1) are caught from the organization trail in the management account instead.",
        "Remove the region from the control's `regions` (the default is every governed region), or govern the region in Control Tower.");

    /// <summary>A member template exceeds CloudFormation's TemplateBody limit.</summary>
    public static readonly DiagnosticDescriptor StackSetTemplateTooLarge = new(
        "GCF1873",
        Severity.Error,
        DiagnosticPage.Policies,
        "A member template is larger than the 51,200 bytes CloudFormation accepts as a stack set's `TemplateBody`; the management-account stack embeds it there.",
        "Make the control's template smaller (fewer or shorter resources), or split the control into two.");

    /// <summary>A member template uses a transform or macro, which service-managed stack sets reject.</summary>
    public static readonly DiagnosticDescriptor StackSetTemplateTransform = new(
        "GCF1874",
        Severity.Error,
        DiagnosticPage.Policies,
        "A member template declares `Transform` (a macro, `AWS::Serverless` included): StackSets cannot create or update a stack set from a template that uses macros.",
        "Expand the template (write the resources the transform would produce) and remove `Transform`.");

    /// <summary>Accounts directly in an OU do not get a member stack set because a child OU differs.</summary>
    public static readonly DiagnosticDescriptor StackSetNotOnOuAccounts = new(
        "GCF1875",
        Severity.Warning,
        DiagnosticPage.Policies,
        "A member stack set targets the child OUs of an OU instead of the OU itself, because a child opts out or uses other values: StackSets can only target whole subtrees, so accounts directly in the parent OU do not get it (the same rule as SCP attachment, GCF1407).",
        "Keep accounts out of the parent OU, or give every child the same control and values.");
}
