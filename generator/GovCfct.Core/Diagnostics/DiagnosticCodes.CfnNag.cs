namespace GovCfct.Core.Diagnostics;

/// <summary>cfn_nag rules (GCF2200-2299) and target items (GCF2940-2949) of package validation; documented in docs/diagnostics/validation.md.</summary>
public static partial class DiagnosticCodes
{
    /// <summary>A FAIL rule of the pinned cfn_nag release finds a resource of a template under templates/.</summary>
    public static readonly DiagnosticDescriptor CfnNagFailure = new(
        "GCF2200",
        Severity.Error,
        DiagnosticPage.Validation,
        "a FAIL rule of cfn_nag (the release CfCT's Build stage installs, 0.7.2 for CfCT v2.8.x) finds this resource of a template under `templates/`; the message carries cfn_nag's rule id (F3, F19, ...) and text. CfCT runs `cfn_nag_scan --input-path` on every template there and any FAIL stops the Build stage, so nothing of the package deploys. Warning rules (W...) do not stop it and are not reported",
        "fix the resource (the rule id is listed in [validate.md](../validate.md#cfn_nag-rules)); when the finding does not apply, add `Metadata: cfn_nag: rules_to_suppress: [{id: <rule id>, reason: <why>}]` to the resource");

    /// <summary>A <c>rules_to_suppress</c> entry without an <c>id</c>: cfn_nag prints it and suppresses nothing.</summary>
    public static readonly DiagnosticDescriptor CfnNagSuppressionWithoutId = new(
        "GCF2201",
        Severity.Warning,
        DiagnosticPage.Validation,
        "a `Metadata: cfn_nag: rules_to_suppress` entry has no `id`: cfn_nag prints \"has missing cfn_nag suppression rule id\" and suppresses nothing with it (an `id` naming no FAIL rule is allowed but suppresses nothing either)",
        "give each entry the cfn_nag rule id it suppresses (`id: F3`) and a `reason`");

    /// <summary>A <c>deployment_targets.accounts</c> item YAML reads as null (a comment after <c>- </c>).</summary>
    public static readonly DiagnosticDescriptor AccountItemNull = new(
        "GCF2940",
        Severity.Error,
        DiagnosticPage.Validation,
        "a `deployment_targets.accounts` item is empty or null (`- # the account id` is a YAML null): CfCT's manifest reader turns it into an empty account name, `get_final_account_list` finds no such account and drops it, so the stack set gets no instance for it",
        "write the quoted 12-digit account id or the account name on the item (a comment after `- ` is no value)");
}
