using System.Collections.Frozen;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace GovCfct.Core.Validation;

/// <summary>
/// IAM action names per service prefix (the vendored Policies/Data/iam-actions.json), for checking SCP/RCP
/// actions offline. A name lookup only; policy evaluation belongs to the Policies stage.
/// </summary>
internal static class IamActionIndex
{
    private static readonly Lazy<FrozenDictionary<string, string[]>> Actions = new(Load);

    /// <summary>Null when the action names something real; otherwise why not.</summary>
    public static string? Problem(string action, out bool wildcardMatchesNothing)
    {
        wildcardMatchesNothing = false;
        if (action == "*")
        {
            return null;
        }

        var colon = action.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return $"'{action}' is not of the form service:Action";
        }

        var service = action[..colon].ToLowerInvariant();
        var name = action[(colon + 1)..].ToLowerInvariant();
        if (!Actions.Value.TryGetValue(service, out var names))
        {
            return $"'{service}' is not a known IAM service prefix";
        }

        if (name.Contains('*', StringComparison.Ordinal) || name.Contains('?', StringComparison.Ordinal))
        {
            var pattern = new Regex("^" + Regex.Escape(name).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            if (names.Any(pattern.IsMatch))
            {
                return null;
            }

            wildcardMatchesNothing = true;
            return $"'{action}' matches no {service} action";
        }

        return Array.BinarySearch(names, name, StringComparer.Ordinal) >= 0 ? null : $"'{action}' is not a known {service} action";
    }

    private static FrozenDictionary<string, string[]> Load()
    {
        using var stream = typeof(IamActionIndex).Assembly.GetManifestResourceStream("GovCfct.Core.Policies.iam-actions.json")
            ?? throw new InvalidOperationException("embedded IAM action list missing");
        var data = JsonSerializer.Deserialize<Dictionary<string, string[]>>(stream) ?? [];
        return data.ToFrozenDictionary(
            p => p.Key.ToLowerInvariant(),
            p => p.Value.Select(a => a.ToLowerInvariant()).Order(StringComparer.Ordinal).ToArray(),
            StringComparer.Ordinal);
    }
}
