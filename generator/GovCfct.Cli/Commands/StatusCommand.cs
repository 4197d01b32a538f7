using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using GovCfct.Aws.CodePipeline;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.IO;
using GovCfct.Core.Status;
using GovCfct.Pipeline;
using GovCfct.Pipeline.UseCases;

namespace GovCfct.Cli.Commands;

/// <summary>
/// <c>govcfct status [--definition DIR | --package DIR] [--org FILE|live] [--deployed FILE|live] [--format markdown|json|html]
/// [--account ID] [--since DURATION] [--detect-drift] [--watch]</c>: proves every account has its controls.
/// Exit 0 covered and current, 1 anything missing/failed/outdated/drifted/stale, 2 usage, 3 AWS failure.
/// </summary>
internal static partial class StatusCommand
{
    public const string Live = StatusRequest.Live;

    /// <summary>The expected state comes from <paramref name="pipeline"/>, the one production pipeline of govcfct build.</summary>
    public static Command Create(CliConsole console, BuildPipeline pipeline)
    {
        var definition = CliOptions.OptionalDefinition("The governance definition (built in memory through the build pipeline). Default: manifest/ unless --package is given.");
        var package = new Option<DirectoryInfo?>("--package", "-p") { Description = "A built CfCT package instead of --definition." };
        var templates = CliOptions.Templates("read with --definition");
        var org = new Option<string>("--org") { Description = "The organization: a snapshot file from 'govcfct org snapshot', or 'live' to read it now.", DefaultValueFactory = _ => Live };
        var deployed = new Option<string>("--deployed") { Description = "The deployed stack sets and controls: 'live' (CloudFormation, Control Tower) or a saved status JSON.", DefaultValueFactory = _ => Live };
        var format = new Option<string>("--format") { Description = "Output format: markdown, json or html.", DefaultValueFactory = _ => "markdown" };
        format.AcceptOnlyFromAmong("markdown", "json", "html");
        var output = new Option<FileInfo?>("--out", "-o") { Description = "Write the report to this file instead of stdout." };
        var account = new Option<string?>("--account") { Description = "Report this account (12-digit id) in full, covered or not." };
        var since = new Option<string?>("--since") { Description = "List accounts that joined within this time and are not covered yet (e.g. 24h, 7d, 90m)." };
        var asOf = new Option<string?>("--as-of") { Description = "The instant --since counts back from (ISO 8601; default now)." };
        var detectDrift = new Option<bool>("--detect-drift") { Description = "Run DetectStackSetDrift on every CfCT stack set first and wait for it (takes minutes)." };
        var watch = new Option<bool>("--watch") { Description = "Follow CfCT's pipeline and stack set operations until they finish, then report." };
        var cfctPipeline = new Option<string>("--pipeline") { Description = "The CfCT pipeline to follow with --watch.", DefaultValueFactory = _ => PipelineGate.CfctPipelineName };
        var interval = new Option<int>("--interval") { Description = "Seconds between polls with --watch.", DefaultValueFactory = _ => 30 };
        var generatedAt = new Option<string?>("--generated-at") { Description = "A timestamp to print in the report (none by default, so output is reproducible)." };
        var aws = new AwsCliOptions();
        var command = new Command("status", "Prove every account has its controls: expected (the definition) against deployed (stack instances, SCPs/RCPs, Control Tower controls), per account and per control, new accounts and stale state.")
        {
            definition, package, templates, org, deployed, format, output, account, since, asOf, detectDrift, watch, cfctPipeline, interval, generatedAt,
        };
        aws.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            TimeSpan? window = null;
            if (parse.GetValue(since) is { } sinceText)
            {
                window = ParseDuration(sinceText);
                if (window is null)
                {
                    return Usage(console, $"--since '{sinceText}' is not a duration: write a number and a unit, e.g. 90m, 24h, 7d");
                }
            }

            var now = DateTimeOffset.UtcNow;
            if (parse.GetValue(asOf) is { } asOfText && !DateTimeOffset.TryParse(asOfText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out now))
            {
                return Usage(console, $"--as-of '{asOfText}' is not an ISO 8601 timestamp");
            }

            var request = new StatusRequest(parse.GetValue(templates)!)
            {
                Definition = parse.GetValue(definition),
                Package = parse.GetValue(package),
                Organization = parse.GetValue(org)!,
                Deployed = parse.GetValue(deployed)!,
                Account = parse.GetValue(account),
                Since = window,
                AsOf = now,
                DetectDrift = parse.GetValue(detectDrift),
                Watch = parse.GetValue(watch),
                PipelineName = parse.GetValue(cfctPipeline)!,
                GeneratedAt = parse.GetValue(generatedAt),
            };
            var live = new AwsLiveSources(console, aws, parse) { PipelineName = parse.GetValue(cfctPipeline)!, Interval = TimeSpan.FromSeconds(Math.Max(0, parse.GetValue(interval))) };
            var result = await new StatusUseCase(pipeline, live).RunAsync(request, new DiagnosticBag(), cancellationToken);
            console.WriteDiagnostics(result.Diagnostics);
            if (!result.ExpectedStateBuilt)
            {
                console.Error.WriteLine("status failed: the expected state could not be built");
            }

            if (result.Report is { } jsonReport && parse.GetValue(format) == "json" && parse.GetValue(output) is { } jsonFile)
            {
                // The JSON goes to its file as bytes, never through a string (about 40 MB at the stress tree's size).
                WriteAtomically(jsonFile, () => AtomicFile.Write(jsonFile.FullName, StatusJson.WriteUtf8(jsonReport)));
                console.Error.WriteLine($"status written to {jsonFile}");
                console.Error.WriteLine(jsonReport.Summary.Verdict);
            }
            else if (result.Report is { } report)
            {
                var text = parse.GetValue(format) switch
                {
                    "json" => StatusJson.Write(report),
                    "html" => StatusHtmlWriter.Write(report),
                    _ => StatusMarkdownWriter.Write(report),
                };
                if (parse.GetValue(output) is { } file)
                {
                    WriteAtomically(file, () => AtomicFile.WriteText(file.FullName, text));
                    console.Error.WriteLine($"status written to {file}");
                }
                else
                {
                    await console.Out.WriteAsync(text);
                }

                console.Error.WriteLine(report.Summary.Verdict);
            }

            return Outcomes.ExitCode(result.Outcome);
        });
        return command;
    }

    /// <summary>A number and a unit: m (minutes), h (hours), d (days), w (weeks).</summary>
    internal static TimeSpan? ParseDuration(string text)
    {
        var match = DurationPattern().Match(text.Trim());
        if (!match.Success || !int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return null;
        }

        return match.Groups[2].Value switch
        {
            "m" => TimeSpan.FromMinutes(n),
            "h" => TimeSpan.FromHours(n),
            "d" => TimeSpan.FromDays(n),
            _ => TimeSpan.FromDays(7 * n),
        };
    }

    private static void WriteAtomically(FileInfo file, Action write)
    {
        try
        {
            write();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UserException(new Diagnostic(DiagnosticCodes.IoError, $"cannot write {file.FullName}: {ex.Message}", hint: "check the --out path and its permissions"), ExitCodes.Usage);
        }
    }

    private static int Usage(CliConsole console, string message)
    {
        console.WriteDiagnostic(new Diagnostic(DiagnosticCodes.UsageError, message, hint: "see govcfct status --help"));
        return ExitCodes.Usage;
    }

    [GeneratedRegex("^([0-9]{1,6})([mhdw])\\z")]
    private static partial Regex DurationPattern();
}
