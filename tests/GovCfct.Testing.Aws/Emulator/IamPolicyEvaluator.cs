using System.Text.Json;
using System.Text.RegularExpressions;

namespace GovCfct.Testing.Aws.Emulator;

/// <summary>What IAM sees of one request: the action, the resource ARN and the request's condition keys.</summary>
internal sealed record AuthorizationRequest(string Action, string Resource, IReadOnlyDictionary<string, string> ConditionKeys);

/// <summary>
/// Identity-policy evaluation as the IAM User Guide documents it, for the services moto cannot authorize by resource
/// or condition (moto authorizes CodeCommit and CodePipeline calls against resource "*" and skips conditions it does
/// not know, such as codecommit:References):
/// - "Policy evaluation logic": an explicit Deny in any statement wins; otherwise an Allow allows; otherwise denied.
/// - "IAM JSON policy elements: Action / NotAction / Resource / NotResource": <c>*</c> and <c>?</c> wildcards, actions
///   case-insensitive.
/// - "IAM JSON policy elements: Condition operators": keys in one operator are ANDed, values ORed; a missing key makes
///   a positive operator false and a negated one (StringNot*) true; <c>...IfExists</c> is true when the key is
///   missing; <c>Null</c> tests presence. Any other operator is refused, so a policy using one cannot pass unnoticed.
/// - "Permissions boundaries for IAM entities": with a boundary, the effective permissions are the intersection of the
///   identity policies and the boundary (a call must be allowed by both), and an explicit Deny in either wins.
/// </summary>
internal static class IamPolicyEvaluator
{
    /// <summary>Identity policies held to a permissions boundary (null: none).</summary>
    public static bool IsAllowed(IEnumerable<string> policies, string? permissionsBoundary, AuthorizationRequest request) =>
        IsAllowed(policies, request) && (permissionsBoundary is null || IsAllowed([permissionsBoundary], request));

    public static bool IsAllowed(IEnumerable<string> policies, AuthorizationRequest request)
    {
        var allowed = false;
        foreach (var policy in policies)
        {
            using var document = JsonDocument.Parse(policy);
            var statements = document.RootElement.GetProperty("Statement");
            foreach (var statement in statements.ValueKind == JsonValueKind.Array ? [.. statements.EnumerateArray()] : new[] { statements })
            {
                if (!Applies(statement, request))
                {
                    continue;
                }

                if (statement.GetProperty("Effect").GetString() == "Deny")
                {
                    return false;
                }

                allowed = true;
            }
        }

        return allowed;
    }

    private static bool Applies(JsonElement statement, AuthorizationRequest request)
    {
        var action = statement.TryGetProperty("Action", out var actions)
            ? Strings(actions).Any(a => Matches(a, request.Action, ignoreCase: true))
            : !Strings(statement.GetProperty("NotAction")).Any(a => Matches(a, request.Action, ignoreCase: true));
        var resource = statement.TryGetProperty("Resource", out var resources)
            ? Strings(resources).Any(r => Matches(r, request.Resource, ignoreCase: false))
            : !Strings(statement.GetProperty("NotResource")).Any(r => Matches(r, request.Resource, ignoreCase: false));
        return action && resource && (!statement.TryGetProperty("Condition", out var condition) || ConditionHolds(condition, request.ConditionKeys));
    }

    private static bool ConditionHolds(JsonElement condition, IReadOnlyDictionary<string, string> keys)
    {
        foreach (var op in condition.EnumerateObject())
        {
            foreach (var test in op.Value.EnumerateObject())
            {
                var present = keys.TryGetValue(test.Name, out var value);
                var expected = Strings(test.Value).ToList();
                var name = op.Name;
                var ifExists = name.EndsWith("IfExists", StringComparison.Ordinal);
                if (ifExists)
                {
                    name = name[..^"IfExists".Length];
                }

                bool holds;
                if (name == "Null")
                {
                    holds = expected.Single().Equals("true", StringComparison.OrdinalIgnoreCase) ? !present : present;
                }
                else if (!present)
                {
                    holds = ifExists || name.StartsWith("StringNot", StringComparison.Ordinal);
                }
                else
                {
                    holds = name switch
                    {
                        "StringEquals" => expected.Any(e => e == value),
                        "StringNotEquals" => expected.All(e => e != value),
                        "StringLike" => expected.Any(e => Matches(e, value!, ignoreCase: false)),
                        "StringNotLike" => expected.All(e => !Matches(e, value!, ignoreCase: false)),
                        _ => throw new NotSupportedException($"condition operator {op.Name} is not evaluated by the emulator"),
                    };
                }

                if (!holds)
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool Matches(string pattern, string value, bool ignoreCase) =>
        Regex.IsMatch(
            value,
            "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$",
            (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None) | RegexOptions.CultureInvariant,
            TimeSpan.FromSeconds(1));

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array => element.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText()),
        JsonValueKind.String => [element.GetString()!],
        _ => [element.GetRawText()],
    };
}
