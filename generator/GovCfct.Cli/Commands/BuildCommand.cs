using System.CommandLine;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Cli.Commands;

/// <summary><c>govcfct build [--definition DIR] [--out DIR] [--dry-run]</c>.</summary>
internal static class BuildCommand
{
    public static Command Create(CliConsole console)
    {
        var definition = new Option<DirectoryInfo>("--definition", "-d")
        {
            Description = "The governance definition folder.",
            DefaultValueFactory = _ => new DirectoryInfo("manifest"),
        };
        var output = new Option<DirectoryInfo>("--out", "-o")
        {
            Description = "Where to write the CfCT package.",
            DefaultValueFactory = _ => new DirectoryInfo("out"),
        };
        var command = new Command("build", "Render the CfCT package (manifest.yaml, templates, policies) from the governance definition.")
        {
            definition,
            output,
        };
        command.SetAction(parse =>
        {
            console.WriteDiagnostic(Diagnostic.Error(DiagnosticCodes.InternalError, "build is not wired yet"));
            return ExitCodes.Internal;
        });
        return command;
    }
}
