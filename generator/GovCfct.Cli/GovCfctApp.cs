using System.CommandLine;
using GovCfct.Cli.Commands;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Cli;

/// <summary>
/// Entry point shared by Program and the in-memory CLI tests: builds the command tree and maps outcomes to
/// exit codes (0 ok, 1 validation errors, 2 usage, 3 AWS/publish, 70 internal). Only here do exceptions
/// become exit codes.
/// </summary>
internal static class GovCfctApp
{
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken) =>
        RunAsync(args, stdout, stderr, null, cancellationToken);

    /// <summary>With another pipeline (in-memory CLI tests over in-memory inputs); null means the production pipeline.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, Pipeline.BuildPipeline? pipeline, CancellationToken cancellationToken)
    {
        // One pipeline for every command: build, validate, plan, accounts and controls cannot disagree on stages or settings.
        pipeline ??= Pipeline.BuildPipeline.Production();
        var console = new CliConsole(stdout, stderr);
        var root = new RootCommand("GovCfct: render, validate, plan and publish Customizations for AWS Control Tower (CfCT) content.");
        root.Options.Add(CliOptions.Verbose);
        root.Options.Add(CliOptions.WarningsAsErrors);

        // One line per verb; each command lives in Commands/<Verb>Command.cs.
        root.Subcommands.Add(BuildCommand.Create(console, pipeline));
        root.Subcommands.Add(AccountsCommand.Create(console, pipeline));
        root.Subcommands.Add(ControlsCommand.Create(console, pipeline));
        root.Subcommands.Add(OrgCommand.Create(console));
        root.Subcommands.Add(PlanCommand.Create(console, pipeline));
        root.Subcommands.Add(PublishCommand.Create(console, pipeline));
        root.Subcommands.Add(ValidateCommand.Create(console, pipeline));
        root.Subcommands.Add(GateCommand.Create(console));
        root.Subcommands.Add(PipelineCommand.Create(console));
        root.Subcommands.Add(StatusCommand.Create(console, pipeline));
        root.Subcommands.Add(ReplayCommand.Create(console, pipeline));
        root.Subcommands.Add(InitCommand.Create(console, pipeline));
        root.Subcommands.Add(SchemaCommand.Create(console, pipeline));

        // `--version` names the tool and the catalog it carries, so a pipeline log says which controls were rendered.
        foreach (var option in root.Options.OfType<VersionOption>())
        {
            option.Action = new VersionAction(console);
        }

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                console.WriteDiagnostic(new Diagnostic(DiagnosticCodes.UsageError, error.Message, hint: MistypedCommandHint(parse, error)));
            }

            // Point at the help of the command that was being parsed, not only the top-level one.
            var names = new List<string>();
            for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
            {
                names.Insert(0, result.Command.Name);
            }

            names[0] = "govcfct";
            console.Error.WriteLine($"Run '{string.Join(' ', names)} --help' for usage.");
            return ExitCodes.Usage;
        }

        var verbose = parse.GetValue(CliOptions.Verbose);
        console.WarningsAsErrors = parse.GetValue(CliOptions.WarningsAsErrors);
        try
        {
            // Program owns Ctrl-C (it cancels cancellationToken); System.CommandLine's own handler is switched off.
            var exit = await parse.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null }, cancellationToken);

            // Commands whose findings come as lists rather than bags learn of a promoted warning only here.
            if (exit == ExitCodes.Ok && console.WarningsAsErrors && console.WroteError)
            {
                console.Error.WriteLine("govcfct: failed: warnings are errors (--warnings-as-errors)");
                return ExitCodes.ValidationFailed;
            }

            return exit;
        }
        catch (UserException ex)
        {
            foreach (var diagnostic in ex.Diagnostics)
            {
                console.WriteDiagnostic(diagnostic);
            }

            return ex.ExitCode;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.Error.WriteLine("govcfct: interrupted");
            return ExitCodes.Interrupted;
        }
        catch (Exception ex)
        {
            console.WriteDiagnostic(new Diagnostic(DiagnosticCodes.InternalError, $"internal error: {ex.GetType().Name}: {ex.Message}", hint: verbose ? null : "run again with --verbose for details and report it"));
            if (verbose)
            {
                console.Error.WriteLine(ex.ToString());
            }

            return ExitCodes.Internal;
        }
    }

    /// <summary>
    /// "did you mean 'build'?" when the unrecognized token is close to a subcommand of the command being parsed
    /// (System.CommandLine reports the token but suggests nothing).
    /// </summary>
    private static string? MistypedCommandHint(ParseResult parse, System.CommandLine.Parsing.ParseError error)
    {
        var command = parse.CommandResult.Command;
        if (command.Subcommands.Count == 0)
        {
            return null;
        }

        // Only the first unmatched word stands where a command was expected; the words after it are its arguments.
        var token = parse.UnmatchedTokens.Take(1).FirstOrDefault(t => !t.StartsWith('-') && error.Message.Contains($"'{t}'", StringComparison.Ordinal));
        return token is null ? null : NearestNames.DidYouMean(token, command.Subcommands.Where(c => !c.Hidden).SelectMany(c => c.Aliases.Prepend(c.Name)));
    }
}

/// <summary>Prints <c>govcfct VERSION (catalog N controls, sha256:…)</c>.</summary>
internal sealed class VersionAction(CliConsole console) : System.CommandLine.Invocation.SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        console.Out.WriteLine($"govcfct {ToolIdentity.Version} ({ToolIdentity.DescribeCatalog()})");
        return ExitCodes.Ok;
    }
}
