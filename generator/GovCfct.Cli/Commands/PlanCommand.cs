using System.CommandLine;
using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.IO;
using GovCfct.Core.Organization;
using GovCfct.Core.Packaging;
using GovCfct.Core.Planning;
using GovCfct.Pipeline;

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
            var definitionDir = parse.GetValue(definition);
            var packageDir = parse.GetValue(package);
            var ouPath = parse.GetValue(ou);
            if (definitionDir is null && packageDir is null)
            {
                return Usage(console, "give --package DIR (a built package) or --definition DIR (built in memory)");
            }

            if (parse.GetValue(newAccount) != ouPath is not null)
            {
                return Usage(console, "--new-account and --ou go together: --new-account --ou PATH");
            }

            foreach (var (name, dir) in new[] { ("--definition", definitionDir), ("--package", packageDir) })
            {
                if (dir is { Exists: false })
                {
                    return Usage(console, $"{name}: folder '{dir}' does not exist");
                }
            }

            foreach (var (name, snapshotFile) in new[] { ("--org", parse.GetValue(org)), ("--previous-org", parse.GetValue(previousOrg)) })
            {
                if (snapshotFile is { Exists: false })
                {
                    return Usage(console, $"{name}: file '{snapshotFile}' does not exist");
                }
            }

            var diagnostics = console.NewBag();
            var snapshot = ReadSnapshot(parse.GetValue(org)!, diagnostics);
            var previousSnapshot = parse.GetValue(previousOrg) is { } previousOrgFile ? ReadSnapshot(previousOrgFile, diagnostics) : null;
            var loaded = definitionDir is null ? null : pipeline.LoadDefinition(definitionDir.FullName, diagnostics);
            CfctPackage? current = null;
            if (packageDir is not null)
            {
                current = CfctPackage.Read(packageDir.FullName, packageDir.ToString(), diagnostics);
            }
            else if (loaded is not null && !diagnostics.HasErrors)
            {
                current = pipeline.Build(loaded, parse.GetValue(templates)!.FullName, diagnostics).Package;
            }

            CfctPackage? before = null;
            IReadOnlyDictionary<string, System.Collections.Immutable.ImmutableArray<(string Account, string Region)>>? deployedInstances = null;
            if (parse.GetValue(deployed) is { } deployedText)
            {
                if (parse.GetValue(previous) is not null || parse.GetValue(previousOrg) is not null)
                {
                    return Usage(console, "--deployed replaces --previous and --previous-org: give one or the other");
                }

                var state = await ReadDeployedAsync(deployedText, aws, parse, console, diagnostics, cancellationToken);
                if (state is not null && current is not null)
                {
                    (before, deployedInstances) = Core.Status.DeployedPackage.From(state, current.Manifest.Region);
                }
            }
            else if (parse.GetValue(previous) is { } previousText)
            {
                before = ReplayCommand.ReadPrevious(pipeline, previousText, parse.GetValue(repo)!.FullName, parse.GetValue(templates)!.FullName, diagnostics);
            }

            if (snapshot is null || current is null || diagnostics.HasErrors)
            {
                console.WriteDiagnostics(diagnostics.Sorted());
                console.Error.WriteLine("plan failed: nothing was planned");
                return ExitCodes.ValidationFailed;
            }

            var plan = ChangePlanner.Plan(
                new ChangePlanOptions(current, snapshot)
                {
                    Previous = before,
                    DeployedInstances = deployedInstances,
                    PreviousOrganization = previousSnapshot,
                    Definition = loaded,
                    NewAccountOu = ouPath,
                    GeneratedAt = parse.GetValue(generatedAt),
                    OrganizationDisplayPath = parse.GetValue(org)!.ToString(),
                    AllowRemoteFiles = parse.GetValue(allowRemote),
                },
                diagnostics);
            // The plan is still shown, but a stale lock or a quota beyond its limit fails the run: the package would
            // target the wrong OUs, or AWS would refuse part of it.
            plan = plan with { Scale = BuildPipeline.CheckOrganization(loaded, current, snapshot, diagnostics, parse.GetValue(org)!.ToString(), before) };

            string? replay = null;
            if (parse.GetValue(trail) is { } trailSource)
            {
                if (before is null)
                {
                    return Usage(console, "--trail replays against the previous policies: give --previous (or --deployed)");
                }

                if (StatusCommand.ParseDuration(parse.GetValue(trailSince)!) is not { } window)
                {
                    return Usage(console, $"--trail-since '{parse.GetValue(trailSince)}' is not a duration: write a number and a unit, e.g. 24h, 30d");
                }

                var end = DateTimeOffset.UtcNow;
                if (parse.GetValue(trailUntil) is { } untilText && !DateTimeOffset.TryParse(untilText, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out end))
                {
                    return Usage(console, $"--trail-until '{untilText}' is not an ISO 8601 time, e.g. 2026-12-01T00:00:00Z");
                }

                var session = new Core.Replay.ReplaySession(new Core.Replay.ReplayOptions(before, current, snapshot) { Since = end - window, Until = end, TrailDisplay = trailSource }, diagnostics);
                if (await ReplayCommand.ReadTrailAsync(session, trailSource, aws, parse, console, diagnostics, cancellationToken))
                {
                    var report = session.Finish();
                    replay = parse.GetValue(format) == "json" ? null : Core.Replay.ReplayWriters.Markdown(report, heading: 2);
                    console.Error.WriteLine(Core.Replay.ReplayWriters.SummaryLine(report));
                    console.Error.WriteLine(Core.Replay.ReplayWriters.CalibrationLine(report.Calibration));
                }
            }

            console.WriteDiagnostics(diagnostics.Sorted());
            var text = parse.GetValue(format) switch
            {
                "json" => PlanJsonWriter.Write(plan),
                "html" => PlanHtmlWriter.Write(plan),
                _ => PlanMarkdownWriter.Write(plan) + (replay is null ? string.Empty : "\n" + replay),
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

            return diagnostics.HasErrors ? ExitCodes.ValidationFailed : ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The deployed state from AWS ('live') or from a saved status JSON.</summary>
    private static async Task<Core.Status.DeployedState?> ReadDeployedAsync(string source, AwsCliOptions aws, ParseResult parse, CliConsole console, DiagnosticBag diagnostics, CancellationToken cancellationToken)
    {
        if (source != StatusCommand.Live)
        {
            if (!File.Exists(source))
            {
                diagnostics.Report(DiagnosticCodes.StatusFileUnreadable, $"--deployed: file '{source}' does not exist", hint: "give a status JSON from `govcfct status --format json --out FILE`, or 'live'");
                return null;
            }

            return Core.Status.StatusJson.ReadDeployed(source, source, diagnostics);
        }

        try
        {
            using var cfn = new Aws.CloudFormation.CloudFormationClient(aws.ToClientOptions(parse, console));
            var read = await new Aws.CloudFormation.DeployedStateReader(cfn, null).ReadAsync(cancellationToken);
            diagnostics.AddRange(read.Diagnostics);
            return read.State;
        }
        catch (Aws.Http.AwsServiceException ex)
        {
            throw new UserException(Aws.Http.AwsDiagnostics.FromException(ex, "reading the deployed stack sets"), ExitCodes.AwsFailure);
        }
    }

    private static OrgSnapshot? ReadSnapshot(FileInfo file, DiagnosticBag diagnostics)
    {
        var read = OrgSnapshotSerializer.ReadFile(file.FullName, file.ToString());
        diagnostics.AddRange(read.Diagnostics);
        return read.Snapshot;
    }

    // Written here rather than thrown: System.CommandLine would report a thrown exception as unhandled.
    private static int Usage(CliConsole console, string message)
    {
        console.WriteDiagnostic(new Diagnostic(DiagnosticCodes.UsageError, message, hint: "see govcfct plan --help"));
        return ExitCodes.Usage;
    }
}
