namespace GovCfct.Core.Diagnostics;

/// <summary>Codes of the policies stage (GCF1700-1899): SCP/RCP parsing, size, packing, lockout, action checks.</summary>
public static partial class DiagnosticCodes
{
    /// <summary>A policy file is not valid JSON.</summary>
    public static readonly DiagnosticDescriptor PolicyJsonInvalid = new(
        "GCF1700",
        Severity.Error,
        DiagnosticPage.Policies,
        "the policy file is not valid JSON (position of the first syntax error)",
        "fix the syntax there; policies allow no comments and no trailing commas");

    /// <summary>A policy is valid JSON but not a policy: wrong types, missing Statement, duplicate or unknown keys.</summary>
    public static readonly DiagnosticDescriptor PolicyStructureInvalid = new(
        "GCF1701",
        Severity.Error,
        DiagnosticPage.Policies,
        "valid JSON but not a policy: not an object, no `Statement`, empty lists, non-string values, duplicate or unknown keys (keys are case-sensitive)",
        "write the policy in the IAM grammar: `Version`, `Statement` with `Sid`, `Effect`, `Action`/`NotAction`, `Resource`/`NotResource`, `Condition`");

    /// <summary>A policy has no Version; IAM then falls back to 2008-10-17, which disables policy variables.</summary>
    public static readonly DiagnosticDescriptor PolicyVersionMissing = new(
        "GCF1702",
        Severity.Warning,
        DiagnosticPage.Policies,
        "the policy has no `Version`; IAM reads it as `2008-10-17`, where policy variables do not work",
        "add `\"Version\": \"2012-10-17\"`");

    /// <summary>A policy's Version is not 2012-10-17.</summary>
    public static readonly DiagnosticDescriptor PolicyVersionInvalid = new(
        "GCF1703",
        Severity.Error,
        DiagnosticPage.Policies,
        "`Version` is not `2012-10-17`",
        "use `\"2012-10-17\"`");

    /// <summary>A statement's Effect is missing or neither Allow nor Deny.</summary>
    public static readonly DiagnosticDescriptor PolicyEffectInvalid = new(
        "GCF1704",
        Severity.Error,
        DiagnosticPage.Policies,
        "a statement's `Effect` is missing or not exactly `Allow` or `Deny`",
        "write `\"Effect\": \"Deny\"` (or `\"Allow\"`)");

    /// <summary>A statement has neither or both of Action and NotAction.</summary>
    public static readonly DiagnosticDescriptor PolicyActionMissing = new(
        "GCF1705",
        Severity.Error,
        DiagnosticPage.Policies,
        "a statement has neither or both of `Action` and `NotAction`",
        "keep exactly one");

    /// <summary>A statement has both Resource and NotResource (neither is <see cref="PolicyResourceMissing"/>).</summary>
    public static readonly DiagnosticDescriptor PolicyResourceInvalid = new(
        "GCF1706",
        Severity.Error,
        DiagnosticPage.Policies,
        "a statement has both `Resource` and `NotResource`",
        "keep one of them");

    /// <summary>A statement has neither Resource nor NotResource; IAM policies require one.</summary>
    public static readonly DiagnosticDescriptor PolicyResourceMissing = new(
        "GCF1710",
        Severity.Warning,
        DiagnosticPage.Policies,
        "a statement has neither `Resource` nor `NotResource`; IAM policies require one",
        "add `\"Resource\": \"*\"` when the statement is about every resource, or the ARNs it is about");

    /// <summary>An SCP statement names a Principal; Organizations rejects that.</summary>
    public static readonly DiagnosticDescriptor ScpPrincipalNotAllowed = new(
        "GCF1707",
        Severity.Error,
        DiagnosticPage.Policies,
        "an SCP statement has `Principal` or `NotPrincipal`; Organizations rejects the policy",
        "remove it; exempt principals with a condition on `aws:PrincipalArn`");

    /// <summary>An RCP statement has no Principal; Organizations requires one.</summary>
    public static readonly DiagnosticDescriptor RcpPrincipalMissing = new(
        "GCF1708",
        Severity.Error,
        DiagnosticPage.Policies,
        "an RCP statement has no `Principal`; Organizations requires one",
        "add `\"Principal\": \"*\"` and narrow it with conditions");

