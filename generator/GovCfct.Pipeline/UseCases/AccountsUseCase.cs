using System.Collections.Immutable;
using GovCfct.Core.Accounts;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Packaging;

namespace GovCfct.Pipeline.UseCases;

/// <summary>One <c>govcfct accounts check|plan</c> run: the account request CSV, the definition, its templates and, optionally, an organization snapshot.</summary>
public sealed record AccountsRequest(FileInfo Requests, DirectoryInfo Definition, DirectoryInfo Templates)
{
    public FileInfo? Organization { get; init; }
}

/// <summary>What stopped an accounts run.</summary>
public enum AccountsFailure
{
    None,

    /// <summary>A request row, the definition or the snapshot is wrong: no request is accepted.</summary>
    Requests,

    /// <summary>The requests are fine but the package could not be built from the definition: nothing is planned.</summary>
    Build,
}

/// <summary>
/// The accepted requests (empty when any was refused), the plan (<see cref="AccountsUseCase.Plan"/> only), the
/// requests' diagnostics, the build's errors (build warnings concern the definition; <c>govcfct build</c> shows them),
/// what stopped the run and the outcome.
/// </summary>
public sealed record AccountsResult(UseCaseOutcome Outcome, AccountsFailure Failure, ImmutableArray<AccountRequest> Accepted, AccountPlan? Plan, ImmutableArray<Diagnostic> Diagnostics)
{
    public ImmutableArray<Diagnostic> BuildErrors { get; init; } = [];
}

/// <summary>
/// <c>govcfct accounts</c>: account requests are checked against the definition, the package the one pipeline builds
/// from it (which controls reach accounts organization-wide) and the organization; the plan shows what each new account
/// receives from that same package.
/// </summary>
public sealed class AccountsUseCase(BuildPipeline pipeline)
{
    /// <summary>Reads and checks the CSV; nothing is accepted when any row is wrong.</summary>
    public AccountsResult Check(AccountsRequest request) => Run(request).Result;

    /// <summary>Checks the CSV, then plans each accepted account against the package built once by the check.</summary>
    public AccountsResult Plan(AccountsRequest request)
    {
        var (result, built, buildDiagnostics) = Run(request);
        if (result.Failure != AccountsFailure.None)
        {
            return result;
        }

        // The production pipeline, CDK controls included: what the account receives is what govcfct build publishes.
        var errors = buildDiagnostics.Where(d => d.IsError).ToImmutableArray();
        if (built?.Package is not { } package || !errors.IsEmpty)
        {
            return result with { Outcome = UseCaseOutcome.Failed, Failure = AccountsFailure.Build, BuildErrors = errors };
        }

        // Control Tower controls target OU ids; the definition's org lock names their paths.
        var orgLock = built.Definition?.Lock;
        var plan = AccountPlanner.Plan(result.Accepted, package, orgLock is null ? null : id => id == orgLock.RootId ? "Root" : orgLock.Ous.Values.FirstOrDefault(o => o.Id == id)?.Path);
        return result with { Plan = plan };
    }

    private (AccountsResult Result, PipelineResult? Built, IReadOnlyList<Diagnostic> BuildDiagnostics) Run(AccountsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var read = new AccountRequestReader().ReadFile(request.Requests.FullName, request.Requests.ToString());
        var bag = new DiagnosticBag();
        var definition = pipeline.LoadDefinition(request.Definition.FullName, bag);
        OrgSnapshot? snapshot = null;
        if (request.Organization is { } orgFile)
        {
            var result = OrgSnapshotSerializer.ReadFile(orgFile.FullName, orgFile.ToString());
            bag.AddRange(result.Diagnostics);
            snapshot = result.Snapshot;
        }

        if (read.Requests is null || definition is null || bag.HasErrors)
        {
            bag.AddRange(read.Diagnostics);
            return (Refused([.. bag.Sorted()]), null, []);
        }

        // The package decides which controls reach accounts organization-wide (conformance packs): an opt-out of one of
        // those splits nothing, so coverage is judged against what the build really produces.
        var buildBag = new DiagnosticBag();
        var built = pipeline.Build(definition, request.Templates.FullName, buildBag);
        var check = new AccountRequestChecker().Check(new AccountRequestCheckOptions(read.Requests, definition)
        {
            OrganizationWideControls = built.Package is null ? null : ExpectedPacks.Read(built.Package).SelectMany(p => p.Controls).ToHashSet(StringComparer.Ordinal),
            Organization = snapshot,
            OrganizationDisplayPath = request.Organization?.ToString(),
            ReadDiagnostics = read.Diagnostics,
        });
        bag.AddRange(check.Diagnostics);
        var checkedResult = check.HasErrors
            ? Refused([.. bag.Sorted()])
            : new AccountsResult(UseCaseOutcome.Ok, AccountsFailure.None, check.Accepted, null, [.. bag.Sorted()]);
        return (checkedResult, built, buildBag.Sorted());
    }

    private static AccountsResult Refused(ImmutableArray<Diagnostic> diagnostics) =>
        new(UseCaseOutcome.Failed, AccountsFailure.Requests, [], null, diagnostics);
}
