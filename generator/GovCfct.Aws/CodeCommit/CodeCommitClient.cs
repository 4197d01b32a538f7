using System.Text.Json;
using System.Text.Json.Serialization;
using GovCfct.Aws.Http;

namespace GovCfct.Aws.CodeCommit;

/// <summary>
/// CodeCommit over its JSON-1.1 API (AWSSDK.CodeCommit is not served): signing, retries and error mapping
/// come from <see cref="AwsJsonClient"/>; this class only names operations and shapes.
/// </summary>
public sealed class CodeCommitClient : AwsJsonClient, ICodeCommitApi
{
    /// <summary>codecommit.service-2.json metadata: endpoint prefix, target prefix, signing name.</summary>
    public static readonly AwsJsonService ServiceDescription = new("CodeCommit", "codecommit", "CodeCommit_20150413", "codecommit");

    // CodeCommit's members are camelCase (unlike Organizations'); absent members are not sent.
    private static readonly JsonSerializerOptions Wire = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public CodeCommitClient(AwsClientOptions options, HttpMessageHandler? handler = null)
        : base(ServiceDescription, options, handler)
    {
    }

    public async Task<RepositoryMetadata> GetRepositoryAsync(string repositoryName, CancellationToken cancellationToken) =>
        (await CallAsync<RepositoryResponse>("GetRepository", new { repositoryName }, cancellationToken).ConfigureAwait(false)).RepositoryMetadata
        ?? new RepositoryMetadata(null, null, repositoryName, null);

    public async Task<BranchInfo?> GetBranchAsync(string repositoryName, string branchName, CancellationToken cancellationToken)
    {
        try
        {
            return (await CallAsync<BranchResponse>("GetBranch", new { repositoryName, branchName }, cancellationToken).ConfigureAwait(false)).Branch;
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == "BranchDoesNotExistException")
        {
            return null;
        }
    }

    public Task CreateBranchAsync(string repositoryName, string branchName, string commitId, CancellationToken cancellationToken) =>
        CallAsync<Empty>("CreateBranch", new { repositoryName, branchName, commitId }, cancellationToken);

    public async Task<CommitInfo> GetCommitAsync(string repositoryName, string commitId, CancellationToken cancellationToken) =>
        (await CallAsync<CommitResponse>("GetCommit", new { repositoryName, commitId }, cancellationToken).ConfigureAwait(false)).Commit;

    public Task<FolderListing> GetFolderAsync(string repositoryName, string commitSpecifier, string folderPath, CancellationToken cancellationToken) =>
        CallAsync<FolderListing>("GetFolder", new { repositoryName, commitSpecifier, folderPath }, cancellationToken);

    public Task<FileBlob> GetFileAsync(string repositoryName, string commitSpecifier, string filePath, CancellationToken cancellationToken) =>
        CallAsync<FileBlob>("GetFile", new { repositoryName, commitSpecifier, filePath }, cancellationToken);

    public async Task<IReadOnlyList<Difference>> GetDifferencesAsync(string repositoryName, string? beforeCommitSpecifier, string afterCommitSpecifier, CancellationToken cancellationToken)
    {
        var all = new List<Difference>();
        string? nextToken = null;
        do
        {
            var page = await CallAsync<DifferencesResponse>("GetDifferences", Differences(repositoryName, beforeCommitSpecifier, afterCommitSpecifier, nextToken), cancellationToken).ConfigureAwait(false);
            all.AddRange(page.Differences ?? []);
            nextToken = page.NextToken == nextToken ? null : page.NextToken;
        }
        while (nextToken is not null);

        return all;
    }

    public Task<CreateCommitResult> CreateCommitAsync(CreateCommitRequest request, CancellationToken cancellationToken) =>
        CallAsync<CreateCommitResult>("CreateCommit", request, cancellationToken);

