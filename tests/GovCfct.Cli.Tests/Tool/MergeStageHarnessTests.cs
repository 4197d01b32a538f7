using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Amazon.Runtime;
using GovCfct.Aws.CodeCommit;
using GovCfct.Aws.Http;
using GovCfct.Aws.Organizations;
using GovCfct.Testing.Aws.CodeCommit;
using GovCfct.Testing.Aws.Emulator;
using GovCfct.Testing.Aws.Infrastructure;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Publishing;
using GovCfct.Core.Scaffolding;
using GovCfct.Testing;
using YamlDotNet.RepresentationModel;

namespace GovCfct.Cli.Tests.Tool;

/// <summary>
/// Runs the approval pipeline's merge stage (the MergeProject's inline buildspec of <c>govcfct pipeline template</c>)
/// as CodeBuild would, in a checkout of a hostile governance repository: its <c>nuget.config</c> names its own feed,
/// its <c>.config/dotnet-tools.json</c> maps <c>govcfct</c> to its own package and its <c>global.json</c> demands an SDK
/// that does not exist, so any use of the checkout's configuration fails the stage. The stage's role is the template's
/// MergeRole policy, evaluated by the CodeCommit endpoint; the tool comes from the packed GovCfct (the template's
/// ToolSource and GovCfctVersion). The stage takes its own organization snapshot and merges with
/// <c>--verify-plan</c>: Organizations is a moto that verifies signatures and evaluates the same MergeRole policy (the
/// stage's one access key is known to both), holding an organization with an SCP of its own so DescribePolicy is
/// called. runtime-versions is CodeBuild's own and is not run.
/// </summary>
public sealed class MergeStageHarnessTests(InstalledTool tool, MergeStageMoto moto) : IClassFixture<InstalledTool>, IClassFixture<MergeStageMoto>, IAsyncLifetime
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("govcfct-merge-stage-");
    private CodeCommitWorld _world = null!;
    private EmulatorIdentity _mergeRole = null!;

    public Task InitializeAsync()
    {
        _world = new CodeCommitWorld();
        _mergeRole = new EmulatorIdentity(moto.MergeKeyId, moto.MergeSecret, "arn:aws:sts::111122223333:assumed-role/GovCfctMerge/codebuild")
        {
            Policies = [MergeRolePolicy()],
        };
        _world.Server.AddIdentity(_mergeRole);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _world.DisposeAsync();
        _work.Delete(recursive: true);
    }

    [Fact]
    public async Task The_merge_stage_merges_with_the_templates_tool_and_ignores_the_repositorys_tool_configuration()
    {
        var (id, commit) = await ProposeAndApproveAsync();
        var checkout = HostileCheckout();
        var before = Listing(checkout);

        var (exit, output) = RunMergeStage(checkout, id, commit);

        exit.Should().Be(0, output);
        output.Should().Contain($"govcfct {ToolIdentity.Version} ").And.Contain($"merged pull request {id}");
        _world.CodeCommit.MergedBy(id).Should().Be(_mergeRole.Arn, "the template's MergeRole holds every permission the merge and its plan check need (GetCommit, GetFile, the gate template, the organization's reads)");
        Listing(checkout).Should().Equal(before, "nothing was written into, restored from or run from the governance checkout");
    }

    // The build writes the pull request's description; reviewers approve what they read there. The stage renders the plan
    // again from the approved commit, CfCT's branch and its own snapshot of the organization, and merges only that text.
    [Fact]
    public async Task The_merge_stage_refuses_a_pull_request_whose_description_is_not_the_plan_of_its_commit()
    {
        var (id, commit) = await ProposeAndApproveAsync("# GovCfct plan\n\nNothing changes.\n");
        var head = _world.CodeCommit.BranchHead(CodeCommitWorld.Repository, "main");

        var (exit, output) = RunMergeStage(HostileCheckout(), id, commit);

        exit.Should().NotBe(0, output);
        output.Should().Contain(DiagnosticCodes.PublishPlanMismatch.Id);
        _world.CodeCommit.MergedBy(id).Should().BeNull();
        _world.CodeCommit.BranchHead(CodeCommitWorld.Repository, "main").Should().Be(head);
    }

    [Theory]
    [InlineData("1$(touch pwned)", null)]
    [InlineData("1", "0000000000000000000000000000000000000000")]
    [InlineData("1", "abc")]
    public async Task The_merge_stage_refuses_a_pull_request_id_or_commit_it_was_not_shown(string id, string? commit)
    {
        var (_, proposed) = await ProposeAndApproveAsync();
        var checkout = HostileCheckout();

        var (exit, output) = RunMergeStage(checkout, id, commit ?? proposed);

        exit.Should().NotBe(0, output);
        _world.CodeCommit.MergedBy("1").Should().BeNull();
        File.Exists(Path.Combine(checkout, "pwned")).Should().BeFalse();
        Directory.GetFiles(_work.FullName, "pwned", SearchOption.AllDirectories).Should().BeEmpty();
    }

    // The build's pull request, its description the plan against CfCT's branch for the organization as moto holds it
    // (what publish --pull-request --plan-org writes), unless a description is given.
    private async Task<(string Id, string Commit)> ProposeAndApproveAsync(string? description = null)
    {
        var build = _world.PublisherAs(CodeCommitWorld.BuildRole);
        var package = CodeCommitWorld.Package();
        if (description is null)
        {
            var destination = await build.ReadPublishedFilesAsync(CodeCommitWorld.Repository, _world.CodeCommit.BranchHead(CodeCommitWorld.Repository, "main")!, CancellationToken.None);
            description = ReviewedPlan.Render(package, destination, await moto.SnapshotAsync(), new DiagnosticBag());
            description.Should().StartWith("# GovCfct plan\n");
        }

        var proposed = await build.PublishAsync(package, new CodeCommitPublishOptions(CodeCommitWorld.Repository, PullRequest: true, Description: description), CancellationToken.None);
        _world.CodeCommit.ApproveAs(proposed.PullRequestId!, CodeCommitWorld.Alice.Arn);
        return (proposed.PullRequestId!, proposed.CommitId!);
    }

    private string HostileCheckout()
    {
        var checkout = Directory.CreateDirectory(Path.Combine(_work.FullName, "src")).FullName;
        Directory.CreateDirectory(Path.Combine(checkout, ".config"));
        File.WriteAllText(Path.Combine(checkout, "nuget.config"), "<?xml version=\"1.0\"?>\n<configuration><packageSources><clear /><add key=\"evil\" value=\"https://evil.invalid/v3/index.json\" /></packageSources></configuration>\n");
        File.WriteAllText(Path.Combine(checkout, ".config", "dotnet-tools.json"), "{\"version\":1,\"isRoot\":true,\"tools\":{\"evil.tool\":{\"version\":\"6.6.6\",\"commands\":[\"govcfct\"]}}}\n");
        File.WriteAllText(Path.Combine(checkout, "global.json"), "{\"sdk\":{\"version\":\"1.0.0\",\"rollForward\":\"disable\"}}\n");
        return checkout;
    }

    private static string[] Listing(string folder) =>
        [.. Directory.GetFileSystemEntries(folder, "*", SearchOption.AllDirectories).Select(p => $"{Path.GetRelativePath(folder, p)} {(File.Exists(p) ? File.ReadAllText(p).Length : -1)}").Order(StringComparer.Ordinal)];

    private (int ExitCode, string Output) RunMergeStage(string checkout, string id, string commit)
    {
        var buildspec = new YamlStream();
        buildspec.Load(new StringReader(((YamlScalarNode)Node(Template(), "Resources", "MergeProject", "Properties", "Source", "BuildSpec")).Value!));
        var commands = (YamlSequenceNode)Node(buildspec.Documents[0].RootNode, "phases", "build", "commands");
        var script = new StringBuilder("cd \"$CODEBUILD_SRC_DIR\"\n");
        foreach (var command in commands.Children.Cast<YamlScalarNode>())
        {
            script.Append("(\n").Append(command.Value).Append("\n) || exit $?\n");
        }

        var home = Directory.CreateDirectory(Path.Combine(_work.FullName, "home")).FullName;
        var credentials = Path.Combine(home, "credentials");
        File.WriteAllText(credentials, $"[codebuild]\naws_access_key_id = {_mergeRole.AccessKeyId}\naws_secret_access_key = {_mergeRole.SecretAccessKey}\n");
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = home,
            ["CODEBUILD_SRC_DIR"] = checkout,
            ["TMPDIR"] = Directory.CreateDirectory(Path.Combine(_work.FullName, "tmp")).FullName,
            ["AWS_REGION"] = "ap-northeast-1",
            ["AWS_DEFAULT_REGION"] = "ap-northeast-1",
            ["AWS_PROFILE"] = "codebuild",
            ["AWS_SHARED_CREDENTIALS_FILE"] = credentials,
            ["AWS_CONFIG_FILE"] = credentials + ".config",
            ["AWS_ENDPOINT_URL_CODECOMMIT"] = _world.Server.Endpoint.ToString(),
            ["AWS_ENDPOINT_URL_ORGANIZATIONS"] = moto.Endpoint.ToString(),
            ["NUGET_PACKAGES"] = tool.PackagesCache,
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["NO_COLOR"] = "1",

            // The project's environment (the template's parameters) and the pipeline's two variables (the build's).
            ["CFCT_REPOSITORY"] = CodeCommitWorld.Repository,
            ["GOVCFCT_VERSION"] = ToolIdentity.Version,
            ["GOVCFCT_TOOL_SOURCE"] = tool.PackageSource,
            ["CODEARTIFACT_DOMAIN"] = string.Empty,
            ["CODEARTIFACT_OWNER"] = "111122223333",
            ["CODEARTIFACT_REPOSITORY"] = string.Empty,
            ["PULL_REQUEST_ID"] = id,
            ["PULL_REQUEST_SOURCE_COMMIT"] = commit,
        };
        var (exit, stdout, stderr) = ExternalTool.Run("bash", ["-c", script.ToString()], workingDirectory: checkout, environment: environment);
        return (exit, stdout + stderr);
    }

    private static YamlNode Template()
    {
        var template = new YamlStream();
        template.Load(new StringReader(GovernancePipelineTemplate.Render(ToolIdentity.Version)));
        return template.Documents[0].RootNode;
    }

    private static YamlNode Node(YamlNode root, params string[] path) =>
        path.Aggregate(root, (node, key) => ((YamlMappingNode)node)[key]);

    // The MergeRole's policy as IAM would hold it in account 111122223333, ap-northeast-1: !Sub and !GetAtt resolved.
    internal static string MergeRolePolicy()
    {
        var policy = (YamlSequenceNode)Node(Template(), "Resources", "MergeRole", "Properties", "Policies");
        return ToJson(Node(policy.Children[0], "PolicyDocument"))!.ToJsonString();
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(p => KeyValuePair.Create(((YamlScalarNode)p.Key).Value!, ToJson(p.Value)))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(ToJson)]),
        YamlScalarNode getAtt when !getAtt.Tag.IsEmpty && !getAtt.Tag.IsNonSpecific && getAtt.Tag.Value == "!GetAtt" => JsonValue.Create("arn:aws:s3:::governance-artifacts"),
        YamlScalarNode scalar => JsonValue.Create((scalar.Value ?? string.Empty)
            .Replace("${AWS::Partition}", "aws", StringComparison.Ordinal)
            .Replace("${AWS::Region}", "ap-northeast-1", StringComparison.Ordinal)
            .Replace("${AWS::AccountId}", "111122223333", StringComparison.Ordinal)
            .Replace("${CfctRepositoryName}", CodeCommitWorld.Repository, StringComparison.Ordinal)
            .Replace("${ArtifactBucket.Arn}", "arn:aws:s3:::governance-artifacts", StringComparison.Ordinal)
            .Replace("${MergeLogGroup.Arn}", "arn:aws:logs:ap-northeast-1:111122223333:log-group:/aws/codebuild/governance-govcfct-merge", StringComparison.Ordinal)),
        _ => null,
    };
}

