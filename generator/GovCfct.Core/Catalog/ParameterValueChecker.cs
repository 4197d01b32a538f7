using System.Globalization;
using System.Text.RegularExpressions;
using GovCfct.Core.Definition;

namespace GovCfct.Core.Catalog;

/// <summary>
/// The one check of a parameter value against its catalog declaration (shape, single line, type, allowed values,
/// pattern). The resolver and the renderer both call it, so a value passes both or fails both: a value that would
/// break a policy document is refused wherever it comes from, at the definition position that set it.
/// </summary>
public static partial class ParameterValueChecker
{
    /// <summary>Null when <paramref name="value"/> fits <paramref name="parameter"/>; otherwise what is wrong, as a sentence (the caller names the parameter).</summary>
    /// <remarks>
    /// Every item is checked, an empty string included: a pattern is a whole-value match (as CloudFormation's
    /// AllowedPattern), so a parameter whose empty value means "not set" says so in its pattern (<c>^$|^https://.+$</c>).
    /// Types are the catalog's (<see cref="ControlCatalogLoader.MatchesType"/>): an ARN has the ARN shape, not only its prefix.
    /// </remarks>
    public static string? Check(ControlParameter parameter, ParameterValue value)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        ArgumentNullException.ThrowIfNull(value);
        if (parameter.Type == ParameterType.List)
        {
            if (value.Kind != ParameterValueKind.List)
            {
                return $"expected a list, got the scalar '{value.Scalar}'";
            }

            foreach (var item in value.Items)
            {
                if (CheckText(parameter, item) is { } problem)
                {
                    return $"item '{item}': {problem}";
                }
            }

            return null;
        }

        if (value.Kind == ParameterValueKind.List)
        {
            return $"expected a single {parameter.Type.ToString().ToLowerInvariant()}, got a list";
        }

        var text = value.Scalar;
        var typeProblem = ControlCharacter(text) is null && !ControlCatalogLoader.MatchesType(parameter.Type, text)
            ? parameter.Type switch
            {
                ParameterType.Number => $"'{text}' is not a number",
                ParameterType.Boolean => $"'{text}' is not true or false",
                ParameterType.Email => $"'{text}' is not an e-mail address",
                ParameterType.Arn => $"'{text}' is not an ARN (arn:partition:service:region:account:resource)",
                _ => $"'{text}' is not a {parameter.Type.ToString().ToLowerInvariant()}",
            }
            : null;
        return typeProblem ?? CheckText(parameter, text);
    }

    /// <summary>Null for single-line text; otherwise the sentence that names the first control character.</summary>
    public static string? ControlCharacter(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.FirstOrDefault(char.IsControl) is var c && c != default
            ? string.Create(CultureInfo.InvariantCulture, $"the value contains the control character U+{(int)c:X4}; parameter values are single-line text")
            : null;
    }

    /// <summary>An IAM role name after an optional path: letters, digits and +=,.@_- , at most 64 characters for the name.</summary>
    public static bool IsIamRoleName(string text) => IamRoleName().IsMatch(text);

    private static string? CheckText(ControlParameter parameter, string text)
    {
        if (ControlCharacter(text) is { } control)
        {
            return control;
        }

        if (!parameter.AllowedValues.IsDefaultOrEmpty && !parameter.AllowedValues.Contains(text, StringComparer.Ordinal))
        {
            return $"'{text}' is not one of {string.Join(", ", parameter.AllowedValues)}";
        }

        if (parameter.Pattern is { Length: > 0 } pattern && !Regex.IsMatch(text, $"^(?:{pattern})\\z", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
        {
            return $"'{text}' does not match the pattern {pattern}";
        }

        return null;
    }

    [GeneratedRegex(@"\A(?:[A-Za-z0-9_+=,.@-]+/)*[A-Za-z0-9_+=,.@-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IamRoleName();
}
