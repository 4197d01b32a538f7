using GovCfct.Aws.Http;

namespace GovCfct.Aws.CodeCommit;

/// <summary>
/// CodeCommit over its JSON-1.1 API (AWSSDK.CodeCommit is not served): signing, retries and error mapping
/// come from <see cref="AwsJsonClient"/>; this class only names operations and shapes.
/// </summary>
public sealed class CodeCommitClient : AwsJsonClient, ICodeCommitApi
{
    /// <summary>codecommit.service-2.json metadata: endpoint prefix, target prefix, signing name.</summary>
    public static readonly AwsJsonService ServiceDescription = new("CodeCommit", "codecommit", "CodeCommit_20150413", "codecommit", CamelCaseMembers: true);

    public CodeCommitClient(AwsClientOptions options, HttpMessageHandler? handler = null)
        : base(ServiceDescription, options, handler)
    {
    }

    public async Task<RepositoryMetadata> GetRepositoryAsync(string repositoryName, CancellationToken cancellationToken) =>
        (await InvokeAsync<RepositoryResponse>("GetRepository", new { repositoryName }, cancellationToken).ConfigureAwait(false)).RepositoryMetadata
        ?? new RepositoryMetadata(null, null, repositoryName, null);

    public async Task<BranchInfo?> GetBranchAsync(string repositoryName, string branchName, CancellationToken cancellationToken)
    {
        try
        {
            return (await InvokeAsync<BranchResponse>("GetBranch", new { repositoryName, branchName }, cancellationToken).ConfigureAwait(false)).Branch;
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == "BranchDoesNotExistException")
        {
            return null;
        }
    }

    public Task CreateBranchAsync(string repositoryName, string branchName, string commitId, CancellationToken cancellationToken) =>
        InvokeAsync<Empty>("CreateBranch", new { repositoryName, branchName, commitId }, cancellationToken);

    public async Task<CommitInfo> GetCommitAsync(string repositoryName, string commitId, CancellationToken cancellationToken) =>
        (await InvokeAsync<CommitResponse>("GetCommit", new { repositoryName, commitId }, cancellationToken).ConfigureAwait(false)).Commit;

    public Task<FolderListing> GetFolderAsync(string repositoryName, string commitSpecifier, string folderPath, CancellationToken cancellationToken) =>
        InvokeAsync<FolderListing>("GetFolder", new { repositoryName, commitSpecifier, folderPath }, cancellationToken);

    public Task<FileBlob> GetFileAsync(string repositoryName, string commitSpecifier, string filePath, CancellationToken cancellationToken) =>
        InvokeAsync<FileBlob>("GetFile", new { repositoryName, commitSpecifier, filePath }, cancellationToken);

    public async Task<IReadOnlyList<Difference>> GetDifferencesAsync(string repositoryName, string? beforeCommitSpecifier, string afterCommitSpecifier, CancellationToken cancellationToken)
    {
        var all = new List<Difference>();
        await foreach (var difference in PaginateAsync<DifferencesResponse, Difference>(
            "GetDifferences", token => Differences(repositoryName, beforeCommitSpecifier, afterCommitSpecifier, token), r => r.Differences, r => r.NextToken, cancellationToken).ConfigureAwait(false))
        {
            all.Add(difference);
        }

        return all;
    }

    public Task<CreateCommitResult> CreateCommitAsync(CreateCommitRequest request, CancellationToken cancellationToken) =>
        InvokeAsync<CreateCommitResult>("CreateCommit", request, cancellationToken);

    public async Task<PullRequest> CreatePullRequestAsync(string title, string description, string repositoryName, string sourceBranch, string destinationBranch, string clientRequestToken, CancellationToken cancellationToken) =>
        (await InvokeAsync<PullRequestResponse>(
            "CreatePullRequest",
            new
            {
                title,
                description,
                targets = new[] { new { repositoryName, sourceReference = sourceBranch, destinationReference = destinationBranch } },
                clientRequestToken,
            },
            cancellationToken).ConfigureAwait(false)).PullRequest;

    public async Task<PullRequest> GetPullRequestAsync(string pullRequestId, CancellationToken cancellationToken) =>
        (await InvokeAsync<PullRequestResponse>("GetPullRequest", new { pullRequestId }, cancellationToken).ConfigureAwait(false)).PullRequest;

    public async Task<IReadOnlyList<string>> ListPullRequestsAsync(string repositoryName, string status, CancellationToken cancellationToken)
    {
        var all = new List<string>();
        await foreach (var id in PaginateAsync<ListPullRequestsResponse, string>(
            "ListPullRequests", token => new { repositoryName, pullRequestStatus = status, nextToken = token }, r => r.PullRequestIds, r => r.NextToken, cancellationToken).ConfigureAwait(false))
        {
            all.Add(id);
        }

        return all;
    }

