using System.Collections.Frozen;
using System.Text.Json;

namespace GovCfct.Core.Policies;

/// <summary>
/// The IAM actions per service prefix (vendored, see Policies/Data/README.md), loaded once from the embedded resource
/// on first use. Lookups are case-insensitive because IAM action names are.
/// </summary>
public sealed class IamActionCatalog
{
    private const string ResourceName = "GovCfct.Core.Policies.iam-actions.json";

    private static readonly Lazy<IamActionCatalog> Embedded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly FrozenDictionary<string, FrozenSet<string>> _actions;

    private IamActionCatalog(FrozenDictionary<string, FrozenSet<string>> actions) => _actions = actions;

    /// <summary>The catalog shipped with GovCfct.</summary>
    public static IamActionCatalog Default => Embedded.Value;

    public int ServiceCount => _actions.Count;

    /// <summary>Builds a catalog from service prefix → action names; for tests and for a newer data file.</summary>
    public static IamActionCatalog From(IReadOnlyDictionary<string, IEnumerable<string>> actions) =>
        new(actions.ToFrozenDictionary(
            kv => kv.Key,
            kv => kv.Value.ToFrozenSet(StringComparer.OrdinalIgnoreCase),
            StringComparer.OrdinalIgnoreCase));

    public bool IsServiceKnown(string prefix) => _actions.ContainsKey(prefix);

    /// <summary>Whether <c>service:Action</c> (no wildcard) is a known action.</summary>
    public bool Exists(string action)
    {
        var colon = action.IndexOf(':', StringComparison.Ordinal);
        return colon > 0
            && _actions.TryGetValue(action[..colon], out var names)
            && names.Contains(action[(colon + 1)..]);
    }

    /// <summary>Whether an action pattern with <c>*</c>/<c>?</c> matches at least one known action (<c>*</c> alone always does).</summary>
    public bool WildcardMatchesAny(string pattern)
    {
        if (pattern == "*")
        {
            return true;
        }

        var colon = pattern.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        var service = pattern[..colon];
        var name = pattern[(colon + 1)..];
        if (!IamWildcard.HasWildcard(service))
        {
            return _actions.TryGetValue(service, out var names) && names.Any(n => IamWildcard.IsMatch(name, n, ignoreCase: true));
        }

        return _actions.Any(kv => IamWildcard.IsMatch(service, kv.Key, ignoreCase: true) && kv.Value.Any(n => IamWildcard.IsMatch(name, n, ignoreCase: true)));
    }

    /// <summary>The known action names (lower case) of a service that a name pattern (<c>*</c>/<c>?</c>) matches, sorted.</summary>
    public IEnumerable<string> NamesMatching(string prefix, string namePattern) =>
        _actions.TryGetValue(prefix, out var names)
            ? names.Where(n => IamWildcard.IsMatch(namePattern, n, ignoreCase: true)).Order(StringComparer.Ordinal)
            : [];

    private static IamActionCatalog Load()
    {
        using var stream = typeof(IamActionCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing from the build");
        var data = JsonSerializer.Deserialize<Dictionary<string, string[]>>(stream)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is empty");
        return From(data.ToDictionary(kv => kv.Key, kv => (IEnumerable<string>)kv.Value, StringComparer.OrdinalIgnoreCase));
    }
}
