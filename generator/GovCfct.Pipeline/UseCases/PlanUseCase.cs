using System.Collections.Immutable;
using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Planning;
using GovCfct.Core.Replay;
using GovCfct.Core.Status;

namespace GovCfct.Pipeline.UseCases;

/// <summary>
/// One <c>govcfct plan</c> run: the organization snapshot, the package to plan (a built folder, or a definition built in
/// memory) and what it is compared with — the previous package (<see cref="Previous"/>: folder, definition or git
/// revision) or the deployed state (<see cref="Deployed"/>: <c>live</c> or a status JSON), never both.
/// </summary>
public sealed record PlanRequest(FileInfo Organization, DirectoryInfo Templates)
{
    public const string Live = "live";

    public DirectoryInfo? Definition { get; init; }

    public DirectoryInfo? Package { get; init; }

    /// <summary>A package folder, a definition folder or a git revision (REF or REF:folder) of <see cref="Repository"/>.</summary>
    public string? Previous { get; init; }

    public FileInfo? PreviousOrganization { get; init; }

    /// <summary>The git repository <see cref="Previous"/> refers to.</summary>
    public DirectoryInfo Repository { get; init; } = new(".");

    /// <summary><see cref="Live"/> or a status JSON file: compare with what is deployed instead of <see cref="Previous"/>.</summary>
    public string? Deployed { get; init; }

    /// <summary>Preview what an account created in this OU receives (<c>--new-account --ou</c>).</summary>
    public bool NewAccount { get; init; }

    public string? NewAccountOu { get; init; }

    public string? GeneratedAt { get; init; }

    public bool AllowRemoteFiles { get; init; }

    /// <summary>CloudTrail records (folder or s3://BUCKET/PREFIX) to replay through the previous and the new policies.</summary>
    public string? Trail { get; init; }

    public DateTimeOffset? TrailSince { get; init; }

    public DateTimeOffset? TrailUntil { get; init; }
}

/// <summary>The plan (null when none could be made), the replay of the trail when asked, every diagnostic and the outcome.</summary>
public sealed record PlanResult(UseCaseOutcome Outcome, ChangePlan? Plan, ReplayReport? Replay, ImmutableArray<Diagnostic> Diagnostics);

/// <summary>
/// <c>govcfct plan</c>: reads the organization, builds or reads the package, chooses what it is compared with, plans,
/// checks the org lock and the quotas, and replays the trail when asked. The plan is still returned when those checks
/// fail, with <see cref="UseCaseOutcome.Failed"/>: the package would target the wrong OUs, or AWS would refuse part of it.
/// </summary>
public sealed class PlanUseCase(BuildPipeline pipeline, ILiveSources? live = null)
{
    private const string Verb = "plan";

    public async Task<PlanResult> RunAsync(PlanRequest request, DiagnosticBag diagnostics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(diagnostics);
        if (UsageProblem(request) is { } usage)
        {
            return Usage(usage);
        }

        try
        {
            return await PlanAsync(request, diagnostics, cancellationToken);
        }
        catch (LiveSourceException ex)
        {
            diagnostics.AddRange(ex.Diagnostics);
            return new PlanResult(UseCaseOutcome.AwsFailure, null, null, [.. diagnostics.Sorted()]);
        }
    }

