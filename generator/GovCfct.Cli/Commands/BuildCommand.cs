using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Packaging;
using GovCfct.Pipeline;

namespace GovCfct.Cli.Commands;

/// <summary><c>govcfct build [--definition DIR] [--out DIR] [--templates DIR] [--dry-run] [--format text|json]</c>.</summary>
internal static class BuildCommand
{
    public static Command Create(CliConsole console, BuildPipeline pipeline)
    {
        var definition = CliOptions.Definition();
        var output = new Option<DirectoryInfo>("--out", "-o")
        {
            Description = "Where to write the CfCT package (replaced as a whole, atomically).",
            DefaultValueFactory = _ => new DirectoryInfo("out"),
        };
        var templates = CliOptions.Templates();
        var dryRun = new Option<bool>("--dry-run")
        {
            Description = "List the files that would be created, changed or deleted; write nothing.",
        };
        var format = new Option<string>("--format")
        {
            Description = "Output format: text or json.",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong("text", "json");
        var force = new Option<bool>("--force")
        {
            Description = "Replace --out even when it is not a folder an earlier build wrote (it is deleted as a whole).",
        };

        var command = new Command("build", "Render the CfCT package (manifest.yaml, templates, policies, report) from the governance definition.")
        {
            definition,
            output,
            templates,
            dryRun,
            format,
            force,
        };
        command.SetAction(parse =>
        {
            var definitionDir = parse.GetValue(definition)!;
            var templatesDir = parse.GetValue(templates)!;
            if ((CliOptions.MissingFolder("--definition", definitionDir) ?? CliOptions.MissingFolder("--templates", templatesDir)) is { } missing)
            {
                console.WriteDiagnostic(missing);
                return ExitCodes.Usage;
            }

            if (!parse.GetValue(dryRun) && !parse.GetValue(force)
                && OutputGuard.Refusal(parse.GetValue(output)!, [definitionDir, templatesDir]) is { } refusal)
            {
                console.WriteDiagnostic(refusal);
                return ExitCodes.ValidationFailed;
            }

            var diagnostics = console.NewBag();
            var options = new BuildRunOptions(definitionDir.FullName, templatesDir.FullName, parse.GetValue(output)!.FullName, parse.GetValue(dryRun));
            var result = pipeline.Run(options, diagnostics);
            var outName = parse.GetValue(output)!.ToString();
            if (parse.GetValue(format) == "json")
            {
                WriteJson(console, result, diagnostics, options.DryRun);
            }
            else
            {
                console.WriteDiagnostics(diagnostics.Sorted());
                WriteText(console, result, diagnostics, options.DryRun, outName);
            }

            return diagnostics.HasErrors ? ExitCodes.ValidationFailed : ExitCodes.Ok;
        });
        return command;
    }

    private static void WriteText(CliConsole console, BuildRunResult result, DiagnosticBag diagnostics, bool dryRun, string outName)
    {
        if (diagnostics.HasErrors)
        {
            console.Error.WriteLine($"build failed: {diagnostics.Items.Count(d => d.IsError)} error(s); nothing was written to {outName}");
            return;
        }

        foreach (var change in result.Changes)
        {
            console.Out.WriteLine($"{Verb(change.Kind)} {change.Path}");
        }

        if (result.Report?.Detective is { } detective)
        {
            console.Out.WriteLine(detective.Line);
        }

        var counts = $"{Count(result, ChangeKind.Created)} created, {Count(result, ChangeKind.Changed)} changed, {Count(result, ChangeKind.Deleted)} deleted";
        console.Out.WriteLine(dryRun
            ? $"dry run: {counts} in {outName}; nothing written"
            : result.Changes.IsEmpty ? $"{outName} is up to date" : $"wrote {outName}: {counts}");
    }

    private static void WriteJson(CliConsole console, BuildRunResult result, DiagnosticBag diagnostics, bool dryRun)
    {
        var document = new
        {
            ok = !diagnostics.HasErrors,
            dry_run = dryRun,
            written = result.Written,
            changes = result.Changes.Select(c => new { path = c.Path, kind = Verb(c.Kind) }),
            diagnostics = diagnostics.Sorted().Select(d => new
            {
                severity = d.Severity.ToString().ToLowerInvariant(),
                code = d.Code,
                message = d.Message,
                file = d.Location?.File,
                line = d.Location?.Line,
                column = d.Location?.Column,
                hint = d.Hint,
            }),
        };
        console.Out.WriteLine(JsonSerializer.Serialize(document, JsonOutput).ReplaceLineEndings("\n"));
    }

    // The --format json summary: indented, Japanese text kept readable.
    private static readonly JsonSerializerOptions JsonOutput = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static int Count(BuildRunResult result, ChangeKind kind) => result.Changes.Count(c => c.Kind == kind);

    private static string Verb(ChangeKind kind) => kind switch
    {
        ChangeKind.Created => "created",
        ChangeKind.Changed => "changed",
        _ => "deleted",
    };
}
