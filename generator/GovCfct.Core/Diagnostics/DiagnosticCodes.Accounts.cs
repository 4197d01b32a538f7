namespace GovCfct.Core.Diagnostics;

/// <summary>Account request (CSV) codes (GCF6000-6199), documented in docs/diagnostics/accounts.md.</summary>
public static partial class DiagnosticCodes
{
    /// <summary>The CSV file is not valid UTF-8.</summary>
    public static readonly DiagnosticDescriptor AccountCsvEncoding = new(
        "GCF6001",
        Severity.Error,
        DiagnosticPage.Accounts,
        "the file is not valid UTF-8 (for example Shift_JIS from Excel's plain \"CSV\")",
        "save as \"CSV UTF-8\"; a BOM is fine");

    /// <summary>A quote is misplaced or never closed (RFC 4180).</summary>
    public static readonly DiagnosticDescriptor AccountCsvMalformed = new(
        "GCF6002",
        Severity.Error,
        DiagnosticPage.Accounts,
        "a quote is never closed, text follows a closing quote, or a quote stands inside an unquoted value (RFC 4180)",
        "quote the whole value and double inner quotes: `\"a \"\"b\"\"\"`");

    /// <summary>The CSV has no header row or no request rows.</summary>
    public static readonly DiagnosticDescriptor AccountCsvEmpty = new(
        "GCF6003",
        Severity.Error,
        DiagnosticPage.Accounts,
        "the file has no header row, or a header but no request rows",
        "start with the header row and add one row per account");

    /// <summary>A required column is missing from the header row.</summary>
    public static readonly DiagnosticDescriptor AccountCsvMissingColumn = new(
        "GCF6004",
        Severity.Error,
        DiagnosticPage.Accounts,
        "a required column is missing from the header (names are case-sensitive)",
        "add it: `AccountName,AccountEmail,OrganizationalUnit,AdminEmail,AdminFirstName,AdminLastName`");

    /// <summary>A column name appears twice in the header row.</summary>
    public static readonly DiagnosticDescriptor AccountCsvDuplicateColumn = new(
        "GCF6005",
        Severity.Error,
        DiagnosticPage.Accounts,
        "a column name appears twice in the header",
        "keep one column of each name");

    /// <summary>A header column GovCfct does not know; its values are ignored.</summary>
    public static readonly DiagnosticDescriptor AccountCsvUnknownColumn = new(
        "GCF6006",
        Severity.Warning,
        DiagnosticPage.Accounts,
        "a header column GovCfct does not know; its values are ignored (the hint names a column that differs only in case)",
        "remove or rename it; notes columns may stay");

    /// <summary>A row has a different number of fields than the header.</summary>
    public static readonly DiagnosticDescriptor AccountCsvFieldCount = new(
        "GCF6007",
        Severity.Error,
        DiagnosticPage.Accounts,
        "a row has a different number of fields than the header",
        "quote values containing commas; give every row one value per column");

    /// <summary>A required value is empty.</summary>
    public static readonly DiagnosticDescriptor AccountValueMissing = new(
        "GCF6010",
        Severity.Error,
        DiagnosticPage.Accounts,
        "a required value is empty",
        "fill it in");

    /// <summary>An e-mail address Organizations or Identity Center would reject.</summary>
    public static readonly DiagnosticDescriptor AccountEmailInvalid = new(
        "GCF6011",
        Severity.Error,
        DiagnosticPage.Accounts,
        "`AccountEmail` or `AdminEmail` is not an address AWS accepts: 6-64 ASCII characters, one `@`, a domain with a dot, no spaces or `\"'()<>[]:;,|%&` in the local part",
        "correct the address");

    /// <summary>Two rows request the same account name (compared case-insensitively).</summary>
    public static readonly DiagnosticDescriptor AccountNameDuplicate = new(
        "GCF6012",
        Severity.Error,
        DiagnosticPage.Accounts,
        "two rows request the same account name (ignoring case)",
        "give each account a distinct name");

    /// <summary>Two rows use the same account e-mail address.</summary>
    public static readonly DiagnosticDescriptor AccountEmailDuplicate = new(
        "GCF6013",
        Severity.Error,
        DiagnosticPage.Accounts,
        "two rows use the same account e-mail address",
        "every AWS account needs its own address");

    /// <summary>The account name already exists in the organization (compared case-insensitively).</summary>
    public static readonly DiagnosticDescriptor AccountNameExists = new(
        "GCF6014",
        Severity.Error,
        DiagnosticPage.Accounts,
        "the name matches an existing account of the snapshot or the definition, ignoring case; CfCT's account matching would confuse them",
        "choose a name no account uses in any letter case");

