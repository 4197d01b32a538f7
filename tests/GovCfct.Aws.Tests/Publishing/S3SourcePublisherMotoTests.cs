using System.IO.Compression;
using Amazon.S3;
using Amazon.S3.Model;
using GovCfct.Aws.Http;
using GovCfct.Aws.Publishing;
using GovCfct.Aws.Tests.Infrastructure;
using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Publishing;
using GovCfct.Testing.Aws.Infrastructure;

namespace GovCfct.Aws.Tests.Publishing;

/// <summary>Publishing to CfCT's S3 source on moto: zip layout, skip when the content is unchanged, the bucket's region and encryption.</summary>
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

    private PublishContent Content() => PublishedContent.Select(
        Directory.EnumerateFiles(_package.FullName, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(_package.FullName, f).Replace('\\', '/'), File.ReadAllBytes, StringComparer.Ordinal));

    [Fact]
    public async Task Uploads_a_zip_of_what_cfct_reads_with_the_manifest_at_its_root_then_skips_until_the_package_changes()
    {
        var bucket = await NewBucketAsync();
        Write("manifest.yaml", "region: ap-northeast-1\nversion: 2021-03-15\nresources: []\n");
        Write("policies/gc-deny-regions.json", "{}");
        Write("report/build-report.md", "# report\n");
        var publisher = new S3SourcePublisher(Options);

        var first = await publisher.PublishAsync(new S3PublishOptions(bucket, Content()), CancellationToken.None);
        Write("report/build-report.md", "# report, an opt-out reason reworded\n");
        var unchanged = await publisher.PublishAsync(new S3PublishOptions(bucket, Content()), CancellationToken.None);
        Write("policies/gc-deny-regions.json", "{\"Version\":\"2012-10-17\"}");
        var changed = await publisher.PublishAsync(new S3PublishOptions(bucket, Content()), CancellationToken.None);

        first.Uploaded.Should().BeTrue();
        first.ExpectedBucketOwner.Should().Be("123456789012");
        first.Diagnostics.Should().BeEmpty();
        unchanged.Uploaded.Should().BeFalse("the report is not published, so rewording it changes nothing CfCT reads");
        unchanged.ContentHash.Should().Be(first.ContentHash);
        changed.Uploaded.Should().BeTrue();
        changed.ContentHash.Should().NotBe(first.ContentHash);

        using var s3 = S3();
        using var stored = await s3.GetObjectAsync(bucket, "custom-control-tower-configuration.zip");
        stored.Metadata[S3SourcePublisher.HashMetadataKey].Should().Be(changed.ContentHash);
        using var copy = new MemoryStream();
        await stored.ResponseStream.CopyToAsync(copy);
        using var zip = new ZipArchive(new MemoryStream(copy.ToArray()));
        zip.Entries.Select(e => e.FullName).Should().Equal("manifest.yaml", "policies/gc-deny-regions.json");
    }

    [Fact]
    public async Task Without_endpoint_url_the_configured_AWS_ENDPOINT_URL_is_honoured_as_by_every_other_verb()
    {
        // #27 item 8: publish --s3-bucket went to the public S3 endpoint although AWS_ENDPOINT_URL named another.
        var bucket = await NewBucketAsync();
        Write("manifest.yaml", "region: ap-northeast-1\nversion: 2021-03-15\nresources: []\n");
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["AWS_ENDPOINT_URL"] = moto.Endpoint.ToString() };
        var options = new AwsClientOptions(TestAccounts.Region, EndpointUrl: null, Profile: "none", MaxAttempts: 2) { Credentials = TestAccounts.Basic, Environment = name => environment.GetValueOrDefault(name) };

        var published = await new S3SourcePublisher(options).PublishAsync(new S3PublishOptions(bucket, Content()), CancellationToken.None);

        published.Uploaded.Should().BeTrue(string.Join("; ", published.Diagnostics.Select(d => d.Message)));
        using var s3 = S3();
        (await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).S3Objects.Select(o => o.Key).Should().Equal("custom-control-tower-configuration.zip");

        // A service-specific setting wins over the general one, as in the SDKs' own order.
        options.EndpointFor("S3").Should().Be(new Uri(moto.Endpoint.ToString().TrimEnd('/') + "/"));
        environment["AWS_ENDPOINT_URL_S3"] = "http://127.0.0.1:9/";
        options.EndpointFor("S3").Should().Be(new Uri("http://127.0.0.1:9/"));
        options.EndpointFor("STS").Should().Be(new Uri(moto.Endpoint.ToString().TrimEnd('/') + "/"));
        environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "true";
        options.EndpointFor("S3").Should().BeNull();
    }

    [Fact]
    public async Task A_failed_call_names_the_service_the_operation_and_the_object()
    {
        // #27 item 8: the error said "see the AWS error above" with nothing above it.
        var missing = $"custom-control-tower-configuration-123456789012-m{Guid.NewGuid():N}"[..63];
        Write("manifest.yaml", "region: ap-northeast-1\nversion: 2021-03-15\nresources: []\n");

        var act = () => new S3SourcePublisher(Options).PublishAsync(new S3PublishOptions(missing, Content()), CancellationToken.None);

        var failure = (await act.Should().ThrowAsync<AwsServiceException>()).Which;
        failure.Message.Should().MatchRegex($"^S3 (HeadObject/GetObject on|PutObject to) s3://{missing}/custom-control-tower-configuration.zip: ");
        AwsDiagnostics.FromException(failure, "publishing").Hint.Should().NotContain("above");
    }

    [Fact]
    public async Task Unchanged_is_decided_from_paths_and_bytes_not_from_the_compressed_zip()
    {
        // Another runtime's zlib compresses the same files to other bytes: stand in for it with a zip stored
        // uncompressed, carrying the content hash of the same files. Nothing is uploaded over it.
        var bucket = await NewBucketAsync();
        Write("manifest.yaml", "region: ap-northeast-1\nversion: 2021-03-15\nresources: []\n");
        Write("templates/a.template", new string('x', 4096));
        var content = Content();
        using var otherZip = new MemoryStream();
        using (var zip = new ZipArchive(otherZip, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, bytes) in content.Files)
            {
                using var entry = zip.CreateEntry(path, CompressionLevel.NoCompression).Open();
                entry.Write(bytes);
            }
        }

        PackageArchive.Create(content.Files).Bytes.Should().NotEqual(otherZip.ToArray(), "the stand-in must really differ in its compressed bytes");
        using (var s3 = S3())
        {
            var put = new PutObjectRequest { BucketName = bucket, Key = PackageArchive.ObjectKey, InputStream = new MemoryStream(otherZip.ToArray()) };
            put.Metadata.Add(S3SourcePublisher.HashMetadataKey, PublishedContent.Hash(content.Files));
            await s3.PutObjectAsync(put);
        }

        var result = await new S3SourcePublisher(Options).PublishAsync(new S3PublishOptions(bucket, content), CancellationToken.None);

        result.Uploaded.Should().BeFalse();
    }

    [Fact]
    public async Task A_tampered_object_that_kept_the_metadata_is_repaired()
    {
        // Someone with write access replaced the object's bytes and copied GovCfct's content-hash metadata onto it: the
        // metadata alone said "unchanged" and the tampered package stayed in place.
        var bucket = await NewBucketAsync();
        Write("manifest.yaml", "region: ap-northeast-1\nversion: 2021-03-15\nresources: []\n");
        Write("policies/gc-deny-regions.json", "{\"Version\":\"2012-10-17\"}");
        var content = Content();
        var publisher = new S3SourcePublisher(Options);
        await publisher.PublishAsync(new S3PublishOptions(bucket, content), CancellationToken.None);
        var tampered = PackageArchive.Create(new Dictionary<string, byte[]>(content.Files, StringComparer.Ordinal) { ["policies/gc-deny-regions.json"] = "{}"u8.ToArray() }).Bytes;
        using (var s3 = S3())
        {
            var put = new PutObjectRequest { BucketName = bucket, Key = PackageArchive.ObjectKey, InputStream = new MemoryStream(tampered), ChecksumAlgorithm = ChecksumAlgorithm.SHA256 };
            put.Metadata.Add(S3SourcePublisher.HashMetadataKey, content.ContentHash);
            await s3.PutObjectAsync(put);
        }

        var repaired = await publisher.PublishAsync(new S3PublishOptions(bucket, content), CancellationToken.None);
        var again = await publisher.PublishAsync(new S3PublishOptions(bucket, content), CancellationToken.None);

        repaired.Uploaded.Should().BeTrue("the stored bytes are not this package's");
        again.Uploaded.Should().BeFalse();
        using var check = S3();
        using var stored = await check.GetObjectAsync(bucket, PackageArchive.ObjectKey);
        using var copy = new MemoryStream();
        await stored.ResponseStream.CopyToAsync(copy);
        copy.ToArray().Should().Equal(PackageArchive.Create(content.Files).Bytes);
    }

    [Fact]
    public async Task The_bucket_is_addressed_in_its_own_region_and_encryption_is_the_bucket_default_unless_asked()
    {
        // CfCT's bucket lives in the Control Tower home region, which may differ from the caller's configured one.
        const string bucket = "custom-control-tower-configuration-123456789012-ap-northeast-3";
        using (var s3 = new AmazonS3Client(TestAccounts.Basic, new AmazonS3Config { ServiceURL = moto.Endpoint.ToString(), ForcePathStyle = true, AuthenticationRegion = "ap-northeast-3" }))
        {
            try
            {
                await s3.DeleteObjectAsync(bucket, PackageArchive.ObjectKey);
            }
            catch (AmazonS3Exception)
            {
                await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket, BucketRegion = S3Region.APNortheast3 });
            }

            await s3.PutBucketEncryptionAsync(new PutBucketEncryptionRequest
            {
                BucketName = bucket,
                ServerSideEncryptionConfiguration = new ServerSideEncryptionConfiguration
                {
                    ServerSideEncryptionRules = [new ServerSideEncryptionRule { ServerSideEncryptionByDefault = new ServerSideEncryptionByDefault { ServerSideEncryptionAlgorithm = ServerSideEncryptionMethod.AWSKMS } }],
                },
            });
        }

        Write("manifest.yaml", "region: ap-northeast-3\nversion: 2021-03-15\nresources: []\n");
        Write("policies/p.json", Guid.NewGuid().ToString());
        var publisher = new S3SourcePublisher(Options);

        var byDefault = await publisher.PublishAsync(new S3PublishOptions(bucket, Content()), CancellationToken.None);
        string? defaultSse;
        using (var s3 = S3())
        {
            defaultSse = (await s3.GetObjectMetadataAsync(bucket, PackageArchive.ObjectKey)).ServerSideEncryptionMethod?.Value;
        }

        Write("policies/p.json", Guid.NewGuid().ToString());
        await publisher.PublishAsync(new S3PublishOptions(bucket, Content()) { ServerSideEncryption = "AES256" }, CancellationToken.None);
        using var check = S3();
        var asked = (await check.GetObjectMetadataAsync(bucket, PackageArchive.ObjectKey)).ServerSideEncryptionMethod?.Value;

        byDefault.Region.Should().Be("ap-northeast-3", "the client signs for the bucket's region, not the configured " + TestAccounts.Region);
        defaultSse.Should().Be("aws:kms", "no AES256 header overrides the bucket's SSE-KMS default");
        asked.Should().Be("AES256");
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

        var result = await new S3SourcePublisher(Options).PublishAsync(new S3PublishOptions(bucket, Content()), CancellationToken.None);

        result.Uploaded.Should().BeTrue();
        result.ExpectedBucketOwner.Should().Be("123456789012");
        result.Diagnostics.Should().ContainSingle().Which.Code.Should().Be(DiagnosticCodes.PublishBucketNameUnexpected.Id);
    }

    [Fact]
    public async Task A_missing_bucket_is_an_aws_error_with_the_s3_code()
    {
        Write("manifest.yaml", "resources: []\n");

        var error = (await new S3SourcePublisher(Options)
            .Invoking(p => p.PublishAsync(new S3PublishOptions("custom-control-tower-configuration-123456789012-nowhere", Content()), CancellationToken.None))
            .Should().ThrowAsync<AwsServiceException>()).Which;

        error.ErrorCode.Should().Be("NoSuchBucket");
        AwsDiagnostics.FromException(error, "publishing").Code.Should().Be(DiagnosticCodes.AwsCallFailed.Id);
    }
}
