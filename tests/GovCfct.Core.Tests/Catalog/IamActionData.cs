using System.Collections.Immutable;
using System.Text.Json;
using System.Text.RegularExpressions;
using GovCfct.Core.Catalog;

namespace GovCfct.Core.Tests.Catalog;

/// <summary>
/// Reads the vendored IAM action list (embedded resource GovCfct.Core.Policies.iam-actions.json) to check that every
/// action and wildcard of a rendered policy names at least one real action. Local to the tests until the policy
/// stage's IamActionCatalog lands.
/// </summary>
internal static class IamActionData
{
    private static readonly Lazy<ImmutableDictionary<string, ImmutableArray<string>>> Data = new(Load);

    public static int ServiceCount => Data.Value.Count;

    /// <summary>True when the action pattern (service:Action, wildcards * and ?) matches at least one known action.</summary>
    public static bool Matches(string pattern)
    {
        if (pattern == "*")
        {
            return true;
        }

        var colon = pattern.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !Data.Value.TryGetValue(pattern[..colon].ToLowerInvariant(), out var actions))
        {
            return false;
        }

        var regex = new Regex("^" + Regex.Escape(pattern[(colon + 1)..].ToLowerInvariant()).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant);
        return actions.Any(regex.IsMatch);
    }

    private static ImmutableDictionary<string, ImmutableArray<string>> Load()
    {
        using var stream = typeof(ControlCatalog).Assembly.GetManifestResourceStream("GovCfct.Core.Policies.iam-actions.json")
            ?? throw new InvalidOperationException("embedded resource GovCfct.Core.Policies.iam-actions.json is missing");
        var data = JsonSerializer.Deserialize<Dictionary<string, string[]>>(stream) ?? [];
        return data.ToImmutableDictionary(p => p.Key, p => p.Value.ToImmutableArray(), StringComparer.Ordinal);
    }
}
