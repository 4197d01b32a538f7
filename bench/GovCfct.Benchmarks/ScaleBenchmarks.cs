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

/// <summary>build (load, resolve, render, pack, write to a fresh folder), validate without cfn-lint, and reading the snapshot, at three sizes; short runs (3 warm-ups, 3 iterations) keep the whole suite within minutes on 2 cores.</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class ScaleBenchmarks
{
    private GovernmentFixtureResult _fixture = null!;
    private string _packageDir = "";
    private string _scratch = "";

    [Params(FixtureSize.Sixteenth, FixtureSize.Quarter, FixtureSize.Full)]
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
    public int Validate()
    {
        var read = OrgSnapshotSerializer.ReadFile(_fixture.SnapshotPath, "org-snapshot.json");
        var definition = _fixture.Definition;
        var result = new PackageValidator().Validate(new PackageValidationOptions(_packageDir)
        {
            Organization = read.Snapshot,
            OrganizationDisplayPath = "org-snapshot.json",
            Definition = definition,
            Settings = GovernanceSettings.From(definition),
            RunCfnLint = false,
        });
        return result.Diagnostics.Count;
    }

    /// <summary>
    /// govcfct plan: read the snapshot and the package, plan against the package itself as the previous one (every
    /// stack set, instance and policy compared), and write the Markdown report.
    /// </summary>
    [Benchmark]
    public int Plan()
    {
        var diagnostics = new DiagnosticBag();
        var snapshot = OrgSnapshotSerializer.ReadFile(_fixture.SnapshotPath, "org-snapshot.json").Snapshot!;
        var package = CfctPackage.Read(_packageDir, "package", diagnostics)!;
        var plan = ChangePlanner.Plan(new ChangePlanOptions(package, snapshot) { Previous = package, Definition = _fixture.Definition }, diagnostics);
        return PlanMarkdownWriter.Write(plan).Length;
    }

    /// <summary>Reading the organization snapshot (plan's input).</summary>
    [Benchmark]
    public int ReadSnapshot() => OrgSnapshotSerializer.ReadFile(_fixture.SnapshotPath, "org-snapshot.json").Snapshot!.Accounts.Length;
}