    /// <summary>A Condition block is malformed (not operator → key → values, or a null/object value).</summary>
    public static readonly DiagnosticDescriptor PolicyConditionInvalid = new(
        "GCF1709",
        Severity.Error,
        DiagnosticPage.Policies,
        "a `Condition` is not operator → key → values, or a value is null, an object or an empty list",
        "write e.g. `\"Condition\": {\"StringEquals\": {\"aws:RequestedRegion\": [\"ap-northeast-1\"]}}`");

    /// <summary>A policy document is larger than the limit as CfCT submits it.</summary>
    public static readonly DiagnosticDescriptor PolicyTooLarge = new(
        "GCF1711",
        Severity.Error,
        DiagnosticPage.Policies,
        "the document is over the size limit (default 5,120) counted as CfCT submits it: every newline becomes CR+LF, every pair of spaces is deleted",
        "minify it (the hint gives the minified size when that is enough), split it, or trim action lists");

    /// <summary>A string value contains two consecutive spaces, which CfCT deletes before submitting.</summary>
    public static readonly DiagnosticDescriptor PolicyDoubleSpace = new(
        "GCF1712",
        Severity.Warning,
        DiagnosticPage.Policies,
        "a string in the policy contains two consecutive spaces; CfCT deletes them before submitting, so the deployed value differs from the file",
        "use single spaces, or a wildcard where the value really contains two");

    /// <summary>One control's policy alone is larger than one document.</summary>
    public static readonly DiagnosticDescriptor PackControlTooLarge = new(
        "GCF1720",
        Severity.Error,
        DiagnosticPage.Policies,
        "one control's policy alone is larger than one document at the named OU",
        "trim the control's list parameters (e.g. `DeniedServices`, `AllowedRegions`, `ExemptPrincipalArns`) or split the control");

    /// <summary>The controls at one attachment point need more documents than there are free slots.</summary>
    public static readonly DiagnosticDescriptor PackSlotsExceeded = new(
        "GCF1721",
        Severity.Error,
        DiagnosticPage.Policies,
        "the controls at the named OU need more documents than there are free slots; the message names the controls, the characters over and the packing tried",
        "move a control to a lower OU, raise the SCP slot setting if the organization's quota is 10, or trim a list parameter");

    /// <summary>Statement ids were dropped so the controls fit the slots.</summary>
    public static readonly DiagnosticDescriptor PackSidsDropped = new(
        "GCF1722",
        Severity.Info,
        DiagnosticPage.Policies,
        "statement ids (`Sid`) were dropped at the named OU so the controls fit the slots",
        "nothing; free a slot to keep them");

    /// <summary>A generated policy denies a protected platform principal an action it needs.</summary>
    public static readonly DiagnosticDescriptor LockoutDenied = new(
        "GCF1740",
        Severity.Error,
        DiagnosticPage.Policies,
        "a policy denies a protected platform principal (Control Tower, CfCT's deployment role, break-glass) an action it needs; one error per statement, naming the policy, the statement, every principal it locks out (as the definition names them) and the actions",
        "exempt the platform principals in every Deny (`ArnNotLike` on `aws:PrincipalArn`) and scope user-only rules such as MFA to IAM users (`ArnLike aws:PrincipalArn arn:aws:iam::*:user/*`)");

    /// <summary>The lockout check met a condition operator it cannot evaluate and assumed the condition matches.</summary>
    public static readonly DiagnosticDescriptor LockoutOperatorUnsupported = new(
        "GCF1741",
        Severity.Warning,
        DiagnosticPage.Policies,
        "the lockout check met a condition operator it does not evaluate and assumed the condition matches",
        "use an operator listed in [policies](../policies.md#evaluation), or review the statement by hand");

    /// <summary>An SCP exempts a role or user pattern that a non-exempt principal may create, re-trust, grant or pass.</summary>
    public static readonly DiagnosticDescriptor EscalationPossible = new(
        "GCF1742",
        Severity.Error,
        DiagnosticPage.Policies,
        "an SCP exempts a role or user pattern (`ArnNotLike` on `aws:PrincipalArn`), but a non-exempt principal such as an Identity Center Admin session is not denied every way of becoming it (`iam:CreateRole`, `UpdateAssumeRolePolicy`, `AttachRolePolicy`, `PutRolePolicy`, `PutRolePermissionsBoundary`, `DeleteRolePermissionsBoundary`, `DeleteRole`, `PassRole`; `TagRole`/`UntagRole` when an exemption keys on `aws:PrincipalTag`; the `iam:*User*` equivalents for users); names the policy, statement, pattern and the missing denies",
        "assign `protect-exempt-principals` wherever the policy applies, or drop the exemption; see [policies](../policies.md#exemptions)");

