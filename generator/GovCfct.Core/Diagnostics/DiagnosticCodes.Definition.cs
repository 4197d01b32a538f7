namespace GovCfct.Core.Diagnostics;

/// <summary>Codes of the definition stage (GCF1000-1199); each is documented in docs/diagnostics/definition.md.</summary>
public static partial class DiagnosticCodes
{
    /// <summary>The definition folder or its organization.yaml does not exist.</summary>
    public static readonly DiagnosticDescriptor DefinitionNotFound = new(
        "GCF1000",
        Severity.Error,
        DiagnosticPage.Definition,
        "The definition folder does not exist, or has no `organization.yaml`.",
        "Point `--definition` at the folder holding `organization.yaml` and `ous/` (default `manifest/`).");

    /// <summary>A file is not well-formed YAML.</summary>
    public static readonly DiagnosticDescriptor MalformedYaml = new(
        "GCF1001",
        Severity.Error,
        DiagnosticPage.Definition,
        "A file is not well-formed YAML (bad indentation, an unclosed quote, a missing `:`).",
        "Fix the YAML near the reported position.");

    /// <summary>A mapping holds a key the format does not know (usually a typo).</summary>
    public static readonly DiagnosticDescriptor UnknownKey = new(
        "GCF1002",
        Severity.Error,
        DiagnosticPage.Definition,
        "A mapping holds a key the format does not know, usually a typo (`control:` for `controls:`). The message lists the allowed keys.",
        "Remove the key or fix its spelling.");

    /// <summary>A mapping holds the same key twice; YAML would silently keep only one.</summary>
    public static readonly DiagnosticDescriptor DuplicateKey = new(
        "GCF1003",
        Severity.Error,
        DiagnosticPage.Definition,
        "A mapping holds the same key twice; YAML would silently keep only one value. Reading the file stops there.",
        "Remove or merge the repeated key.");

    /// <summary>A value has the wrong YAML type (e.g. a list where a string is expected).</summary>
    public static readonly DiagnosticDescriptor WrongType = new(
        "GCF1004",
        Severity.Error,
        DiagnosticPage.Definition,
        "A value has the wrong type: a string where a list is expected, a quoted `\"yes\"` for a boolean, a null parameter value.",
        "Write the value in the type the message names (`\"\"` for an empty string, `[]` for an empty list).");

    /// <summary>A required key is missing or empty.</summary>
    public static readonly DiagnosticDescriptor MissingRequired = new(
        "GCF1005",
        Severity.Error,
        DiagnosticPage.Definition,
        "A required key is missing (`organization.name`, `home_region`, `resource_prefix`, a file's `parent` or `ous`, an OU's `name`, an account's `id` or `name`), or a required value is empty.",
        "Add the key with a value.");

    /// <summary>A file holds more than one YAML document.</summary>
    public static readonly DiagnosticDescriptor MultipleDocuments = new(
        "GCF1006",
        Severity.Error,
        DiagnosticPage.Definition,
        "A file holds more than one YAML document (`---`).",
        "Keep one document per file; split OUs across files instead.");

    /// <summary>An OU name Organizations or CfCT cannot take (empty, longer than 128, contains ':', or 'Root').</summary>
    public static readonly DiagnosticDescriptor InvalidOuName = new(
        "GCF1010",
        Severity.Error,
        DiagnosticPage.Definition,
        "An OU name Organizations or CfCT cannot take: empty or longer than 128 characters, containing `:`, `Root`, or starting or ending with spaces.",
        "Rename the OU.");

    /// <summary>The same OU path is defined twice.</summary>
    public static readonly DiagnosticDescriptor DuplicateOuPath = new(
        "GCF1011",
        Severity.Error,
        DiagnosticPage.Definition,
        "The same OU path is declared twice (in one file or in two); the message names the other place.",
        "Keep one declaration and merge the controls, parameters and accounts into it; add children from other files through `parent`.");

    /// <summary>A file's parent names an OU no file defines.</summary>
    public static readonly DiagnosticDescriptor UnknownParent = new(
        "GCF1012",
        Severity.Error,
        DiagnosticPage.Definition,
        "A file's `parent` is not an OU of the definition (a typo, a path starting with `Root:`, or an OU nobody declares).",
        "Write `Root` or the absolute path of an OU declared in another file, e.g. `Workloads:Ministries`.");

    /// <summary>A file's parent names an OU the file itself defines (or one below it).</summary>
    public static readonly DiagnosticDescriptor ParentCycle = new(
        "GCF1013",
        Severity.Error,
        DiagnosticPage.Definition,
        "A file's `parent` is declared only by the file itself, or by files that in turn wait on it: a cycle.",
        "Give each file the absolute path of an OU declared elsewhere (`Root` for top-level OUs) and move OUs into the file of their parent.");

