using System.CommandLine;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.IO;
using GovCfct.Core.Planning;
using GovCfct.Pipeline;
using GovCfct.Pipeline.UseCases;

namespace GovCfct.Cli.Commands;

/// <summary>
/// <c>govcfct plan --org SNAPSHOT [--definition DIR] [--package DIR] [--previous DIR|GIT-REF] [--previous-org SNAPSHOT]
/// [--repo DIR] [--new-account --ou PATH] [--format markdown|json|html] [--out FILE]</c>: what the change does to which
/// accounts. Exit 0 when the plan was made (warnings allowed), 1 on errors, 2 on usage errors.
/// </summary>
internal static class PlanCommand
{
    public static Command Create(CliConsole console, BuildPipeline pipeline)
    {
        var org = new Option<FileInfo>("--org") { Description = "The organization snapshot (JSON from 'govcfct org snapshot').", Required = true };
        var definition = CliOptions.OptionalDefinition("The governance definition: builds the package in memory when --package is absent, and adds scope and OU/account drift.");
        var package = new Option<DirectoryInfo?>("--package", "-p") { Description = "The CfCT package to plan (a govcfct build output or any CfCT package folder)." };
        var templates = CliOptions.Templates("read when building from --definition");
        var previous = new Option<string?>("--previous") { Description = "The previously published package: a folder, a definition folder (organization.yaml, built in memory), or a git revision REF or REF:folder of --repo." };
        var previousOrg = new Option<FileInfo?>("--previous-org") { Description = "The snapshot taken when the previous package was published: shows instances deleted by OU moves and renamed OUs since." };
        var repo = new Option<DirectoryInfo>("--repo")
        {
            Description = "The git repository --previous refers to.",
            DefaultValueFactory = _ => new DirectoryInfo("."),
        };
        var newAccount = new Option<bool>("--new-account") { Description = "Preview what an account created by Account Factory in --ou receives." };
        var ou = new Option<string?>("--ou") { Description = "The OU path for --new-account (A:B:C, or Root)." };
        var format = new Option<string>("--format")
        {
            Description = "Output format: markdown, json or html.",
            DefaultValueFactory = _ => "markdown",
        };
        format.AcceptOnlyFromAmong("markdown", "json", "html");
        var output = new Option<FileInfo?>("--out", "-o") { Description = "Write the report to this file instead of stdout." };
        var generatedAt = new Option<string?>("--generated-at") { Description = "A timestamp to print in the report (none by default, so output is reproducible)." };
        var deployed = new Option<string?>("--deployed") { Description = "Compare against what is really deployed instead of --previous: 'live' (CloudFormation) or a status JSON from 'govcfct status --format json'." };
        var allowRemote = CliOptions.AllowRemoteFiles();
        var trail = new Option<string?>("--trail") { Description = "Replay the organization's CloudTrail calls (folder or s3://BUCKET/PREFIX) through the previous and the new SCPs/RCPs and add the summary to the report (needs --previous or --deployed); see 'govcfct replay'." };
        var trailSince = new Option<string>("--trail-since") { Description = "The replay window, back from --trail-until (e.g. 30d).", DefaultValueFactory = _ => "30d" };
        var trailUntil = new Option<string?>("--trail-until") { Description = "The end of the replay window (ISO 8601; default now)." };
        var aws = new AwsCliOptions();

        var command = new Command("plan", "Show what publishing a package does to which accounts: effective controls, stack instances created and deleted, policies CfCT leaves attached, drift and the pipeline cost.")
        {
            org, definition, package, templates, previous, previousOrg, repo, newAccount, ou, format, output, generatedAt, deployed, allowRemote, trail, trailSince, trailUntil,
        };
        aws.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = new PlanRequest(parse.GetValue(org)!, parse.GetValue(templates)!)
            {
                Definition = parse.GetValue(definition),
                Package = parse.GetValue(package),
                Previous = parse.GetValue(previous),
                PreviousOrganization = parse.GetValue(previousOrg),
                Repository = parse.GetValue(repo)!,
                Deployed = parse.GetValue(deployed),
                NewAccount = parse.GetValue(newAccount),
                NewAccountOu = parse.GetValue(ou),
                GeneratedAt = parse.GetValue(generatedAt),
                AllowRemoteFiles = parse.GetValue(allowRemote),
                Trail = parse.GetValue(trail),
            };
            if (request.Trail is not null)
            {
                if (StatusCommand.ParseDuration(parse.GetValue(trailSince)!) is not { } window)
                {
                    return Usage(console, $"--trail-since '{parse.GetValue(trailSince)}' is not a duration: write a number and a unit, e.g. 24h, 30d");
                }

                var end = DateTimeOffset.UtcNow;
                if (parse.GetValue(trailUntil) is { } untilText && !DateTimeOffset.TryParse(untilText, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out end))
                {
                    return Usage(console, $"--trail-until '{untilText}' is not an ISO 8601 time, e.g. 2026-12-01T00:00:00Z");
                }

                request = request with { TrailSince = end - window, TrailUntil = end };
            }

            var result = await new PlanUseCase(pipeline, new AwsLiveSources(console, aws, parse)).RunAsync(request, console.NewBag(), cancellationToken);
            if (result.Replay is { } replay)
            {
                console.Error.WriteLine(Core.Replay.ReplayWriters.SummaryLine(replay));
                console.Error.WriteLine(Core.Replay.ReplayWriters.CalibrationLine(replay.Calibration));
            }

            console.WriteDiagnostics(result.Diagnostics);
            if (result.Plan is not { } plan)
            {
                if (result.Outcome == UseCaseOutcome.Failed)
                {
                    console.Error.WriteLine("plan failed: nothing was planned");
                }

                return Outcomes.ExitCode(result.Outcome);
            }

            var text = parse.GetValue(format) switch
            {
                "json" => PlanJsonWriter.Write(plan),
                "html" => PlanHtmlWriter.Write(plan),
                _ => PlanMarkdownWriter.Write(plan) + (result.Replay is null ? string.Empty : "\n" + Core.Replay.ReplayWriters.Markdown(result.Replay, heading: 2)),
            };
            if (parse.GetValue(output) is { } file)
            {
                try
                {
                    AtomicFile.WriteText(file.FullName, text);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    console.WriteDiagnostic(new Diagnostic(DiagnosticCodes.IoError, $"cannot write '{file}': {ex.Message}", hint: "check the folder of --out exists and is writable"));
                    return ExitCodes.ValidationFailed;
                }

                console.Error.WriteLine($"plan written to {file}");
            }
            else
            {
                console.Out.Write(text);
            }

            return Outcomes.ExitCode(result.Outcome);
        });
        return command;
    }

    // Written here rather than thrown: System.CommandLine would report a thrown exception as unhandled.
    private static int Usage(CliConsole console, string message)
    {
        console.WriteDiagnostic(new Diagnostic(DiagnosticCodes.UsageError, message, hint: "see govcfct plan --help"));
        return ExitCodes.Usage;
    }
}
