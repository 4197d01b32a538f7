using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Packaging;
using GovCfct.Core.Planning;
using GovCfct.Core.Status;
using GovCfct.Fixtures;

namespace GovCfct.Benchmarks;

/// <summary>
/// govcfct status on the full fixture (36,000+ accounts) from a recorded deployed state: every expected instance
/// recorded CURRENT except one account in a hundred FAILED and one in a hundred without instances, written once as a
/// status JSON. Timed: reading the snapshot and the recorded state, evaluating, and writing JSON and Markdown.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class StatusBenchmarks
{
    private GovernmentFixtureResult _fixture = null!;
    private CfctPackage _package = null!;
    private string _recorded = "";

    [Params(FixtureSize.LandingZoneMaximum, FixtureSize.Full)]
    public FixtureSize Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _fixture = Fixtures.Write(Size);
        var diagnostics = new DiagnosticBag();
        _package = Fixtures.Build(_fixture.DefinitionDirectory, diagnostics).Package ?? throw new InvalidOperationException("fixture build failed");
        _recorded = WriteRecorded(_fixture, _package);
    }

    /// <summary>Writes the recorded deployed state of <paramref name="package"/> beside the fixture; returns its path.</summary>
    internal static string WriteRecorded(GovernmentFixtureResult fixture, CfctPackage package)
    {
        var snapshot = OrgSnapshotSerializer.ReadFile(fixture.SnapshotPath, "org-snapshot.json").Snapshot!;
        var recorded = Path.Combine(Path.GetDirectoryName(fixture.DefinitionDirectory)!, "status-recorded.json");
        File.WriteAllText(recorded, StatusJson.Write(StatusEvaluator.Evaluate(new StatusOptions(package, snapshot, Record(package, snapshot)))));
        return recorded;
    }

    /// <summary>One status run: read the snapshot and the recorded state, evaluate, write JSON and Markdown.</summary>
    internal static int RunStatus(GovernmentFixtureResult fixture, CfctPackage package, string recorded)
    {
        var diagnostics = new DiagnosticBag();
        var snapshot = OrgSnapshotSerializer.ReadFile(fixture.SnapshotPath, "org-snapshot.json").Snapshot!;
        var deployed = StatusJson.ReadDeployed(recorded, "status-recorded.json", diagnostics)!;
        var report = StatusEvaluator.Evaluate(new StatusOptions(package, snapshot, deployed) { ResourcePrefix = fixture.Definition.Organization.ResourcePrefix });
        return StatusJson.WriteUtf8(report).Length + StatusMarkdownWriter.Write(report).Length;
    }

    /// <summary>
    /// "statushtml SIZE": the status HTML page for the fixture (with its Control Tower controls, member stack sets and
    /// conformance packs expected, as govcfct status reads them from the package), its size and how long it took.
    /// </summary>
    internal static int HtmlSize(string size, TextWriter output)
    {
        var fixture = Fixtures.Write(Enum.Parse<FixtureSize>(size, ignoreCase: true));
        var diagnostics = new DiagnosticBag();
        var package = Fixtures.Build(fixture.DefinitionDirectory, diagnostics).Package ?? throw new InvalidOperationException("fixture build failed");
        var snapshot = OrgSnapshotSerializer.ReadFile(fixture.SnapshotPath, "org-snapshot.json").Snapshot!;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var report = StatusEvaluator.Evaluate(new StatusOptions(package, snapshot, Record(package, snapshot))
        {
            ResourcePrefix = fixture.Definition.Organization.ResourcePrefix,
            ExpectedControls = ExpectedControls.Read(package, diagnostics),
            MemberStackSets = ExpectedMemberStackSets.Read(package),
            ExpectedPacks = ExpectedPacks.Read(package),
        });
        var evaluated = clock.Elapsed;
        var html = StatusHtmlWriter.Write(report);
        var bytes = System.Text.Encoding.UTF8.GetByteCount(html);
        var file = Path.Combine(Path.GetDirectoryName(fixture.DefinitionDirectory)!, "status.html");
        File.WriteAllText(file, html);
        output.WriteLine(System.FormattableString.Invariant(
            $"{size}: {report.Matrix!.Ous.Length} OUs, {report.Summary.Accounts} accounts, {report.Matrix.Columns.Length} controls, {report.Matrix.Ous.Sum(o => o.Cells.Length)} cells; status.html {bytes:N0} bytes ({bytes / 1024.0 / 1024.0:F2} MiB) gzip {Gzipped(html):N0} bytes; evaluate {evaluated.TotalSeconds:F2} s, write {(clock.Elapsed - evaluated).TotalSeconds:F2} s -> {file}"));
        return 0;
    }

    private static long Gzipped(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(System.Text.Encoding.UTF8.GetBytes(text));
        }

        return buffer.Length;
    }

    /// <summary>The deployed state CfCT would leave, with failures and gaps, as ListStackInstances would report it.</summary>
    internal static DeployedState Record(CfctPackage package, OrgSnapshot snapshot)
    {
        var org = new OrgIndex(snapshot);
        var sets = ImmutableArray.CreateBuilder<DeployedStackSet>();
        foreach (var resource in package.Manifest.Resources.Where(r => r.DeployMethod == DeployMethod.StackSet))
        {
            var instances = ImmutableArray.CreateBuilder<DeployedInstance>();
            foreach (var (account, region) in TargetResolver.Resolve(resource, package.Manifest.Region, org, null).Instances)
            {
                var bucket = long.Parse(account, System.Globalization.CultureInfo.InvariantCulture) % 100;
                if (bucket == 7)
                {
                    continue;
                }

                instances.Add(bucket == 13
                    ? new DeployedInstance(account, region, "OUTDATED", "FAILED", "Account should have 'AWSControlTowerExecution' role")
                    : new DeployedInstance(account, region, "CURRENT", "SUCCEEDED"));
            }

            sets.Add(new DeployedStackSet(resource.DeployedName, "ACTIVE", "{}", [], new DeployedOperation("op-1", "UPDATE", "SUCCEEDED", null, null), instances.ToImmutable()));
        }

        return new DeployedState(sets.ToImmutable(), []);
    }

    /// <summary>govcfct status --org FILE --deployed FILE --format json and markdown, on a package built beforehand.</summary>
    [Benchmark]
    public int Status() => RunStatus(_fixture, _package, _recorded);
}
