using System.CommandLine;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Scaffolding;

namespace GovCfct.Cli.Commands;

/// <summary>
/// <c>govcfct init [DIR] [--name NAME] [--prefix P] [--home-region R] [--region R ...] [--break-glass-role NAME]</c>:
/// a new governance repository (definition, schemas, own-controls folder, buildspec, tool manifest pinning this version).
/// </summary>
internal static class InitCommand
{
    public static Command Create(CliConsole console, Pipeline.BuildPipeline pipeline)
    {
        var folder = new Argument<DirectoryInfo>("DIR")
        {
            Description = "The repository folder to write (default: the current folder); it must not hold the files init writes.",
            DefaultValueFactory = _ => new DirectoryInfo("."),
        };
        var name = new Option<string>("--name") { Description = "The organization's name.", DefaultValueFactory = _ => "my-organization" };
        var prefix = new Option<string>("--prefix") { Description = "resource_prefix: starts every generated resource name.", DefaultValueFactory = _ => "gov" };
        var homeRegion = new Option<string>("--home-region") { Description = "Control Tower's home region.", DefaultValueFactory = _ => "ap-northeast-1" };
        var regions = new Option<string[]>("--region")
        {
            Description = "A governed region (repeat; default: the home region).",
            AllowMultipleArgumentsPerToken = false,
        };
        var breakGlass = new Option<string>("--break-glass-role") { Description = "The break-glass role's name.", DefaultValueFactory = _ => "BreakGlass" };
        var command = new Command("init", "Write a new governance repository: definition, schemas, buildspec and a tool manifest pinning this GovCfct.")
        {
            folder, name, prefix, homeRegion, regions, breakGlass,
        };
        command.SetAction(parse =>
        {
            var home = parse.GetValue(homeRegion)!;
            var governed = parse.GetValue(regions) is { Length: > 0 } given ? given : [home];
            var options = new ScaffoldOptions(
                parse.GetValue(name)!,
                parse.GetValue(prefix)!,
                home,
                [.. governed.Distinct(StringComparer.Ordinal)],
                parse.GetValue(breakGlass)!,
                ToolIdentity.Version);
            var root = parse.GetValue(folder)!;
            var diagnostics = new DiagnosticBag();

            // The schemas are generated from the carried catalog (the new repository's templates/ is empty).
            var catalog = pipeline.LoadCatalog(Path.Combine(root.FullName, "templates"), diagnostics);
            if (catalog is null)
            {
                console.WriteDiagnostics(diagnostics.Sorted());
                return ExitCodes.ValidationFailed;
            }

            var scaffold = GovernanceRepositoryScaffold.Render(options, catalog);
            if (!GovernanceRepositoryScaffold.Write(scaffold, root.FullName, diagnostics))
            {
                console.WriteDiagnostics(diagnostics.Sorted());
                return ExitCodes.ValidationFailed;
            }

            foreach (var path in scaffold.Files.Keys)
            {
                console.Out.WriteLine($"  created {path}");
            }

            console.Out.WriteLine($"init: governance repository for '{options.Name}' in {root}; next: dotnet tool restore && dotnet govcfct build");
            return ExitCodes.Ok;
        });
        return command;
    }
}
