namespace GovCfct.Core.Diagnostics;

/// <summary>Publishing to CodeCommit and answering CfCT's pipeline approval (GCF4200-4499; docs/diagnostics/publish.md).</summary>
public static partial class DiagnosticCodes
{
    /// <summary>The branch already holds exactly the built package: nothing was committed.</summary>
    public static readonly DiagnosticDescriptor PublishNothingToChange = new(
        "GCF4200",
        Severity.Info,
        DiagnosticPage.Publish,
        "the branch already holds exactly this package, or an open pull request already proposes it: nothing was created (exit 0)",
        "nothing; change the definition, build, publish again");

    /// <summary>The branch moved while publishing (someone else committed): nothing was overwritten.</summary>
    public static readonly DiagnosticDescriptor PublishBranchMoved = new(
        "GCF4201",
        Severity.Error,
        DiagnosticPage.Publish,
        "the branch moved while publishing (someone committed after GovCfct read the head; CodeCommit refused the pinned parent): nothing was overwritten",
        "run `govcfct build`, `govcfct plan` and `govcfct publish` again so the change is planned against the new head");

    /// <summary>The pull request's approval rules are not satisfied yet: not merged.</summary>
    public static readonly DiagnosticDescriptor PublishMergeNotApproved = new(
        "GCF4202",
        Severity.Error,
        DiagnosticPage.Publish,
        "`--merge`: the pull request's approval rules are not satisfied; the message names each unsatisfied rule, the approval pool that may approve it and who approved so far",
        "ask the named approvers to approve in CodeCommit, then run the merge again");

    /// <summary>The target branch moved after the pull request was created: not merged.</summary>
    public static readonly DiagnosticDescriptor PublishMergeTargetMoved = new(
        "GCF4203",
        Severity.Error,
        DiagnosticPage.Publish,
        "`--merge`: the target branch moved after the pull request was created, so reviewers approved a change against an old head: not merged",
        "build and `publish --pull-request` again; approve the new pull request");

    /// <summary>An --approver value is not an IAM role, IAM user or assumed-role ARN.</summary>
    public static readonly DiagnosticDescriptor PublishInvalidApprover = new(
        "GCF4204",
        Severity.Error,
        DiagnosticPage.Publish,
        "an `--approver` is not an IAM role, IAM user or STS assumed-role ARN",
        "pass role ARNs (Identity Center: the `AWSReservedSSO_<PermissionSet>_<id>` role of the account)");

    /// <summary>The package folder is missing or has no manifest.yaml.</summary>
    public static readonly DiagnosticDescriptor PublishPackageMissing = new(
        "GCF4205",
        Severity.Error,
        DiagnosticPage.Publish,
        "the package folder does not exist or has no `manifest.yaml`",
        "run `govcfct build` first, or point `--package` at the built folder");

    /// <summary>A direct commit would exceed CodeCommit's per-commit limits (100 files, 6 MB).</summary>
    public static readonly DiagnosticDescriptor PublishTooManyChanges = new(
        "GCF4206",
        Severity.Error,
        DiagnosticPage.Publish,
        "a direct publish needs more than one CodeCommit commit allows (100 files, 6 MB) and would not be atomic",
        "use `--pull-request`: parts are committed on a feature branch and reach the target in one merge");

    /// <summary>The CodeCommit repository or branch does not exist.</summary>
    public static readonly DiagnosticDescriptor PublishRepositoryNotFound = new(
        "GCF4207",
        Severity.Error,
        DiagnosticPage.Publish,
        "the CodeCommit repository or the target branch does not exist",
        "check `--codecommit`, `--branch`, `--region` and the account you are signed in to");

    /// <summary>The pull request to merge does not exist, is closed, or is not in this repository.</summary>
    public static readonly DiagnosticDescriptor PublishPullRequestNotFound = new(
        "GCF4208",
        Severity.Error,
        DiagnosticPage.Publish,
        "`--merge`: the pull request does not exist, targets another repository, or was closed without merging",
        "check the number; publish again to open a new pull request");

