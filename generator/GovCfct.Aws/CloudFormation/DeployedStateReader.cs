using System.Collections.Concurrent;
using System.Collections.Immutable;
using GovCfct.Aws.ControlTower;
using GovCfct.Aws.Http;
using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Packaging;
using GovCfct.Core.Status;

namespace GovCfct.Aws.CloudFormation;

/// <summary>Options of a deployed-state read.</summary>
/// <param name="MaxParallelism">Stack sets read at once (each is a paginated ListStackInstances; CloudFormation throttles, retries absorb it).</param>
/// <param name="DetectDrift">Start DetectStackSetDrift on every stack set first and wait for it, so instances carry a fresh drift status.</param>
/// <param name="ControlTargets">OU ARNs whose enabled Control Tower controls are read (the targets the package names).</param>
public sealed record DeployedStateReaderOptions(int MaxParallelism = 4, bool DetectDrift = false, ImmutableArray<string> ControlTargets = default)
{
    /// <summary>How often a drift detection operation is polled.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest wait for one drift detection.</summary>
    public TimeSpan DriftTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// The package's service-managed member stack sets (our names, no CfCT prefix), read like CfCT's with
    /// <c>CallAs SELF</c>; when any is expected, StackSets' trusted access with Organizations is checked first.
    /// </summary>
    public ImmutableArray<string> ServiceManagedNames { get; init; } = [];
}

/// <summary>The state and whether the Control Tower controls could be read (false: the report leaves them out).</summary>
public sealed record DeployedStateReadResult(DeployedState State, bool ControlsRead, ImmutableArray<Diagnostic> Diagnostics);

/// <summary>
/// Reads what CfCT really deployed: every ACTIVE <c>CustomControlTower-*</c> stack set with its template, parameters,
/// all instances (one paginated ListStackInstances per stack set, never a call per account) and its latest operation,
/// and the Control Tower controls enabled on the package's target OUs.
/// </summary>
public sealed class DeployedStateReader(ICloudFormationApi cloudFormation, IControlTowerApi? controlTower, DeployedStateReaderOptions? options = null)
{
    public const string StackSetPrefix = "CustomControlTower-";

    private static readonly HashSet<string> Running = new(StringComparer.Ordinal) { "RUNNING", "QUEUED", "STOPPING" };

    private readonly DeployedStateReaderOptions _options = options ?? new DeployedStateReaderOptions();

    public async Task<DeployedStateReadResult> ReadAsync(CancellationToken cancellationToken)
    {
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        var names = new List<string>();
        var serviceManaged = _options.ServiceManagedNames.IsDefault ? [] : _options.ServiceManagedNames.ToHashSet(StringComparer.Ordinal);
        if (serviceManaged.Count > 0)
        {
            await CheckTrustedAccessAsync(diagnostics, cancellationToken).ConfigureAwait(false);
        }

        await foreach (var summary in cloudFormation.ListStackSetsAsync(cancellationToken).ConfigureAwait(false))
        {
            if ((summary.StackSetName.StartsWith(StackSetPrefix, StringComparison.Ordinal) || serviceManaged.Contains(summary.StackSetName)) && summary.Status == "ACTIVE")
            {
                names.Add(summary.StackSetName);
            }
        }

        var sets = new ConcurrentBag<DeployedStackSet>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.MaxParallelism), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(names, parallel, async (name, ct) => sets.Add(await ReadStackSetAsync(name, ct).ConfigureAwait(false))).ConfigureAwait(false);

        var controls = ImmutableArray.CreateBuilder<DeployedControl>();
        var controlsRead = true;
        if (controlTower is not null && !_options.ControlTargets.IsDefaultOrEmpty)
        {
            try
            {
                foreach (var target in _options.ControlTargets.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
                {
                    await foreach (var enabled in controlTower.ListEnabledControlsAsync(target, cancellationToken).ConfigureAwait(false))
                    {
                        if (enabled.ControlIdentifier is { } id)
                        {
                            controls.Add(new DeployedControl(id, enabled.TargetIdentifier ?? target, enabled.StatusSummary?.Status ?? "SUCCEEDED", enabled.DriftStatusSummary?.DriftStatus));
                        }
                    }
                }
            }
            catch (AwsServiceException ex)
            {
                controlsRead = false;
                diagnostics.Add(new Diagnostic(
                    DiagnosticCodes.StatusControlsUnavailable,
                    $"Control Tower controls could not be read ({ex.ErrorCode}: {ex.Message}); the report leaves them out",
                    hint: "run status in the Control Tower home region of the management account with controltower:ListEnabledControls allowed"));
            }
        }

        var state = new DeployedState(
            [.. sets.OrderBy(s => s.Name, StringComparer.Ordinal)],
            [.. controls.OrderBy(c => c.TargetIdentifier, StringComparer.Ordinal).ThenBy(c => c.ControlIdentifier, StringComparer.Ordinal)]);
        return new DeployedStateReadResult(state, controlsRead, diagnostics.ToImmutable());
    }

