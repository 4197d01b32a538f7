using System.Collections.Immutable;

namespace GovCfct.Aws.Organizations;

// Shapes of the AWS Organizations JSON-1.1 API (botocore organizations 2016-11-28, Apache-2.0; the subset
// used is vendored in Models/organizations.service-2.subset.json). Member names match the model exactly.

/// <summary>DescribeOrganization output member <c>Organization</c>.</summary>
public sealed record Organization(string? Id, string? Arn, string? FeatureSet, string? MasterAccountArn, string? MasterAccountId, string? MasterAccountEmail);

/// <summary>Output of DescribeOrganization.</summary>
public sealed record DescribeOrganizationResponse(Organization? Organization);

/// <summary>An organization root.</summary>
public sealed record OrganizationRoot(string Id, string? Arn, string? Name);

/// <summary>Input of ListRoots.</summary>
public sealed record ListRootsRequest(string? NextToken = null, int? MaxResults = null);

/// <summary>Output of ListRoots.</summary>
public sealed record ListRootsResponse(ImmutableArray<OrganizationRoot>? Roots, string? NextToken);

/// <summary>An organizational unit.</summary>
public sealed record OrganizationalUnit(string Id, string? Arn, string Name);

/// <summary>Input of ListOrganizationalUnitsForParent.</summary>
public sealed record ListOrganizationalUnitsForParentRequest(string ParentId, string? NextToken = null, int? MaxResults = null);

/// <summary>Output of ListOrganizationalUnitsForParent.</summary>
public sealed record ListOrganizationalUnitsForParentResponse(ImmutableArray<OrganizationalUnit>? OrganizationalUnits, string? NextToken);

/// <summary>An account; <c>Status</c> is ACTIVE, SUSPENDED or PENDING_CLOSURE, <c>State</c> its newer, finer form; <c>JoinedTimestamp</c> epoch seconds.</summary>
public sealed record Account(string Id, string? Arn, string? Email, string? Name, string? Status, string? State, double? JoinedTimestamp = null);

/// <summary>Input of ListAccountsForParent.</summary>
public sealed record ListAccountsForParentRequest(string ParentId, string? NextToken = null, int? MaxResults = null);

/// <summary>Output of ListAccountsForParent.</summary>
public sealed record ListAccountsForParentResponse(ImmutableArray<Account>? Accounts, string? NextToken);

/// <summary>A policy's summary; <c>Type</c> is a PolicyType (SERVICE_CONTROL_POLICY, RESOURCE_CONTROL_POLICY, ...).</summary>
public sealed record PolicySummary(string Id, string? Arn, string Name, string? Description, string? Type, bool AwsManaged);

/// <summary>Input of ListPolicies.</summary>
public sealed record ListPoliciesRequest(string Filter, string? NextToken = null, int? MaxResults = null);

/// <summary>Output of ListPolicies and ListPoliciesForTarget.</summary>
public sealed record ListPoliciesResponse(ImmutableArray<PolicySummary>? Policies, string? NextToken);

/// <summary>Input of ListPoliciesForTarget.</summary>
public sealed record ListPoliciesForTargetRequest(string TargetId, string Filter, string? NextToken = null, int? MaxResults = null);

/// <summary>A target of a policy; <c>Type</c> is ACCOUNT, ORGANIZATIONAL_UNIT or ROOT.</summary>
public sealed record PolicyTargetSummary(string TargetId, string? Arn, string? Name, string? Type);

/// <summary>Input of ListTargetsForPolicy.</summary>
public sealed record ListTargetsForPolicyRequest(string PolicyId, string? NextToken = null, int? MaxResults = null);

/// <summary>Output of ListTargetsForPolicy.</summary>
public sealed record ListTargetsForPolicyResponse(ImmutableArray<PolicyTargetSummary>? Targets, string? NextToken);

/// <summary>Input of DescribePolicy.</summary>
public sealed record DescribePolicyRequest(string PolicyId);

/// <summary>DescribePolicy output member <c>Policy</c>: the summary and the policy's text as Organizations stores it.</summary>
public sealed record Policy(PolicySummary? PolicySummary, string? Content);

/// <summary>Output of DescribePolicy.</summary>
public sealed record DescribePolicyResponse(Policy? Policy);

/// <summary>The policy types GovCfct reads (PolicyType enum of the model).</summary>
public static class PolicyTypes
{
    public const string ServiceControlPolicy = "SERVICE_CONTROL_POLICY";
    public const string ResourceControlPolicy = "RESOURCE_CONTROL_POLICY";
}
