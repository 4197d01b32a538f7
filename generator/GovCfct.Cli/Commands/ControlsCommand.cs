using System.CommandLine;
using GovCfct.Core.Catalog;
using GovCfct.Core.Diagnostics;
using GovCfct.Pipeline;

namespace GovCfct.Cli.Commands;

/// <summary><c>govcfct controls [--format text|markdown|json] [--templates DIR]</c>: lists the control catalog.</summary>
internal static class ControlsCommand
{
    public static Command Create(CliConsole console, BuildPipeline pipeline)
    {
        var format = new Option<string>("--format", "-f")
        {
            Description = "Output format: text, markdown (docs/controls.md) or json.",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong("text", "markdown", "json");
        var templates = CliOptions.Templates();
        var command = new Command("controls", "List the control catalog: id, kind, Japanese/English title, seed reference, parameters.")
        {
            format,
            templates,
        };
        command.SetAction(parse =>
        {
            var diagnostics = console.NewBag();
            var catalog = pipeline.LoadCatalog(parse.GetValue(templates)!.ToString(), diagnostics);
            console.WriteDiagnostics(diagnostics.Sorted());
            if (catalog is null)
            {
                return ExitCodes.ValidationFailed;
            }

            console.Out.Write(ControlCatalogFormatter.Format(catalog, parse.GetValue(format) switch
            {
                "markdown" => CatalogFormat.Markdown,
                "json" => CatalogFormat.Json,
                _ => CatalogFormat.Text,
            }));
            return ExitCodes.Ok;
        });
        return command;
    }
}
