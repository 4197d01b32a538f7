using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Packaging;

namespace GovCfct.Core.Planning;

/// <summary>Inputs of a plan: the package to publish, the organization, and optionally what was published before.</summary>
public sealed record ChangePlanOptions(CfctPackage Package, OrgSnapshot Organization)
{
    /// <summary>The previously published package; without it the plan shows a first deployment.</summary>
    public CfctPackage? Previous { get; init; }

    /// <summary>The snapshot taken when <see cref="Previous"/> was published: reveals OU moves and renamed OUs since then.</summary>
    public OrgSnapshot? PreviousOrganization { get; init; }

    /// <summary>The governance definition: scope of "accounts receiving nothing" and OU/account drift.</summary>
    public GovernanceDefinition? Definition { get; init; }

    /// <summary>
    /// The stack instances that really exist per manifest resource name (plan --deployed); when set they replace the
    /// instances the previous package's targets would resolve to.
    /// </summary>
    public IReadOnlyDictionary<string, ImmutableArray<(string Account, string Region)>>? DeployedInstances { get; init; }

    /// <summary>An OU path (or Root): preview what a new Account Factory account there receives.</summary>
    public string? NewAccountOu { get; init; }

    /// <summary>Written into the report as is; null keeps the output free of timestamps.</summary>
    public string? GeneratedAt { get; init; }

    public PipelineCostModel CostModel { get; init; } = PipelineCostModel.Default;

    /// <summary>What the definition intended (controls per resource, opt-outs); read from the package's build report when not given.</summary>
    public ControlIntent? Intent { get; init; }

    /// <summary>How diagnostics about the organization name the snapshot (the path the user gave).</summary>
    public string OrganizationDisplayPath { get; init; } = "organization snapshot";

    /// <summary>
    /// Plan a package with remote (<c>s3://</c>, <c>https://</c>) resource or parameter files: they are listed among the
    /// dangerous changes. Without it such a package is refused (GCF2110), as <c>validate</c> refuses it.
    /// </summary>
    public bool AllowRemoteFiles { get; init; }
}

/// <summary>
/// Computes what CfCT's next run does (docs/facts/cfct.md §4, §6, §7.6, §7.7): effective controls per account, stack set
/// and instance changes against the previous package, policies CfCT leaves attached, drift, the new-account
/// preview and the pipeline cost. Pure: no I/O; every lookup goes through dictionaries (5,000 accounts, 2,000 OUs).
/// </summary>
public sealed class ChangePlanner
{
    private static readonly ImmutableArray<ReceivedPolicy> NoPolicies = [];

    private readonly ChangePlanOptions _options;
    private readonly DiagnosticBag _diagnostics;
    private readonly OrgIndex _org;
    private readonly OrgIndex _previousOrg;
    private readonly CfctManifest _manifest;
    private readonly ControlIntent? _intent;
    private readonly ControlIntent? _previousIntent;
    private readonly ControlCoverage _coverage;
    private readonly ImmutableArray<MemberStackSetPlacement> _members;

    // OU paths where the package enables a Control Tower control, and where it enables a preventive one (which
    // Control Tower applies to the OUs below too): accounts there receive a control without a stack set or policy.
    private readonly HashSet<string> _controlTowerAt;
    private readonly HashSet<string> _controlTowerBelow;
    private readonly Dictionary<string, ResolvedTargets> _resolved = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ReceivedPolicy>> _attachedAt = new(StringComparer.Ordinal);
    private ImmutableArray<StackSetCollision> _collisions = [];
    private readonly Dictionary<string, ImmutableArray<ReceivedPolicy>> _effective = new(StringComparer.Ordinal);

    private ChangePlanner(ChangePlanOptions options, DiagnosticBag diagnostics)
    {
        _options = options;
        _diagnostics = diagnostics;
        _org = new OrgIndex(options.Organization);
        _previousOrg = options.PreviousOrganization is { } previous ? new OrgIndex(previous) : _org;
        _manifest = options.Package.Manifest;
        _intent = (options.Intent ?? ControlIntent.FromPackage(options.Package))?.WithStatementsFrom(ControlIntent.FromPackage(options.Previous));
        _previousIntent = ControlIntent.FromPackage(options.Previous);
        var controlTower = ControlCoverage.ControlTowerOf(options.Package, id => _org.OuById(id)?.Path);
        _members = ControlCoverage.MemberStackSetsOf(options.Package, _org.RootId, id => _org.OuById(id)?.Path);
        _coverage = new ControlCoverage(_manifest, _intent, controlTower, ExpectedPacks.Read(options.Package), _members);
        _controlTowerAt = controlTower.Select(c => c.OuPath).ToHashSet(StringComparer.Ordinal);
        _controlTowerBelow = controlTower.Where(c => c.Preventive).Select(c => c.OuPath).ToHashSet(StringComparer.Ordinal);
    }

    public static ChangePlan Plan(ChangePlanOptions options, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(diagnostics);
        return new ChangePlanner(options, diagnostics).Run();
    }