    /// <summary>An SCP exempts a principal pattern that is neither a role nor an IAM user, so the escalation check cannot judge it.</summary>
    public static readonly DiagnosticDescriptor EscalationPatternUnsupported = new(
        "GCF1743",
        Severity.Warning,
        DiagnosticPage.Policies,
        "an SCP exempts a principal pattern that is neither a role nor an IAM user, so the escalation check cannot prove it cannot be impersonated",
        "exempt roles or IAM users only");

    /// <summary>A resource an alert depends on is not protected by the SCPs (no explicit prefix name, no protection tag, or not covered).</summary>
    public static readonly DiagnosticDescriptor AlertResourceUnprotected = new(
        "GCF1744",
        Severity.Error,
        DiagnosticPage.Policies,
        "a resource an alert depends on (EventBridge rule, CloudWatch alarm, SNS topic or subscription, log group, state machine, schedule, event bus or event-bus policy, KMS key, Config rule, or an IAM role an EventBridge rule uses to put events on a bus) has no explicit `<prefix>-` name or `<prefix>-protected` tag, or no SCP of the package denies an Admin session deleting it (for rules also disabling and re-targeting it; for a bus also changing its policy; for a sender role also changing its trust or policies); one error per cause (resource type and missing name or deny), listing the resources it leaves open by template",
        "name it `<prefix>-<control-id>-<what>` (a sender role `<prefix>-<control-id>-sender-<region>`, or tag it) and keep `protect-alert-resources` and `protect-exempt-principals` assigned; see [policies](../policies.md#alert-resources)");

    /// <summary>A name pattern of the alert-protection statement matches no resource the package creates.</summary>
    public static readonly DiagnosticDescriptor ProtectedNameUnmatched = new(
        "GCF1745",
        Severity.Error,
        DiagnosticPage.Policies,
        "a name pattern in an alert-protection statement matches no resource the package creates, so the statement and the templates have drifted apart",
        "remove the pattern, or fix the resource's name");

    /// <summary>A region deny applies at an OU, but the SCPs in effect there let an Admin session enable or disable a region.</summary>
    public static readonly DiagnosticDescriptor RegionOptInNotDenied = new(
        "GCF1750",
        Severity.Error,
        DiagnosticPage.Policies,
        "Control Tower's region deny (`CT.MULTISERVICE.PV.1`, e.g. `ct-region-deny`) applies at the OU, but no SCP in effect there denies an Admin session `account:EnableRegion` or `account:DisableRegion`; the region deny lists `account:*` in its NotAction, so a new region can be switched on from inside the account",
        "assign `deny-region-opt-in` wherever `ct-region-deny` is assigned (`deny-regions` denies both itself)");

    /// <summary>An action names a service prefix IAM does not know.</summary>
    public static readonly DiagnosticDescriptor ActionServiceUnknown = new(
        "GCF1760",
        Severity.Error,
        DiagnosticPage.Policies,
        "an action names a service prefix IAM does not know",
        "fix the prefix; if the service is new, update `generator/GovCfct.Core/Policies/Data/iam-actions.json`");

    /// <summary>An action is not an action of its service.</summary>
    public static readonly DiagnosticDescriptor ActionUnknown = new(
        "GCF1761",
        Severity.Error,
        DiagnosticPage.Policies,
        "an action is not an action of its service (AWS accepts it silently and it then denies or exempts nothing)",
        "fix the spelling; if AWS added the action recently, update the vendored data");

    /// <summary>A wildcard action matches no action of its service.</summary>
    public static readonly DiagnosticDescriptor ActionWildcardMatchesNothing = new(
        "GCF1762",
        Severity.Error,
        DiagnosticPage.Policies,
        "a wildcard action matches no action",
        "fix the spelling");

    /// <summary>An action is not of the form <c>service:Action</c>.</summary>
    public static readonly DiagnosticDescriptor ActionMalformed = new(
        "GCF1763",
        Severity.Error,
        DiagnosticPage.Policies,
        "an action is not of the form `service:Action` (no colon, two colons, spaces)",
        "write e.g. `s3:GetObject`");
}
