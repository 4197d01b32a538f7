using System.Diagnostics;
using System.Globalization;
using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Planning;
using GovCfct.Core.Validation;
using GovCfct.Fixtures;
using GovCfct.Pipeline;

namespace GovCfct.Benchmarks;

/// <summary>
/// The figures of docs/performance.md for each fixture (the landing-zone maximum and the stress tree): quotas, the work
/// the package starts (stack instances per member account-region, CfCT's listed OU targets and executions, the first
/// service-managed deployment, Control Tower operations, how a new account is covered), single-shot times of build,
/// validate, plan and status, their peak memory in fresh processes, and the command-line start-up.
/// </summary>
internal static class WorkReport
{
    /// <summary>The fixtures the report measures, in order.</summary>
    public static readonly FixtureSize[] Sizes = [FixtureSize.LandingZoneMaximum, FixtureSize.Full];

    public static int Run(TextWriter output)
    {
        output.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, load {File.ReadAllText("/proc/loadavg").Trim()}");
        foreach (var size in Sizes)
        {
            ReportFixture(output, size);
        }

        Startup(output);
        return 0;
    }

    private static void ReportFixture(TextWriter output, FixtureSize size)
    {
        var fixture = Fixtures.Write(size);
        var folder = Path.GetDirectoryName(fixture.DefinitionDirectory)!;
        var packageDir = Path.Combine(folder, "package");
        var parents = fixture.Snapshot.OrganizationalUnits.Select(o => o.ParentId).ToHashSet(StringComparer.Ordinal);
        var leaves = fixture.Snapshot.OrganizationalUnits.Count(o => !parents.Contains(o.Id));
        output.WriteLine();
        output.WriteLine($"== {size}: {fixture.OuCount:N0} OUs ({leaves:N0} leaves), {fixture.AccountCount:N0} accounts; the lock says {fixture.Definition.Lock!.Ous.Values.Count(o => o.HoldsAccounts):N0} OUs hold accounts");

        // Build: one shot in this process (the BenchmarkDotNet run gives the statistics).
        if (Directory.Exists(packageDir))
        {
            Directory.Delete(packageDir, recursive: true);
        }

        var diagnostics = new DiagnosticBag();
        var timer = Stopwatch.StartNew();
        var run = Fixtures.Pipeline().Run(new BuildRunOptions(fixture.DefinitionDirectory, Fixtures.Templates, packageDir, false), diagnostics);
        var buildMs = timer.ElapsedMilliseconds;
        var package = run.Package;
        if (package is null || diagnostics.HasErrors)
        {
            output.WriteLine($"build: FAILED in {buildMs} ms: " + string.Join("; ", diagnostics.Items.Where(d => d.IsError).Take(3).Select(d => $"{d.Code} {d.Message}")));
            Quotas(output, ScaleAnalysis.Analyze(new ScaleOptions(fixture.Snapshot) { Definition = fixture.Definition }));
            return;
        }

        var scaleDiagnostics = new DiagnosticBag();
        var scale = BuildPipeline.CheckOrganization(fixture.Definition, package, fixture.Snapshot, scaleDiagnostics, "org-snapshot.json");
        Quotas(output, scale);
        Estimates(output, scale.Estimate, package, fixture);

        // Validate: the package with the definition and the snapshot (read inside the measurement), cfn-lint off, and the organization check.
        timer.Restart();
        var validation = Validate(fixture, packageDir);
        var validateMs = timer.ElapsedMilliseconds;

        // Plan: read the snapshot and the package, plan a first deployment, check the organization, write Markdown.
        timer.Restart();
        var planLength = Plan(fixture, packageDir);
        var planMs = timer.ElapsedMilliseconds;

        // Status: from a recorded deployed state (see StatusBenchmarks), as govcfct status --org FILE --deployed FILE.
        var recorded = StatusBenchmarks.WriteRecorded(fixture, package);
        timer.Restart();
        StatusBenchmarks.RunStatus(fixture, package, recorded);
        var statusMs = timer.ElapsedMilliseconds;

        output.WriteLine($"validate: {validation.Count(d => d.IsError)} error(s), {validation.Count(d => d.Severity == Severity.Warning)} warning(s): {Codes(validation)}");
        output.WriteLine($"single shot: build {buildMs} ms (target 1,500), validate {validateMs} ms (target 1,000), plan {planMs} ms ({planLength:N0} characters; target 2,000), status {statusMs} ms (target 2,000)");
        output.WriteLine($"peak working set, one fresh process each (target 500 MB): build {PeakMemory.Measure(size, "build")} MB, validate {PeakMemory.Measure(size, "validate")} MB, plan {PeakMemory.Measure(size, "plan")} MB, status {PeakMemory.Measure(size, "status")} MB");
    }

