using System.CommandLine;
using GovCfct.Core.Catalog;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Pipeline;

namespace GovCfct.Cli.Commands;

/// <summary>
/// <c>govcfct schema [--definition DIR] [--templates DIR] [--out DIR]</c>: writes the definition's JSON Schemas for the
/// catalog build and validate use (the carried catalog plus the organization's own controls), so editors complete
/// every control id and parameter the build accepts.
/// </summary>
internal static class SchemaCommand
{
    public static Command Create(CliConsole console, BuildPipeline pipeline)
    {
        var definition = CliOptions.Definition();
        var templates = CliOptions.Templates();
        var output = new Option<DirectoryInfo?>("--out", "-o")
        {
            Description = "Where to write organization.schema.json and ou.schema.json (default: <definition>/schema).",
        };
        var command = new Command("schema", "Write the definition's JSON Schemas for editors, generated from the control catalog.")
        {
            definition,
            templates,
            output,
        };
        command.SetAction(parse =>
        {
            var definitionDir = parse.GetValue(definition)!;
            var templatesDir = parse.GetValue(templates)!;
            if (CliOptions.MissingFolder("--templates", templatesDir) is { } missing)
            {
                console.WriteDiagnostic(missing);
                return ExitCodes.Usage;
            }

            var outDir = parse.GetValue(output) ?? new DirectoryInfo(Path.Combine(definitionDir.ToString(), "schema"));
            if (parse.GetValue(output) is null && !definitionDir.Exists)
            {
                console.WriteDiagnostic(new Diagnostic(DiagnosticCodes.UsageError, $"--definition: folder '{definitionDir}' does not exist", hint: "run from the project folder, or pass --definition or --out"));
                return ExitCodes.Usage;
            }

            var diagnostics = console.NewBag();
            var catalog = pipeline.LoadCatalog(templatesDir.FullName, diagnostics);
            console.WriteDiagnostics(diagnostics.Sorted());
            if (catalog is null)
            {
                return ExitCodes.ValidationFailed;
            }

            var results = DefinitionSchemaWriter.Write(DefinitionSchemaGenerator.Generate(catalog), outDir.FullName);
            foreach (var result in results)
            {
                var state = result.State.ToString().ToLowerInvariant();
                console.Out.WriteLine($"  {state,-9} {Path.Combine(outDir.ToString(), result.FileName).Replace('\\', '/')}");
            }

            console.Out.WriteLine($"schema: {catalog.Controls.Length} controls; {results.Count(r => r.State != SchemaFileState.Unchanged)} of {results.Length} files written");
            return ExitCodes.Ok;
        });
        return command;
    }
}
