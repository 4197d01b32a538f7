namespace GovCfct.Core.Diagnostics;

/// <summary>Planning codes (GCF3100-3499), documented in docs/diagnostics/planning.md.</summary>
public static partial class DiagnosticCodes
{
    /// <summary>The package to plan (or the previous one) has no readable manifest.yaml.</summary>
    public const string PlanPackageUnreadable = "GCF3101";

    /// <summary>git failed while reading the previous package from a ref (git missing, not a repository, unknown ref or path).</summary>
    public const string PlanGitFailed = "GCF3102";

    /// <summary>A file the manifest names is missing from the package; the plan compares it as empty.</summary>
    public const string PlanPackageFileMissing = "GCF3103";

    /// <summary>A nested OU path of a stack set does not exist: CfCT's StackSet stage fails on it.</summary>
    public const string PlanNestedOuMissing = "GCF3110";

    /// <summary>A bare OU name of a stack set is not a top-level OU: CfCT silently targets nothing there.</summary>
    public const string PlanBareOuMissing = "GCF3111";

    /// <summary>An SCP/RCP target OU does not exist: CfCT skips it with a warning.</summary>
    public const string PlanPolicyOuMissing = "GCF3112";

    /// <summary>An entry of a stack set's accounts is not an ACTIVE account of the organization: CfCT drops it silently.</summary>
    public const string PlanAccountUnknown = "GCF3113";

    /// <summary>Root is listed with other OUs: CfCT ignores the others for stack sets.</summary>
    public const string PlanRootWithOtherOus = "GCF3114";

    /// <summary>CfCT will delete stack instances (and the resources in them).</summary>
    public const string PlanInstancesDeleted = "GCF3120";

    /// <summary>An SCP/RCP stays attached although the manifest no longer attaches it there.</summary>
    public const string PlanPolicyLeftAttached = "GCF3121";

    /// <summary>A stack set left the manifest without enable_stack_set_deletion: it and its stacks stay, unmanaged.</summary>
    public const string PlanStackSetOrphaned = "GCF3122";

    /// <summary>A stack set left the manifest with enable_stack_set_deletion: CfCT deletes it and every instance.</summary>
    public const string PlanStackSetDeleted = "GCF3123";

    /// <summary>An SCP/RCP loses a statement or actions against the previous package: the guardrail denies less.</summary>
    public const string PlanPolicyWeakened = "GCF3126";

    /// <summary>A stack set's targets resolve to no account: CfCT skips instance operations and keeps existing instances.</summary>
    public const string PlanTargetsEmpty = "GCF3124";

    /// <summary>A parameter was removed from the manifest: CfCT does not notice and the stack set keeps the old value.</summary>
    public const string PlanParameterRemoved = "GCF3125";

    /// <summary>An OU of the definition does not exist in the organization.</summary>
    public const string PlanDefinitionOuMissing = "GCF3130";

    /// <summary>An OU of the organization is not in the definition.</summary>
    public const string PlanOrgOuNotDefined = "GCF3131";

    /// <summary>An account is SUSPENDED, PENDING_CLOSURE or in a state GovCfct does not know.</summary>
    public const string PlanAccountNotActive = "GCF3132";

    /// <summary>The definition places an account in one OU and the organization has it in another.</summary>
    public const string PlanAccountMoved = "GCF3133";

    /// <summary>Accounts in the definition's scope would receive no control at all.</summary>
    public const string PlanAccountsUncovered = "GCF3134";

    /// <summary>The OU named with --new-account --ou does not exist in the organization.</summary>
    public const string PlanNewAccountOuUnknown = "GCF3140";

    /// <summary>A new account in the named OU would receive no stack set (a parent OU's stack sets do not reach it).</summary>
    public const string PlanNewAccountNoStackSets = "GCF3141";

    /// <summary>A Control Tower control in the package targets an OU id the organization snapshot does not have.</summary>
    public const string PlanCtTargetUnknown = "GCF3400";
}
