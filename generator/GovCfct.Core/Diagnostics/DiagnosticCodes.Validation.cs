namespace GovCfct.Core.Diagnostics;

/// <summary>Codes of <c>govcfct validate</c> (GCF2000-2999); each is documented in docs/diagnostics/validation.md.</summary>
public static partial class DiagnosticCodes
{
    // Input and YAML schema (GCF2000-2009)
    public static readonly DiagnosticDescriptor ManifestMissing = new(
        "GCF2000",
        Severity.Error,
        DiagnosticPage.Validation,
        "no `manifest.yaml` at the root or in `custom-control-tower-configuration/` (of the folder or the zip), or it cannot be read; a zip that is not one",
        "point `validate` at the package root, its parent, the S3 source zip, or a definition folder (with `organization.yaml`)");

    public static readonly DiagnosticDescriptor ManifestYamlSyntax = new(
        "GCF2001",
        Severity.Error,
        DiagnosticPage.Validation,
        "`manifest.yaml` is not valid YAML (position of the first syntax error, duplicate keys included)",
        "fix the YAML there; CfCT's Build stage fails on it");

    public static readonly DiagnosticDescriptor ManifestUnknownKey = new(
        "GCF2002",
        Severity.Error,
        DiagnosticPage.Validation,
        "a key that CfCT's v2 schema does not define (maps are closed)",
        "remove or respell it; the hint lists the allowed keys");

    public static readonly DiagnosticDescriptor ManifestWrongType = new(
        "GCF2003",
        Severity.Error,
        DiagnosticPage.Validation,
        "a value of the wrong type: a number or boolean where the schema wants a string (`2024`, `Yes` as OU names), `yes`/`no` for `enable_stack_set_deletion`, a scalar where a list or map is needed",
        "quote strings; write `true`/`false`; use the right YAML structure");

    public static readonly DiagnosticDescriptor ManifestVersionInvalid = new(
        "GCF2004",
        Severity.Error,
        DiagnosticPage.Validation,
        "`version` is neither the unquoted date `2021-03-15` nor `2020-01-01` (a quoted value is a string and fails CfCT's enum; any other value: \"Invalid manifest schema version\")",
        "write `version: 2021-03-15` without quotes");

    public static readonly DiagnosticDescriptor ManifestDeployMethodInvalid = new(
        "GCF2005",
        Severity.Error,
        DiagnosticPage.Validation,
        "`deploy_method` is not `stack_set`, `scp` or `rcp` (v1 `cloudformation_resources`: not `stack_set`, which makes the v1 parser raise \"Unsupported deploy_method\")",
        "use one of them, lower case");

    public static readonly DiagnosticDescriptor ManifestRequiredKeyMissing = new(
        "GCF2006",
        Severity.Error,
        DiagnosticPage.Validation,
        "a required key is missing or empty (v1: also `name`, and `deploy_method` of a `cloudformation_resources` entry, which CfCT's v1 parser needs) (`region`, `version`, `name`, `resource_file`, `deployment_targets`, `deploy_method`, `parameter_key`, `parameter_value`, `export_outputs` name/value)",
        "add it");

    public static readonly DiagnosticDescriptor ManifestVersionLegacy = new(
        "GCF2007",
        Severity.Warning,
        DiagnosticPage.Validation,
        "the manifest is v1 (`version: 2020-01-01`): CfCT still deploys it with a deprecation warning, and it is checked with the v1 schema and every rule; the hint gives the v2 form of each entry",
        "move to `version: 2021-03-15` using the hint");

    // Names (GCF2010-2019)
    public static readonly DiagnosticDescriptor NameInvalid = new(
        "GCF2010",
        Severity.Error,
        DiagnosticPage.Validation,
        "a resource name does not match `[A-Za-z][A-Za-z0-9-]*` (underscores make CreateStackSet fail)",
        "rename it");

