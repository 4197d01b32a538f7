using System.CommandLine;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Cli.Commands;

/// <summary><c>govcfct publish</c>: deliver the built package to CfCT's source (CodeCommit behind an approval gate).</summary>
internal static class PublishCommand
{
    public static Command Create(CliConsole console)
    {
        var codeCommit = new CodeCommitPublishing();
        var command = new Command("publish", "Deliver the built CfCT package to CfCT's source: a CodeCommit commit or pull request behind an approval gate.");
        codeCommit.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (codeCommit.Applies(parse))
            {
                return await codeCommit.RunAsync(parse, console, cancellationToken).ConfigureAwait(false);
            }

            console.WriteDiagnostic(Diagnostic.Error(DiagnosticCodes.UsageError, "publish needs a destination: --codecommit REPO"));
            return ExitCodes.Usage;
        });
        return command;
    }
}
