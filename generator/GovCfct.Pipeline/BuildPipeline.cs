using System.Collections.Immutable;
using GovCfct.Cdk.Synthesis;
using GovCfct.Core.Catalog;
using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Packaging;
using GovCfct.Core.Planning;
using GovCfct.Core.Rendering;
using GovCfct.Core.Resolution;
using GovCfct.Core.Validation;

namespace GovCfct.Pipeline;

/// <summary>
/// Where a pipeline reads its inputs: the definition and catalog loaders, the template renderer and the CDK synthesizer,
/// and the edges it reaches through a seam (the linter). Production uses the strict YAML loaders, Scriban,
/// <see cref="CdkSynthesizer"/> and <see cref="CfnLintProcess"/>; in-memory tests and the benchmarks substitute inputs here. The stages that protect the organization (packing; lockout, escalation and
/// alert-protection checks) are not inputs.
/// </summary>
public sealed record PipelineSources(
    Func<string, DiagnosticBag, GovernanceDefinition?> LoadDefinition,
    Func<string, DiagnosticBag, ControlCatalog?> LoadCatalog,
    ControlTemplateRenderer Renderer,
    ICdkTemplateSource? CdkSource)
{
    /// <summary>The cfn-lint that package validation runs; without one, validation says the templates were not linted.</summary>
    public ICfnLinter? CfnLinter { get; init; }
}

/// <summary>Inputs of one build run: where the definition and catalog are, where the package goes, and whether to write.</summary>
public sealed record BuildRunOptions(string DefinitionDirectory, string TemplatesDirectory, string OutputDirectory, bool DryRun)
{
    /// <summary>
    /// Refuse the values the shipped definition holds as placeholders and an example org lock (validate: GCF2086, GCF2087)
    /// instead of warning about them (build: GCF1050, GCF1051), so the shipped definition builds but never passes validate.
    /// </summary>
    public bool RefuseShippedPlaceholders { get; init; }
}

/// <summary>Outcome of one build run: the changes against the output folder (planned or done) and the report; both empty on errors.</summary>
public sealed record BuildRunResult(ImmutableArray<FileChange> Changes, bool Written, BuildReport? Report)
{
    /// <summary>The definition the run loaded (null when it did not load), for checks against a live organization.</summary>
    public GovernanceDefinition? Definition { get; init; }

    /// <summary>The package built in memory (null on errors), for checks against a live organization.</summary>
    public CfctPackage? Package { get; init; }
}

/// <summary>
/// What the pipeline produced, stage by stage; a stage's value is null when it or an earlier stage reported an error
/// (the diagnostics say which). <see cref="Package"/> is set only when every stage, the policy checks included, passed.
/// </summary>
public sealed record PipelineResult(
    GovernanceDefinition? Definition,
    GovernanceSettings? Settings,
    ControlCatalog? Catalog,
    ResolutionResult? Resolution,
    CfctPackage? Package,
    BuildReport? Report);

/// <summary>
/// The one production pipeline: definition → settings → catalog → resolution → rendering (Scriban and CDK) → packaging →
/// packing → lockout and escalation checks → alert-protection check → the landing-zone rules of package validation, then (for <see cref="Run"/>) the atomic write. Every command (build, validate, plan,
/// accounts, publish), the tests and the benchmarks go through it, so no caller can assemble a pipeline without the
/// CDK synthesizer or the policy checks.
/// </summary>
public sealed class BuildPipeline
{
    private readonly PipelineSources _sources;

    private BuildPipeline(PipelineSources sources) => _sources = sources;

    /// <summary>
    /// The production pipeline; CDK templates are cached under <paramref name="cdkCacheFolder"/> (default: the user's cache
    /// folder, never the working folder), verified by a per-user key, and not read from disk at all under CI
    /// (<see cref="CdkSynthesizerOptions.Production"/>).
    /// </summary>
    public static BuildPipeline Production(string? cdkCacheFolder = null) =>
        new(ProductionSources(new CdkSynthesizer(CdkSynthesizerOptions.Production(cdkCacheFolder))));

