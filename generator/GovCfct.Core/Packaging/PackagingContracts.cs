using System.Collections.Immutable;
using GovCfct.Core.Catalog;
using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Rendering;

namespace GovCfct.Core.Packaging;

/// <summary>Renders one control's template for one parameter set (the Scriban renderer in production); null on failure with diagnostics added.</summary>
public delegate string? ControlTemplateRenderer(ControlDefinition control, RenderContext context, DiagnosticBag diagnostics);

/// <summary>One rendered SCP/RCP control to pack at an attachment point.</summary>
public sealed record PolicyPackInput(string ControlId, string Json, SourceLocation? Location);

/// <summary>One packed policy document: the controls it carries and its minified JSON as CfCT submits it.</summary>
public sealed record PackedDocument(ImmutableArray<string> ControlIds, string MinifiedJson)
{
    /// <summary>Characters as counted by Organizations (minified JSON has no newlines for CfCT to rewrite).</summary>
    public int Size => MinifiedJson.Length;
}

/// <summary>Packing outcome; <see cref="Fits"/> false means the documents exceed the slots or the size (diagnostics say which).</summary>
public sealed record PolicyPackOutcome(ImmutableArray<PackedDocument> Documents, bool Fits);

/// <summary>One policy in effect at an OU, attached there or inherited from an ancestor.</summary>
public sealed record EffectivePolicy(string Name, DeployMethod Kind, string Json, bool Inherited);

/// <summary>
/// Everything the package builder needs: the definition, the catalog, the resolution computed from both (an explicit
/// stage before rendering) and the renderer. Packing and the lockout, escalation and alert-protection checks are not
/// options: every build runs them.
/// </summary>
public sealed record PackageBuilderOptions(
    Definition.GovernanceDefinition Definition,
    ControlCatalog Catalog,
    Resolution.ResolutionResult Resolution,
    ControlTemplateRenderer Renderer)
{
    /// <summary>Synthesizes CDK controls; when null, an assigned CDK control is an error (GCF1504).</summary>
    public ICdkTemplateSource? CdkSource { get; init; }
}
