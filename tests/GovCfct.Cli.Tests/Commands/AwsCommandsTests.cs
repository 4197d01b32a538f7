using System.Net;
using System.Net.Sockets;
using GovCfct.Aws.Http;
using GovCfct.Aws.Organizations;
using GovCfct.Testing.Aws.Infrastructure;
using GovCfct.Core.Organization;

namespace GovCfct.Cli.Tests.Commands;

/// <summary>
/// <c>govcfct org snapshot</c> and <c>govcfct publish</c> in memory on (exit code, stdout, stderr), against moto.
/// Credentials come through the SDK's chain from a test profile, exactly as a user's would.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class AwsCommandsTests(MotoFixture moto) : IDisposable
{
    private const string Profile = CliAwsProfiles.Moto;

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("govcfct-cli-");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public async Task Org_snapshot_writes_a_readable_snapshot_file()
    {
        await EnsureOrganizationAsync();
        var file = Path.Combine(_work.FullName, "snapshots", "org.json");

        var (exit, output, error) = await CliRunner.Run("org", "snapshot", "--out", file, "--profile", Profile, "--endpoint-url", moto.Endpoint.ToString());

        exit.Should().Be(0, error);
        output.Should().Contain("wrote ").And.Contain(" OUs, ");
        var read = OrgSnapshotSerializer.ReadFile(file, "org.json");
        read.Success.Should().BeTrue(string.Join("\n", read.Diagnostics));
        read.Snapshot!.RootId.Should().StartWith("r-");
        Directory.GetFiles(Path.GetDirectoryName(file)!).Should().ContainSingle("no temp file is left behind");
    }

    [Fact]
    public async Task Org_snapshot_without_out_prints_the_snapshot()
    {
        await EnsureOrganizationAsync();

        var (exit, output, error) = await CliRunner.Run("org", "snapshot", "--profile", Profile, "--endpoint-url", moto.Endpoint.ToString());

        exit.Should().Be(0, error);
        OrgSnapshotSerializer.Read(output, "stdout").Success.Should().BeTrue();
        output.Should().StartWith("{\n  \"formatVersion\": 1,");
    }

    [Fact]
    public async Task Org_snapshot_against_an_unreachable_endpoint_exits_3_and_says_what_to_check()
    {
        var (exit, output, error) = await CliRunner.Run("org", "snapshot", "--profile", Profile, "--endpoint-url", $"http://127.0.0.1:{LoopbackPort.Free()}", "--verbose");

        exit.Should().Be(3);
        output.Should().BeEmpty();
        error.Should().Contain("error GCF4004").And.Contain("check network access");
        error.Should().NotContain(TestAccounts.SecretKey);
        error.Should().Contain("aws: Organizations DescribeOrganization: attempt 1/");
    }

    [Fact]
    public async Task An_unknown_profile_exits_3_with_the_credentials_code()
    {
        var (exit, _, error) = await CliRunner.Run("org", "snapshot", "--profile", "no-such-profile", "--region", "ap-northeast-1", "--endpoint-url", moto.Endpoint.ToString());

        exit.Should().Be(3);
        error.Should().Contain("error GCF4002").And.Contain("no-such-profile");
    }

    [Fact]
    public async Task Publish_uploads_once_and_then_reports_nothing_changed()
    {
        var bucket = $"custom-control-tower-configuration-123456789012-c{Guid.NewGuid():N}"[..63];
        using (var s3 = new Amazon.S3.AmazonS3Client(TestAccounts.Basic, new Amazon.S3.AmazonS3Config { ServiceURL = moto.Endpoint.ToString(), ForcePathStyle = true, AuthenticationRegion = TestAccounts.Region }))
        {
            await s3.PutBucketAsync(new Amazon.S3.Model.PutBucketRequest { BucketName = bucket, BucketRegion = Amazon.S3.S3Region.APNortheast1 });
        }

        var package = Directory.CreateDirectory(Path.Combine(_work.FullName, "out"));
        File.WriteAllText(Path.Combine(package.FullName, "manifest.yaml"), "region: ap-northeast-1\nversion: 2021-03-15\nresources: []\n");
        string[] args = ["publish", "--s3-bucket", bucket, "--package", package.FullName, "--profile", Profile, "--endpoint-url", moto.Endpoint.ToString()];

        var first = await CliRunner.Run(args);
        var second = await CliRunner.Run(args);

        first.Exit.Should().Be(0, first.Err);
        first.Out.Should().StartWith($"uploaded s3://{bucket}/custom-control-tower-configuration.zip (1 files");
        second.Exit.Should().Be(0, second.Err);
        second.Out.Should().StartWith("unchanged: ").And.Contain("nothing uploaded");
    }

    [Fact]
    public async Task Publish_without_a_target_is_a_usage_error()
    {
        var (exit, _, error) = await CliRunner.Run("publish");

        exit.Should().Be(2);
        error.Should().Contain("GCF9001").And.Contain("--s3-bucket");
    }

    [Fact]
    public async Task Publish_of_a_folder_without_manifest_is_a_usage_error_naming_the_folder()
    {
        var (exit, _, error) = await CliRunner.Run("publish", "--s3-bucket", "custom-control-tower-configuration-123456789012-ap-northeast-1", "--package", Path.Combine(_work.FullName, "missing"), "--profile", Profile);

        exit.Should().Be(2);
        error.Should().Contain("GCF4205");
    }

    // #16: `publish --s3-bucket` runs the same validation as `govcfct validate` and uploads nothing on any error.
    [Fact]
    public async Task Publish_of_a_package_validate_rejects_uploads_nothing()
    {
        var bucket = $"custom-control-tower-configuration-123456789012-v{Guid.NewGuid():N}"[..63];
        using var s3 = new Amazon.S3.AmazonS3Client(TestAccounts.Basic, new Amazon.S3.AmazonS3Config { ServiceURL = moto.Endpoint.ToString(), ForcePathStyle = true, AuthenticationRegion = TestAccounts.Region });
        await s3.PutBucketAsync(new Amazon.S3.Model.PutBucketRequest { BucketName = bucket, BucketRegion = Amazon.S3.S3Region.APNortheast1 });
        var package = Directory.CreateDirectory(Path.Combine(_work.FullName, "broken"));
        File.WriteAllText(Path.Combine(package.FullName, "manifest.yaml"), "region: ap-northeast-1\nversion: 2021-03-15\nresources: [\n");

        var (exit, _, error) = await CliRunner.Run("publish", "--s3-bucket", bucket, "--package", package.FullName, "--profile", Profile, "--endpoint-url", moto.Endpoint.ToString());

        exit.Should().Be(1);
        error.Should().Contain("error GCF4221:");
        (await s3.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = bucket })).KeyCount.Should().Be(0);
    }

    private async Task EnsureOrganizationAsync()
    {
        using var admin = MotoOrganization.Admin(moto.Endpoint);
        await MotoOrganization.EnsureAsync(admin);
    }
}
