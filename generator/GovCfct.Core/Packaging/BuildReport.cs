using System.Collections.Immutable;
using GovCfct.Core.Cfct;
using GovCfct.Core.Resolution;

namespace GovCfct.Core.Packaging;

/// <summary>What one OU ends up with: its effective controls and its policy slots, attached there vs inherited.</summary>
public sealed record OuReport(
    string Path,
    ImmutableArray<string> EffectiveControls,
    ImmutableArray<string> ScpsAttached,
    int ScpsInherited,
    ImmutableArray<string> RcpsAttached,
    int RcpsInherited);

/// <summary>One generated policy document: its size as CfCT submits it, the controls in it, where it is attached.</summary>
public sealed record PolicyReport(string Name, DeployMethod Kind, int Bytes, ImmutableArray<string> ControlIds, ImmutableArray<string> OrganizationalUnits)
{
    /// <summary>Each statement id of the controls in this document and its control: the plan's statement diff names controls by it.</summary>
    public ImmutableSortedDictionary<string, string> StatementControls { get; init; } = ImmutableSortedDictionary<string, string>.Empty;
}

/// <summary>One stack-set resource: which control, how many OUs it reaches, where its overriding values come from.</summary>
public sealed record StackSetReport(string Name, string ControlId, ImmutableArray<string> OrganizationalUnits, ImmutableArray<string> OverridesFrom)
{
    /// <summary>Account ids targeted directly (the management account or named accounts); empty for OU-targeted resources.</summary>
    public ImmutableArray<string> Accounts { get; init; } = [];
}

/// <summary>
/// The build report (report/build-report.json and .md): effective controls per OU, opt-outs with reasons, SCP/RCP slot use,
/// bytes per policy, and the CfCT work: stack-set resources against the naive one-per-OU count.
/// </summary>
public sealed record BuildReport(
    ImmutableArray<OuReport> Ous,
    ImmutableArray<OptOutRecord> OptOuts,
    ImmutableArray<PolicyReport> Policies,
    ImmutableArray<StackSetReport> StackSets,
    int ScpSlotsAvailable,
    int RcpSlotsAvailable)
{
    /// <summary>How detective controls reach accounts and why; null when the definition assigns none.</summary>
    public DetectiveDecision? Detective { get; init; }

    /// <summary>Stack-set resources if every OU got its own copy of each control: the baseline our grouping beats.</summary>
    public int NaiveStackSetResources => StackSets.Sum(s => s.OrganizationalUnits.Length + s.Accounts.Length);
}
