using System.Collections.Immutable;
using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Packaging;
using GovCfct.Core.Status;

namespace GovCfct.Pipeline.UseCases;

/// <summary>
/// One <c>govcfct status</c> run: where the expected state comes from (a definition built in memory, <c>manifest/</c>
/// when neither is given, or a built package), where the organization and the deployed state come from (<c>live</c> or
/// a file), and what the report shows.
/// </summary>
public sealed record StatusRequest(DirectoryInfo Templates)
{
    public const string Live = "live";

    /// <summary>The definition folder; <c>manifest</c> when neither it nor <see cref="Package"/> is given.</summary>
    public DirectoryInfo? Definition { get; init; }

    public DirectoryInfo? Package { get; init; }

    /// <summary><see cref="Live"/> or an organization snapshot file.</summary>
    public string Organization { get; init; } = Live;

    /// <summary><see cref="Live"/> or a status JSON file.</summary>
    public string Deployed { get; init; } = Live;

    /// <summary>Report this account (12-digit id) in full.</summary>
    public string? Account { get; init; }

    /// <summary>List accounts that joined within this time and are not covered yet.</summary>
    public TimeSpan? Since { get; init; }

    /// <summary>The instant <see cref="Since"/> counts back from.</summary>
    public DateTimeOffset AsOf { get; init; } = DateTimeOffset.UtcNow;

    public bool DetectDrift { get; init; }

    /// <summary>Follow CfCT's pipeline and stack set operations first (needs the live deployed state).</summary>
    public bool Watch { get; init; }

    /// <summary>The CfCT pipeline <see cref="Watch"/> follows, as the diagnostics name it.</summary>
    public string PipelineName { get; init; } = "Custom-Control-Tower-CodePipeline";

    public string? GeneratedAt { get; init; }
}

/// <summary>The report (null when none could be made), whether the expected state was built, every diagnostic and the outcome.</summary>
public sealed record StatusResult(UseCaseOutcome Outcome, StatusReport? Report, ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>False when the definition or package did not give an expected state: nothing was read from the organization.</summary>
    public bool ExpectedStateBuilt { get; init; } = true;
}

/// <summary>
/// <c>govcfct status</c>: the expected state through the one build pipeline (or from a package), the organization and the
/// deployed state (live through <see cref="ILiveSources"/>, or from files), the org lock check, and the verdict:
/// <see cref="UseCaseOutcome.Ok"/> only when every account is covered and nothing reported an error.
/// </summary>
public sealed class StatusUseCase(BuildPipeline pipeline, ILiveSources? live = null)
{
    private const string Verb = "status";

    /// <summary>The definition folder status reads when the request names neither a definition nor a package.</summary>
    public static DirectoryInfo? ExpectedDefinition(StatusRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Definition ?? (request.Package is null ? new DirectoryInfo("manifest") : null);
    }

