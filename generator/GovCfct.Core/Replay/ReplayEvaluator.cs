using System.Collections.Frozen;
using GovCfct.Core.Policies;

namespace GovCfct.Core.Replay;

/// <summary>The policies at one level of an account's path (root, each OU, the account): all must allow a call.</summary>
public sealed record PolicyLevel(string Target, IReadOnlyList<(string Name, PolicyDocument Doc)> Policies);

/// <summary>The outcome for one call: allowed, denied, or denied only if a value the record cannot give says so.</summary>
public enum ReplayDecision
{
    Allow,
    Deny,
    MaybeDeny,
}

/// <summary>
/// A decision, the statement that decides it (<c>policy/Sid</c>, or "no Allow at TARGET"), and for
/// <see cref="ReplayDecision.MaybeDeny"/> the condition key (or "resource ARN") the record cannot give.
/// </summary>
public readonly record struct ReplayOutcome(ReplayDecision Decision, string? By, string? MissingKey);

/// <summary>
/// SCP/RCP evaluation with three values: a statement matches, does not, or cannot be judged because the record lacks a
/// value the condition (or resource) needs. IAM's logic otherwise (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html):
/// an explicit Deny anywhere wins; at every level of the path some Allow must match. With
/// <see cref="FullAwsAccess"/> (Control Tower keeps FullAWSAccess attached to every OU and account) each level allows
/// everything and only Deny statements decide. Condition operators and absent-key rules are the project's
/// <see cref="PolicyEvaluator"/>'s.
/// </summary>
public sealed class ReplayEvaluator(bool fullAwsAccess = true)
{
    /// <summary>
    /// Keys the replay fills from every record when they apply: their absence is a fact, not a gap. Any other key
    /// (aws:PrincipalTag/…, aws:ResourceTag/…, aws:SourceVpc, service keys) absent from a request is unknown.
    /// </summary>
    public static readonly FrozenSet<string> KnownKeys = new[]
    {
        "aws:PrincipalArn", "aws:PrincipalAccount", "aws:PrincipalType", "aws:userid", "aws:RequestedRegion",
        "aws:MultiFactorAuthPresent", "aws:SourceIp", "aws:SourceVpce", "aws:CalledVia", "aws:CalledViaFirst",
        "aws:CalledViaLast", "aws:ViaAWSService", "aws:PrincipalIsAWSService", "aws:PrincipalServiceName",
        "aws:CurrentTime", "aws:EpochTime", "aws:TagKeys", "aws:SourceIdentity", "aws:ResourceAccount",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public bool FullAwsAccess { get; } = fullAwsAccess;

    /// <summary>Evaluates one request (Resource null: the record gives no ARN) against the levels, root first.</summary>
    public ReplayOutcome Evaluate(IReadOnlyList<PolicyLevel> levels, RequestContext request, bool resourceKnown)
    {
        ArgumentNullException.ThrowIfNull(levels);
        ArgumentNullException.ThrowIfNull(request);
        ReplayOutcome? maybe = null;
        foreach (var level in levels)
        {
            var allow = FullAwsAccess ? Tri.Yes : Tri.No;
            string? allowKey = null;
            foreach (var (name, doc) in level.Policies)
            {
                for (var i = 0; i < doc.Statements.Length; i++)
                {
                    var statement = doc.Statements[i];
                    var (match, key) = Match(statement, request, resourceKnown);
                    if (match == Tri.No)
                    {
                        continue;
                    }

                    if (statement.Effect == PolicyEffect.Deny)
                    {
                        var by = $"{name}/{statement.Sid ?? statement.DisplayName(i)}";
                        if (match == Tri.Yes)
                        {
                            return new ReplayOutcome(ReplayDecision.Deny, by, null);
                        }

                        maybe ??= new ReplayOutcome(ReplayDecision.MaybeDeny, by, key);
                    }
                    else if (allow != Tri.Yes)
                    {
                        allow = match;
                        allowKey = key;
                    }
                }
            }

            if (allow == Tri.No)
            {
                return new ReplayOutcome(ReplayDecision.Deny, $"no Allow at {level.Target}", null);
            }

            if (allow == Tri.Unknown)
            {
                maybe ??= new ReplayOutcome(ReplayDecision.MaybeDeny, $"conditional Allow at {level.Target}", allowKey);
            }
        }

        return maybe ?? new ReplayOutcome(ReplayDecision.Allow, null, null);
    }

    /// <summary>Whether a statement's Action/NotAction names the action (the diff surface's test).</summary>
    public static bool ActionMatches(PolicyStatement statement, string action)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var listed = false;
        foreach (var pattern in statement.Actions)
        {
            if (IamWildcard.IsMatch(pattern, action, ignoreCase: true))
            {
                listed = true;
                break;
            }
        }

        return listed != statement.IsNotAction;
    }

    private enum Tri
    {
        No,
        Yes,
        Unknown,
    }

    private static (Tri Match, string? Key) Match(PolicyStatement statement, RequestContext request, bool resourceKnown)
    {
        if (!ActionMatches(statement, request.Action))
        {
            return (Tri.No, null);
        }

        var result = Tri.Yes;
        string? missing = null;
        if (!statement.Resources.IsDefaultOrEmpty)
        {
            var any = statement.Resources.Any(r => r == "*");
            if (any)
            {
                if (statement.IsNotResource)
                {
                    return (Tri.No, null);
                }
            }
            else if (!resourceKnown)
            {
                result = Tri.Unknown;
                missing = "resource ARN";
            }
            else
            {
                var listed = statement.Resources.Any(r => IamWildcard.IsMatch(r, request.Resource, ignoreCase: false));
                if (listed == statement.IsNotResource)
                {
                    return (Tri.No, null);
                }
            }
        }

        foreach (var condition in statement.Conditions)
        {
            var known = request.Keys.ContainsKey(condition.Key) || IsKnown(condition.Key);
            if (!known)
            {
                result = Tri.Unknown;
                missing ??= condition.Key;
                continue;
            }

            var unsupported = new SortedSet<string>(StringComparer.Ordinal);
            if (!ConditionEvaluator.Evaluate(condition, request, unsupported))
            {
                return (Tri.No, null);
            }

            if (unsupported.Count > 0)
            {
                result = Tri.Unknown;
                missing ??= $"operator {unsupported.Min}";
            }
        }

        return (result, missing);
    }

    private static bool IsKnown(string key) =>
        KnownKeys.Contains(key) || key.StartsWith("aws:RequestTag/", StringComparison.OrdinalIgnoreCase);
}
