using GovCfct.Aws.Http;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Aws.CodePipeline;

/// <summary>A manual approval waiting in the pipeline: the token PutApprovalResult needs and the execution (and its source revision) it belongs to.</summary>
public sealed record PendingApproval(string StageName, string ActionName, string Token, string? PipelineExecutionId, string? SourceRevision);

/// <summary>A stage's latest execution with the source revision that execution runs on.</summary>
public sealed record StageStatus(string StageName, string? Status, string? PipelineExecutionId, string? SourceRevision);

/// <summary>CfCT's pipeline: its stages and, when one waits, the pending manual approval.</summary>
public sealed record PipelineStatus(string PipelineName, IReadOnlyList<StageStatus> Stages, PendingApproval? Pending);

/// <summary>
/// Reads CfCT's pipeline state and answers its manual approval with the token the state shows, so nobody copies
/// tokens by hand. CfCT's pipeline is V1 in superseded mode: while an older execution waits at the approval, a newer
/// one can already have passed the source stage, so every answer names the execution and its source revision, and
/// <c>--expect-revision</c> refuses to answer for another one. AWS failures become <see cref="UserException"/>s (exit 3).
/// </summary>
public sealed class PipelineGate(ICodePipelineApi codePipeline)
{
    /// <summary>The pipeline CfCT creates.</summary>
    public const string CfctPipelineName = "Custom-Control-Tower-CodePipeline";

    // A commit id (or S3 version id) may be given abbreviated, as git shows it, but not shorter than git's default.