    /// <summary>govcfct validate PACKAGE --definition --org SNAPSHOT --lint off: the validator's rules and the organization check.</summary>
    public static IReadOnlyList<Diagnostic> Validate(GovernmentFixtureResult fixture, string packageDir)
    {
        var snapshot = OrgSnapshotSerializer.ReadFile(fixture.SnapshotPath, "org-snapshot.json").Snapshot!;
        var diagnostics = new DiagnosticBag();
        var files = PackageFolder.Read(packageDir, "package", diagnostics)!;
        BuildPipeline.CheckOrganization(fixture.Definition, CfctPackage.Read(files, diagnostics), snapshot, diagnostics, "org-snapshot.json");
        var result = new PackageValidator().Validate(
            new PackageValidationOptions(packageDir)
            {
                Organization = snapshot,
                OrganizationDisplayPath = "org-snapshot.json",
                Definition = fixture.Definition,
                Settings = GovernanceSettings.From(fixture.Definition),
                RunCfnLint = false,
            },
            files);
        return [.. diagnostics.Items, .. result.Diagnostics];
    }

    /// <summary>govcfct plan --org SNAPSHOT --package DIR --definition DIR: a first deployment, with the organization check, as Markdown.</summary>
    public static int Plan(GovernmentFixtureResult fixture, string packageDir)
    {
        var diagnostics = new DiagnosticBag();
        var snapshot = OrgSnapshotSerializer.ReadFile(fixture.SnapshotPath, "org-snapshot.json").Snapshot!;
        var package = CfctPackage.Read(packageDir, "package", diagnostics)!;
        var plan = ChangePlanner.Plan(new ChangePlanOptions(package, snapshot) { Definition = fixture.Definition }, diagnostics);
        plan = plan with { Scale = BuildPipeline.CheckOrganization(fixture.Definition, package, snapshot, diagnostics, "org-snapshot.json") };
        return PlanMarkdownWriter.Write(plan).Length;
    }

    private static void Quotas(TextWriter output, ScaleReport scale)
    {
        foreach (var quota in scale.Quotas)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"quota {quota.Key}: {quota.Used:N0} of {quota.Limit:N0} ({quota.Percent} %, {quota.State}) — {quota.Quota}, {quota.Subject}"));
        }

        if (scale.Closest is { } closest)
        {
            output.WriteLine($"closest quota: {closest.Key} ({closest.Percent} %)");
        }
    }

    private static void Estimates(TextWriter output, ScaleEstimate e, CfctPackage package, GovernmentFixtureResult fixture)
    {
        var detective = CtControlReader.Read(package).Count(c => !c.Preventive);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"first run: {e.MemberInstances:N0} stack instances in {e.MemberAccounts:N0} member accounts x {e.Regions} regions = {e.InstancesPerAccountRegion:0.00} per member account-region (target <= 1)"));
        output.WriteLine($"CfCT: {e.CfctStackSets} stack sets listing {e.CfctListedOuTargets:N0} OU targets, {e.CfctInstances:N0} instances; {e.CfctExecutions} executions one after another, estimated {PlanMarkdownWriter.Duration(e.CfctSeconds)} (PipelineCostModel)");
        output.WriteLine($"service-managed: {e.ServiceManagedStackSets} stack sets ({e.AutoDeploymentStackSets} with automatic deployment) over {e.ServiceManagedTargets:N0} OU targets, {e.ServiceManagedInstances:N0} instances; first deployment {PlanMarkdownWriter.Duration(e.FirstDeploymentSeconds)} at up to {fixture.Definition.Limits.StackSetConcurrency} instances at once per stack set");
        output.WriteLine($"Control Tower: {e.ControlTowerOperations:N0} control operations ({detective:N0} detective enablements), {e.ControlTowerConcurrency} at once, {fixture.Definition.Limits.ControlOperationMinutes} min each (assumed): {PlanMarkdownWriter.Duration(e.ControlTowerSeconds)}");
        var automatic = e.AutoDeploymentStackSets > 0 ? $"StackSets' automatic deployment of {e.AutoDeploymentStackSets} stack set(s), no CfCT run (latency UNCONFIRMED: minutes)" : "no automatic deployment";
        var perOu = detective > 0 ? $"; a new OU gets no detective Control Tower control until the lock is regenerated, the package rebuilt and {detective:N0}+ operations run" : string.Empty;
        output.WriteLine($"new account: {automatic}; {e.NewAccountCfctStackSets} CfCT stack set(s) reach it when CfCT re-runs on its lifecycle event ({PlanMarkdownWriter.Duration(e.NewAccountCfctSeconds)}){perOu}");
    }

    private static string Codes(IEnumerable<Diagnostic> diagnostics) =>
        string.Join(", ", diagnostics.GroupBy(d => d.Code, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} x{g.Count()}"));

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
        // A small definition of four SCP controls of the shipped catalog at one OU (no landing zone, no CDK synth).
        File.WriteAllText(Path.Combine(dir, "definition", "organization.yaml"), "organization:\n  name: startup\n  home_region: ap-northeast-1\n  resource_prefix: gc\nparameters:\n  BreakGlassRoleName: GovCloudBreakGlass\n");
        File.WriteAllText(Path.Combine(dir, "definition", "ous", "workloads.yaml"), "parent: Root\nous:\n  - name: Workloads\n    controls: [deny-leave-organization, deny-costly-purchases, restrict-iam-user-creation, protect-exempt-principals]\n");
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

}
