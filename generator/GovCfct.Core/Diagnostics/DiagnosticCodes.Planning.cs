namespace GovCfct.Core.Diagnostics;

/// <summary>Planning codes (GCF3100-3499), documented in docs/diagnostics/planning.md.</summary>
public static partial class DiagnosticCodes
{
    /// <summary>git failed while reading the previous package from a ref (git missing, not a repository, unknown ref or path).</summary>
    public static readonly DiagnosticDescriptor PlanGitFailed = new(
        "GCF3102",
        Severity.Error,
        DiagnosticPage.Planning,
        "git failed while reading `--previous` as a revision: git is missing, `--repo` is not a repository, or the revision or folder does not exist. The message is git's own.",
        "Install git, pass `--repo`, or check the revision with `git show REF:folder/manifest.yaml`.");

    /// <summary>A file the manifest names is missing from the package; the plan compares it as empty.</summary>
    public static readonly DiagnosticDescriptor PlanPackageFileMissing = new(
        "GCF3103",
        Severity.Warning,
        DiagnosticPage.Planning,
        "A file the manifest names is not in the package; the plan compares it as empty, so it may show a template change that is not real.",
        "Build the package again; CfCT's Build stage would fail on the missing file anyway.");

    /// <summary>A nested OU path of a stack set does not exist: CfCT's StackSet stage fails on it.</summary>
    public static readonly DiagnosticDescriptor PlanNestedOuMissing = new(
        "GCF3110",
        Severity.Error,
        DiagnosticPage.Planning,
        "A stack set lists a nested OU path (`A:B`) that does not exist. CfCT's StackSet stage raises \"OU id is not found\" and the pipeline fails.",
        "Correct the path (full path without `Root`, exact case) or create and register the OU first.");

    /// <summary>A bare OU name of a stack set is not a top-level OU: CfCT silently targets nothing there.</summary>
    public static readonly DiagnosticDescriptor PlanBareOuMissing = new(
        "GCF3111",
        Severity.Warning,
        DiagnosticPage.Planning,
        "A stack set lists a bare OU name that is not a top-level OU. CfCT silently targets nothing there, and DELETES the instances it had in those accounts. The hint names the full path when the name exists deeper.",
        "Fix the spelling, or write the full path `Parent:Child`.");

    /// <summary>An SCP/RCP target OU does not exist: CfCT skips it with a warning.</summary>
    public static readonly DiagnosticDescriptor PlanPolicyOuMissing = new(
        "GCF3112",
        Severity.Warning,
        DiagnosticPage.Planning,
        "An SCP/RCP lists an OU that does not exist. CfCT skips it (\"OU not found, ignoring\").",
        "Correct the OU name or path.");

    /// <summary>An entry of a stack set's accounts is not an ACTIVE account of the organization: CfCT drops it silently.</summary>
    public static readonly DiagnosticDescriptor PlanAccountUnknown = new(
        "GCF3113",
        Severity.Warning,
        DiagnosticPage.Planning,
        "A stack set's `accounts` entry is not an ACTIVE account of the organization (unknown id, unknown name, suspended). CfCT drops it silently.",
        "Use the 12-digit id of an enrolled account.");

    /// <summary>Root is listed with other OUs: CfCT ignores the others for stack sets.</summary>
    public static readonly DiagnosticDescriptor PlanRootWithOtherOus = new(
        "GCF3114",
        Severity.Warning,
        DiagnosticPage.Planning,
        "A stack set lists `Root` together with other OUs; CfCT ignores the others.",
        "List `Root` alone, or the OUs without `Root`.");

    /// <summary>CfCT will delete stack instances (and the resources in them).</summary>
    public static readonly DiagnosticDescriptor PlanInstancesDeleted = new(
        "GCF3120",
        Severity.Warning,
        DiagnosticPage.Planning,
        "CfCT will delete stack instances, and the resources in them, in the accounts and regions the report lists (OU moved, target removed, OU typo or rename, region removed, account no longer active).",
        "Review the reasons in the report before approving; restore the target if the deletion is not wanted.");

    /// <summary>An SCP/RCP stays attached although the manifest no longer attaches it there.</summary>
    public static readonly DiagnosticDescriptor PlanPolicyLeftAttached = new(
        "GCF3121",
        Severity.Warning,
        DiagnosticPage.Planning,
        "An SCP/RCP stays attached to an OU although the manifest no longer attaches it there (or never did). CfCT never detaches or deletes policies.",
        "Run the `aws organizations detach-policy` command the hint gives (and `delete-policy` when the policy is gone from the manifest).");