    public async Task<StatusResult> RunAsync(StatusRequest request, DiagnosticBag diagnostics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var definitionDir = ExpectedDefinition(request);
        if (UsageProblem(request, definitionDir) is { } usage)
        {
            return new StatusResult(UseCaseOutcome.Usage, null, [usage]);
        }

        // Expected state: the same build pipeline as govcfct build.
        var loaded = definitionDir is null ? null : pipeline.LoadDefinition(definitionDir.FullName, diagnostics);
        var built = request.Package is { } packageDir
            ? CfctPackage.Read(packageDir.FullName, packageDir.ToString(), diagnostics)
            : loaded is not null && !diagnostics.HasErrors ? pipeline.Build(loaded, request.Templates.FullName, diagnostics).Package : null;
        var expectedControls = built is null ? [] : ExpectedControls.Read(built, diagnostics);
        var expectedPacks = built is null ? [] : ExpectedPacks.Read(built);
        var memberStackSets = built is null ? [] : ExpectedMemberStackSets.Read(built);
        if (built is null || diagnostics.HasErrors)
        {
            return new StatusResult(UseCaseOutcome.Failed, null, [.. diagnostics.Sorted()]) { ExpectedStateBuilt = false };
        }

        try
        {
            if (request.Watch)
            {
                var watched = await Live().WatchAsync([.. built.Manifest.Resources.Where(r => r.DeployMethod == DeployMethod.StackSet).Select(r => r.DeployedName)], cancellationToken);
                if (watched == WatchResult.TimedOut)
                {
                    diagnostics.Report(DiagnosticCodes.StatusWatchTimedOut, "the deployment was still running when the watch gave up; the verdict is of this moment", null, "run `govcfct status` again when the pipeline has finished");
                }
                else if (watched == WatchResult.PipelineFailed)
                {
                    diagnostics.Report(DiagnosticCodes.StatusPipelineFailed, $"CfCT's pipeline '{request.PipelineName}' ended with a failed stage", null, "open the failed stage's logs in CodePipeline (CodeBuild for Build, Step Functions for SCP/StackSet)");
                }
            }

            OrgSnapshot snapshot;
            if (request.Organization == StatusRequest.Live)
            {
                var read = await Live().ReadOrganizationAsync(cancellationToken);
                diagnostics.AddRange(read.Diagnostics);
                snapshot = read.Value;
            }
            else
            {
                var read = OrgSnapshotSerializer.ReadFile(request.Organization, request.Organization);
                diagnostics.AddRange(read.Diagnostics);
                if (read.Snapshot is null)
                {
                    return new StatusResult(UseCaseOutcome.Failed, null, [.. diagnostics.Sorted()]);
                }

                snapshot = read.Snapshot;
            }

            // Expected Control Tower controls target the lock's OU ids: a stale lock makes them point at the wrong OUs.
            BuildPipeline.CheckOrgLock(loaded, snapshot, diagnostics);

            DeployedState state;
            var controlsRead = true;
            var packsRead = true;
            if (request.Deployed == StatusRequest.Live)
            {
                var read = await Live().ReadDeployedAsync(
                    new DeployedQuery
                    {
                        IncludeControls = true,
                        DetectDrift = request.DetectDrift,
                        ControlTargets = [.. expectedControls.Select(c => c.TargetIdentifier)],
                        ServiceManagedNames = [.. memberStackSets.Select(m => m.Name)],
                        ExpectedPacks = expectedPacks,
                    },
                    cancellationToken);
                diagnostics.AddRange(read.Diagnostics);
                (state, controlsRead, packsRead) = (read.State, read.ControlsRead, read.PacksRead);
            }
            else if (StatusJson.ReadDeployed(request.Deployed, request.Deployed, diagnostics) is { } read)
            {
                state = read;
            }
            else
            {
                return new StatusResult(UseCaseOutcome.Failed, null, [.. diagnostics.Sorted()]);
            }

            var report = StatusEvaluator.Evaluate(new StatusOptions(built, snapshot, state)
            {
                AccountId = request.Account,
                Since = request.Since,
                AsOf = request.AsOf,
                ResourcePrefix = loaded?.Organization.ResourcePrefix,
                ExpectedControls = expectedControls,
                MemberStackSets = memberStackSets,
                ControlsRead = controlsRead,
                ExpectedPacks = expectedPacks,
                PacksRead = packsRead,
                GeneratedAt = request.GeneratedAt,
                ExpectedSource = request.Package is { } package
                    ? $"the package {package}"
                    : $"the definition {definitionDir} as it is in this working tree, built in memory (pass --package with the published package to judge what CfCT deploys)",
            });
            diagnostics.AddRange(StatusEvaluator.CheckAccount(request.Account, snapshot, report));
            foreach (var item in report.Stale.Where(i => i.Kind == "conformance-pack"))
            {
                diagnostics.Report(DiagnosticCodes.ConformancePackOutOfScope, $"account {item.Target} has organization conformance pack {item.Name} outside its scope: {item.Detail}", null, "regenerate the org lock (govcfct org lock), rebuild and deploy: the account is then excluded");
            }

            return new StatusResult(report.IsCovered && !diagnostics.HasErrors ? UseCaseOutcome.Ok : UseCaseOutcome.Failed, report, [.. diagnostics.Sorted()]);
        }
        catch (LiveSourceException ex)
        {
            diagnostics.AddRange(ex.Diagnostics);
            return new StatusResult(UseCaseOutcome.AwsFailure, null, [.. diagnostics.Sorted()]);
        }
    }

    private static Diagnostic? UsageProblem(StatusRequest request, DirectoryInfo? definitionDir)
    {
        if (request.Definition is not null && request.Package is not null)
        {
            return UseCase.Usage(Verb, "give --definition DIR or --package DIR, not both");
        }

        if ((definitionDir ?? request.Package) is { Exists: false } missing)
        {
            return UseCase.Usage(Verb, $"folder '{missing}' does not exist");
        }

        if (request.Account is { } only && !(only.Length == 12 && only.All(char.IsAsciiDigit)))
        {
            return UseCase.Usage(Verb, $"--account '{only}' is not a 12-digit account id");
        }

        foreach (var (name, text) in new[] { ("--org", request.Organization), ("--deployed", request.Deployed) })
        {
            if (text != StatusRequest.Live && !File.Exists(text))
            {
                return UseCase.Usage(Verb, $"{name}: file '{text}' does not exist (or write 'live')");
            }
        }

        return request.Watch && request.Deployed != StatusRequest.Live
            ? UseCase.Usage(Verb, "--watch follows the live deployment: it needs --deployed live")
            : null;
    }

    private ILiveSources Live() => live ?? throw new InvalidOperationException("a live read was asked of a status without live sources");
}
