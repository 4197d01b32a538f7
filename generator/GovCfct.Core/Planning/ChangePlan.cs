using System.Collections.Immutable;

namespace GovCfct.Core.Planning;

/// <summary>What CfCT's next run does to one resource, in CfCT's own terms (docs/plan.md explains each).</summary>
public enum ResourceChangeKind
{
    Unchanged,
    Created,
    Updated,
    Deleted,
    Orphaned,
}

/// <summary>
/// How a control (any of its variants) reaches an OU in the coverage matrix. OptedOut = the OU or a parent opted out,
/// with a reason. Missed = the control applies here but nothing reaches the accounts (CfCT never descends into child
/// OUs, and a policy attached only at the children leaves the OU's own accounts without it).
/// </summary>
public enum Coverage
{
    None,
    Attached,
    Inherited,
    Deployed,
    AccountsOnly,
    OptedOut,
    Missed,
}

/// <summary>
/// The review of one change: effective controls, what CfCT will do against the previous package, drift, the
/// new-account preview and the pipeline cost. Immutable and deterministic so it can be diffed and checked in.
/// </summary>
public sealed record ChangePlan(
    int SchemaVersion,
    string? GeneratedAt,
    bool HasPrevious,
    PlanSummary Summary,
    ImmutableArray<StackSetChange> StackSets,
    ImmutableArray<PolicyChange> Policies,
    ImmutableArray<LeftAttachedPolicy> LeftAttached,
    ImmutableArray<AccountControls> Accounts,
    ImmutableArray<string> UncoveredAccounts,
    ImmutableArray<string> Controls,
    ImmutableArray<OuCoverage> Ous,
    ImmutableArray<DriftFinding> Drift,
    NewAccountPreview? NewAccount,
    PipelineCost Cost)
{
    /// <summary>Bumped on any incompatible change of the JSON shape (2: coverage columns are controls, not resources).</summary>
    public const int CurrentSchemaVersion = 2;

    /// <summary>Control Tower controls per OU that has any (enabled, inherited or removed), in path order; default when the packages have none.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public ImmutableArray<CtOuControls> CtControls { get; init; }

    /// <summary>The organization and the package against the AWS quotas of <c>limits:</c>, and the work the package starts at this size; null until checked.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public ScaleReport? Scale { get; init; }

    /// <summary>The definition's opt-outs with their reasons (empty for a package without a build report).</summary>
    public ImmutableArray<PlanOptOut> OptOuts { get; init; } = [];

    /// <summary>
    /// Per OU that holds accounts: which detective control reaches it by which mechanism (Control Tower's per-OU
    /// enablement, or an organization conformance pack); default when the package has no detective control.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public ImmutableArray<DetectiveOuCoverage> Detective { get; init; }

    /// <summary>Service-managed member stack sets that appear, disappear or change their target OU ids against the previous package; default when none does.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public ImmutableArray<MemberStackSetChange> MemberStackSets { get; init; }

    /// <summary>Resource and parameter files CfCT downloads when its pipeline runs (allowed by <c>--allow-remote-files</c>); default when none.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public ImmutableArray<RemoteResourceFile> RemoteFiles { get; init; }

    /// <summary>Stack sets whose new instances meet the instances a stack set leaving the manifest keeps, for the same control (GCF3200).</summary>
    public ImmutableArray<StackSetCollision> Collisions { get; init; } = [];

    /// <summary>Instance deletions, stack set deletions, policies left attached, weakened policies, stack-set collisions and remote files: what a reviewer must see first.</summary>
    public bool HasDangerousChanges =>
        Summary.InstancesDeleted > 0 || Summary.StackSetsDeleted > 0 || !LeftAttached.IsEmpty || Policies.Any(p => p.Weakens) || !Collisions.IsEmpty
        || (!MemberStackSets.IsDefault && MemberStackSets.Any(m => m.Dangerous))
        || (!RemoteFiles.IsDefault && !RemoteFiles.IsEmpty);

    /// <summary>The opt-out that covers <paramref name="ouPath"/> for <paramref name="control"/>: at the OU or a parent.</summary>
    public PlanOptOut? OptOutAt(string ouPath, string control)
    {
        ArgumentNullException.ThrowIfNull(ouPath);
        return OptOuts.FirstOrDefault(o => o.Control == control && (o.OuPath == ouPath || ouPath.StartsWith(o.OuPath + ":", StringComparison.Ordinal)));
    }
}

/// <summary>A manifest file CfCT downloads at run time: <paramref name="Key"/> is <c>resource_file</c> or <c>parameter_file</c>.</summary>
public sealed record RemoteResourceFile(string Resource, string Key, string Location);

