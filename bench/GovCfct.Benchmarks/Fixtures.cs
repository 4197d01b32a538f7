using GovCfct.Core.Diagnostics;
using GovCfct.Fixtures;
using GovCfct.Pipeline;

namespace GovCfct.Benchmarks;

/// <summary>Locates the repository and writes (once per process) the fixtures and their built packages under bench-out/.</summary>
internal static class Fixtures
{
    public static string Root { get; } = FindRoot();

    public static string Templates => Path.Combine(Root, "templates");

    public static GovernmentFixtureResult Write(FixtureSize size) =>
        GovernmentFixture.Write(new GovernmentFixtureOptions(Path.Combine(Root, "manifest"), Path.Combine(Root, "bench-out", size.ToString().ToLowerInvariant()), size));

    /// <summary>The production pipeline with the stored CDK templates instead of a synth.</summary>
    public static BuildPipeline Pipeline() => BuildPipeline.Production(new StoredCdkTemplateSource());

    /// <summary>Every stage in memory, as govcfct build runs them before writing.</summary>
    public static PipelineResult Build(string definitionDir, DiagnosticBag diagnostics) =>
        Pipeline().Build(definitionDir, Templates, diagnostics);

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
