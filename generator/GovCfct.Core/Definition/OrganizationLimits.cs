using System.Collections.Immutable;

namespace GovCfct.Core.Definition;

/// <summary>
/// The AWS quotas that bound a GovCfct design at organization scale, and the few time assumptions the plan's
/// estimates rest on (organization.yaml <c>limits:</c>; every key is optional and defaults to the public value below).
/// Quotas change (the stack-instance quota went from 2,000 to 100,000 in 2023, Control Tower's concurrent control
/// operations from 10 to 100), so each is a setting, raised only when AWS raised it for the organization.
/// docs/landing-zone.md ("Limits") gives every value with its public source.
/// </summary>
public sealed record OrganizationLimits
{
    public static OrganizationLimits Default { get; } = new();

    /// <summary>Accounts one Control Tower landing zone governs (Control Tower limits page).</summary>
    public int AccountsPerLandingZone { get; init; } = 10_000;

    /// <summary>OUs per organization (AWS Organizations quotas page, current version: 2,000; an older version said 1,000).</summary>
    public int OusPerOrganization { get; init; } = 2_000;

    /// <summary>Accounts directly in one OU that Control Tower still registers (1,000 in the current pages; Service Quotas shows 300).</summary>
    public int AccountsPerOu { get; init; } = 1_000;

    /// <summary>Levels of OUs below the root that Control Tower registers.</summary>
    public int OuDepth { get; init; } = 5;

    /// <summary>Stack instances per stack set (CloudFormation quotas).</summary>
    public int InstancesPerStackSet { get; init; } = 100_000;

    /// <summary>Stack instances StackSets deploys at once per stack set (CloudFormation StackSets concepts: "maximum speed").</summary>
    public int StackSetConcurrency { get; init; } = 100;

    /// <summary>Organization Config rules per organization (AWS Config quotas; not adjustable).</summary>
    public int OrganizationConfigRules { get; init; } = 150;

    /// <summary>Organization conformance packs per organization (AWS Config quotas; not adjustable).</summary>
    public int OrganizationConformancePacks { get; init; } = 50;

    /// <summary>Items in one <c>ExcludedAccounts</c> list of an organization rule or conformance pack (Config API reference).</summary>
    public int ExcludedAccounts { get; init; } = 1_000;

    /// <summary>Resources per CloudFormation stack (CloudFormation quotas).</summary>
    public int ResourcesPerStack { get; init; } = 500;

    /// <summary>Control Tower control operations running at once (current limits page: 100; the 2023 guide: 10).</summary>
    public int ConcurrentControlOperations { get; init; } = 100;

    /// <summary>
    /// Assumption, UNCONFIRMED: minutes one Control Tower control operation (enable or disable on one OU) takes. No AWS
    /// page states it; registering an OU takes at least 10 minutes (Control Tower guide), used here as the same order.
    /// </summary>
    public int ControlOperationMinutes { get; init; } = 10;

    /// <summary>
    /// Assumption: seconds one wave of concurrently deployed stack instances takes (small stacks; the same minute the
    /// pipeline-cost model uses per wave). UNCONFIRMED: AWS publishes no per-instance time.
    /// </summary>
    public int InstanceWaveSeconds { get; init; } = 60;

    /// <summary>Every limit key of <c>limits:</c> (snake case as written in organization.yaml), in documentation order.</summary>
    public static ImmutableArray<string> Keys { get; } =
    [
        "accounts_per_landing_zone", "ous_per_organization", "accounts_per_ou", "ou_depth", "instances_per_stack_set",
        "stack_set_concurrency", "organization_config_rules", "organization_conformance_packs", "excluded_accounts",
        "resources_per_stack", "concurrent_control_operations", "control_operation_minutes", "instance_wave_seconds",
    ];

    /// <summary>The value of one key (one of <see cref="Keys"/>).</summary>
    public int Get(string key) => key switch
    {
        "accounts_per_landing_zone" => AccountsPerLandingZone,
        "ous_per_organization" => OusPerOrganization,
        "accounts_per_ou" => AccountsPerOu,
        "ou_depth" => OuDepth,
        "instances_per_stack_set" => InstancesPerStackSet,
        "stack_set_concurrency" => StackSetConcurrency,
        "organization_config_rules" => OrganizationConfigRules,
        "organization_conformance_packs" => OrganizationConformancePacks,
        "excluded_accounts" => ExcludedAccounts,
        "resources_per_stack" => ResourcesPerStack,
        "concurrent_control_operations" => ConcurrentControlOperations,
        "control_operation_minutes" => ControlOperationMinutes,
        "instance_wave_seconds" => InstanceWaveSeconds,
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "not a limits key"),
    };

    /// <summary>These limits with one key set (the loader's only way in, so a key and its property cannot drift apart).</summary>
    public OrganizationLimits With(string key, int value) => key switch
    {
        "accounts_per_landing_zone" => this with { AccountsPerLandingZone = value },
        "ous_per_organization" => this with { OusPerOrganization = value },
        "accounts_per_ou" => this with { AccountsPerOu = value },
        "ou_depth" => this with { OuDepth = value },
        "instances_per_stack_set" => this with { InstancesPerStackSet = value },
        "stack_set_concurrency" => this with { StackSetConcurrency = value },
        "organization_config_rules" => this with { OrganizationConfigRules = value },
        "organization_conformance_packs" => this with { OrganizationConformancePacks = value },
        "excluded_accounts" => this with { ExcludedAccounts = value },
        "resources_per_stack" => this with { ResourcesPerStack = value },
        "concurrent_control_operations" => this with { ConcurrentControlOperations = value },
        "control_operation_minutes" => this with { ControlOperationMinutes = value },
        "instance_wave_seconds" => this with { InstanceWaveSeconds = value },
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "not a limits key"),
    };

    /// <summary>The public page each limit comes from (docs/landing-zone.md, "Limits", repeats them with the wording).</summary>
    public static string SourceOf(string key) => key switch
    {
        "accounts_per_landing_zone" or "accounts_per_ou" or "ou_depth" or "concurrent_control_operations" => "https://docs.aws.amazon.com/controltower/latest/userguide/limits.html",
        "ous_per_organization" => "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html",
        "instances_per_stack_set" or "resources_per_stack" => "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html",
        "stack_set_concurrency" => "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-concepts.html",
        "organization_config_rules" or "organization_conformance_packs" => "https://docs.aws.amazon.com/config/latest/developerguide/configlimits.html",
        "excluded_accounts" => "https://docs.aws.amazon.com/config/latest/APIReference/API_OrganizationConfigRule.html",
        "control_operation_minutes" => "UNCONFIRMED (no AWS figure; https://docs.aws.amazon.com/controltower/latest/userguide/how-to-register-existing-ou.html for OU registration)",
        "instance_wave_seconds" => "UNCONFIRMED (no AWS figure)",
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "not a limits key"),
    };
}