    /// <summary>The account e-mail address already belongs to an account of the organization.</summary>
    public static readonly DiagnosticDescriptor AccountEmailExists = new(
        "GCF6015",
        Severity.Error,
        DiagnosticPage.Accounts,
        "the account e-mail already belongs to an account of the snapshot or the definition",
        "use an unused address");

    /// <summary>A 12-digit account name, which CfCT's account matching would take for an account id.</summary>
    public static readonly DiagnosticDescriptor AccountNameLooksLikeId = new(
        "GCF6016",
        Severity.Error,
        DiagnosticPage.Accounts,
        "the account name is 12 digits; CfCT reads 12-digit entries of a manifest's `accounts` as account ids",
        "add letters to the name");

    /// <summary>An account name Organizations rejects (1-50 printable ASCII characters).</summary>
    public static readonly DiagnosticDescriptor AccountNameInvalid = new(
        "GCF6017",
        Severity.Error,
        DiagnosticPage.Accounts,
        "the account name is not 1-50 printable ASCII characters (Organizations' `CreateAccount` rule), or, with spaces as hyphens, not a provisioned product name Service Catalog accepts (`[a-zA-Z0-9][a-zA-Z0-9._-]*`); Japanese account names are rejected by AWS",
        "use a romanized name of letters, digits, spaces, `.`, `_` and `-`; put Japanese text in the Admin names or a tag");

    /// <summary>The OU path is not in CfCT's form or not declared in the definition.</summary>
    public static readonly DiagnosticDescriptor AccountOuUnknown = new(
        "GCF6020",
        Severity.Error,
        DiagnosticPage.Accounts,
        "the OU path is not declared in the definition, starts with `Root`, or is a bare name of a nested OU (the hint names the likely full path)",
        "write the full path in CfCT's form: `Workloads:Municipalities:Tokyo`");

    /// <summary>The OU exists in the definition but not in the organization snapshot.</summary>
    public static readonly DiagnosticDescriptor AccountOuNotInOrganization = new(
        "GCF6021",
        Severity.Error,
        DiagnosticPage.Accounts,
        "the OU is in the definition but not in the organization snapshot",
        "create the OU and register it with Control Tower, then take a new snapshot (`govcfct org snapshot`)");

    /// <summary>The OU receives no control: a new account there would be ungoverned.</summary>
    public static readonly DiagnosticDescriptor AccountOuUngoverned = new(
        "GCF6022",
        Severity.Error,
        DiagnosticPage.Accounts,
        "no control applies at the OU (none assigned there or above, or all exempted): the account would be ungoverned",
        "choose a governed OU, or assign controls to the OU in the definition");

    /// <summary>A Tags cell is not <c>key=value;key=value</c> or repeats a key.</summary>
    public static readonly DiagnosticDescriptor AccountTagsInvalid = new(
        "GCF6030",
        Severity.Error,
        DiagnosticPage.Accounts,
        "a `Tags` cell is not `key=value;key=value`, or repeats a key",
        "write tags as `key=value;key=value`, each key once");

    /// <summary>A PermissionSet value Identity Center would reject.</summary>
    public static readonly DiagnosticDescriptor AccountPermissionSetInvalid = new(
        "GCF6031",
        Severity.Error,
        DiagnosticPage.Accounts,
        "`PermissionSet` is not a valid Identity Center permission set name (1-32 of letters, digits, `+=,.@-_`)",
        "name an existing permission set, or leave it empty for the organization's `AdminPermissionSetName`");

    /// <summary><c>status --account ID</c> names an account the organization does not have.</summary>
    public static readonly DiagnosticDescriptor StatusAccountNotInOrganization = new(
        "GCF6050",
        Severity.Error,
        DiagnosticPage.Accounts,
        "`status --account` names an account the organization snapshot does not have, so no account would be reported",
        "check the 12-digit id (`aws organizations describe-account --account-id ID`); an account created or invited since the snapshot appears after `govcfct org snapshot`");

    /// <summary><c>status --account ID</c> names an account of the organization that status judges nothing in.</summary>
    public static readonly DiagnosticDescriptor StatusAccountNotJudged = new(
        "GCF6051",
        Severity.Warning,
        DiagnosticPage.Accounts,
        "`status --account` names an account of the organization that status judges nothing in: it is not ACTIVE, or it is the management account and the package deploys nothing there",
        "nothing to do for a suspended or closed account; for the management account, assign controls under `management_account` if it should have some");
}
