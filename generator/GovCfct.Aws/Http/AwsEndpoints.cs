using Amazon.Runtime.CredentialManagement;

namespace GovCfct.Aws.Http;

/// <summary>
/// Where a hand-written client sends its calls, by the same settings the SDK's own clients honour (AWS SDKs and
/// Tools reference guide, "Service-specific endpoints" and "FIPS endpoints"): <c>--endpoint-url</c>, then
/// <c>AWS_ENDPOINT_URL_&lt;SERVICE_ID&gt;</c>, then <c>AWS_ENDPOINT_URL</c>, then the profile's <c>endpoint_url</c>
/// (all skipped when <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true</c> or the profile's <c>ignore_configured_endpoint_urls</c>);
/// otherwise the public endpoint, its <c>-fips</c> form when <c>AWS_USE_FIPS_ENDPOINT=true</c> or the profile's
/// <c>use_fips_endpoint</c>. These are settings, not credentials: credentials still come only from the SDK's chain.
/// </summary>
public static class AwsEndpoints
{
    /// <summary>The endpoint for <paramref name="service"/> in <paramref name="region"/>.</summary>
    /// <param name="environment">Reads an environment variable (the process environment in production).</param>
    public static Uri Resolve(AwsJsonService service, string region, Uri? explicitEndpoint, string? profileName, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(environment);
        if (explicitEndpoint is not null)
        {
            return explicitEndpoint;
        }

        var profile = Profile(profileName ?? environment("AWS_PROFILE") ?? "default");
        var ignoreConfigured = IsTrue(environment("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")) || profile?.IgnoreConfiguredEndpointUrls == true;
        if (!ignoreConfigured)
        {
            var configured = environment("AWS_ENDPOINT_URL_" + service.ServiceId.ToUpperInvariant().Replace(' ', '_'))
                ?? environment("AWS_ENDPOINT_URL")
                ?? profile?.EndpointUrl;
            if (!string.IsNullOrWhiteSpace(configured))
            {
                return new Uri(configured.Trim().TrimEnd('/') + "/");
            }
        }

        var fips = IsTrue(environment("AWS_USE_FIPS_ENDPOINT")) || profile?.UseFIPSEndpoint == true;
        return service.Endpoint(region, fips);
    }

    private static bool IsTrue(string? value) => string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    private static CredentialProfile? Profile(string name) =>
        new CredentialProfileStoreChain().TryGetProfile(name, out var profile) ? profile : null;
}
