using System.Collections.Immutable;

namespace GovCfct.Core.Replay;

/// <summary>A call's verdict: what the change does to it.</summary>
public enum ReplayVerdict
{
    /// <summary>Allowed by the previous policies, denied by the new ones.</summary>
    NewlyDenied,

    /// <summary>The new policies deny it only if a value the record cannot give (named) says so.</summary>
    MaybeNewlyDenied,

    /// <summary>Denied by the previous policies, allowed by the new ones: a guardrail removed.</summary>
    NewlyAllowed,

    /// <summary>Same verdict before and after.</summary>
    Unchanged,
}

/// <summary>
/// Calls with the same verdict, principal, account, action and resource pattern: how many, first and last seen,
/// the statement that decides (the new one for denials, the old one for newly allowed), and the missing key.
/// </summary>
public sealed record ReplayGroup(
    ReplayVerdict Verdict,
    string Principal,
    string Account,
    string AccountName,
    string OuPath,
    string Action,
    string ResourcePattern,
    string PolicyType,
    string? By,
    string? MissingKey,
    long Count,
    string FirstSeen,
    string LastSeen);

/// <summary>A recorded SCP/RCP denial the previous package does not deny.</summary>
public sealed record CalibrationMiss(string EventTime, string Principal, string Account, string Action, string PolicyType, string? PolicyArn, string? PolicyName, string Reason);

/// <summary>The calibration: recorded SCP/RCP denials the previous policies must reproduce.</summary>
public sealed record Calibration(long Denials, long Agreed, long AgreedMaybe, long Judged, ImmutableArray<CalibrationMiss> Disagreements, long DisagreementCount)
{
    /// <summary>Agreement among the judged denials (those whose action and account the replay could resolve), in percent; null without any.</summary>
    public double? AgreementPercent => Judged == 0 ? null : 100.0 * (Agreed + AgreedMaybe) / Judged;
}

/// <summary>The whole replay: inputs, counts, verdicts, groups, calibration and what the trail cannot show.</summary>
public sealed record ReplayReport
{
    public required string Window { get; init; }

    public required string Trail { get; init; }

    public required long Files { get; init; }

    public required long UnreadableFiles { get; init; }

    public required long Records { get; init; }

    public required long Parsed { get; init; }

    public required long Judged { get; init; }

    public required ImmutableSortedDictionary<string, long> Skipped { get; init; }

    public required ImmutableSortedDictionary<string, long> Unmapped { get; init; }

    public required ImmutableSortedDictionary<ReplayVerdict, long> Verdicts { get; init; }

    public required ImmutableArray<ReplayGroup> Groups { get; init; }

    public required Calibration Calibration { get; init; }

    public required ImmutableArray<string> Surface { get; init; }

    public required ImmutableArray<string> Unseen { get; init; }

    public required ImmutableArray<string> Notes { get; init; }

    public required string ActionSource { get; init; }

    public long Count(ReplayVerdict verdict) => Verdicts.GetValueOrDefault(verdict);
}
