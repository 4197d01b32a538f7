using System.Diagnostics;
using System.Globalization;
using GovCfct.Core.Catalog;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Packaging;
using GovCfct.Core.Rendering;
using GovCfct.Core.Resolution;
using GovCfct.Fixtures;

namespace GovCfct.Benchmarks;

/// <summary>
/// <c>stages SIZE [RUNS]</c>: the build's stages timed one by one over a fixture, each run after a warm-up, so a
/// change to one stage can be measured without BenchmarkDotNet's full run (the report's single shot is the figure of record).
/// </summary>
internal static class StageProfile
{
    public static int Run(string sizeName, int runs, TextWriter output)
    {
        var size = Enum.Parse<FixtureSize>(sizeName, ignoreCase: true);
        var fixture = Fixtures.Write(size);
        var pipeline = Fixtures.Pipeline();
        var outDir = Path.Combine(Path.GetDirectoryName(fixture.DefinitionDirectory)!, "stages-package");
        for (var run = 0; run <= runs; run++)
        {
            var diagnostics = new DiagnosticBag();
            using var self = Process.GetCurrentProcess();
            var cpuStart = self.TotalProcessorTime;
            var timer = Stopwatch.StartNew();
            var definition = pipeline.LoadDefinition(fixture.DefinitionDirectory, diagnostics)!;
            var load = timer.ElapsedMilliseconds;
            timer.Restart();
            var catalog = pipeline.LoadCatalog(Fixtures.Templates, diagnostics)!;
            var catalogMs = timer.ElapsedMilliseconds;
            timer.Restart();
            var resolution = ControlResolver.Resolve(definition, catalog, diagnostics);
            var resolve = timer.ElapsedMilliseconds;
            timer.Restart();
            var built = PackageBuilder.Build(new PackageBuilderOptions(definition, catalog, resolution, new TemplateRenderer().Render) { CdkSource = new StoredCdkTemplateSource() }, diagnostics);
            var package = timer.ElapsedMilliseconds;
            timer.Restart();
            if (Directory.Exists(outDir))
            {
                Directory.Delete(outDir, recursive: true);
            }

            PackageWriter.Write(built.Package!, outDir, false, diagnostics);
            var write = timer.ElapsedMilliseconds;
            self.Refresh();
            var cpu = (long)(self.TotalProcessorTime - cpuStart).TotalMilliseconds;
            var label = run == 0 ? "warm-up" : "run " + run.ToString(CultureInfo.InvariantCulture);
            output.WriteLine($"{label}: definition {load} ms, catalog {catalogMs} ms, resolve {resolve} ms, package {package} ms, write {write} ms, total {load + catalogMs + resolve + package + write} ms (CPU {cpu} ms, all threads); errors {diagnostics.Items.Count(d => d.IsError)}");
        }

        return 0;
    }
}
