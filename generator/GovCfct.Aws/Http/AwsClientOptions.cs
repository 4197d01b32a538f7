using Amazon.Runtime;

namespace GovCfct.Aws.Http;

/// <summary>
/// How to reach AWS: every client (JSON-1.1 clients, S3, STS) takes the same options so that one set of
/// command-line flags (<c>--region</c>, <c>--endpoint-url</c>, <c>--profile</c>) configures them all.
/// </summary>
/// <param name="Region">Explicit region; otherwise the profile's, then AWS_REGION via the SDK.</param>
/// <param name="EndpointUrl">Override of the service endpoint (e.g. moto on 127.0.0.1).</param>
/// <param name="Profile">Named profile of the shared config/credentials files; otherwise the SDK's default chain.</param>
/// <param name="MaxAttempts">Attempts per call including the first; retries only throttling, 5xx and connection faults.</param>
/// <param name="Timeout">Time allowed for one attempt (request and response body).</param>
public sealed record AwsClientOptions(
    string? Region = null,
    Uri? EndpointUrl = null,
    string? Profile = null,
    int MaxAttempts = AwsClientOptions.DefaultMaxAttempts,
    TimeSpan? Timeout = null)
{
    public const int DefaultMaxAttempts = 5;

    /// <summary>Per-attempt time when <see cref="Timeout"/> is not given.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Upper bound for one call across all its attempts and back-off waits, so a run never hangs.</summary>
    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>First back-off delay; later ones grow exponentially with jitter.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Credentials already resolved by the caller (an assumed role, a test's key). When null the SDK's
    /// standard chain is used; GovCfct never reads credential variables or files itself.
    /// </summary>
    public AWSCredentials? Credentials { get; init; }

    /// <summary>Reads an environment variable: the process environment, or a test's (endpoint settings only, never credentials).</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>
    /// The endpoint of an SDK-based client (S3, STS): <see cref="EndpointUrl"/>, else the configured one
    /// (<see cref="AwsEndpoints.Configured"/>), else null for the SDK's regional endpoint.
    /// </summary>
    public Uri? EndpointFor(string serviceId) => EndpointUrl ?? AwsEndpoints.Configured(serviceId, Profile, Environment);

    /// <summary>Receives one line per attempt and retry for <c>--verbose</c>; never sees headers, bodies or keys.</summary>
    public Action<string>? Log { get; init; }

    public TimeSpan EffectiveTimeout => Timeout ?? DefaultTimeout;
}