/// <summary>
/// A stack set that leaves the manifest (CfCT keeps its instances: enable_stack_set_deletion is off) and a stack set of
/// the same control that creates instances in the same accounts and regions: both templates create the same named
/// resources (Config rules, roles, topics), so the new instances fail on names that exist, or, if they succeed, deleting
/// the old stack set later deletes what the new one relies on. <see cref="SafeOrder"/> is the order that avoids both.
/// </summary>
public sealed record StackSetCollision(string Left, string LeftDeployedName, string Taking, ImmutableArray<string> Controls, int Accounts, int Instances, ImmutableArray<string> SafeOrder)
{
    /// <summary>What both templates claim in one account and region ("AWS::Config::ConfigRule gc-restricted-ssh"); empty when a template could not be read.</summary>
    public ImmutableArray<string> Names { get; init; } = [];

    /// <summary>" (first three names, and how many more)" for a message; empty without names.</summary>
    public static string Describe(ImmutableArray<string> names) =>
        names.IsDefaultOrEmpty ? string.Empty
        : $" ({string.Join(", ", names.Take(3))}{(names.Length > 3 ? $" and {names.Length - 3} more" : string.Empty)})";
}

/// <summary>
/// A service-managed member stack set against the previous package: <c>created</c>, <c>deleted</c> (its owner resource's
/// delete handler deletes every instance, in <see cref="Accounts"/> accounts) or <c>targets changed</c>. A deletion next
/// to a creation for the same control is a replacement: StackSetName and PermissionModel are create-only, and the new
/// stack set's instances collide with the old one's named resources until those are deleted.
/// </summary>
public sealed record MemberStackSetChange(string Name, string Control, string Change, ImmutableArray<string> FromTargets, ImmutableArray<string> ToTargets, int Accounts, string Detail)
{
    /// <summary>Deletions and target changes that drop a target lose instances.</summary>
    public bool Dangerous => Change == "deleted" || (Change == "targets changed" && FromTargets.Except(ToTargets, StringComparer.Ordinal).Any());
}

/// <summary>Counts for the summary table at the top of every report.</summary>
public sealed record PlanSummary(
    int StackSetsCreated,
    int StackSetsUpdated,
    int StackSetsUnchanged,
    int StackSetsDeleted,
    int StackSetsOrphaned,
    int InstancesCreated,
    int InstancesUpdated,
    int InstancesDeleted,
    int PoliciesCreated,
    int PoliciesUpdated,
    int PolicyAttachments,
    int PoliciesLeftAttached,
    int AccountsInScope,
    int AccountsUncovered,
    int DriftFindings);

/// <summary>One stack instance: an account in a region; <see cref="Reason"/> says why it is created or deleted.</summary>
public sealed record StackInstance(string AccountId, string AccountName, string Region, string? Reason = null);

/// <summary>One manifest parameter whose value changes; null From = added, null To = removed.</summary>
public sealed record ParameterChange(string Key, string? From, string? To);

/// <summary>What happens to one stack set. Instances are per account and region.</summary>
public sealed record StackSetChange(
    string Name,
    string DeployedName,
    ResourceChangeKind Kind,
    bool TemplateChanged,
    int TemplateLinesAdded,
    int TemplateLinesRemoved,
    ImmutableArray<ParameterChange> ParameterChanges,
    ImmutableArray<string> Regions,
    ImmutableArray<string> Targets,
    int Instances,
    ImmutableArray<StackInstance> InstancesCreated,
    ImmutableArray<StackInstance> InstancesDeleted,
    ImmutableArray<string> Notes)
{
    /// <summary>True when CfCT starts a state machine execution for it (anything but a skip).</summary>
    public bool HasOperation =>
        Kind is ResourceChangeKind.Created or ResourceChangeKind.Updated or ResourceChangeKind.Deleted
        || !InstancesCreated.IsEmpty || !InstancesDeleted.IsEmpty;
}

/// <summary>An SCP/RCP attachment point: the manifest's spelling and the resolved id.</summary>
public sealed record PolicyTarget(string Target, string TargetId);

/// <summary>What happens to one SCP or RCP resource (CfCT creates it, or updates it on every run).</summary>
public sealed record PolicyChange(
    string Name,
    string Type,
    ResourceChangeKind Kind,
    string? PolicyId,
    ImmutableArray<PolicyTarget> Targets,
    ImmutableArray<PolicyTarget> NewAttachments,
    ImmutableArray<string> Notes)
{
    /// <summary>Statement-level changes against the previous package (empty when created, unchanged or without a previous package).</summary>
    public ImmutableArray<StatementChange> Statements { get; init; } = [];

    /// <summary>A statement or an action is removed, or a NotAction exception added: the guardrail denies less than before.</summary>
    public bool Weakens => Statements.Any(s => s.Narrows);
}

/// <summary>How one policy statement changes.</summary>
public enum StatementChangeKind
{
    Added,
    Removed,
    Changed,
}

