using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using GovCfct.Aws.Http;

namespace GovCfct.Aws.Replay;

/// <summary>
/// Reads CloudTrail log files from S3 (the log-archive bucket of the organization trail) with the standard credential
/// chain: lists the keys under a prefix page by page and opens each object as a stream, so no file is held in memory.
/// </summary>
public sealed class S3TrailReader(AwsClientOptions options) : IDisposable
{
    private AmazonS3Client? _s3;

    /// <summary>Every key under <paramref name="prefix"/>, in S3's (UTF-8 binary) order.</summary>
    public async IAsyncEnumerable<string> ListAsync(string bucket, string prefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var s3 = await ClientAsync(cancellationToken).ConfigureAwait(false);
        string? token = null;
        do
        {
            ListObjectsV2Response page;
            try
            {
                page = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = prefix, ContinuationToken = token }, cancellationToken).ConfigureAwait(false);
            }
            catch (AmazonServiceException ex)
            {
                throw Wrap(ex);
            }

            foreach (var item in page.S3Objects ?? [])
            {
                yield return item.Key;
            }

            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);
    }

    /// <summary>The object's bytes as a stream (dispose it).</summary>
    public async Task<Stream> OpenAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        var s3 = await ClientAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key }, cancellationToken).ConfigureAwait(false);
            return new OwnedStream(response);
        }
        catch (AmazonServiceException ex)
        {
            throw Wrap(ex);
        }
    }

    public void Dispose() => _s3?.Dispose();

    private async Task<AmazonS3Client> ClientAsync(CancellationToken cancellationToken)
    {
        if (_s3 is not null)
        {
            return _s3;
        }

        var region = AwsCredentialResolver.ResolveRegion(options);
        var credentials = await AwsCredentialResolver.ResolveCredentialsAsync(options, cancellationToken).ConfigureAwait(false);
        var config = new AmazonS3Config { MaxErrorRetry = Math.Max(0, options.MaxAttempts - 1), Timeout = options.EffectiveTimeout };
        if (options.EndpointFor("S3") is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
            config.ForcePathStyle = true;
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(region);
        }

        _s3 = new AmazonS3Client(credentials, config);
        return _s3;
    }

    private static AwsServiceException Wrap(AmazonServiceException ex) =>
        new(string.IsNullOrEmpty(ex.ErrorCode) ? "HttpError" + (int)ex.StatusCode : ex.ErrorCode, ex.Message, ex.StatusCode, ex.RequestId);

    /// <summary>The response stream, disposing the response with it.</summary>
    private sealed class OwnedStream(GetObjectResponse response) : Stream
    {
        private readonly Stream _inner = response.ResponseStream;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override int Read(Span<byte> buffer) => _inner.Read(buffer);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                response.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
