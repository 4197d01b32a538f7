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

        if (Configured(service.ServiceId, profileName, environment) is { } configured)
        {
            return configured;
        }

        var profile = Profile(profileName ?? environment("AWS_PROFILE") ?? "default");
        var fips = IsTrue(environment("AWS_USE_FIPS_ENDPOINT")) || profile?.UseFIPSEndpoint == true;
        return service.Endpoint(region, fips);
    }

    /// <summary>
    /// The endpoint configured for the service whose SDK id is <paramref name="serviceId"/> (<c>S3</c>, <c>STS</c>, …):
    /// <c>AWS_ENDPOINT_URL_&lt;SERVICE_ID&gt;</c>, then <c>AWS_ENDPOINT_URL</c>, then the profile's <c>endpoint_url</c>;
    /// null when none is set or configured endpoints are ignored. The SDK-based clients (S3, STS) take it where
    /// <c>--endpoint-url</c> is not given, so every verb honours the same settings.
    /// </summary>
    public static Uri? Configured(string serviceId, string? profileName, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(serviceId);
        ArgumentNullException.ThrowIfNull(environment);
        var profile = Profile(profileName ?? environment("AWS_PROFILE") ?? "default");
        if (IsTrue(environment("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")) || profile?.IgnoreConfiguredEndpointUrls == true)
        {
            return null;
        }

        var configured = environment("AWS_ENDPOINT_URL_" + serviceId.ToUpperInvariant().Replace(' ', '_'))
            ?? environment("AWS_ENDPOINT_URL")
            ?? profile?.EndpointUrl;
        return string.IsNullOrWhiteSpace(configured) ? null : new Uri(configured.Trim().TrimEnd('/') + "/");
    }

    private static bool IsTrue(string? value) => string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    private static CredentialProfile? Profile(string name) =>
        new CredentialProfileStoreChain().TryGetProfile(name, out var profile) ? profile : null;
}