/// <summary>
/// One statement added, removed or changed in an SCP/RCP, with the controls it comes from (by its Sid, from the build
/// report) and, for a changed statement, the actions and controls it gains or loses. Before/After are minified JSON.
/// </summary>
public sealed record StatementChange(
    StatementChangeKind Change,
    string? Sid,
    ImmutableArray<string> Controls,
    ImmutableArray<string> ControlsAdded,
    ImmutableArray<string> ControlsRemoved,
    ImmutableArray<string> ActionsAdded,
    ImmutableArray<string> ActionsRemoved,
    string? Before,
    string? After)
{
    /// <summary>NotAction entries added: for a Deny with NotAction, more actions escape it.</summary>
    public ImmutableArray<string> NotActionsAdded { get; init; } = [];

    /// <summary>NotAction entries removed: the statement covers more actions.</summary>
    public ImmutableArray<string> NotActionsRemoved { get; init; } = [];

    /// <summary>The statement denies less: removed, an action gone, or an exception (NotAction) added.</summary>
    public bool Narrows => Change == StatementChangeKind.Removed || !ActionsRemoved.IsEmpty || !NotActionsAdded.IsEmpty;
}

/// <summary>A policy CfCT will leave attached (it never detaches): with the exact command that removes it.</summary>
public sealed record LeftAttachedPolicy(string Name, string Type, string PolicyId, string TargetId, string TargetPath, string Reason, string DetachCommand);

/// <summary>One stack set an account receives and the regions of its instances.</summary>
public sealed record ReceivedStackSet(string Name, ImmutableArray<string> Regions);

/// <summary>A policy in effect for an account or OU and where it is attached (Root, an OU path).</summary>
public sealed record ReceivedPolicy(string Name, string Type, string AttachedAt, bool LeftAttached);

/// <summary>The controls in effect for one account after CfCT's next run.</summary>
public sealed record AccountControls(
    string AccountId,
    string Name,
    string Status,
    string OuPath,
    ImmutableArray<ReceivedPolicy> Policies,
    ImmutableArray<ReceivedStackSet> StackSets);

/// <summary>One row of the OU × control matrix; <see cref="Cells"/> is aligned with <see cref="ChangePlan.Controls"/> (control ids).</summary>
public sealed record OuCoverage(string Id, string Path, string Name, int Depth, int Accounts, ImmutableArray<Coverage> Cells);

/// <summary>A difference between the definition (or manifest) and the organization.</summary>
public sealed record DriftFinding(string Kind, string Subject, string Detail);

/// <summary>
/// What an account Account Factory creates in <see cref="OuPath"/> receives when CfCT re-runs. <see cref="NotReached"/>
/// lists the controls that apply there but reach no account in it (missed).
/// </summary>
public sealed record NewAccountPreview(
    string OuPath,
    string OuId,
    ImmutableArray<ReceivedPolicy> Policies,
    ImmutableArray<ReceivedStackSet> StackSets,
    ImmutableArray<string> NotReached,
    int Instances,
    int EstimatedSeconds)
{
    /// <summary>Controls the OU (or a parent) opted out of, with the reason: not a gap, a decision.</summary>
    public ImmutableArray<ControlReach> OptedOut { get; init; } = [];

    /// <summary>
    /// CfCT's own stack sets that list the OU: only they wait for CfCT's re-run on the account's lifecycle event
    /// (<see cref="EstimatedSeconds"/>); policies are inherited and service-managed stack sets and conformance packs
    /// arrive without it.
    /// </summary>
    public int CfctStackSets { get; init; }

    /// <summary>
    /// Organization conformance packs of detective controls the new account receives from AWS Config when it joins,
    /// without a CfCT run; and those it receives although its OU is outside their scope (ExcludedAccounts lists accounts,
    /// so the account is excluded only once the lock is regenerated and the package rebuilt).
    /// </summary>
    public ImmutableArray<ReceivedPack> ConformancePacks { get; init; } = [];
}

/// <summary>An organization conformance pack a new account receives, its controls, and whether its OU is in the pack's scope.</summary>
public sealed record ReceivedPack(string Name, ImmutableArray<string> Controls, ImmutableArray<string> Regions, bool InScope);

/// <summary>The detective controls reaching the accounts of one OU: enabled on it by Control Tower, or from organization packs.</summary>
public sealed record DetectiveOuCoverage(string OuPath, int Accounts, ImmutableArray<string> ControlTower, ImmutableArray<string> Organization);

/// <summary>Operations and instances the change touches and the estimated run time (an estimate: see docs/plan.md).</summary>
public sealed record PipelineCost(
    int StackSetOperations,
    int StackSetsSkipped,
    int InstancesTouched,
    int PolicyOperations,
    int EstimatedSeconds,
    ImmutableArray<string> Breakdown);
