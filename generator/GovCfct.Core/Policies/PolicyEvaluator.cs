using System.Collections.Immutable;
using System.Globalization;
using System.Net;

namespace GovCfct.Core.Policies;

/// <summary>
/// One API request to judge: who calls, which action, on which resource, and the request context keys
/// (aws:RequestedRegion, aws:MultiFactorAuthPresent, aws:PrincipalTag/...). Key names are case-insensitive, as in IAM;
/// aws:PrincipalArn is filled from <see cref="PrincipalArn"/> unless given.
/// </summary>
public sealed record RequestContext(string PrincipalArn, string Action, string Resource, ImmutableDictionary<string, ImmutableArray<string>> Keys)
{
    public static RequestContext Create(string principalArn, string action, string resource, params (string Key, string Value)[] keys)
    {
        var builder = ImmutableDictionary.CreateBuilder<string, ImmutableArray<string>>(StringComparer.OrdinalIgnoreCase);
        builder["aws:PrincipalArn"] = [principalArn];
        foreach (var group in keys.GroupBy(k => k.Key, StringComparer.OrdinalIgnoreCase))
        {
            builder[group.Key] = [.. group.Select(k => k.Value)];
        }

        return new RequestContext(principalArn, action, resource, builder.ToImmutable());
    }

    public ImmutableArray<string> Values(string key) => Keys.TryGetValue(key, out var values) ? values : [];
}

/// <summary>The outcome of evaluating SCPs for a request.</summary>
public enum PolicyDecision
{
    ImplicitDeny,
    Allow,
    ExplicitDeny,
}

/// <summary>A statement that matched a request, with the policy it belongs to (name and 0-based position in the input) and its 0-based position.</summary>
public sealed record StatementMatch(string PolicyName, int StatementIndex, PolicyStatement Statement, int PolicyIndex = 0)
{
    public string StatementName => Statement.DisplayName(StatementIndex);
}

/// <summary>
/// The decision, every Deny statement that matched (so a report shows all of them at once), and the condition
/// operators the evaluator could not judge (it assumed those conditions match).
/// </summary>
public sealed record EvaluationResult(PolicyDecision Decision, ImmutableArray<StatementMatch> Denies, ImmutableArray<string> UnsupportedOperators)
{
    public bool IsAllowed => Decision == PolicyDecision.Allow;
}

/// <summary>
/// <paramref name="AssumeFullAwsAccess"/>: Control Tower keeps FullAWSAccess attached everywhere, so by default
/// everything not denied is allowed; switch it off to require an Allow statement in the given documents.
/// </summary>
public sealed record EvaluationOptions(bool AssumeFullAwsAccess = true);

/// <summary>
/// Evaluates SCP/RCP documents for one request the way AWS does for the parts the catalog uses: explicit Deny wins;
/// otherwise allowed when FullAWSAccess is assumed or an Allow statement matches. Policy variables (${...}) are not
/// substituted.
/// </summary>
public sealed class PolicyEvaluator(EvaluationOptions? options = null)
{
    private readonly EvaluationOptions _options = options ?? new EvaluationOptions();

    public EvaluationResult Evaluate(IReadOnlyList<(string Name, PolicyDocument Doc)> policies, RequestContext request)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(request);
        var denies = ImmutableArray.CreateBuilder<StatementMatch>();
        var unsupported = new SortedSet<string>(StringComparer.Ordinal);
        var allowed = _options.AssumeFullAwsAccess;
        for (var p = 0; p < policies.Count; p++)
        {
            var (name, document) = policies[p];
            for (var i = 0; i < document.Statements.Length; i++)
            {
                var statement = document.Statements[i];
                if (!Matches(statement, request, unsupported))
                {
                    continue;
                }

                if (statement.Effect == PolicyEffect.Deny)
                {
                    denies.Add(new StatementMatch(name, i, statement, p));
                }
                else
                {
                    allowed = true;
                }
            }
        }

