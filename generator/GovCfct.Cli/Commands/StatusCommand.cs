using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using GovCfct.Aws.CloudFormation;
using GovCfct.Aws.CodePipeline;
using GovCfct.Aws.Config;
using GovCfct.Aws.ControlTower;
using GovCfct.Aws.Http;
using GovCfct.Aws.Organizations;
using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.IO;
using GovCfct.Core.Organization;
using GovCfct.Core.Packaging;
using GovCfct.Core.Planning;
using GovCfct.Core.Status;
using GovCfct.Pipeline;

namespace GovCfct.Cli.Commands;

/// <summary>
/// <c>govcfct status [--definition DIR | --package DIR] [--org FILE|live] [--deployed FILE|live] [--format markdown|json|html]
/// [--account ID] [--since DURATION] [--detect-drift] [--watch]</c>: proves every account has its controls.
/// Exit 0 covered and current, 1 anything missing/failed/outdated/drifted/stale, 2 usage, 3 AWS failure.
/// </summary>
internal static partial class StatusCommand
{
    public const string Live = "live";

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
            var packageDir = parse.GetValue(package);
            var definitionDir = parse.GetValue(definition) ?? (packageDir is null ? new DirectoryInfo("manifest") : null);
            if (definitionDir is not null && packageDir is not null)
            {
                return Usage(console, "give --definition DIR or --package DIR, not both");
            }

            if ((definitionDir ?? packageDir) is { Exists: false } missing)
            {
                return Usage(console, $"folder '{missing}' does not exist");
            }

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

            if (parse.GetValue(account) is { } only && !(only.Length == 12 && only.All(char.IsAsciiDigit)))
            {
                return Usage(console, $"--account '{only}' is not a 12-digit account id");
            }

            var orgText = parse.GetValue(org)!;
            var deployedText = parse.GetValue(deployed)!;
            foreach (var (name, text) in new[] { ("--org", orgText), ("--deployed", deployedText) })
            {
                if (text != Live && !File.Exists(text))
                {
                    return Usage(console, $"{name}: file '{text}' does not exist (or write 'live')");
                }
            }

            if (parse.GetValue(watch) && deployedText != Live)
            {
                return Usage(console, "--watch follows the live deployment: it needs --deployed live");
            }

            // Expected state: the same build pipeline as govcfct build.
            var diagnostics = new DiagnosticBag();
            var loaded = definitionDir is null ? null : pipeline.LoadDefinition(definitionDir.FullName, diagnostics);
            CfctPackage? built = packageDir is not null
                ? CfctPackage.Read(packageDir.FullName, packageDir.ToString(), diagnostics)
                : loaded is not null && !diagnostics.HasErrors ? pipeline.Build(loaded, parse.GetValue(templates)!.FullName, diagnostics).Package : null;
            var expectedControls = built is null ? [] : ExpectedControls.Read(built, diagnostics);
            var expectedPacks = built is null ? [] : ExpectedPacks.Read(built);
            var memberStackSets = built is null ? [] : ExpectedMemberStackSets.Read(built);
            if (built is null || diagnostics.HasErrors)
            {
                console.WriteDiagnostics(diagnostics.Sorted());
                console.Error.WriteLine("status failed: the expected state could not be built");
                return ExitCodes.ValidationFailed;
            }