    public static readonly DiagnosticDescriptor NameTooLong = new(
        "GCF2011",
        Severity.Error,
        DiagnosticPage.Validation,
        "a name is too long: stack sets 109 characters (CfCT prepends `CustomControlTower-`, limit 128), policies 128",
        "shorten it");

    public static readonly DiagnosticDescriptor NameDuplicate = new(
        "GCF2012",
        Severity.Error,
        DiagnosticPage.Validation,
        "two resources have the same name",
        "give each its own name");

    /// <summary>With --org: an SCP/RCP has the name of a policy the organization has and --previous does not show it is ours.</summary>
    public static readonly DiagnosticDescriptor NameClashesWithOrgPolicy = new(
        "GCF2013",
        Severity.Warning,
        DiagnosticPage.Validation,
        "with `--org`: an SCP/RCP has the name of a policy the organization already has, and `--previous` does not show the name is ours; CfCT matches policies by name and overwrites that policy",
        "rename the resource (use the resource prefix), or pass `--previous` when the policy is ours");

    /// <summary>With --org: an SCP/RCP has the name of an AWS managed policy; CfCT would try to update it and fail.</summary>
    public static readonly DiagnosticDescriptor NameClashesWithManagedPolicy = new(
        "GCF2014",
        Severity.Error,
        DiagnosticPage.Validation,
        "with `--org`: an SCP/RCP has the name of an AWS managed policy; CfCT would try to update it and fail",
        "rename the resource (use the resource prefix)");

    // Files (GCF2020-2029)
    public static readonly DiagnosticDescriptor FileMissing = new(
        "GCF2020",
        Severity.Error,
        DiagnosticPage.Validation,
        "a local `resource_file`/`parameter_file` does not exist",
        "add the file or fix the path (relative to `manifest.yaml`)");

    public static readonly DiagnosticDescriptor FileValueQuoted = new(
        "GCF2021",
        Severity.Error,
        DiagnosticPage.Validation,
        "a `*_file:` value is quoted; CfCT's Build stage keeps the quotes in the file name",
        "remove the quotes");

    public static readonly DiagnosticDescriptor FileValueNotThirdField = new(
        "GCF2022",
        Severity.Error,
        DiagnosticPage.Validation,
        "the Build stage would not read the path as the third space-separated field of the line (spaces in the path, value on another line)",
        "write the path unquoted, without spaces, on the key's line");

    public static readonly DiagnosticDescriptor FileKeyFirstInListItem = new(
        "GCF2023",
        Severity.Error,
        DiagnosticPage.Validation,
        "a `*_file:` key is the first key of a list item (`- resource_file: ...`), so the Build stage reads the key as the file name",
        "put `- name:` first");

    public static readonly DiagnosticDescriptor LocalPathLooksRemote = new(
        "GCF2024",
        Severity.Error,
        DiagnosticPage.Validation,
        "a local path starts with `s3` or `http` (e.g. `s3-policies/x.json`); CfCT treats it as remote",
        "rename the folder or file");

    public static readonly DiagnosticDescriptor NotATemplateUnderTemplates = new(
        "GCF2025",
        Severity.Error,
        DiagnosticPage.Validation,
        "a `.template/.yaml/.yml/.json` file under `templates/` is not a CloudFormation template; CfCT validates every such file as one",
        "move it out of `templates/`");

    public static readonly DiagnosticDescriptor FileMarkerElsewhere = new(
        "GCF2026",
        Severity.Error,
        DiagnosticPage.Validation,
        "a non-comment line contains `_file:` but is not a file key (e.g. in a description); the Build stage checks its third word as a file",
        "reword it");

    public static readonly DiagnosticDescriptor ParameterFileInvalid = new(
        "GCF2027",
        Severity.Error,
        DiagnosticPage.Validation,
        "a `parameters/*.json` file is not JSON (the Build stage runs `json.tool` on each), or a parameter file a resource uses is not an array or has a non-string `ParameterKey`/`ParameterValue` (CfCT's `update_params` then fails)",
        "write `[{\"ParameterKey\": \"K\", \"ParameterValue\": \"v\"}]` with string values");

