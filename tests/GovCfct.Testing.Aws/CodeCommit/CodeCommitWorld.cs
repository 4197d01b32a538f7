using System.Text;
using Amazon.Runtime;
using GovCfct.Aws.CodeCommit;
using GovCfct.Aws.CodePipeline;
using GovCfct.Aws.Http;
using GovCfct.Testing.Aws.Emulator;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Publishing;

namespace GovCfct.Testing.Aws.CodeCommit;

/// <summary>
/// One emulated account per test: CfCT's configuration repository with a seeded main branch, CfCT's pipeline,
/// the build role that publishes and the people who approve — each with its own signing key.
/// </summary>
internal sealed class CodeCommitWorld : IAsyncDisposable
{
    public const string Repository = "custom-control-tower-configuration";
    public const string ApproverRoleArn = "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/ap-northeast-1/AWSReservedSSO_GovCloudApprover_0123456789abcdef";
    public const string ApprovalToken = "1b6f8e2c-4d3a-4f5e-9c7b-2a1d0e9f8c7b";

    public static readonly EmulatorIdentity Publisher = new("AKIAPUBLISHER0000001", "publisher-secret-9f8e7d6c5b4a", "arn:aws:sts::111122223333:assumed-role/GovCfctPublisher/codebuild");
    public static readonly EmulatorIdentity Alice = new("AKIAALICE00000000001", "alice-secret-1a2b3c", "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_GovCloudApprover_0123456789abcdef/alice");
    public static readonly EmulatorIdentity Bob = new("AKIABOB0000000000001", "bob-secret-4d5e6f", "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_GovCloudApprover_0123456789abcdef/bob");
    public static readonly EmulatorIdentity Eve = new("AKIAEVE0000000000001", "eve-secret-7a8b9c", "arn:aws:sts::111122223333:assumed-role/Developer/eve");

    /// <summary>The CodeBuild project's role, held to docs/iam/publisher-policy.json by the emulator's IAM evaluation.</summary>
    public static readonly EmulatorIdentity BuildRole = new("AKIABUILDROLE0000001", "build-secret-5e6f7a", "arn:aws:sts::111122223333:assumed-role/GovCfctBuild/codebuild")
    {
        Policies = [RepositoryFile.Read("docs/iam/publisher-policy.json")],
    };

    /// <summary>The people's release role (an Identity Center permission set), held to docs/iam/release-policy.json.</summary>
    public static readonly EmulatorIdentity ReleaseRole = new("AKIARELEASEROLE00001", "release-secret-8b9c0d", "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_GovCfctRelease_0123456789abcdef/carol")
    {
        Policies = [RepositoryFile.Read("docs/iam/release-policy.json")],
    };

    private readonly List<IDisposable> _clients = [];

    public CodeCommitWorld()
    {
        CodeCommit.CreateRepository(Repository);
        CodeCommit.CommitAsOther(Repository, "main", new Dictionary<string, string>
        {
            ["README.md"] = "CfCT configuration\n",
            ["manifest.yaml"] = "region: ap-northeast-1\nversion: 2021-03-15\nresources: []\n",
            ["templates/old-control.template"] = "{}\n",
        });
        // The organization's gate (gate setup, done once by an administrator): one approval from the approver role.
        CodeCommit.AddTemplateAsAdministrator(CodeCommitPublisher.GateTemplateName(Repository), GateContent(1), Repository);
        CodePipeline.AddCfctPipeline(PipelineGate.CfctPipelineName, ApprovalToken);
        Server = new AwsEmulatorServer(CodeCommit, CodePipeline);
        foreach (var identity in new[] { Publisher, Alice, Bob, Eve, BuildRole, ReleaseRole })
        {
            Server.AddIdentity(identity);
        }
    }

