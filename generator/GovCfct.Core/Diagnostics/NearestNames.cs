namespace GovCfct.Core.Diagnostics;

/// <summary>
/// "Did you mean": the known names nearest a mistyped one by edit distance (insertions, deletions, substitutions; a
/// name differing only in case is nearest of all). A candidate counts only when it is close for its length, so a
/// short typo never suggests an unrelated long name.
/// </summary>
public static class NearestNames
{
    /// <summary>
    /// The candidates at the smallest distance from <paramref name="name"/>, in ordinal order, at most
    /// <paramref name="limit"/>; empty when none is within max(2, length / 4) edits.
    /// </summary>
    public static IReadOnlyList<string> Find(string name, IEnumerable<string> candidates, int limit = 3)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(candidates);
        var allowed = Math.Max(2, name.Length / 4);
        var scored = candidates
            .Where(c => !string.Equals(c, name, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .Select(c => (Name: c, Distance: string.Equals(c, name, StringComparison.OrdinalIgnoreCase) ? 0 : Distance(c, name)))
            .Where(c => c.Distance <= allowed)
            .ToList();
        if (scored.Count == 0)
        {
            return [];
        }

        var best = scored.Min(c => c.Distance);
        return [.. scored.Where(c => c.Distance == best).Select(c => c.Name).Order(StringComparer.Ordinal).Take(limit)];
    }

    /// <summary>"did you mean 'a' or 'b'?" for <see cref="Find"/>'s names; null when there is none.</summary>
    public static string? DidYouMean(string name, IEnumerable<string> candidates)
    {
        var near = Find(name, candidates);
        return near.Count == 0 ? null : $"did you mean {string.Join(" or ", near.Select(n => $"'{n}'"))}?";
    }

    /// <summary>Levenshtein distance, two rows.</summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
