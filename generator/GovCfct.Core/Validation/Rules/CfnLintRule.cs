using System.Diagnostics;
using System.Text.Json;
using GovCfct.Core.Cfct;
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

    public IReadOnlyList<DiagnosticDescriptor> Codes { get; } =
        [DiagnosticCodes.CfnLintError, DiagnosticCodes.CfnLintWarning, DiagnosticCodes.CfnLintMissing, DiagnosticCodes.CfnLintFailed, DiagnosticCodes.CfnLintInfo, DiagnosticCodes.CfnLintHidden];

    /// <summary>cfn-lint messages can list thousands of schema values; a finding stays one readable line.</summary>
    internal const int MaxMessageLength = 300;

    public void Check(PackageContext context, DiagnosticBag diagnostics)
    {
        if (!context.Options.RunCfnLint || context.Options.Lint == LintMode.Off)
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
            diagnostics.Report(DiagnosticCodes.CfnLintMissing, $"cfn-lint was not found{(context.Options.CfnLintPath is null ? " on PATH" : $" at {context.Options.CfnLintPath}")}: {templates.Count} template(s) were not linted", hint: "install cfn-lint (pip install cfn-lint) or pass --no-cfn-lint to skip it on purpose");
            return;
        }

        if (regions.Count == 0 && context.Manifest.Manifest?.Region is { } home && RegionRule.IsKnown(home))
        {
            regions.Add(home);
        }

        // cfn-lint 1.x reads a .cfnlintrc from its working directory and the home folder, and such a file may load Python
        // (append_rules) or silence checks (ignore_checks): the package is content under review, never configuration. So
        // cfn-lint runs in a temporary folder holding copies of the templates only, with GovCfct's own configuration
        // file (which replaces both lookups) and without AWS credentials in its environment.
        var root = Directory.CreateTempSubdirectory("govcfct-cfnlint-");
        try
        {
            var work = Directory.CreateDirectory(Path.Combine(root.FullName, "package")).FullName;
            foreach (var template in templates)
            {
                var target = Path.GetFullPath(Path.Combine(work, template));
                if (!target.StartsWith(work + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !context.Package.Files.TryGetValue(template, out var bytes))
                {
                    continue;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.WriteAllBytes(target, bytes);
            }

            var config = Path.Combine(root.FullName, "govcfct.cfnlintrc");
            File.WriteAllText(config, "ignore_templates: []\n");
            Run(work, config, root.FullName, context, exe, templates, regions, diagnostics);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Removes every AWS setting (keys, session token, profile, container and web-identity credentials) from a linter's
    /// environment and points the SDK's shared files at paths that do not exist, so nothing it runs can act as the caller.
    /// </summary>
    internal static void WithoutAwsCredentials(IDictionary<string, string?> environment, string emptyFolder)
    {
        foreach (var name in environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            environment.Remove(name);
        }

        environment["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(emptyFolder, "no-credentials");
        environment["AWS_CONFIG_FILE"] = Path.Combine(emptyFolder, "no-config");
        environment["AWS_EC2_METADATA_DISABLED"] = "true";
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

    private static void Run(string directory, string config, string emptyFolder, PackageContext context, string exe, List<string> templates, SortedSet<string> regions, DiagnosticBag diagnostics)
    {
        var start = new ProcessStartInfo(exe)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        WithoutAwsCredentials(start.Environment, emptyFolder);
        start.ArgumentList.Add("--config-file");
        start.ArgumentList.Add(config);
        start.ArgumentList.Add("--format");
        start.ArgumentList.Add("json");
        if (context.Options.Lint == LintMode.Strict)
        {
            // cfn-lint leaves its informational (I) rules out unless asked; strict shows every finding.
            start.ArgumentList.Add("--include-checks");
            start.ArgumentList.Add("I");
        }

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
                diagnostics.Report(DiagnosticCodes.CfnLintFailed, $"cfn-lint did not finish within {Timeout.TotalMinutes} minutes; templates were not linted");
                return;
            }

            stderr = errTask.GetAwaiter().GetResult();
            exitCode = process.ExitCode;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            diagnostics.Report(DiagnosticCodes.CfnLintFailed, $"cfn-lint could not be run: {e.Message}");
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

            var hidden = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (var match in doc.RootElement.EnumerateArray())
            {
                AddFinding(match, context.Options.Lint, hidden, diagnostics);
            }

            if (hidden.Count > 0)
            {
                var rules = string.Join(", ", hidden.Select(h => h.Value == 1 ? h.Key : $"{h.Key} x{h.Value}"));
                diagnostics.Add(new Diagnostic(DiagnosticCodes.CfnLintHidden, $"{hidden.Values.Sum()} cfn-lint finding(s) not shown (style, hygiene, or sections CloudFormation ignores) ({rules})", null, "govcfct validate --lint strict shows every cfn-lint finding"));
            }
        }
        catch (JsonException)
        {
            var first = (stderr + "\n" + stdout).Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "no output";
            diagnostics.Report(DiagnosticCodes.CfnLintFailed, $"cfn-lint output could not be read: {first}", hint: "run cfn-lint on the templates by hand to see what is wrong");
        }
    }

    private static void AddFinding(JsonElement match, LintMode mode, SortedDictionary<string, int> hidden, DiagnosticBag diagnostics)
    {
        var level = match.TryGetProperty("Level", out var l) ? l.GetString() : null;
        var file = (match.TryGetProperty("Filename", out var f) ? f.GetString() : null) ?? string.Empty;
        var ruleId = (match.TryGetProperty("Rule", out var rule) && rule.TryGetProperty("Id", out var id) ? id.GetString() : null) ?? "?";
        var message = (match.TryGetProperty("Message", out var m) ? m.GetString() : null) ?? string.Empty;
        var line = 0;
        var column = 0;
        if (match.TryGetProperty("Location", out var loc) && loc.TryGetProperty("Start", out var startPos))
        {
            line = startPos.TryGetProperty("LineNumber", out var ln) ? ln.GetInt32() : 0;
            column = startPos.TryGetProperty("ColumnNumber", out var cn) ? cn.GetInt32() : 0;
        }

        var at = new SourceLocation(PackageContext.Normalize(file), line, column);
        var text = $"cfn-lint {ruleId}: {Truncate(message)}";
        if (mode == LintMode.Strict && level == "Informational")
        {
            diagnostics.Add(new Diagnostic(DiagnosticCodes.CfnLintInfo, text, at));
            return;
        }

        switch (CfnLintSeverities.For(ruleId, level, mode, message))
        {
            case LintSeverity.Error:
                diagnostics.Report(DiagnosticCodes.CfnLintError, text, at, mode == LintMode.Default && CfnLintSeverities.Why(ruleId) is { } why ? $"fix the template: {why}" : "fix the template; CloudFormation would reject or misdeploy it");
                break;
            case LintSeverity.Warning:
                diagnostics.Report(DiagnosticCodes.CfnLintWarning, text, at, mode == LintMode.Default && !CfnLintSeverities.IsMapped(ruleId) ? "cfn-lint flags it; CloudFormation may still accept it" : null);
                break;
            default:
                hidden[ruleId] = hidden.GetValueOrDefault(ruleId) + 1;
                break;
        }
    }

    /// <summary>Cuts a long message at a word boundary and says how much was left out.</summary>
    internal static string Truncate(string message)
    {
        var oneLine = string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim()));
        if (oneLine.Length <= MaxMessageLength)
        {
            return oneLine;
        }

        var cut = oneLine.LastIndexOf(' ', MaxMessageLength);
        cut = cut < MaxMessageLength / 2 ? MaxMessageLength : cut;
        return $"{oneLine[..cut].TrimEnd(',', ';', ' ')} ... ({oneLine.Length - cut} more characters; run cfn-lint on the file for the full text)";
    }
}