    /// <summary>A remote file the user allowed (<c>--allow-remote-files</c>): kept visible as a warning, never silent.</summary>
    public static readonly DiagnosticDescriptor RemoteFileNotChecked = new(
        "GCF2028",
        Severity.Warning,
        DiagnosticPage.Validation,
        "a remote (`s3://`, `https://`) file allowed by `--allow-remote-files`: it is not checked offline (templates, lockout and escalation checks never see it), it is not in the reviewed commit, and whoever can write its location changes what CfCT deploys after the approval",
        "bring the file into the package; otherwise check it yourself and protect its location as you protect CfCT's source");

    // Parameters (GCF2030-2039)
    public static readonly DiagnosticDescriptor ParametersAndParameterFile = new(
        "GCF2030",
        Severity.Error,
        DiagnosticPage.Validation,
        "both `parameters` and `parameter_file`: CfCT passes neither",
        "keep one");

    public static readonly DiagnosticDescriptor ParameterValueConverted = new(
        "GCF2031",
        Severity.Error,
        DiagnosticPage.Validation,
        "an unquoted `parameter_value` YAML reads as another type and CfCT passes a different string (`0`, `null`, empty → `\"\"`; `0755` → `493`; `Off` → `false`; a list → `a, b`). Values whose text survives (`30`, `true`) are not reported",
        "quote the value");

    public static readonly DiagnosticDescriptor ParameterValueComma = new(
        "GCF2032",
        Severity.Error,
        DiagnosticPage.Validation,
        "a value with spaces around commas for a `String` (or unknown) parameter: CfCT splits, strips and re-joins it, so the template gets another string (`a, b` → `a,b`)",
        "remove the spaces around the commas or avoid commas");

    public static readonly DiagnosticDescriptor ParameterNotDeclared = new(
        "GCF2033",
        Severity.Error,
        DiagnosticPage.Validation,
        "a supplied parameter is not declared by the template; CloudFormation rejects the stack set",
        "remove it or declare it");

    public static readonly DiagnosticDescriptor ParameterNotSupplied = new(
        "GCF2034",
        Severity.Error,
        DiagnosticPage.Validation,
        "a template parameter without `Default` is not supplied",
        "supply it");

    public static readonly DiagnosticDescriptor ParameterTokenSyntax = new(
        "GCF2035",
        Severity.Error,
        DiagnosticPage.Validation,
        "a `$[...]` token is not the whole value (or a whole comma-separated element), `$[alfred_ssm_]` names no parameter, or an `export_outputs` value is not `$[output_<Key>]`",
        "write the token alone, e.g. `$[alfred_ssm_/org/x]`");

    public static readonly DiagnosticDescriptor ParameterTokenUnknown = new(
        "GCF2036",
        Severity.Error,
        DiagnosticPage.Validation,
        "an unknown token such as `$[alfred_genuuid]` or `$[output_X]` in a parameter (CfCT passes its literal name), or another tool's token such as `[ssm:/x]` (passed unchanged)",
        "use `alfred_ssm_<name>`, `alfred_genkeypair`, `alfred_genpass_<N>`, `alfred_genaz_<N>`");

    public static readonly DiagnosticDescriptor ParameterOnPolicy = new(
        "GCF2037",
        Severity.Warning,
        DiagnosticPage.Validation,
        "`parameters`/`parameter_file` on an scp/rcp resource (ignored)",
        "remove them");

    public static readonly DiagnosticDescriptor ParameterValueSplit = new(
        "GCF2038",
        Severity.Warning,
        DiagnosticPage.Validation,
        "a parameter value contains a comma that CfCT splits without changing what CloudFormation gets (no spaces, or a `CommaDelimitedList`/`List<...>` parameter, whose elements CloudFormation trims): the stack set looks changed and is updated on every pipeline run",
        "avoid commas where you can");