    private async Task<PlanResult> PlanAsync(PlanRequest request, DiagnosticBag diagnostics, CancellationToken cancellationToken)
    {
        var snapshot = ReadSnapshot(request.Organization, diagnostics);
        var previousSnapshot = request.PreviousOrganization is { } previousOrgFile ? ReadSnapshot(previousOrgFile, diagnostics) : null;
        var loaded = request.Definition is null ? null : pipeline.LoadDefinition(request.Definition.FullName, diagnostics);
        CfctPackage? current = null;
        if (request.Package is { } packageDir)
        {
            current = CfctPackage.Read(packageDir.FullName, packageDir.ToString(), diagnostics);
        }
        else if (loaded is not null && !diagnostics.HasErrors)
        {
            current = pipeline.Build(loaded, request.Templates.FullName, diagnostics).Package;
        }

        CfctPackage? before = null;
        IReadOnlyDictionary<string, ImmutableArray<(string Account, string Region)>>? deployedInstances = null;
        if (request.Deployed is { } deployedText)
        {
            var state = await ReadDeployedAsync(deployedText, diagnostics, cancellationToken);
            if (state is not null && current is not null)
            {
                (before, deployedInstances) = DeployedPackage.From(state, current.Manifest.Region);
            }
        }
        else if (request.Previous is { } previousText)
        {
            before = PreviousPackage.Read(pipeline, previousText, request.Repository.FullName, request.Templates.FullName, diagnostics);
        }

        if (snapshot is null || current is null || diagnostics.HasErrors)
        {
            return new PlanResult(UseCaseOutcome.Failed, null, null, [.. diagnostics.Sorted()]);
        }

        var plan = ChangePlanner.Plan(
            new ChangePlanOptions(current, snapshot)
            {
                Previous = before,
                DeployedInstances = deployedInstances,
                PreviousOrganization = previousSnapshot,
                Definition = loaded,
                NewAccountOu = request.NewAccountOu,
                GeneratedAt = request.GeneratedAt,
                OrganizationDisplayPath = request.Organization.ToString(),
                AllowRemoteFiles = request.AllowRemoteFiles,
            },
            diagnostics);

        // The plan is still shown, but a stale lock or a quota beyond its limit fails the run.
        plan = plan with { Scale = BuildPipeline.CheckOrganization(loaded, current, snapshot, diagnostics, request.Organization.ToString(), before) };

        ReplayReport? replay = null;
        if (request.Trail is { } trail)
        {
            if (before is null)
            {
                return Usage(UseCase.Usage(Verb, "--trail replays against the previous policies: give --previous (or --deployed)"));
            }

            var session = new ReplaySession(new ReplayOptions(before, current, snapshot) { Since = request.TrailSince, Until = request.TrailUntil, TrailDisplay = trail }, diagnostics);
            if (await Live().ReadTrailAsync(session, trail, diagnostics, cancellationToken))
            {
                replay = session.Finish();
            }
        }

        return new PlanResult(UseCase.OutcomeOf(diagnostics), plan, replay, [.. diagnostics.Sorted()]);
    }

    private static Diagnostic? UsageProblem(PlanRequest request)
    {
        if (request.Definition is null && request.Package is null)
        {
            return UseCase.Usage(Verb, "give --package DIR (a built package) or --definition DIR (built in memory)");
        }

        if (request.NewAccount != request.NewAccountOu is not null)
        {
            return UseCase.Usage(Verb, "--new-account and --ou go together: --new-account --ou PATH");
        }

        foreach (var (name, dir) in new[] { ("--definition", request.Definition), ("--package", request.Package) })
        {
            if (dir is { Exists: false })
            {
                return UseCase.Usage(Verb, $"{name}: folder '{dir}' does not exist");
            }
        }

        foreach (var (name, snapshotFile) in new[] { ("--org", request.Organization), ("--previous-org", request.PreviousOrganization) })
        {
            if (snapshotFile is { Exists: false })
            {
                return UseCase.Usage(Verb, $"{name}: file '{snapshotFile}' does not exist");
            }
        }

        return request.Deployed is not null && (request.Previous is not null || request.PreviousOrganization is not null)
            ? UseCase.Usage(Verb, "--deployed replaces --previous and --previous-org: give one or the other")
            : null;
    }

    /// <summary>The deployed state from AWS ('live') or from a saved status JSON.</summary>
    private async Task<DeployedState?> ReadDeployedAsync(string source, DiagnosticBag diagnostics, CancellationToken cancellationToken)
    {
        if (source != PlanRequest.Live)
        {
            if (!File.Exists(source))
            {
                diagnostics.Report(DiagnosticCodes.StatusFileUnreadable, $"--deployed: file '{source}' does not exist", hint: "give a status JSON from `govcfct status --format json --out FILE`, or 'live'");
                return null;
            }

            return StatusJson.ReadDeployed(source, source, diagnostics);
        }

        var read = await Live().ReadDeployedAsync(new DeployedQuery(), cancellationToken);
        diagnostics.AddRange(read.Diagnostics);
        return read.State;
    }

    private ILiveSources Live() => live ?? throw new InvalidOperationException("a live read was asked of a plan without live sources");

    private static OrgSnapshot? ReadSnapshot(FileInfo file, DiagnosticBag diagnostics)
    {
        var read = OrgSnapshotSerializer.ReadFile(file.FullName, file.ToString());
        diagnostics.AddRange(read.Diagnostics);
        return read.Snapshot;
    }

    private static PlanResult Usage(Diagnostic diagnostic) => new(UseCaseOutcome.Usage, null, null, [diagnostic]);
}
