using System.CommandLine;
using GovCfct.Core.Accounts;
using GovCfct.Core.Diagnostics;
using GovCfct.Pipeline;
using GovCfct.Pipeline.UseCases;

namespace GovCfct.Cli.Commands;

/// <summary>
/// <c>govcfct accounts check FILE.csv [--definition DIR] [--org SNAPSHOT]</c> and
/// <c>govcfct accounts plan FILE.csv [--definition DIR] [--templates DIR] [--org SNAPSHOT] [--format text|json]</c>:
/// account requests are checked before the vending state machine sees them, and the plan shows what each new
/// account will receive from CfCT.
/// </summary>
internal static class AccountsCommand
{
    public static Command Create(CliConsole console, BuildPipeline pipeline)
    {
        var command = new Command("accounts", "Check account requests (CSV) and show the controls each new account will receive.");
        command.Subcommands.Add(CreateCheck(console, pipeline));
        command.Subcommands.Add(CreatePlan(console, pipeline));
        return command;
    }

    private static Command CreateCheck(CliConsole console, BuildPipeline pipeline)
    {
        var (file, definition, org) = CommonOptions();
        var templates = CliOptions.Templates();
        var command = new Command("check", "Check an account request CSV against the definition and, with --org, the organization. Nothing is accepted when any row is wrong.")
        {
            file, definition, org, templates,
        };
        command.SetAction(parse =>
        {
            if (UsageError(console, parse.GetValue(file)!, parse.GetValue(definition)!, parse.GetValue(templates)!))
            {
                return ExitCodes.Usage;
            }

            var result = new AccountsUseCase(pipeline).Check(Request(parse, file, definition, templates, org));
            console.WriteDiagnostics(result.Diagnostics);
            if (result.Outcome != UseCaseOutcome.Ok)
            {
                console.Error.WriteLine($"accounts check: {result.Diagnostics.Count(d => d.IsError)} error(s); no account request accepted");
                return Outcomes.ExitCode(result.Outcome);
            }

            console.Out.WriteLine($"accounts check: ok, {result.Accepted.Length} account request(s) accepted");
            return Outcomes.ExitCode(result.Outcome);
        });
        return command;
    }

    private static Command CreatePlan(CliConsole console, BuildPipeline pipeline)
    {
        var (file, definition, org) = CommonOptions();
        var templates = CliOptions.Templates();
        var format = new Option<string>("--format")
        {
            Description = "Output format: text or json.",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("plan", "Show, per requested account, the SCPs, RCPs and stack sets CfCT will apply once the account is in its OU.")
        {
            file, definition, org, templates, format,
        };
        command.SetAction(parse =>
        {
            if (UsageError(console, parse.GetValue(file)!, parse.GetValue(definition)!, parse.GetValue(templates)!))
            {
                return ExitCodes.Usage;
            }

            var result = new AccountsUseCase(pipeline).Plan(Request(parse, file, definition, templates, org));
            console.WriteDiagnostics(result.Diagnostics);
            if (result.Failure == AccountsFailure.Requests)
            {
                console.Error.WriteLine($"accounts plan: {result.Diagnostics.Count(d => d.IsError)} error(s) in the requests; nothing planned");
                return Outcomes.ExitCode(result.Outcome);
            }

            console.WriteDiagnostics(result.BuildErrors);
            if (result.Plan is not { } plan)
            {
                console.Error.WriteLine("accounts plan: the package could not be built from the definition; nothing planned");
                return Outcomes.ExitCode(result.Outcome);
            }

            console.Out.Write(parse.GetValue(format) == "json" ? AccountPlanWriter.ToJson(plan) : AccountPlanWriter.ToText(plan));
            return Outcomes.ExitCode(result.Outcome);
        });
        return command;
    }

    private static (Argument<FileInfo> File, Option<DirectoryInfo> Definition, Option<FileInfo?> Org) CommonOptions()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The account request CSV (UTF-8, header row; see docs/accounts.md)." };
        var definition = CliOptions.Definition();
        var org = new Option<FileInfo?>("--org")
        {
            Description = "An organization snapshot (JSON from 'govcfct org snapshot'): existing names, e-mails and OUs.",
        };
        return (file, definition, org);
    }

    private static AccountsRequest Request(ParseResult parse, Argument<FileInfo> file, Option<DirectoryInfo> definition, Option<DirectoryInfo> templates, Option<FileInfo?> org) =>
        new(parse.GetValue(file)!, parse.GetValue(definition)!, parse.GetValue(templates)!) { Organization = parse.GetValue(org) };

    /// <summary>Reports a missing input (exit code 2) before any work starts.</summary>
    private static bool UsageError(CliConsole console, FileInfo file, DirectoryInfo definition, DirectoryInfo? templates)
    {
        var problems = new List<string>();
        if (!file.Exists)
        {
            problems.Add($"file '{file}' does not exist");
        }

        foreach (var problem in problems)
        {
            console.WriteDiagnostic(new Diagnostic(DiagnosticCodes.UsageError, problem, hint: "pass the CSV file's path"));
        }

        var missing = new[] { CliOptions.MissingFolder("--definition", definition), templates is null ? null : CliOptions.MissingFolder("--templates", templates) }.OfType<Diagnostic>().ToList();
        foreach (var diagnostic in missing)
        {
            console.WriteDiagnostic(diagnostic);
        }

        return problems.Count + missing.Count > 0;
    }
}
