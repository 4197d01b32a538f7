namespace GovCfct.Core.Policies;

/// <summary>
/// IAM's glob matching: <c>*</c> matches any run of characters, <c>?</c> exactly one. Used for actions
/// (case-insensitive), resources and Like operators (case-sensitive).
/// </summary>
internal static class IamWildcard
{
    public static bool HasWildcard(string pattern) => pattern.AsSpan().IndexOfAny('*', '?') >= 0;

    /// <summary>Linear-time greedy glob match with backtracking to the last star only (no regex, no allocation).</summary>
    public static bool IsMatch(string pattern, string value, bool ignoreCase)
    {
        int p = 0, v = 0, star = -1, mark = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || Same(pattern[p], value[v], ignoreCase)))
            {
                p++;
                v++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = v;
            }
            else if (star >= 0)
            {
                p = star + 1;
                v = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    /// <summary>
    /// ARN matching as ArnLike does it: the six colon-separated parts are matched one by one, so a <c>*</c>
    /// in the account part never spills into the resource part.
    /// </summary>
    public static bool ArnMatch(string pattern, string arn)
    {
        if (pattern == "*")
        {
            return true;
        }

        var patternParts = pattern.Split(':', 6);
        var arnParts = arn.Split(':', 6);
        if (patternParts.Length != 6 || arnParts.Length != 6)
        {
            return false;
        }

        for (var i = 0; i < 6; i++)
        {
            if (!IsMatch(patternParts[i], arnParts[i], ignoreCase: false))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Same(char a, char b, bool ignoreCase) =>
        a == b || (ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));
}
