using System.Text.Json;
using GovCfct.Aws.Http;
using GovCfct.Aws.Organizations;
using GovCfct.Aws.Tests.Infrastructure;
using GovCfct.Core.Organization;
using GovCfct.Testing.Aws.Infrastructure;

namespace GovCfct.Aws.Tests.Organizations;

/// <summary>Snapshots an organization of the government cloud's shape, created in moto through the API.</summary>
[Collection(MotoCollection.Name)]
public sealed class OrgSnapshotReaderMotoTests(MotoFixture moto)
{
    private AwsClientOptions Options => new(TestAccounts.Region, moto.Endpoint) { Credentials = TestAccounts.Basic };

    [Fact]
    public async Task Snapshot_has_the_tree_with_cfct_paths_accounts_and_policies_with_targets()
    {
        var account = TestAccounts.NewAccountId();
        using var admin = new RawJsonClient(OrganizationsClient.ServiceDescription, Options, new MotoAccountHandler(account));
        var org = await GovernmentCloudOrganization.CreateAsync(admin);
        using var client = new OrganizationsClient(Options, new MotoAccountHandler(account));

        var result = await new OrgSnapshotReader(client).ReadAsync(CancellationToken.None);
        var snapshot = result.Snapshot;

        snapshot.ManagementAccountId.Should().Be(account);
        snapshot.OrganizationId.Should().Be(org.OrganizationId);
        snapshot.RootId.Should().Be(org.RootId);
        snapshot.OrganizationalUnits.Select(o => o.Path).Should().Equal(
            "Infrastructure",
            "Ministries",
            "Ministries:DigitalAgency",
            "Ministries:DigitalAgency:Dev",
            "Ministries:DigitalAgency:Prod",
            "Municipalities",
            "Municipalities:Osaka",
            "Municipalities:Tokyo",
            "Municipalities:Tokyo:Shinjuku",
            "Security",
            "Suspended");
        var prod = snapshot.OrganizationalUnits.Single(o => o.Path == "Ministries:DigitalAgency:Prod");
        prod.ParentId.Should().Be(snapshot.OrganizationalUnits.Single(o => o.Path == "Ministries:DigitalAgency").Id);

        snapshot.Accounts.Should().HaveCount(org.AccountParents.Count + 1);
        foreach (var (id, parentPath) in org.AccountParents)
        {
            var parent = snapshot.OrganizationalUnits.Single(o => o.Path == parentPath).Id;
            snapshot.Accounts.Should().ContainSingle(a => a.Id == id).Which.ParentId.Should().Be(parent);
        }

        snapshot.Accounts.Single(a => a.Id == account).ParentId.Should().Be(snapshot.RootId);
        snapshot.Accounts.Single(a => a.Id == org.ClosedAccountId).Status.Should().NotBe("ACTIVE");

        var denyRegions = snapshot.Policies.Single(p => p.Name == "gc-deny-regions");
        denyRegions.Type.Should().Be(PolicyTypes.ServiceControlPolicy);
        denyRegions.AwsManaged.Should().BeFalse();
        denyRegions.Targets.Should().BeEquivalentTo(org.DenyRegionsTargets);
        snapshot.Policies.Single(p => p.Name == "FullAWSAccess").AwsManaged.Should().BeTrue();
        denyRegions.Content.Should().Be(org.DenyRegionsDocument, "DescribePolicy returns the content the policy was created with, so plan --deployed can compare it");
        snapshot.Policies.Single(p => p.Name == "FullAWSAccess").Content.Should().BeNull("AWS-managed policies are not read");

        // Whatever moto says about RCPs, the snapshot is consistent and serializes byte-stably.
        var text = OrgSnapshotSerializer.Serialize(snapshot);
        var again = OrgSnapshotSerializer.Read(text, "snapshot.json");
        again.Diagnostics.Should().BeEmpty();
        OrgSnapshotSerializer.Serialize(again.Snapshot!).Should().Be(text);
        again.Snapshot!.Policies.Single(p => p.Name == "gc-deny-regions").Content.Should().Be(org.DenyRegionsDocument);
    }

