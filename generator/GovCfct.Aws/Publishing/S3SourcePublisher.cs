using System.Net;
using System.Text.RegularExpressions;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using GovCfct.Aws.Http;
using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Publishing;

namespace GovCfct.Aws.Publishing;

/// <summary>What to publish where: CfCT's S3 source bucket and the package's published content.</summary>
/// <param name="Bucket">Usually <c>custom-control-tower-configuration-ACCOUNT-REGION</c>.</param>
/// <param name="Content">The files CfCT reads (<see cref="PublishedContent.Select"/>).</param>
/// <param name="ExpectedBucketOwner">Account that must own the bucket; default: from the bucket name, else the caller's account.</param>
public sealed record S3PublishOptions(string Bucket, PublishContent Content, string? ExpectedBucketOwner = null)
{
    public string Key { get; init; } = PackageArchive.ObjectKey;

    /// <summary>Server-side encryption to ask for (<c>AES256</c>, <c>aws:kms</c>); null leaves it to the bucket's default encryption.</summary>
    public string? ServerSideEncryption { get; init; }

    /// <summary>The KMS key for <c>aws:kms</c>; null: the bucket's or the account's default key.</summary>
    public string? KmsKeyId { get; init; }
}

/// <summary>What happened: uploaded or unchanged, the content hash that decided it and the region the bucket was addressed in.</summary>
public sealed record S3PublishResult(bool Uploaded, string Bucket, string Key, string ContentHash, string ExpectedBucketOwner, int EntryCount, string Region, IReadOnlyList<Diagnostic> Diagnostics);

/// <summary>
/// Publishes a package to CfCT's S3 source: a deterministic zip of the published content, uploaded with the expected
/// bucket owner, and skipped when the object already holds the same content — decided from the files' paths and
/// bytes (<see cref="PublishContent.ContentHash"/>), never from the compressed bytes, which can change with the
/// runtime's zlib; an upload triggers CfCT's whole pipeline, which takes hours at thousands of accounts. The client
/// addresses the bucket in its own region (from CfCT's bucket name), and encryption is the bucket's default unless
/// asked for, so a bucket policy that requires SSE-KMS is satisfied by the bucket's default key.
/// </summary>
public sealed partial class S3SourcePublisher(AwsClientOptions options)
{
    /// <summary>Object metadata key carrying the content hash, compared before uploading.</summary>
    public const string HashMetadataKey = "x-amz-meta-govcfct-content-sha256";

