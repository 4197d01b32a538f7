using System.Collections.Immutable;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Core.Definition;

/// <summary>
/// The one settings record: the organization-wide settings every command works with (build, validate, plan, accounts,
/// publish). The definition loader reads organization.yaml into it (<see cref="GovernanceDefinition.Organization"/>),
/// <see cref="From"/> adds the organization-level platform parameters, and <see cref="WithOverrides"/> is the one path
/// for settings given on the command line, so that no command falls back to its own defaults. A new organization.yaml
/// setting is one more property here and one more line in the loader. Limits are settings because AWS quotas change
/// (SCP slots went 5 → 10 in 2026).
/// </summary>
public sealed record GovernanceSettings
{
    /// <summary>Control Tower's default administrator permission set, assumed when the definition names none.</summary>
    public const string DefaultAdminPermissionSetName = "AWSAdministratorAccess";

    // An ordinary control parameter (restrict-iam-user-creation, protect-exempt-principals, account-vending), read at
    // organization level here as well, so the check judges the same permission set the controls name.
    private const string AdminPermissionSetParameter = "AdminPermissionSetName";

    /// <summary>The resource prefix the lockout and alert-protection checks protect when the settings name none (the shipped definition's).</summary>
    public const string DefaultResourcePrefix = "gc";

    /// <summary>Organizations' default quota of OUs per organization (docs: orgs_reference_limits).</summary>
    public const int DefaultMaxOus = 2000;

    /// <summary>Settings when no definition is known (a package validated on its own): nothing organization-specific.</summary>
    public static GovernanceSettings Unknown { get; } = new();

    /// <summary>The name of the organization (organization.yaml <c>name</c>); empty when unknown.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>Control Tower's home region (the manifest's <c>region</c>); empty when unknown.</summary>
    public string HomeRegion { get; init; } = string.Empty;

    /// <summary>Regions Control Tower governs; empty = unknown, so no region is judged ungoverned.</summary>
    public ImmutableArray<string> GovernedRegions { get; init; } = [];

    /// <summary>Starts every generated resource name; the lockout check protects resources with this prefix.</summary>
    public string ResourcePrefix { get; init; } = string.Empty;

    public PolicyLimits ScpLimits { get; init; } = PolicyLimits.DefaultScp;

    public PolicyLimits RcpLimits { get; init; } = PolicyLimits.DefaultRcp;

    public bool EnableStackSetDeletion { get; init; }

    /// <summary><c>max_ous</c>: the OU quota of this organization, raised only when AWS raised it; loading stops past it.</summary>
    public int MaxOus { get; init; } = DefaultMaxOus;

    /// <summary>Control Tower's and CfCT's roles (organization.yaml <c>protected_principals</c>).</summary>
    public PlatformPrincipals Principals { get; init; } = PlatformPrincipals.Default;

    /// <summary>The break-glass role (the organization-level BreakGlassRoleName parameter); none when the definition sets none.</summary>
    public string? BreakGlassRoleName { get; init; }

    /// <summary>
    /// The Identity Center permission set administrators sign in with (the organization-level AdminPermissionSetName
    /// parameter; AWSAdministratorAccess when unset): the escalation check's would-be impostor.
    /// </summary>
    public string AdminPermissionSetName { get; init; } = DefaultAdminPermissionSetName;

    /// <summary>Extra principals every generated deny exempts (the organization-level ExemptPrincipalArns parameter).</summary>
    public ImmutableArray<string> ExemptPrincipalArns { get; init; } = [];

    /// <summary>True for the settings of a loaded definition (<see cref="From"/>); false for <see cref="Unknown"/> and what is derived from it.</summary>
    public bool FromDefinition { get; init; }

    /// <summary><see cref="ResourcePrefix"/>, or <see cref="DefaultResourcePrefix"/> when the settings name none.</summary>
    public string ProtectedResourcePrefix => ResourcePrefix.Length > 0 ? ResourcePrefix : DefaultResourcePrefix;

