using GovCfct.Aws.CloudFormation;
using GovCfct.Aws.CodePipeline;
using GovCfct.Testing.Aws.Emulator;
using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Status;

namespace GovCfct.Aws.Tests.Status;

/// <summary>
/// The deployed-state reader, the evaluator and the deployment watcher on the model-checked CloudFormation (query),
/// Control Tower (rest-json) and CodePipeline endpoint, for the states moto cannot produce.
/// </summary>
public sealed class StatusEmulatorTests : IAsyncLifetime
{
    private StatusWorld _world = null!;

    public Task InitializeAsync()
    {
        _world = new StatusWorld();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task A_fully_deployed_organization_with_its_controls_is_covered()
    {
        _world.ControlTower.Enable(StatusWorld.RestrictRoot, StatusWorld.OuArn(StatusWorld.WorkloadsOu));
        _world.ControlTower.Enable(StatusWorld.DenyRegions, StatusWorld.OuArn(StatusWorld.SandboxOu));

        var report = await EvaluateAsync();

        report.IsCovered.Should().BeTrue(report.Summary.Verdict);
        report.Summary.Covered.Should().Be(4, "three enrolled accounts and the management account its stack set targets");
        report.Controls.Select(c => $"{c.Name}:{c.Kind}:{c.Expected}/{c.Covered}").Should().Equal(
            "gc-baseline:StackSet:2/2", "gc-controltower-controls:StackSet:1/1", "5kvme4m5i1ujp4c4k4mdkbqcn:ControlTower:2/2", "dvuaav61i5cnfazfelmvn9m6k:ControlTower:1/1");
        report.Deployed.StackSets.Single(s => s.Name == StatusWorld.StackSet).Parameters.Single().Should().Be(new Core.Cfct.ManifestParameter("Region", "ap-northeast-1"));
        report.StackSets[0].LastOperation!.Action.Should().Be("CREATE");
    }

    [Fact]
    public async Task A_failed_instance_shows_its_reason_and_an_outdated_one_its_status()
    {
        _world.ControlTower.Enable(StatusWorld.RestrictRoot, StatusWorld.OuArn(StatusWorld.WorkloadsOu));
        _world.ControlTower.Enable(StatusWorld.DenyRegions, StatusWorld.OuArn(StatusWorld.SandboxOu));
        _world.CloudFormation.SetInstance(StatusWorld.StackSet, StatusWorld.AccountA, "ap-northeast-3", "OUTDATED", "FAILED", "ResourceLogicalId:Marker, ResourceType:AWS::CloudFormation::WaitConditionHandle, ResourceStatusReason:Account is not enrolled.");
        _world.CloudFormation.SetInstance(StatusWorld.StackSet, StatusWorld.AccountB, "ap-northeast-1", "OUTDATED", "RUNNING");

        var report = await EvaluateAsync();

        report.IsCovered.Should().BeFalse();
        report.Summary.Verdict.Should().Be("NOT COVERED: 1 account(s) failed, 1 account(s) outdated");
        var a = report.Accounts.Single(x => x.AccountId == StatusWorld.AccountA);
        a.State.Should().Be(CoverageState.Failed);
        a.Findings.Single().Should().Be(new Finding("gc-baseline", DeploymentKind.StackSet, CoverageState.Failed, "ap-northeast-3", "OUTDATED/FAILED: ResourceLogicalId:Marker, ResourceType:AWS::CloudFormation::WaitConditionHandle, ResourceStatusReason:Account is not enrolled."));
        report.Accounts.Single(x => x.AccountId == StatusWorld.AccountB).Findings.Single().Detail.Should().Be("OUTDATED/RUNNING");
        report.StackSets.Single(s => s.Name == "gc-baseline").Should().Match<StackSetStatus>(s => s.Current == 2 && s.Failed == 1 && s.Outdated == 1);
    }

    [Fact]
    public async Task Drift_detection_runs_DetectStackSetDrift_and_waits_for_it_before_reading_instances()
    {
        _world.ControlTower.Enable(StatusWorld.RestrictRoot, StatusWorld.OuArn(StatusWorld.WorkloadsOu));
        _world.ControlTower.Enable(StatusWorld.DenyRegions, StatusWorld.OuArn(StatusWorld.SandboxOu));
        _world.CloudFormation.DriftOnDetection[(StatusWorld.StackSet, StatusWorld.AccountB, "ap-northeast-1")] = "DRIFTED";

        var report = await EvaluateAsync(detectDrift: true);

        _world.Server.Calls.Should().ContainInOrder("DetectStackSetDrift", "DescribeStackSetOperation", "DescribeStackSetOperation", "ListStackInstances");
        var b = report.Accounts.Single();
        b.AccountId.Should().Be(StatusWorld.AccountB);
        b.State.Should().Be(CoverageState.Drifted);
        b.Findings.Single().Region.Should().Be("ap-northeast-1");
        report.Summary.Verdict.Should().Be("NOT COVERED: 1 account(s) drifted");
    }

    [Fact]
    public async Task Control_Tower_controls_missing_failed_or_drifted_are_reported_per_account_of_the_ou()
    {
        _world.ControlTower.Enable(StatusWorld.RestrictRoot, StatusWorld.OuArn(StatusWorld.WorkloadsOu), status: "FAILED");

        var report = await EvaluateAsync();

        report.Accounts.Select(a => $"{a.AccountId}:{a.State}").Should().Equal(
            $"{StatusWorld.AccountA}:Failed", $"{StatusWorld.AccountB}:Failed", $"{StatusWorld.SandboxAccount}:Missing");
        report.Accounts.Last().Findings.Single().Detail.Should().Be("not enabled on Sandbox");
        report.Accounts.First().Findings.Single().Detail.Should().Be("enabling on Workloads FAILED");
        _world.Server.Calls.Count(c => c == "ListEnabledControls").Should().Be(2, "one paginated read per target OU");
    }

    [Fact]
    public async Task Instances_are_read_per_stack_set_across_pages_and_through_throttling()
    {
        for (var i = 0; i < 130; i++)
        {
            _world.CloudFormation.SetInstance(StatusWorld.StackSet, (500000000000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), "ap-northeast-1", "CURRENT", "SUCCEEDED");
        }

        _world.Server.Inject(Fault.Throttling, "ListStackInstances");
        var reader = new DeployedStateReader(_world.CloudFormationClient(), null);

        var read = await reader.ReadAsync(CancellationToken.None);

        read.State.StackSets.Single(s => s.Name == StatusWorld.StackSet).Instances.Should().HaveCount(134);
        _world.Server.Calls.Where(c => c.StartsWith("ListStackInstances", StringComparison.Ordinal)).Should().HaveCount(4, "one throttled attempt, two pages for the baseline, one for the management stack set")
            .And.Contain("ListStackInstances!Throttling");
        _world.Server.Calls.Should().NotContain(c => c.StartsWith("DescribeStackInstance", StringComparison.Ordinal), "instances are listed per stack set, never described per account");
    }

    [Fact]
    public async Task Controls_that_cannot_be_read_are_left_out_with_a_warning()
    {
        _world.Server.Inject(Fault.InternalError, "ListEnabledControls");
        _world.Server.Inject(Fault.InternalError, "ListEnabledControls");
        _world.Server.Inject(Fault.InternalError, "ListEnabledControls");
        _world.Server.Inject(Fault.InternalError, "ListEnabledControls");
        var reader = new DeployedStateReader(_world.CloudFormationClient(), _world.ControlTowerClient(), new DeployedStateReaderOptions(ControlTargets: [StatusWorld.OuArn(StatusWorld.SandboxOu)]));

        var read = await reader.ReadAsync(CancellationToken.None);

        read.ControlsRead.Should().BeFalse();
        read.Diagnostics.Single().Code.Should().Be(DiagnosticCodes.StatusControlsUnavailable.Id);
    }

    [Fact]
    public async Task Watch_follows_the_pipeline_and_the_stack_set_operation_to_the_end_and_reports_failures_as_they_happen()
    {
        var pipeline = _world.CodePipeline;
        var cfn = _world.CloudFormation;
        var created = DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        const string Op = "op-update-0002";
        var a1 = (StatusWorld.AccountA, "ap-northeast-1");
        var a3 = (StatusWorld.AccountA, "ap-northeast-3");
        var b1 = (StatusWorld.AccountB, "ap-northeast-1");
        var b3 = (StatusWorld.AccountB, "ap-northeast-3");

        // The scripted run: each poll finds the deployment one step further.
        var steps = new List<Action>
        {
            () =>
            {
                pipeline.SetStage(PipelineGate.CfctPipelineName, "StackSet", "InProgress");
                cfn.SetOperation(StatusWorld.StackSet, Op, "UPDATE", "RUNNING", created, R(a1, "SUCCEEDED"), R(a3, "RUNNING"), R(b1, "PENDING"), R(b3, "PENDING"));
            },
            () => cfn.SetOperation(StatusWorld.StackSet, Op, "UPDATE", "RUNNING", created, R(a1, "SUCCEEDED"), R(a3, "SUCCEEDED"), R(b1, "FAILED", "Account 310987654321 should have 'AWSControlTowerExecution' role"), R(b3, "RUNNING")),
            () =>
            {
                cfn.SetOperation(StatusWorld.StackSet, Op, "UPDATE", "FAILED", created, R(a1, "SUCCEEDED"), R(a3, "SUCCEEDED"), R(b1, "FAILED", "Account 310987654321 should have 'AWSControlTowerExecution' role"), R(b3, "SUCCEEDED"));
                pipeline.SetStage(PipelineGate.CfctPipelineName, "StackSet", "Failed");
            },
        };
        pipeline.SetStage(PipelineGate.CfctPipelineName, "ServiceControlPolicy", "InProgress");
        var progress = new List<string>();
        var watcher = new DeploymentWatcher(_world.CodePipelineClient(), _world.CloudFormationClient(), progress.Add);
        var polls = 0;

        var outcome = await watcher.WatchAsync(
            new DeploymentWatchOptions(PipelineGate.CfctPipelineName, [StatusWorld.StackSet])
            {
                Interval = TimeSpan.FromSeconds(30),
                Delay = (_, _) =>
                {
                    if (polls == 0)
                    {
                        pipeline.SetStage(PipelineGate.CfctPipelineName, "ServiceControlPolicy", "Succeeded");
                    }

                    steps[Math.Min(polls++, steps.Count - 1)]();
                    return Task.CompletedTask;
                },
            },
            CancellationToken.None);

        outcome.Should().Be(WatchOutcome.PipelineFailed);
        polls.Should().Be(3);
        progress.Should().ContainInOrder(
            "pipeline Custom-Control-Tower-CodePipeline: Source: Succeeded  Build: Succeeded  Approval: Succeeded  ServiceControlPolicy: InProgress  StackSet: -",
            "  CustomControlTower-gc-baseline: CREATE SUCCEEDED 0/0 account-region(s) done",
            "pipeline Custom-Control-Tower-CodePipeline: Source: Succeeded  Build: Succeeded  Approval: Succeeded  ServiceControlPolicy: Succeeded  StackSet: InProgress",
            "  CustomControlTower-gc-baseline: UPDATE RUNNING 1/4 account-region(s) done",
            $"  FAILED CustomControlTower-gc-baseline {StatusWorld.AccountB} ap-northeast-1: Account 310987654321 should have 'AWSControlTowerExecution' role",
            "  CustomControlTower-gc-baseline: UPDATE RUNNING 3/4 account-region(s) done",
            "  CustomControlTower-gc-baseline: UPDATE FAILED 4/4 account-region(s) done");
        progress.Count(p => p.StartsWith("  FAILED", StringComparison.Ordinal)).Should().Be(1, "a failure is reported once, when it appears");
    }

    [Fact]
    public async Task Watch_gives_up_at_its_timeout_while_an_operation_still_runs()
    {
        var now = DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        _world.CloudFormation.SetOperation(StatusWorld.StackSet, "op-stuck", "UPDATE", "RUNNING", now, (StatusWorld.AccountA, "ap-northeast-1", "RUNNING", null));
        var watcher = new DeploymentWatcher(_world.CodePipelineClient(), _world.CloudFormationClient(), _ => { });

        var outcome = await watcher.WatchAsync(
            new DeploymentWatchOptions(PipelineGate.CfctPipelineName, [StatusWorld.StackSet])
            {
                Timeout = TimeSpan.FromMinutes(2),
                Now = () => now,
                Delay = (interval, _) =>
                {
                    now += interval;
                    return Task.CompletedTask;
                },
            },
            CancellationToken.None);

        outcome.Should().Be(WatchOutcome.TimedOut);
    }

    private static (string, string, string, string?) R((string Account, string Region) instance, string status, string? reason = null) =>
        (instance.Account, instance.Region, status, reason);

    private async Task<StatusReport> EvaluateAsync(bool detectDrift = false)
    {
        var package = StatusWorld.Package();
        var diagnostics = new DiagnosticBag();
        var expected = ExpectedControls.Read(package, diagnostics);
        diagnostics.Items.Should().BeEmpty();
        var reader = new DeployedStateReader(
            _world.CloudFormationClient(),
            _world.ControlTowerClient(),
            new DeployedStateReaderOptions(DetectDrift: detectDrift, ControlTargets: [.. expected.Select(e => e.TargetIdentifier)]) { PollInterval = TimeSpan.FromMilliseconds(1) });
        var read = await reader.ReadAsync(CancellationToken.None);
        read.Diagnostics.Should().BeEmpty();
        return StatusEvaluator.Evaluate(new StatusOptions(package, StatusWorld.Organization, read.State) { ExpectedControls = expected, ControlsRead = read.ControlsRead });
    }
}
