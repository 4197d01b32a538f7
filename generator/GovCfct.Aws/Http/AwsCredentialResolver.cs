using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;

namespace GovCfct.Aws.Http;

/// <summary>
/// Region and credentials, resolved only by the SDK's standard chain (profile, SSO, environment,
/// container and instance roles); GovCfct never reads credential variables or files itself.
/// </summary>
public static class AwsCredentialResolver
{
    // One resolver for the process, as the SDK's own clients share one: it caches the chain's result.
    private static readonly DefaultAWSCredentialsIdentityResolver SharedResolver = new();

    /// <summary>Option, then the named profile's region, then the SDK's fallback (AWS_REGION, AWS_DEFAULT_REGION, default profile).</summary>
    public static string ResolveRegion(AwsClientOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.Region))
        {
            return options.Region.Trim();
        }

        if (options.Profile is not null
            && new CredentialProfileStoreChain().TryGetProfile(options.Profile, out var profile)
            && profile.Region is not null)
        {
            return profile.Region.SystemName;
        }

        // Instance metadata is not asked: off EC2 it only adds seconds of waiting before the same error.
        var fallback = FallbackRegionFactory.GetRegionEndpoint(false);
        return fallback?.SystemName
            ?? throw new AwsServiceException(
                AwsErrorCodes.RegionNotFound,
                "no AWS region configured: pass --region, set AWS_REGION, or give the profile a region",
                0,
                null);
    }

    /// <summary>The caller's credentials: explicit, the named profile, or the default chain.</summary>
    public static async Task<AWSCredentials> ResolveCredentialsAsync(AwsClientOptions options, CancellationToken cancellationToken)
    {
        if (options.Credentials is not null)
        {
            return options.Credentials;
        }

        try
        {
            if (options.Profile is not null)
            {
                return new CredentialProfileStoreChain().TryGetAWSCredentials(options.Profile, out var profileCredentials)
                    ? profileCredentials
                    : throw new AwsServiceException(
                        AwsErrorCodes.CredentialsNotFound,
                        $"AWS profile '{options.Profile}' was not found or has no usable credentials in the shared config/credentials files",
                        0,
                        null);
            }

            return await SharedResolver.ResolveIdentityAsync(null, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonClientException ex)
        {
            throw new AwsServiceException(
                AwsErrorCodes.CredentialsNotFound,
                "no AWS credentials found: use --profile or AWS_PROFILE, 'aws sso login', environment credentials, or a container/instance role (" + ex.Message + ")",
                0,
                null);
        }
    }

    /// <summary>
    /// Resolves and returns immutable credentials, mapping chain failures to <see cref="AwsServiceException"/>. An IAM
    /// Identity Center profile whose cached token is missing, expired or refused is <see cref="AwsErrorCodes.SsoSessionInvalid"/>:
    /// the SDK (AWSSDK.SSO and AWSSDK.SSOOIDC) only uses and refreshes what 'aws sso login' cached, it never opens a browser here.
    /// </summary>
    internal static async Task<ImmutableCredentials> ResolveImmutableAsync(AWSCredentials credentials, string? profile, CancellationToken cancellationToken)
    {
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            return await credentials.GetCredentialsAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (credentials is SSOAWSCredentials && ex is AmazonClientException or AmazonServiceException)
        {
            var login = profile is null ? "aws sso login" : $"aws sso login --profile {profile}";
            throw new AwsServiceException(
                AwsErrorCodes.SsoSessionInvalid,
                $"the IAM Identity Center (SSO) session of {(profile is null ? "the profile" : $"profile '{profile}'")} is missing or expired ({ex.Message}); run '{login}'",
                0,
                null);
        }
        catch (AmazonClientException ex)
        {
            throw new AwsServiceException(AwsErrorCodes.CredentialsNotFound, "AWS credentials could not be obtained: " + ex.Message, 0, null);
        }
    }
}
