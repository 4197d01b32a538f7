using System.Diagnostics;
using System.Text.Json;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Packaging;

namespace GovCfct.Core.Validation.Rules;

/// <summary>
/// cfn-lint over every template, in ONE process for all templates and every region the stack sets target
/// (a process per template would cost seconds each at thousands of OUs). Findings become GCF diagnostics with
/// the template's file and line. Absent cfn-lint is said, not hidden; the other rules still run.
/// </summary>
internal sealed class CfnLintRule : IValidationRule
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    public IReadOnlyList<string> Codes { get; } =
        [DiagnosticCodes.CfnLintError, DiagnosticCodes.CfnLintWarning, DiagnosticCodes.CfnLintMissing, DiagnosticCodes.CfnLintFailed];

    public void Check(PackageContext context, DiagnosticBag diagnostics)
    {
        if (!context.Options.RunCfnLint)
        {
            return;
        }

        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in context.TemplateFiles)
        {
            files.Add(file);
        }

        var regions = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var resource in context.Manifest.Manifest?.Resources ?? [])
        {
            if (resource.DeployMethod != DeployMethod.StackSet)
            {
                continue;
            }

            if (!PackageContext.IsRemote(resource.ResourceFile) && context.FileExists(resource.ResourceFile))
            {
                files.Add(PackageContext.Normalize(resource.ResourceFile));
            }

            foreach (var region in context.StackSetRegions(resource).Where(RegionRule.IsKnown))
            {
                regions.Add(region);
            }
        }

        // Only real templates: parse errors and non-templates are reported by the template rule already.
        var templates = files.Where(f => context.Template(f) is { IsTemplate: true }).ToList();
        if (templates.Count == 0)
        {
            return;
        }

        var exe = context.Options.CfnLintPath is { } configured ? (File.Exists(configured) ? configured : null) : FindOnPath("cfn-lint");
        if (exe is null)
        {
            diagnostics.Warning(DiagnosticCodes.CfnLintMissing, $"cfn-lint was not found{(context.Options.CfnLintPath is null ? " on PATH" : $" at {context.Options.CfnLintPath}")}: {templates.Count} template(s) were not linted", hint: "install cfn-lint (pip install cfn-lint) or pass --no-cfn-lint to skip it on purpose");
            return;
        }

        if (regions.Count == 0 && context.Manifest.Manifest?.Region is { } home && RegionRule.IsKnown(home))
        {
            regions.Add(home);
        }

        Run(context, exe, templates, regions, diagnostics);
    }

    internal static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        var names = OperatingSystem.IsWindows() ? new[] { name + ".exe", name + ".cmd", name } : [name];
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var candidate in names.Select(n => Path.Combine(dir, n)))
            {
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static void Run(PackageContext context, string exe, List<string> templates, SortedSet<string> regions, DiagnosticBag diagnostics)
    {
        var start = new ProcessStartInfo(exe)
        {
            WorkingDirectory = context.Options.PackageDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--format");
        start.ArgumentList.Add("json");
        if (regions.Count > 0)
        {
            start.ArgumentList.Add("--regions");
            foreach (var region in regions)
            {
                start.ArgumentList.Add(region);
            }
        }

        start.ArgumentList.Add("--");
        foreach (var template in templates)
        {
            start.ArgumentList.Add(template);
        }

        string stdout;
        string stderr;
        int exitCode;
        try
        {
            using var process = Process.Start(start) ?? throw new InvalidOperationException("cfn-lint did not start");
            var errTask = process.StandardError.ReadToEndAsync();
            stdout = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                diagnostics.Warning(DiagnosticCodes.CfnLintFailed, $"cfn-lint did not finish within {Timeout.TotalMinutes} minutes; templates were not linted");
                return;
            }

            stderr = errTask.GetAwaiter().GetResult();
            exitCode = process.ExitCode;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            diagnostics.Warning(DiagnosticCodes.CfnLintFailed, $"cfn-lint could not be run: {e.Message}");
            return;
        }

        try
        {
            // Exit codes 0, 2, 4, 8 and their sums report findings; anything else (1, 32) is a crash or a usage error.
            if (string.IsNullOrWhiteSpace(stdout) && exitCode is not (0 or 2 or 4 or 6 or 8 or 10 or 12 or 14))
            {
                throw new JsonException("no findings list");
            }

            using var doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(stdout) ? "[]" : stdout);
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new JsonException("not a list of findings");
            }

            foreach (var match in doc.RootElement.EnumerateArray())
            {
                AddFinding(match, diagnostics);
            }
        }
        catch (JsonException)
        {
            var first = (stderr + "\n" + stdout).Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "no output";
            diagnostics.Warning(DiagnosticCodes.CfnLintFailed, $"cfn-lint output could not be read: {first}", hint: "run cfn-lint on the templates by hand to see what is wrong");
        }
    }

    private static void AddFinding(JsonElement match, DiagnosticBag diagnostics)
    {
        var level = match.TryGetProperty("Level", out var l) ? l.GetString() : null;
        var file = (match.TryGetProperty("Filename", out var f) ? f.GetString() : null) ?? string.Empty;
        var ruleId = match.TryGetProperty("Rule", out var rule) && rule.TryGetProperty("Id", out var id) ? id.GetString() : "?";
        var message = match.TryGetProperty("Message", out var m) ? m.GetString() : string.Empty;
        var line = 0;
        var column = 0;
        if (match.TryGetProperty("Location", out var loc) && loc.TryGetProperty("Start", out var startPos))
        {
            line = startPos.TryGetProperty("LineNumber", out var ln) ? ln.GetInt32() : 0;
            column = startPos.TryGetProperty("ColumnNumber", out var cn) ? cn.GetInt32() : 0;
        }

        var at = new SourceLocation(PackageContext.Normalize(file), line, column);
        var text = $"cfn-lint {ruleId}: {message}";
        if (level == "Error")
        {
            diagnostics.Error(DiagnosticCodes.CfnLintError, text, at, "fix the template; CloudFormation would reject or misdeploy it");
        }
        else if (level == "Warning")
        {
            diagnostics.Warning(DiagnosticCodes.CfnLintWarning, text, at);
        }
    }
}