    /// <summary>The production pipeline with another CDK template source (the benchmarks' stored templates, which avoid node).</summary>
    public static BuildPipeline Production(ICdkTemplateSource cdkSource) => new(ProductionSources(cdkSource));

    /// <summary>The pipeline over other inputs (in-memory CLI tests); the stages after loading are the production ones.</summary>
    public static BuildPipeline WithSources(PipelineSources sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        return new(sources);
    }

    /// <summary>The cfn-lint of these sources, for the package validation of <c>validate</c> and <c>publish</c>.</summary>
    public ICfnLinter? CfnLinter => _sources.CfnLinter;

    /// <summary>Stage 1: the definition (strict YAML); null with diagnostics on errors.</summary>
    public GovernanceDefinition? LoadDefinition(string definitionDirectory, DiagnosticBag diagnostics) =>
        _sources.LoadDefinition(definitionDirectory, diagnostics);

    /// <summary>Stage 1 and its projection: the settings every command uses; null with diagnostics when the definition does not load.</summary>
    public GovernanceSettings? LoadSettings(string definitionDirectory, DiagnosticBag diagnostics) =>
        LoadDefinition(definitionDirectory, diagnostics) is { } definition && !diagnostics.HasErrors ? GovernanceSettings.From(definition) : null;

    /// <summary>Stage 2: the control catalog (strict YAML); null with diagnostics on errors.</summary>
    public ControlCatalog? LoadCatalog(string templatesDirectory, DiagnosticBag diagnostics) =>
        _sources.LoadCatalog(templatesDirectory, diagnostics);

    /// <summary>Every stage up to the package in memory, from the definition folder.</summary>
    public PipelineResult Build(string definitionDirectory, string templatesDirectory, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var definition = LoadDefinition(definitionDirectory, diagnostics);
        var catalog = _sources.LoadCatalog(templatesDirectory, diagnostics);
        if (definition is null || catalog is null || diagnostics.HasErrors)
        {
            return new PipelineResult(definition, definition is null ? null : GovernanceSettings.From(definition), catalog, null, null, null);
        }

        return Build(definition, catalog, diagnostics);
    }

    /// <summary>Every stage after loading the definition (plan and accounts load it first for their own checks).</summary>
    public PipelineResult Build(GovernanceDefinition definition, string templatesDirectory, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var catalog = _sources.LoadCatalog(templatesDirectory, diagnostics);
        if (catalog is null || diagnostics.HasErrors)
        {
            return new PipelineResult(definition, GovernanceSettings.From(definition), catalog, null, null, null);
        }

        return Build(definition, catalog, diagnostics);
    }

    /// <summary>Every stage, then the atomic write of the package folder (or the list of changes for a dry run).</summary>
    public BuildRunResult Run(BuildRunOptions options, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(options);
        var built = Build(options.DefinitionDirectory, options.TemplatesDirectory, diagnostics);
        if (built.Definition is { } definition)
        {
            ShippedPlaceholders.Check(definition, options.RefuseShippedPlaceholders, diagnostics);
        }

        if (built.Package is null || diagnostics.HasErrors)
        {
            return new BuildRunResult([], false, null) { Definition = built.Definition };
        }

        var written = PackageWriter.Write(built.Package, options.OutputDirectory, options.DryRun, diagnostics);
        return new BuildRunResult(written.Changes, written.Written, built.Report) { Definition = built.Definition, Package = built.Package };
    }

