using System.Collections.Immutable;
using GovCfct.Core.Definition;

namespace GovCfct.Core.Resolution;

/// <summary>
/// Organization-level parameters the packager consumes itself rather than a single control: every generated deny
/// exempts the break-glass role and the extra exempt principals, and the lockout check proves the break-glass role
/// keeps working. They are read at organization level only, because an exemption that differs per OU would split
/// every policy document.
/// </summary>
public static class PlatformParameters
{
    public const string BreakGlassRoleName = "BreakGlassRoleName";

    public const string ExemptPrincipalArns = "ExemptPrincipalArns";

    public static bool IsPlatform(string name) => name is BreakGlassRoleName or ExemptPrincipalArns;

    /// <summary>
    /// The ARN patterns every deny exempts: the organization's protected principals, the break-glass role and the
    /// extra exempt principals, in that order, without duplicates.
    /// </summary>
    public static ImmutableArray<string> ProtectedPrincipalArns(GovernanceDefinition definition)
    {
        var result = new List<string>(definition.Organization.Principals.ProtectedRoleArns);
        if (definition.Parameters.TryGetValue(BreakGlassRoleName, out var breakGlass) && breakGlass.Scalar.Length > 0)
        {
            result.Add($"arn:*:iam::*:role/{breakGlass.Scalar}");
        }

        if (definition.Parameters.TryGetValue(ExemptPrincipalArns, out var exempt))
        {
            result.AddRange(exempt.Kind == ParameterValueKind.List ? exempt.Items : [exempt.Scalar]);
        }

        return [.. result.Where(a => a.Length > 0).Distinct(StringComparer.Ordinal)];
    }
}
