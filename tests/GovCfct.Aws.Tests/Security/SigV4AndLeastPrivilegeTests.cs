using System.Runtime.CompilerServices;
using System.Xml.Linq;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using GovCfct.Aws.CodeCommit;
using GovCfct.Aws.CodePipeline;
using GovCfct.Aws.Http;
using GovCfct.Aws.Organizations;
using GovCfct.Aws.Publishing;
using GovCfct.Aws.Tests.Infrastructure;
using GovCfct.Core.Publishing;
using GovCfct.Testing.Aws.Infrastructure;

namespace GovCfct.Aws.Tests.Security;

/// <summary>
/// A dedicated moto that verifies SigV4 signatures and evaluates IAM policies once setup is done: proves the
/// signer against an independent implementation, that docs/iam/publisher-policy.json (the build role) is enough for
/// the snapshot and never uploads CfCT's S3 source, and that docs/iam/release-policy.json publishes there.
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

    // publish --merge --verify-plan renders the plan from the releaser's own snapshot; the organization holds an SCP of its
    // own (as every CfCT organization does), whose content the snapshot reads with DescribePolicy.
    [Fact]
    public async Task The_releasers_snapshot_for_verify_plan_runs_under_the_release_policy()
    {
        using var client = new OrganizationsClient(Options(moto.Release));

        var result = await new OrgSnapshotReader(client).ReadAsync(CancellationToken.None);

        result.Snapshot.Policies.Should().Contain(p => p.Name == "gc-deny-leave-organization" && p.Content != null && p.Content.Contains("LeaveOrganization", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_s3_publish_runs_under_the_release_policy_and_skips_an_unchanged_package()
    {
        var content = PublishedContent.Select(new Dictionary<string, byte[]> { ["manifest.yaml"] = "region: ap-northeast-1\nversion: 2021-03-15\nresources: []\n"u8.ToArray() });
        var publisher = new S3SourcePublisher(Options(moto.Release));

        var first = await publisher.PublishAsync(new S3PublishOptions(Bucket, content), CancellationToken.None);
        var second = await publisher.PublishAsync(new S3PublishOptions(Bucket, content), CancellationToken.None);

        first.Uploaded.Should().BeTrue();
        second.Uploaded.Should().BeFalse();
    }

    // The S3 route has no approval gate: an upload starts CfCT's pipeline. Only people (the release role) publish there.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_build_role_cannot_upload_cfcts_s3_source_even_with_a_broad_allow(bool broad)
    {
        using var s3 = new AmazonS3Client(broad ? moto.BuildWithBroadAllow : moto.Publisher, new AmazonS3Config { ServiceURL = moto.Endpoint.ToString(), ForcePathStyle = true, AuthenticationRegion = TestAccounts.Region });

        var act = () => s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "custom-control-tower-configuration.zip", ContentBody = "not reviewed" });

        (await act.Should().ThrowAsync<AmazonS3Exception>()).Which.ErrorCode.Should().Be("AccessDenied");
    }

    // moto authorizes CodeCommit and CodePipeline calls against resource "*" and skips codecommit:References, so it
    // proves the build role's unconditional denials: with an allow-everything policy beside it, a read still works
    // while merging, approving, overriding, loosening the gate and answering CfCT's approval are refused.
    [Fact]
    public async Task The_build_roles_denials_hold_next_to_an_allow_everything_policy()
    {
        using var codecommit = new RawJsonClient(CodeCommitClient.ServiceDescription, Options(moto.BuildWithBroadAllow));
        using var codepipeline = new RawJsonClient(CodePipelineClient.ServiceDescription, Options(moto.BuildWithBroadAllow));
        using var s3 = new AmazonS3Client(moto.BuildWithBroadAllow, new AmazonS3Config { ServiceURL = moto.Endpoint.ToString(), ForcePathStyle = true, AuthenticationRegion = TestAccounts.Region });

        var read = await codecommit.CallAsync("GetRepository", new { repositoryName = "custom-control-tower-configuration" });
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = LeastPrivilegeMoto.OtherBucket, Key = "artifact.txt", ContentBody = "build output" });
        var refused = new List<string>();
        foreach (var (client, operation, body) in new (RawJsonClient, string, object)[]
        {
            (codecommit, "MergePullRequestByFastForward", new { pullRequestId = "1", repositoryName = "custom-control-tower-configuration" }),
            (codecommit, "UpdatePullRequestApprovalState", new { pullRequestId = "1", revisionId = "r", approvalState = "APPROVE" }),
            (codecommit, "OverridePullRequestApprovalRules", new { pullRequestId = "1", revisionId = "r", overrideStatus = "OVERRIDE" }),
            (codecommit, "DeletePullRequestApprovalRule", new { pullRequestId = "1", approvalRuleName = "govcfct-approvers" }),
            (codecommit, "CreateApprovalRuleTemplate", new { approvalRuleTemplateName = "loose", approvalRuleTemplateContent = "{}" }),
            (codepipeline, "PutApprovalResult", new { pipelineName = "Custom-Control-Tower-CodePipeline", stageName = "Approval", actionName = "Approval", result = new { summary = "self", status = "Approved" }, token = "t" }),
        })
        {
            var error = (await client.Invoking(c => c.CallAsync(operation, body)).Should().ThrowAsync<AwsServiceException>()).Which;
            if (error.IsAccessDenied && error.Message.Contains(operation, StringComparison.Ordinal))
            {
                refused.Add(operation);
            }
        }

        read.GetProperty("repositoryMetadata").GetProperty("repositoryName").GetString().Should().Be("custom-control-tower-configuration");
        refused.Should().Equal(
            "MergePullRequestByFastForward", "UpdatePullRequestApprovalState", "OverridePullRequestApprovalRules",
            "DeletePullRequestApprovalRule", "CreateApprovalRuleTemplate", "PutApprovalResult");
    }

    // What the denials did not name before: replacing CfCT's repository, starting builds or pipelines with overrides,
    // rolling CfCT's S3 source back or opening its bucket. With an allow-everything policy beside the build policy each
    // is refused by moto's IAM evaluation, while a read still works.
    [Fact]
    public async Task The_build_role_can_neither_replace_the_repository_nor_bypass_or_roll_back_the_gate_next_to_a_broad_allow()
    {
        using var codecommit = new RawJsonClient(CodeCommitClient.ServiceDescription, Options(moto.BuildWithBroadAllow));
        using var codebuild = new RawJsonClient(new AwsJsonService("CodeBuild", "codebuild", "CodeBuild_20161006", "codebuild"), Options(moto.BuildWithBroadAllow));
        using var codepipeline = new RawJsonClient(CodePipelineClient.ServiceDescription, Options(moto.BuildWithBroadAllow));
        using var states = new RawJsonClient(new AwsJsonService("SFN", "states", "AWSStepFunctions", "states"), Options(moto.BuildWithBroadAllow));
        using var s3 = new AmazonS3Client(moto.BuildWithBroadAllow, new AmazonS3Config { ServiceURL = moto.Endpoint.ToString(), ForcePathStyle = true, AuthenticationRegion = TestAccounts.Region });
        var refused = new List<string>();
        foreach (var (client, operation, body) in new (RawJsonClient, string, object)[]
        {
            (codecommit, "DeleteRepository", new { repositoryName = "custom-control-tower-configuration" }),
            (codecommit, "CreateRepository", new { repositoryName = "custom-control-tower-configuration-2" }),
            (codebuild, "StartBuild", new { projectName = "governance-govcfct-merge", buildspecOverride = "version: 0.2" }),
            (codepipeline, "StartPipelineExecution", new { name = "governance-govcfct" }),
            (states, "StartExecution", new { stateMachineArn = "arn:aws:states:ap-northeast-1:123456789012:stateMachine:CustomControlTowerStateMachine" }),
        })
        {
            var error = (await client.Invoking(c => c.CallAsync(operation, body)).Should().ThrowAsync<AwsServiceException>()).Which;
            if (error.IsAccessDenied)
            {
                refused.Add(operation);
            }
        }

        var policy = () => s3.PutBucketPolicyAsync(new PutBucketPolicyRequest { BucketName = Bucket, Policy = "{\"Version\":\"2012-10-17\",\"Statement\":[]}" });
        var versioning = () => s3.PutBucketVersioningAsync(new PutBucketVersioningRequest { BucketName = Bucket, VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Suspended } });

        refused.Should().Equal("DeleteRepository", "CreateRepository", "StartBuild", "StartPipelineExecution", "StartExecution");
        (await policy.Should().ThrowAsync<AmazonS3Exception>()).Which.ErrorCode.Should().Be("AccessDenied");
        (await versioning.Should().ThrowAsync<AmazonS3Exception>()).Which.ErrorCode.Should().Be("AccessDenied");
        await codecommit.CallAsync("GetRepository", new { repositoryName = "custom-control-tower-configuration" });
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

    /// <summary>The people's release role (docs/iam/release-policy.json).</summary>
    public AWSCredentials Release { get; private set; } = null!;

    /// <summary>The build role's policy next to an allow-everything policy: only the explicit denials stand between it and CfCT.</summary>
    public AWSCredentials BuildWithBroadAllow { get; private set; } = null!;

    /// <summary>A bucket that is not CfCT's (the build may write its own artifacts).</summary>
    public const string OtherBucket = "govcfct-build-artifacts-123456789012";

    private const string AllowEverything = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";

    private static async Task<(string KeyId, string Secret)> UserAsync(QueryClient iam, string user, params (string Name, string Document)[] policies)
    {
        await iam.CallAsync("CreateUser", new Dictionary<string, string> { ["UserName"] = user });
        foreach (var (name, document) in policies)
        {
            var policy = await iam.CallAsync("CreatePolicy", new Dictionary<string, string> { ["PolicyName"] = name, ["PolicyDocument"] = document });
            await iam.CallAsync("AttachUserPolicy", new Dictionary<string, string> { ["UserName"] = user, ["PolicyArn"] = policy.Descendants(Iam + "Arn").First().Value });
        }

        var key = await iam.CallAsync("CreateAccessKey", new Dictionary<string, string> { ["UserName"] = user });
        return (key.Descendants(Iam + "AccessKeyId").First().Value, key.Descendants(Iam + "SecretAccessKey").First().Value);
    }

    public async Task InitializeAsync()
    {
        // Setup runs without authentication; then /moto-api/reset-auth switches verification on at an exact point,
        // whatever number of actions moto counts per setup call.
        _moto = await MotoServer.StartAsync(new Dictionary<string, string> { ["INITIAL_NO_AUTH_ACTION_COUNT"] = "1000" });
        using (var iam = new QueryClient(_moto.Endpoint, "iam", "2010-05-08", TestAccounts.Basic))
        {
            var build = await File.ReadAllTextAsync(PolicyPath("publisher-policy.json"));
            (_publisherKeyId, _publisherSecret) = await UserAsync(iam, "govcfct-build", ("govcfct-build", build));
            _publisher = new BasicAWSCredentials(_publisherKeyId, _publisherSecret);
            var (releaseKey, releaseSecret) = await UserAsync(iam, "govcfct-release", ("govcfct-release", await File.ReadAllTextAsync(PolicyPath("release-policy.json"))));
            Release = new BasicAWSCredentials(releaseKey, releaseSecret);

            // The build role's denials must hold even when someone attaches a broad policy to the CodeBuild role.
            var (broadKey, broadSecret) = await UserAsync(iam, "govcfct-build-broad", ("govcfct-build-2", build), ("allow-everything", AllowEverything));
            BuildWithBroadAllow = new BasicAWSCredentials(broadKey, broadSecret);
        }

        using (var codecommit = new RawJsonClient(CodeCommitClient.ServiceDescription, Options(TestAccounts.Basic)))
        {
            await codecommit.CallAsync("CreateRepository", new { repositoryName = "custom-control-tower-configuration" });
        }

        using (var s3 = RootS3())
        {
            await s3.PutBucketAsync(new PutBucketRequest { BucketName = OtherBucket, BucketRegion = S3Region.APNortheast1 });
        }

        using (var admin = new RawJsonClient(OrganizationsClient.ServiceDescription, Options(TestAccounts.Basic)))
        {
            await admin.CallAsync("CreateOrganization", new { FeatureSet = "ALL" });
            _rootId = (await admin.CallAsync("ListRoots", new { })).GetProperty("Roots")[0].GetProperty("Id").GetString()!;
            var security = (await admin.CallAsync("CreateOrganizationalUnit", new { ParentId = _rootId, Name = "Security" })).GetProperty("OrganizationalUnit").GetProperty("Id").GetString()!;
            var scp = await admin.CallAsync("CreatePolicy", new
            {
                Name = "gc-deny-leave-organization",
                Description = "deployed by CfCT",
                Type = "SERVICE_CONTROL_POLICY",
                Content = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"organizations:LeaveOrganization\",\"Resource\":\"*\"}]}",
            });
            await admin.CallAsync("AttachPolicy", new { PolicyId = scp.GetProperty("Policy").GetProperty("PolicySummary").GetProperty("Id").GetString()!, TargetId = security });
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

    private static string PolicyPath(string file, [CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", "..", "docs", "iam", file));
}
