namespace GovCfct.Core.Planning;

/// <summary>
/// The constants of the pipeline-run estimate (docs/plan.md, "Pipeline cost"). An estimate, not a measurement:
/// CfCT runs stack sets one after another, so the sum of per-stack-set times is what a reviewer waits for.
/// </summary>
public sealed record PipelineCostModel(
    int StageOverheadSeconds,
    int Stages,
    int PolicySeconds,
    int SkippedStackSetSeconds,
    int StackSetOperationSeconds,
    int InstanceBatchSeconds,
    int ConcurrentAccounts)
{
    /// <summary>
    /// CodeBuild provisioning, apt and pip per stage (Build, SCP, RCP, StackSet); WAIT_TIME 15 s between policy
    /// executions; a few API calls for a skipped stack set; a state machine start plus 15-s polling per operation;
    /// about a minute per wave of small stacks; waves of 25 accounts per region (regions in parallel).
    /// </summary>
    public static PipelineCostModel Default { get; } = new(240, 4, 15, 10, 60, 60, 25);

    /// <summary>Seconds for one stack set: a skip, or an operation plus one batch per wave of accounts.</summary>
    public int StackSetSeconds(bool hasOperation, int accountsTouchedPerRegion) =>
        !hasOperation
            ? SkippedStackSetSeconds
            : StackSetOperationSeconds + (int)Math.Ceiling(accountsTouchedPerRegion / (double)Math.Max(1, ConcurrentAccounts)) * InstanceBatchSeconds;

    /// <summary>The fixed part of a run: every stage pays its CodeBuild start even with nothing to do.</summary>
    public int FixedSeconds(int policyResources) => Stages * StageOverheadSeconds + policyResources * PolicySeconds;
}
