using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using GovCfct.Core.Catalog;
using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Packaging;
using GovCfct.Core.Rendering;
using GovCfct.Core.Validation;
using GovCfct.Fixtures;
using GovCfct.Pipeline;

namespace GovCfct.Benchmarks;

/// <summary>The figures of docs/performance.md that are counts, not times: fixture sizes, CfCT work against the naive manifest, policy bytes; plus single-shot timings and the command-line start-up.</summary>
internal static class WorkReport
{
    private const int EnvelopeBytes = 39; // {"Version":"2012-10-17","Statement":[]}

    public static int Run(TextWriter output)
    {
        output.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, load {File.ReadAllText("/proc/loadavg").Trim()}");
        foreach (var size in new[] { FixtureSize.Sixteenth, FixtureSize.Quarter, FixtureSize.Full })
        {
            ReportSize(output, size);
        }

        Startup(output);
        return 0;
    }

    private static void ReportSize(TextWriter output, FixtureSize size)
    {
        var fixture = Fixtures.Write(size);
        var diagnostics = new DiagnosticBag();
        var built = Fixtures.Build(fixture.DefinitionDirectory, diagnostics);
        if (built.Package is null || diagnostics.HasErrors)
        {
            throw new InvalidOperationException($"{size}: build failed: " + string.Join("; ", diagnostics.Items.Where(d => d.IsError).Take(5)));
        }

        var package = built.Package;
        var resolution = built.Resolution!;
        var model = new CfctWorkModel(fixture.Snapshot);
        var regions = built.Package.Manifest.Resources.Where(r => r.DeployMethod == DeployMethod.StackSet)
            .SelectMany(r => r.ControlIds.Select(c => (c, r.Regions.Length))).DistinctBy(x => x.c).ToDictionary(x => x.c, x => x.Length, StringComparer.Ordinal);

        var distinct = resolution.Ous.SelectMany(o => o.Controls).Select(c => c.Control.Id + "|" + c.ValueKey).Distinct(StringComparer.Ordinal).Count();
        var distinctStackSets = resolution.Ous.SelectMany(o => o.Controls).Where(c => c.Control.Kind == ControlKind.StackSet).Select(c => c.Control.Id + "|" + c.ValueKey).Distinct(StringComparer.Ordinal).Count();
        var stackSetResources = package.Manifest.Resources.Count(r => r.DeployMethod == DeployMethod.StackSet);
        output.WriteLine();
        output.WriteLine($"== {size}: {fixture.OuCount} OUs, {fixture.AccountCount} accounts, {package.Files.Count} package files, {package.Files.Values.Sum(f => (long)f.Length)} bytes");
        output.WriteLine($"manifest resources: {package.Manifest.Resources.Length} (stack sets {stackSetResources}, lower bound = distinct stack-set (control, values) {distinctStackSets}); distinct (control, values) over all kinds {distinct}");

        var footprint = CfctWorkModel.Policies(built.Report!, MinifiedInstances(resolution, fixture), EnvelopeBytes);
        output.WriteLine($"policies: {footprint.Documents} documents for {footprint.DistinctPolicyInstances} distinct SCP/RCP (control, values); {footprint.Bytes} bytes vs lower bound {footprint.LowerBoundBytes} ({Percent(footprint.Bytes, footprint.LowerBoundBytes)}); max SCPs attached at one OU {footprint.MaxAttachedAtOneOu} of {footprint.SlotsAvailable} slots");

        var first = model.FirstRun(package);
        var naive = model.NaiveFirstRun(resolution, regions);
        output.WriteLine($"first run:  govcfct {Work(first)}");
        output.WriteLine($"            naive   {Work(naive)}");
        output.WriteLine($"            stack-set executions naive/govcfct = {Ratio(naive.StackSetExecutions, first.StackSetExecutions)}; resources walked per run naive/govcfct = {Ratio(naive.ManifestResources, first.ManifestResources)}");

        // A typical one-OU change: the first prefecture with its own BlockedPorts moves its extra port.
        var prefecture = Prefectures.All[0].Name;
        var file = GovernmentFixture.PrefectureFile(fixture.DefinitionDirectory, prefecture);
        var original = File.ReadAllText(file);
        File.WriteAllText(file, original.Replace($"'{GovernmentFixture.ExtraPort(0)}'", "'8443'", StringComparison.Ordinal));
        var changedDiagnostics = new DiagnosticBag();
        var changed = Fixtures.Build(fixture.DefinitionDirectory, changedDiagnostics);
        File.WriteAllText(file, original);
        var change = model.Change(package, changed.Package!);
        var naiveChange = model.NaiveChange(resolution, changed.Resolution!, regions);
        output.WriteLine($"one-OU change ({prefecture} BlockedPorts): govcfct {change.StackSetExecutions} stack-set executions, {change.StackInstances} instances; naive {naiveChange.StackSetExecutions} executions, {naiveChange.StackInstances} instances; ratio {Ratio(naiveChange.StackSetExecutions, change.StackSetExecutions)}");
        output.WriteLine($"unchanged rebuild: govcfct {model.Change(package, package).StackSetExecutions} stack-set executions (CfCT still walks {first.ManifestResources} resources; naive {naive.ManifestResources})");

        // Single-shot timings per stage (the BenchmarkDotNet run below gives the statistics).
        var packageDir = Path.Combine(Path.GetDirectoryName(fixture.DefinitionDirectory)!, "package");
        var pipeline = Fixtures.Pipeline();
        var timer = Stopwatch.StartNew();
        var definition = pipeline.LoadDefinition(fixture.DefinitionDirectory, new DiagnosticBag())!;
        var loadMs = timer.ElapsedMilliseconds;
        timer.Restart();
        pipeline.LoadCatalog(Fixtures.Templates, new DiagnosticBag());
        var catalogMs = timer.ElapsedMilliseconds;
        timer.Restart();
        pipeline.Build(definition, Fixtures.Templates, new DiagnosticBag());
        output.WriteLine($"stages: load definition {loadMs} ms, load catalog + resolve + package {timer.ElapsedMilliseconds} ms (catalog alone {catalogMs} ms)");
        timer.Restart();
        Fixtures.Pipeline().Run(new BuildRunOptions(fixture.DefinitionDirectory, Fixtures.Templates, packageDir, false), new DiagnosticBag());
        var buildMs = timer.ElapsedMilliseconds;
        timer.Restart();
        var snapshot = OrgSnapshotSerializer.ReadFile(fixture.SnapshotPath, "org-snapshot.json").Snapshot;
        new PackageValidator().Validate(new PackageValidationOptions(packageDir) { Organization = snapshot, Definition = fixture.Definition, Settings = GovernanceSettings.From(fixture.Definition), RunCfnLint = false });
        var validateMs = timer.ElapsedMilliseconds;
        output.WriteLine($"single shot: build {buildMs} ms, validate+snapshot {validateMs} ms");
        output.WriteLine($"peak working set, one fresh process each: build {PeakMemory.Measure(size, "build")} MB, validate with the snapshot {PeakMemory.Measure(size, "validate")} MB");
    }

