namespace GovCfct.Core.Diagnostics;

/// <summary>Codes of Control Tower controls in packaging (GCF1880-1899); documented in docs/diagnostics/policies.md.</summary>
public static partial class DiagnosticCodes
{
    /// <summary>Control Tower controls are assigned but organization.yaml names no management account.</summary>
    public static readonly DiagnosticDescriptor CtControlsNeedManagementAccount = new(
        "GCF1880",
        Severity.Error,
        DiagnosticPage.Policies,
        "Control Tower controls are assigned, but `organization.yaml` names no `management_account`: they are enabled by a stack in the management account.",
        "Add `management_account` and `landing_zone` (docs/landing-zone.md).");

    /// <summary>Control Tower controls are assigned but the definition has no org-lock.yaml to give OU ids.</summary>
    public static readonly DiagnosticDescriptor OrgLockMissing = new(
        "GCF1881",
        Severity.Error,
        DiagnosticPage.Policies,
        "Control Tower controls are assigned, but the definition has no `org-lock.yaml`: their targets are OU ARNs, which names cannot give.",
        "`govcfct org snapshot --out org.json`, then `govcfct org lock --org org.json --out manifest/org-lock.yaml`; review and commit the lock.");

    /// <summary>org-lock.yaml was written for another management account than organization.yaml names.</summary>
    public static readonly DiagnosticDescriptor OrgLockMismatch = new(
        "GCF1882",
        Severity.Error,
        DiagnosticPage.Policies,
        "`org-lock.yaml` was written for another management account than `management_account` names.",
        "Regenerate the lock from this organization's snapshot, or correct `management_account`.");

    /// <summary>An OU that gets a Control Tower control is not in org-lock.yaml.</summary>
    public static readonly DiagnosticDescriptor OuNotInOrgLock = new(
        "GCF1883",
        Severity.Error,
        DiagnosticPage.Policies,
        "An OU that gets Control Tower controls is not in `org-lock.yaml`, so its id is unknown: usually an OU planned in the definition before it exists. Reported once per OU, naming the controls and any member stack sets that target it.",
        "Create the OU in Organizations and register it with Control Tower, take a snapshot, regenerate the lock with `govcfct org lock`, then open the pull request with the OU and the lock ([landing-zone](../landing-zone.md#a-new-ou-create-and-register-it-snapshot-lock-then-the-pull-request)).");

    /// <summary>More Control Tower control enablements than one CloudFormation stack can hold (500 resources).</summary>
    public static readonly DiagnosticDescriptor TooManyCtControls = new(
        "GCF1884",
        Severity.Error,
        DiagnosticPage.Policies,
        "More Control Tower control enablements than one CloudFormation stack holds (500 resources).",
        "Enable detective controls on fewer OUs, or keep accounts in fewer OUs.");

    /// <summary>A Control Tower control allows a region Control Tower does not govern.</summary>
    public static readonly DiagnosticDescriptor CtRegionNotGoverned = new(
        "GCF1885",
        Severity.Error,
        DiagnosticPage.Policies,
        "A Control Tower control's `AllowedRegions` names a region Control Tower does not govern; Control Tower rejects it (docs/facts/landing-zone.md §1.6).",
        "Govern the region in the landing zone first, or remove it from `AllowedRegions`.");

    /// <summary>A preventive Control Tower control cannot sit on an OU holding accounts because an OU below opts out (warning).</summary>
    public static readonly DiagnosticDescriptor CtControlNotOnOuAccounts = new(
        "GCF1886",
        Severity.Warning,
        DiagnosticPage.Policies,
        "A preventive Control Tower control cannot be enabled on an OU that holds accounts because an OU below opts out or uses other values; it is enabled on the children instead and the OU's own accounts do not get it.",
        "Move the accounts into a child OU, or give every child the same control and values.");
}
