using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.Runtime.Internal.Util;

namespace GovCfct.Aws.Http;

/// <summary>
/// Signs a request with the SDK's own SigV4 signer (<see cref="AWS4Signer"/>), so no signing crypto lives
/// in GovCfct. Returns the headers to send; the secret never leaves the signer. The signing time is the caller's,
/// corrected for clock skew (<see cref="AwsClockSkew"/>).
/// </summary>
internal static class AwsRequestSigner
{
    public static IReadOnlyDictionary<string, string> Sign(
        Uri endpoint,
        string signingName,
        string signingRegion,
        IReadOnlyDictionary<string, string> headers,
        byte[] body,
        ImmutableCredentials credentials,
        DateTime signedAt)
    {
        var request = new DefaultRequest(new SignedRequest(), signingName)
        {
            HttpMethod = "POST",
            Endpoint = new Uri(endpoint.GetLeftPart(UriPartial.Authority)),
            ResourcePath = endpoint.AbsolutePath,
            Content = body,
            AuthenticationRegion = signingRegion,
            OverrideSigningServiceName = signingName,
        };
        foreach (var (name, value) in headers)
        {
            request.Headers[name] = value;
        }

        if (credentials.UseToken)
        {
            request.Headers["X-Amz-Security-Token"] = credentials.Token;
        }

        var config = new SigningConfig(signingName, signingRegion);
        var result = new AWS4Signer().SignRequest(request, config, new RequestMetrics(), credentials.AccessKey, credentials.SecretKey, signedAt);
        request.Headers["Authorization"] = result.ForAuthorizationHeader;
        return new Dictionary<string, string>(request.Headers, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The SDK's signer needs a request object; this one carries nothing.</summary>
    private sealed class SignedRequest : AmazonWebServiceRequest;

    /// <summary>Minimal client configuration the SDK's signer reads the signing service and region from.</summary>
    private sealed class SigningConfig : ClientConfig
    {
        private readonly string _serviceName;

        public SigningConfig(string serviceName, string region)
            : base(new DefaultConfigurationProvider([new DefaultConfiguration { Name = DefaultConfigurationMode.Standard, RetryMode = RequestRetryMode.Standard }]))
        {
            _serviceName = serviceName;
            AuthenticationServiceName = serviceName;
            AuthenticationRegion = region;
        }

        public override string RegionEndpointServiceName => _serviceName;

        public override string ServiceVersion => "1.1";

        public override string UserAgent => "govcfct";

        // Endpoints are resolved by AwsJsonService; the signer never asks.
        public override Amazon.Runtime.Endpoints.Endpoint DetermineServiceOperationEndpoint(Amazon.Runtime.Endpoints.ServiceOperationEndpointParameters parameters) =>
            throw new NotSupportedException();
    }
}
