using System.Text.RegularExpressions;
using GovCfct.Core.Definition;

namespace GovCfct.Core.Catalog;

/// <summary>
/// Checks a parameter value against its catalog declaration (shape, type, pattern, allowed values). Shared by the
/// renderer and the resolver so a value that would break a policy document is refused wherever it comes from.
/// </summary>
public static class ParameterValueChecker
{
    /// <summary>Null when <paramref name="value"/> fits <paramref name="parameter"/>; otherwise what is wrong, as a sentence.</summary>
    public static string? Check(ControlParameter parameter, ParameterValue value)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        ArgumentNullException.ThrowIfNull(value);
        var isList = parameter.Type == ParameterType.List;
        if (isList != (value.Kind == ParameterValueKind.List))
        {
            return isList
                ? $"parameter '{parameter.Name}' takes a list, not a single value"
                : $"parameter '{parameter.Name}' takes a single {Name(parameter.Type)} value, not a list";
        }

        IEnumerable<string> items = isList ? value.Items : [value.Scalar];
        foreach (var item in items)
        {
            // An empty string is "not set" for text parameters (e.g. ChatWebhookUrl), never a typed value.
            if (item.Length == 0 && parameter.Type == ParameterType.String)
            {
                continue;
            }

            if (!isList && !ControlCatalogLoader.MatchesType(parameter.Type, item))
            {
                return $"parameter '{parameter.Name}' value '{item}' is not a valid {Name(parameter.Type)}";
            }

            if (parameter.Pattern is { } pattern && !Regex.IsMatch(item, $"^(?:{pattern})\\z", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
            {
                return $"parameter '{parameter.Name}' value '{item}' does not match the pattern {pattern}";
            }

            if (!parameter.AllowedValues.IsDefaultOrEmpty && !parameter.AllowedValues.Contains(item, StringComparer.Ordinal))
            {
                return $"parameter '{parameter.Name}' value '{item}' is not one of: {string.Join(", ", parameter.AllowedValues)}";
            }
        }

        return null;
    }

    private static string Name(ParameterType type) => type.ToString().ToLowerInvariant();
}
