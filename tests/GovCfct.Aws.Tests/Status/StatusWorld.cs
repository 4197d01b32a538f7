using System.Collections.Immutable;
using System.Text;
using Amazon.Runtime;
using GovCfct.Aws.CloudFormation;
using GovCfct.Aws.CodePipeline;
using GovCfct.Aws.ControlTower;
using GovCfct.Aws.Http;
using GovCfct.Testing.Aws.Emulator;
using GovCfct.Core.Cfct;
using GovCfct.Core.Organization;
using GovCfct.Core.Packaging;

namespace GovCfct.Aws.Tests.Status;

/// <summary>
/// A deployment moto cannot show (failed, outdated and drifted instances, drift detection, Control Tower controls,
/// a running pipeline) on the model-checked endpoint: an organization with Workloads (two accounts) and Sandbox
/// (one account), the baseline stack set on Workloads in two regions, and a Control Tower control on each OU.
/// </summary>
internal sealed class StatusWorld : IAsyncDisposable
{
    public const string OrgId = "o-a1b2c3d4e5";
    public const string RootId = "r-ab12";
    public const string WorkloadsOu = "ou-ab12-11111111";
    public const string SandboxOu = "ou-ab12-22222222";
    public const string AccountA = "210987654321";
    public const string AccountB = "310987654321";
    public const string SandboxAccount = "410987654321";
    public const string Management = "111122223333";
    public const string StackSet = "CustomControlTower-gc-baseline";
    public const string Template = "{\"Resources\":{\"Marker\":{\"Type\":\"AWS::CloudFormation::WaitConditionHandle\"}}}";
    public const string RestrictRoot = "arn:aws:controlcatalog:::control/5kvme4m5i1ujp4c4k4mdkbqcn";
    public const string DenyRegions = "arn:aws:controlcatalog:::control/dvuaav61i5cnfazfelmvn9m6k";

    public static readonly EmulatorIdentity Reader = new("AKIASTATUSREADER0001", "reader-secret-0a1b2c3d", "arn:aws:sts::111122223333:assumed-role/GovCfctStatus/codebuild");

    private readonly List<IDisposable> _clients = [];

    public StatusWorld()
    {
        CloudFormation.AddStackSet(StackSet, Template, ("Region", "ap-northeast-1"));
        foreach (var account in new[] { AccountA, AccountB })
        {
            foreach (var region in new[] { "ap-northeast-1", "ap-northeast-3" })
            {
                CloudFormation.SetInstance(StackSet, account, region, "CURRENT", "SUCCEEDED");
            }
        }

        CloudFormation.AddStackSet("CustomControlTower-gc-controltower-controls", "{}");
        CloudFormation.SetInstance("CustomControlTower-gc-controltower-controls", Management, "ap-northeast-1", "CURRENT", "SUCCEEDED");
        CloudFormation.SetOperation(StackSet, "op-create-0001", "CREATE", "SUCCEEDED", DateTimeOffset.Parse("2026-11-30T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        CodePipeline.AddCfctPipeline(PipelineGate.CfctPipelineName, null);
        Server = new AwsEmulatorServer(CloudFormation, ControlTower, CodePipeline);
        Server.AddIdentity(Reader);
    }

    public static string OuArn(string ou) => $"arn:aws:organizations::{Management}:ou/{OrgId}/{ou}";

    public CloudFormationService CloudFormation { get; } = new();

    public ControlTowerService ControlTower { get; } = new();

    public CodePipelineService CodePipeline { get; } = new();

    public AwsEmulatorServer Server { get; }

    public AwsClientOptions Options => new(Region: "ap-northeast-1", EndpointUrl: Server.Endpoint, MaxAttempts: 4, Timeout: TimeSpan.FromSeconds(10))
    {
        Credentials = new BasicAWSCredentials(Reader.AccessKeyId, Reader.SecretAccessKey),
        BaseDelay = TimeSpan.FromMilliseconds(5),
    };

    public static OrgSnapshot Organization => new(
        OrgId,
        Management,
        RootId,
        [new OrgUnit(WorkloadsOu, "Workloads", RootId, "Workloads"), new OrgUnit(SandboxOu, "Sandbox", RootId, "Sandbox")],
        [
            new OrgAccount(Management, "management", "mgmt@example.jp", "ACTIVE", RootId),
            new OrgAccount(AccountA, "ministry-a", "a@example.jp", "ACTIVE", WorkloadsOu),
            new OrgAccount(AccountB, "ministry-b", "b@example.jp", "ACTIVE", WorkloadsOu),
            new OrgAccount(SandboxAccount, "sandbox-1", "s@example.jp", "ACTIVE", SandboxOu),
        ],
        []);

    /// <summary>The package: the baseline stack set on Workloads in two regions and a management stack enabling two Control Tower controls.</summary>
    public static CfctPackage Package()
    {
        var controls = $$"""
            AWSTemplateFormatVersion: "2010-09-09"
            Resources:
              RestrictRootWorkloads:
                Type: AWS::ControlTower::EnabledControl
                Properties:
                  ControlIdentifier: {{RestrictRoot}}
                  TargetIdentifier: {{OuArn(WorkloadsOu)}}
              DenyRegionsSandbox:
                Type: AWS::ControlTower::EnabledControl
                Properties:
                  ControlIdentifier: {{DenyRegions}}
                  TargetIdentifier: {{OuArn(SandboxOu)}}
            """;
        var baseline = new ManifestResource("gc-baseline", "baseline", "templates/gc-baseline.template", DeployMethod.StackSet, [new ManifestParameter("Region", "ap-northeast-1")], null, ["Workloads"], [], ["ap-northeast-1", "ap-northeast-3"], [], []);
        var management = new ManifestResource("gc-controltower-controls", "controls", "templates/gc-controltower-controls.template", DeployMethod.StackSet, [], null, [], [Management], ["ap-northeast-1"], [], []);
        return new CfctPackage(
            new CfctManifest("ap-northeast-1", null, [baseline, management]),
            ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, byte[]>
            {
                ["manifest.yaml"] = [],
                ["templates/gc-baseline.template"] = Encoding.UTF8.GetBytes(Template),
                ["templates/gc-controltower-controls.template"] = Encoding.UTF8.GetBytes(controls),
            }));
    }

    public CloudFormationClient CloudFormationClient()
    {
        var client = new CloudFormationClient(Options);
        _clients.Add(client);
        return client;
    }

    public ControlTowerClient ControlTowerClient()
    {
        var client = new ControlTowerClient(Options);
        _clients.Add(client);
        return client;
    }

    public CodePipelineClient CodePipelineClient()
    {
        var client = new CodePipelineClient(Options);
        _clients.Add(client);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await Server.DisposeAsync();
    }
}
