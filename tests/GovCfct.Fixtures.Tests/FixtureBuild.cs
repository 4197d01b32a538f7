using GovCfct.Core.Diagnostics;
using GovCfct.Pipeline;

namespace GovCfct.Fixtures.Tests;

/// <summary>Writes fixtures into a temporary folder and builds them with the production stages (stored CDK templates instead of a synth).</summary>
internal sealed class FixtureBuild : IDisposable
{
    private readonly string _temp = Path.Combine(Path.GetTempPath(), "govcfct-fixture-" + Guid.NewGuid().ToString("N"));

    public static string Root => RepositoryRoot.Path;

    public GovernmentFixtureResult Write(FixtureSize size) =>
        GovernmentFixture.Write(new GovernmentFixtureOptions(Path.Combine(Root, "manifest"), Path.Combine(_temp, size.ToString()), size));

    public string Folder(string name) => Path.Combine(_temp, name);

    public static PipelineResult Build(string definitionDir)
    {
        var diagnostics = new DiagnosticBag();
        var result = BuildPipeline.Production(new StoredCdkTemplateSource()).Build(definitionDir, Path.Combine(Root, "templates"), diagnostics);
        diagnostics.Items.Where(d => d.IsError).Select(d => d.ToString()).Should().BeEmpty();
        return result;
    }

    public void Dispose()
    {
        if (Directory.Exists(_temp))
        {
            Directory.Delete(_temp, recursive: true);
        }
    }
}