    /// <summary>A stack set left the manifest without enable_stack_set_deletion: it and its stacks stay, unmanaged.</summary>
    public static readonly DiagnosticDescriptor PlanStackSetOrphaned = new(
        "GCF3122",
        Severity.Warning,
        DiagnosticPage.Planning,
        "A stack set left the manifest and `enable_stack_set_deletion` is off: the stack set and its stacks stay, no longer managed.",
        "Delete its instances and the stack set by hand, or enable `enable_stack_set_deletion` (mind that it deletes EVERY undeclared `CustomControlTower-` stack set).");

    /// <summary>A stack set left the manifest with enable_stack_set_deletion: CfCT deletes it and every instance.</summary>
    public static readonly DiagnosticDescriptor PlanStackSetDeleted = new(
        "GCF3123",
        Severity.Warning,
        DiagnosticPage.Planning,
        "A stack set left the manifest and `enable_stack_set_deletion` is on: CfCT deletes every instance (RetainStacks=false) and the stack set, before any other stack set runs.",
        "Keep the resource if its resources must stay.");

    /// <summary>An SCP/RCP loses a statement or actions against the previous package: the guardrail denies less.</summary>
    public static readonly DiagnosticDescriptor PlanPolicyWeakened = new(
        "GCF3126",
        Severity.Warning,
        DiagnosticPage.Planning,
        "An SCP/RCP loses a statement, or a statement loses actions, against the previous package: the guardrail denies less than before. The message names the statement (Sid) and the controls it came from; the plan lists the statement's JSON.",
        "Make sure the removal is intended (an opt-out, a control removed from the OU) before approving.");

    /// <summary>A stack set's targets resolve to no account: CfCT skips instance operations and keeps existing instances.</summary>
    public static readonly DiagnosticDescriptor PlanTargetsEmpty = new(
        "GCF3124",
        Severity.Warning,
        DiagnosticPage.Planning,
        "A stack set's targets resolve to no account: CfCT skips instance operations and keeps the existing instances. When the targets resolve again, instances outside them are deleted.",
        "Correct the targets.");

    /// <summary>A parameter was removed from the manifest: CfCT does not notice and the stack set keeps the old value.</summary>
    public static readonly DiagnosticDescriptor PlanParameterRemoved = new(
        "GCF3125",
        Severity.Warning,
        DiagnosticPage.Planning,
        "A parameter was removed from a stack set in the manifest. CfCT compares only the manifest's parameters, does not notice, and the stack set keeps the old value.",
        "Set the parameter explicitly to the value you want.");

    /// <summary>An OU of the definition does not exist in the organization.</summary>
    public static readonly DiagnosticDescriptor PlanDefinitionOuMissing = new(
        "GCF3130",
        Severity.Warning,
        DiagnosticPage.Planning,
        "An OU of the definition does not exist in the organization (nothing is deployed there).",
        "Create the OU and register it in Control Tower, or remove it from the definition.");

    /// <summary>An OU of the organization is not in the definition.</summary>
    public static readonly DiagnosticDescriptor PlanOrgOuNotDefined = new(
        "GCF3131",
        Severity.Info,
        DiagnosticPage.Planning,
        "An OU of the organization is not in the definition; its accounts get only what parent OUs' SCPs give.",
        "Add the OU to the definition so it is governed.");

    /// <summary>An account is SUSPENDED, PENDING_CLOSURE or in a state GovCfct does not know.</summary>
    public static readonly DiagnosticDescriptor PlanAccountNotActive = new(
        "GCF3132",
        Severity.Warning,
        DiagnosticPage.Planning,
        "An account is SUSPENDED, PENDING_CLOSURE or in a state GovCfct does not know. CfCT skips it; instances it had are deleted.",
        "Move closed accounts to a suspended OU outside every target; check unknown states in AWS Organizations.");

    /// <summary>The definition places an account in one OU and the organization has it in another.</summary>
    public static readonly DiagnosticDescriptor PlanAccountMoved = new(
        "GCF3133",
        Severity.Warning,
        DiagnosticPage.Planning,
        "The definition lists an account in one OU, and the organization has it in another (or not at all). Stack instances follow the organization.",
        "Move the account back, or update the definition.");

