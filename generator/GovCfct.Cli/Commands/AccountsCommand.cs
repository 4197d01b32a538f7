using System.Collections.Immutable;
using System.CommandLine;
using GovCfct.Core.Accounts;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Packaging;
using GovCfct.Pipeline;

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

            var checkedRequests = ReadAndCheck(pipeline, parse.GetValue(file)!, parse.GetValue(definition)!, parse.GetValue(templates)!, parse.GetValue(org), out var diagnostics, out _);
            console.WriteDiagnostics(diagnostics);
            if (checkedRequests is null)
            {
                console.Error.WriteLine($"accounts check: {diagnostics.Count(d => d.IsError)} error(s); no account request accepted");
                return ExitCodes.ValidationFailed;
            }

            console.Out.WriteLine($"accounts check: ok, {checkedRequests.Value.Length} account request(s) accepted");
            return ExitCodes.Ok;
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

            var requests = ReadAndCheck(pipeline, parse.GetValue(file)!, parse.GetValue(definition)!, parse.GetValue(templates)!, parse.GetValue(org), out var diagnostics, out var built);
            console.WriteDiagnostics(diagnostics);
            if (requests is null)
            {
                console.Error.WriteLine($"accounts plan: {diagnostics.Count(d => d.IsError)} error(s) in the requests; nothing planned");
                return ExitCodes.ValidationFailed;
            }

            // The production pipeline, CDK controls included (built once, by the check): what the account receives is what
            // govcfct build publishes. Build warnings concern the definition, not the requests; `govcfct build` shows them.
            var package = built?.Result.Package;
            console.WriteDiagnostics(built?.Diagnostics.Where(d => d.IsError) ?? []);
            if (built is null || package is null || built.Value.Diagnostics.Any(d => d.IsError))
            {
                console.Error.WriteLine("accounts plan: the package could not be built from the definition; nothing planned");
                return ExitCodes.ValidationFailed;
            }

            // Control Tower controls target OU ids; the definition's org lock names their paths.
            var orgLock = built.Value.Result.Definition?.Lock;
            var plan = AccountPlanner.Plan(requests.Value, package, orgLock is null ? null : id => id == orgLock.RootId ? "Root" : orgLock.Ous.Values.FirstOrDefault(o => o.Id == id)?.Path);
            console.Out.Write(parse.GetValue(format) == "json" ? AccountPlanWriter.ToJson(plan) : AccountPlanWriter.ToText(plan));
            return ExitCodes.Ok;
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

    /// <summary>Reads and checks the CSV; the accepted rows, or null when any error was found (diagnostics hold why).</summary>
    private static ImmutableArray<AccountRequest>? ReadAndCheck(BuildPipeline pipeline, FileInfo file, DirectoryInfo definitionDir, DirectoryInfo templatesDir, FileInfo? orgFile, out IReadOnlyList<Diagnostic> diagnostics, out (PipelineResult Result, IReadOnlyList<Diagnostic> Diagnostics)? built)
    {
        built = null;
        var read = new AccountRequestReader().ReadFile(file.FullName, file.ToString());
        var bag = new DiagnosticBag();
        var definition = pipeline.LoadDefinition(definitionDir.FullName, bag);
        OrgSnapshot? snapshot = null;
        if (orgFile is not null)
        {
            var result = OrgSnapshotSerializer.ReadFile(orgFile.FullName, orgFile.ToString());
            bag.AddRange(result.Diagnostics);
            snapshot = result.Snapshot;
        }

        if (read.Requests is null || definition is null || bag.HasErrors)
        {
            bag.AddRange(read.Diagnostics);
            diagnostics = bag.Sorted();
            return null;
        }

        // The package decides which controls reach accounts organization-wide (conformance packs): an opt-out of one of
        // those splits nothing, so coverage is judged against what the build really produces.
        var buildBag = new DiagnosticBag();
        var pipelineResult = pipeline.Build(definition, templatesDir.FullName, buildBag);
        built = (pipelineResult, buildBag.Sorted());
        var check = new AccountRequestChecker().Check(new AccountRequestCheckOptions(read.Requests, definition)
        {
            OrganizationWideControls = pipelineResult.Package is null ? null : ExpectedPacks.Read(pipelineResult.Package).SelectMany(p => p.Controls).ToHashSet(StringComparer.Ordinal),
            Organization = snapshot,
            OrganizationDisplayPath = orgFile?.ToString(),
            ReadDiagnostics = read.Diagnostics,
        });
        bag.AddRange(check.Diagnostics);
        diagnostics = bag.Sorted();
        return check.HasErrors ? null : check.Accepted;
    }

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
