using GovCfct.Aws.Http;
using GovCfct.Aws.Organizations;
using GovCfct.Testing.Aws.Infrastructure;

namespace GovCfct.Cli.Tests.Support;

/// <summary>The organization of moto's default account, shared by the CLI tests that use one moto.</summary>
internal static class MotoOrganization
{
    /// <summary>An Organizations client of moto's default account.</summary>
    public static RawJsonClient Admin(Uri motoEndpoint) =>
        new(OrganizationsClient.ServiceDescription, new AwsClientOptions(TestAccounts.Region, motoEndpoint) { Credentials = TestAccounts.Basic });

    /// <summary>Creates the organization unless another test of this run already did.</summary>
    public static async Task EnsureAsync(RawJsonClient admin)
    {
        try
        {
            await admin.CallAsync("CreateOrganization", new { FeatureSet = "ALL" });
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == "AlreadyInOrganizationException")
        {
            // Another test of this run created it in moto's default account.
        }
    }
}
