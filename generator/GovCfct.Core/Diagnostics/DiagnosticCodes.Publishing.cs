namespace GovCfct.Core.Diagnostics;

/// <summary>Publishing to CodeCommit and answering CfCT's pipeline approval (GCF4200-4499; docs/diagnostics/publish.md).</summary>
public static partial class DiagnosticCodes
{
    /// <summary>The branch already holds exactly the built package: nothing was committed.</summary>
    public const string PublishNothingToChange = "GCF4200";

    /// <summary>The branch moved while publishing (someone else committed): nothing was overwritten.</summary>
    public const string PublishBranchMoved = "GCF4201";

    /// <summary>The pull request's approval rules are not satisfied yet: not merged.</summary>
    public const string PublishMergeNotApproved = "GCF4202";

    /// <summary>The target branch moved after the pull request was created: not merged.</summary>
    public const string PublishMergeTargetMoved = "GCF4203";

    /// <summary>An --approver value is not an IAM role, IAM user or assumed-role ARN.</summary>
    public const string PublishInvalidApprover = "GCF4204";

    /// <summary>The package folder is missing or has no manifest.yaml.</summary>
    public const string PublishPackageMissing = "GCF4205";

    /// <summary>A direct commit would exceed CodeCommit's per-commit limits (100 files, 6 MB).</summary>
    public const string PublishTooManyChanges = "GCF4206";

    /// <summary>The CodeCommit repository or branch does not exist.</summary>
    public const string PublishRepositoryNotFound = "GCF4207";

    /// <summary>The pull request to merge does not exist, is closed, or is not in this repository.</summary>
    public const string PublishPullRequestNotFound = "GCF4208";

    /// <summary>The plan is longer than a pull request description may be (10,240 characters): it was shortened.</summary>
    public const string PublishDescriptionTruncated = "GCF4209";

    /// <summary>AWS refused or failed a call (after bounded retries); nothing further was written.</summary>
    public const string PublishAwsError = "GCF4210";

    /// <summary>Options that do not go together (for example --approvals without --pull-request).</summary>
    public const string PublishInvalidOptions = "GCF4211";

    /// <summary>The CfCT pipeline does not exist in this account and region.</summary>
    public const string PipelineNotFound = "GCF4212";

    /// <summary>No manual approval is waiting in the pipeline, so there is nothing to approve or reject.</summary>
    public const string PipelineNoPendingApproval = "GCF4213";

    /// <summary>An approval-rule template with the gate's name exists with other content; it was left as is.</summary>
    public const string GateTemplateDiffers = "GCF4214";

    /// <summary>A file path in the package cannot be stored in CodeCommit (absolute, backslash, "..").</summary>
    public const string PublishInvalidPath = "GCF4215";

    /// <summary>A published file is larger than CodeCommit's API accepts (6 MB): nothing was published.</summary>
    public const string PublishFileTooLarge = "GCF4216";

    /// <summary>An approval rule with no approver pool would count anyone's approval: refused.</summary>
    public const string PublishApprovalPoolEmpty = "GCF4217";

    /// <summary>The approval rule is content CodeCommit refuses (over 3,000 characters, over 50 pool members).</summary>
    public const string PublishApprovalRuleInvalid = "GCF4218";

    /// <summary>The waiting approval belongs to another source revision than --expect-revision: not answered.</summary>
    public const string PipelineRevisionMismatch = "GCF4219";

    /// <summary>A direct commit to the branch CfCT watches was refused by IAM: only the release role may do it.</summary>
    public const string PublishDirectNeedsReleaseRole = "GCF4220";

    /// <summary>The package has validation errors: publish refused, the destination was not touched.</summary>
    public const string PublishValidationFailed = "GCF4221";
}
