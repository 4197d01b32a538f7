using System.Runtime.CompilerServices;
using System.Xml.Linq;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using GovCfct.Aws.Http;
using GovCfct.Aws.Organizations;
using GovCfct.Aws.Publishing;
using GovCfct.Aws.Tests.Infrastructure;

namespace GovCfct.Aws.Tests.Security;

/// <summary>
/// A dedicated moto that verifies SigV4 signatures and evaluates IAM policies once setup is done: proves the
/// signer against an independent implementation, and that docs/iam/publisher-policy.json is enough for the
/// snapshot and the S3 publish and nothing more.
/// </summary>
public sealed class SigV4AndLeastPrivilegeTests(LeastPrivilegeMoto moto) : IClassFixture<LeastPrivilegeMoto>
{
    private const string Bucket = LeastPrivilegeMoto.Bucket;

    [Fact]
    public async Task The_snapshot_runs_under_the_publisher_policy_with_correctly_signed_calls()
    {
        using var client = new OrganizationsClient(Options(moto.Publisher));

        var result = await new OrgSnapshotReader(client).ReadAsync(CancellationToken.None);

        result.Snapshot.RootId.Should().Be(moto.RootId);
        result.Snapshot.OrganizationalUnits.Select(o => o.Path).Should().Contain("Security");
    }

