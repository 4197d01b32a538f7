using System.Collections.Immutable;

namespace GovCfct.Aws.CloudFormation;

// Shapes of the CloudFormation StackSets API (botocore cloudformation 2010-05-15, Apache-2.0); members named as in the model.

/// <summary>A StackSetSummary of ListStackSets.</summary>
public sealed record StackSetSummary(string StackSetName, string Status, string? PermissionModel);

/// <summary>A parameter of a stack set.</summary>
public sealed record StackSetParameter(string ParameterKey, string ParameterValue);

/// <summary>DescribeStackSet's StackSet: the template and parameters CfCT last deployed.</summary>
public sealed record StackSetDetail(string StackSetName, string Status, string? TemplateBody, ImmutableArray<StackSetParameter> Parameters, string? PermissionModel, string? ExecutionRoleName);

/// <summary>A StackInstanceSummary (ListStackInstances) or StackInstance (DescribeStackInstance).</summary>
public sealed record StackInstanceSummary(string Account, string Region, string Status, string? DetailedStatus, string? StatusReason, string? DriftStatus, string? LastOperationId);

/// <summary>A StackInstanceFilter: Name DETAILED_STATUS, LAST_OPERATION_ID or DRIFT_STATUS and its value.</summary>
public sealed record StackInstanceFilter(string Name, string Values);

/// <summary>A StackSetOperationSummary or StackSetOperation: action CREATE/UPDATE/DELETE/DETECT_DRIFT, status RUNNING/SUCCEEDED/FAILED/STOPPING/STOPPED/QUEUED.</summary>
public sealed record StackSetOperationSummary(string OperationId, string Action, string Status, DateTimeOffset? CreationTimestamp, DateTimeOffset? EndTimestamp, string? StatusReason);

/// <summary>A StackSetOperationResultSummary: one account and region of an operation.</summary>
public sealed record StackSetOperationResult(string Account, string Region, string Status, string? StatusReason);

/// <summary>The CloudFormation operations status needs; <see cref="CloudFormationClient"/> calls AWS.</summary>
public interface ICloudFormationApi
{
    IAsyncEnumerable<StackSetSummary> ListStackSetsAsync(CancellationToken cancellationToken);

    Task<StackSetDetail> DescribeStackSetAsync(string stackSetName, CancellationToken cancellationToken);

    IAsyncEnumerable<StackInstanceSummary> ListStackInstancesAsync(string stackSetName, IReadOnlyList<StackInstanceFilter>? filters, CancellationToken cancellationToken);

    Task<StackInstanceSummary> DescribeStackInstanceAsync(string stackSetName, string account, string region, CancellationToken cancellationToken);

    IAsyncEnumerable<StackSetOperationSummary> ListStackSetOperationsAsync(string stackSetName, CancellationToken cancellationToken);

    IAsyncEnumerable<StackSetOperationResult> ListStackSetOperationResultsAsync(string stackSetName, string operationId, CancellationToken cancellationToken);

    Task<string> DetectStackSetDriftAsync(string stackSetName, CancellationToken cancellationToken);

    Task<StackSetOperationSummary> DescribeStackSetOperationAsync(string stackSetName, string operationId, CancellationToken cancellationToken);

    /// <summary>StackSets' trusted access with Organizations (<c>ENABLED</c> or <c>DISABLED</c>); null when this API cannot tell.</summary>
    Task<string?> DescribeOrganizationsAccessAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}
