using System.Net;
using System.Text.RegularExpressions;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using GovCfct.Aws.Http;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Publishing;

namespace GovCfct.Aws.Publishing;

/// <summary>What to publish where: CfCT's S3 source bucket and the built package folder.</summary>
/// <param name="Bucket">Usually <c>custom-control-tower-configuration-ACCOUNT-REGION</c>.</param>
/// <param name="PackageDirectory">The folder <c>govcfct build</c> wrote.</param>
/// <param name="PackageDisplayPath">How diagnostics name the package folder.</param>
/// <param name="ExpectedBucketOwner">Account that must own the bucket; default: from the bucket name, else the caller's account.</param>
public sealed record S3PublishOptions(string Bucket, string PackageDirectory, string PackageDisplayPath, string? ExpectedBucketOwner = null)
{
    public string Key { get; init; } = PackageArchive.ObjectKey;
}

/// <summary>What happened: uploaded or unchanged, and the content hash that decided it.</summary>
public sealed record S3PublishResult(bool Uploaded, string Bucket, string Key, string Sha256, string ExpectedBucketOwner, int EntryCount, IReadOnlyList<Diagnostic> Diagnostics);

/// <summary>
/// Publishes a package to CfCT's S3 source: a deterministic zip, uploaded with server-side encryption and
/// the expected bucket owner, and skipped when the object already holds the same content (an upload
/// triggers CfCT's whole pipeline, which takes hours at thousands of accounts).
/// </summary>
public sealed partial class S3SourcePublisher(AwsClientOptions options)
{
    /// <summary>Object metadata key carrying the package hash, compared before uploading.</summary>
    public const string HashMetadataKey = "x-amz-meta-govcfct-sha256";

    public async Task<S3PublishResult> PublishAsync(S3PublishOptions publish, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(publish);
        var diagnostics = new List<Diagnostic>();
        var archive = PackageArchive.Create(publish.PackageDirectory, publish.PackageDisplayPath);
        var region = AwsCredentialResolver.ResolveRegion(options);
        var credentials = await AwsCredentialResolver.ResolveCredentialsAsync(options, cancellationToken).ConfigureAwait(false);

        var match = CfctBucketName().Match(publish.Bucket);
        if (!match.Success)
        {
            diagnostics.Add(Diagnostic.Warning(
                DiagnosticCodes.PublishBucketNameUnexpected,
                $"bucket '{publish.Bucket}' is not CfCT's source bucket name custom-control-tower-configuration-<account>-<region>; CfCT's pipeline will not see this upload",
                hint: "use the bucket that CfCT's installation stack created in its home region"));
        }

        try
        {
            var owner = publish.ExpectedBucketOwner
                ?? (match.Success ? match.Groups["account"].Value : await CallerAccountAsync(credentials, region, cancellationToken).ConfigureAwait(false));
            using var s3 = new AmazonS3Client(credentials, S3Config(region));

            var existing = await ExistingHashAsync(s3, publish, owner, cancellationToken).ConfigureAwait(false);
            if (string.Equals(existing, archive.Sha256, StringComparison.Ordinal))
            {
                return new S3PublishResult(false, publish.Bucket, publish.Key, archive.Sha256, owner, archive.Entries.Length, diagnostics);
            }

            using var content = new MemoryStream(archive.Bytes, writable: false);
            var put = new PutObjectRequest
            {
                BucketName = publish.Bucket,
                Key = publish.Key,
                InputStream = content,
                ContentType = "application/zip",
                ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256,
                ExpectedBucketOwner = owner,
                ChecksumAlgorithm = ChecksumAlgorithm.SHA256,
            };
            put.Metadata.Add(HashMetadataKey, archive.Sha256);
            await s3.PutObjectAsync(put, cancellationToken).ConfigureAwait(false);
            return new S3PublishResult(true, publish.Bucket, publish.Key, archive.Sha256, owner, archive.Entries.Length, diagnostics);
        }
        catch (AmazonServiceException ex)
        {
            throw new AwsServiceException(string.IsNullOrEmpty(ex.ErrorCode) ? "HttpError" + (int)ex.StatusCode : ex.ErrorCode, ex.Message, ex.StatusCode, ex.RequestId);
        }
        catch (AmazonClientException ex)
        {
            throw new AwsServiceException(AwsErrorCodes.ConnectionFailed, $"S3 at {Endpoint(region)} could not be reached: {ex.Message}", 0, null, innerException: ex);
        }
        catch (HttpRequestException ex)
        {
            throw new AwsServiceException(AwsErrorCodes.ConnectionFailed, $"S3 at {Endpoint(region)} could not be reached: {ex.Message}", 0, null, innerException: ex);
        }
    }

    private static async Task<string?> ExistingHashAsync(AmazonS3Client s3, S3PublishOptions publish, string owner, CancellationToken cancellationToken)
    {
        try
        {
            var head = await s3.GetObjectMetadataAsync(
                new GetObjectMetadataRequest { BucketName = publish.Bucket, Key = publish.Key, ExpectedBucketOwner = owner },
                cancellationToken).ConfigureAwait(false);
            return head.Metadata[HashMetadataKey];
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound && ex.ErrorCode is not "NoSuchBucket")
        {
            return null;
        }
    }

    private async Task<string> CallerAccountAsync(AWSCredentials credentials, string region, CancellationToken cancellationToken)
    {
        var config = new AmazonSecurityTokenServiceConfig { MaxErrorRetry = Math.Max(0, options.MaxAttempts - 1), Timeout = options.EffectiveTimeout };
        if (options.EndpointUrl is not null)
        {
            config.ServiceURL = options.EndpointUrl.ToString();
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        using var sts = new AmazonSecurityTokenServiceClient(credentials, config);
        var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), cancellationToken).ConfigureAwait(false);
        return identity.Account;
    }

    private AmazonS3Config S3Config(string region)
    {
        var config = new AmazonS3Config
        {
            MaxErrorRetry = Math.Max(0, options.MaxAttempts - 1),
            Timeout = options.EffectiveTimeout,
        };
        if (options.EndpointUrl is not null)
        {
            config.ServiceURL = options.EndpointUrl.ToString();
            config.ForcePathStyle = true;
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        return config;
    }

    private string Endpoint(string region) => options.EndpointUrl?.GetLeftPart(UriPartial.Authority) ?? $"s3.{region}.amazonaws.com";

    [GeneratedRegex("^custom-control-tower-configuration-(?<account>[0-9]{12})-(?<region>[a-z0-9-]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex CfctBucketName();
}