    [Fact]
    public async Task A_policy_type_the_endpoint_cannot_list_and_a_second_root_are_warnings_and_the_snapshot_still_reads()
    {
        var account = TestAccounts.NewAccountId();
        using var admin = new RawJsonClient(OrganizationsClient.ServiceDescription, Options, new MotoAccountHandler(account));
        var org = await GovernmentCloudOrganization.CreateAsync(admin);
        using var client = new OrganizationsClient(Options, new MotoAccountHandler(account));

        var result = await new OrgSnapshotReader(new RcpsUnavailableWithSecondRoot(client)).ReadAsync(CancellationToken.None);

        result.Snapshot.RootId.Should().Be(org.RootId, "the first root by id is read");
        result.Diagnostics.Should().Contain(d => d.Code == Core.Diagnostics.DiagnosticCodes.SnapshotMultipleRoots.Id && d.Message.Contains($"covers {org.RootId} only", StringComparison.Ordinal));
        result.Diagnostics.Should().Contain(d => d.Code == Core.Diagnostics.DiagnosticCodes.SnapshotPolicyTypeUnavailable.Id && d.Message.StartsWith(PolicyTypes.ResourceControlPolicy, StringComparison.Ordinal));
        result.Snapshot.Policies.Should().Contain(p => p.Name == "gc-deny-regions").And.OnlyContain(p => p.Type == PolicyTypes.ServiceControlPolicy);
    }

    /// <summary>
    /// Moto's organization as an endpoint that refuses RCPs (an organization where the type is not enabled answers
    /// PolicyTypeNotEnabledException) and lists a second root after the real one: everything else is moto's answer.
    /// </summary>
    private sealed class RcpsUnavailableWithSecondRoot(IOrganizationsApi inner) : IOrganizationsApi
    {
        public Task<Organization> DescribeOrganizationAsync(CancellationToken cancellationToken) => inner.DescribeOrganizationAsync(cancellationToken);

        public async IAsyncEnumerable<OrganizationRoot> ListRootsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var root in inner.ListRootsAsync(cancellationToken))
            {
                yield return root;
            }

            yield return new OrganizationRoot("r-zzzz", null, "Second");
        }

        public IAsyncEnumerable<OrganizationalUnit> ListOrganizationalUnitsForParentAsync(string parentId, CancellationToken cancellationToken) => inner.ListOrganizationalUnitsForParentAsync(parentId, cancellationToken);

        public IAsyncEnumerable<Account> ListAccountsForParentAsync(string parentId, CancellationToken cancellationToken) => inner.ListAccountsForParentAsync(parentId, cancellationToken);

        public IAsyncEnumerable<PolicySummary> ListPoliciesAsync(string policyType, CancellationToken cancellationToken) =>
            policyType == PolicyTypes.ResourceControlPolicy
                ? throw new AwsServiceException("PolicyTypeNotEnabledException", "This operation can be performed only for enabled policy types.", System.Net.HttpStatusCode.BadRequest, null)
                : inner.ListPoliciesAsync(policyType, cancellationToken);

        public IAsyncEnumerable<PolicyTargetSummary> ListTargetsForPolicyAsync(string policyId, CancellationToken cancellationToken) => inner.ListTargetsForPolicyAsync(policyId, cancellationToken);

        public Task<string?> DescribePolicyContentAsync(string policyId, CancellationToken cancellationToken) => inner.DescribePolicyContentAsync(policyId, cancellationToken);
    }
}