    /// <summary>The organization's template rule: <paramref name="approvals"/> approvals from the approver role, into main.</summary>
    public static string GateContent(int approvals) =>
        ApprovalRules.Checked(approvals, [$"arn:aws:sts::111122223333:assumed-role/{ApproverRoleArn.Split('/')[^1]}/*"], "main", new DiagnosticBag())!;

    public CodeCommitService CodeCommit { get; } = new();

    public CodePipelineService CodePipeline { get; } = new();

    public AwsEmulatorServer Server { get; }

    public List<string> Log { get; } = [];

    public AwsClientOptions Options(EmulatorIdentity identity, int maxAttempts = 4) =>
        new(Region: "ap-northeast-1", EndpointUrl: Server.Endpoint, MaxAttempts: maxAttempts, Timeout: TimeSpan.FromSeconds(10))
        {
            Credentials = new BasicAWSCredentials(identity.AccessKeyId, identity.SecretAccessKey),
            BaseDelay = TimeSpan.FromMilliseconds(5),
            Log = line => { lock (Log) { Log.Add(line); } },
        };

    public CodeCommitClient Client(EmulatorIdentity identity, int maxAttempts = 4)
    {
        var client = new CodeCommitClient(Options(identity, maxAttempts));
        _clients.Add(client);
        return client;
    }

    public CodeCommitPublisher NewPublisher(int maxAttempts = 4) => new(Client(Publisher, maxAttempts));

    public CodeCommitPublisher PublisherAs(EmulatorIdentity identity) => new(Client(identity));

    public PipelineGate Pipeline(EmulatorIdentity identity)
    {
        var client = new CodePipelineClient(Options(identity));
        _clients.Add(client);
        return new PipelineGate(client);
    }

    /// <summary>A built package: manifest, two templates and a policy.</summary>
    public static Dictionary<string, byte[]> Package(string version = "1") => new(StringComparer.Ordinal)
    {
        ["manifest.yaml"] = Encoding.UTF8.GetBytes($"region: ap-northeast-1\nversion: 2021-03-15\n# build {version}\nresources: []\n"),
        ["templates/gc-config-rules-baseline.template"] = Encoding.UTF8.GetBytes("{\"Resources\":{\"Topic\":{\"Type\":\"AWS::SNS::Topic\"}}}\n"),
        ["templates/gc-security-hub.template"] = Encoding.UTF8.GetBytes($"{{\"Description\":\"v{version}\",\"Resources\":{{\"Topic\":{{\"Type\":\"AWS::SNS::Topic\"}}}}}}\n"),
        ["policies/gc-deny-leave-organization.json"] = Encoding.UTF8.GetBytes("{\"Version\":\"2012-10-17\",\"Statement\":[]}"),
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await Server.DisposeAsync();
    }
}

/// <summary>Reads a file of the repository (docs/iam policies) from the source tree the tests run in.</summary>
internal static class RepositoryFile
{
    public static string Read(string relativePath)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "GovCfct.sln")))
        {
            directory = directory.Parent;
        }

        return File.ReadAllText(Path.Combine(directory?.FullName ?? throw new InvalidOperationException("GovCfct.sln not found above the test folder"), relativePath));
    }
}

/// <summary>A test class with a fresh <see cref="CodeCommitWorld"/> per test (xunit makes one instance per test).</summary>
public abstract class CodeCommitWorldTests : IAsyncLifetime
{
    /// <summary>The approver role sessions allowed to approve (the Identity Center approver permission set).</summary>
    protected static readonly string[] Pool = ["arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_GovCloudApprover_0123456789abcdef/*"];

    private CodeCommitWorld? _world;

    internal CodeCommitWorld World => _world ?? throw new InvalidOperationException("the world is made in InitializeAsync");

    public virtual Task InitializeAsync()
    {
        _world = new CodeCommitWorld();
        return Task.CompletedTask;
    }

    public virtual async Task DisposeAsync()
    {
        if (_world is not null)
        {
            await _world.DisposeAsync();
        }
    }
}
