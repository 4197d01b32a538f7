using System.Collections.Immutable;
using GovCfct.Core.Definition;
using GovCfct.Core.Organization;

namespace GovCfct.Core.Validation;

/// <summary>
/// What to validate and against what. Limits are settings because AWS quotas change (SCP slots 5 → 10 in 2026).
/// </summary>
public sealed record PackageValidationOptions(string PackageDirectory)
{
    /// <summary>The organization as it is now; enables existence, nesting, case and already-attached checks.</summary>
    public OrgSnapshot? Organization { get; init; }

    /// <summary>
    /// The governance definition the package was built from; without a snapshot its OU tree is used to check OU
    /// targets (accounts need the snapshot). Its settings come in through <see cref="Settings"/>.
    /// </summary>
    public GovernanceDefinition? Definition { get; init; }

    /// <summary>The organization's file name as shown in diagnostics about the snapshot itself.</summary>
    public string? OrganizationDisplayPath { get; init; }

    /// <summary>The previously published package (a folder with manifest.yaml), for removal hazards.</summary>
    public string? PreviousPackageDirectory { get; init; }

    /// <summary>
    /// The organization's settings (governed regions, limits, protected principals, break-glass role, prefix): from the
    /// definition when there is one (<see cref="GovernanceSettings.From"/>), otherwise what is known about the package.
    /// </summary>
    public GovernanceSettings Settings { get; init; } = GovernanceSettings.Unknown;

    /// <summary>
    /// Accept remote (<c>s3://</c>, <c>https://</c>) resource and parameter files as warnings (GCF2028) instead of refusing
    /// them (GCF2110): what CfCT downloads is outside the reviewed commit, so only an explicit opt-in lets it through.
    /// </summary>
    public bool AllowRemoteFiles { get; init; }

    /// <summary>Run cfn-lint (through <see cref="CfnLinter"/>); off for fast or offline runs.</summary>
    public bool RunCfnLint { get; init; } = true;

    /// <summary>Which cfn-lint findings to show and how severe they are (docs/validate.md has the table).</summary>
    public LintMode Lint { get; init; } = LintMode.Default;

    /// <summary>
    /// The cfn_nag release whose FAIL rules run (CfCT v2.8.x installs 0.7.2, <see cref="CfnNag.CfnNagScanner.PinnedVersion"/>);
    /// null turns them off. Only <see cref="CfnNag.CfnNagScanner.KnownVersions"/> are implemented.
    /// </summary>
    public string? CfnNagVersion { get; init; } = CfnNag.CfnNagScanner.PinnedVersion;

    /// <summary>
    /// The linter <see cref="RunCfnLint"/> runs: the production adapter starts cfn-lint (GovCfct.Pipeline's
    /// <c>CfnLintProcess</c>). Without one the templates are not linted and the run says so (GCF2074).
    /// </summary>
    public ICfnLinter? CfnLinter { get; init; }
}

/// <summary>How much of cfn-lint to show: <c>default</c> (the deliberate table), <c>strict</c> (cfn-lint's own levels), <c>off</c>.</summary>
public enum LintMode
{
    Default,
    Strict,
    Off,
}

/// <summary>The outcome: every finding, sorted; errors mean CfCT or AWS would reject or mishandle the package.</summary>
public sealed record PackageValidationResult(IReadOnlyList<Diagnostics.Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
