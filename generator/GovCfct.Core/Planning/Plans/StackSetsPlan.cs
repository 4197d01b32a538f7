using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Packaging;

namespace GovCfct.Core.Planning.Plans;

/// <summary>Stack sets created, updated, unchanged, deleted or orphaned, with their instances, and the collisions between them.</summary>
internal sealed class StackSetsPlan(PlanContext context)
{
    public (ImmutableArray<StackSetChange> Changes, ImmutableArray<StackSetCollision> Collisions) Plan()
    {
        var result = ImmutableArray.CreateBuilder<StackSetChange>();
        var previous = context.PreviousResources(DeployMethod.StackSet);
        var current = new HashSet<string>(StringComparer.Ordinal);
        foreach (var resource in context.Manifest.Resources.Where(r => r.DeployMethod == DeployMethod.StackSet))
        {
            current.Add(resource.Name);
            var resolved = context.Resolved[resource.Name];
            previous.TryGetValue(resource.Name, out var before);
            result.Add(before is null ? Created(resource, resolved) : Compared(resource, resolved, before));
        }

        var delete = context.Manifest.EnableStackSetDeletion == true;
        var left = new List<(ManifestResource Before, ImmutableArray<StackInstance> Instances)>();
        foreach (var (name, before) in previous.Where(p => !current.Contains(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var deployed = TargetResolver.Resolve(before, context.Options.Previous!.Manifest.Region, context.PreviousOrg, null);
            var instances = InstancesBefore(name, deployed).Select(i => context.Instance(i.Account, i.Region, delete ? "stack set deleted" : null)).ToImmutableArray();
            if (!delete)
            {
                left.Add((before, instances));
            }

            if (delete)
            {
                context.Diagnostics.Report(DiagnosticCodes.PlanStackSetDeleted, $"stack set '{name}' left the manifest and enable_stack_set_deletion is true: CfCT deletes it and its {instances.Length} instance(s) with their resources", new SourceLocation(CfctPackage.ManifestFileName), "keep the resource in the manifest if its resources must stay");
            }
            else
            {
                context.Diagnostics.Report(DiagnosticCodes.PlanStackSetOrphaned, $"stack set '{name}' left the manifest: CfCT leaves it and its {instances.Length} instance(s) in place, no longer managed", new SourceLocation(CfctPackage.ManifestFileName), $"delete it by hand (aws cloudformation delete-stack-instances, then delete-stack-set --stack-set-name {before.DeployedName}) or set enable_stack_set_deletion");
            }

            result.Add(new StackSetChange(
                name,
                before.DeployedName,
                delete ? ResourceChangeKind.Deleted : ResourceChangeKind.Orphaned,
                false,
                0,
                0,
                [],
                deployed.Regions,
                TargetResolver.Describe(before),
                instances.Length,
                [],
                delete ? instances : [],
                delete ? ["enable_stack_set_deletion: deleted before any create or update, with RetainStacks=false"] : ["not deleted: enable_stack_set_deletion is off; the stacks stay, unmanaged"]));
        }

        var collisions = Collisions(left, result);
        return (result.ToImmutable(), collisions);
    }

    /// <summary>
    /// A stack set left in place (renamed away, e.g. a variant that became the base when an override was added or removed)
    /// while a stack set of this package creates instances in the same account and region, and both templates claim the same
    /// physical names or a resource an account holds once per region (<see cref="NamedResources"/>). The safe order deletes
    /// the old instances before CfCT creates the new ones.
    /// </summary>
    private ImmutableArray<StackSetCollision> Collisions(List<(ManifestResource Before, ImmutableArray<StackInstance> Instances)> left, ImmutableArray<StackSetChange>.Builder changes)
    {
        var result = ImmutableArray.CreateBuilder<StackSetCollision>();
        foreach (var (before, instances) in left)
        {
            // The previous package's own build report says which controls the old stack set carried.
            var oldControls = !before.ControlIds.IsDefaultOrEmpty ? before.ControlIds
                : context.PreviousIntent?.ResourceControls.TryGetValue(before.Name, out var ids) == true && !ids.IsEmpty ? ids
                : context.Coverage.ControlsOf(before);
            var kept = instances.Select(i => (i.AccountId, i.Region)).ToHashSet();
            foreach (var change in changes.Where(c => c.Kind is not (ResourceChangeKind.Orphaned or ResourceChangeKind.Deleted) && !c.InstancesCreated.IsEmpty))
            {
                var resource = context.Manifest.Resources.First(r => r.Name == change.Name);
                var controls = context.Coverage.ControlsOf(resource).Intersect(oldControls, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray();
                var meet = change.InstancesCreated.Where(i => kept.Contains((i.AccountId, i.Region))).ToList();
                if (meet.Count == 0)
                {
                    continue;
                }

                // What both templates name alike (or hold once per region): a variant's name_suffix keeps its names apart
                // from the base stack set's, and then the two coexist. A template that cannot be read falls back to
                // "same control, same names".
                var previous = context.Options.Previous!;
                var shared = NamedResources.Shared(Bytes(previous, before.ResourceFile), context.Parameters(previous, before), Bytes(context.Options.Package, resource.ResourceFile), context.Parameters(context.Options.Package, resource));
                if (shared is { IsEmpty: true } || (shared is null && controls.IsEmpty))
                {
                    continue;
                }

                if (controls.IsEmpty)
                {
                    controls = [.. context.Coverage.ControlsOf(resource).Order(StringComparer.Ordinal)];
                }

                var names = shared ?? [];

                var accounts = meet.Select(i => i.AccountId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                var regions = meet.Select(i => i.Region).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                ImmutableArray<string> order =
                [
                    $"aws cloudformation delete-stack-instances --stack-set-name {before.DeployedName} --accounts {string.Join(' ', accounts)} --regions {string.Join(' ', regions)} --no-retain-stacks",
                    $"wait for the operation (aws cloudformation list-stack-set-operations --stack-set-name {before.DeployedName}), then publish this package",
                    $"when no instance is left: aws cloudformation delete-stack-set --stack-set-name {before.DeployedName}",
                ];
                result.Add(new StackSetCollision(before.Name, before.DeployedName, change.Name, controls, accounts.Count, meet.Count, order) { Names = names });
                context.Diagnostics.Report(
                    DiagnosticCodes.PlanStackSetCollision,
                    $"stack set '{change.Name}' creates {meet.Count} instance(s) of {string.Join(", ", controls)} in {accounts.Count} account(s) where '{before.Name}', which left the manifest, keeps its stacks: both create the same named resources{StackSetCollision.Describe(names)}",
                    resource.Location ?? new SourceLocation(CfctPackage.ManifestFileName),
                    $"delete the old instances first: {order[0]}; then publish");
            }
        }

        return result.ToImmutable();
    }

    // A package file without the "compared as empty" diagnostic: only the collision check reads the old template here.
    private static byte[] Bytes(CfctPackage package, string path) =>
        package.Files.TryGetValue(Validation.PackageContext.Normalize(path), out var bytes) ? bytes : [];

    private StackSetChange Created(ManifestResource resource, ResolvedTargets resolved)
    {
        var instances = resolved.Instances.Select(i => context.Instance(i.Account, i.Region, null)).ToImmutableArray();
        var notes = ImmutableArray.CreateBuilder<string>();
        notes.AddRange(PlanContext.UnresolvedNotes(resolved));
        if (instances.IsEmpty)
        {
            notes.Add("created with no instance: its targets resolve to no ACTIVE account");
        }

        var parameters = context.Parameters(context.Options.Package, resource);
        return new StackSetChange(
            resource.Name,
            resource.DeployedName,
            ResourceChangeKind.Created,
            true,
            PlanContext.LineCount(context.File(context.Options.Package, resource.ResourceFile)),
            0,
            [.. parameters.Select(p => new ParameterChange(p.Key, null, p.Value))],
            resolved.Regions,
            TargetResolver.Describe(resource),
            instances.Length,
            instances,
            [],
            notes.ToImmutable());
    }

    private StackSetChange Compared(ManifestResource resource, ResolvedTargets resolved, ManifestResource before)
    {
        var previousPackage = context.Options.Previous!;
        var deployed = TargetResolver.Resolve(before, previousPackage.Manifest.Region, context.PreviousOrg, null);
        var notes = ImmutableArray.CreateBuilder<string>();
        notes.AddRange(PlanContext.UnresolvedNotes(resolved));

        var newTemplate = context.File(context.Options.Package, resource.ResourceFile);
        var oldTemplate = context.File(previousPackage, before.ResourceFile);
        var templateChanged = !newTemplate.AsSpan().SequenceEqual(oldTemplate);
        var (added, removed) = templateChanged ? LineDiff(oldTemplate, newTemplate) : (0, 0);

        var newParameters = context.Parameters(context.Options.Package, resource);
        var oldParameters = context.Parameters(previousPackage, before);
        var changes = ImmutableArray.CreateBuilder<ParameterChange>();
        foreach (var (key, value) in newParameters)
        {
            oldParameters.TryGetValue(key, out var old);
            if (!string.Equals(old, value, StringComparison.Ordinal))
            {
                changes.Add(new ParameterChange(key, old, value));
            }
        }

        var removedOnly = ImmutableArray.CreateBuilder<ParameterChange>();
        foreach (var (key, value) in oldParameters.Where(p => !newParameters.ContainsKey(p.Key)))
        {
            removedOnly.Add(new ParameterChange(key, value, null));
            context.Diagnostics.Report(DiagnosticCodes.PlanParameterRemoved, $"stack set '{resource.Name}': parameter '{key}' was removed from the manifest; CfCT does not detect that and the stack set keeps '{value}'", resource.Location, "set the parameter explicitly to the value you want");
            notes.Add($"parameter {key} removed: CfCT does not notice (it compares only the manifest's parameters); the stack set keeps the old value");
        }

        var updated = templateChanged || changes.Count > 0;
        var desired = resolved.Instances.ToHashSet();
        var instancesBefore = InstancesBefore(resource.Name, deployed);
        var existing = instancesBefore.ToHashSet();
        var created = resolved.Instances.Where(i => !existing.Contains(i)).Select(i => context.Instance(i.Account, i.Region, "new target")).ToImmutableArray();
        var deleted = ImmutableArray<StackInstance>.Empty;
        if (desired.Count == 0 && existing.Count > 0)
        {
            context.Diagnostics.Report(DiagnosticCodes.PlanTargetsEmpty, $"stack set '{resource.Name}': its targets resolve to no account; CfCT skips instance operations and keeps the {existing.Count} existing instance(s)", resource.Location, "correct the targets; when they resolve again, instances outside them will be deleted");
            notes.Add($"targets resolve to no account: instance operations skipped, {existing.Count} existing instance(s) kept");
        }
        else
        {
            deleted = [.. instancesBefore.Where(i => !desired.Contains(i)).Select(i => context.Instance(i.Account, i.Region, DeletionReason(i.Account, i.Region, resolved, deployed)))];
        }

        if (!deleted.IsEmpty)
        {
            context.Diagnostics.Report(DiagnosticCodes.PlanInstancesDeleted, $"stack set '{resource.Name}': CfCT deletes {deleted.Length} stack instance(s) and the resources in them ({Distinct(deleted)})", resource.Location, "check the targets (OU names, moved accounts, regions) before approving");
        }

        if (updated)
        {
            notes.Add($"UpdateStackSet on all {desired.Count} instance(s)");
        }

        return new StackSetChange(
            resource.Name,
            resource.DeployedName,
            updated ? ResourceChangeKind.Updated : ResourceChangeKind.Unchanged,
            templateChanged,
            added,
            removed,
            [.. changes, .. removedOnly],
            resolved.Regions,
            TargetResolver.Describe(resource),
            desired.Count,
            created,
            deleted,
            notes.ToImmutable());
    }

    /// <summary>The instances there before: what AWS reports (plan --deployed) or what the previous package's targets resolve to.</summary>
    private IEnumerable<(string Account, string Region)> InstancesBefore(string name, ResolvedTargets previous) =>
        context.Options.DeployedInstances is { } deployed
            ? deployed.GetValueOrDefault(name, [])
            : previous.Instances;

    private static string Distinct(ImmutableArray<StackInstance> instances)
    {
        var accounts = instances.Select(i => i.AccountId).Distinct(StringComparer.Ordinal).Count();
        var regions = instances.Select(i => i.Region).Distinct(StringComparer.Ordinal).Count();
        return $"{accounts} account(s), {regions} region(s)";
    }

    private string DeletionReason(string accountId, string region, ResolvedTargets now, ResolvedTargets before)
    {
        if (!now.Regions.Contains(region, StringComparer.Ordinal))
        {
            return $"region {region} removed";
        }

        var account = context.Org.Account(accountId);
        if (account is null)
        {
            return "account no longer in the organization";
        }

        if (!OrgIndex.IsActive(account))
        {
            return $"account is {account.Status}";
        }

        var path = context.Org.PathOf(account.ParentId);
        if (context.PreviousOrg.Account(accountId) is { } was && was.ParentId != account.ParentId)
        {
            return $"account moved from {context.PreviousOrg.PathOf(was.ParentId)} to {path}";
        }

        if (before.ListedAccountIds.Contains(accountId, StringComparer.Ordinal) && !now.ListedAccountIds.Contains(accountId, StringComparer.Ordinal))
        {
            return "account removed from accounts";
        }

        return now.UnresolvedOus.IsEmpty
            ? $"OU {path} no longer targeted"
            : $"OU {path} no longer targeted; '{string.Join("', '", now.UnresolvedOus)}' matches no OU (typo or renamed OU?)";
    }

    /// <summary>Lines added and removed, counted as multisets: O(n), enough for a review summary of large templates.</summary>
    internal static (int Added, int Removed) LineDiff(byte[] before, byte[] after)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        if (before.Length > 0)
        {
            foreach (var line in PlanContext.Lines(before))
            {
                counts[line] = counts.GetValueOrDefault(line) + 1;
            }
        }

        var added = 0;
        if (after.Length > 0)
        {
            foreach (var line in PlanContext.Lines(after))
            {
                var left = counts.GetValueOrDefault(line);
                if (left > 0)
                {
                    counts[line] = left - 1;
                }
                else
                {
                    added++;
                }
            }
        }

        return (added, counts.Values.Sum());
    }
}
