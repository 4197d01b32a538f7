using System.Text.Json;
using System.Text.Json.Serialization;
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
    public static readonly AwsJsonService ServiceDescription = new("CodePipeline", "codepipeline", "CodePipeline_20150709", "codepipeline");

    private static readonly JsonSerializerOptions Wire = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public CodePipelineClient(AwsClientOptions options, HttpMessageHandler? handler = null)
        : base(ServiceDescription, options, handler)
    {
    }

    public async Task<PipelineState> GetPipelineStateAsync(string name, CancellationToken cancellationToken)
    {
        var text = await SendAsync("GetPipelineState", JsonSerializer.SerializeToUtf8Bytes(new { name }, Wire), cancellationToken).ConfigureAwait(false);
        return JsonSerializer.Deserialize<PipelineState>(text, Wire) ?? new PipelineState(name, null, []);
    }

    public async Task<PipelineExecution> GetPipelineExecutionAsync(string pipelineName, string pipelineExecutionId, CancellationToken cancellationToken)
    {
        var text = await SendAsync("GetPipelineExecution", JsonSerializer.SerializeToUtf8Bytes(new { pipelineName, pipelineExecutionId }, Wire), cancellationToken).ConfigureAwait(false);
        return JsonSerializer.Deserialize<ExecutionResponse>(text, Wire)?.PipelineExecution ?? new PipelineExecution(pipelineExecutionId, null, []);
    }

    public Task PutApprovalResultAsync(string pipelineName, string stageName, string actionName, string token, bool approve, string summary, CancellationToken cancellationToken) =>
        SendAsync(
            "PutApprovalResult",
            JsonSerializer.SerializeToUtf8Bytes(new { pipelineName, stageName, actionName, result = new { summary, status = approve ? "Approved" : "Rejected" }, token }, Wire),
            cancellationToken);

    private sealed record ExecutionResponse(PipelineExecution? PipelineExecution);
}
