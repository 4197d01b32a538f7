namespace GovCfct.Core.Diagnostics;

/// <summary>Codes of the definition stage (GCF1000-1199); each is documented in docs/diagnostics/definition.md.</summary>
public static partial class DiagnosticCodes
{
    /// <summary>The definition folder or its organization.yaml does not exist.</summary>
    public const string DefinitionNotFound = "GCF1000";

    /// <summary>A file is not well-formed YAML.</summary>
    public const string MalformedYaml = "GCF1001";

    /// <summary>A mapping holds a key the format does not know (usually a typo).</summary>
    public const string UnknownKey = "GCF1002";

    /// <summary>A mapping holds the same key twice; YAML would silently keep only one.</summary>
    public const string DuplicateKey = "GCF1003";

    /// <summary>A value has the wrong YAML type (e.g. a list where a string is expected).</summary>
    public const string WrongType = "GCF1004";

    /// <summary>A required key is missing or empty.</summary>
    public const string MissingRequired = "GCF1005";

    /// <summary>A file holds more than one YAML document.</summary>
    public const string MultipleDocuments = "GCF1006";

    /// <summary>An OU name Organizations or CfCT cannot take (empty, longer than 128, contains ':', or 'Root').</summary>
    public const string InvalidOuName = "GCF1010";

    /// <summary>The same OU path is defined twice.</summary>
    public const string DuplicateOuPath = "GCF1011";

    /// <summary>A file's parent names an OU no file defines.</summary>
    public const string UnknownParent = "GCF1012";

    /// <summary>A file's parent names an OU the file itself defines (or one below it).</summary>
    public const string ParentCycle = "GCF1013";

    /// <summary>An OU is deeper than the five levels Organizations allows below Root.</summary>
    public const string OuTooDeep = "GCF1014";

    /// <summary>An exemption (opt-out) has no written reason.</summary>
    public const string ExemptionWithoutReason = "GCF1015";

    /// <summary>One OU assigns the same control twice.</summary>
    public const string DuplicateControl = "GCF1016";

    /// <summary>An account id is not a quoted 12-digit string.</summary>
    public const string InvalidAccountId = "GCF1017";

    /// <summary>The same account id appears twice in the definition.</summary>
    public const string DuplicateAccountId = "GCF1018";

    /// <summary>A region name is not a known AWS region.</summary>
    public const string UnknownRegion = "GCF1019";

    /// <summary>The resource prefix cannot start a CfCT resource name.</summary>
    public const string InvalidResourcePrefix = "GCF1020";

    /// <summary>Policy limits are out of range (e.g. reserved slots not below the maximum).</summary>
    public const string InvalidPolicyLimits = "GCF1021";

    /// <summary>The Control Tower home region is not among the governed regions.</summary>
    public const string HomeRegionNotGoverned = "GCF1022";

    /// <summary>A parameter name is not a valid CloudFormation parameter name.</summary>
    public const string InvalidParameterName = "GCF1023";

    /// <summary>A control id is not in the catalog's id form (lower-case letters, digits, '-').</summary>
    public const string InvalidControlId = "GCF1024";

    /// <summary>One OU exempts the same control twice.</summary>
    public const string DuplicateExemption = "GCF1025";

    /// <summary>A region is listed twice in governed_regions.</summary>
    public const string DuplicateRegion = "GCF1026";

    /// <summary>A <c>.yml</c> (or upper-case <c>.YAML</c>) file under ous/: an error, because skipping it would drop its OUs without a word.</summary>
    public const string IgnoredFile = "GCF1027";

    /// <summary>A definition, catalog or manifest file is not UTF-8 (Shift_JIS, Latin-1); reported at the first invalid byte.</summary>
    public const string NotUtf8 = "GCF1028";
    /// <summary>The definition defines no OU (no ous/ folder, or no OU in it): it would build an empty package.</summary>
    public const string NoOus = "GCF1030";

    /// <summary>The definition has more OUs than AWS Organizations allows in one organization (2,000).</summary>
    public const string OuQuotaExceeded = "GCF1031";

    /// <summary><c>landing_zone</c> is inconsistent: a missing management account, a role given to the wrong account, concurrency out of range.</summary>
    public const string InvalidLandingZone = "GCF1080";

    /// <summary>The org lock file (org-lock.yaml) is malformed: ids in the wrong form, an OU path twice.</summary>
    public const string InvalidOrgLock = "GCF1081";
}
