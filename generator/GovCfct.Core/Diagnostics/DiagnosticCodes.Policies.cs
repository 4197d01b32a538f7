namespace GovCfct.Core.Diagnostics;

/// <summary>Codes of the policies stage (GCF1700-1899): SCP/RCP parsing, size, packing, lockout, action checks.</summary>
public static partial class DiagnosticCodes
{
    /// <summary>A policy file is not valid JSON.</summary>
    public const string PolicyJsonInvalid = "GCF1700";

    /// <summary>A policy is valid JSON but not a policy: wrong types, missing Statement, duplicate or unknown keys.</summary>
    public const string PolicyStructureInvalid = "GCF1701";

    /// <summary>A policy has no Version; IAM then falls back to 2008-10-17, which disables policy variables.</summary>
    public const string PolicyVersionMissing = "GCF1702";

    /// <summary>A policy's Version is not 2012-10-17.</summary>
    public const string PolicyVersionInvalid = "GCF1703";

    /// <summary>A statement's Effect is missing or neither Allow nor Deny.</summary>
    public const string PolicyEffectInvalid = "GCF1704";

    /// <summary>A statement has neither or both of Action and NotAction.</summary>
    public const string PolicyActionMissing = "GCF1705";

    /// <summary>A statement has both Resource and NotResource, or neither.</summary>
    public const string PolicyResourceInvalid = "GCF1706";

    /// <summary>An SCP statement names a Principal; Organizations rejects that.</summary>
    public const string ScpPrincipalNotAllowed = "GCF1707";

    /// <summary>An RCP statement has no Principal; Organizations requires one.</summary>
    public const string RcpPrincipalMissing = "GCF1708";

    /// <summary>A Condition block is malformed (not operator → key → values, or a null/object value).</summary>
    public const string PolicyConditionInvalid = "GCF1709";

    /// <summary>A policy document is larger than the limit as CfCT submits it.</summary>
    public const string PolicyTooLarge = "GCF1711";

    /// <summary>A string value contains two consecutive spaces, which CfCT deletes before submitting.</summary>
    public const string PolicyDoubleSpace = "GCF1712";

    /// <summary>One control's policy alone is larger than one document.</summary>
    public const string PackControlTooLarge = "GCF1720";

    /// <summary>The controls at one attachment point need more documents than there are free slots.</summary>
    public const string PackSlotsExceeded = "GCF1721";

    /// <summary>Statement ids were dropped so the controls fit the slots.</summary>
    public const string PackSidsDropped = "GCF1722";

    /// <summary>A generated policy denies a protected platform principal an action it needs.</summary>
    public const string LockoutDenied = "GCF1740";

    /// <summary>The lockout check met a condition operator it cannot evaluate and assumed the condition matches.</summary>
    public const string LockoutOperatorUnsupported = "GCF1741";

    /// <summary>An SCP exempts a role or user pattern that a non-exempt principal may create, re-trust, grant or pass.</summary>
    public const string EscalationPossible = "GCF1742";

    /// <summary>An SCP exempts a principal pattern that is neither a role nor an IAM user, so the escalation check cannot judge it.</summary>
    public const string EscalationPatternUnsupported = "GCF1743";

    /// <summary>A resource an alert depends on is not protected by the SCPs (no explicit prefix name, no protection tag, or not covered).</summary>
    public const string AlertResourceUnprotected = "GCF1744";

    /// <summary>A name pattern of the alert-protection statement matches no resource the package creates.</summary>
    public const string ProtectedNameUnmatched = "GCF1745";

    /// <summary>An action names a service prefix IAM does not know.</summary>
    public const string ActionServiceUnknown = "GCF1760";

    /// <summary>An action is not an action of its service.</summary>
    public const string ActionUnknown = "GCF1761";

    /// <summary>A wildcard action matches no action of its service.</summary>
    public const string ActionWildcardMatchesNothing = "GCF1762";

    /// <summary>An action is not of the form <c>service:Action</c>.</summary>
    public const string ActionMalformed = "GCF1763";
}
