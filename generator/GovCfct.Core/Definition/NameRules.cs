using System.Text.RegularExpressions;

namespace GovCfct.Core.Definition;

/// <summary>
/// The one set of name rules for everything people write: the definition, the catalog, the org lock and a CfCT
/// manifest. Each reader used to carry its own copy, and the copies drifted (a control id that the definition
/// accepted was refused by the catalog; <c>$</c> let a trailing newline through). Every pattern is anchored with
/// <c>\z</c>.
/// </summary>
public static partial class NameRules
{
    /// <summary>A control id: the catalog folder's name, lower-case letters, digits and '-', starting with a letter (it becomes part of CfCT resource names).</summary>
    public static bool IsControlId(string value) => ControlId().IsMatch(value);

    /// <summary>A CloudFormation parameter name: alphanumeric, starting with a letter, at most 255 characters.</summary>
    public static bool IsParameterName(string value) => ParameterName().IsMatch(value);

    /// <summary>A CfCT manifest resource name (CfCT's schema: <c>^[a-zA-Z][a-zA-Z0-9-]*$</c>); the length is checked where it matters.</summary>
    public static bool IsResourceName(string value) => ResourceName().IsMatch(value);

    /// <summary>The definition's resource prefix: starts every CfCT resource name, short so stack-set names stay under 128.</summary>
    public static bool IsResourcePrefix(string value) => ResourcePrefix().IsMatch(value);

    /// <summary>A region name's shape (whether AWS has it is <see cref="AwsRegions.IsKnown"/>).</summary>
    public static bool IsRegionName(string value) => RegionName().IsMatch(value);

    /// <summary>Organizations' longest OU name.</summary>
    public const int MaxOuNameLength = 128;

    /// <summary>
    /// The one OU-name rule: null when CfCT can address the OU by <paramref name="name"/>; otherwise what is wrong. CfCT
    /// separates nested OUs with ':' in its manifest paths, trims what it reads and reserves 'Root' for the organization
    /// root; Organizations allows 1 to 128 characters.
    /// </summary>
    public static string? OuNameProblem(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length is 0 or > MaxOuNameLength)
        {
            return $"must be 1 to {MaxOuNameLength} characters";
        }

        if (name.Contains(':', StringComparison.Ordinal))
        {
            return "must not contain ':' (CfCT separates nested OUs with ':')";
        }

        if (name == OuNode.RootName)
        {
            return "must not be 'Root' (CfCT reserves it for the organization root)";
        }

        return name.Trim().Length != name.Length ? "must not start or end with spaces" : null;
    }

    /// <summary>Organizations' AccountId: 12 digits.</summary>
    public static bool IsAccountId(string value) => AccountId().IsMatch(value);

    /// <summary>Organizations' OrganizationId.</summary>
    public static bool IsOrganizationId(string value) => OrganizationId().IsMatch(value);

    /// <summary>Organizations' RootId.</summary>
    public static bool IsRootId(string value) => RootId().IsMatch(value);

    /// <summary>Organizations' OrganizationalUnitId.</summary>
    public static bool IsOuId(string value) => OuId().IsMatch(value);

    /// <summary>A Control Catalog control identifier (the last part of <c>arn:aws:controlcatalog:::control/…</c>).</summary>
    public static bool IsControlCatalogIdentifier(string value) => ControlCatalogIdentifier().IsMatch(value);

    [GeneratedRegex(@"^[a-z][a-z0-9-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex ControlId();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9]{0,254}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ParameterName();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex ResourceName();

    [GeneratedRegex(@"^[A-Za-z](?:[A-Za-z0-9-]{0,18}[A-Za-z0-9])?\z", RegexOptions.CultureInvariant)]
    private static partial Regex ResourcePrefix();

    [GeneratedRegex(@"^[a-z]{2}(-[a-z]+)+-[0-9]\z", RegexOptions.CultureInvariant)]
    private static partial Regex RegionName();

    // Organizations' id patterns (organizations.service-2.json: AccountId, OrganizationId, RootId, OrganizationalUnitId).
    [GeneratedRegex(@"^[0-9]{12}\z", RegexOptions.CultureInvariant)]
    private static partial Regex AccountId();

    [GeneratedRegex(@"^o-[a-z0-9]{10,32}\z", RegexOptions.CultureInvariant)]
    private static partial Regex OrganizationId();

    [GeneratedRegex(@"^r-[0-9a-z]{4,32}\z", RegexOptions.CultureInvariant)]
    private static partial Regex RootId();

    [GeneratedRegex(@"^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}\z", RegexOptions.CultureInvariant)]
    private static partial Regex OuId();

    [GeneratedRegex(@"^[a-z0-9]{20,32}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ControlCatalogIdentifier();
}
