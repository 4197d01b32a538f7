using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Packaging;

namespace GovCfct.Core.Planning.Plans;

/// <summary>SCPs and RCPs: created or updated, their statement diffs, and what CfCT leaves attached.</summary>
internal sealed class PoliciesPlan(PlanContext context)
{
    public ImmutableArray<PolicyChange> Plan(EffectivePolicies effective)
    {
        var previous = context.PreviousResources(DeployMethod.Scp);
        var result = ImmutableArray.CreateBuilder<PolicyChange>();
        foreach (var resource in context.Manifest.Resources.Where(r => r.DeployMethod != DeployMethod.StackSet))
        {
            var type = OrgIndex.PolicyType(resource.DeployMethod);
            var existing = context.Org.Policy(type, resource.Name);
            var resolved = context.Resolved[resource.Name];
            var notes = ImmutableArray.CreateBuilder<string>();
            notes.AddRange(PlanContext.UnresolvedNotes(resolved).Select(n => n + "; CfCT skips it"));
            ResourceChangeKind kind;
            var statements = ImmutableArray<StatementChange>.Empty;
            if (existing is null)
            {
                kind = ResourceChangeKind.Created;
            }
            else if (previous.TryGetValue(resource.Name, out var before))
            {
                var after = context.File(context.Options.Package, resource.ResourceFile);
                var was = context.File(context.Options.Previous!, before.ResourceFile);
                var same = after.AsSpan().SequenceEqual(was);
                kind = same ? ResourceChangeKind.Unchanged : ResourceChangeKind.Updated;
                if (!same)
                {
                    var candidates = context.Coverage.ControlsOf(resource).Concat(context.Coverage.ControlsOf(before)).Distinct(StringComparer.Ordinal).ToImmutableArray();
                    statements = PolicyDiff.Compare(was, after, context.Intent?.StatementControls ?? ImmutableDictionary<string, string>.Empty, candidates);
                    foreach (var removed in statements.Where(st => st.Narrows))
                    {
                        var what = removed.Change == StatementChangeKind.Removed ? "loses statement" : "narrows statement";
                        var controls = removed.Change == StatementChangeKind.Removed ? removed.Controls : removed.ControlsRemoved.IsEmpty ? removed.Controls : removed.ControlsRemoved;
                        context.Diagnostics.Report(DiagnosticCodes.PlanPolicyWeakened, $"{PlanContext.Kind(resource.DeployMethod).ToUpperInvariant()} '{resource.Name}' {what} '{removed.Sid ?? "(no Sid)"}'{(controls.IsEmpty ? string.Empty : $" from {string.Join(", ", controls)}")}: it denies less than before", resource.Location ?? new SourceLocation(CfctPackage.ManifestFileName), "make sure the removal is intended; the plan lists the statement");
                    }
                }
            }
            else if (existing.Content is { } deployed)
            {
                // No previous package (plan --deployed): the policy as Organizations holds it is the "before".
                var after = context.File(context.Options.Package, resource.ResourceFile);
                var was = Encoding.UTF8.GetBytes(deployed);
                var same = SameJson(was, after);
                kind = same ? ResourceChangeKind.Unchanged : ResourceChangeKind.Updated;
                if (!same)
                {
                    statements = PolicyDiff.Compare(was, after, context.Intent?.StatementControls ?? ImmutableDictionary<string, string>.Empty, context.Coverage.ControlsOf(resource));
                    notes.Add("compared with the content deployed in the organization (DescribePolicy)");
                }
            }
            else
            {
                kind = ResourceChangeKind.Updated;
                notes.Add("exists in the organization but not in the previous package: content not compared (the snapshot holds no policy content; take it with 'govcfct org snapshot'); CfCT overwrites it");
            }

            foreach (var target in resolved.Ous)
            {
                effective.Attach(target.TargetId, new ReceivedPolicy(resource.Name, PlanContext.Kind(resource.DeployMethod), target.Target, false));
            }

            var attached = existing?.Targets.ToHashSet(StringComparer.Ordinal) ?? [];
            result.Add(new PolicyChange(
                resource.Name,
                PlanContext.Kind(resource.DeployMethod),
                kind,
                existing?.Id,
                resolved.Ous,
                [.. resolved.Ous.Where(t => !attached.Contains(t.TargetId))],
                notes.ToImmutable())
            {
                Statements = statements,
            });
        }

        return result.ToImmutable();
    }

    // Organizations may hold a document with other whitespace or key order than the file CfCT submitted: equal JSON is equal.
    private static bool SameJson(byte[] a, byte[] b)
    {
        try
        {
            return System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(a), System.Text.Json.Nodes.JsonNode.Parse(b));
        }
        catch (System.Text.Json.JsonException)
        {
            return a.AsSpan().SequenceEqual(b);
        }
    }

    public ImmutableArray<LeftAttachedPolicy> LeftAttached()
    {
        var result = ImmutableArray.CreateBuilder<LeftAttachedPolicy>();
        var previous = context.PreviousResources(DeployMethod.Scp);
        var current = context.Manifest.Resources.Where(r => r.DeployMethod != DeployMethod.StackSet).ToDictionary(r => r.Name, StringComparer.Ordinal);
        var names = previous.Keys.Concat(current.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var resource = current.GetValueOrDefault(name) ?? previous[name];
            var type = OrgIndex.PolicyType(resource.DeployMethod);
            if (context.Org.Policy(type, name) is not { AwsManaged: false } policy)
            {
                continue;
            }

            var wanted = current.ContainsKey(name)
                ? context.Resolved[name].Ous.Select(t => t.TargetId).ToHashSet(StringComparer.Ordinal)
                : [];
            var before = previous.TryGetValue(name, out var b)
                ? TargetResolver.Resolve(b, context.Options.Previous!.Manifest.Region, context.PreviousOrg, null).Ous.Select(t => t.TargetId).ToHashSet(StringComparer.Ordinal)
                : [];
            foreach (var target in policy.Targets.Where(t => !wanted.Contains(t)).Order(StringComparer.Ordinal))
            {
                var reason = !current.ContainsKey(name) ? "policy removed from the manifest"
                    : before.Contains(target) ? "target removed from the manifest"
                    : "attached outside the manifest";
                var path = context.Org.PathOf(target);
                result.Add(new LeftAttachedPolicy(name, PlanContext.Kind(resource.DeployMethod), policy.Id, target, path, reason, $"aws organizations detach-policy --policy-id {policy.Id} --target-id {target}"));
                context.Diagnostics.Report(DiagnosticCodes.PlanPolicyLeftAttached, $"{PlanContext.Kind(resource.DeployMethod).ToUpperInvariant()} '{name}' stays attached to {path} ({reason}); CfCT never detaches policies", new SourceLocation(CfctPackage.ManifestFileName), $"aws organizations detach-policy --policy-id {policy.Id} --target-id {target}");
            }
        }

        return result.ToImmutable();
    }
}