    public static readonly DiagnosticDescriptor ParameterValueRejected = new(
        "GCF2039",
        Severity.Error,
        DiagnosticPage.Validation,
        "a value CloudFormation refuses for the template's parameter: not a number for `Number`/`List<Number>`, not in `AllowedValues`, not fully matching `AllowedPattern`, outside `MinLength`/`MaxLength` or `MinValue`/`MaxValue` (values with `$[...]` tokens are not judged)",
        "pass a value the parameter accepts");

    // Targets (GCF2040-2049)
    public static readonly DiagnosticDescriptor TargetsEmpty = new(
        "GCF2040",
        Severity.Error,
        DiagnosticPage.Validation,
        "no target: a stack set without OUs or accounts, a policy without OUs",
        "list the targets");

    public static readonly DiagnosticDescriptor TargetsRootWithOthers = new(
        "GCF2041",
        Severity.Error,
        DiagnosticPage.Validation,
        "`Root` is listed with other OUs; CfCT ignores the others",
        "list `Root` alone");

    public static readonly DiagnosticDescriptor TargetsAccountsOnPolicy = new(
        "GCF2042",
        Severity.Error,
        DiagnosticPage.Validation,
        "`accounts` on an scp/rcp resource; CfCT ignores them",
        "target the accounts' OUs");

    public static readonly DiagnosticDescriptor AccountIdUnquoted = new(
        "GCF2043",
        Severity.Error,
        DiagnosticPage.Validation,
        "an unquoted account id PyYAML reads as an octal number (leading `0`, digits 0-7 only); CfCT then looks for an account *named* the decimal value and drops it. An unquoted `123456789012`, or `012345678901` (has an 8 or 9), stays intact and is not reported",
        "quote it: `\"012345670123\"`");

    public static readonly DiagnosticDescriptor AccountIdMalformed = new(
        "GCF2044",
        Severity.Error,
        DiagnosticPage.Validation,
        "an all-digit account entry is not 12 digits; CfCT treats it as a name and drops it",
        "write the 12-digit id");

    public static readonly DiagnosticDescriptor OuNotFound = new(
        "GCF2045",
        Severity.Error,
        DiagnosticPage.Validation,
        "with `--org`: an OU (bare name or path) does not exist; a bare name silently matches nothing and CfCT deletes the instances it had deployed there",
        "fix the name");

    public static readonly DiagnosticDescriptor OuBareNameOfNestedOu = new(
        "GCF2046",
        Severity.Error,
        DiagnosticPage.Validation,
        "with `--org`: a bare name of a nested OU; bare names match direct children of Root only",
        "write the full path `A:B:C` (the hint gives it)");

    public static readonly DiagnosticDescriptor OuCaseMismatch = new(
        "GCF2047",
        Severity.Error,
        DiagnosticPage.Validation,
        "with `--org`: an OU name or path differs from a real one only in case; CfCT compares case-sensitively",
        "write it as the hint says");

    public static readonly DiagnosticDescriptor AccountNotFound = new(
        "GCF2048",
        Severity.Error,
        DiagnosticPage.Validation,
        "with `--org`: an account id or name does not exist, or the account is not ACTIVE; CfCT drops it silently",
        "fix or remove it");

    public static readonly DiagnosticDescriptor OuIdNotSupported = new(
        "GCF2049",
        Severity.Error,
        DiagnosticPage.Validation,
        "an OU id (`ou-...`) is listed; CfCT matches names and paths only",
        "write the name or path");

    // Regions (GCF2050-2059)
    public static readonly DiagnosticDescriptor RegionUnknown = new(
        "GCF2050",
        Severity.Error,
        DiagnosticPage.Validation,
        "a region (home `region` or `regions[]`) is not an AWS Region",
        "write a Region code (the hint corrects the case)");

