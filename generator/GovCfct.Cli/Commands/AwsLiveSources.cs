using System.Collections.Immutable;
using System.CommandLine;
using GovCfct.Aws.CloudFormation;
using GovCfct.Aws.CodePipeline;
using GovCfct.Aws.Config;
using GovCfct.Aws.ControlTower;
using GovCfct.Aws.Http;
using GovCfct.Aws.Organizations;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Replay;
using GovCfct.Pipeline.UseCases;

namespace GovCfct.Cli.Commands;

/// <summary>
/// The adapter of the use cases' <see cref="ILiveSources"/> over the clients of GovCfct.Aws, with the command's AWS flags
/// (<c>--region --endpoint-url --profile</c>). AWS's refusals become <see cref="LiveSourceException"/>.
/// </summary>
internal sealed class AwsLiveSources(CliConsole console, AwsCliOptions aws, ParseResult parse) : ILiveSources
{
    /// <summary>The CfCT pipeline <see cref="WatchAsync"/> follows.</summary>
    public string PipelineName { get; init; } = PipelineGate.CfctPipelineName;

    /// <summary>Time between polls of <see cref="WatchAsync"/>.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(30);

    public async Task<LiveRead<OrgSnapshot>> ReadOrganizationAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var organizations = new OrganizationsClient(aws.ToClientOptions(parse, console));
            var read = await new OrgSnapshotReader(organizations).ReadAsync(cancellationToken);
            return new LiveRead<OrgSnapshot>(read.Snapshot, [.. read.Diagnostics]);
        }
        catch (AwsServiceException ex)
        {
            throw new LiveSourceException([AwsDiagnostics.FromException(ex, "reading the organization")]);
        }
    }

    public async Task<DeployedRead> ReadDeployedAsync(DeployedQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var options = aws.ToClientOptions(parse, console);
        try
        {
            using var cfn = new CloudFormationClient(options);
            using var controlTower = query.IncludeControls ? new ControlTowerClient(options) : null;
            var read = await new DeployedStateReader(
                cfn,
                controlTower,
                new DeployedStateReaderOptions(DetectDrift: query.DetectDrift, ControlTargets: query.ControlTargets) { ServiceManagedNames = query.ServiceManagedNames })
                .ReadAsync(cancellationToken);
            var state = read.State;
            var diagnostics = read.Diagnostics;
            var packsRead = true;
            if (!query.ExpectedPacks.IsEmpty)
            {
                // Organization conformance packs report per region: one Config client per region they are deployed in.
                var clients = new Dictionary<string, ConfigClient>(StringComparer.Ordinal);
                try
                {
                    var packs = await ConformancePackStatusReader.ReadAsync(
                        query.ExpectedPacks,
                        region => clients.TryGetValue(region, out var c) ? c : clients[region] = new ConfigClient(options with { Region = region }),
                        cancellationToken);
                    diagnostics = diagnostics.AddRange(packs.Diagnostics);
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

            return new DeployedRead(state, read.ControlsRead, packsRead, diagnostics);
        }
        catch (AwsServiceException ex)
        {
            throw new LiveSourceException([AwsDiagnostics.FromException(ex, "reading the deployed state")]);
        }
    }

    public async Task<WatchResult> WatchAsync(ImmutableArray<string> stackSets, CancellationToken cancellationToken)
    {
        var options = aws.ToClientOptions(parse, console);
        try
        {
            using var codePipeline = new CodePipelineClient(options);
            using var cfn = new CloudFormationClient(options);
            var watcher = new DeploymentWatcher(codePipeline, cfn, line => console.Error.WriteLine(line));
            var outcome = await watcher.WatchAsync(new DeploymentWatchOptions(PipelineName, stackSets) { Interval = Interval }, cancellationToken);
            return outcome switch
            {
                WatchOutcome.TimedOut => WatchResult.TimedOut,
                WatchOutcome.PipelineFailed => WatchResult.PipelineFailed,
                _ => WatchResult.Finished,
            };
        }
        catch (AwsServiceException ex)
        {
            throw new LiveSourceException([AwsDiagnostics.FromException(ex, "following the deployment")]);
        }
    }

    public async Task<bool> ReadTrailAsync(ReplaySession session, string trail, DiagnosticBag diagnostics, CancellationToken cancellationToken)
    {
        try
        {
            return await ReplayCommand.ReadTrailAsync(session, trail, aws, parse, console, diagnostics, cancellationToken);
        }
        catch (UserException ex) when (ex.ExitCode == ExitCodes.AwsFailure)
        {
            throw new LiveSourceException(ex.Diagnostics);
        }
    }
}
