using GovCfct.Aws.CodePipeline;
using GovCfct.Testing.Aws.Emulator;
using GovCfct.Core.Diagnostics;
using GovCfct.Testing.Aws.CodeCommit;

namespace GovCfct.Aws.Tests.CodeCommit;

/// <summary>CfCT's pipeline approval against the model-checked CodePipeline endpoint.</summary>
public sealed class PipelineGateTests : CodeCommitWorldTests
{

    [Fact]
    public async Task Status_shows_the_stages_and_the_waiting_approval()
    {
        var status = await World.Pipeline(CodeCommitWorld.Alice).StatusAsync(PipelineGate.CfctPipelineName, CancellationToken.None);

        status.Stages.Select(s => $"{s.StageName}:{s.Status}").Should().Equal(
            "Source:Succeeded", "Build:Succeeded", "Approval:InProgress", "ServiceControlPolicy:", "StackSet:");
        status.Pending.Should().Be(new PendingApproval("Approval", "Approval", CodeCommitWorld.ApprovalToken, CodePipelineService.FirstExecution, CodePipelineService.FirstRevision));
    }

    // CodePipeline User Guide, "How executions are processed in SUPERSEDED mode": a newer execution passes the source
    // and build stages while the older one still waits at the approval — so the waiting token is the older one's.
    [Fact]
    public async Task After_a_second_publish_the_waiting_approval_is_shown_with_the_older_execution_and_expect_revision_refuses_it()
    {
        const string newer = "feedfacecafebeef0123456789abcdef01234567";
        var execution = World.CodePipeline.Supersede(PipelineGate.CfctPipelineName, newer);
        var gate = World.Pipeline(CodeCommitWorld.Alice);

        var status = await gate.StatusAsync(PipelineGate.CfctPipelineName, CancellationToken.None);
        var wrong = () => gate.AnswerAsync(PipelineGate.CfctPipelineName, approve: true, "reviewed the newer change", CancellationToken.None, expectRevision: newer[..12]);

        status.Stages.Single(s => s.StageName == "Source").Should().Be(new StageStatus("Source", "Succeeded", execution, newer));
        status.Pending!.PipelineExecutionId.Should().Be(CodePipelineService.FirstExecution);
        status.Pending.SourceRevision.Should().Be(CodePipelineService.FirstRevision);
        var error = (await wrong.Should().ThrowAsync<UserException>()).Which;
        error.Diagnostics[0].Code.Should().Be(DiagnosticCodes.PipelineRevisionMismatch.Id);
        error.Diagnostics[0].Message.Should().Contain(CodePipelineService.FirstExecution).And.Contain(CodePipelineService.FirstRevision);
        World.CodePipeline.ApprovalOutcome(PipelineGate.CfctPipelineName).Should().Be(("InProgress", null), "nothing was answered");

        var answered = await gate.AnswerAsync(PipelineGate.CfctPipelineName, approve: true, "reviewed the older change", CancellationToken.None, expectRevision: CodePipelineService.FirstRevision);
        answered.SourceRevision.Should().Be(CodePipelineService.FirstRevision);
        World.CodePipeline.ApprovalOutcome(PipelineGate.CfctPipelineName).Should().Be(("Succeeded", "reviewed the older change"));
    }

    // CodePipeline API Reference, PutApprovalResult: ApprovalAlreadyCompletedException "The approval request already
    // received a response or has expired" — what a retry of a call that landed meets.
    [Fact]
    public async Task A_retried_answer_whose_first_attempt_landed_is_success_not_nothing_waiting()
    {
        var gate = World.Pipeline(CodeCommitWorld.Alice);
        World.Server.Inject(Fault.ResetAfterServing, "PutApprovalResult");

        var answered = await gate.AnswerAsync(PipelineGate.CfctPipelineName, approve: true, "change 42 reviewed", CancellationToken.None);

        answered.PipelineExecutionId.Should().Be(CodePipelineService.FirstExecution);
        World.Server.Calls.Where(c => c.StartsWith("PutApprovalResult", StringComparison.Ordinal)).Should().Equal(
            "PutApprovalResult!ResetAfterServing", "PutApprovalResult!ApprovalAlreadyCompletedException");
        World.CodePipeline.ApprovalOutcome(PipelineGate.CfctPipelineName).Should().Be(("Succeeded", "change 42 reviewed"));
    }

    [Fact]
    public async Task Approve_answers_with_the_token_and_a_second_answer_finds_nothing_waiting()
    {
        var gate = World.Pipeline(CodeCommitWorld.Alice);

        await gate.AnswerAsync(PipelineGate.CfctPipelineName, approve: true, "change 42 reviewed", CancellationToken.None);
        var again = () => gate.AnswerAsync(PipelineGate.CfctPipelineName, approve: false, "late", CancellationToken.None);

        World.CodePipeline.ApprovalOutcome(PipelineGate.CfctPipelineName).Should().Be(("Succeeded", "change 42 reviewed"));
        var error = (await again.Should().ThrowAsync<UserException>()).Which;
        error.Diagnostics[0].Code.Should().Be(DiagnosticCodes.PipelineNoPendingApproval.Id);
        error.ExitCode.Should().Be(ExitCodes.AwsFailure);
    }

    [Fact]
    public async Task Reject_records_the_summary_and_an_unknown_pipeline_is_a_clear_error()
    {
        var gate = World.Pipeline(CodeCommitWorld.Alice);

        await gate.AnswerAsync(PipelineGate.CfctPipelineName, approve: false, "SCP would lock out the platform team", CancellationToken.None);
        var missing = () => gate.StatusAsync("No-Such-Pipeline", CancellationToken.None);

        World.CodePipeline.ApprovalOutcome(PipelineGate.CfctPipelineName).Should().Be(("Failed", "SCP would lock out the platform team"));
        (await missing.Should().ThrowAsync<UserException>()).Which.Diagnostics[0].Code.Should().Be(DiagnosticCodes.PipelineNotFound.Id);
    }
}
