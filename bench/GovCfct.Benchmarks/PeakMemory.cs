using System.Diagnostics;
using System.Globalization;
using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Fixtures;
using GovCfct.Pipeline;

namespace GovCfct.Benchmarks;

/// <summary>Peak memory of one build, validate, plan or status, each in a fresh process over a fixture the report already wrote and built (BenchmarkDotNet reports allocations, not peaks).</summary>
internal static class PeakMemory
{
    /// <summary>Child side: <c>peak &lt;size&gt; build|validate|plan|status</c>; prints the peak working set in MB.</summary>
    public static int RunChild(string size, string stage)
    {
        var folder = Path.Combine(Fixtures.Root, "bench-out", size.ToLowerInvariant());
        var definitionDir = Path.Combine(folder, "definition");
        var packageDir = Path.Combine(folder, "package");
        if (stage == "build")
        {
            Fixtures.Pipeline().Run(new BuildRunOptions(definitionDir, Fixtures.Templates, Path.Combine(folder, "peak-package"), false), new DiagnosticBag());
        }
        else
        {
            var definition = Fixtures.Pipeline().LoadDefinition(definitionDir, new DiagnosticBag())!;
            var snapshot = OrgSnapshotSerializer.ReadFile(Path.Combine(folder, "org-snapshot.json"), "org-snapshot.json").Snapshot!;
            var fixture = new GovernmentFixtureResult(definitionDir, Path.Combine(folder, "org-snapshot.json"), snapshot, definition);
            _ = stage switch
            {
                "validate" => WorkReport.Validate(fixture, packageDir).Count,
                "plan" => WorkReport.Plan(fixture, packageDir),
                _ => StatusBenchmarks.RunStatus(fixture, CfctPackage.Read(packageDir, "package", new DiagnosticBag())!, Path.Combine(folder, "status-recorded.json")),
            };
        }

        using var self = Process.GetCurrentProcess();
        Console.Out.WriteLine((self.PeakWorkingSet64 / 1024 / 1024).ToString(CultureInfo.InvariantCulture));
        return 0;
    }

    /// <summary>Parent side: starts the child for one size and stage and returns its peak in MB (-1 on failure).</summary>
    public static long Measure(FixtureSize size, string stage)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("peak");
        start.ArgumentList.Add(size.ToString());
        start.ArgumentList.Add(stage);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        _ = stderr.Result;
        return process.ExitCode == 0 && long.TryParse(text.Trim(), CultureInfo.InvariantCulture, out var mb) ? mb : -1;
    }
}