    private ChangePlan Run()
    {
        foreach (var resource in _manifest.Resources)
        {
            _resolved[resource.Name] = TargetResolver.Resolve(resource, _manifest.Region, _org, _diagnostics);
        }

        var stackSets = PlanStackSets();
        var policies = PlanPolicies();
        var leftAttached = PlanLeftAttached();
        foreach (var left in leftAttached)
        {
            Attach(left.TargetId, new ReceivedPolicy(left.Name, left.Type, left.TargetPath, true));
        }

        var (accounts, uncovered, inScope) = PlanAccounts(stackSets);
        var controls = _coverage.Controls;
        var ous = PlanCoverage();
        var drift = PlanDrift();
        var newAccount = _options.NewAccountOu is { } ou ? PlanNewAccount(ou) : null;
        var cost = PlanCost(stackSets, policies);

        var summary = new PlanSummary(
            stackSets.Count(s => s.Kind == ResourceChangeKind.Created),
            stackSets.Count(s => s.Kind == ResourceChangeKind.Updated),
            stackSets.Count(s => s.Kind == ResourceChangeKind.Unchanged),
            stackSets.Count(s => s.Kind == ResourceChangeKind.Deleted),
            stackSets.Count(s => s.Kind == ResourceChangeKind.Orphaned),
            stackSets.Sum(s => s.InstancesCreated.Length),
            stackSets.Where(s => s.Kind == ResourceChangeKind.Updated).Sum(s => s.Instances),
            stackSets.Sum(s => s.InstancesDeleted.Length),
            policies.Count(p => p.Kind == ResourceChangeKind.Created),
            policies.Count(p => p.Kind == ResourceChangeKind.Updated),
            policies.Sum(p => p.NewAttachments.Length),
            leftAttached.Length,
            inScope,
            uncovered.Length,
            drift.Length);

        var ctControls = PlanCtControls();
        var detective = PlanDetective();
        var remote = PlanRemoteFiles();
        return new ChangePlan(
            ChangePlan.CurrentSchemaVersion,
            _options.GeneratedAt,
            _options.Previous is not null,
            summary,
            stackSets,
            policies,
            leftAttached,
            accounts,
            uncovered,
            controls,
            ous,
            drift,
            newAccount,
            cost)
        {
            CtControls = ctControls,
            Detective = detective,
            OptOuts = _intent?.OptOuts ?? [],
            MemberStackSets = PlanMemberStackSets() is { IsEmpty: false } members ? members : default,
            RemoteFiles = remote.IsEmpty ? default : remote,
            Collisions = _collisions,
        };
    }

    // ---- remote files -----------------------------------------------------------------------------------------

    /// <summary>
    /// Resource and parameter files CfCT downloads at run time: their content is not in the package, so the plan compares
    /// them as empty and no check sees them. Refused (GCF2110) unless allowed; when allowed, each is a dangerous change.
    /// </summary>
    private ImmutableArray<RemoteResourceFile> PlanRemoteFiles()
    {
        var remote = ImmutableArray.CreateBuilder<RemoteResourceFile>();
        foreach (var resource in _manifest.Resources.OrderBy(r => r.Name, StringComparer.Ordinal))
        {
            foreach (var (key, path) in new[] { ("resource_file", resource.ResourceFile), ("parameter_file", resource.ParameterFile) })
            {
                if (path is null || !Validation.PackageContext.IsRemote(path.Trim()))
                {
                    continue;
                }

                remote.Add(new RemoteResourceFile(resource.Name, key, path.Trim()));
                if (!_options.AllowRemoteFiles)
                {
                    _diagnostics.Report(DiagnosticCodes.RemoteFileRefused, $"resource '{resource.Name}': {key} '{path.Trim()}' is remote: CfCT downloads it when its pipeline runs, so the plan cannot show what it deploys and it can change after the approval", new SourceLocation(CfctPackage.ManifestFileName), "copy the file into the package, or pass --allow-remote-files to plan it as a dangerous change");
                }
            }
        }

        return remote.ToImmutable();
    }

    // ---- service-managed member stack sets ---------------------------------------------------------------------

    /// <summary>Member stack sets that appear, disappear or change targets: instances follow the targets, not CfCT.</summary>
    private ImmutableArray<MemberStackSetChange> PlanMemberStackSets()
    {
        if (_options.Previous is null)
        {
            return [];
        }

        var before = ExpectedMemberStackSets.Read(_options.Previous).ToDictionary(m => m.Name, StringComparer.Ordinal);
        var after = ExpectedMemberStackSets.Read(_options.Package).ToDictionary(m => m.Name, StringComparer.Ordinal);
        var result = ImmutableArray.CreateBuilder<MemberStackSetChange>();
        foreach (var name in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            var was = before.GetValueOrDefault(name);
            var now = after.GetValueOrDefault(name);
            if (was is not null && now is not null && was.TargetOuIds.Order(StringComparer.Ordinal).SequenceEqual(now.TargetOuIds.Order(StringComparer.Ordinal)))
            {
                continue;
            }

            var control = (now ?? was)!.ControlId;
            var from = was?.TargetOuIds ?? [];
            var to = now?.TargetOuIds ?? [];
            var replaced = now is null ? after.Values.FirstOrDefault(m => m.ControlId == control && !before.ContainsKey(m.Name))?.Name
                : was is null ? before.Values.FirstOrDefault(m => m.ControlId == control && !after.ContainsKey(m.Name))?.Name
                : null;
            var (change, accounts, detail) = (was, now) switch
            {
                (null, _) => ("created", AccountsBelow(to), replaced is null
                    ? "StackSets creates its instances in every account below the targets"
                    : $"replaces {replaced}: its instances collide with the old stack set's named resources until those are deleted"),
                (_, null) => ("deleted", AccountsBelow(from), replaced is null
                    ? "the owner stack's delete handler deletes every instance and its resources"
                    : $"replaced by {replaced} (a rename: StackSetName is create-only); every instance is deleted"),
                _ => ("targets changed", AccountsBelow(from.Except(to, StringComparer.Ordinal)), "accounts below a removed target lose their instances; accounts below an added target get them"),
            };
            result.Add(new MemberStackSetChange(name, control, change, [.. from.Select(TargetName)], [.. to.Select(TargetName)], accounts, detail));
        }

        return result.ToImmutable();

        string TargetName(string id) => id == _org.RootId ? $"{OrgIndex.RootPath} ({id})" : _org.OuById(id) is { } ou ? $"{ou.Path} ({id})" : id;

        int AccountsBelow(IEnumerable<string> targets)
        {
            var set = targets.ToHashSet(StringComparer.Ordinal);
            return set.Count == 0 ? 0 : _org.EnrolledAccounts.Count(a => set.Contains(a.ParentId) || _org.AncestorsOf(a.ParentId).Any(set.Contains));
        }
    }

    // ---- Control Tower controls --------------------------------------------------------------------------------

