namespace GovCfct.Core.Diagnostics;

/// <summary>
/// Codes of the detective-control mechanism: organization conformance packs in packaging (GCF1890-1899,
/// docs/diagnostics/policies.md), the org lock's account lists (GCF3050-3059, organization.md) and the packs' per-account
/// status (GCF3520-3529, status.md).
/// </summary>
public static partial class DiagnosticCodes
{
    /// <summary>An organization conformance pack would exclude more accounts than AWS Config takes.</summary>
    public static readonly DiagnosticDescriptor TooManyExcludedAccounts = new(
        "GCF1890",
        Severity.Error,
        DiagnosticPage.Policies,
        "An organization conformance pack of detective controls would exclude more than 1,000 accounts (`ExcludedAccounts` holds at most 1,000): the accounts of every OU outside the control's scope are excluded one by one.",
        "Assign the detective controls to more of the organization (or opt fewer OUs out), or use `landing_zone.detective_mechanism: control_tower` where the per-OU enablements fit.");

    /// <summary>The org lock does not list the accounts of the OUs the organization mechanism must exclude.</summary>
    public static readonly DiagnosticDescriptor OrgLockWithoutAccounts = new(
        "GCF1891",
        Severity.Error,
        DiagnosticPage.Policies,
        "Detective controls are deployed organization-wide, which excludes accounts by id, but `org-lock.yaml` says an OU holds accounts without listing them (a lock written before account lists).",
        "Regenerate the lock: `govcfct org snapshot --out org.json`, then `govcfct org lock --org org.json --out manifest/org-lock.yaml`.");

    /// <summary>An AWS Config quota of organization conformance packs would be exceeded.</summary>
    public static readonly DiagnosticDescriptor ConformancePackQuota = new(
        "GCF1892",
        Severity.Error,
        DiagnosticPage.Policies,
        "The detective controls need more organization conformance packs than AWS Config allows (50 per organization and region), more rules in one pack than it allows (130), or a pack template over 51,200 bytes.",
        "Give more OUs the same detective controls and values (each distinct scope is one pack), or assign fewer detective controls.");

    /// <summary>A detective control's Config rule is not offered in a governed region (warning).</summary>
    public static readonly DiagnosticDescriptor ConfigRuleUnavailableInRegion = new(
        "GCF1893",
        Severity.Warning,
        DiagnosticPage.Policies,
        "A detective control's AWS Config managed rule is not offered in a governed region (its catalog entry's `config_rule.unsupported_regions`): the organization conformance pack of that region leaves it out, and nothing checks it there.",
        "Accept the gap, or cover the region with a custom Config rule of your own.");

    /// <summary>A detective control has no Config rule mapping, so the organization mechanism cannot deploy it.</summary>
    public static readonly DiagnosticDescriptor DetectiveControlWithoutConfigRule = new(
        "GCF1894",
        Severity.Error,
        DiagnosticPage.Policies,
        "A detective Control Tower control is deployed organization-wide, but its catalog entry has no `control_tower.config_rule` (the AWS Config managed rule it runs).",
        "Add `config_rule` (source identifier, parameters, unsupported regions, documentation page) to the control's `control.yaml`, or set `landing_zone.detective_mechanism: control_tower`.");

    /// <summary>control_tower is forced although the enablements exceed the auto threshold (warning).</summary>
    public static readonly DiagnosticDescriptor ControlTowerDetectiveQueue = new(
        "GCF1895",
        Severity.Warning,
        DiagnosticPage.Policies,
        "`landing_zone.detective_mechanism: control_tower` enables more detective controls per OU than `max_control_tower_detective_enablements`: the first run queues that many Control Tower operations, and every new OU waits for a rebuild.",
        "Use `detective_mechanism: auto` or `organization`, or raise the threshold knowingly.");

    /// <summary>The live organization's accounts differ from the org lock's account lists (warning).</summary>
    public static readonly DiagnosticDescriptor OrgLockAccountsChanged = new(
        "GCF3050",
        Severity.Warning,
        DiagnosticPage.Organization,
        "Accounts arrived in, left or moved between OUs since `org-lock.yaml` was written: the organization conformance packs exclude accounts by the lock's lists, so a new account in an opted-out OU receives the detective rules until the lock is regenerated and the package rebuilt.",
        "Regenerate the lock with `govcfct org lock`, review the diff and rebuild.");

    /// <summary>An account outside a conformance pack's scope has the pack.</summary>
    public static readonly DiagnosticDescriptor ConformancePackOutOfScope = new(
        "GCF3520",
        Severity.Warning,
        DiagnosticPage.Status,
        "An account in an OU outside a detective control's scope (an opted-out OU, or an OU the control is not assigned to) has the organization conformance pack: it was created or moved there after the lock was written, and the pack's `ExcludedAccounts` does not name it yet.",
        "Regenerate the lock (`govcfct org lock`), rebuild and deploy: the account is then excluded and AWS Config removes the pack from it.");

    /// <summary>The conformance packs' per-account status could not be read.</summary>
    public static readonly DiagnosticDescriptor ConformancePackStatusUnreadable = new(
        "GCF3521",
        Severity.Error,
        DiagnosticPage.Status,
        "`GetOrganizationConformancePackDetailedStatus` failed for a detective-control pack: status cannot prove which accounts have it.",
        "Run in the management account with `config:GetOrganizationConformancePackDetailedStatus` allowed, in each governed region.");
}
