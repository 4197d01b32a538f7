namespace GovCfct.Core.Diagnostics;

/// <summary>Account request (CSV) codes (GCF6000-6199), documented in docs/diagnostics/accounts.md.</summary>
public static partial class DiagnosticCodes
{
    /// <summary>The CSV file is not valid UTF-8.</summary>
    public const string AccountCsvEncoding = "GCF6001";

    /// <summary>A quote is misplaced or never closed (RFC 4180).</summary>
    public const string AccountCsvMalformed = "GCF6002";

    /// <summary>The CSV has no header row or no request rows.</summary>
    public const string AccountCsvEmpty = "GCF6003";

    /// <summary>A required column is missing from the header row.</summary>
    public const string AccountCsvMissingColumn = "GCF6004";

    /// <summary>A column name appears twice in the header row.</summary>
    public const string AccountCsvDuplicateColumn = "GCF6005";

    /// <summary>A header column GovCfct does not know; its values are ignored.</summary>
    public const string AccountCsvUnknownColumn = "GCF6006";

    /// <summary>A row has a different number of fields than the header.</summary>
    public const string AccountCsvFieldCount = "GCF6007";

    /// <summary>A required value is empty.</summary>
    public const string AccountValueMissing = "GCF6010";

    /// <summary>An e-mail address Organizations or Identity Center would reject.</summary>
    public const string AccountEmailInvalid = "GCF6011";

    /// <summary>Two rows request the same account name (compared case-insensitively).</summary>
    public const string AccountNameDuplicate = "GCF6012";

    /// <summary>Two rows use the same account e-mail address.</summary>
    public const string AccountEmailDuplicate = "GCF6013";

    /// <summary>The account name already exists in the organization (compared case-insensitively).</summary>
    public const string AccountNameExists = "GCF6014";

    /// <summary>The account e-mail address already belongs to an account of the organization.</summary>
    public const string AccountEmailExists = "GCF6015";

    /// <summary>A 12-digit account name, which CfCT's account matching would take for an account id.</summary>
    public const string AccountNameLooksLikeId = "GCF6016";

    /// <summary>An account name Organizations rejects (1-50 printable ASCII characters).</summary>
    public const string AccountNameInvalid = "GCF6017";

    /// <summary>The OU path is not in CfCT's form or not declared in the definition.</summary>
    public const string AccountOuUnknown = "GCF6020";

    /// <summary>The OU exists in the definition but not in the organization snapshot.</summary>
    public const string AccountOuNotInOrganization = "GCF6021";

    /// <summary>The OU receives no control: a new account there would be ungoverned.</summary>
    public const string AccountOuUngoverned = "GCF6022";

    /// <summary>A Tags cell is not <c>key=value;key=value</c> or repeats a key.</summary>
    public const string AccountTagsInvalid = "GCF6030";

    /// <summary>A PermissionSet value Identity Center would reject.</summary>
    public const string AccountPermissionSetInvalid = "GCF6031";
}