    /// <summary>Accounts in the definition's scope would receive no control at all.</summary>
    public static readonly DiagnosticDescriptor PlanAccountsUncovered = new(
        "GCF3134",
        Severity.Warning,
        DiagnosticPage.Planning,
        "Accounts in the definition's scope receive no control at all. The message names the first.",
        "Assign controls to their OU, or list the OU in the stack sets' targets (parent OUs never reach child OUs).");

    /// <summary>The OU named with --new-account --ou does not exist in the organization.</summary>
    public static readonly DiagnosticDescriptor PlanNewAccountOuUnknown = new(
        "GCF3140",
        Severity.Error,
        DiagnosticPage.Planning,
        "`--new-account --ou PATH` names an OU that does not exist.",
        "Give the full path without `Root` (e.g. `Workloads:Prod`), or `Root`.");

    /// <summary>A new account in the named OU would receive no stack set (a parent OU's stack sets do not reach it).</summary>
    public static readonly DiagnosticDescriptor PlanNewAccountNoStackSets = new(
        "GCF3141",
        Severity.Warning,
        DiagnosticPage.Planning,
        "A new account in that OU would receive no stack set; the message names the controls that apply there but whose stack sets list only other OUs (a parent OU never reaches its children).",
        "List the OU in those stack sets' `organizational_units`.");

    /// <summary>A Control Tower control in the package targets an OU id the organization snapshot does not have.</summary>
    public static readonly DiagnosticDescriptor PlanCtTargetUnknown = new(
        "GCF3400",
        Severity.Warning,
        DiagnosticPage.Planning,
        "A Control Tower control in the package (`AWS::ControlTower::EnabledControl`) targets an OU id the organization snapshot does not have: the OU was deleted or re-created since `org-lock.yaml` was written, and enabling the control fails.",
        "Regenerate `org-lock.yaml` with `govcfct org lock` and build again.");

    /// <summary>A new account in the OU would miss controls the build attaches only at child OUs (a child opts out).</summary>
    public static readonly DiagnosticDescriptor NewAccountControlsAttachedBelow = new(
        "GCF3160",
        Severity.Error,
        DiagnosticPage.Planning,
        "`accounts check` and `plan --new-account`: a new account in the OU would miss controls in effect there, because an OU below opts out of them and the build attaches their policies and stack-set targets only at the child OUs that keep them; nothing reaches an account placed directly in the OU, or in a new child of it.",
        "Place the account in a child OU that keeps the controls (e.g. Production), or move the opted-out accounts to an OU outside this subtree so the controls can be attached at the OU itself.");

    /// <summary>The OU is not in the org lock: not known to be registered with Control Tower.</summary>
    public static readonly DiagnosticDescriptor NewAccountOuNotLocked = new(
        "GCF3161",
        Severity.Error,
        DiagnosticPage.Planning,
        "`accounts check` and `plan --new-account`: the OU is not in `org-lock.yaml`, so it was not in the organization (registered with Control Tower) when the lock was written; Account Factory creates accounts only in registered OUs.",
        "Create and register the OU with Control Tower, then regenerate the lock with `govcfct org lock`. Under a governed subtree the new OU is then covered by inheritance and automatic deployment without a rebuild.");

    /// <summary>A stack set's new instances meet the kept instances of a stack set that left the manifest, for the same control.</summary>
    public static readonly DiagnosticDescriptor PlanStackSetCollision = new(
        "GCF3200",
        Severity.Warning,
        DiagnosticPage.Planning,
        "A stack set of this package creates instances in accounts and regions where a stack set that left the manifest (renamed away, e.g. a variant that became the base stack set when a parameter override was added or removed) keeps its stacks, because enable_stack_set_deletion is off, and both rendered templates claim the same physical names (Config rules, roles, topics) or a resource an account holds once per region (a GuardDuty detector, a Config recorder); the message names them. The new instances fail on names that exist, or, if they succeed, deleting the old stack set later deletes what the new one relies on. A template whose names end with `name_suffix` (every shipped template) keeps a variant apart from the base stack set and is not reported. The plan lists it among the dangerous changes with the safe order.",
        "Delete the old stack set's instances in those accounts first (the printed `aws cloudformation delete-stack-instances ... --no-retain-stacks`), wait for it, then publish; delete the old stack set when it has no instance left. Or end the template's physical names with `{{ name_suffix }}`.");
}
