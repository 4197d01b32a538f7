using System.Collections.Immutable;
using GovCfct.Core.Catalog;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Core.Packaging;

/// <summary>The stages <c>govcfct build</c> strings together; pluggable so the command line can be tested with in-memory stages.</summary>
public sealed record BuildStages(
    Func<string, DiagnosticBag, GovernanceDefinition?> LoadDefinition,
    Func<string, DiagnosticBag, ControlCatalog?> LoadCatalog,
    ControlTemplateRenderer Renderer)
{
    public Rendering.ICdkTemplateSource? CdkSource { get; init; }

    public PolicyPackFunction? Packer { get; init; }

    /// <summary>Makes the lockout check for the loaded definition (its principals, break-glass role and regions); none when null.</summary>
    public Func<GovernanceDefinition, PolicySetCheck>? LockoutCheck { get; init; }

    /// <summary>Makes the escalation check for the loaded definition (its Admin permission set as impostor); none when null.</summary>
    public Func<GovernanceDefinition, PolicySetCheck>? EscalationCheck { get; init; }

    /// <summary>Makes the alert-protection check for the loaded definition (its resource prefix); none when null.</summary>
    public Func<GovernanceDefinition, PackageProtectionCheck>? ProtectionCheck { get; init; }
}

/// <summary>Inputs of one build: where the definition and catalog are, where the package goes, and whether to write.</summary>
public sealed record BuildRunOptions(string DefinitionDirectory, string TemplatesDirectory, string OutputDirectory, bool DryRun);

/// <summary>Outcome of one build: the changes against the output folder (planned or done) and the report; both empty on errors.</summary>
public sealed record BuildRunResult(ImmutableArray<FileChange> Changes, bool Written, BuildReport? Report);

/// <summary>Load → resolve → package → plan → write. Writes nothing when any stage reported an error.</summary>
public static class BuildRunner
{
    public static BuildRunResult Run(BuildStages stages, BuildRunOptions options, DiagnosticBag diagnostics)
    {
        var definition = stages.LoadDefinition(options.DefinitionDirectory, diagnostics);
        var catalog = stages.LoadCatalog(options.TemplatesDirectory, diagnostics);
        if (definition is null || catalog is null || diagnostics.HasErrors)
        {
            return new BuildRunResult([], false, null);
        }

        var built = PackageBuilder.Build(
            new PackageBuilderOptions(definition, catalog, stages.Renderer)
            {
                CdkSource = stages.CdkSource,
                Packer = stages.Packer,
                LockoutCheck = stages.LockoutCheck?.Invoke(definition),
                EscalationCheck = stages.EscalationCheck?.Invoke(definition),
                ProtectionCheck = stages.ProtectionCheck?.Invoke(definition),
            },
            diagnostics);
        if (built.Package is null || diagnostics.HasErrors)
        {
            return new BuildRunResult([], false, null);
        }

        var written = PackageWriter.Write(built.Package, options.OutputDirectory, options.DryRun, diagnostics);
        return new BuildRunResult(written.Changes, written.Written, built.Report);
    }
}