    public static readonly DiagnosticDescriptor RegionNotGoverned = new(
        "GCF2051",
        Severity.Error,
        DiagnosticPage.Validation,
        "a region is outside the governed regions (`--governed-region`, or the definition's `governed_regions` when the build calls the validator). Exception: `us-east-1` for a stack set whose template holds only `AWS::Events::Rule`, `AWS::IAM::Role` and `AWS::IAM::Policy` (forwarding global-service events, which EventBridge receives only there; docs/facts/landing-zone.md §4)",
        "deploy only to governed regions");

    public static readonly DiagnosticDescriptor RegionDuplicate = new(
        "GCF2052",
        Severity.Error,
        DiagnosticPage.Validation,
        "a region is listed twice (schema `unique: True`)",
        "remove the duplicate");

    public static readonly DiagnosticDescriptor RegionsOnPolicy = new(
        "GCF2053",
        Severity.Warning,
        DiagnosticPage.Validation,
        "`regions` on an scp/rcp resource (ignored; policies are global)",
        "remove them");

    // Policies (GCF2060-2069); the documents themselves are checked by the Policies stage (GCF17xx)
    public static readonly DiagnosticDescriptor PolicySlotsExceeded = new(
        "GCF2066",
        Severity.Error,
        DiagnosticPage.Validation,
        "an OU would have more SCPs (or RCPs) attached than the quota (`--scp-slots`, default 5): this manifest's policies plus, without `--org`, the reserved slots (FullAWSAccess, Control Tower), or with `--org` the policies already attached there",
        "merge policies, attach higher in the tree, or raise the setting if your quota is higher");

    public static readonly DiagnosticDescriptor PolicyDescriptionTooLong = new(
        "GCF2069",
        Severity.Error,
        DiagnosticPage.Validation,
        "an SCP/RCP description is longer than 512 characters (Organizations' limit)",
        "shorten it");

    // Templates and cfn-lint (GCF2070-2079)
    public static readonly DiagnosticDescriptor TemplateUnreadable = new(
        "GCF2070",
        Severity.Error,
        DiagnosticPage.Validation,
        "a template does not parse as YAML or JSON (short-form tags like `!Ref` are fine)",
        "fix the syntax");

    public static readonly DiagnosticDescriptor TemplateStructure = new(
        "GCF2071",
        Severity.Error,
        DiagnosticPage.Validation,
        "a template's structure: no (or empty) `Resources`, an unknown top-level section, a wrong `AWSTemplateFormatVersion`",
        "fix the template");

    public static readonly DiagnosticDescriptor CfnLintError = new(
        "GCF2072",
        Severity.Error,
        DiagnosticPage.Validation,
        "a cfn-lint finding of a rule whose problem CloudFormation or the service really refuses (the table in [validate](../validate.md#cfn-lint-severities)); with `--lint strict`, every cfn-lint `E` finding. Long messages are cut to about 300 characters",
        "fix the template");

    public static readonly DiagnosticDescriptor CfnLintWarning = new(
        "GCF2073",
        Severity.Warning,
        DiagnosticPage.Validation,
        "a cfn-lint finding that may be wrong but CloudFormation may accept (unlisted `E` rules, a few listed `W` rules); with `--lint strict`, every `W` finding",
        "review it");

    public static readonly DiagnosticDescriptor CfnLintMissing = new(
        "GCF2074",
        Severity.Warning,
        DiagnosticPage.Validation,
        "cfn-lint is not on PATH (or not at the configured path); templates were not linted, the other checks ran",
        "install cfn-lint, or pass `--no-cfn-lint` to skip it on purpose");

    public static readonly DiagnosticDescriptor CfnLintFailed = new(
        "GCF2075",
        Severity.Warning,
        DiagnosticPage.Validation,
        "cfn-lint ran but failed or its output could not be read",
        "run cfn-lint by hand on the templates");

    public static readonly DiagnosticDescriptor CfnLintInfo = new(
        "GCF2076",
        Severity.Info,
        DiagnosticPage.Validation,
        "with `--lint strict`: a cfn-lint informational (`I`) finding",
        "review it if you like");

