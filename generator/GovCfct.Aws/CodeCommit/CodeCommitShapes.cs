namespace GovCfct.Aws.CodeCommit;

// Shapes of the CodeCommit operations GovCfct calls, named and typed as in botocore's codecommit.service-2.json
// (Apache-2.0; trimmed copy in tests/GovCfct.Testing.Aws/Emulator/Models). Members are camelCase on the wire.

/// <summary>GetRepository's repositoryMetadata (defaultBranch is null until the first commit).</summary>
public sealed record RepositoryMetadata(string? AccountId, string? RepositoryId, string? RepositoryName, string? DefaultBranch);

/// <summary>A branch and the commit it points at.</summary>
public sealed record BranchInfo(string? BranchName, string? CommitId);

/// <summary>A file of a GetFolder listing.</summary>
public sealed record FolderFile(string? BlobId, string? AbsolutePath, string? RelativePath, string? FileMode);

/// <summary>A sub-folder of a GetFolder listing.</summary>
public sealed record FolderEntry(string? TreeId, string? AbsolutePath, string? RelativePath);

/// <summary>GetFolder's output.</summary>
public sealed record FolderListing(string CommitId, string? TreeId, IReadOnlyList<FolderFile>? Files, IReadOnlyList<FolderEntry>? SubFolders);

/// <summary>A commit's metadata.</summary>
public sealed record CommitInfo(string? CommitId, string? TreeId, IReadOnlyList<string>? Parents, string? Message);

/// <summary>GetFile's output.</summary>
public sealed record FileBlob(string CommitId, string BlobId, string FilePath, byte[] FileContent);

/// <summary>One entry of GetDifferences.</summary>
public sealed record Difference(BlobMetadata? BeforeBlob, BlobMetadata? AfterBlob, string? ChangeType);

/// <summary>A blob in a difference.</summary>
public sealed record BlobMetadata(string? BlobId, string? Path, string? Mode);

/// <summary>A file to add or replace in CreateCommit.</summary>
public sealed record PutFileEntry(string FilePath, byte[] FileContent, string FileMode = "NORMAL");

/// <summary>A file to delete in CreateCommit.</summary>
public sealed record DeleteFileEntry(string FilePath);

/// <summary>CreateCommit's input: parentCommitId pins the commit to the head the caller planned against.</summary>
public sealed record CreateCommitRequest(
    string RepositoryName,
    string BranchName,
    string? ParentCommitId,
    string? AuthorName,
    string? Email,
    string? CommitMessage,
    IReadOnlyList<PutFileEntry>? PutFiles,
    IReadOnlyList<DeleteFileEntry>? DeleteFiles);

/// <summary>CreateCommit's output.</summary>
public sealed record CreateCommitResult(string? CommitId, string? TreeId);

/// <summary>Merge state of a pull request target.</summary>
public sealed record MergeMetadata(bool? IsMerged, string? MergedBy, string? MergeCommitId, string? MergeOption);

/// <summary>A pull request's single target (source → destination).</summary>
public sealed record PullRequestTarget(
    string? RepositoryName,
    string? SourceReference,
    string? DestinationReference,
    string? DestinationCommit,
    string? SourceCommit,
    string? MergeBase,
    MergeMetadata? MergeMetadata);

/// <summary>An approval rule on a pull request; <paramref name="OriginApprovalRuleTemplate"/> is set only on a rule CodeCommit created from an associated template.</summary>
public sealed record ApprovalRule(string? ApprovalRuleId, string? ApprovalRuleName, string? ApprovalRuleContent, OriginApprovalRuleTemplate? OriginApprovalRuleTemplate = null);

/// <summary>The template a pull request's approval rule was created from (set by CodeCommit, never by the rule's author).</summary>
public sealed record OriginApprovalRuleTemplate(string? ApprovalRuleTemplateId, string? ApprovalRuleTemplateName);

/// <summary>A pull request.</summary>
public sealed record PullRequest(
    string PullRequestId,
    string? Title,
    string? Description,
    string? PullRequestStatus,
    string? AuthorArn,
    string? RevisionId,
    IReadOnlyList<PullRequestTarget>? PullRequestTargets,
    IReadOnlyList<ApprovalRule>? ApprovalRules);

/// <summary>One approver's state on a pull request revision.</summary>
public sealed record Approval(string? UserArn, string? ApprovalState);

/// <summary>EvaluatePullRequestApprovalRules' evaluation.</summary>
public sealed record Evaluation(bool? Approved, bool? Overridden, IReadOnlyList<string>? ApprovalRulesSatisfied, IReadOnlyList<string>? ApprovalRulesNotSatisfied);

/// <summary>An approval-rule template.</summary>
public sealed record ApprovalRuleTemplate(string? ApprovalRuleTemplateId, string? ApprovalRuleTemplateName, string? ApprovalRuleTemplateDescription, string? ApprovalRuleTemplateContent);
