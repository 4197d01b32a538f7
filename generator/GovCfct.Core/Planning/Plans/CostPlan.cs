using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Packaging;

namespace GovCfct.Core.Planning.Plans;

/// <summary>The pipeline run time CfCT needs for the changes.</summary>
internal sealed class CostPlan(PlanContext context)
{
    public PipelineCost Plan(ImmutableArray<StackSetChange> stackSets, ImmutableArray<PolicyChange> policies)
    {
        var model = context.Options.CostModel;
        var fixedSeconds = model.FixedSeconds(policies.Length);
        var breakdown = ImmutableArray.CreateBuilder<string>();
        breakdown.Add($"{model.Stages} pipeline stages x {model.StageOverheadSeconds} s (CodeBuild start, apt, pip)");
        breakdown.Add($"{policies.Length} SCP/RCP execution(s) x {model.PolicySeconds} s");
        var total = fixedSeconds;
        var operations = 0;
        var skipped = 0;
        var touched = 0;
        var perStackSet = new List<(string Name, int Seconds, int Instances)>();
        foreach (var change in stackSets.Where(s => s.Kind != ResourceChangeKind.Orphaned))
        {
            // Orphaned stack sets are outside the manifest: CfCT does not look at them.
            var instances = (change.Kind == ResourceChangeKind.Updated ? change.Instances : 0) + change.InstancesCreated.Length + change.InstancesDeleted.Length;
            var perRegion = change.Regions.IsEmpty ? instances : (int)Math.Ceiling(instances / (double)change.Regions.Length);
            var seconds = model.StackSetSeconds(change.HasOperation, perRegion);
            total += seconds;
            touched += instances;
            if (change.HasOperation)
            {
                operations++;
                perStackSet.Add((change.Name, seconds, instances));
            }
            else
            {
                skipped++;
            }
        }

        breakdown.Add($"{skipped} unchanged stack set(s) x {model.SkippedStackSetSeconds} s (compare and skip)");
        foreach (var (name, seconds, instances) in perStackSet.OrderByDescending(p => p.Seconds).ThenBy(p => p.Name, StringComparer.Ordinal).Take(10))
        {
            breakdown.Add($"{name}: {instances} instance(s), ~{seconds} s");
        }

        return new PipelineCost(operations, skipped, touched, policies.Length, total, breakdown.ToImmutable());
    }
}