    /// <summary>The plan is longer than a pull request description may be (10,240 characters): it was shortened.</summary>
    public static readonly DiagnosticDescriptor PublishDescriptionTruncated = new(
        "GCF4209",
        Severity.Warning,
        DiagnosticPage.Publish,
        "the plan is longer than CodeCommit allows for a pull request description (10,240 characters) and was shortened",
        "reviewers read the whole plan in the build's plan artifact");

    /// <summary>AWS refused or failed a call (after bounded retries); nothing further was written.</summary>
    public static readonly DiagnosticDescriptor PublishAwsError = new(
        "GCF4210",
        Severity.Error,
        DiagnosticPage.Publish,
        "an AWS call failed after bounded retries (throttling, 5xx, connection faults) or was refused (missing permission); the message names the call and the AWS error code, never credentials",
        "retry later, or compare the caller's policy with `docs/iam/publisher-policy.json` (build) or `docs/iam/release-policy.json` (release)");

    /// <summary>Options that do not go together (for example --approvals without --pull-request).</summary>
    public static readonly DiagnosticDescriptor PublishInvalidOptions = new(
        "GCF4211",
        Severity.Error,
        DiagnosticPage.Publish,
        "options that do not go together (`--approvals`/`--approver` without `--pull-request`, `--merge` with `--pull-request`, a pull request into an empty repository)",
        "see `govcfct publish --help`");

    /// <summary>The CfCT pipeline does not exist in this account and region.</summary>
    public static readonly DiagnosticDescriptor PipelineNotFound = new(
        "GCF4212",
        Severity.Error,
        DiagnosticPage.Publish,
        "`pipeline`: CfCT's pipeline (`Custom-Control-Tower-CodePipeline`) does not exist in this account and region",
        "sign in to the management account and use Control Tower's home region");

    /// <summary>No manual approval is waiting in the pipeline, so there is nothing to approve or reject.</summary>
    public static readonly DiagnosticDescriptor PipelineNoPendingApproval = new(
        "GCF4213",
        Severity.Error,
        DiagnosticPage.Publish,
        "`pipeline approve/reject`: no manual approval is waiting, or it was answered or expired meanwhile",
        "run `govcfct pipeline status`");

    /// <summary>An approval-rule template with the gate's name exists with other content; it was left as is.</summary>
    public static readonly DiagnosticDescriptor GateTemplateDiffers = new(
        "GCF4214",
        Severity.Warning,
        DiagnosticPage.Publish,
        "`gate setup`: an approval-rule template with GovCfct's name exists with other content; it was left unchanged",
        "edit or delete the template in CodeCommit if the approvers really changed");

    /// <summary>A published file is larger than CodeCommit's API accepts (6 MB): nothing was published.</summary>
    public static readonly DiagnosticDescriptor PublishFileTooLarge = new(
        "GCF4216",
        Severity.Error,
        DiagnosticPage.Publish,
        "a published file is larger than CodeCommit's API accepts for one file (6 MB); checked before anything is written, so nothing was published",
        "split the template or policy; `report/` is never published, so its size does not matter");

    /// <summary>An approval rule with no approver pool would count anyone's approval: refused.</summary>
    public static readonly DiagnosticDescriptor PublishApprovalPoolEmpty = new(
        "GCF4217",
        Severity.Error,
        DiagnosticPage.Publish,
        "`--approvals`/`gate setup` without any `--approver` (or with an empty `APPROVER_ROLE_ARNS`): a rule with no approval pool counts anyone's approval",
        "name the approvers' roles with `--approver`");

    /// <summary>The approval rule is content CodeCommit refuses (over 3,000 characters, over 50 pool members).</summary>
    public static readonly DiagnosticDescriptor PublishApprovalRuleInvalid = new(
        "GCF4218",
        Severity.Error,
        DiagnosticPage.Publish,
        "the approval rule would be refused by CodeCommit: content over 3,000 characters or more than 50 approval pool members (CodeCommit quotas)",
        "name roles (one pool member per role) instead of single sessions");

    /// <summary>The waiting approval belongs to another source revision than --expect-revision: not answered.</summary>
    public static readonly DiagnosticDescriptor PipelineRevisionMismatch = new(
        "GCF4219",
        Severity.Error,
        DiagnosticPage.Publish,
        "`pipeline approve/reject --expect-revision`: the waiting approval belongs to an execution of another source revision (CfCT's pipeline supersedes executions, so an older one can be waiting); not answered",
        "run `govcfct pipeline status`, check the execution and revision it shows, and answer for the revision you reviewed");

