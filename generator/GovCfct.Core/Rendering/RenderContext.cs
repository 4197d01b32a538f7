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
    ImmutableArray<string> ProtectedPrincipalArns);
