namespace GovCfct.Core.Diagnostics;

/// <summary>Codes of <c>govcfct validate</c> (GCF2000-2999); each is documented in docs/diagnostics/validation.md.</summary>
public static partial class DiagnosticCodes
{
    // Input and YAML schema (GCF2000-2009)
    public const string ManifestMissing = "GCF2000";
    public const string ManifestYamlSyntax = "GCF2001";
    public const string ManifestUnknownKey = "GCF2002";
    public const string ManifestWrongType = "GCF2003";
    public const string ManifestVersionInvalid = "GCF2004";
    public const string ManifestDeployMethodInvalid = "GCF2005";
    public const string ManifestRequiredKeyMissing = "GCF2006";
    public const string ManifestVersionLegacy = "GCF2007";

    // Names (GCF2010-2019)
    public const string NameInvalid = "GCF2010";
    public const string NameTooLong = "GCF2011";
    public const string NameDuplicate = "GCF2012";
    public const string NameClashesWithOrgPolicy = "GCF2013";

    // Files (GCF2020-2029)
    public const string FileMissing = "GCF2020";
    public const string FileValueQuoted = "GCF2021";
    public const string FileValueNotThirdField = "GCF2022";
    public const string FileKeyFirstInListItem = "GCF2023";
    public const string LocalPathLooksRemote = "GCF2024";
    public const string NotATemplateUnderTemplates = "GCF2025";
    public const string FileMarkerElsewhere = "GCF2026";
    public const string ParameterFileInvalid = "GCF2027";
    public const string RemoteFileNotChecked = "GCF2028";

    // Parameters (GCF2030-2039)
    public const string ParametersAndParameterFile = "GCF2030";
    public const string ParameterValueConverted = "GCF2031";
    public const string ParameterValueComma = "GCF2032";
    public const string ParameterNotDeclared = "GCF2033";
    public const string ParameterNotSupplied = "GCF2034";
    public const string ParameterTokenSyntax = "GCF2035";
    public const string ParameterTokenUnknown = "GCF2036";
    public const string ParameterOnPolicy = "GCF2037";
    public const string ParameterValueSplit = "GCF2038";
    public const string ParameterValueRejected = "GCF2039";

    // Targets (GCF2040-2049)
    public const string TargetsEmpty = "GCF2040";
    public const string TargetsRootWithOthers = "GCF2041";
    public const string TargetsAccountsOnPolicy = "GCF2042";
    public const string AccountIdUnquoted = "GCF2043";
    public const string AccountIdMalformed = "GCF2044";
    public const string OuNotFound = "GCF2045";
    public const string OuBareNameOfNestedOu = "GCF2046";
    public const string OuCaseMismatch = "GCF2047";
    public const string AccountNotFound = "GCF2048";
    public const string OuIdNotSupported = "GCF2049";

    // Regions (GCF2050-2059)
    public const string RegionUnknown = "GCF2050";
    public const string RegionNotGoverned = "GCF2051";
    public const string RegionDuplicate = "GCF2052";
    public const string RegionsOnPolicy = "GCF2053";

    // Policies (GCF2060-2069); the documents themselves are checked by the Policies stage (GCF17xx)
    public const string PolicySlotsExceeded = "GCF2066";
    public const string PolicyDescriptionTooLong = "GCF2069";

    // Templates and cfn-lint (GCF2070-2079)
    public const string TemplateUnreadable = "GCF2070";
    public const string TemplateStructure = "GCF2071";
    public const string CfnLintError = "GCF2072";
    public const string CfnLintWarning = "GCF2073";
    public const string CfnLintMissing = "GCF2074";
    public const string CfnLintFailed = "GCF2075";
    public const string CfnLintInfo = "GCF2076";
    public const string CfnLintHidden = "GCF2077";

    // CfCT hazards (GCF2080-2089)
    public const string ScpRemovedNeverDetached = "GCF2080";
    public const string StackSetRemovedNotDeleted = "GCF2081";
    public const string ExportOutputsMultiInstance = "GCF2082";
    public const string DescriptionMissing = "GCF2083";
    public const string ExportOutputUndeclared = "GCF2084";
    public const string PlaceholderLeft = "GCF2085";

    // Inputs beside the package (GCF2090-2099)
    public const string PreviousPackageInvalid = "GCF2091";
}
