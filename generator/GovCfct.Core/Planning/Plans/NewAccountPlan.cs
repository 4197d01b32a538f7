using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Packaging;

namespace GovCfct.Core.Planning.Plans;

/// <summary>What a new Account Factory account in an OU receives.</summary>
internal sealed class NewAccountPlan(PlanContext context)
{
    public NewAccountPreview? Plan(string ouPath, EffectivePolicies effective)
    {
        var trimmed = string.Join(':', ouPath.Split(':').Select(s => s.Trim()).Where(s => s.Length > 0));
        var ouId = trimmed == OrgIndex.RootPath ? context.Org.RootId : context.Org.OuByPath(trimmed)?.Id;
        if (ouId is null)
        {
            context.Diagnostics.Report(DiagnosticCodes.PlanNewAccountOuUnknown, $"--ou '{ouPath}' is not an OU of the organization", new SourceLocation("--ou"), "give the full path without Root, e.g. Workloads:Prod (Account Factory creates accounts in existing, registered OUs)");
            return null;
        }

        // Covered or not by the definition's rules, the same ones accounts check refuses a request by.
        if (context.Options.Definition is { } definition && trimmed != OrgIndex.RootPath)
        {
            foreach (var finding in NewAccountCoverage.Check(definition, trimmed, ExpectedPacks.Read(context.Options.Package).SelectMany(p => p.Controls).ToHashSet(StringComparer.Ordinal)))
            {
                context.Diagnostics.Report(finding.Code, finding.Message, new SourceLocation("--ou"), finding.Hint);
            }
        }

        var stackSets = ImmutableArray.CreateBuilder<ReceivedStackSet>();
        var cfctStackSets = 0;
        var seconds = 0;
        foreach (var resource in context.Manifest.Resources.Where(r => r.DeployMethod == DeployMethod.StackSet))
        {
            var resolved = context.Resolved[resource.Name];
            if (resolved.UsesRoot || resolved.Ous.Any(t => t.TargetId == ouId))
            {
                stackSets.Add(new ReceivedStackSet(resource.Name, resolved.Regions));
                cfctStackSets++;
                seconds += context.Options.CostModel.StackSetSeconds(true, 1);
            }
            else
            {
                seconds += context.Options.CostModel.SkippedStackSetSeconds;
            }
        }

        // Service-managed member stack sets: automatic deployment reaches the account when the OU is at or below a target.
        var chain = new[] { ouId }.Concat(context.Org.AncestorsOf(ouId)).ToList();
        foreach (var member in context.Members.Where(m => chain.Contains(m.TargetId)).OrderBy(m => m.StackSetName, StringComparer.Ordinal))
        {
            stackSets.Add(new ReceivedStackSet($"{member.StackSetName} (service-managed: automatic deployment from {member.TargetPath}, no CfCT run)", member.Regions));
        }

        // Per control, as in the matrix: a variant elsewhere is not a gap, an opt-out is a decision with a reason.
        var reaches = context.Coverage.At(context.Org.PathOf(ouId));
        var notReached = reaches.Where(r => r.Coverage == Coverage.Missed).Select(r => r.Control).ToImmutableArray();
        var optedOut = reaches.Where(r => r.Coverage == Coverage.OptedOut).ToImmutableArray();

        var path = context.Org.PathOf(ouId);
        if (stackSets.Count == 0)
        {
            context.Diagnostics.Report(DiagnosticCodes.PlanNewAccountNoStackSets, $"a new account in '{path}' receives no stack set{(notReached.Length > 0 ? $" ({string.Join(", ", notReached)} apply there but reach only other OUs)" : string.Empty)}", new SourceLocation("--ou"), $"list '{path}' in the stack sets' organizational_units");
        }

        seconds += context.Options.CostModel.FixedSeconds(context.Manifest.Resources.Count(r => r.DeployMethod != DeployMethod.StackSet));
        return new NewAccountPreview(path, ouId, effective.At(ouId), stackSets.ToImmutable(), notReached, stackSets.Sum(s => s.Regions.Length), seconds)
        {
            OptedOut = optedOut,
            CfctStackSets = cfctStackSets,
            // Every member account joins an organization conformance pack, unless ExcludedAccounts names it: a new account
            // is not named yet, so it receives even the packs whose scope its OU is outside of.
            ConformancePacks = [.. ExpectedPacks.Read(context.Options.Package).Select(p => new ReceivedPack(p.Name, p.Controls, p.Regions, p.InScope(path)))],
        };
    }
}