    /// <summary>
    /// Service-managed stack sets need StackSets' trusted access with Organizations (activated once from the management
    /// account, <c>ActivateOrganizationsAccess</c>); without it no instance is created and automatic deployment never runs.
    /// </summary>
    private async Task CheckTrustedAccessAsync(ImmutableArray<Diagnostic>.Builder diagnostics, CancellationToken cancellationToken)
    {
        try
        {
            var status = await cloudFormation.DescribeOrganizationsAccessAsync(cancellationToken).ConfigureAwait(false);
            if (status is not null && status != "ENABLED")
            {
                diagnostics.Add(new Diagnostic(
                    DiagnosticCodes.StackSetsTrustedAccessDisabled,
                    $"StackSets' trusted access with Organizations is {status}: the package's service-managed stack sets ({string.Join(", ", _options.ServiceManagedNames)}) cannot be created and new accounts get no instances",
                    hint: "in the management account, home region: aws cloudformation activate-organizations-access (docs/landing-zone.md, 'Member stack sets')"));
            }
        }
        catch (AwsServiceException ex)
        {
            diagnostics.Add(new Diagnostic(
                DiagnosticCodes.StackSetsTrustedAccessUnknown,
                $"StackSets' trusted access with Organizations could not be read ({ex.ErrorCode}: {ex.Message})",
                hint: "run status in the management account with cloudformation:DescribeOrganizationsAccess allowed"));
        }
    }

    /// <summary>The latest operation of a stack set: the newest of the first page (ListStackSetOperations lists the newest first).</summary>
    public async Task<DeployedOperation?> LatestOperationAsync(string name, CancellationToken cancellationToken)
    {
        StackSetOperationSummary? latest = null;
        await foreach (var operation in cloudFormation.ListStackSetOperationsAsync(name, cancellationToken).Take(100).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (latest is null || (operation.CreationTimestamp ?? DateTimeOffset.MinValue) > (latest.CreationTimestamp ?? DateTimeOffset.MinValue))
            {
                latest = operation;
            }
        }

        return latest is null ? null : ToDeployed(latest);
    }

    internal static DeployedOperation ToDeployed(StackSetOperationSummary o) => new(o.OperationId, o.Action, o.Status, o.CreationTimestamp, o.EndTimestamp, o.StatusReason);

    private async Task<DeployedStackSet> ReadStackSetAsync(string name, CancellationToken cancellationToken)
    {
        if (_options.DetectDrift)
        {
            var operationId = await cloudFormation.DetectStackSetDriftAsync(name, cancellationToken).ConfigureAwait(false);
            var deadline = DateTimeOffset.UtcNow + _options.DriftTimeout;
            while (Running.Contains((await cloudFormation.DescribeStackSetOperationAsync(name, operationId, cancellationToken).ConfigureAwait(false)).Status))
            {
                if (DateTimeOffset.UtcNow > deadline)
                {
                    break;
                }

                await Task.Delay(_options.PollInterval, cancellationToken).ConfigureAwait(false);
            }
        }

        var detail = await cloudFormation.DescribeStackSetAsync(name, cancellationToken).ConfigureAwait(false);
        var instances = new List<DeployedInstance>();
        await foreach (var i in cloudFormation.ListStackInstancesAsync(name, null, cancellationToken).ConfigureAwait(false))
        {
            instances.Add(new DeployedInstance(i.Account, i.Region, i.Status, i.DetailedStatus, string.IsNullOrEmpty(i.StatusReason) ? null : i.StatusReason, i.DriftStatus));
        }

        var latest = await LatestOperationAsync(name, cancellationToken).ConfigureAwait(false);
        return new DeployedStackSet(
            name,
            detail.Status,
            detail.TemplateBody,
            [.. detail.Parameters.Select(p => new ManifestParameter(p.ParameterKey, p.ParameterValue))],
            latest,
            [.. instances.OrderBy(i => i.Account, StringComparer.Ordinal).ThenBy(i => i.Region, StringComparer.Ordinal)]);
    }
}