    [Fact]
    public async Task The_s3_publish_runs_under_the_publisher_policy_and_skips_an_unchanged_package()
    {
        var package = Directory.CreateTempSubdirectory("govcfct-pkg-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(package.FullName, "manifest.yaml"), "region: ap-northeast-1\nversion: 2021-03-15\nresources: []\n");
            var publisher = new S3SourcePublisher(Options(moto.Publisher));
            var options = new S3PublishOptions(Bucket, package.FullName, "out");

            var first = await publisher.PublishAsync(options, CancellationToken.None);
            var second = await publisher.PublishAsync(options, CancellationToken.None);

            first.Uploaded.Should().BeTrue();
            second.Uploaded.Should().BeFalse();
        }
        finally
        {
            package.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task An_organizations_call_outside_the_policy_is_denied()
    {
        using var client = new RawJsonClient(OrganizationsClient.ServiceDescription, Options(moto.Publisher));

        var error = (await client.Invoking(c => c.CallAsync("CreateOrganizationalUnit", new { ParentId = moto.RootId, Name = "Rogue" }))
            .Should().ThrowAsync<AwsServiceException>()).Which;

        error.IsAccessDenied.Should().BeTrue($"moto answered {error.ErrorCode}: {error.Message}");
        error.Message.Should().Contain("CreateOrganizationalUnit");
    }

    [Fact]
    public async Task An_s3_call_outside_the_policy_is_denied()
    {
        using var s3 = new AmazonS3Client(moto.Publisher, new AmazonS3Config { ServiceURL = moto.Endpoint.ToString(), ForcePathStyle = true, AuthenticationRegion = TestAccounts.Region });

        var error = (await s3.Invoking(c => c.DeleteObjectAsync(Bucket, "custom-control-tower-configuration.zip")).Should().ThrowAsync<AmazonS3Exception>()).Which;

        error.ErrorCode.Should().Be("AccessDenied");
    }

    [Fact]
    public async Task A_request_signed_with_the_wrong_secret_is_rejected_and_the_error_hides_both_secrets()
    {
        const string wrongSecret = "thisIsNotTheSecretKeyOfThePublisherUser00";
        var log = new List<string>();
        using var client = new OrganizationsClient(Options(new BasicAWSCredentials(moto.PublisherKeyId, wrongSecret)) with { Log = log.Add });

        var error = (await client.Invoking(c => c.DescribeOrganizationAsync(CancellationToken.None)).Should().ThrowAsync<AwsServiceException>()).Which;

        error.IsAccessDenied.Should().BeTrue($"moto answered {error.ErrorCode}: {error.Message}");
        error.Attempts.Should().Be(1);
        var everything = error + "\n" + string.Join("\n", log);
        everything.Should().NotContain(wrongSecret).And.NotContain(moto.PublisherSecret);
    }

    [Fact]
    public async Task An_unknown_access_key_is_rejected()
    {
        using var client = new OrganizationsClient(Options(new BasicAWSCredentials("AKIAUNKNOWNKEY000000", "whatever")));

        var error = (await client.Invoking(c => c.DescribeOrganizationAsync(CancellationToken.None)).Should().ThrowAsync<AwsServiceException>()).Which;

        error.IsAccessDenied.Should().BeTrue($"moto answered {error.ErrorCode}: {error.Message}");
    }

    private AwsClientOptions Options(AWSCredentials credentials) =>
        new(TestAccounts.Region, moto.Endpoint, MaxAttempts: 2) { Credentials = credentials, BaseDelay = TimeSpan.FromMilliseconds(10) };
}

/// <summary>The dedicated moto, the publisher user and the organization; started once for all tests of the class.</summary>
public sealed class LeastPrivilegeMoto : IAsyncLifetime
{
    public const string Bucket = "custom-control-tower-configuration-123456789012-ap-northeast-1";
    private static readonly XNamespace Iam = "https://iam.amazonaws.com/doc/2010-05-08/";

    private MotoServer _moto = null!;
    private AWSCredentials _publisher = null!;
    private string _publisherKeyId = null!;
    private string _publisherSecret = null!;
    private string _rootId = null!;

    public Uri Endpoint => _moto.Endpoint;

    public AWSCredentials Publisher => _publisher;

    public string PublisherKeyId => _publisherKeyId;

    public string PublisherSecret => _publisherSecret;

    public string RootId => _rootId;

    public async Task InitializeAsync()
    {
        // Setup runs without authentication; then /moto-api/reset-auth switches verification on at an exact point,
        // whatever number of actions moto counts per setup call.
        _moto = await MotoServer.StartAsync(new Dictionary<string, string> { ["INITIAL_NO_AUTH_ACTION_COUNT"] = "1000" });
        using (var iam = new QueryClient(_moto.Endpoint, "iam", "2010-05-08", TestAccounts.Basic))
        {
            await iam.CallAsync("CreateUser", new Dictionary<string, string> { ["UserName"] = "govcfct-publisher" });
            var policy = await iam.CallAsync("CreatePolicy", new Dictionary<string, string>
            {
                ["PolicyName"] = "govcfct-publisher",
                ["PolicyDocument"] = await File.ReadAllTextAsync(PolicyPath()),
            });
            var arn = policy.Descendants(Iam + "Arn").First().Value;
            await iam.CallAsync("AttachUserPolicy", new Dictionary<string, string> { ["UserName"] = "govcfct-publisher", ["PolicyArn"] = arn });
            var key = await iam.CallAsync("CreateAccessKey", new Dictionary<string, string> { ["UserName"] = "govcfct-publisher" });
            _publisherKeyId = key.Descendants(Iam + "AccessKeyId").First().Value;
            _publisherSecret = key.Descendants(Iam + "SecretAccessKey").First().Value;
            _publisher = new BasicAWSCredentials(_publisherKeyId, _publisherSecret);
        }

        using (var admin = new RawJsonClient(OrganizationsClient.ServiceDescription, Options(TestAccounts.Basic)))
        {
            await admin.CallAsync("CreateOrganization", new { FeatureSet = "ALL" });
            _rootId = (await admin.CallAsync("ListRoots", new { })).GetProperty("Roots")[0].GetProperty("Id").GetString()!;
            await admin.CallAsync("CreateOrganizationalUnit", new { ParentId = _rootId, Name = "Security" });
        }

        using (var s3 = RootS3())
        {
            await s3.PutBucketAsync(new PutBucketRequest { BucketName = Bucket, BucketRegion = S3Region.APNortheast1 });
        }

        using var http = new HttpClient();
        using var reset = await http.PostAsync(new Uri(_moto.Endpoint, "moto-api/reset-auth"), new StringContent("0"));
        reset.EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync() => await _moto.DisposeAsync();


    private AwsClientOptions Options(AWSCredentials credentials) =>
        new(TestAccounts.Region, _moto.Endpoint, MaxAttempts: 2) { Credentials = credentials, BaseDelay = TimeSpan.FromMilliseconds(10) };

    private AmazonS3Client RootS3() =>
        new(TestAccounts.Basic, new AmazonS3Config { ServiceURL = _moto.Endpoint.ToString(), ForcePathStyle = true, AuthenticationRegion = TestAccounts.Region });

    private static string PolicyPath([CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", "..", "docs", "iam", "publisher-policy.json"));
}