        var decision = denies.Count > 0 ? PolicyDecision.ExplicitDeny : allowed ? PolicyDecision.Allow : PolicyDecision.ImplicitDeny;
        return new EvaluationResult(decision, denies.ToImmutable(), [.. unsupported]);
    }

    /// <summary>Whether a statement applies to the request: action, resource and every condition.</summary>
    public static bool Matches(PolicyStatement statement, RequestContext request, ISet<string>? unsupportedOperators = null)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(request);

        // Action names are case-insensitive in IAM ("S3:getobject" is s3:GetObject).
        var actionListed = statement.Actions.Any(a => IamWildcard.IsMatch(a, request.Action, ignoreCase: true));
        if (actionListed == statement.IsNotAction)
        {
            return false;
        }

        if (!statement.Resources.IsDefaultOrEmpty)
        {
            // ARNs are case-sensitive; a whole-string glob is slightly broader than IAM's, which errs towards a Deny applying.
            var resourceListed = statement.Resources.Any(r => r == "*" || IamWildcard.IsMatch(r, request.Resource, ignoreCase: false));
            if (resourceListed == statement.IsNotResource)
            {
                return false;
            }
        }

        foreach (var condition in statement.Conditions)
        {
            if (!ConditionEvaluator.Evaluate(condition, request, unsupportedOperators))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>
/// The condition operators with IAM's rules for absent keys: a positive operator on an absent key is false, a negated
/// one (StringNotEquals, ArnNotLike...) is true, ...IfExists is true, ForAnyValue is false, ForAllValues is true.
/// </summary>
internal static class ConditionEvaluator
{
    private enum SetMode
    {
        None,
        AnyValue,
        AllValues,
    }

    private delegate bool Matcher(string requestValue, string policyValue);

    private static readonly Dictionary<string, (Matcher Match, bool Negated)> Operators = new(StringComparer.OrdinalIgnoreCase)
    {
        ["StringEquals"] = (StringEquals, false),
        ["StringNotEquals"] = (StringEquals, true),
        ["StringEqualsIgnoreCase"] = (StringEqualsIgnoreCase, false),
        ["StringNotEqualsIgnoreCase"] = (StringEqualsIgnoreCase, true),
        ["StringLike"] = (StringLike, false),
        ["StringNotLike"] = (StringLike, true),
        ["NumericEquals"] = ((v, p) => Compare(v, p, c => c == 0), false),
        ["NumericNotEquals"] = ((v, p) => Compare(v, p, c => c == 0), true),
        ["NumericLessThan"] = ((v, p) => Compare(v, p, c => c < 0), false),
        ["NumericLessThanEquals"] = ((v, p) => Compare(v, p, c => c <= 0), false),
        ["NumericGreaterThan"] = ((v, p) => Compare(v, p, c => c > 0), false),
        ["NumericGreaterThanEquals"] = ((v, p) => Compare(v, p, c => c >= 0), false),
        ["DateEquals"] = ((v, p) => CompareDates(v, p, c => c == 0), false),
        ["DateNotEquals"] = ((v, p) => CompareDates(v, p, c => c == 0), true),
        ["DateLessThan"] = ((v, p) => CompareDates(v, p, c => c < 0), false),
        ["DateLessThanEquals"] = ((v, p) => CompareDates(v, p, c => c <= 0), false),
        ["DateGreaterThan"] = ((v, p) => CompareDates(v, p, c => c > 0), false),
        ["DateGreaterThanEquals"] = ((v, p) => CompareDates(v, p, c => c >= 0), false),
        ["Bool"] = (StringEqualsIgnoreCase, false),
        ["BinaryEquals"] = (StringEquals, false),
        ["IpAddress"] = (InNetwork, false),
        ["NotIpAddress"] = (InNetwork, true),
        ["ArnEquals"] = (ArnLike, false),
        ["ArnLike"] = (ArnLike, false),
        ["ArnNotEquals"] = (ArnLike, true),
        ["ArnNotLike"] = (ArnLike, true),
    };

    public static bool Evaluate(PolicyCondition condition, RequestContext request, ISet<string>? unsupportedOperators)
    {
        var name = condition.Operator;
        var mode = SetMode.None;
        if (name.StartsWith("ForAnyValue:", StringComparison.OrdinalIgnoreCase))
        {
            mode = SetMode.AnyValue;
            name = name["ForAnyValue:".Length..];
        }
        else if (name.StartsWith("ForAllValues:", StringComparison.OrdinalIgnoreCase))
        {
            mode = SetMode.AllValues;
            name = name["ForAllValues:".Length..];
        }

        var values = request.Values(condition.Key);
        var present = values.Length > 0;

        if (string.Equals(name, "Null", StringComparison.OrdinalIgnoreCase))
        {
            // "Null": true means "the key is absent".
            return condition.Values.Any(v => string.Equals(v, "true", StringComparison.OrdinalIgnoreCase) ? !present : present);
        }

        var ifExists = name.EndsWith("IfExists", StringComparison.OrdinalIgnoreCase);
        if (ifExists)
        {
            name = name[..^"IfExists".Length];
        }

        if (!Operators.TryGetValue(name, out var op))
        {
            unsupportedOperators?.Add(condition.Operator);
            return true;
        }

        if (!present)
        {
            return ifExists || mode switch
            {
                SetMode.AnyValue => false,
                SetMode.AllValues => true,
                _ => op.Negated,
            };
        }

        bool Satisfies(string value)
        {
            var listed = condition.Values.Any(p => op.Match(value, p));
            return op.Negated ? !listed : listed;
        }

        return mode switch
        {
            SetMode.AllValues => values.All(Satisfies),
            SetMode.AnyValue => values.Any(Satisfies),
            _ => op.Negated ? values.All(Satisfies) : values.Any(Satisfies),
        };
    }

    private static bool StringEquals(string value, string pattern) => string.Equals(value, pattern, StringComparison.Ordinal);

    private static bool StringEqualsIgnoreCase(string value, string pattern) => string.Equals(value, pattern, StringComparison.OrdinalIgnoreCase);

    private static bool StringLike(string value, string pattern) => IamWildcard.IsMatch(pattern, value, ignoreCase: false);

    private static bool ArnLike(string value, string pattern) => IamWildcard.ArnMatch(pattern, value);

    private static bool Compare(string value, string pattern, Func<int, bool> test) =>
        decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
        && decimal.TryParse(pattern, NumberStyles.Float, CultureInfo.InvariantCulture, out var p)
        && test(v.CompareTo(p));

    private static bool CompareDates(string value, string pattern, Func<int, bool> test) =>
        TryDate(value, out var v) && TryDate(pattern, out var p) && test(v.CompareTo(p));

    /// <summary>IAM dates are ISO 8601 or epoch seconds.</summary>
    private static bool TryDate(string text, out DateTimeOffset date)
    {
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch))
        {
            date = DateTimeOffset.FromUnixTimeSeconds(epoch);
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out date);
    }

    private static bool InNetwork(string value, string pattern)
    {
        if (!IPAddress.TryParse(value, out var address))
        {
            return false;
        }

        if (!pattern.Contains('/', StringComparison.Ordinal))
        {
            return IPAddress.TryParse(pattern, out var single) && single.Equals(address);
        }

        return IPNetwork.TryParse(pattern, out var network) && network.Contains(address);
    }
}