    public static readonly DiagnosticDescriptor CfnLintHidden = new(
        "GCF2077",
        Severity.Info,
        DiagnosticPage.Validation,
        "how many cfn-lint findings of style and hygiene rules were not shown, by rule",
        "`--lint strict` shows them");

    // CfCT hazards (GCF2080-2089)
    public static readonly DiagnosticDescriptor ScpRemovedNeverDetached = new(
        "GCF2080",
        Severity.Warning,
        DiagnosticPage.Validation,
        "with `--previous`: an SCP/RCP was removed; CfCT never detaches or deletes it",
        "detach and delete it in Organizations (`govcfct plan` lists it)");

    public static readonly DiagnosticDescriptor StackSetRemovedNotDeleted = new(
        "GCF2081",
        Severity.Warning,
        DiagnosticPage.Validation,
        "with `--previous`: a stack set was removed without `enable_stack_set_deletion: true`; it stays",
        "enable deletion or delete it by hand");

    public static readonly DiagnosticDescriptor ExportOutputsMultiInstance = new(
        "GCF2082",
        Severity.Warning,
        DiagnosticPage.Validation,
        "`export_outputs` on a stack set with an OU, several accounts or several regions; CfCT reads one arbitrary instance",
        "export only from single-account, single-region stack sets");

    public static readonly DiagnosticDescriptor DescriptionMissing = new(
        "GCF2083",
        Severity.Error,
        DiagnosticPage.Validation,
        "an scp/rcp resource has no `description` and no resource in the (v2) manifest has one: CfCT's SCP/RCP stage fails with `AttributeError` (yorm never learns the key). Stack sets are never reported: CfCT does not read their description",
        "add `description:` to the policy");

    public static readonly DiagnosticDescriptor ExportOutputUndeclared = new(
        "GCF2084",
        Severity.Error,
        DiagnosticPage.Validation,
        "an `export_outputs` (v1 `ssm_parameters`) value `$[output_X]` names an output the template does not declare (compared case-insensitively, as CfCT does); CfCT never writes the SSM parameter",
        "name a declared output, or add it to the template");

    public static readonly DiagnosticDescriptor PlaceholderLeft = new(
        "GCF2085",
        Severity.Error,
        DiagnosticPage.Validation,
        "a placeholder left in an OU, an account (`<AccountID>`, `xxxxxxxxxxxx`, `123456789012`, `111111111111`, `000000000000`, `444455556666`), a parameter value of the manifest or a parameter file (`<...>`, `REPLACE_ME`, `REPLACE_WITH_...`, `TODO`, a value of only `X`s, a documentation account id, an ALL-CAPS name such as `ROLE_NAME` in an ARN, a value the definition GovCfct ships holds as a placeholder such as `prod-replaceme000000`, `o-0example000` or its sample account ids), a string of an SCP/RCP document, or a remote file URL: CfCT silently drops unknown OUs and accounts and passes values on literally, and Organizations accepts a policy whose exception names a placeholder role (it exempts nobody)",
        "write the real value");

    public static readonly DiagnosticDescriptor ShippedPlaceholder = new(
        "GCF2086",
        Severity.Error,
        DiagnosticPage.Validation,
        "the definition (`validate` of a definition, `--definition` of `validate` or `publish`) still holds a value the definition GovCfct ships holds as a placeholder, whatever its shape: a sample account id, an id of the example organization (`o-0example000`, `r-0exa`, `ou-0exa-...`), an account-vending id (`prod-replaceme000000`, `ssoins-0000replaceme000`, `d-0000000000`, ...) or an address at `govcloud.example.com`. CfCT stops at the first stack set whose id Service Catalog or Identity Center refuses, and a bus policy keyed to the example organization drops every member's events. In a built package the same values are GCF2085",
        "replace it at the reported line with the organization's own value (docs/definition.md, \"Values to replace\"), rebuild");