    /// <summary>
    /// Against the organization as it is now (plan, validate --org, status): the definition's org lock, which gave the
    /// Control Tower controls their target OU ids, must still match it. A stale lock is an error (GCF3041), an OU it
    /// does not list a warning (GCF3042); nothing when the definition has no lock.
    /// </summary>
    public static void CheckOrgLock(GovernanceDefinition? definition, OrgSnapshot snapshot, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(diagnostics);
        if (definition?.Lock is { } orgLock)
        {
            diagnostics.AddRange(OrgLockWriter.Check(orgLock, snapshot));
        }

        // An OU the definition says holds no accounts (holds_accounts: false) must hold none in the organization now.
        if (definition is not null)
        {
            var paths = snapshot.OrganizationalUnits.ToDictionary(o => o.Id, o => o.Path, StringComparer.Ordinal);
            var holding = snapshot.Accounts
                .Where(a => paths.ContainsKey(a.ParentId))
                .GroupBy(a => paths[a.ParentId], StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(a => a.Id).Order(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
            foreach (var ou in definition.AllOus().Where(o => o.HoldsNoAccounts))
            {
                if (holding.TryGetValue(ou.Path, out var accounts))
                {
                    diagnostics.Report(DiagnosticCodes.OuHoldsAccountsContradicted, $"OU '{ou.Path}' says 'holds_accounts: false' but the organization has {accounts.Count} account(s) directly in it (first: {accounts[0]})", ou.HoldsAccountsLocation ?? ou.Location, "move those accounts into a child OU, or remove 'holds_accounts: false'");
                }
            }
        }
    }

    /// <summary>
    /// Against the organization as it is now, the one check <c>validate --org</c> and <c>plan</c> share: the org lock
    /// (<see cref="CheckOrgLock"/>) and the AWS quotas of the definition's <c>limits:</c> (defaults without a definition)
    /// compared with the organization and the built package, with the estimates of the work the package starts
    /// (<see cref="ScaleAnalysis"/>): beyond a quota is an error (GCF3060), 90 % or more a warning (GCF3061).
    /// </summary>
    public static ScaleReport CheckOrganization(GovernanceDefinition? definition, CfctPackage? package, OrgSnapshot snapshot, DiagnosticBag diagnostics, string organizationDisplayPath, CfctPackage? previous = null)
    {
        CheckOrgLock(definition, snapshot, diagnostics);
        return ScaleAnalysis.Analyze(
            new ScaleOptions(snapshot) { Definition = definition, Package = package, Previous = previous, OrganizationDisplayPath = organizationDisplayPath },
            diagnostics);
    }

    private PipelineResult Build(GovernanceDefinition definition, ControlCatalog catalog, DiagnosticBag diagnostics)
    {
        var settings = GovernanceSettings.From(definition);

        // Resolution is its own stage: inheritance, opt-outs and parameter precedence, before anything is rendered.
        var resolution = ControlResolver.Resolve(definition, catalog, diagnostics);
        if (diagnostics.HasErrors)
        {
            return new PipelineResult(definition, settings, catalog, resolution, null, null);
        }

        var built = PackageBuilder.Build(new PackageBuilderOptions(definition, catalog, resolution, _sources.Renderer) { CdkSource = _sources.CdkSource }, diagnostics);
        if (built.Package is not null && !diagnostics.HasErrors)
        {
            // One set of checks judges a package wherever it is judged: what validate PACKAGE and publish refuse
            // because a real landing zone would (GCF2900-2903), the build refuses too.
            diagnostics.AddRange(PackageValidator.CheckBuilt(built.Package, settings, string.Empty));
        }

        var ok = built.Package is not null && !diagnostics.HasErrors;
        return new PipelineResult(definition, settings, catalog, resolution, ok ? built.Package : null, ok ? built.Report : null);
    }

    // The installed tool carries its catalog beside the assembly (catalog/); a repository's templates/ adds its own controls.
    private static PipelineSources ProductionSources(ICdkTemplateSource cdkSource) =>
        new(new DefinitionLoader().Load, new ControlCatalogLoader(Path.Combine(AppContext.BaseDirectory, "catalog")).Load, new TemplateRenderer().Render, cdkSource) { CfnLinter = new CfnLintProcess() };
}
