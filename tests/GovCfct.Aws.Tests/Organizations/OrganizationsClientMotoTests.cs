using GovCfct.Aws.Http;
using GovCfct.Aws.Organizations;
using GovCfct.Aws.Tests.Infrastructure;
using GovCfct.Testing.Aws.Infrastructure;

namespace GovCfct.Aws.Tests.Organizations;

/// <summary>The typed Organizations client against moto: real JSON-1.1 shapes, pagination, errors.</summary>
[Collection(MotoCollection.Name)]
public sealed class OrganizationsClientMotoTests(MotoFixture moto)
{
    private AwsClientOptions Options => new(TestAccounts.Region, moto.Endpoint) { Credentials = TestAccounts.Basic };

    [Fact]
    public async Task Describes_the_organization_and_pages_through_many_accounts()
    {
        var account = TestAccounts.NewAccountId();
        using var admin = new RawJsonClient(OrganizationsClient.ServiceDescription, Options, new MotoAccountHandler(account));
        using var client = new OrganizationsClient(Options, new MotoAccountHandler(account));
        await admin.CallAsync("CreateOrganization", new { FeatureSet = "ALL" });
        var root = await client.ListRootsAsync(CancellationToken.None).SingleAsync();
        var ou = (await admin.CallAsync("CreateOrganizationalUnit", new { ParentId = root.Id, Name = "Busy" })).GetProperty("OrganizationalUnit").GetProperty("Id").GetString()!;
        for (var i = 0; i < 25; i++)
        {
            var created = await admin.CallAsync("CreateAccount", new { AccountName = $"acct-{i:00}", Email = $"acct-{i:00}@example.jp" });
            var id = created.GetProperty("CreateAccountStatus").GetProperty("AccountId").GetString()!;
            await admin.CallAsync("MoveAccount", new { AccountId = id, SourceParentId = root.Id, DestinationParentId = ou });
        }

        var organization = await client.DescribeOrganizationAsync(CancellationToken.None);
        var accounts = await client.ListAccountsForParentAsync(ou, CancellationToken.None).ToListAsync();

        organization.Id.Should().StartWith("o-");
        organization.MasterAccountId.Should().Be(account);
        accounts.Should().HaveCount(25);
        accounts.Select(a => a.Id).Should().OnlyHaveUniqueItems();
        accounts.Should().AllSatisfy(a => a.Status.Should().Be("ACTIVE"));
    }

    [Fact]
    public async Task An_account_outside_an_organization_gets_the_service_error()
    {
        using var client = new OrganizationsClient(Options, new MotoAccountHandler(TestAccounts.NewAccountId()));

        var error = (await client.Invoking(c => c.DescribeOrganizationAsync(CancellationToken.None)).Should().ThrowAsync<AwsServiceException>()).Which;

        error.ErrorCode.Should().Be("AWSOrganizationsNotInUseException");
        error.Attempts.Should().Be(1);
    }
}
