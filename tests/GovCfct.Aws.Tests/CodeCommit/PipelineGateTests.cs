using GovCfct.Aws.CodePipeline;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Aws.Tests.CodeCommit;

/// <summary>CfCT's pipeline approval against the model-checked CodePipeline endpoint.</summary>
public sealed class PipelineGateTests : IAsyncLifetime
{
    private CodeCommitWorld _world = null!;

    public Task InitializeAsync()
    {
        _world = new CodeCommitWorld();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task Status_shows_the_stages_and_the_waiting_approval()
    {
        var status = await _world.Pipeline(CodeCommitWorld.Alice).StatusAsync(PipelineGate.CfctPipelineName, CancellationToken.None);

        status.Stages.Select(s => $"{s.StageName}:{s.LatestExecution?.Status}").Should().Equal(
            "Source:Succeeded", "Build:Succeeded", "Approval:InProgress", "ServiceControlPolicy:", "StackSet:");
        status.Pending.Should().Be(new PendingApproval("Approval", "Approval", CodeCommitWorld.ApprovalToken));
    }

    [Fact]
    public async Task Approve_answers_with_the_token_and_a_second_answer_finds_nothing_waiting()
    {
        var gate = _world.Pipeline(CodeCommitWorld.Alice);

        await gate.AnswerAsync(PipelineGate.CfctPipelineName, approve: true, "change 42 reviewed", CancellationToken.None);
        var again = () => gate.AnswerAsync(PipelineGate.CfctPipelineName, approve: false, "late", CancellationToken.None);

        _world.CodePipeline.ApprovalOutcome(PipelineGate.CfctPipelineName).Should().Be(("Succeeded", "change 42 reviewed"));
        var error = (await again.Should().ThrowAsync<UserException>()).Which;
        error.Diagnostics[0].Code.Should().Be(DiagnosticCodes.PipelineNoPendingApproval);
        error.ExitCode.Should().Be(ExitCodes.AwsFailure);
    }

    [Fact]
    public async Task Reject_records_the_summary_and_an_unknown_pipeline_is_a_clear_error()
    {
        var gate = _world.Pipeline(CodeCommitWorld.Alice);

        await gate.AnswerAsync(PipelineGate.CfctPipelineName, approve: false, "SCP would lock out the platform team", CancellationToken.None);
        var missing = () => gate.StatusAsync("No-Such-Pipeline", CancellationToken.None);

        _world.CodePipeline.ApprovalOutcome(PipelineGate.CfctPipelineName).Should().Be(("Failed", "SCP would lock out the platform team"));
        (await missing.Should().ThrowAsync<UserException>()).Which.Diagnostics[0].Code.Should().Be(DiagnosticCodes.PipelineNotFound);
    }
}