    /// <summary>
    /// Per OU: controls the package enables there, preventive ones inherited from an ancestor (Control Tower shows them
    /// as inherited), and controls the previous package enabled there that this one no longer does (CloudFormation
    /// disables them when the stack updates).
    /// </summary>
    private ImmutableArray<CtOuControls> PlanCtControls()
    {
        var current = CtControlReader.Read(_options.Package);
        var previous = _options.Previous is { } before ? CtControlReader.Read(before) : [];
        if (current.IsEmpty && previous.IsEmpty)
        {
            return default;
        }

        var enabledAt = current.ToLookup(c => c.OuId, StringComparer.Ordinal);
        var removedAt = previous.Where(p => !current.Any(c => c.OuId == p.OuId && c.Identifier == p.Identifier)).ToLookup(p => p.OuId, StringComparer.Ordinal);
        var rows = ImmutableArray.CreateBuilder<CtOuControls>();
        foreach (var ou in _org.Snapshot.OrganizationalUnits.OrderBy(o => o.Path, StringComparer.Ordinal))
        {
            var enabled = enabledAt[ou.Id].Select(c => c.Name).Order(StringComparer.Ordinal).ToImmutableArray();
            var inherited = _org.AncestorsOf(ou.Id).SelectMany(a => enabledAt[a]).Where(c => c.Preventive && !enabled.Contains(c.Name))
                .Select(c => c.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray();
            var removed = removedAt[ou.Id].Select(c => c.Name).Order(StringComparer.Ordinal).ToImmutableArray();
            if (enabled.IsEmpty && inherited.IsEmpty && removed.IsEmpty)
            {
                continue;
            }

            rows.Add(new CtOuControls(ou.Id, ou.Path, _org.AccountsIn(ou.Id).Count(OrgIndex.IsActive), enabled, inherited, removed));
        }

        foreach (var orphan in current.Where(c => _org.OuById(c.OuId) is null).Select(c => c.OuId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            _diagnostics.Report(DiagnosticCodes.PlanCtTargetUnknown, $"Control Tower controls target OU {orphan}, which the organization does not have; enabling them fails", new SourceLocation(CfctPackage.ManifestFileName), "regenerate org-lock.yaml with govcfct org lock and build again");
        }

        return rows.ToImmutable();
    }

    /// <summary>
    /// Per OU that holds accounts: the detective controls Control Tower enables on it (not inherited) and those its
    /// accounts get from organization conformance packs (the OU is in the pack's scope and the accounts are not excluded).
    /// </summary>
    private ImmutableArray<DetectiveOuCoverage> PlanDetective()
    {
        var perOu = CtControlReader.Read(_options.Package).Where(c => !c.Preventive).ToLookup(c => c.OuId, StringComparer.Ordinal);
        var packs = ExpectedPacks.Read(_options.Package);
        if (packs.IsEmpty && perOu.Count == 0)
        {
            return default;
        }

        var rows = ImmutableArray.CreateBuilder<DetectiveOuCoverage>();
        foreach (var ou in _org.Snapshot.OrganizationalUnits.OrderBy(o => o.Path, StringComparer.Ordinal))
        {
            var accounts = _org.AccountsIn(ou.Id).Where(OrgIndex.IsActive).Select(a => a.Id).ToList();
            if (accounts.Count == 0)
            {
                continue;
            }

            var controlTower = perOu[ou.Id].Select(c => c.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray();
            var organization = packs.Where(p => p.InScope(ou.Path) && accounts.Any(a => !p.ExcludedAccounts.Contains(a)))
                .SelectMany(p => p.Controls).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray();
            rows.Add(new DetectiveOuCoverage(ou.Path, accounts.Count, controlTower, organization));
        }

        return rows.ToImmutable();
    }

    // ---- stack sets -------------------------------------------------------------------------------------------

    private ImmutableArray<StackSetChange> PlanStackSets()
    {
        var result = ImmutableArray.CreateBuilder<StackSetChange>();
        var previous = PreviousResources(DeployMethod.StackSet);
        var current = new HashSet<string>(StringComparer.Ordinal);
        foreach (var resource in _manifest.Resources.Where(r => r.DeployMethod == DeployMethod.StackSet))
        {
            current.Add(resource.Name);
            var resolved = _resolved[resource.Name];
            previous.TryGetValue(resource.Name, out var before);
            result.Add(before is null ? Created(resource, resolved) : Compared(resource, resolved, before));
        }

        var delete = _manifest.EnableStackSetDeletion == true;
        var left = new List<(ManifestResource Before, ImmutableArray<StackInstance> Instances)>();
        foreach (var (name, before) in previous.Where(p => !current.Contains(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var deployed = TargetResolver.Resolve(before, _options.Previous!.Manifest.Region, _previousOrg, null);
            var instances = InstancesBefore(name, deployed).Select(i => Instance(i.Account, i.Region, delete ? "stack set deleted" : null)).ToImmutableArray();
            if (!delete)
            {
                left.Add((before, instances));
            }

            if (delete)
            {
                _diagnostics.Report(DiagnosticCodes.PlanStackSetDeleted, $"stack set '{name}' left the manifest and enable_stack_set_deletion is true: CfCT deletes it and its {instances.Length} instance(s) with their resources", new SourceLocation(CfctPackage.ManifestFileName), "keep the resource in the manifest if its resources must stay");
            }
            else
            {
                _diagnostics.Report(DiagnosticCodes.PlanStackSetOrphaned, $"stack set '{name}' left the manifest: CfCT leaves it and its {instances.Length} instance(s) in place, no longer managed", new SourceLocation(CfctPackage.ManifestFileName), $"delete it by hand (aws cloudformation delete-stack-instances, then delete-stack-set --stack-set-name {before.DeployedName}) or set enable_stack_set_deletion");
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

        _collisions = Collisions(left, result);
        return result.ToImmutable();
    }

    /// <summary>
    /// A stack set left in place (renamed away, e.g. a variant that became the base when an override was added or removed)
    /// whose control a stack set of this package now deploys to the same account and region: the two stacks create the same
    /// named resources there. The safe order deletes the old instances before CfCT creates the new ones.
    /// </summary>
    private ImmutableArray<StackSetCollision> Collisions(List<(ManifestResource Before, ImmutableArray<StackInstance> Instances)> left, ImmutableArray<StackSetChange>.Builder changes)
    {
        var result = ImmutableArray.CreateBuilder<StackSetCollision>();
        foreach (var (before, instances) in left)
        {
            // The previous package's own build report says which controls the old stack set carried.
            var oldControls = !before.ControlIds.IsDefaultOrEmpty ? before.ControlIds
                : _previousIntent?.ResourceControls.TryGetValue(before.Name, out var ids) == true && !ids.IsEmpty ? ids
                : _coverage.ControlsOf(before);
            var kept = instances.Select(i => (i.AccountId, i.Region)).ToHashSet();
            foreach (var change in changes.Where(c => c.Kind is not (ResourceChangeKind.Orphaned or ResourceChangeKind.Deleted) && !c.InstancesCreated.IsEmpty))
            {
                var resource = _manifest.Resources.First(r => r.Name == change.Name);
                var controls = _coverage.ControlsOf(resource).Intersect(oldControls, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray();
                var meet = change.InstancesCreated.Where(i => kept.Contains((i.AccountId, i.Region))).ToList();
                if (controls.IsEmpty || meet.Count == 0)
                {
                    continue;
                }

                var accounts = meet.Select(i => i.AccountId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                var regions = meet.Select(i => i.Region).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                ImmutableArray<string> order =
                [
                    $"aws cloudformation delete-stack-instances --stack-set-name {before.DeployedName} --accounts {string.Join(' ', accounts)} --regions {string.Join(' ', regions)} --no-retain-stacks",
                    $"wait for the operation (aws cloudformation list-stack-set-operations --stack-set-name {before.DeployedName}), then publish this package",
                    $"when no instance is left: aws cloudformation delete-stack-set --stack-set-name {before.DeployedName}",
                ];
                result.Add(new StackSetCollision(before.Name, before.DeployedName, change.Name, controls, accounts.Count, meet.Count, order));
                _diagnostics.Report(
                    DiagnosticCodes.PlanStackSetCollision,
                    $"stack set '{change.Name}' creates {meet.Count} instance(s) of {string.Join(", ", controls)} in {accounts.Count} account(s) where '{before.Name}', which left the manifest, keeps its stacks: both create the same named resources",
                    resource.Location ?? new SourceLocation(CfctPackage.ManifestFileName),
                    $"delete the old instances first: {order[0]}; then publish");
            }
        }

        return result.ToImmutable();
    }

    private StackSetChange Created(ManifestResource resource, ResolvedTargets resolved)
    {
        var instances = resolved.Instances.Select(i => Instance(i.Account, i.Region, null)).ToImmutableArray();
        var notes = ImmutableArray.CreateBuilder<string>();
        notes.AddRange(UnresolvedNotes(resolved));
        if (instances.IsEmpty)
        {
            notes.Add("created with no instance: its targets resolve to no ACTIVE account");
        }

        var parameters = Parameters(_options.Package, resource);
        return new StackSetChange(
            resource.Name,
            resource.DeployedName,
            ResourceChangeKind.Created,
            true,
            LineCount(File(_options.Package, resource.ResourceFile)),
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
        var previousPackage = _options.Previous!;
        var deployed = TargetResolver.Resolve(before, previousPackage.Manifest.Region, _previousOrg, null);
        var notes = ImmutableArray.CreateBuilder<string>();
        notes.AddRange(UnresolvedNotes(resolved));

        var newTemplate = File(_options.Package, resource.ResourceFile);
        var oldTemplate = File(previousPackage, before.ResourceFile);
        var templateChanged = !newTemplate.AsSpan().SequenceEqual(oldTemplate);
        var (added, removed) = templateChanged ? LineDiff(oldTemplate, newTemplate) : (0, 0);

        var newParameters = Parameters(_options.Package, resource);
        var oldParameters = Parameters(previousPackage, before);
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
            _diagnostics.Report(DiagnosticCodes.PlanParameterRemoved, $"stack set '{resource.Name}': parameter '{key}' was removed from the manifest; CfCT does not detect that and the stack set keeps '{value}'", resource.Location, "set the parameter explicitly to the value you want");
            notes.Add($"parameter {key} removed: CfCT does not notice (it compares only the manifest's parameters); the stack set keeps the old value");
        }

        var updated = templateChanged || changes.Count > 0;
        var desired = resolved.Instances.ToHashSet();
        var instancesBefore = InstancesBefore(resource.Name, deployed);
        var existing = instancesBefore.ToHashSet();
        var created = resolved.Instances.Where(i => !existing.Contains(i)).Select(i => Instance(i.Account, i.Region, "new target")).ToImmutableArray();
        var deleted = ImmutableArray<StackInstance>.Empty;
        if (desired.Count == 0 && existing.Count > 0)
        {
            _diagnostics.Report(DiagnosticCodes.PlanTargetsEmpty, $"stack set '{resource.Name}': its targets resolve to no account; CfCT skips instance operations and keeps the {existing.Count} existing instance(s)", resource.Location, "correct the targets; when they resolve again, instances outside them will be deleted");
            notes.Add($"targets resolve to no account: instance operations skipped, {existing.Count} existing instance(s) kept");
        }
        else
        {
            deleted = [.. instancesBefore.Where(i => !desired.Contains(i)).Select(i => Instance(i.Account, i.Region, DeletionReason(i.Account, i.Region, resolved, deployed)))];
        }

        if (!deleted.IsEmpty)
        {
            _diagnostics.Report(DiagnosticCodes.PlanInstancesDeleted, $"stack set '{resource.Name}': CfCT deletes {deleted.Length} stack instance(s) and the resources in them ({Distinct(deleted)})", resource.Location, "check the targets (OU names, moved accounts, regions) before approving");
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
        _options.DeployedInstances is { } deployed
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

        var account = _org.Account(accountId);
        if (account is null)
        {
            return "account no longer in the organization";
        }

        if (!OrgIndex.IsActive(account))
        {
            return $"account is {account.Status}";
        }

        var path = _org.PathOf(account.ParentId);
        if (_previousOrg.Account(accountId) is { } was && was.ParentId != account.ParentId)
        {
            return $"account moved from {_previousOrg.PathOf(was.ParentId)} to {path}";
        }

        if (before.ListedAccountIds.Contains(accountId, StringComparer.Ordinal) && !now.ListedAccountIds.Contains(accountId, StringComparer.Ordinal))
        {
            return "account removed from accounts";
        }

        return now.UnresolvedOus.IsEmpty
            ? $"OU {path} no longer targeted"
            : $"OU {path} no longer targeted; '{string.Join("', '", now.UnresolvedOus)}' matches no OU (typo or renamed OU?)";
    }

    private static IEnumerable<string> UnresolvedNotes(ResolvedTargets resolved) =>
        resolved.UnresolvedOus.Select(u => $"target '{u}' matches no OU in the organization");

    private StackInstance Instance(string accountId, string region, string? reason) =>
        new(accountId, TargetResolver.DisplayName(_org.Account(accountId) ?? _previousOrg.Account(accountId), accountId), region, reason);

    private Dictionary<string, ManifestResource> PreviousResources(DeployMethod method)
    {
        var result = new Dictionary<string, ManifestResource>(StringComparer.Ordinal);
        if (_options.Previous is { } previous)
        {
            foreach (var resource in previous.Manifest.Resources.Where(r => r.DeployMethod == method || (method != DeployMethod.StackSet && r.DeployMethod != DeployMethod.StackSet)))
            {
                result.TryAdd(resource.Name, resource);
            }
        }

        return result;
    }

    // ---- policies ---------------------------------------------------------------------------------------------

    private ImmutableArray<PolicyChange> PlanPolicies()
    {
        var previous = PreviousResources(DeployMethod.Scp);
        var result = ImmutableArray.CreateBuilder<PolicyChange>();
        foreach (var resource in _manifest.Resources.Where(r => r.DeployMethod != DeployMethod.StackSet))
        {
            var type = OrgIndex.PolicyType(resource.DeployMethod);
            var existing = _org.Policy(type, resource.Name);
            var resolved = _resolved[resource.Name];
            var notes = ImmutableArray.CreateBuilder<string>();
            notes.AddRange(UnresolvedNotes(resolved).Select(n => n + "; CfCT skips it"));
            ResourceChangeKind kind;
            var statements = ImmutableArray<StatementChange>.Empty;
            if (existing is null)
            {
                kind = ResourceChangeKind.Created;
            }
            else if (previous.TryGetValue(resource.Name, out var before))
            {
                var after = File(_options.Package, resource.ResourceFile);
                var was = File(_options.Previous!, before.ResourceFile);
                var same = after.AsSpan().SequenceEqual(was);
                kind = same ? ResourceChangeKind.Unchanged : ResourceChangeKind.Updated;
                if (!same)
                {
                    var candidates = _coverage.ControlsOf(resource).Concat(_coverage.ControlsOf(before)).Distinct(StringComparer.Ordinal).ToImmutableArray();
                    statements = PolicyDiff.Compare(was, after, _intent?.StatementControls ?? ImmutableDictionary<string, string>.Empty, candidates);
                    foreach (var removed in statements.Where(st => st.Narrows))
                    {
                        var what = removed.Change == StatementChangeKind.Removed ? "loses statement" : "narrows statement";
                        var controls = removed.Change == StatementChangeKind.Removed ? removed.Controls : removed.ControlsRemoved.IsEmpty ? removed.Controls : removed.ControlsRemoved;
                        _diagnostics.Report(DiagnosticCodes.PlanPolicyWeakened, $"{Kind(resource.DeployMethod).ToUpperInvariant()} '{resource.Name}' {what} '{removed.Sid ?? "(no Sid)"}'{(controls.IsEmpty ? string.Empty : $" from {string.Join(", ", controls)}")}: it denies less than before", resource.Location ?? new SourceLocation(CfctPackage.ManifestFileName), "make sure the removal is intended; the plan lists the statement");
                    }
                }
            }
            else if (existing.Content is { } deployed)
            {
                // No previous package (plan --deployed): the policy as Organizations holds it is the "before".
                var after = File(_options.Package, resource.ResourceFile);
                var was = Encoding.UTF8.GetBytes(deployed);
                var same = SameJson(was, after);
                kind = same ? ResourceChangeKind.Unchanged : ResourceChangeKind.Updated;
                if (!same)
                {
                    statements = PolicyDiff.Compare(was, after, _intent?.StatementControls ?? ImmutableDictionary<string, string>.Empty, _coverage.ControlsOf(resource));
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
                Attach(target.TargetId, new ReceivedPolicy(resource.Name, Kind(resource.DeployMethod), target.Target, false));
            }

            var attached = existing?.Targets.ToHashSet(StringComparer.Ordinal) ?? [];
            result.Add(new PolicyChange(
                resource.Name,
                Kind(resource.DeployMethod),
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

    private ImmutableArray<LeftAttachedPolicy> PlanLeftAttached()
    {
        var result = ImmutableArray.CreateBuilder<LeftAttachedPolicy>();
        var previous = PreviousResources(DeployMethod.Scp);
        var current = _manifest.Resources.Where(r => r.DeployMethod != DeployMethod.StackSet).ToDictionary(r => r.Name, StringComparer.Ordinal);
        var names = previous.Keys.Concat(current.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var resource = current.GetValueOrDefault(name) ?? previous[name];
            var type = OrgIndex.PolicyType(resource.DeployMethod);
            if (_org.Policy(type, name) is not { AwsManaged: false } policy)
            {
                continue;
            }

            var wanted = current.ContainsKey(name)
                ? _resolved[name].Ous.Select(t => t.TargetId).ToHashSet(StringComparer.Ordinal)
                : [];
            var before = previous.TryGetValue(name, out var b)
                ? TargetResolver.Resolve(b, _options.Previous!.Manifest.Region, _previousOrg, null).Ous.Select(t => t.TargetId).ToHashSet(StringComparer.Ordinal)
                : [];
            foreach (var target in policy.Targets.Where(t => !wanted.Contains(t)).Order(StringComparer.Ordinal))
            {
                var reason = !current.ContainsKey(name) ? "policy removed from the manifest"
                    : before.Contains(target) ? "target removed from the manifest"
                    : "attached outside the manifest";
                var path = _org.PathOf(target);
                result.Add(new LeftAttachedPolicy(name, Kind(resource.DeployMethod), policy.Id, target, path, reason, $"aws organizations detach-policy --policy-id {policy.Id} --target-id {target}"));
                _diagnostics.Report(DiagnosticCodes.PlanPolicyLeftAttached, $"{Kind(resource.DeployMethod).ToUpperInvariant()} '{name}' stays attached to {path} ({reason}); CfCT never detaches policies", new SourceLocation(CfctPackage.ManifestFileName), $"aws organizations detach-policy --policy-id {policy.Id} --target-id {target}");
            }
        }

        return result.ToImmutable();
    }

    private void Attach(string targetId, ReceivedPolicy policy)
    {
        if (!_attachedAt.TryGetValue(targetId, out var list))
        {
            _attachedAt[targetId] = list = [];
        }

        list.Add(policy);
    }

    /// <summary>Policies in effect at a target: its own attachments after its parent's, memoized top-down.</summary>
    private ImmutableArray<ReceivedPolicy> EffectiveAt(string targetId)
    {
        if (_effective.TryGetValue(targetId, out var cached))
        {
            return cached;
        }

        var parent = targetId == _org.RootId ? null : _org.OuById(targetId)?.ParentId;
        var inherited = parent is null ? NoPolicies : EffectiveAt(parent);
        var own = _attachedAt.GetValueOrDefault(targetId);
        var result = own is null ? inherited : inherited.AddRange(own);
        _effective[targetId] = result;
        return result;
    }

    private static string Kind(DeployMethod method) => method == DeployMethod.Rcp ? "rcp" : "scp";

    // ---- accounts and coverage --------------------------------------------------------------------------------

    private bool ReceivesControlTower(string ouPath) =>
        _controlTowerAt.Contains(ouPath) || ControlCoverage.Ancestors(ouPath).Any(_controlTowerBelow.Contains);

    private (ImmutableArray<AccountControls> Accounts, ImmutableArray<string> Uncovered, int InScope) PlanAccounts(ImmutableArray<StackSetChange> stackSets)
    {
        var received = new Dictionary<string, List<ReceivedStackSet>>(StringComparer.Ordinal);
        foreach (var change in stackSets.Where(s => s.Kind is not (ResourceChangeKind.Deleted or ResourceChangeKind.Orphaned)))
        {
            var resolved = _resolved[change.Name];
            foreach (var account in resolved.AccountIds)
            {
                if (!received.TryGetValue(account, out var list))
                {
                    received[account] = list = [];
                }

                list.Add(new ReceivedStackSet(change.Name, resolved.Regions));
            }
        }

        var scope = _options.Definition is { } definition
            ? definition.AllOus().Select(o => o.Path).ToHashSet(StringComparer.Ordinal)
            : null;

        // OUs the definition leaves to Control Tower (left_to_control_tower: reason), with their subtrees: their accounts
        // receiving nothing from the package is the stated intent, not a gap (GCF3134 answered).
        var leftToControlTower = new HashSet<string>(StringComparer.Ordinal);
        foreach (var ou in _options.Definition?.AllOus().Where(o => o.LeftToControlTower is not null) ?? [])
        {
            leftToControlTower.Add(ou.Path);
            leftToControlTower.UnionWith(_options.Definition!.AllOus().Where(o => o.Path.StartsWith(ou.Path + ":", StringComparison.Ordinal)).Select(o => o.Path));
        }

        var accounts = ImmutableArray.CreateBuilder<AccountControls>(_org.Snapshot.Accounts.Length);
        var uncovered = ImmutableArray.CreateBuilder<string>();
        var inScope = 0;
        foreach (var account in _org.Snapshot.Accounts.OrderBy(a => a.Id, StringComparer.Ordinal))
        {
            var path = _org.PathOf(account.ParentId);

            // SCPs and RCPs never restrict the management account.
            var policies = account.Id == _org.Snapshot.ManagementAccountId ? NoPolicies : EffectiveAt(account.ParentId);
            var sets = received.TryGetValue(account.Id, out var list) ? list.ToImmutableArray() : [];
            accounts.Add(new AccountControls(account.Id, account.Name, account.Status, path, policies, sets));
            var counts = OrgIndex.IsActive(account) && account.Id != _org.Snapshot.ManagementAccountId && (scope is null || scope.Contains(path));
            if (!counts)
            {
                continue;
            }

            inScope++;
            if (sets.IsEmpty && !policies.Any(p => !p.LeftAttached) && !ReceivesControlTower(path) && !leftToControlTower.Contains(path))
            {
                uncovered.Add($"{account.Id} ({account.Name}) in {path}");
            }
        }

        if (uncovered.Count > 0)
        {
            _diagnostics.Report(DiagnosticCodes.PlanAccountsUncovered, $"{uncovered.Count} account(s) in scope receive no control (first: {uncovered[0]})", new SourceLocation(CfctPackage.ManifestFileName), "assign controls to their OU, or list the OU in the stack sets' targets (parent OUs do not reach child OUs)");
        }

        return (accounts.ToImmutable(), uncovered.ToImmutable(), inScope);
    }

    private ImmutableArray<OuCoverage> PlanCoverage()
    {
        // The OUs holding the accounts an account-targeted resource lists: those OUs are covered for some accounts.
        var accountParents = new Dictionary<ManifestResource, HashSet<string>>(ReferenceEqualityComparer.Instance);
        foreach (var resource in _manifest.Resources)
        {
            accountParents[resource] = _resolved[resource.Name].ListedAccountIds.Select(a => _org.Account(a)?.ParentId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        }

        var rows = ImmutableArray.CreateBuilder<OuCoverage>(_org.Snapshot.OrganizationalUnits.Length + 1);
        var targets = new[] { (Id: _org.RootId, Path: OrgIndex.RootPath, Name: OrgIndex.RootPath) }
            .Concat(_org.Snapshot.OrganizationalUnits.OrderBy(o => o.Path, StringComparer.Ordinal).Select(o => (o.Id, o.Path, o.Name)));
        foreach (var (id, path, name) in targets)
        {
            // The management account is neither restricted by SCPs nor reached by Root: it does not count.
            var activeAccounts = _org.AccountsIn(id).Count(a => OrgIndex.IsActive(a) && a.Id != _org.Snapshot.ManagementAccountId);
            var cells = ImmutableArray.CreateBuilder<Coverage>(_coverage.Controls.Length);
            foreach (var control in _coverage.Controls)
            {
                var reach = _coverage.At(path, control, r => accountParents[r].Contains(id)).Coverage;

                // An OU without accounts misses nothing today; the new-account preview shows what one would miss.
                cells.Add(reach == Coverage.Missed && activeAccounts == 0 ? Coverage.None : reach);
            }

            rows.Add(new OuCoverage(id, path, name, _org.AncestorsOf(id).Count(), activeAccounts, cells.MoveToImmutable()));
        }

        return rows.ToImmutable();
    }

    // ---- drift ------------------------------------------------------------------------------------------------

    private ImmutableArray<DriftFinding> PlanDrift()
    {
        var drift = ImmutableArray.CreateBuilder<DriftFinding>();
        if (_options.Definition is { } definition)
        {
            var defined = new HashSet<string>(StringComparer.Ordinal);
            foreach (var ou in definition.AllOus())
            {
                defined.Add(ou.Path);
                if (_org.OuByPath(ou.Path) is null)
                {
                    drift.Add(new DriftFinding("ou-missing-in-organization", ou.Path, "defined but not in the organization: create it (Control Tower: register the OU) before publishing"));
                    _diagnostics.Report(DiagnosticCodes.PlanDefinitionOuMissing, $"OU '{ou.Path}' is in the definition but not in the organization", ou.Location, "create and register the OU in Control Tower, or remove it from the definition");
                }

                foreach (var reference in ou.Accounts)
                {
                    var account = _org.Account(reference.Id);
                    if (account is null)
                    {
                        drift.Add(new DriftFinding("account-missing", reference.Id, $"listed in {ou.Path} but not in the organization"));
                        _diagnostics.Report(DiagnosticCodes.PlanAccountMoved, $"account {reference.Id} ({reference.Name}) is listed in '{ou.Path}' but is not in the organization", reference.Location, "remove it from the definition or take a new snapshot");
                    }
                    else if (_org.PathOf(account.ParentId) is var actual && actual != ou.Path)
                    {
                        drift.Add(new DriftFinding("account-moved", reference.Id, $"definition: {ou.Path}; organization: {actual}"));
                        _diagnostics.Report(DiagnosticCodes.PlanAccountMoved, $"account {reference.Id} ({reference.Name}) is listed in '{ou.Path}' but the organization has it in '{actual}'", reference.Location, "move the account back, or update the definition; stack instances follow the organization");
                    }
                }
            }

            foreach (var ou in _org.Snapshot.OrganizationalUnits.Where(o => !defined.Contains(o.Path)).OrderBy(o => o.Path, StringComparer.Ordinal))
            {
                drift.Add(new DriftFinding("ou-not-in-definition", ou.Path, $"{ou.Id}: in the organization, not in the definition; its accounts get only what parent OUs' SCPs give"));
                _diagnostics.Add(new Diagnostic(DiagnosticCodes.PlanOrgOuNotDefined, $"OU '{ou.Path}' ({ou.Id}) is in the organization but not in the definition", new SourceLocation("organization.yaml") { Root = definition.Organization.Location.Root }, "add it to the definition so it is governed"));
            }
        }

        foreach (var resource in _manifest.Resources)
        {
            foreach (var missing in _resolved[resource.Name].UnresolvedOus)
            {
                drift.Add(new DriftFinding("target-missing-in-organization", missing, $"listed by '{resource.Name}' but no such OU exists"));
            }
        }

        foreach (var account in _org.Snapshot.Accounts.Where(a => !OrgIndex.IsActive(a)).OrderBy(a => a.Id, StringComparer.Ordinal))
        {
            var kind = account.Status switch
            {
                "SUSPENDED" => "account-suspended",
                "PENDING_CLOSURE" => "account-pending-closure",
                _ => "account-unknown-state",
            };
            var path = _org.PathOf(account.ParentId);
            drift.Add(new DriftFinding(kind, account.Id, $"{account.Name} in {path} is {account.Status}: CfCT skips it; existing stack instances there are deleted"));
            _diagnostics.Report(DiagnosticCodes.PlanAccountNotActive, $"account {account.Id} ({account.Name}) in '{path}' is {account.Status}", new SourceLocation(_options.OrganizationDisplayPath), account.Status is "SUSPENDED" or "PENDING_CLOSURE" ? "move closed accounts to a suspended OU outside every target" : "check the account in AWS Organizations; GovCfct does not know this state");
        }

        return drift.ToImmutable();
    }

    // ---- new account ------------------------------------------------------------------------------------------

    private NewAccountPreview? PlanNewAccount(string ouPath)
    {
        var trimmed = string.Join(':', ouPath.Split(':').Select(s => s.Trim()).Where(s => s.Length > 0));
        var ouId = trimmed == OrgIndex.RootPath ? _org.RootId : _org.OuByPath(trimmed)?.Id;
        if (ouId is null)
        {
            _diagnostics.Report(DiagnosticCodes.PlanNewAccountOuUnknown, $"--ou '{ouPath}' is not an OU of the organization", new SourceLocation("--ou"), "give the full path without Root, e.g. Workloads:Prod (Account Factory creates accounts in existing, registered OUs)");
            return null;
        }

        // Covered or not by the definition's rules, the same ones accounts check refuses a request by.
        if (_options.Definition is { } definition && trimmed != OrgIndex.RootPath)
        {
            foreach (var finding in NewAccountCoverage.Check(definition, trimmed, ExpectedPacks.Read(_options.Package).SelectMany(p => p.Controls).ToHashSet(StringComparer.Ordinal)))
            {
                _diagnostics.Report(finding.Code, finding.Message, new SourceLocation("--ou"), finding.Hint);
            }
        }

        var stackSets = ImmutableArray.CreateBuilder<ReceivedStackSet>();
        var cfctStackSets = 0;
        var seconds = 0;
        foreach (var resource in _manifest.Resources.Where(r => r.DeployMethod == DeployMethod.StackSet))
        {
            var resolved = _resolved[resource.Name];
            if (resolved.UsesRoot || resolved.Ous.Any(t => t.TargetId == ouId))
            {
                stackSets.Add(new ReceivedStackSet(resource.Name, resolved.Regions));
                cfctStackSets++;
                seconds += _options.CostModel.StackSetSeconds(true, 1);
            }
            else
            {
                seconds += _options.CostModel.SkippedStackSetSeconds;
            }
        }

        // Service-managed member stack sets: automatic deployment reaches the account when the OU is at or below a target.
        var chain = new[] { ouId }.Concat(_org.AncestorsOf(ouId)).ToList();
        foreach (var member in _members.Where(m => chain.Contains(m.TargetId)).OrderBy(m => m.StackSetName, StringComparer.Ordinal))
        {
            stackSets.Add(new ReceivedStackSet($"{member.StackSetName} (service-managed: automatic deployment from {member.TargetPath}, no CfCT run)", member.Regions));
        }

        // Per control, as in the matrix: a variant elsewhere is not a gap, an opt-out is a decision with a reason.
        var reaches = _coverage.At(_org.PathOf(ouId));
        var notReached = reaches.Where(r => r.Coverage == Coverage.Missed).Select(r => r.Control).ToImmutableArray();
        var optedOut = reaches.Where(r => r.Coverage == Coverage.OptedOut).ToImmutableArray();

        var path = _org.PathOf(ouId);
        if (stackSets.Count == 0)
        {
            _diagnostics.Report(DiagnosticCodes.PlanNewAccountNoStackSets, $"a new account in '{path}' receives no stack set{(notReached.Length > 0 ? $" ({string.Join(", ", notReached)} apply there but reach only other OUs)" : string.Empty)}", new SourceLocation("--ou"), $"list '{path}' in the stack sets' organizational_units");
        }

        seconds += _options.CostModel.FixedSeconds(_manifest.Resources.Count(r => r.DeployMethod != DeployMethod.StackSet));
        return new NewAccountPreview(path, ouId, EffectiveAt(ouId), stackSets.ToImmutable(), notReached, stackSets.Sum(s => s.Regions.Length), seconds)
        {
            OptedOut = optedOut,
            CfctStackSets = cfctStackSets,
            // Every member account joins an organization conformance pack, unless ExcludedAccounts names it: a new account
            // is not named yet, so it receives even the packs whose scope its OU is outside of.
            ConformancePacks = [.. ExpectedPacks.Read(_options.Package).Select(p => new ReceivedPack(p.Name, p.Controls, p.Regions, p.InScope(path)))],
        };
    }

    // ---- cost -------------------------------------------------------------------------------------------------

    private PipelineCost PlanCost(ImmutableArray<StackSetChange> stackSets, ImmutableArray<PolicyChange> policies)
    {
        var model = _options.CostModel;
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

    // ---- files ------------------------------------------------------------------------------------------------

    private byte[] File(CfctPackage package, string path)
    {
        var key = Validation.PackageContext.Normalize(path);
        if (package.Files.TryGetValue(key, out var bytes))
        {
            return bytes;
        }

        if (!Validation.PackageContext.IsRemote(path))
        {
            _diagnostics.Report(DiagnosticCodes.PlanPackageFileMissing, $"'{path}' is named by the manifest but not in the package; compared as empty", new SourceLocation(CfctPackage.ManifestFileName), "build the package again");
        }

        return [];
    }

    /// <summary>Manifest parameters, or the parameter file's ParameterKey/ParameterValue pairs (lists joined by commas as CfCT does).</summary>
    private SortedDictionary<string, string> Parameters(CfctPackage package, ManifestResource resource)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!resource.Parameters.IsDefault)
        {
            foreach (var parameter in resource.Parameters)
            {
                result[parameter.Key] = parameter.Value;
            }
        }

        if (resource.ParameterFile is { } file)
        {
            var bytes = File(package, file);
            try
            {
                using var document = JsonDocument.Parse(bytes);
                foreach (var entry in document.RootElement.EnumerateArray())
                {
                    var key = entry.GetProperty("ParameterKey").GetString() ?? string.Empty;
                    var value = entry.GetProperty("ParameterValue");
                    result[key] = value.ValueKind == JsonValueKind.Array
                        ? string.Join(',', value.EnumerateArray().Select(v => v.ToString()))
                        : value.ToString();
                }
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException)
            {
                result["(" + file + ")"] = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes))[..12];
            }
        }

        return result;
    }

    private static int LineCount(byte[] bytes) => bytes.Length == 0 ? 0 : Lines(bytes).Length;

    private static string[] Lines(byte[] bytes) => new UTF8Encoding(false).GetString(bytes).ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');

    /// <summary>Lines added and removed, counted as multisets: O(n), enough for a review summary of large templates.</summary>
    internal static (int Added, int Removed) LineDiff(byte[] before, byte[] after)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        if (before.Length > 0)
        {
            foreach (var line in Lines(before))
            {
                counts[line] = counts.GetValueOrDefault(line) + 1;
            }
        }

        var added = 0;
        if (after.Length > 0)
        {
            foreach (var line in Lines(after))
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
