namespace GovCfct.Aws.Organizations;

/// <summary>The read operations the snapshot needs, so the reader can be tested without HTTP.</summary>
public interface IOrganizationsApi
{
    Task<Organization> DescribeOrganizationAsync(CancellationToken cancellationToken);

    IAsyncEnumerable<OrganizationRoot> ListRootsAsync(CancellationToken cancellationToken);

    IAsyncEnumerable<OrganizationalUnit> ListOrganizationalUnitsForParentAsync(string parentId, CancellationToken cancellationToken);

    IAsyncEnumerable<Account> ListAccountsForParentAsync(string parentId, CancellationToken cancellationToken);

    IAsyncEnumerable<PolicySummary> ListPoliciesAsync(string policyType, CancellationToken cancellationToken);

    IAsyncEnumerable<PolicyTargetSummary> ListTargetsForPolicyAsync(string policyId, CancellationToken cancellationToken);

    /// <summary>The policy's content (DescribePolicy), so plan compares what is deployed with what it would publish.</summary>
    Task<string?> DescribePolicyContentAsync(string policyId, CancellationToken cancellationToken);
}
