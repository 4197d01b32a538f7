using System.Collections.Immutable;
using GovCfct.Core.Definition;

namespace GovCfct.Core.Rendering;

/// <summary>
/// What a control template sees when rendered: the organization settings, the control's resolved parameter
/// values (assignment, then nearest OU, then organization, then catalog default) and the ARN patterns of the
/// principals every deny must exempt (Control Tower, CfCT, break-glass).
/// </summary>
public sealed record RenderContext(
    GovernanceSettings Organization,
    ImmutableSortedDictionary<string, ParameterValue> Parameters,
    ImmutableArray<string> ProtectedPrincipalArns)
{
    /// <summary>
    /// <c>name_suffix</c> in a template: empty for a control's base stack set (the organization's values), SCPs, RCPs and
    /// account targets; <c>-&lt;8 hex&gt;</c> for a variant. Appended to every physical name a stack-set template gives,
    /// it keeps a variant's resources apart from the base stack set's in an account that both reach during a change.
    /// </summary>
    public string NameSuffix { get; init; } = string.Empty;
}
