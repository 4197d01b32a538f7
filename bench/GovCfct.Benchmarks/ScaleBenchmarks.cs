using BenchmarkDotNet.Attributes;
using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Packaging;
using GovCfct.Core.Planning;
using GovCfct.Core.Validation;
using GovCfct.Fixtures;
using GovCfct.Pipeline;

namespace GovCfct.Benchmarks;

/// <summary>build (load, resolve, render, pack, write to a fresh folder), validate without cfn-lint, and reading the snapshot, on the landing-zone maximum and the stress tree; short runs (3 warm-ups, 3 iterations) keep the whole suite within minutes on 2 cores.</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class ScaleBenchmarks
{
    private GovernmentFixtureResult _fixture = null!;
    private string _packageDir = "";
    private string _scratch = "";

    [Params(FixtureSize.LandingZoneMaximum, FixtureSize.Full)]
    public FixtureSize Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _fixture = Fixtures.Write(Size);
        _packageDir = Path.Combine(Path.GetDirectoryName(_fixture.DefinitionDirectory)!, "package");
        _scratch = Path.Combine(Path.GetDirectoryName(_fixture.DefinitionDirectory)!, "scratch");
        var diagnostics = new DiagnosticBag();
        var result = Fixtures.Pipeline().Run(new BuildRunOptions(_fixture.DefinitionDirectory, Fixtures.Templates, _packageDir, false), diagnostics);
        if (diagnostics.HasErrors || !result.Written && result.Changes.Length > 0)
        {
            throw new InvalidOperationException("fixture build failed: " + string.Join("; ", diagnostics.Items.Where(d => d.IsError).Take(5)));
        }
    }

    /// <summary>govcfct build into an empty folder: every file written.</summary>
    [Benchmark]
    public int Build()
    {
        if (Directory.Exists(_scratch))
        {
            Directory.Delete(_scratch, recursive: true);
        }

        var diagnostics = new DiagnosticBag();
        var result = Fixtures.Pipeline().Run(new BuildRunOptions(_fixture.DefinitionDirectory, Fixtures.Templates, _scratch, false), diagnostics);
        return result.Changes.Length;
    }

    /// <summary>govcfct validate with the definition's checks and the organization snapshot, cfn-lint off.</summary>
    [Benchmark]
    public int Validate() => WorkReport.Validate(_fixture, _packageDir).Count;

    /// <summary>
    /// govcfct plan: read the snapshot and the package, plan a first deployment with the organization check (quotas and
    /// estimates), and write the Markdown report.
    /// </summary>
    [Benchmark]
    public int Plan() => WorkReport.Plan(_fixture, _packageDir);

    /// <summary>Reading the organization snapshot (plan's input).</summary>
    [Benchmark]
    public int ReadSnapshot() => OrgSnapshotSerializer.ReadFile(_fixture.SnapshotPath, "org-snapshot.json").Snapshot!.Accounts.Length;
}