            var needsAws = orgText == Live || deployedText == Live;
            var clientOptions = needsAws ? aws.ToClientOptions(parse, console) : null;
            try
            {
                if (parse.GetValue(watch))
                {
                    using var codePipeline = new CodePipelineClient(clientOptions!);
                    using var cfn = new CloudFormationClient(clientOptions!);
                    var names = built.Manifest.Resources.Where(r => r.DeployMethod == DeployMethod.StackSet).Select(r => r.DeployedName).ToArray();
                    var watcher = new DeploymentWatcher(codePipeline, cfn, line => console.Error.WriteLine(line));
                    var outcome = await watcher.WatchAsync(
                        new DeploymentWatchOptions(parse.GetValue(cfctPipeline)!, [.. names]) { Interval = TimeSpan.FromSeconds(Math.Max(0, parse.GetValue(interval))) },
                        cancellationToken);
                    if (outcome == WatchOutcome.TimedOut)
                    {
                        console.WriteDiagnostic(new Diagnostic(DiagnosticCodes.StatusWatchTimedOut, "the deployment was still running when the watch gave up; the verdict below is of this moment", hint: "run `govcfct status` again when the pipeline has finished"));
                    }
                    else if (outcome == WatchOutcome.PipelineFailed)
                    {
                        console.WriteDiagnostic(new Diagnostic(DiagnosticCodes.StatusPipelineFailed, $"CfCT's pipeline '{parse.GetValue(cfctPipeline)}' ended with a failed stage", hint: "open the failed stage's logs in CodePipeline (CodeBuild for Build, Step Functions for SCP/StackSet)"));
                    }
                }

                OrgSnapshot snapshot;
                if (orgText == Live)
                {
                    using var organizations = new OrganizationsClient(clientOptions!);
                    var read = await new OrgSnapshotReader(organizations).ReadAsync(cancellationToken);
                    diagnostics.AddRange(read.Diagnostics);
                    snapshot = read.Snapshot;
                }
                else
                {
                    var read = OrgSnapshotSerializer.ReadFile(orgText, orgText);
                    diagnostics.AddRange(read.Diagnostics);
                    if (read.Snapshot is null)
                    {
                        console.WriteDiagnostics(diagnostics.Sorted());
                        return ExitCodes.ValidationFailed;
                    }

                    snapshot = read.Snapshot;
                }

                // Expected Control Tower controls target the lock's OU ids: a stale lock makes them point at the wrong OUs.
                BuildPipeline.CheckOrgLock(loaded, snapshot, diagnostics);

                DeployedState state;
                var controlsRead = true;
                var packsRead = true;
                if (deployedText == Live)
                {
                    using var cfn = new CloudFormationClient(clientOptions!);
                    using var controlTower = new ControlTowerClient(clientOptions!);
                    var read = await new DeployedStateReader(
                        cfn,
                        controlTower,
                        new DeployedStateReaderOptions(DetectDrift: parse.GetValue(detectDrift), ControlTargets: [.. expectedControls.Select(c => c.TargetIdentifier)])
                        {
                            ServiceManagedNames = [.. memberStackSets.Select(m => m.Name)],
                        }).ReadAsync(cancellationToken);
                    diagnostics.AddRange(read.Diagnostics);
                    state = read.State;
                    controlsRead = read.ControlsRead;
                    if (!expectedPacks.IsEmpty)
                    {
                        // Organization conformance packs report per region: one Config client per region they are deployed in.
                        var clients = new Dictionary<string, ConfigClient>(StringComparer.Ordinal);
                        try
                        {
                            var packs = await ConformancePackStatusReader.ReadAsync(
                                expectedPacks,
                                region => clients.TryGetValue(region, out var c) ? c : clients[region] = new ConfigClient(clientOptions! with { Region = region }),
                                cancellationToken);
                            diagnostics.AddRange(packs.Diagnostics);
                            state = state with { ConformancePacks = packs.Statuses };
                            packsRead = packs.Read;
                        }
                        finally
                        {
                            foreach (var client in clients.Values)
                            {
                                client.Dispose();
                            }
                        }
                    }
                }
                else
                {
                    var read = StatusJson.ReadDeployed(deployedText, deployedText, diagnostics);
                    if (read is null)
                    {
                        console.WriteDiagnostics(diagnostics.Sorted());
                        return ExitCodes.ValidationFailed;
                    }

                    state = read;
                }

                var report = StatusEvaluator.Evaluate(new StatusOptions(built, snapshot, state)
                {
                    AccountId = parse.GetValue(account),
                    Since = window,
                    AsOf = now,
                    ResourcePrefix = loaded?.Organization.ResourcePrefix,
                    ExpectedControls = expectedControls,
                    MemberStackSets = memberStackSets,
                    ControlsRead = controlsRead,
                    ExpectedPacks = expectedPacks,
                    PacksRead = packsRead,
                    GeneratedAt = parse.GetValue(generatedAt),
                    ExpectedSource = packageDir is not null
                        ? $"the package {packageDir}"
                        : $"the definition {definitionDir} as it is in this working tree, built in memory (pass --package with the published package to judge what CfCT deploys)",
                });
                diagnostics.AddRange(StatusEvaluator.CheckAccount(parse.GetValue(account), snapshot, report));
                foreach (var item in report.Stale.Where(i => i.Kind == "conformance-pack"))
                {
                    diagnostics.Report(DiagnosticCodes.ConformancePackOutOfScope, $"account {item.Target} has organization conformance pack {item.Name} outside its scope: {item.Detail}", null, "regenerate the org lock (govcfct org lock), rebuild and deploy: the account is then excluded");
                }

                console.WriteDiagnostics(diagnostics.Sorted());
                var text = parse.GetValue(format) switch
                {
                    "json" => StatusJson.Write(report),
                    "html" => StatusHtmlWriter.Write(report),
                    _ => StatusMarkdownWriter.Write(report),
                };
                if (parse.GetValue(output) is { } file)
                {
                    WriteAtomically(file, text);
                    console.Error.WriteLine($"status written to {file}");
                }
                else
                {
                    await console.Out.WriteAsync(text);
                }

                console.Error.WriteLine(report.Summary.Verdict);
                return report.IsCovered && !diagnostics.HasErrors ? ExitCodes.Ok : ExitCodes.ValidationFailed;
            }
            catch (AwsServiceException ex)
            {
                throw new UserException(AwsDiagnostics.FromException(ex, "reading the deployed state"), ExitCodes.AwsFailure);
            }
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

    private static void WriteAtomically(FileInfo file, string text)
    {
        try
        {
            AtomicFile.WriteText(file.FullName, text);
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
