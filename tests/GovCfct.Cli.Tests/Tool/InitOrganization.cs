using GovCfct.Aws.Http;
using GovCfct.Aws.Organizations;
using GovCfct.Testing.Aws.Infrastructure;

namespace GovCfct.Cli.Tests.Tool;

/// <summary>The organization <c>govcfct init</c>'s definition governs (Workloads, Security, Production, Development), in moto.</summary>
internal static class InitOrganization
{
    /// <summary>Creates the organization and the OUs that are missing; the tests share moto's default account.</summary>
    public static async Task EnsureAsync(Uri motoEndpoint)
    {
        using var admin = MotoOrganization.Admin(motoEndpoint);
        await MotoOrganization.EnsureAsync(admin);

        var roots = await admin.CallAsync("ListRoots", new { });
        var root = roots.GetProperty("Roots")[0].GetProperty("Id").GetString()!;
        var workloads = await EnsureOuAsync(admin, root, "Workloads");
        await EnsureOuAsync(admin, root, "Security");
        await EnsureOuAsync(admin, workloads, "Production");
        await EnsureOuAsync(admin, workloads, "Development");
    }

    private static async Task<string> EnsureOuAsync(RawJsonClient admin, string parent, string name)
    {
        var children = await admin.CallAsync("ListOrganizationalUnitsForParent", new { ParentId = parent });
        foreach (var ou in children.GetProperty("OrganizationalUnits").EnumerateArray())
        {
            if (ou.GetProperty("Name").GetString() == name)
            {
                return ou.GetProperty("Id").GetString()!;
            }
        }

        var created = await admin.CallAsync("CreateOrganizationalUnit", new { ParentId = parent, Name = name });
        return created.GetProperty("OrganizationalUnit").GetProperty("Id").GetString()!;
    }
}