    /// <summary>An OU is deeper than the five levels Organizations allows below Root.</summary>
    public static readonly DiagnosticDescriptor OuTooDeep = new(
        "GCF1014",
        Severity.Error,
        DiagnosticPage.Definition,
        "An OU is deeper than the five levels Organizations allows below Root.",
        "Flatten the tree: move the OU and its children higher up.");

    /// <summary>An exemption (opt-out) has no written reason.</summary>
    public static readonly DiagnosticDescriptor ExemptionWithoutReason = new(
        "GCF1015",
        Severity.Error,
        DiagnosticPage.Definition,
        "An exemption (opt-out) has no `reason`, or a blank one.",
        "Add a `reason` saying why the OU opts out; it is kept in the build report.");

    /// <summary>One OU assigns the same control twice.</summary>
    public static readonly DiagnosticDescriptor DuplicateControl = new(
        "GCF1016",
        Severity.Error,
        DiagnosticPage.Definition,
        "One OU assigns the same control twice.",
        "Keep one assignment and merge its parameters.");

    /// <summary>An account id is not a quoted 12-digit string.</summary>
    public static readonly DiagnosticDescriptor InvalidAccountId = new(
        "GCF1017",
        Severity.Error,
        DiagnosticPage.Definition,
        "An account id is not exactly 12 digits, or is not quoted (YAML reads unquoted digits as a number and drops leading zeros).",
        "Write the id in quotes: `id: \"012345678901\"`.");

    /// <summary>The same account id appears twice in the definition.</summary>
    public static readonly DiagnosticDescriptor DuplicateAccountId = new(
        "GCF1018",
        Severity.Error,
        DiagnosticPage.Definition,
        "The same account id is listed twice in the definition: twice among the OUs' `accounts` (an account lives in exactly one OU), or twice among `management_account` and `accounts` of organization.yaml.",
        "Keep the entry under the OU that holds the account; name each account once in organization.yaml.");

    /// <summary>A region name is not a known AWS region.</summary>
    public static readonly DiagnosticDescriptor UnknownRegion = new(
        "GCF1019",
        Severity.Error,
        DiagnosticPage.Definition,
        "A region name (`home_region`, `governed_regions`) is not an AWS region.",
        "Use a region code such as `ap-northeast-1` (Tokyo) or `ap-northeast-3` (Osaka). New regions are added to `AwsRegions` when AWS opens them.");

    /// <summary>The resource prefix cannot start a CfCT resource name.</summary>
    public static readonly DiagnosticDescriptor InvalidResourcePrefix = new(
        "GCF1020",
        Severity.Error,
        DiagnosticPage.Definition,
        "`resource_prefix` cannot start a CfCT resource name.",
        "Use 1-20 letters, digits or `-`, starting with a letter and not ending with `-` (e.g. `gc`).");

    /// <summary>Policy limits are out of range (e.g. reserved slots not below the maximum).</summary>
    public static readonly DiagnosticDescriptor InvalidPolicyLimits = new(
        "GCF1021",
        Severity.Error,
        DiagnosticPage.Definition,
        "`scp_limits` or `rcp_limits` leave no slot for our policies (`reserved` not below `max_attached`), or a value is below 1.",
        "Set `max_attached` above `reserved` and `max_size` to at least 1; check the organization's quota.");

    /// <summary>The Control Tower home region is not among the governed regions.</summary>
    public static readonly DiagnosticDescriptor HomeRegionNotGoverned = new(
        "GCF1022",
        Severity.Error,
        DiagnosticPage.Definition,
        "The Control Tower home region is not in `governed_regions`.",
        "Add the home region to `governed_regions`: Control Tower always governs it.");

    /// <summary>A parameter name is not a valid CloudFormation parameter name.</summary>
    public static readonly DiagnosticDescriptor InvalidParameterName = new(
        "GCF1023",
        Severity.Error,
        DiagnosticPage.Definition,
        "A parameter name is not a CloudFormation parameter name.",
        "Use letters and digits only, starting with a letter (`NotificationEmail`).");

    /// <summary>A control id is not in the catalog's id form (lower-case letters, digits, '-').</summary>
    public static readonly DiagnosticDescriptor InvalidControlId = new(
        "GCF1024",
        Severity.Error,
        DiagnosticPage.Definition,
        "A control id is not in the catalog's form (lower-case letters, digits, `-`). Whether the id exists is checked when the definition is resolved.",
        "Use the catalog folder name (`govcfct controls`), e.g. `deny-regions`.");

    /// <summary>One OU exempts the same control twice.</summary>
    public static readonly DiagnosticDescriptor DuplicateExemption = new(
        "GCF1025",
        Severity.Error,
        DiagnosticPage.Definition,
        "One OU exempts the same control twice.",
        "Keep one exemption.");

