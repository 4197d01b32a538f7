using System.Collections.Immutable;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Packaging;
using GovCfct.Core.Replay;
using GovCfct.Core.Status;

namespace GovCfct.Pipeline.UseCases;

/// <summary>
/// What the use cases read from AWS when the request says 'live'. The port is defined here and the adapter lives with
/// the command line, over the AWS clients: the use cases stay free of AWS, and the tests pass
/// recorded answers. An adapter reports AWS's refusals as <see cref="LiveSourceException"/>.
/// </summary>
public interface ILiveSources
{
    /// <summary>The organization as it is now (Organizations).</summary>
    Task<LiveRead<OrgSnapshot>> ReadOrganizationAsync(CancellationToken cancellationToken);

    /// <summary>What CfCT deployed (CloudFormation) and, as the query asks, the Control Tower controls and conformance packs.</summary>
    Task<DeployedRead> ReadDeployedAsync(DeployedQuery query, CancellationToken cancellationToken);

    /// <summary>Follows CfCT's pipeline and these stack sets' operations until they finish (progress goes where the adapter prints).</summary>
    Task<WatchResult> WatchAsync(ImmutableArray<string> stackSets, CancellationToken cancellationToken);

    /// <summary>Feeds the CloudTrail records of <paramref name="trail"/> (a folder or s3://BUCKET/PREFIX) into the session; false when none could be read.</summary>
    Task<bool> ReadTrailAsync(ReplaySession session, string trail, DiagnosticBag diagnostics, CancellationToken cancellationToken);
}

/// <summary>How following CfCT's deployment ended: the use case reports the last two (GCF3510, GCF3511).</summary>
public enum WatchResult
{
    Finished,
    TimedOut,
    PipelineFailed,
}

/// <summary>A value read from AWS and what the read reported.</summary>
public sealed record LiveRead<T>(T Value, ImmutableArray<Diagnostic> Diagnostics);

/// <summary>What to read of the deployed state: Control Tower controls of these targets, drift first, member stack sets, conformance packs.</summary>
public sealed record DeployedQuery
{
    /// <summary>Read the enabled Control Tower controls of <see cref="ControlTargets"/> (status); plan reads stack sets only.</summary>
    public bool IncludeControls { get; init; }

    public bool DetectDrift { get; init; }

    public ImmutableArray<string> ControlTargets { get; init; } = [];

    public ImmutableArray<string> ServiceManagedNames { get; init; } = [];

    public ImmutableArray<ExpectedPack> ExpectedPacks { get; init; } = [];
}

/// <summary>The deployed state, whether the controls and the conformance packs could be read, and what the read reported.</summary>
public sealed record DeployedRead(DeployedState State, bool ControlsRead, bool PacksRead, ImmutableArray<Diagnostic> Diagnostics);