    public async Task<ApprovalRule> CreatePullRequestApprovalRuleAsync(string pullRequestId, string approvalRuleName, string approvalRuleContent, CancellationToken cancellationToken) =>
        (await InvokeAsync<ApprovalRuleResponse>("CreatePullRequestApprovalRule", new { pullRequestId, approvalRuleName, approvalRuleContent }, cancellationToken).ConfigureAwait(false)).ApprovalRule;

    public async Task<IReadOnlyList<Approval>> GetPullRequestApprovalStatesAsync(string pullRequestId, string revisionId, CancellationToken cancellationToken) =>
        (await InvokeAsync<ApprovalStatesResponse>("GetPullRequestApprovalStates", new { pullRequestId, revisionId }, cancellationToken).ConfigureAwait(false)).Approvals ?? [];

    public async Task<Evaluation> EvaluatePullRequestApprovalRulesAsync(string pullRequestId, string revisionId, CancellationToken cancellationToken) =>
        (await InvokeAsync<EvaluationResponse>("EvaluatePullRequestApprovalRules", new { pullRequestId, revisionId }, cancellationToken).ConfigureAwait(false)).Evaluation;

    public Task UpdatePullRequestApprovalStateAsync(string pullRequestId, string revisionId, bool approve, CancellationToken cancellationToken) =>
        InvokeAsync<Empty>("UpdatePullRequestApprovalState", new { pullRequestId, revisionId, approvalState = approve ? "APPROVE" : "REVOKE" }, cancellationToken);

    public async Task<PullRequest> MergePullRequestByFastForwardAsync(string pullRequestId, string repositoryName, string? sourceCommitId, CancellationToken cancellationToken) =>
        (await InvokeAsync<PullRequestResponse>("MergePullRequestByFastForward", new { pullRequestId, repositoryName, sourceCommitId }, cancellationToken).ConfigureAwait(false)).PullRequest;

    public async Task<ApprovalRuleTemplate?> GetApprovalRuleTemplateAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return (await InvokeAsync<TemplateResponse>("GetApprovalRuleTemplate", new { approvalRuleTemplateName = name }, cancellationToken).ConfigureAwait(false)).ApprovalRuleTemplate;
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == "ApprovalRuleTemplateDoesNotExistException")
        {
            return null;
        }
    }

    public async Task<ApprovalRuleTemplate> CreateApprovalRuleTemplateAsync(string name, string content, string description, CancellationToken cancellationToken) =>
        (await InvokeAsync<TemplateResponse>(
            "CreateApprovalRuleTemplate",
            new { approvalRuleTemplateName = name, approvalRuleTemplateContent = content, approvalRuleTemplateDescription = description },
            cancellationToken).ConfigureAwait(false)).ApprovalRuleTemplate;

    public Task AssociateApprovalRuleTemplateWithRepositoryAsync(string name, string repositoryName, CancellationToken cancellationToken) =>
        InvokeAsync<Empty>("AssociateApprovalRuleTemplateWithRepository", new { approvalRuleTemplateName = name, repositoryName }, cancellationToken);

    // GetDifferences spells its token NextToken (PascalCase) in the model, unlike every other member.
    private static Dictionary<string, string?> Differences(string repositoryName, string? before, string after, string? nextToken)
    {
        var request = new Dictionary<string, string?>(StringComparer.Ordinal) { ["repositoryName"] = repositoryName, ["afterCommitSpecifier"] = after };
        if (before is not null)
        {
            request["beforeCommitSpecifier"] = before;
        }

        if (nextToken is not null)
        {
            request["NextToken"] = nextToken;
        }

        return request;
    }

    private sealed record Empty;

    private sealed record RepositoryResponse(RepositoryMetadata? RepositoryMetadata);

    private sealed record BranchResponse(BranchInfo? Branch);

    private sealed record CommitResponse(CommitInfo Commit);

    private sealed record DifferencesResponse(IReadOnlyList<Difference>? Differences, string? NextToken);

    private sealed record PullRequestResponse(PullRequest PullRequest);

    private sealed record ListPullRequestsResponse(IReadOnlyList<string>? PullRequestIds, string? NextToken);

    private sealed record ApprovalRuleResponse(ApprovalRule ApprovalRule);

    private sealed record ApprovalStatesResponse(IReadOnlyList<Approval>? Approvals);

    private sealed record EvaluationResponse(Evaluation Evaluation);

    private sealed record TemplateResponse(ApprovalRuleTemplate ApprovalRuleTemplate);
}
