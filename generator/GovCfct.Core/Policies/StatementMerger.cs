using System.Collections.Immutable;
using System.Text;

namespace GovCfct.Core.Policies;

/// <summary>
/// Merges statements that differ only in Action into one with the union of the actions. NotAction statements are
/// never merged: the union of two NotAction lists would deny less than either statement.
/// </summary>
public static class StatementMerger
{
    public static ImmutableArray<PolicyStatement> Merge(IEnumerable<PolicyStatement> statements)
    {
        var result = new List<PolicyStatement>();
        var byKey = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var statement in statements)
        {
            if (statement.IsNotAction)
            {
                result.Add(statement);
                continue;
            }

            var key = MergeKey(statement);
            if (byKey.TryGetValue(key, out var index))
            {
                var existing = result[index];
                result[index] = existing with
                {
                    Sid = CombineSids(existing.Sid, statement.Sid),
                    Actions = UnionActions(existing.Actions, statement.Actions),
                };
            }
            else
            {
                byKey[key] = result.Count;
                result.Add(statement);
            }
        }

        return [.. result];
    }

    /// <summary>Everything but Action and Sid; conditions and resources compared as sets since IAM ignores their order.</summary>
    internal static string MergeKey(PolicyStatement statement)
    {
        var builder = new StringBuilder();
        builder.Append(statement.Effect).Append('\u0001')
            .Append(statement.PrincipalJson).Append('\u0001').Append(statement.IsNotPrincipal).Append('\u0001')
            .Append(statement.IsNotResource).Append('\u0001')
            .AppendJoin('\u0002', statement.Resources.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)).Append('\u0001');
        foreach (var condition in statement.Conditions
            .OrderBy(c => c.Operator, StringComparer.OrdinalIgnoreCase)
            .ThenBy(c => c.Key, StringComparer.OrdinalIgnoreCase))
        {
            builder.Append(condition.Operator.ToUpperInvariant()).Append('\u0003')
                .Append(condition.Key.ToUpperInvariant()).Append('\u0003')
                .Append(condition.Literal).Append('\u0003')
                .AppendJoin('\u0002', condition.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)).Append('\u0001');
        }

        return builder.ToString();
    }

    /// <summary>Sids are [A-Za-z0-9]*, so joining them keeps a valid Sid that still names every merged control.</summary>
    private static string? CombineSids(string? first, string? second)
    {
        if (string.IsNullOrEmpty(first))
        {
            return string.IsNullOrEmpty(second) ? null : second;
        }

        return string.IsNullOrEmpty(second) || first.Contains(second, StringComparison.Ordinal) ? first : first + second;
    }

    /// <summary>Sorted, without duplicates (case-insensitive, as IAM compares actions) and without actions a wildcard in the set already covers.</summary>
    private static ImmutableArray<string> UnionActions(ImmutableArray<string> first, ImmutableArray<string> second)
    {
        var all = first.Concat(second).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var wildcards = all.Where(IamWildcard.HasWildcard).ToList();
        return
        [
            .. all
                .Where(a => !wildcards.Exists(w => Covers(w, a)))
                .Order(StringComparer.Ordinal),
        ];
    }

    /// <summary>
    /// Whether wildcard <paramref name="wildcard"/> matches every action <paramref name="action"/> matches. Sound only for a
    /// literal action, or for a pattern under a plain prefix wildcard like <c>s3:*</c>; other pattern pairs are kept.
    /// </summary>
    private static bool Covers(string wildcard, string action)
    {
        if (string.Equals(wildcard, action, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (!IamWildcard.HasWildcard(action))
        {
            return IamWildcard.IsMatch(wildcard, action, ignoreCase: true);
        }

        var prefix = wildcard[..^1];
        return wildcard.EndsWith('*') && !IamWildcard.HasWildcard(prefix) && action.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);
    }
}
