using GovCfct.Aws.Http;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Aws.CodePipeline;

/// <summary>A manual approval waiting in the pipeline, with the token PutApprovalResult needs.</summary>
public sealed record PendingApproval(string StageName, string ActionName, string Token);

/// <summary>CfCT's pipeline: its stages and, when one waits, the pending manual approval.</summary>
public sealed record PipelineStatus(string PipelineName, IReadOnlyList<StageState> Stages, PendingApproval? Pending);

/// <summary>
/// Reads CfCT's pipeline state and answers its manual approval with the token the state shows, so nobody copies
/// tokens by hand. AWS failures become <see cref="UserException"/>s with exit code 3.
/// </summary>
public sealed class PipelineGate(ICodePipelineApi codePipeline)
{
    /// <summary>The pipeline CfCT creates.</summary>
    public const string CfctPipelineName = "Custom-Control-Tower-CodePipeline";

    public async Task<PipelineStatus> StatusAsync(string pipelineName, CancellationToken cancellationToken)
    {
        PipelineState state;
        try
        {
            state = await codePipeline.GetPipelineStateAsync(pipelineName, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == "PipelineNotFoundException")
        {
            throw new UserException(Diagnostic.Error(DiagnosticCodes.PipelineNotFound, $"pipeline '{pipelineName}' does not exist", hint: "check --region and the account: CfCT runs in the Control Tower home region of the management account"), ExitCodes.AwsFailure);
        }
        catch (AwsServiceException ex)
        {
            throw Failure("GetPipelineState", ex);
        }

        var stages = state.StageStates ?? [];
        PendingApproval? pending = null;
        foreach (var stage in stages)
        {
            foreach (var action in stage.ActionStates ?? [])
            {
                if (action.LatestExecution is { Status: "InProgress", Token: { Length: > 0 } token } && stage.StageName is not null && action.ActionName is not null)
                {
                    pending ??= new PendingApproval(stage.StageName, action.ActionName, token);
                }
            }
        }

        return new PipelineStatus(pipelineName, stages, pending);
    }

    /// <summary>Approves or rejects the pending approval; fails with GCF4213 when none waits.</summary>
    public async Task<PendingApproval> AnswerAsync(string pipelineName, bool approve, string summary, CancellationToken cancellationToken)
    {
        var status = await StatusAsync(pipelineName, cancellationToken).ConfigureAwait(false);
        var pending = status.Pending ?? throw new UserException(
            Diagnostic.Error(DiagnosticCodes.PipelineNoPendingApproval, $"no manual approval is waiting in '{pipelineName}'", hint: "run `govcfct pipeline status`; the approval appears when the pipeline reaches it"),
            ExitCodes.AwsFailure);
        try
        {
            await codePipeline.PutApprovalResultAsync(pipelineName, pending.StageName, pending.ActionName, pending.Token, approve, summary, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (ex.ErrorCode is "ApprovalAlreadyCompletedException" or "InvalidApprovalTokenException")
        {
            throw new UserException(Diagnostic.Error(DiagnosticCodes.PipelineNoPendingApproval, $"the approval in '{pipelineName}' was answered or expired meanwhile: {ex.Message}", hint: "run `govcfct pipeline status` to see the current state"), ExitCodes.AwsFailure);
        }
        catch (AwsServiceException ex)
        {
            throw Failure("PutApprovalResult", ex);
        }

        return pending;
    }

    private static UserException Failure(string operation, AwsServiceException ex) =>
        new(CodeCommit.CodeCommitPublisher.IsAccessProblem(ex) ? AwsDiagnostics.FromException(ex, $"CodePipeline {operation}") : Diagnostic.Error(DiagnosticCodes.PublishAwsError, $"CodePipeline {operation} failed: {ex.ErrorCode}: {ex.Message} ({ex.Attempts} attempt(s))", hint: ex.IsAccessDenied ? "the caller lacks a permission: compare its policy with docs/iam/publisher-policy.json" : "run again when AWS answers"), ExitCodes.AwsFailure);
}