    /// <summary>A direct commit to the branch CfCT watches was refused by IAM: only the release role may do it.</summary>
    public static readonly DiagnosticDescriptor PublishDirectNeedsReleaseRole = new(
        "GCF4220",
        Severity.Error,
        DiagnosticPage.Publish,
        "a direct publish (no `--pull-request`) was refused by IAM: the build role may not commit to the branch CfCT watches",
        "publish with `--pull-request` from the build; a direct publish is for the release role (`docs/iam/release-policy.json`)");

    /// <summary>The package has validation errors: publish refused, the destination was not touched.</summary>
    public static readonly DiagnosticDescriptor PublishValidationFailed = new(
        "GCF4221",
        Severity.Error,
        DiagnosticPage.Publish,
        "`publish`: the package has validation errors (the same checks as `govcfct validate`); nothing was uploaded or committed",
        "fix the errors listed above it, build and publish again");

    /// <summary>The organization's approval-rule template does not exist: no pull request is proposed or merged without it.</summary>
    public static readonly DiagnosticDescriptor PublishGateMissing = new(
        "GCF4300",
        Severity.Error,
        DiagnosticPage.Publish,
        "`publish --pull-request` / `--merge`: the organization's approval-rule template (`govcfct-approvers-<repository>`, made by `govcfct gate setup`) does not exist, so nothing the build chose could be told apart from the organization's gate; nothing was proposed or merged",
        "a releaser runs `govcfct gate setup --codecommit REPO --approvals N --approver ARN` once, then the build publishes again");

    /// <summary>The pull request does not carry the organization's template rule unchanged: not merged.</summary>
    public static readonly DiagnosticDescriptor PublishMergeWithoutGate = new(
        "GCF4301",
        Severity.Error,
        DiagnosticPage.Publish,
        "`--merge`: the pull request does not carry the rule CodeCommit created from the organization's approval-rule template with the template's content (it was opened before `gate setup`, the template is not associated with the repository or its branch, or the rule was changed); rules the build added itself never count; not merged",
        "associate the template (`govcfct gate setup`), have the build publish again so CodeCommit puts the template's rule on a new pull request, and merge that one");

    /// <summary>--merge names a pull request the merge must not trust: not numeric, or not at the source commit the approver saw.</summary>
    public static readonly DiagnosticDescriptor PublishMergeSourceMismatch = new(
        "GCF4302",
        Severity.Error,
        DiagnosticPage.Publish,
        "`--merge`: the pull request id is not a number, `--expect-source-commit` is not a full 40-character commit id, or the pull request's source commit is not the one the approver saw; not merged",
        "merge the pull request and commit shown in the approval you answered; if the pull request changed since, it has to be approved again");

    /// <summary>The pull request's description is not the plan GovCfct renders again from the approved commit: not merged.</summary>
    public static readonly DiagnosticDescriptor PublishPlanMismatch = new(
        "GCF4310",
        Severity.Error,
        DiagnosticPage.Publish,
        "`--merge --verify-plan`: the pull request's description is not the plan this GovCfct renders from the pull request's source commit against its destination and the organization snapshot; the reviewers read text the build wrote (or the organization changed since the build), so the approval is not for this change; not merged",
        "run the build and `govcfct publish --pull-request --plan-org` again so the description is the plan of the current organization, and have it approved again");

    /// <summary>The approvals CodeCommit counted come from fewer people than the organization's rule needs: not merged.</summary>
    public static readonly DiagnosticDescriptor PublishApproversCountedByRole = new(
        "GCF4311",
        Severity.Error,
        DiagnosticPage.Publish,
        "`--merge`: CodeCommit counts each approving ARN, and the sessions of one IAM role (any session name its caller chooses) are as many ARNs; counted as people — an Identity Center user, or an IAM role once — the approvals are fewer than the organization's rule needs; not merged",
        "have other people approve: Identity Center users (each session is its user) or different IAM roles");
}
