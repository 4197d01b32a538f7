using System.Collections.Immutable;
using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Packaging;
using GovCfct.Core.Planning.Plans;

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
/// Each part is a sub-plan in <c>Planning/Plans/</c> over one read-only <see cref="PlanContext"/>.
/// </summary>
public static class ChangePlanner
{
    public static ChangePlan Plan(ChangePlanOptions options, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var context = new PlanContext(options, diagnostics);
        var (stackSets, collisions) = new StackSetsPlan(context).Plan();
        var effective = new EffectivePolicies(context.Org);
        var policyPlan = new PoliciesPlan(context);
        var policies = policyPlan.Plan(effective);
        var leftAttached = policyPlan.LeftAttached();
        foreach (var left in leftAttached)
        {
            effective.Attach(left.TargetId, new ReceivedPolicy(left.Name, left.Type, left.TargetPath, true));
        }

        var (accounts, uncovered, inScope) = new AccountsPlan(context).Plan(stackSets, effective);
        var controls = context.Coverage.Controls;
        var ous = new CoveragePlan(context).Plan();
        var drift = new DriftPlan(context).Plan();
        var newAccount = options.NewAccountOu is { } ou ? new NewAccountPlan(context).Plan(ou, effective) : null;
        var cost = new CostPlan(context).Plan(stackSets, policies);

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

        var ctControls = new CtControlsPlan(context).Plan();
        var detective = new DetectivePlan(context).Plan();
        var remote = new RemoteFilesPlan(context).Plan();
        return new ChangePlan(
            ChangePlan.CurrentSchemaVersion,
            options.GeneratedAt,
            options.Previous is not null,
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
            OptOuts = context.Intent?.OptOuts ?? [],
            MemberStackSets = new MemberStackSetsPlan(context).Plan() is { IsEmpty: false } members ? members : default,
            RemoteFiles = remote.IsEmpty ? default : remote,
            Collisions = collisions,
        };
    }

    /// <summary>Lines added and removed, counted as multisets (see <see cref="StackSetsPlan.LineDiff"/>).</summary>
    internal static (int Added, int Removed) LineDiff(byte[] before, byte[] after) => StackSetsPlan.LineDiff(before, after);
}