    /// <summary>
    /// Whether the settings say who must never be locked out: they come from a definition, or name a principal of their
    /// own (a break-glass role, exempt principals, protected principals other than the defaults). Governed regions and
    /// limits say nothing about principals, so settings that only override those still leave the principals unknown.
    /// </summary>
    public bool KnowsPrincipals =>
        FromDefinition
        || BreakGlassRoleName is not null
        || !ExemptPrincipalArns.IsDefaultOrEmpty
        || !Principals.ProtectedRoleArns.SequenceEqual(PlatformPrincipals.Default.ProtectedRoleArns, StringComparer.Ordinal);

    /// <summary>
    /// The one path for settings given on the command line: governed regions replace the definition's when any are given;
    /// a policy size applies to SCPs and RCPs, a slot count to SCPs. Nothing else can be overridden.
    /// </summary>
    public GovernanceSettings WithOverrides(SettingsOverrides overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        return this with
        {
            GovernedRegions = overrides.GovernedRegions is { IsDefaultOrEmpty: false } regions ? regions : GovernedRegions,
            ScpLimits = ScpLimits with
            {
                MaxSize = overrides.MaxPolicySize ?? ScpLimits.MaxSize,
                MaxAttached = overrides.ScpSlots ?? ScpLimits.MaxAttached,
            },
            RcpLimits = RcpLimits with { MaxSize = overrides.MaxPolicySize ?? RcpLimits.MaxSize },
        };
    }

    /// <summary>Where the settings come from (organization.yaml), for diagnostics about them.</summary>
    public SourceLocation? Location { get; init; }

    /// <summary>
    /// The ARN patterns every generated deny exempts: the protected principals, the break-glass role and the extra
    /// exempt principals, in that order, without duplicates.
    /// </summary>
    public ImmutableArray<string> ProtectedPrincipalArns
    {
        get
        {
            var result = new List<string>(Principals.ProtectedRoleArns);
            if (!string.IsNullOrEmpty(BreakGlassRoleName))
            {
                result.Add($"arn:*:iam::*:role/{BreakGlassRoleName}");
            }

            result.AddRange(ExemptPrincipalArns);
            return [.. result.Where(a => a.Length > 0).Distinct(StringComparer.Ordinal)];
        }
    }

    /// <summary>The settings of a loaded definition: organization.yaml's settings plus its organization-level platform parameters.</summary>
    public static GovernanceSettings From(GovernanceDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var parameters = definition.Parameters;
        return definition.Organization with
        {
            BreakGlassRoleName = parameters.TryGetValue(PlatformParameterNames.BreakGlassRoleName, out var breakGlass) && breakGlass.Scalar.Length > 0 ? breakGlass.Scalar : null,
            AdminPermissionSetName = parameters.TryGetValue(AdminPermissionSetParameter, out var admin) && admin.Scalar.Length > 0 ? admin.Scalar : DefaultAdminPermissionSetName,
            ExemptPrincipalArns = parameters.TryGetValue(PlatformParameterNames.ExemptPrincipalArns, out var exempt)
                ? (exempt.Kind == ParameterValueKind.List ? exempt.Items : [exempt.Scalar])
                : [],
            FromDefinition = true,
        };
    }
}

/// <summary>Settings given on the command line (<c>validate --governed-regions --max-policy-size --scp-slots</c>); null or empty = keep.</summary>
public sealed record SettingsOverrides(ImmutableArray<string> GovernedRegions = default, int? MaxPolicySize = null, int? ScpSlots = null);

/// <summary>
/// Organization-level parameters the packager consumes itself rather than a single control: every generated deny
/// exempts the break-glass role and the extra exempt principals. They are read at organization level only, because an
/// exemption that differs per OU would split every policy document.
/// </summary>
public static class PlatformParameterNames
{
    public const string BreakGlassRoleName = "BreakGlassRoleName";

    public const string ExemptPrincipalArns = "ExemptPrincipalArns";

    public static bool IsPlatform(string name) => name is BreakGlassRoleName or ExemptPrincipalArns;
}