/// <summary>Creates, through the API, an organization shaped like the government cloud (nested ministries, municipalities).</summary>
public sealed record GovernmentCloudOrganization(
    string OrganizationId,
    string RootId,
    IReadOnlyDictionary<string, string> AccountParents,
    string ClosedAccountId,
    IReadOnlyList<string> DenyRegionsTargets)
{
    /// <summary>The document gc-deny-regions was created with, as CfCT would submit it.</summary>
    public string DenyRegionsDocument { get; init; } = string.Empty;

    public static async Task<GovernmentCloudOrganization> CreateAsync(RawJsonClient admin)
    {
        var created = await admin.CallAsync("CreateOrganization", new { FeatureSet = "ALL" });
        var organizationId = created.GetProperty("Organization").GetProperty("Id").GetString()!;
        var rootId = (await admin.CallAsync("ListRoots", new { })).GetProperty("Roots")[0].GetProperty("Id").GetString()!;

        var ous = new Dictionary<string, string>(StringComparer.Ordinal);
        async Task<string> Ou(string path)
        {
            var cut = path.LastIndexOf(':');
            var parent = cut < 0 ? rootId : ous[path[..cut]];
            var name = cut < 0 ? path : path[(cut + 1)..];
            var ou = await admin.CallAsync("CreateOrganizationalUnit", new { ParentId = parent, Name = name });
            return ous[path] = ou.GetProperty("OrganizationalUnit").GetProperty("Id").GetString()!;
        }

        foreach (var path in new[] { "Security", "Infrastructure", "Ministries", "Ministries:DigitalAgency", "Ministries:DigitalAgency:Prod", "Ministries:DigitalAgency:Dev", "Municipalities", "Municipalities:Tokyo", "Municipalities:Tokyo:Shinjuku", "Municipalities:Osaka", "Suspended" })
        {
            await Ou(path);
        }

        var parents = new Dictionary<string, string>(StringComparer.Ordinal);
        async Task<string> Account(string name, string ouPath)
        {
            var status = await admin.CallAsync("CreateAccount", new { AccountName = name, Email = $"{name}@example.jp" });
            var id = status.GetProperty("CreateAccountStatus").GetProperty("AccountId").GetString()!;
            await admin.CallAsync("MoveAccount", new { AccountId = id, SourceParentId = rootId, DestinationParentId = ous[ouPath] });
            parents[id] = ouPath;
            return id;
        }

        await Account("log-archive", "Security");
        await Account("audit", "Security");
        await Account("network-hub", "Infrastructure");
        await Account("digital-prod", "Ministries:DigitalAgency:Prod");
        await Account("digital-dev", "Ministries:DigitalAgency:Dev");
        await Account("shinjuku-prod", "Municipalities:Tokyo:Shinjuku");
        await Account("shinjuku-dev", "Municipalities:Tokyo:Shinjuku");
        await Account("osaka-city", "Municipalities:Osaka");
        var closed = await Account("closed-one", "Suspended");
        await admin.CallAsync("CloseAccount", new { AccountId = closed });

        var document = JsonSerializer.Serialize(new
        {
            Version = "2012-10-17",
            Statement = new[] { new { Sid = "DenyRegions", Effect = "Deny", NotAction = new[] { "iam:*", "organizations:*" }, Resource = "*", Condition = new { StringNotEquals = new Dictionary<string, string[]> { ["aws:RequestedRegion"] = ["ap-northeast-1", "ap-northeast-3"] } } } },
        });
        var policy = await admin.CallAsync("CreatePolicy", new { Name = "gc-deny-regions", Description = "regions", Type = "SERVICE_CONTROL_POLICY", Content = document });
        var policyId = policy.GetProperty("Policy").GetProperty("PolicySummary").GetProperty("Id").GetString()!;
        var targets = new List<string> { ous["Ministries"], ous["Municipalities:Tokyo:Shinjuku"], parents.First(p => p.Value == "Municipalities:Osaka").Key };
        foreach (var target in targets)
        {
            await admin.CallAsync("AttachPolicy", new { PolicyId = policyId, TargetId = target });
        }

        return new GovernmentCloudOrganization(organizationId, rootId, parents, closed, targets) { DenyRegionsDocument = document };
    }
}
