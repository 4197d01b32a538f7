using System.Collections.Immutable;
using GovCfct.Aws.Http;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Packaging;
using GovCfct.Core.Status;

namespace GovCfct.Aws.Config;

/// <summary>
/// An OrganizationConformancePackDetailedStatus (botocore <c>config</c> 2014-11-12): a member account, the pack's name in
/// it, its status, the error AWS Config gives for a failure, and when it last changed (epoch seconds).
/// </summary>
public sealed record OrganizationConformancePackDetailedStatus(string AccountId, string ConformancePackName, string Status, string? ErrorCode, string? ErrorMessage, double? LastUpdateTime = null);

/// <summary>The AWS Config operations status needs; <see cref="ConfigClient"/> calls AWS.</summary>
public interface IConfigApi
{
    /// <summary>The region the client calls: organization conformance packs are deployed, and reported, per region.</summary>
    string Region { get; }

    IAsyncEnumerable<OrganizationConformancePackDetailedStatus> GetOrganizationConformancePackDetailedStatusAsync(string packName, CancellationToken cancellationToken);
}

/// <summary>
/// AWS Config (JSON 1.1, target prefix StarlingDoveService, PascalCase members as in botocore's config
/// service-2.json): the per-account status of an organization conformance pack, 100 accounts a page (the maximum).
/// </summary>
public sealed class ConfigClient : AwsJsonClient, IConfigApi
{
    public static readonly AwsJsonService ServiceDescription = new("Config Service", "config", "StarlingDoveService", "config");

    /// <summary>The largest page GetOrganizationConformancePackDetailedStatus returns (CosmosPageLimit).</summary>
    public const int PageSize = 100;

    public ConfigClient(AwsClientOptions options, HttpMessageHandler? handler = null)
        : base(ServiceDescription, options, handler)
    {
    }

    public IAsyncEnumerable<OrganizationConformancePackDetailedStatus> GetOrganizationConformancePackDetailedStatusAsync(string packName, CancellationToken cancellationToken) =>
        PaginateAsync<DetailedStatusResponse, OrganizationConformancePackDetailedStatus>(
            "GetOrganizationConformancePackDetailedStatus",
            token => new DetailedStatusRequest(packName, PageSize, token),
            r => r.OrganizationConformancePackDetailedStatuses,
            r => r.NextToken,
            cancellationToken);

    private sealed record DetailedStatusRequest(string OrganizationConformancePackName, int Limit, string? NextToken);

    private sealed record DetailedStatusResponse(List<OrganizationConformancePackDetailedStatus>? OrganizationConformancePackDetailedStatuses, string? NextToken);
}

/// <summary>The packs' per-account status in every region they are deployed in, or why it could not be read.</summary>
public sealed record ConformancePackStatusRead(ImmutableArray<DeployedPackStatus> Statuses, bool Read, ImmutableArray<Diagnostic> Diagnostics);

/// <summary>
/// Reads <c>GetOrganizationConformancePackDetailedStatus</c> for every expected pack in each of its regions (one client
/// per region). A pack that does not exist yet reads as no status (every account missing it); any other failure is
/// GCF3521 and leaves the packs out of the report rather than reporting every account missing.
/// </summary>
public static class ConformancePackStatusReader
{
    public static async Task<ConformancePackStatusRead> ReadAsync(IEnumerable<ExpectedPack> packs, Func<string, IConfigApi> clientFor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(packs);
        ArgumentNullException.ThrowIfNull(clientFor);
        var result = ImmutableArray.CreateBuilder<DeployedPackStatus>();
        foreach (var pack in packs)
        {
            foreach (var region in pack.Regions)
            {
                var client = clientFor(region);
                try
                {
                    await foreach (var status in client.GetOrganizationConformancePackDetailedStatusAsync(pack.Name, cancellationToken).ConfigureAwait(false))
                    {
                        result.Add(new DeployedPackStatus(pack.Name, region, status.AccountId, status.Status, status.ErrorCode, status.ErrorMessage));
                    }
                }
                catch (AwsServiceException ex) when (ex.ErrorCode == "NoSuchOrganizationConformancePackException")
                {
                    // Not deployed (yet) in this region: no account has it.
                }
                catch (AwsServiceException ex)
                {
                    return new ConformancePackStatusRead([], false, [new Diagnostic(
                        DiagnosticCodes.ConformancePackStatusUnreadable,
                        $"the status of organization conformance pack {pack.Name} in {region} could not be read ({ex.ErrorCode}: {ex.Message}); the report leaves the packs out",
                        hint: "run status with the management account's credentials and config:GetOrganizationConformancePackDetailedStatus allowed in every governed region")]);
                }
            }
        }

        return new ConformancePackStatusRead(
            [.. result.OrderBy(s => s.PackName, StringComparer.Ordinal).ThenBy(s => s.Region, StringComparer.Ordinal).ThenBy(s => s.AccountId, StringComparer.Ordinal)],
            true,
            []);
    }
}