    public async Task<PullRequest> CreatePullRequestAsync(string title, string description, string repositoryName, string sourceBranch, string destinationBranch, string clientRequestToken, CancellationToken cancellationToken) =>
        (await CallAsync<PullRequestResponse>(
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
        (await CallAsync<PullRequestResponse>("GetPullRequest", new { pullRequestId }, cancellationToken).ConfigureAwait(false)).PullRequest;

    public async Task<IReadOnlyList<string>> ListPullRequestsAsync(string repositoryName, string status, CancellationToken cancellationToken)
    {
        var all = new List<string>();
        string? nextToken = null;
        do
        {
            var page = await CallAsync<ListPullRequestsResponse>("ListPullRequests", new { repositoryName, pullRequestStatus = status, nextToken }, cancellationToken).ConfigureAwait(false);
            all.AddRange(page.PullRequestIds ?? []);
            nextToken = page.NextToken == nextToken ? null : page.NextToken;
        }
        while (nextToken is not null);

        return all;
    }

    public async Task<ApprovalRule> CreatePullRequestApprovalRuleAsync(string pullRequestId, string approvalRuleName, string approvalRuleContent, CancellationToken cancellationToken) =>
        (await CallAsync<ApprovalRuleResponse>("CreatePullRequestApprovalRule", new { pullRequestId, approvalRuleName, approvalRuleContent }, cancellationToken).ConfigureAwait(false)).ApprovalRule;

    public async Task<IReadOnlyList<Approval>> GetPullRequestApprovalStatesAsync(string pullRequestId, string revisionId, CancellationToken cancellationToken) =>
        (await CallAsync<ApprovalStatesResponse>("GetPullRequestApprovalStates", new { pullRequestId, revisionId }, cancellationToken).ConfigureAwait(false)).Approvals ?? [];

    public async Task<Evaluation> EvaluatePullRequestApprovalRulesAsync(string pullRequestId, string revisionId, CancellationToken cancellationToken) =>
        (await CallAsync<EvaluationResponse>("EvaluatePullRequestApprovalRules", new { pullRequestId, revisionId }, cancellationToken).ConfigureAwait(false)).Evaluation;

    public Task UpdatePullRequestApprovalStateAsync(string pullRequestId, string revisionId, bool approve, CancellationToken cancellationToken) =>
        CallAsync<Empty>("UpdatePullRequestApprovalState", new { pullRequestId, revisionId, approvalState = approve ? "APPROVE" : "REVOKE" }, cancellationToken);

    public async Task<PullRequest> MergePullRequestByFastForwardAsync(string pullRequestId, string repositoryName, string? sourceCommitId, CancellationToken cancellationToken) =>
        (await CallAsync<PullRequestResponse>("MergePullRequestByFastForward", new { pullRequestId, repositoryName, sourceCommitId }, cancellationToken).ConfigureAwait(false)).PullRequest;

    public async Task<ApprovalRuleTemplate?> GetApprovalRuleTemplateAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return (await CallAsync<TemplateResponse>("GetApprovalRuleTemplate", new { approvalRuleTemplateName = name }, cancellationToken).ConfigureAwait(false)).ApprovalRuleTemplate;
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == "ApprovalRuleTemplateDoesNotExistException")
        {
            return null;
        }
    }

    public async Task<ApprovalRuleTemplate> CreateApprovalRuleTemplateAsync(string name, string content, string description, CancellationToken cancellationToken) =>
        (await CallAsync<TemplateResponse>(
            "CreateApprovalRuleTemplate",
            new { approvalRuleTemplateName = name, approvalRuleTemplateContent = content, approvalRuleTemplateDescription = description },
            cancellationToken).ConfigureAwait(false)).ApprovalRuleTemplate;

    public Task AssociateApprovalRuleTemplateWithRepositoryAsync(string name, string repositoryName, CancellationToken cancellationToken) =>
        CallAsync<Empty>("AssociateApprovalRuleTemplateWithRepository", new { approvalRuleTemplateName = name, repositoryName }, cancellationToken);

    private async Task<T> CallAsync<T>(string operation, object request, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request, request.GetType(), Wire);
        var text = await SendAsync(operation, body, cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize<T>(text.Length == 0 ? "{}" : text, Wire) ?? throw new JsonException("null response");
        }
        catch (JsonException ex)
        {
            throw new AwsServiceException(AwsErrorCodes.InvalidResponse, $"CodeCommit {operation} returned a response that is not its output shape: {ex.Message}", System.Net.HttpStatusCode.OK, null);
        }
    }

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
