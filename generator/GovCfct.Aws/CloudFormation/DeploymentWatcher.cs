using System.Collections.Immutable;
using System.Globalization;
using GovCfct.Aws.CodePipeline;

namespace GovCfct.Aws.CloudFormation;

/// <summary>How a watch polls and when it gives up.</summary>
public sealed record DeploymentWatchOptions(string PipelineName, ImmutableArray<string> StackSets)
{
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>CfCT runs take hours at 5,000+ accounts (docs/plan.md); the default allows a long one.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromHours(12);

    /// <summary>Waits between polls (Task.Delay in production; tests pass a no-wait).</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = Task.Delay;

    /// <summary>Reads the clock (tests fix it).</summary>
    public Func<DateTimeOffset> Now { get; init; } = () => DateTimeOffset.UtcNow;
}

/// <summary>How the watch ended: Finished (pipeline done, no operation running), PipelineFailed, or TimedOut.</summary>
public enum WatchOutcome
{
    Finished,
    PipelineFailed,
    TimedOut,
}

/// <summary>
/// Follows a CfCT deployment: the pipeline's stages (CodePipeline state) and the stack set operations the StackSet
/// stage starts one after another (docs/facts/cfct.md: stack sets run one at a time in manifest order), printing accounts
/// done / total per stack set and each failed instance as it appears. Returns when the pipeline's run is over and no
/// stack set operation runs any more; the caller then computes the coverage verdict.
/// </summary>
public sealed class DeploymentWatcher(ICodePipelineApi codePipeline, ICloudFormationApi cloudFormation, Action<string> progress)
{
    private static readonly HashSet<string> Active = new(StringComparer.Ordinal) { "RUNNING", "QUEUED", "STOPPING" };

    public async Task<WatchOutcome> WatchAsync(DeploymentWatchOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var reader = new DeployedStateReader(cloudFormation, null);
        var deadline = options.Now() + options.Timeout;
        var lastStages = string.Empty;
        var lastProgress = new Dictionary<string, string>(StringComparer.Ordinal);
        var reportedFailures = new HashSet<(string, string, string, string)>();
        while (true)
        {
            var state = await codePipeline.GetPipelineStateAsync(options.PipelineName, cancellationToken).ConfigureAwait(false);
            var stages = state.StageStates ?? [];
            var line = string.Join("  ", stages.Select(s => $"{s.StageName}: {s.LatestExecution?.Status ?? "-"}"));
            if (line != lastStages)
            {
                progress($"pipeline {options.PipelineName}: {line}");
                lastStages = line;
            }

            var anyRunning = false;
            foreach (var name in options.StackSets)
            {
                var operation = await reader.LatestOperationAsync(name, cancellationToken).ConfigureAwait(false);
                if (operation is null)
                {
                    continue;
                }

                var running = Active.Contains(operation.Status);
                anyRunning |= running;
                int done = 0, total = 0, failed = 0;
                await foreach (var result in cloudFormation.ListStackSetOperationResultsAsync(name, operation.OperationId, cancellationToken).ConfigureAwait(false))
                {
                    total++;
                    if (result.Status is "SUCCEEDED" or "FAILED" or "CANCELLED")
                    {
                        done++;
                    }

                    if (result.Status is "FAILED" && reportedFailures.Add((name, operation.OperationId, result.Account, result.Region)))
                    {
                        failed++;
                        progress($"  FAILED {name} {result.Account} {result.Region}: {result.StatusReason ?? "no reason given"}");
                    }
                }

                var text = string.Create(CultureInfo.InvariantCulture, $"  {name}: {operation.Action} {operation.Status} {done}/{total} account-region(s) done");
                if (!lastProgress.TryGetValue(name, out var was) || was != text)
                {
                    progress(text);
                    lastProgress[name] = text;
                }
            }

            var pipelineRunning = stages.Any(s => s.LatestExecution?.Status is "InProgress" or "Stopping");
            var pipelineFailed = stages.Any(s => s.LatestExecution?.Status is "Failed" or "Stopped");
            if (!pipelineRunning && !anyRunning)
            {
                return pipelineFailed ? WatchOutcome.PipelineFailed : WatchOutcome.Finished;
            }

            if (options.Now() >= deadline)
            {
                return WatchOutcome.TimedOut;
            }

            await options.Delay(options.Interval, cancellationToken).ConfigureAwait(false);
        }
    }
}
