using System.Collections.Immutable;
using GovCfct.Core.Cfct;
using GovCfct.Core.Packaging;

namespace GovCfct.Core.Status;

/// <summary>
/// What is really deployed, as AWS reports it: CfCT's stack sets (<c>CustomControlTower-*</c>) with every instance
/// and the last operation, and the Control Tower controls enabled on OUs. Policies and their attachments come
/// from the organization snapshot beside it. Read live by <c>govcfct status</c> or from a saved status JSON.
/// </summary>
public sealed record DeployedState(ImmutableArray<DeployedStackSet> StackSets, ImmutableArray<DeployedControl> EnabledControls)
{
    public static DeployedState Empty { get; } = new([], []);

    /// <summary>
    /// Per-account status of the detective controls' organization conformance packs, per region, as
    /// <c>GetOrganizationConformancePackDetailedStatus</c> reports it; empty when the package deploys none.
    /// </summary>
    public ImmutableArray<DeployedPackStatus> ConformancePacks { get; init; } = [];
}

/// <summary>
/// One member account's status of one organization conformance pack in one region (OrganizationConformancePackDetailedStatus):
/// CREATE_SUCCESSFUL, CREATE_IN_PROGRESS, CREATE_FAILED, DELETE_SUCCESSFUL, DELETE_FAILED, DELETE_IN_PROGRESS,
/// UPDATE_SUCCESSFUL, UPDATE_IN_PROGRESS or UPDATE_FAILED, with the error AWS Config gives.
/// </summary>
public sealed record DeployedPackStatus(string PackName, string Region, string AccountId, string Status, string? ErrorCode = null, string? ErrorMessage = null);

/// <summary>
/// One stack set: <see cref="Status"/> is ACTIVE or DELETED; the template body and parameters are what
/// DescribeStackSet returns (plan --deployed compares the package against them).
/// </summary>
public sealed record DeployedStackSet(
    string Name,
    string Status,
    string? TemplateBody,
    ImmutableArray<ManifestParameter> Parameters,
    DeployedOperation? LastOperation,
    ImmutableArray<DeployedInstance> Instances);

/// <summary>
/// A stack instance as ListStackInstances reports it: Status CURRENT, OUTDATED or INOPERABLE, the detailed status
/// (PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED, INOPERABLE, SKIPPED_SUSPENDED_ACCOUNT, FAILED_IMPORT), the
/// reason CloudFormation gives and the drift status (DRIFTED, IN_SYNC, UNKNOWN, NOT_CHECKED).
/// </summary>
public sealed record DeployedInstance(string Account, string Region, string Status, string? DetailedStatus = null, string? StatusReason = null, string? DriftStatus = null);

/// <summary>A stack set operation (CREATE, UPDATE, DELETE, DETECT_DRIFT) and how it ended or where it is.</summary>
public sealed record DeployedOperation(string OperationId, string Action, string Status, DateTimeOffset? Created, DateTimeOffset? Ended, string? StatusReason = null);

/// <summary>
/// An enabled Control Tower control: its identifier ARN, the OU ARN it is enabled on, the deployment status
/// (SUCCEEDED, FAILED, UNDER_CHANGE) and the drift status (DRIFTED, IN_SYNC, NOT_CHECKING, UNKNOWN).
/// </summary>
public sealed record DeployedControl(string ControlIdentifier, string TargetIdentifier, string Status, string? DriftStatus = null);