    public async Task<S3PublishResult> PublishAsync(S3PublishOptions publish, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(publish);
        var diagnostics = new List<Diagnostic>();
        var archive = PackageArchive.Create(publish.Content.Files);
        var match = CfctBucketName().Match(publish.Bucket);
        var region = match.Success ? match.Groups["region"].Value : AwsCredentialResolver.ResolveRegion(options);
        var credentials = await AwsCredentialResolver.ResolveCredentialsAsync(options, cancellationToken).ConfigureAwait(false);
        if (!match.Success)
        {
            diagnostics.Add(new Diagnostic(
                DiagnosticCodes.PublishBucketNameUnexpected,
                $"bucket '{publish.Bucket}' is not CfCT's source bucket name custom-control-tower-configuration-<account>-<region>; CfCT's pipeline will not see this upload",
                hint: "use the bucket that CfCT's installation stack created in its home region"));
        }

        // The call in flight, so a failure names the service and operation that failed (as the CodeCommit path does).
        var operation = "STS GetCallerIdentity";
        try
        {
            var owner = publish.ExpectedBucketOwner
                ?? (match.Success ? match.Groups["account"].Value : await CallerAccountAsync(credentials, region, cancellationToken).ConfigureAwait(false));
            using var s3 = new AmazonS3Client(credentials, S3Config(region));
            operation = $"S3 HeadObject/GetObject on s3://{publish.Bucket}/{publish.Key}";

            // Unchanged means the object's bytes are this archive's: S3's own SHA-256 of the stored object (verified by S3
            // on upload), not only the metadata the uploader wrote, which a tampered object can carry unchanged.
            var existing = await ExistingHashAsync(s3, publish, owner, cancellationToken).ConfigureAwait(false);
            var checksum = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(archive.Bytes));
            if (existing is { } found && string.Equals(found.Hash, publish.Content.ContentHash, StringComparison.Ordinal)
                && (string.Equals(found.Checksum, checksum, StringComparison.Ordinal) || await StoredContentHashAsync(s3, publish, owner, cancellationToken).ConfigureAwait(false) == publish.Content.ContentHash))
            {
                return new S3PublishResult(false, publish.Bucket, publish.Key, publish.Content.ContentHash, owner, archive.Entries.Length, region, diagnostics);
            }

            using var content = new MemoryStream(archive.Bytes, writable: false);
            var put = new PutObjectRequest
            {
                BucketName = publish.Bucket,
                Key = publish.Key,
                InputStream = content,
                ContentType = "application/zip",
                ExpectedBucketOwner = owner,
                ChecksumAlgorithm = ChecksumAlgorithm.SHA256,
            };
            if (publish.ServerSideEncryption is { } sse)
            {
                put.ServerSideEncryptionMethod = ServerSideEncryptionMethod.FindValue(sse);
                if (publish.KmsKeyId is { } key)
                {
                    put.ServerSideEncryptionKeyManagementServiceKeyId = key;
                }
            }

            put.Metadata.Add(HashMetadataKey, publish.Content.ContentHash);
            operation = $"S3 PutObject to s3://{publish.Bucket}/{publish.Key}";
            await s3.PutObjectAsync(put, cancellationToken).ConfigureAwait(false);
            return new S3PublishResult(true, publish.Bucket, publish.Key, publish.Content.ContentHash, owner, archive.Entries.Length, region, diagnostics);
        }
        catch (AmazonServiceException ex)
        {
            throw new AwsServiceException(string.IsNullOrEmpty(ex.ErrorCode) ? "HttpError" + (int)ex.StatusCode : ex.ErrorCode, $"{operation}: {ex.Message}", ex.StatusCode, ex.RequestId);
        }
        catch (AmazonClientException ex)
        {
            throw new AwsServiceException(AwsErrorCodes.ConnectionFailed, $"{operation}: S3 at {Endpoint(region)} could not be reached: {ex.Message}", 0, null, innerException: ex);
        }
        catch (HttpRequestException ex)
        {
            throw new AwsServiceException(AwsErrorCodes.ConnectionFailed, $"{operation}: S3 at {Endpoint(region)} could not be reached: {ex.Message}", 0, null, innerException: ex);
        }
    }

    private static async Task<(string? Hash, string? Checksum)?> ExistingHashAsync(AmazonS3Client s3, S3PublishOptions publish, string owner, CancellationToken cancellationToken)
    {
        try
        {
            var head = await s3.GetObjectMetadataAsync(
                new GetObjectMetadataRequest { BucketName = publish.Bucket, Key = publish.Key, ExpectedBucketOwner = owner, ChecksumMode = ChecksumMode.ENABLED },
                cancellationToken).ConfigureAwait(false);
            return (head.Metadata[HashMetadataKey], head.ChecksumSHA256);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound && ex.ErrorCode is not "NoSuchBucket")
        {
            return null;
        }
    }

    // Other zip bytes (another runtime's compressor) may still hold exactly these files: the stored object is read and
    // its files hashed as the package's are. Bounded: an object or its entries beyond these sizes is simply replaced.
    private const long MaxStoredBytes = 64L * 1024 * 1024;

    private static async Task<string?> StoredContentHashAsync(AmazonS3Client s3, S3PublishOptions publish, string owner, CancellationToken cancellationToken)
    {
        using var stored = await s3.GetObjectAsync(new GetObjectRequest { BucketName = publish.Bucket, Key = publish.Key, ExpectedBucketOwner = owner }, cancellationToken).ConfigureAwait(false);
        if (stored.ContentLength > MaxStoredBytes)
        {
            return null;
        }

        using var copy = new MemoryStream();
        await stored.ResponseStream.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
        try
        {
            using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(copy.ToArray(), writable: false));
            var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            long total = 0;
            foreach (var entry in zip.Entries)
            {
                total += entry.Length;
                if (total > MaxStoredBytes * 4 || !files.TryAdd(entry.FullName, []))
                {
                    return null;
                }

                using var data = entry.Open();
                using var bytes = new MemoryStream();
                await data.CopyToAsync(bytes, cancellationToken).ConfigureAwait(false);
                files[entry.FullName] = bytes.ToArray();
            }

            return GovCfct.Core.Publishing.PublishedContent.Hash(files);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private async Task<string> CallerAccountAsync(AWSCredentials credentials, string region, CancellationToken cancellationToken)
    {
        var config = new AmazonSecurityTokenServiceConfig { MaxErrorRetry = Math.Max(0, options.MaxAttempts - 1), Timeout = options.EffectiveTimeout };
        if (options.EndpointFor("STS") is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
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
        if (options.EndpointFor("S3") is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
            config.ForcePathStyle = true;
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        return config;
    }

    private string Endpoint(string region) => options.EndpointFor("S3")?.GetLeftPart(UriPartial.Authority) ?? $"s3.{region}.amazonaws.com";

    [GeneratedRegex("^custom-control-tower-configuration-(?<account>[0-9]{12})-(?<region>[a-z0-9-]+)\\z", RegexOptions.CultureInvariant)]
    private static partial Regex CfctBucketName();
}