    /// <summary>A region is listed twice in governed_regions.</summary>
    public static readonly DiagnosticDescriptor DuplicateRegion = new(
        "GCF1026",
        Severity.Error,
        DiagnosticPage.Definition,
        "A region is listed twice in `governed_regions`.",
        "Remove the repeated region.");

    /// <summary>A <c>.yml</c> (or upper-case <c>.YAML</c>) file under ous/: an error, because skipping it would drop its OUs without a word.</summary>
    public static readonly DiagnosticDescriptor IgnoredFile = new(
        "GCF1027",
        Severity.Error,
        DiagnosticPage.Definition,
        "A `.yml` (or `.YAML`, `.Yml`…) file under `ous/`: only `*.yaml` files are read, and skipping it would drop its OUs, their SCPs and stack sets from the package without a word. Files with other extensions (notes, `README.md`) are not OU files and are left alone.",
        "Rename the file to `.yaml`.");

    /// <summary>A definition, catalog or manifest file is not UTF-8 (Shift_JIS, Latin-1); reported at the first invalid byte.</summary>
    public static readonly DiagnosticDescriptor NotUtf8 = new(
        "GCF1028",
        Severity.Error,
        DiagnosticPage.Definition,
        "A file is not UTF-8: Shift_JIS (common from Japanese Windows editors) or Latin-1. Reported at the line and column of the first byte that is not UTF-8; the same rule applies to `templates/*/control.yaml` and a package's `manifest.yaml`. A UTF-8 BOM is accepted.",
        "Save the file as UTF-8 (`iconv -f SHIFT_JIS -t UTF-8 FILE > FILE.new`, or the editor's \"Save with encoding\").");
    /// <summary>The definition defines no OU (no ous/ folder, or no OU in it): it would build an empty package.</summary>
    public static readonly DiagnosticDescriptor NoOus = new(
        "GCF1030",
        Severity.Error,
        DiagnosticPage.Definition,
        "The definition defines no OU: there is no `ous/` folder, or no OU in it. An empty definition would build an empty manifest, and publishing it would remove every stack set CfCT manages.",
        "Add `ous/<name>.yaml` files (`parent: Root`, `ous:`); see [../definition.md](../definition.md).");

    /// <summary>The definition has more OUs than AWS Organizations allows in one organization (2,000).</summary>
    public static readonly DiagnosticDescriptor OuQuotaExceeded = new(
        "GCF1031",
        Severity.Error,
        DiagnosticPage.Definition,
        "The definition has more OUs than the organization's quota: `organization.max_ous`, by default 2,000, AWS Organizations' default quota of OUs per organization. Reading stops at the file that crosses it, so a runaway definition fails in seconds instead of exhausting memory.",
        "Check for generated or duplicated files under `ous/`; if AWS raised your organization's OU quota, set `max_ous` to it.");

    /// <summary><c>landing_zone</c> is inconsistent: a missing management account, a role given to the wrong account, concurrency out of range.</summary>
    public static readonly DiagnosticDescriptor InvalidLandingZone = new(
        "GCF1080",
        Severity.Error,
        DiagnosticPage.Definition,
        "`landing_zone` is inconsistent: `management_account` is missing (Control Tower controls and the organization trail's alarms live there), the audit or log archive account is the management account or both are the same account, `max_concurrent_control_operations` is outside 1-10, `detective_mechanism` is not `auto`, `organization` or `control_tower`, or `max_control_tower_detective_enablements` is outside 0-500.",
        "Give the landing zone's real account ids (docs/landing-zone.md); keep the concurrency within Control Tower's 10 operations.");

    /// <summary>The org lock file (org-lock.yaml) is malformed: ids in the wrong form, an OU path twice.</summary>
    public static readonly DiagnosticDescriptor InvalidOrgLock = new(
        "GCF1081",
        Severity.Error,
        DiagnosticPage.Definition,
        "`org-lock.yaml` is malformed: an organization, root, account or OU id not in Organizations' form, or an OU path locked twice.",
        "Regenerate it with `govcfct org lock --org <snapshot> --out manifest/org-lock.yaml` instead of editing it.");

    /// <summary>A parameter derived from the landing zone or the org lock is given with another value.</summary>
    public static readonly DiagnosticDescriptor LandingZoneParameterMismatch = new(
        "GCF1082",
        Severity.Error,
        DiagnosticPage.Definition,
        "A parameter whose value the definition already states elsewhere is given with another value: `AlertAccountId` and `SecurityAdminAccountId` are `landing_zone.audit_account`, `ManagementAccountId` is `management_account.id`, `OrganizationId` is the `organization_id` of `org-lock.yaml`. A central bus, delegated administrator or trust policy pointed at another account fails only in the real landing zone.",
        "Remove the parameter: the build derives it (docs/definition.md, \"Derived parameters\").");