    public static readonly DiagnosticDescriptor ExampleOrgLock = new(
        "GCF2087",
        Severity.Error,
        DiagnosticPage.Validation,
        "the definition's `org-lock.yaml` is the example GovCfct ships (`example: true`), never regenerated from the organization: Control Tower controls would target OUs that do not exist and the organization id keys the central bus to no organization",
        "`govcfct org snapshot --out org.json`, then `govcfct org lock --org org.json --out manifest/org-lock.yaml`; the lock it writes has no `example:` key");

    // Inputs beside the package (GCF2090-2099)
    /// <summary>A stack set left in place by a rename and a stack set that takes over its targets claim the same names (plan: GCF3200).</summary>
    public static readonly DiagnosticDescriptor StackSetRenameCollision = new(
        "GCF2092",
        Severity.Warning,
        DiagnosticPage.Validation,
        "with `--previous`: a stack set left the manifest while `enable_stack_set_deletion` is off, so CfCT keeps its stacks, and a stack set of this package targets the same OUs or accounts in the same regions with a template that claims the same physical names (`ConfigRuleName`, `RoleName`, ...) or a resource an account holds once per region (a GuardDuty detector, a Config recorder). This is what a rename does, e.g. a variant `<prefix>-<control>-<8 hex>` that becomes the base stack set when a parameter override is removed, with a template that does not end its names with `name_suffix`. The new instances fail on names that exist, or, if they succeed, deleting the old stack set later deletes what the new one relies on",
        "delete the old stack set's instances first (`aws cloudformation delete-stack-instances --stack-set-name CustomControlTower-<old> ... --no-retain-stacks`; `govcfct plan --previous` prints the exact accounts and regions), wait for the operation, publish, then delete the old stack set; or end every physical name of the template with `{{ name_suffix }}`");

    public static readonly DiagnosticDescriptor PreviousPackageInvalid = new(
        "GCF2091",
        Severity.Error,
        DiagnosticPage.Validation,
        "`--previous` has no readable `manifest.yaml`; removal hazards were not checked",
        "pass the folder of the last published package");

    /// <summary>The package folder holds a symbolic link: refused, never followed.</summary>
    public static readonly DiagnosticDescriptor PackageSymbolicLink = new(
        "GCF2100",
        Severity.Error,
        DiagnosticPage.Validation,
        "the package folder holds a symbolic link; packages are read without following links (a link could publish any file of the machine, such as a credentials file), so the package is refused as a whole",
        "replace the link with the file it points at; `govcfct build` never writes links");

    /// <summary>A remote resource or parameter file without the opt-in: what CfCT would deploy is not what was reviewed.</summary>
    public static readonly DiagnosticDescriptor RemoteFileRefused = new(
        "GCF2110",
        Severity.Error,
        DiagnosticPage.Validation,
        "a `resource_file`/`parameter_file` is remote (`s3://`, `http://`, `https://`): CfCT downloads it when its pipeline runs, so what it deploys is not in the reviewed commit, can change after the approval, and no check (templates, lockout, escalation, plan) sees it",
        "copy the file into the package (`templates/`, `policies/`, `parameters/`) and name it by its relative path; only when the remote location is protected as CfCT's source is, pass `--allow-remote-files` (the plan then lists it among the dangerous changes)");

    /// <summary>A package zip that could exhaust memory or is ambiguous: refused before anything is judged.</summary>
    public static readonly DiagnosticDescriptor ZipRefused = new(
        "GCF2111",
        Severity.Error,
        DiagnosticPage.Validation,
        "a package zip is refused: an entry inflates to more than 8 MB, all entries to more than 256 MB, it holds more than 20,000 entries (a decompression bomb would exhaust memory), or two entries have the same name (tools disagree on which one counts, so what was checked need not be what CfCT deploys)",
        "rebuild the zip from the package folder (`govcfct publish --s3-bucket` writes one)");
}
