using System.CommandLine;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Scaffolding;

namespace GovCfct.Cli.Commands;

/// <summary>
/// <c>govcfct init [DIR] [--name NAME] [--prefix P] [--home-region R] [--region R ...] [--break-glass-role NAME] [--org SNAPSHOT] [--tool-source FEED]</c>:
/// a new governance repository (definition, schemas, own-controls folder, buildspec, tool manifest pinning this version,
/// nuget.config taking GovCfct from the agency's feed only);
/// with a snapshot, the definition mirrors the organization's OUs and management account and org-lock.yaml is written.
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
        var org = new Option<FileInfo?>("--org")
        {
            Description = "An organization snapshot (JSON from 'govcfct org snapshot'): the definition mirrors its OUs and management account, and org-lock.yaml is written from it.",
        };
        var toolSource = new Option<string>("--tool-source")
        {
            Description = "The agency's NuGet feed (URL) or folder (relative to DIR) holding the GovCfct package; nuget.config takes GovCfct from it alone, never from nuget.org.",
            DefaultValueFactory = _ => ScaffoldOptions.DefaultToolSource,
        };
        var command = new Command("init", "Write a new governance repository: definition, schemas, buildspec and a tool manifest pinning this GovCfct.")
        {
            folder, name, prefix, homeRegion, regions, breakGlass, org, toolSource,
        };
        command.SetAction(parse =>
        {
            var diagnostics = new DiagnosticBag();
            Core.Organization.OrgSnapshot? snapshot = null;
            if (parse.GetValue(org) is { } snapshotFile)
            {
                if (!snapshotFile.Exists)
                {
                    console.WriteDiagnostic(new Diagnostic(DiagnosticCodes.UsageError, $"--org: file '{snapshotFile}' does not exist", hint: "write one with govcfct org snapshot --out FILE"));
                    return ExitCodes.Usage;
                }

                // The same reading as 'org lock': a snapshot a lock cannot be written from stops init before any file is written.
                snapshot = Core.Organization.OrgLockWriter.ReadSnapshot(snapshotFile.FullName, snapshotFile.ToString(), diagnostics);
                if (snapshot is null)
                {
                    console.WriteDiagnostics(diagnostics.Sorted());
                    return ExitCodes.ValidationFailed;
                }
            }

            var home = parse.GetValue(homeRegion)!;
            var governed = parse.GetValue(regions) is { Length: > 0 } given ? given : [home];
            var options = new ScaffoldOptions(
                parse.GetValue(name)!,
                parse.GetValue(prefix)!,
                home,
                [.. governed.Distinct(StringComparer.Ordinal)],
                parse.GetValue(breakGlass)!,
                ToolIdentity.Version,
                snapshot)
            {
                ToolSource = parse.GetValue(toolSource)!,
            };
            var root = parse.GetValue(folder)!;

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

            console.WriteDiagnostics(diagnostics.Sorted());
            foreach (var path in scaffold.Files.Keys)
            {
                console.Out.WriteLine($"  created {path}");
            }

            console.Out.WriteLine($"init: governance repository for '{options.Name}' in {root}; next:");
            var step = 0;
            foreach (var next in GovernanceRepositoryScaffold.NextSteps(options, root.FullName))
            {
                console.Out.WriteLine($"  {++step}. {next}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
