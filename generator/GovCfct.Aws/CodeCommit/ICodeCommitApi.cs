namespace GovCfct.Aws.CodeCommit;

/// <summary>The CodeCommit operations the publisher needs; <see cref="CodeCommitClient"/> calls AWS, tests use it against the model-checked emulator.</summary>
public interface ICodeCommitApi
{
    Task<RepositoryMetadata> GetRepositoryAsync(string repositoryName, CancellationToken cancellationToken);

    /// <summary>The branch, or null when it does not exist.</summary>
    Task<BranchInfo?> GetBranchAsync(string repositoryName, string branchName, CancellationToken cancellationToken);

    Task CreateBranchAsync(string repositoryName, string branchName, string commitId, CancellationToken cancellationToken);

    Task<CommitInfo> GetCommitAsync(string repositoryName, string commitId, CancellationToken cancellationToken);

    Task<FolderListing> GetFolderAsync(string repositoryName, string commitSpecifier, string folderPath, CancellationToken cancellationToken);

    Task<FileBlob> GetFileAsync(string repositoryName, string commitSpecifier, string filePath, CancellationToken cancellationToken);

    Task<IReadOnlyList<Difference>> GetDifferencesAsync(string repositoryName, string? beforeCommitSpecifier, string afterCommitSpecifier, CancellationToken cancellationToken);

    Task<CreateCommitResult> CreateCommitAsync(CreateCommitRequest request, CancellationToken cancellationToken);

    Task<PullRequest> CreatePullRequestAsync(string title, string description, string repositoryName, string sourceBranch, string destinationBranch, string clientRequestToken, CancellationToken cancellationToken);

    Task<PullRequest> GetPullRequestAsync(string pullRequestId, CancellationToken cancellationToken);

    /// <summary>Ids of the repository's pull requests with <paramref name="status"/> (OPEN or CLOSED; merged ones are CLOSED).</summary>
    Task<IReadOnlyList<string>> ListPullRequestsAsync(string repositoryName, string status, CancellationToken cancellationToken);

    Task<ApprovalRule> CreatePullRequestApprovalRuleAsync(string pullRequestId, string approvalRuleName, string approvalRuleContent, CancellationToken cancellationToken);

    Task<IReadOnlyList<Approval>> GetPullRequestApprovalStatesAsync(string pullRequestId, string revisionId, CancellationToken cancellationToken);

    Task<Evaluation> EvaluatePullRequestApprovalRulesAsync(string pullRequestId, string revisionId, CancellationToken cancellationToken);

    Task UpdatePullRequestApprovalStateAsync(string pullRequestId, string revisionId, bool approve, CancellationToken cancellationToken);

    Task<PullRequest> MergePullRequestByFastForwardAsync(string pullRequestId, string repositoryName, string? sourceCommitId, CancellationToken cancellationToken);

    /// <summary>The template, or null when none has this name.</summary>
    Task<ApprovalRuleTemplate?> GetApprovalRuleTemplateAsync(string name, CancellationToken cancellationToken);

    Task<ApprovalRuleTemplate> CreateApprovalRuleTemplateAsync(string name, string content, string description, CancellationToken cancellationToken);

    Task AssociateApprovalRuleTemplateWithRepositoryAsync(string name, string repositoryName, CancellationToken cancellationToken);
}
