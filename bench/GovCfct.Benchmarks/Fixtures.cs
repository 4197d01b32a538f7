using GovCfct.Core.Catalog;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Packaging;
using GovCfct.Core.Policies;
using GovCfct.Core.Rendering;
using GovCfct.Fixtures;

namespace GovCfct.Benchmarks;

/// <summary>Locates the repository and writes (once per process) the fixtures and their built packages under bench-out/.</summary>
internal static class Fixtures
{
    public static string Root { get; } = FindRoot();

    public static string Templates => Path.Combine(Root, "templates");

    public static GovernmentFixtureResult Write(FixtureSize size) =>
        GovernmentFixture.Write(new GovernmentFixtureOptions(Path.Combine(Root, "manifest"), Path.Combine(Root, "bench-out", size.ToString().ToLowerInvariant()), size));

    /// <summary>The production build stages with the stored CDK templates instead of a synth.</summary>
    public static BuildStages Stages() =>
        new(new DefinitionLoader().Load, new ControlCatalogLoader().Load, new TemplateRenderer().Render)
        {
            Packer = PackagingAdapters.Pack,
            LockoutCheck = PackagingAdapters.LockoutCheck,
            CdkSource = new StoredCdkTemplateSource(),
        };

    /// <summary>Loads and builds in memory, as govcfct build does before writing.</summary>
    public static PackageBuildResult Build(string definitionDir, DiagnosticBag diagnostics)
    {
        var stages = Stages();
        var definition = stages.LoadDefinition(definitionDir, diagnostics) ?? throw new InvalidOperationException("definition did not load");
        var catalog = stages.LoadCatalog(Templates, diagnostics) ?? throw new InvalidOperationException("catalog did not load");
        return PackageBuilder.Build(
            new PackageBuilderOptions(definition, catalog, stages.Renderer) { CdkSource = stages.CdkSource, Packer = stages.Packer, LockoutCheck = stages.LockoutCheck!(definition) },
            diagnostics);
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "GovCfct.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("GovCfct.sln not found above " + AppContext.BaseDirectory);
    }
}
