using System.CommandLine;
using System.Globalization;
using System.Text;
using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Replay;
using GovCfct.Pipeline;
using GovCfct.Pipeline.UseCases;

namespace GovCfct.Cli.Commands;

/// <summary>
/// <c>govcfct replay --previous PKG|DEFINITION|GIT-REF --package DIR|--definition DIR --org SNAPSHOT --trail FOLDER|s3://BUCKET/PREFIX
/// [--since 30d] [--until ISO] [--account ID]... [--ou PATH]... [--format markdown|html|json] [--out FILE]
/// [--fail-on none|newly-denied|maybe-newly-denied] [--athena-query]</c>: replays the organization's recorded calls
/// through the previous and the new SCPs/RCPs. Exit 0 when replayed, 1 on errors or when --fail-on matches, 2 on usage
/// errors, 3 when AWS fails.
/// </summary>
internal static class ReplayCommand
{
    public static Command Create(CliConsole console, BuildPipeline pipeline)
    {
        var previous = new Option<string>("--previous") { Description = "The policies in force today: a package folder, a definition folder (organization.yaml), or a git revision REF or REF:folder of --repo.", Required = true };
        var repo = new Option<DirectoryInfo>("--repo") { Description = "The git repository --previous refers to.", DefaultValueFactory = _ => new DirectoryInfo(".") };
        var package = new Option<DirectoryInfo?>("--package", "-p") { Description = "The new package (a govcfct build output or any CfCT package folder)." };
        var definition = CliOptions.OptionalDefinition("The new governance definition, built in memory when --package is absent.");
        var templates = CliOptions.Templates("read when building a definition");
        var org = new Option<FileInfo>("--org") { Description = "The organization snapshot (JSON from 'govcfct org snapshot').", Required = true };
        var trail = new Option<string?>("--trail") { Description = "CloudTrail log files: a local folder, or s3://BUCKET/PREFIX of the log-archive bucket (the organization trail's AWSLogs/ prefix), or an Athena UNLOAD result." };
        var since = new Option<string>("--since") { Description = "The window: how far back from --until (e.g. 30d, 24h).", DefaultValueFactory = _ => "30d" };
        var until = new Option<string?>("--until") { Description = "The end of the window (ISO 8601; default now)." };
        var accounts = new Option<string[]>("--account") { Description = "Only this account (repeatable).", AllowMultipleArgumentsPerToken = false };
        var ous = new Option<string[]>("--ou") { Description = "Only accounts in this OU path or below (A:B:C, repeatable)." };
        var format = new Option<string>("--format") { Description = "Output format: markdown, html or json.", DefaultValueFactory = _ => "markdown" };
        format.AcceptOnlyFromAmong("markdown", "html", "json");
        var output = new Option<FileInfo?>("--out", "-o") { Description = "Write the report to this file instead of stdout." };
        var failOn = new Option<string>("--fail-on") { Description = "Exit 1 (GCF7010) when calls are newly denied (newly-denied), also when maybe newly denied (maybe-newly-denied), or never (none).", DefaultValueFactory = _ => "none" };
        failOn.AcceptOnlyFromAmong("none", "newly-denied", "maybe-newly-denied");
        var athena = new Option<bool>("--athena-query") { Description = "Print the Athena query that extracts the diff surface and the recorded denials of the window, instead of replaying." };
        var athenaTable = new Option<string>("--athena-table") { Description = "The organization trail's CloudTrail table in Athena.", DefaultValueFactory = _ => "cloudtrail_logs" };
        var athenaOutput = new Option<string>("--athena-output") { Description = "Where the query UNLOADs its result (an empty s3:// prefix); replay it with --trail.", DefaultValueFactory = _ => "s3://ATHENA-RESULTS-BUCKET/govcfct-replay/" };
        var aws = new AwsCliOptions();

        var command = new Command("replay", "Replay the organization's recorded API calls (CloudTrail) through the previous and the new SCPs and RCPs: what the change newly denies, maybe denies and newly allows, calibrated against the denials CloudTrail recorded.")
        {
            previous, repo, package, definition, templates, org, trail, since, until, accounts, ous, format, output, failOn, athena, athenaTable, athenaOutput,
        };
        aws.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var packageDir = parse.GetValue(package);
            var definitionDir = parse.GetValue(definition);
            if ((packageDir is null) == (definitionDir is null))
            {
                return Usage(console, "give the new policies as --package DIR or --definition DIR (one of them)");
            }

            if (parse.GetValue(trail) is null && !parse.GetValue(athena))
            {
                return Usage(console, "give --trail FOLDER|s3://BUCKET/PREFIX, or --athena-query to print the query for Athena");
            }

            if (StatusCommand.ParseDuration(parse.GetValue(since)!) is not { } window)
            {
                return Usage(console, $"--since '{parse.GetValue(since)}' is not a duration: write a number and a unit, e.g. 24h, 30d");
            }

            var end = DateTimeOffset.UtcNow;
            if (parse.GetValue(until) is { } untilText && !DateTimeOffset.TryParse(untilText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out end))
            {
                return Usage(console, $"--until '{untilText}' is not an ISO 8601 time, e.g. 2026-12-01T00:00:00Z");
            }

            foreach (var (name, dir) in new[] { ("--definition", definitionDir), ("--package", packageDir) })
            {
                if (dir is { Exists: false })
                {
                    return Usage(console, $"{name}: folder '{dir}' does not exist");
                }
            }

            if (!parse.GetValue(org)!.Exists)
            {
                return Usage(console, $"--org: file '{parse.GetValue(org)}' does not exist");
            }

            var diagnostics = console.NewBag();
            var snapshot = ReadSnapshot(parse.GetValue(org)!, diagnostics);
            var templatesDir = parse.GetValue(templates)!.FullName;
            var current = packageDir is not null
                ? CfctPackage.Read(packageDir.FullName, packageDir.ToString(), diagnostics)
                : PreviousPackage.Build(pipeline, definitionDir!.FullName, templatesDir, diagnostics);
            var before = PreviousPackage.Read(pipeline, parse.GetValue(previous)!, parse.GetValue(repo)!.FullName, templatesDir, diagnostics);
            if (snapshot is null || current is null || before is null || diagnostics.HasErrors)
            {
                console.WriteDiagnostics(diagnostics.Sorted());
                console.Error.WriteLine("replay failed: nothing was replayed");
                return ExitCodes.ValidationFailed;
            }

            var options = new ReplayOptions(before, current, snapshot)
            {
                Since = end - window,
                Until = end,
                Accounts = [.. parse.GetValue(accounts) ?? []],
                Ous = [.. parse.GetValue(ous) ?? []],
                TrailDisplay = parse.GetValue(trail) ?? string.Empty,
            };
            var session = new ReplaySession(options, diagnostics);
            string text;
            ReplayReport? report = null;
            if (parse.GetValue(athena))
            {
                text = AthenaQuery.Build(session.Surface, parse.GetValue(athenaTable)!, options.Since, options.Until, parse.GetValue(athenaOutput)!);
            }
            else
            {
                if (!await ReadTrailAsync(session, parse.GetValue(trail)!, aws, parse, console, diagnostics, cancellationToken))
                {
                    console.WriteDiagnostics(diagnostics.Sorted());
                    console.Error.WriteLine("replay failed: nothing was replayed");
                    return ExitCodes.ValidationFailed;
                }

                report = session.Finish();
                text = parse.GetValue(format) switch
                {
                    "json" => ReplayWriters.Json(report),
                    "html" => ReplayWriters.Html(report),
                    _ => ReplayWriters.Markdown(report),
                };
                var gate = parse.GetValue(failOn);
                var denied = report.Count(ReplayVerdict.NewlyDenied) + (gate == "maybe-newly-denied" ? report.Count(ReplayVerdict.MaybeNewlyDenied) : 0);
                if (gate != "none" && denied > 0)
                {
                    diagnostics.Report(DiagnosticCodes.ReplayNewlyDenied, string.Create(CultureInfo.InvariantCulture, $"{denied} recorded call(s) would be denied by the new policies (--fail-on {gate})"), hint: "read the report's newly denied groups");
                }
            }

            console.WriteDiagnostics(diagnostics.Sorted());
            if (parse.GetValue(output) is { } file)
            {
                try
                {
                    File.WriteAllText(file.FullName, text, new UTF8Encoding(false));
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    console.WriteDiagnostic(new Diagnostic(DiagnosticCodes.IoError, $"cannot write '{file}': {ex.Message}", hint: "check the folder of --out exists and is writable"));
                    return ExitCodes.ValidationFailed;
                }

                console.Error.WriteLine($"replay written to {file}");
            }
            else
            {
                console.Out.Write(text);
            }

            if (report is not null)
            {
                console.Error.WriteLine(ReplayWriters.SummaryLine(report));
                console.Error.WriteLine(ReplayWriters.CalibrationLine(report.Calibration));
            }

            return diagnostics.HasErrors ? ExitCodes.ValidationFailed : ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// Feeds every log file of the trail source to the session: a local folder (ordinal order) or s3://BUCKET/PREFIX
    /// (S3's order), skipping files whose account or day the window and filters exclude. False when the source is unusable.
    /// </summary>
    internal static async Task<bool> ReadTrailAsync(ReplaySession session, string trail, AwsCliOptions aws, ParseResult parse, CliConsole console, DiagnosticBag diagnostics, CancellationToken cancellationToken)
    {
        if (trail.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            var rest = trail["s3://".Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            var bucket = slash < 0 ? rest : rest[..slash];
            var prefix = slash < 0 ? string.Empty : rest[(slash + 1)..];
            if (bucket.Length == 0)
            {
                diagnostics.Report(DiagnosticCodes.ReplayTrailMissing, $"--trail '{trail}' names no bucket", hint: "write s3://BUCKET/PREFIX");
                return false;
            }

            try
            {
                using var reader = new Aws.Replay.S3TrailReader(aws.ToClientOptions(parse, console));
                await foreach (var key in reader.ListAsync(bucket, prefix, cancellationToken))
                {
                    if (!TrailFiles.IsLogFile(key) || !session.MayHold(key))
                    {
                        continue;
                    }

                    await using var stream = await reader.OpenAsync(bucket, key, cancellationToken);
                    session.ReadFile(stream, $"s3://{bucket}/{key}");
                }
            }
            catch (Aws.Http.AwsServiceException ex)
            {
                throw new UserException(Aws.Http.AwsDiagnostics.FromException(ex, $"reading s3://{bucket}/{prefix}"), ExitCodes.AwsFailure);
            }

            return true;
        }

        if (!Directory.Exists(trail))
        {
            diagnostics.Report(DiagnosticCodes.ReplayTrailMissing, $"--trail: folder '{trail}' does not exist", hint: "give a folder of CloudTrail .json.gz files or s3://BUCKET/PREFIX");
            return false;
        }

        foreach (var relative in TrailFiles.Local(trail))
        {
            if (!session.MayHold(relative))
            {
                continue;
            }

            var path = Path.Combine(trail, relative);
            try
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
                session.ReadFile(stream, path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                diagnostics.Report(DiagnosticCodes.IoError, $"cannot read '{path}': {ex.Message}", new SourceLocation(path), "check the file's permissions");
            }
        }

        return true;
    }

    private static OrgSnapshot? ReadSnapshot(FileInfo file, DiagnosticBag diagnostics)
    {
        var read = OrgSnapshotSerializer.ReadFile(file.FullName, file.ToString());
        diagnostics.AddRange(read.Diagnostics);
        return read.Snapshot;
    }

    private static int Usage(CliConsole console, string message)
    {
        console.WriteDiagnostic(new Diagnostic(DiagnosticCodes.UsageError, message, hint: "see govcfct replay --help"));
        return ExitCodes.Usage;
    }
}
