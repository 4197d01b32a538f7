using System.Collections.Immutable;

namespace GovCfct.Core.Status;

/// <summary>How far a control reached an account, worst first (docs/status.md explains each and what to do).</summary>
public enum CoverageState
{
    Failed,
    Missing,
    Outdated,
    Drifted,
    Covered,
}

/// <summary>How a control a finding is about is deployed (a stack set, a policy, a Control Tower control, a conformance pack).</summary>
public enum DeploymentKind
{
    StackSet,
    Scp,
    Rcp,
    ControlTower,
    ConformancePack,
}

/// <summary>
/// The coverage proof: expected against deployed, per account, per control, new accounts and stale state.
/// Deterministic (sorted, no clock unless given) so it can be diffed, stored and fed to <c>plan --deployed</c>.
/// </summary>
public sealed record StatusReport(
    int SchemaVersion,
    string? GeneratedAt,
    StatusSummary Summary,
    ImmutableArray<ControlStatus> Controls,
    ImmutableArray<AccountStatus> Accounts,
    ImmutableArray<NewAccountStatus> NewAccounts,
    ImmutableArray<StaleItem> Stale,
    ImmutableArray<StackSetStatus> StackSets,
    DeployedState Deployed)
{
    public const int CurrentSchemaVersion = 1;

    /// <summary>Which expected state the report judged against (a definition built in memory, or a package), so a reader knows what "expected" means.</summary>
    public string? ExpectedSource { get; init; }

    /// <summary>The OU × control coverage matrix the HTML report draws (not part of the JSON report).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public StatusMatrix? Matrix { get; init; }

    /// <summary>0 only when every account has every control CURRENT and nothing stale is left; otherwise 1.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsCovered => Summary.Failed == 0 && Summary.Missing == 0 && Summary.Outdated == 0 && Summary.Drifted == 0 && Summary.Stale == 0;
}

/// <summary>Account counts by worst state, and the stale items.</summary>
public sealed record StatusSummary(int Accounts, int Covered, int Failed, int Missing, int Outdated, int Drifted, int NewAccountsNotCovered, int Stale, string Verdict)
{
    /// <summary>Accounts in scope the package expects nothing of (no stack set, policy or Control Tower control reaches them): not counted as covered.</summary>
    public int NothingExpected { get; init; }
}

/// <summary>One control (manifest resource or Control Tower control) and how many accounts are in each state.</summary>
public sealed record ControlStatus(string Name, DeploymentKind Kind, int Expected, int Covered, int Failed, int Missing, int Outdated, int Drifted);

/// <summary>One thing wrong with one account: which control, where, and why.</summary>
public sealed record Finding(string Control, DeploymentKind Kind, CoverageState State, string? Region, string Detail);

/// <summary>An account, its worst state and its findings (none when covered).</summary>
public sealed record AccountStatus(string AccountId, string Name, string OuPath, DateTimeOffset? Joined, CoverageState State, int Expected, ImmutableArray<Finding> Findings);

/// <summary>An account that joined within --since and does not have everything yet: the new-account path has not finished (or failed).</summary>
public sealed record NewAccountStatus(string AccountId, string Name, string OuPath, DateTimeOffset Joined, CoverageState State, int MissingControls);

/// <summary>Something deployed that the definition no longer wants, and the command that removes it.</summary>
public sealed record StaleItem(string Kind, string Name, string? Target, string Detail, string Command);

/// <summary>A stack set's instance counts and its last operation (the deployment's progress).</summary>
public sealed record StackSetStatus(string Name, string DeployedName, bool Deployed, int Expected, int Current, int Failed, int Outdated, int Drifted, int Missing, DeployedOperation? LastOperation);