/// <summary>
/// A moto that verifies signatures and evaluates IAM once set up: an organization with an OU and an SCP of its own, and
/// a user holding the rendered template's MergeRole policy, whose access key the merge stage uses.
/// </summary>
public sealed class MergeStageMoto : IAsyncLifetime
{
    private static readonly XNamespace Iam = "https://iam.amazonaws.com/doc/2010-05-08/";
    private MotoServer _moto = null!;

    public Uri Endpoint => _moto.Endpoint;

    public string MergeKeyId { get; private set; } = null!;

    public string MergeSecret { get; private set; } = null!;

    /// <summary>The organization as the merge role reads it (what the build's --plan-org snapshot holds).</summary>
    public async Task<OrgSnapshot> SnapshotAsync()
    {
        using var client = new OrganizationsClient(new AwsClientOptions(TestAccounts.Region, _moto.Endpoint) { Credentials = new BasicAWSCredentials(MergeKeyId, MergeSecret) });
        return (await new OrgSnapshotReader(client).ReadAsync(CancellationToken.None)).Snapshot;
    }

    public async Task InitializeAsync()
    {
        _moto = await MotoServer.StartAsync(new Dictionary<string, string> { ["INITIAL_NO_AUTH_ACTION_COUNT"] = "1000" });
        using (var iam = new QueryClient(_moto.Endpoint, "iam", "2010-05-08", TestAccounts.Basic))
        {
            await iam.CallAsync("CreateUser", new Dictionary<string, string> { ["UserName"] = "govcfct-merge" });
            var policy = await iam.CallAsync("CreatePolicy", new Dictionary<string, string> { ["PolicyName"] = "merge-approved-pull-request", ["PolicyDocument"] = MergeStageHarnessTests.MergeRolePolicy() });
            await iam.CallAsync("AttachUserPolicy", new Dictionary<string, string> { ["UserName"] = "govcfct-merge", ["PolicyArn"] = policy.Descendants(Iam + "Arn").First().Value });
            var key = await iam.CallAsync("CreateAccessKey", new Dictionary<string, string> { ["UserName"] = "govcfct-merge" });
            MergeKeyId = key.Descendants(Iam + "AccessKeyId").First().Value;
            MergeSecret = key.Descendants(Iam + "SecretAccessKey").First().Value;
        }

        using (var admin = new RawJsonClient(OrganizationsClient.ServiceDescription, new AwsClientOptions(TestAccounts.Region, _moto.Endpoint) { Credentials = TestAccounts.Basic }))
        {
            await admin.CallAsync("CreateOrganization", new { FeatureSet = "ALL" });
            var root = (await admin.CallAsync("ListRoots", new { })).GetProperty("Roots")[0].GetProperty("Id").GetString()!;
            var ou = (await admin.CallAsync("CreateOrganizationalUnit", new { ParentId = root, Name = "Workloads" })).GetProperty("OrganizationalUnit").GetProperty("Id").GetString()!;
            var scp = await admin.CallAsync("CreatePolicy", new
            {
                Name = "gc-deny-leave-organization",
                Description = "deployed by CfCT",
                Type = "SERVICE_CONTROL_POLICY",
                Content = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"organizations:LeaveOrganization\",\"Resource\":\"*\"}]}",
            });
            await admin.CallAsync("AttachPolicy", new { PolicyId = scp.GetProperty("Policy").GetProperty("PolicySummary").GetProperty("Id").GetString()!, TargetId = ou });
        }

        using var http = new HttpClient();
        using var reset = await http.PostAsync(new Uri(_moto.Endpoint, "moto-api/reset-auth"), new StringContent("0"));
        reset.EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync() => await _moto.DisposeAsync();
}