    public async Task<PipelineStatus> StatusAsync(string pipelineName, CancellationToken cancellationToken)
    {
        PipelineState state;
        try
        {
            state = await codePipeline.GetPipelineStateAsync(pipelineName, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == "PipelineNotFoundException")
        {
            throw new UserException(new Diagnostic(DiagnosticCodes.PipelineNotFound, $"pipeline '{pipelineName}' does not exist", hint: "check --region and the account: CfCT runs in the Control Tower home region of the management account"), ExitCodes.AwsFailure);
        }
        catch (AwsServiceException ex)
        {
            throw Failure("GetPipelineState", ex);
        }

        var revisions = new Dictionary<string, string?>(StringComparer.Ordinal);
        var stages = new List<StageStatus>();
        PendingApproval? pending = null;
        foreach (var stage in state.StageStates ?? [])
        {
            var execution = stage.LatestExecution?.PipelineExecutionId;
            var revision = execution is null ? null : await RevisionAsync(pipelineName, execution, revisions, cancellationToken).ConfigureAwait(false);
            stages.Add(new StageStatus(stage.StageName ?? "?", stage.LatestExecution?.Status, execution, revision));
            foreach (var action in stage.ActionStates ?? [])
            {
                if (action.LatestExecution is { Status: "InProgress", Token: { Length: > 0 } token } && stage.StageName is not null && action.ActionName is not null)
                {
                    pending ??= new PendingApproval(stage.StageName, action.ActionName, token, execution, revision);
                }
            }
        }

        return new PipelineStatus(pipelineName, stages, pending);
    }

    /// <summary>
    /// Approves or rejects the pending approval; fails with GCF4213 when none waits and GCF4219 when it belongs to
    /// another revision than <paramref name="expectRevision"/>.
    /// </summary>
    public async Task<PendingApproval> AnswerAsync(string pipelineName, bool approve, string summary, CancellationToken cancellationToken, string? expectRevision = null)
    {
        var status = await StatusAsync(pipelineName, cancellationToken).ConfigureAwait(false);
        var pending = status.Pending ?? throw new UserException(
            new Diagnostic(DiagnosticCodes.PipelineNoPendingApproval, $"no manual approval is waiting in '{pipelineName}'", hint: "run `govcfct pipeline status`; the approval appears when the pipeline reaches it"),
            ExitCodes.AwsFailure);
        if (expectRevision is not null && !SameRevision(pending.SourceRevision, expectRevision))
        {
            throw new UserException(
                new Diagnostic(
                    DiagnosticCodes.PipelineRevisionMismatch,
                    $"the approval waiting in '{pipelineName}' belongs to execution {pending.PipelineExecutionId ?? "?"} of revision {pending.SourceRevision ?? "unknown"}, not {expectRevision}: not answered",
                    hint: "run `govcfct pipeline status`; answer when the execution of the revision you reviewed waits"),
                ExitCodes.AwsFailure);
        }

        try
        {
            await codePipeline.PutApprovalResultAsync(pipelineName, pending.StageName, pending.ActionName, pending.Token, approve, summary, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (ex.ErrorCode is "ApprovalAlreadyCompletedException")
        {
            // A retried PutApprovalResult whose first attempt landed: the same execution's action now shows our answer.
            if (await AnsweredAsync(pipelineName, pending, approve, summary, cancellationToken).ConfigureAwait(false))
            {
                return pending;
            }

            throw new UserException(new Diagnostic(DiagnosticCodes.PipelineNoPendingApproval, $"the approval in '{pipelineName}' was answered or expired meanwhile: {ex.Message}", hint: "run `govcfct pipeline status` to see the current state"), ExitCodes.AwsFailure);
        }
        catch (AwsServiceException ex) when (ex.ErrorCode is "InvalidApprovalTokenException")
        {
            throw new UserException(new Diagnostic(DiagnosticCodes.PipelineNoPendingApproval, $"the approval in '{pipelineName}' was answered or expired meanwhile: {ex.Message}", hint: "run `govcfct pipeline status` to see the current state"), ExitCodes.AwsFailure);
        }
        catch (AwsServiceException ex)
        {
            throw Failure("PutApprovalResult", ex);
        }

        return pending;
    }

    private async Task<bool> AnsweredAsync(string pipelineName, PendingApproval pending, bool approve, string summary, CancellationToken cancellationToken)
    {
        PipelineState state;
        try
        {
            state = await codePipeline.GetPipelineStateAsync(pipelineName, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException ex)
        {
            throw Failure("GetPipelineState", ex);
        }

        var stage = state.StageStates?.FirstOrDefault(s => s.StageName == pending.StageName);
        var action = stage?.ActionStates?.FirstOrDefault(a => a.ActionName == pending.ActionName)?.LatestExecution;
        return stage?.LatestExecution?.PipelineExecutionId == pending.PipelineExecutionId
            && action?.Status == (approve ? "Succeeded" : "Failed")
            && action.Summary == summary;
    }

    private async Task<string?> RevisionAsync(string pipelineName, string executionId, Dictionary<string, string?> known, CancellationToken cancellationToken)
    {
        if (!known.TryGetValue(executionId, out var revision))
        {
            try
            {
                var execution = await codePipeline.GetPipelineExecutionAsync(pipelineName, executionId, cancellationToken).ConfigureAwait(false);
                revision = execution.ArtifactRevisions.FirstOrNull()?.RevisionId;
            }
            catch (AwsServiceException ex) when (ex.ErrorCode == "PipelineExecutionNotFoundException")
            {
                revision = null; // executions are kept for 12 months; an older one has no record left
            }
            catch (AwsServiceException ex)
            {
                throw Failure("GetPipelineExecution", ex);
            }

            known[executionId] = revision;
        }

        return revision;
    }

    private static bool SameRevision(string? actual, string expected) =>
        actual is not null && string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase);

    private static UserException Failure(string operation, AwsServiceException ex) =>
        new(CodeCommit.CodeCommitPublisher.IsAccessProblem(ex) ? AwsDiagnostics.FromException(ex, $"CodePipeline {operation}") : new Diagnostic(DiagnosticCodes.PublishAwsError, $"CodePipeline {operation} failed: {ex.ErrorCode}: {ex.Message} ({ex.Attempts} attempt(s))", hint: ex.IsAccessDenied ? "the caller lacks a permission: answering CfCT's approval is for the release role (docs/iam/release-policy.json)" : "run again when AWS answers"), ExitCodes.AwsFailure);
}
