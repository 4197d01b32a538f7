using System.Collections.Immutable;
using System.Text.Json;
using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Packaging;

namespace GovCfct.Core.Validation.Rules;

/// <summary>
/// cfn-lint over every template, in ONE process for all templates and every region the stack sets target
/// (a process per template would cost seconds each at thousands of OUs). Findings become GCF diagnostics with
/// the template's file and line. Absent cfn-lint is said, not hidden; the other rules still run. The process itself is
/// behind <see cref="ICfnLinter"/>: this rule chooses the templates and regions and reads the findings, data in, data out.
/// </summary>
internal sealed class CfnLintRule : IValidationRule
{
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

        if (regions.Count == 0 && context.Manifest.Manifest?.Region is { } home && RegionRule.IsKnown(home))
        {
            regions.Add(home);
        }

        if (context.Options.CfnLinter is not { } linter)
        {
            diagnostics.Report(DiagnosticCodes.CfnLintMissing, $"no cfn-lint was given to this validation: {templates.Count} template(s) were not linted", hint: "install cfn-lint (pip install cfn-lint) or pass --no-cfn-lint to skip it on purpose");
            return;
        }

        // Only the package's own template bytes cross the seam: the adapter lints copies of them, in a folder of its own.
        var request = new CfnLintRequest(
            templates.Where(t => context.Package.Files.ContainsKey(t)).ToImmutableSortedDictionary(t => t, t => ImmutableArray.Create(context.Package.Files[t]), StringComparer.Ordinal),
            [.. regions],
            IncludeInformational: context.Options.Lint == LintMode.Strict);
        var run = linter.Lint(request);
        switch (run.Outcome)
        {
            case CfnLintOutcome.NotFound:
                diagnostics.Report(DiagnosticCodes.CfnLintMissing, $"cfn-lint was not found {run.Detail}: {templates.Count} template(s) were not linted", hint: "install cfn-lint (pip install cfn-lint) or pass --no-cfn-lint to skip it on purpose");
                return;
            case CfnLintOutcome.Failed:
                diagnostics.Report(DiagnosticCodes.CfnLintFailed, run.Detail);
                return;
            default:
                Read(run, context.Options.Lint, diagnostics);
                return;
        }
    }

    private static void Read(CfnLintRun run, LintMode mode, DiagnosticBag diagnostics)
    {
        try
        {
            // Exit codes 0, 2, 4, 8 and their sums report findings; anything else (1, 32) is a crash or a usage error.
            if (string.IsNullOrWhiteSpace(run.Output) && run.ExitCode is not (0 or 2 or 4 or 6 or 8 or 10 or 12 or 14))
            {
                throw new JsonException("no findings list");
            }

            using var doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(run.Output) ? "[]" : run.Output);
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new JsonException("not a list of findings");
            }

            var hidden = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (var match in doc.RootElement.EnumerateArray())
            {
                AddFinding(match, mode, hidden, diagnostics);
            }

            if (hidden.Count > 0)
            {
                var rules = string.Join(", ", hidden.Select(h => h.Value == 1 ? h.Key : $"{h.Key} x{h.Value}"));
                diagnostics.Add(new Diagnostic(DiagnosticCodes.CfnLintHidden, $"{hidden.Values.Sum()} cfn-lint finding(s) not shown (style, hygiene, or sections CloudFormation ignores) ({rules})", null, "govcfct validate --lint strict shows every cfn-lint finding"));
            }
        }
        catch (JsonException)
        {
            var first = (run.Errors + "\n" + run.Output).Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "no output";
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
