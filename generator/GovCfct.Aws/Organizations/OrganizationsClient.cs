using GovCfct.Aws.Http;

namespace GovCfct.Aws.Organizations;

/// <summary>
/// Read-only AWS Organizations client (no SDK package is served for it). Every list follows
/// <c>NextToken</c> to the end, so callers always see the whole organization.
/// </summary>
public sealed class OrganizationsClient : AwsJsonClient, IOrganizationsApi
{
    /// <summary>Organizations is global: one endpoint per partition, signed for us-east-1 in the aws partition.</summary>
    public static readonly AwsJsonService ServiceDescription =
        new("Organizations", "organizations", "AWSOrganizationsV20161128", "organizations", IsGlobal: true);

    public OrganizationsClient(AwsClientOptions options, HttpMessageHandler? handler = null)
        : base(ServiceDescription, options, handler)
    {
    }

    public async Task<Organization> DescribeOrganizationAsync(CancellationToken cancellationToken)
    {
        var response = await InvokeAsync<DescribeOrganizationResponse>("DescribeOrganization", new EmptyRequest(), cancellationToken).ConfigureAwait(false);
        return response.Organization ?? new Organization(null, null, null, null, null, null);
    }

    public IAsyncEnumerable<OrganizationRoot> ListRootsAsync(CancellationToken cancellationToken) =>
        PaginateAsync<ListRootsResponse, OrganizationRoot>(
            "ListRoots", token => new ListRootsRequest(token), r => r.Roots, r => r.NextToken, cancellationToken);

    public IAsyncEnumerable<OrganizationalUnit> ListOrganizationalUnitsForParentAsync(string parentId, CancellationToken cancellationToken) =>
        PaginateAsync<ListOrganizationalUnitsForParentResponse, OrganizationalUnit>(
            "ListOrganizationalUnitsForParent", token => new ListOrganizationalUnitsForParentRequest(parentId, token), r => r.OrganizationalUnits, r => r.NextToken, cancellationToken);

    public IAsyncEnumerable<Account> ListAccountsForParentAsync(string parentId, CancellationToken cancellationToken) =>
        PaginateAsync<ListAccountsForParentResponse, Account>(
            "ListAccountsForParent", token => new ListAccountsForParentRequest(parentId, token), r => r.Accounts, r => r.NextToken, cancellationToken);

    public IAsyncEnumerable<PolicySummary> ListPoliciesAsync(string policyType, CancellationToken cancellationToken) =>
        PaginateAsync<ListPoliciesResponse, PolicySummary>(
            "ListPolicies", token => new ListPoliciesRequest(policyType, token), r => r.Policies, r => r.NextToken, cancellationToken);

    public IAsyncEnumerable<PolicyTargetSummary> ListTargetsForPolicyAsync(string policyId, CancellationToken cancellationToken) =>
        PaginateAsync<ListTargetsForPolicyResponse, PolicyTargetSummary>(
            "ListTargetsForPolicy", token => new ListTargetsForPolicyRequest(policyId, token), r => r.Targets, r => r.NextToken, cancellationToken);

    public IAsyncEnumerable<PolicySummary> ListPoliciesForTargetAsync(string targetId, string policyType, CancellationToken cancellationToken) =>
        PaginateAsync<ListPoliciesResponse, PolicySummary>(
            "ListPoliciesForTarget", token => new ListPoliciesForTargetRequest(targetId, policyType, token), r => r.Policies, r => r.NextToken, cancellationToken);

    public async Task<string?> DescribePolicyContentAsync(string policyId, CancellationToken cancellationToken)
    {
        var response = await InvokeAsync<DescribePolicyResponse>("DescribePolicy", new DescribePolicyRequest(policyId), cancellationToken).ConfigureAwait(false);
        return response.Policy?.Content;
    }

    /// <summary>Operations without input members still send <c>{}</c>.</summary>
    private sealed record EmptyRequest;
}