    /// <summary>A management-account-only control (a GuardDuty detector, a Security Hub hub) is assigned to an OU or a member account.</summary>
    public static readonly DiagnosticDescriptor ManagementAccountOnlyControl = new(
        "GCF1060",
        Severity.Error,
        DiagnosticPage.Definition,
        "A control the catalog marks `management_account_only` (`guardduty`, `security-hub`: see `govcfct controls`) is assigned to an OU or to an account other than the management account. Its stack set would create a GuardDuty detector or a Security Hub hub in member accounts, where the delegated administrator already owns them: every stack instance fails, and `validate PACKAGE` and `publish` refuse the package (GCF2901). Reported at the assignment.",
        "Remove the assignment; configure the service organization-wide from the Audit account (`guardduty-organization`, `security-hub-central`), or assign the control under `management_account`.");

    /// <summary>An OU marked <c>holds_accounts: false</c> holds accounts: in its own <c>accounts:</c>, in the org lock or in the organization snapshot.</summary>
    public static readonly DiagnosticDescriptor OuHoldsAccountsContradicted = new(
        "GCF1061",
        Severity.Error,
        DiagnosticPage.Definition,
        "An OU marked `holds_accounts: false` (which answers GCF1407: an SCP/RCP attached to its children instead loses nothing) holds accounts directly: it lists them under `accounts:`, the org lock (`org-lock.yaml`, `holds_accounts: true`) says so, or the organization snapshot (`validate --org`, `plan`) has an account in it. Those accounts would go without the policy.",
        "Move the accounts into a child OU, or remove `holds_accounts: false` and settle GCF1407 (give every child the same control and values); after moving accounts, run `govcfct org lock` again.");

    /// <summary><c>left_to_control_tower</c> is blank.</summary>
    public static readonly DiagnosticDescriptor LeftToControlTowerWithoutReason = new(
        "GCF1062",
        Severity.Error,
        DiagnosticPage.Definition,
        "`left_to_control_tower` of an OU is blank. It states that Control Tower alone governs the OU's accounts (plan does not count them in GCF3134), and reviewers read the reason in the plan.",
        "Write why, e.g. `left_to_control_tower: Control Tower's mandatory controls govern the Audit and Log Archive accounts.`");

    /// <summary>`build --out` names a folder GovCfct must not replace: not a package it wrote, or one holding the definition, the templates, the working directory or a git repository.</summary>
    public static readonly DiagnosticDescriptor OutputFolderNotOurs = new(
        "GCF1040",
        Severity.Error,
        DiagnosticPage.Definition,
        "`build --out` would replace a folder GovCfct did not write: it is not empty and holds no `report/build-report.md` of a GovCfct build, or it is (or contains) the working directory, a git repository's root, the definition folder or the templates folder. `build` replaces its output as a whole, so nothing was written.",
        "Point `--out` at a new folder or at an earlier build's output (e.g. `out`); `--force` replaces the folder anyway.");

    /// <summary>The definition holds a value GovCfct's shipped definition holds as a placeholder (build warns; validate and publish refuse with GCF2086).</summary>
    public static readonly DiagnosticDescriptor ShippedPlaceholderBuilt = new(
        "GCF1050",
        Severity.Warning,
        DiagnosticPage.Definition,
        "The definition still holds a value the definition GovCfct ships holds as a placeholder: a sample account id (`111122223333`, `210987654321`, `012345678901`, the OUs' sample ids), an id of the example organization (`o-0example000`, `r-0exa`, `ou-0exa-...`), an account-vending id (`prod-replaceme000000`, `pa-replaceme000000`, `port-replaceme000000`, `ssoins-0000replaceme000`, `d-0000000000`) or an address at `govcloud.example.com`. `build` only warns, so the shipped definition builds; `validate` and `publish` refuse it (GCF2086).",
        "Replace it with the organization's own value (docs/definition.md, \"Values to replace\").");

    /// <summary>The org lock is the example GovCfct ships (build warns; validate and publish refuse with GCF2087).</summary>
    public static readonly DiagnosticDescriptor ExampleOrgLockBuilt = new(
        "GCF1051",
        Severity.Warning,
        DiagnosticPage.Definition,
        "`org-lock.yaml` is the example GovCfct ships (`example: true`): its organization, root and OU ids belong to no organization. `build` only warns; `validate` and `publish` refuse it (GCF2087).",
        "Regenerate it from the organization: `govcfct org snapshot --out org.json`, then `govcfct org lock --org org.json --out manifest/org-lock.yaml`.");
}
