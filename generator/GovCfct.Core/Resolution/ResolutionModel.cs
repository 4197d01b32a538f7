using System.Collections.Immutable;
using GovCfct.Core.Catalog;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Core.Resolution;

/// <summary>Where a resolved parameter value came from; the origin OU drives stable resource names.</summary>
public enum ValueOriginKind
{
    /// <summary>An assignment's <c>parameters</c> (the OU holding the assignment is <see cref="ValueOrigin.OuPath"/>).</summary>
    Assignment,

    /// <summary>An OU's <c>parameters</c>.</summary>
    OuParameter,

    /// <summary>The organization's <c>parameters</c>.</summary>
    Organization,

    /// <summary>The catalog default.</summary>
    Default,
}

/// <summary>The source of one resolved value: OU path (empty for organization/default/Root) and kind.</summary>
public sealed record ValueOrigin(ValueOriginKind Kind, string OuPath)
{
    /// <summary>True when an OU (not the organization or the catalog) set the value; such values make variant groups.</summary>
    public bool IsOuOverride => Kind is ValueOriginKind.Assignment or ValueOriginKind.OuParameter && OuPath.Length > 0;

    public override string ToString() => Kind switch
    {
        ValueOriginKind.Assignment => $"assignment at {(OuPath.Length == 0 ? OuNode.RootName : OuPath)}",
        ValueOriginKind.OuParameter => $"parameters of {(OuPath.Length == 0 ? OuNode.RootName : OuPath)}",
        ValueOriginKind.Organization => "organization parameters",
        _ => "catalog default",
    };
}

/// <summary>A control in effect at one OU with every declared parameter resolved (assignment &gt; OU &gt; organization &gt; default).</summary>
public sealed record ControlInstance(
    ControlDefinition Control,
    OuNode Ou,
    ImmutableSortedDictionary<string, ParameterValue> Values,
    ImmutableSortedDictionary<string, ValueOrigin> Origins,
    string AssignedAt)
{
    /// <summary>Text identifying the values, equal for equal values: the grouping key.</summary>
    public string ValueKey => ValueKeys.Of(Values);
}

/// <summary>A stack-set control assigned directly to an account (management or named), values resolved assignment &gt; organization &gt; default.</summary>
public sealed record AccountControlInstance(
    TargetAccount Account,
    ControlDefinition Control,
    ImmutableSortedDictionary<string, ParameterValue> Values,
    ImmutableSortedDictionary<string, ValueOrigin> Origins,
    SourceLocation Location);

/// <summary>An opt-out as applied, kept for the build report.</summary>
public sealed record OptOutRecord(string OuPath, string ControlId, string Reason, SourceLocation Location);

/// <summary>The effective controls of one OU, ordered by control id.</summary>
public sealed record OuResolution(OuNode Ou, int TreeIndex, ImmutableArray<ControlInstance> Controls);

/// <summary>Resolution output: every OU (tree order) with its effective controls, and the applied opt-outs.</summary>
public sealed record ResolutionResult(ImmutableArray<OuResolution> Ous, ImmutableArray<OptOutRecord> OptOuts)
{
    /// <summary>Parameter values a control gets with no OU involved (organization parameters over defaults); the base group's values.</summary>
    public required ImmutableDictionary<string, string> OrganizationValueKeys { get; init; }

    /// <summary>Stack-set controls assigned to accounts, in definition order (management account first).</summary>
    public ImmutableArray<AccountControlInstance> Accounts { get; init; } = [];
}

/// <summary>Canonical text of a parameter set so equal values group together regardless of source.</summary>
internal static class ValueKeys
{
    // Grouping asks for an instance's key several times; the dictionaries are immutable, so their key is computed once each.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ImmutableSortedDictionary<string, ParameterValue>, string> Cache = [];

    public static string Of(ImmutableSortedDictionary<string, ParameterValue> values) => Cache.GetValue(values, Compute);

    private static string Compute(ImmutableSortedDictionary<string, ParameterValue> values) =>
        string.Join('\u001f', values.Select(kv => $"{kv.Key}\u001e{(int)kv.Value.Kind}\u001e{kv.Value.Canonical}"));
}
