using System.IO.Compression;
using Amazon.S3;
using Amazon.S3.Model;
using GovCfct.Aws.Http;
using GovCfct.Aws.Publishing;
using GovCfct.Aws.Tests.Infrastructure;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Aws.Tests.Publishing;

/// <summary>Publishing to CfCT's S3 source on moto: encrypted upload, zip layout, skip when unchanged.</summary>
[Collection(MotoCollection.Name)]
public sealed class S3SourcePublisherMotoTests(MotoFixture moto) : IDisposable
{
    private readonly DirectoryInfo _package = Directory.CreateTempSubdirectory("govcfct-s3-");

    public void Dispose() => _package.Delete(recursive: true);

    private AwsClientOptions Options => new(TestAccounts.Region, moto.Endpoint, MaxAttempts: 2) { Credentials = TestAccounts.Basic };

    private AmazonS3Client S3() =>
        new(TestAccounts.Basic, new AmazonS3Config { ServiceURL = moto.Endpoint.ToString(), ForcePathStyle = true, AuthenticationRegion = TestAccounts.Region });

    private async Task<string> NewBucketAsync()
    {
        // CfCT's name form; the "region" part is made unique because moto's bucket namespace is shared by all tests.
        var bucket = $"custom-control-tower-configuration-123456789012-t{Guid.NewGuid():N}"[..63];
        using var s3 = S3();
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket, BucketRegion = S3Region.APNortheast1 });
        return bucket;
    }

    private void Write(string path, string text)
    {
        var full = Path.Combine(_package.FullName, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    [Fact]
    public async Task Uploads_an_encrypted_zip_with_the_manifest_at_its_root_then_skips_until_the_package_changes()
    {
        var bucket = await NewBucketAsync();
        Write("manifest.yaml", "region: ap-northeast-1\nversion: 2021-03-15\nresources: []\n");
        Write("policies/gc-deny-regions.json", "{}");
        var publisher = new S3SourcePublisher(Options);
        var options = new S3PublishOptions(bucket, _package.FullName, "out");

        var first = await publisher.PublishAsync(options, CancellationToken.None);
        var unchanged = await publisher.PublishAsync(options, CancellationToken.None);
        Write("policies/gc-deny-regions.json", "{\"Version\":\"2012-10-17\"}");
        var changed = await publisher.PublishAsync(options, CancellationToken.None);

        first.Uploaded.Should().BeTrue();
        first.ExpectedBucketOwner.Should().Be("123456789012");
        first.Diagnostics.Should().BeEmpty();
        unchanged.Uploaded.Should().BeFalse();
        unchanged.Sha256.Should().Be(first.Sha256);
        changed.Uploaded.Should().BeTrue();
        changed.Sha256.Should().NotBe(first.Sha256);

        using var s3 = S3();
        using var stored = await s3.GetObjectAsync(bucket, "custom-control-tower-configuration.zip");
        stored.ServerSideEncryptionMethod.Should().Be(ServerSideEncryptionMethod.AES256);
        stored.Metadata[S3SourcePublisher.HashMetadataKey].Should().Be(changed.Sha256);
        using var copy = new MemoryStream();
        await stored.ResponseStream.CopyToAsync(copy);
        using var zip = new ZipArchive(new MemoryStream(copy.ToArray()));
        zip.Entries.Select(e => e.FullName).Should().Equal("manifest.yaml", "policies/gc-deny-regions.json");
    }

    [Fact]
    public async Task A_bucket_without_cfct_name_warns_and_takes_the_owner_from_sts()
    {
        var bucket = $"govcfct-other-{Guid.NewGuid():N}";
        using (var s3 = S3())
        {
            await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket, BucketRegion = S3Region.APNortheast1 });
        }

        Write("manifest.yaml", "resources: []\n");

        var result = await new S3SourcePublisher(Options).PublishAsync(new S3PublishOptions(bucket, _package.FullName, "out"), CancellationToken.None);

        result.Uploaded.Should().BeTrue();
        result.ExpectedBucketOwner.Should().Be("123456789012");
        result.Diagnostics.Should().ContainSingle().Which.Code.Should().Be(DiagnosticCodes.PublishBucketNameUnexpected);
    }

    [Fact]
    public async Task A_missing_bucket_is_an_aws_error_with_the_s3_code()
    {
        Write("manifest.yaml", "resources: []\n");

        var error = (await new S3SourcePublisher(Options)
            .Invoking(p => p.PublishAsync(new S3PublishOptions("custom-control-tower-configuration-123456789012-nowhere", _package.FullName, "out"), CancellationToken.None))
            .Should().ThrowAsync<AwsServiceException>()).Which;

        error.ErrorCode.Should().Be("NoSuchBucket");
        AwsDiagnostics.FromException(error, "publishing").Code.Should().Be(DiagnosticCodes.AwsCallFailed);
    }
}