    /// <summary>Each distinct SCP/RCP (control, values) rendered alone and minified: what the lower bound is made of.</summary>
    private static ImmutableDictionary<string, int> MinifiedInstances(Core.Resolution.ResolutionResult resolution, GovernmentFixtureResult fixture)
    {
        var renderer = new TemplateRenderer();
        var organization = fixture.Definition.Organization;
        var result = ImmutableDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
        foreach (var instance in resolution.Ous.SelectMany(o => o.Controls).Where(c => c.Control.Kind is ControlKind.Scp or ControlKind.Rcp))
        {
            var key = instance.Control.Id + "|" + instance.ValueKey;
            if (result.ContainsKey(key))
            {
                continue;
            }

            var text = renderer.Render(instance.Control, new RenderContext(organization, instance.Values, GovernanceSettings.From(fixture.Definition).ProtectedPrincipalArns), new DiagnosticBag());
            using var document = JsonDocument.Parse(text!);
            result[key] = JsonSerializer.Serialize(document.RootElement).Length;
        }

        return result.ToImmutable();
    }

    private static void Startup(TextWriter output)
    {
        var dir = Path.Combine(Fixtures.Root, "bench-out", "startup");
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        // The command line as built (JIT) and as published with ReadyToRun (the csproj's PublishReadyToRun).
        var jit = Path.Combine(dir, "jit");
        var r2r = Path.Combine(dir, "r2r");
        var project = Path.Combine(Fixtures.Root, "generator", "GovCfct.Cli", "GovCfct.Cli.csproj");
        if (!Dotnet(output, "publish", project, "-c", "Release", "-p:PublishReadyToRun=false", "-o", jit) ||
            !Dotnet(output, "publish", project, "-c", "Release", "-r", "linux-x64", "--self-contained", "false", "-o", r2r))
        {
            return;
        }

        Directory.CreateDirectory(Path.Combine(dir, "definition", "ous"));
        File.Copy(Path.Combine(Fixtures.Root, "manifest", "organization.yaml"), Path.Combine(dir, "definition", "organization.yaml"));
        File.WriteAllText(Path.Combine(dir, "definition", "ous", "workloads.yaml"), "parent: Root\nous:\n  - name: Workloads\n    controls: [deny-regions, deny-root-actions, guardduty, security-hub]\n");
        output.WriteLine();
        foreach (var (label, folder, pgo) in new[] { ("JIT", jit, true), ("ReadyToRun", r2r, true), ("ReadyToRun, TieredPGO off", r2r, false) })
        {
            var times = new List<long>();
            for (var i = 0; i < 11; i++)
            {
                var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
                if (!pgo)
                {
                    start.Environment["DOTNET_TieredPGO"] = "0";
                }

                foreach (var arg in new[] { Path.Combine(folder, "govcfct.dll"), "build", "--definition", Path.Combine(dir, "definition"), "--templates", Fixtures.Templates, "--out", Path.Combine(dir, "out") })
                {
                    start.ArgumentList.Add(arg);
                }

                var timer = Stopwatch.StartNew();
                using var process = Process.Start(start)!;
                var stderr = process.StandardError.ReadToEndAsync();
                process.StandardOutput.ReadToEnd();
                process.WaitForExit();
                timer.Stop();
                if (process.ExitCode != 0)
                {
                    output.WriteLine($"start-up: govcfct build failed ({process.ExitCode}): {stderr.Result}");
                    return;
                }

                if (i > 0)
                {
                    times.Add(timer.ElapsedMilliseconds);
                }
            }

            times.Sort();
            output.WriteLine($"start-up ({label}): govcfct build of a 1-OU definition, 10 runs after one warm-up: median {times[times.Count / 2]} ms, min {times[0]} ms, max {times[^1]} ms");
        }
    }

    private static bool Dotnet(TextWriter output, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            output.WriteLine($"start-up: dotnet {string.Join(' ', arguments)} failed: {stdout}{stderr.Result}");
        }

        return process.ExitCode == 0;
    }

    private static string Work(CfctWork work) =>
        $"{work.ManifestResources} resources, {work.StackSetExecutions} stack-set executions, {work.StackInstances} stack instances, {work.PolicyResources} policies, {work.PolicyAttachments} attachments";

    private static string Ratio(long a, long b) => b == 0 ? "n/a" : (a / (double)b).ToString("0.0", CultureInfo.InvariantCulture) + "x";

    private static string Percent(long a, long b) => b == 0 ? "n/a" : ((a - b) * 100.0 / b).ToString("+0.0;-0.0", CultureInfo.InvariantCulture) + " %";
}
