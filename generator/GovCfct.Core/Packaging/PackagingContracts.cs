using System.Collections.Immutable;
using GovCfct.Core.Catalog;
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

/// <summary>Packs the policy controls attached at one target into at most <paramref name="slots"/> documents of at most <paramref name="maxSize"/> characters.</summary>
public delegate PolicyPackOutcome PolicyPackFunction(IReadOnlyList<PolicyPackInput> fragments, int maxSize, int slots, string target, DiagnosticBag diagnostics);

/// <summary>One policy in effect at an OU, attached there or inherited from an ancestor.</summary>
public sealed record EffectivePolicy(string Name, DeployMethod Kind, string Json, bool Inherited);

/// <summary>Checks the effective policy set of an OU (the lockout check); adds an error when a protected principal is denied.</summary>
public delegate void PolicySetCheck(string ouPath, IReadOnlyList<EffectivePolicy> policies, DiagnosticBag diagnostics);

/// <summary>Checks the finished package: its stack-set template files (path → text) against its SCPs (name → JSON).</summary>
public delegate void PackageProtectionCheck(IReadOnlyDictionary<string, string> templates, IReadOnlyList<(string Name, string Json)> scps, DiagnosticBag diagnostics);

/// <summary>Everything the package builder needs. The packer and lockout check are pluggable so Core stays testable on its own.</summary>
public sealed record PackageBuilderOptions(
    Definition.GovernanceDefinition Definition,
    ControlCatalog Catalog,
    ControlTemplateRenderer Renderer)
{
    /// <summary>Synthesizes CDK controls; when null, an assigned CDK control is an error (GCF1504).</summary>
    public ICdkTemplateSource? CdkSource { get; init; }

    /// <summary>The SCP/RCP packer; defaults to <see cref="SimplePolicyPacker.Pack"/> (whole controls, first fit).</summary>
    public PolicyPackFunction? Packer { get; init; }

    /// <summary>Lockout check over every OU's effective SCP set; none when null.</summary>
    public PolicySetCheck? LockoutCheck { get; init; }

    /// <summary>Escalation check (no exempted principal can be impersonated) over every OU's effective SCP set; none when null.</summary>
    public PolicySetCheck? EscalationCheck { get; init; }

    /// <summary>Alert-protection check over the whole package (every alert resource protected, every protected name created); none when null.</summary>
    public PackageProtectionCheck? ProtectionCheck { get; init; }
}
