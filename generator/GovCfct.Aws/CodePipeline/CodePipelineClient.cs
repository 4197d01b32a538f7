using GovCfct.Aws.Http;

namespace GovCfct.Aws.CodePipeline;

/// <summary>The latest execution of an action (token set while a manual approval waits).</summary>
public sealed record ActionExecution(string? Status, string? Summary, string? Token);

/// <summary>An action of a stage.</summary>
public sealed record ActionState(string? ActionName, ActionExecution? LatestExecution);

/// <summary>The latest execution of a stage.</summary>
public sealed record StageExecution(string? PipelineExecutionId, string? Status);

/// <summary>A stage and its actions.</summary>
public sealed record StageState(string? StageName, StageExecution? LatestExecution, IReadOnlyList<ActionState>? ActionStates);

/// <summary>GetPipelineState's output.</summary>
public sealed record PipelineState(string? PipelineName, int? PipelineVersion, IReadOnlyList<StageState>? StageStates);

/// <summary>A source revision an execution runs on (a CodeCommit commit id, an S3 object version).</summary>
public sealed record ArtifactRevision(string? Name, string? RevisionId, string? RevisionSummary);

/// <summary>GetPipelineExecution's pipelineExecution: its status and the source revisions it runs on.</summary>
public sealed record PipelineExecution(string? PipelineExecutionId, string? Status, IReadOnlyList<ArtifactRevision>? ArtifactRevisions);

/// <summary>The CodePipeline operations GovCfct needs; <see cref="CodePipelineClient"/> calls AWS.</summary>
public interface ICodePipelineApi
{
    Task<PipelineState> GetPipelineStateAsync(string name, CancellationToken cancellationToken);

    Task<PipelineExecution> GetPipelineExecutionAsync(string pipelineName, string pipelineExecutionId, CancellationToken cancellationToken);

    Task PutApprovalResultAsync(string pipelineName, string stageName, string actionName, string token, bool approve, string summary, CancellationToken cancellationToken);
}

/// <summary>CodePipeline over its JSON-1.1 API (AWSSDK.CodePipeline is not served); shapes from botocore's codepipeline.service-2.json (Apache-2.0).</summary>
public sealed class CodePipelineClient : AwsJsonClient, ICodePipelineApi
{
    public static readonly AwsJsonService ServiceDescription = new("CodePipeline", "codepipeline", "CodePipeline_20150709", "codepipeline", CamelCaseMembers: true);

    public CodePipelineClient(AwsClientOptions options, HttpMessageHandler? handler = null)
        : base(ServiceDescription, options, handler)
    {
    }

    public Task<PipelineState> GetPipelineStateAsync(string name, CancellationToken cancellationToken) =>
        InvokeAsync<PipelineState>("GetPipelineState", new { name }, cancellationToken);

    public async Task<PipelineExecution> GetPipelineExecutionAsync(string pipelineName, string pipelineExecutionId, CancellationToken cancellationToken) =>
        (await InvokeAsync<ExecutionResponse>("GetPipelineExecution", new { pipelineName, pipelineExecutionId }, cancellationToken).ConfigureAwait(false)).PipelineExecution
        ?? new PipelineExecution(pipelineExecutionId, null, []);

    public Task PutApprovalResultAsync(string pipelineName, string stageName, string actionName, string token, bool approve, string summary, CancellationToken cancellationToken) =>
        InvokeAsync<PutApprovalResultResponse>(
            "PutApprovalResult",
            new { pipelineName, stageName, actionName, result = new { summary, status = approve ? "Approved" : "Rejected" }, token },
            cancellationToken);

    private sealed record ExecutionResponse(PipelineExecution? PipelineExecution);

    /// <summary>PutApprovalResult's output (approvedAt only).</summary>
    private sealed record PutApprovalResultResponse(double? ApprovedAt);
}
