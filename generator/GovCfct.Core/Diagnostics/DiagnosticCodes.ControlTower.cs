namespace GovCfct.Core.Diagnostics;

/// <summary>Codes of Control Tower controls in packaging (GCF1880-1899); documented in docs/diagnostics/packaging.md.</summary>
public static partial class DiagnosticCodes
{
    /// <summary>Control Tower controls are assigned but organization.yaml names no management account.</summary>
    public const string CtControlsNeedManagementAccount = "GCF1880";

    /// <summary>Control Tower controls are assigned but the definition has no org-lock.yaml to give OU ids.</summary>
    public const string OrgLockMissing = "GCF1881";

    /// <summary>org-lock.yaml was written for another management account than organization.yaml names.</summary>
    public const string OrgLockMismatch = "GCF1882";

    /// <summary>An OU that gets a Control Tower control is not in org-lock.yaml.</summary>
    public const string OuNotInOrgLock = "GCF1883";

    /// <summary>More Control Tower control enablements than one CloudFormation stack can hold (500 resources).</summary>
    public const string TooManyCtControls = "GCF1884";

    /// <summary>A Control Tower control allows a region Control Tower does not govern.</summary>
    public const string CtRegionNotGoverned = "GCF1885";

    /// <summary>A preventive Control Tower control cannot sit on an OU holding accounts because an OU below opts out (warning).</summary>
    public const string CtControlNotOnOuAccounts = "GCF1886";
}
