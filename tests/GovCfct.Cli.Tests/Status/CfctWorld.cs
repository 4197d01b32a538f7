using System.Xml.Linq;
using GovCfct.Aws.CloudFormation;
using GovCfct.Aws.Http;
using GovCfct.Aws.Organizations;
using GovCfct.Testing.Aws.Infrastructure;

namespace GovCfct.Cli.Tests.Status;

/// <summary>
/// An organization and CfCT's deployment in a dedicated moto, built the way CfCT builds it: SCPs created and
/// attached to the manifest's OUs, and <c>CustomControlTower-*</c> stack sets that are SELF_MANAGED (administration
/// role AWSControlTowerStackSetRole, execution role AWSControlTowerExecution) with an instance per account and region.
/// </summary>
internal sealed class CfctWorld : IAsyncDisposable
{
    public const string Region = "ap-northeast-1";
    public const string SecondRegion = "ap-northeast-3";
    public const string Template = "{\"Resources\":{\"Marker\":{\"Type\":\"AWS::CloudFormation::WaitConditionHandle\"}}}";

    private readonly MotoServer _moto;
    private readonly RawJsonClient _organizations;
    private readonly RawQueryClient _cloudFormation;

    private CfctWorld(MotoServer moto)
    {
        _moto = moto;
        // A fresh moto imports each service's models on its first call: minutes on a loaded machine, not a fault.
        var options = new AwsClientOptions(Region, moto.Endpoint, Timeout: TimeSpan.FromMinutes(3)) { Credentials = TestAccounts.Basic, TotalTimeout = TimeSpan.FromMinutes(6) };
        _organizations = new RawJsonClient(OrganizationsClient.ServiceDescription, options);
        _cloudFormation = new RawQueryClient(options);
    }

    public Uri Endpoint => _moto.Endpoint;

    public string RootId { get; private set; } = string.Empty;

    public Dictionary<string, string> Ous { get; } = new(StringComparer.Ordinal);

    public List<string> WorkloadAccounts { get; } = [];

    public string ScpId { get; private set; } = string.Empty;

    /// <summary>Workloads (two accounts) and Sandbox OUs, the SCP on Workloads, the baseline stack set on both accounts in two regions.</summary>
    public static async Task<CfctWorld> CoveredAsync()
    {
        var world = new CfctWorld(await MotoServer.StartAsync());
        await world._organizations.CallAsync("CreateOrganization", new { FeatureSet = "ALL" });
        await world.RootAsync();
        foreach (var name in new[] { "Workloads", "Sandbox" })
        {
            var ou = await world._organizations.CallAsync("CreateOrganizationalUnit", new { ParentId = world.RootId, Name = name });
            world.Ous[name] = ou.GetProperty("OrganizationalUnit").GetProperty("Id").GetString()!;
        }

        world.WorkloadAccounts.Add(await world.CreateAccountAsync("ministry-a", "Workloads"));
        world.WorkloadAccounts.Add(await world.CreateAccountAsync("ministry-b", "Workloads"));
        var policy = await world._organizations.CallAsync("CreatePolicy", new
        {
            Name = "gc-scp-workloads",
            Description = "gc SCP",
            Type = "SERVICE_CONTROL_POLICY",
            Content = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"organizations:LeaveOrganization\",\"Resource\":\"*\"}]}",
        });
        world.ScpId = policy.GetProperty("Policy").GetProperty("PolicySummary").GetProperty("Id").GetString()!;
        await world.AttachScpAsync("Workloads");
        await world.CreateStackSetAsync("CustomControlTower-gc-baseline", world.WorkloadAccounts, [Region, SecondRegion]);
        return world;
    }

    public async Task<string> CreateAccountAsync(string name, string ou)
    {
        var status = await _organizations.CallAsync("CreateAccount", new { AccountName = name, Email = $"{name}@example.jp" });
        var id = status.GetProperty("CreateAccountStatus").GetProperty("AccountId").GetString()!;
        await _organizations.CallAsync("MoveAccount", new { AccountId = id, SourceParentId = RootId, DestinationParentId = Ous[ou] });
        return id;
    }

    public Task DetachScpAsync(string ou) => _organizations.CallAsync("DetachPolicy", new { PolicyId = ScpId, TargetId = Ous[ou] });

    public Task AttachScpAsync(string ou) => _organizations.CallAsync("AttachPolicy", new { PolicyId = ScpId, TargetId = Ous[ou] });

    /// <summary>CreateStackSet as CfCT calls it, then CreateStackInstances for the accounts and regions.</summary>
    public async Task CreateStackSetAsync(string name, IReadOnlyList<string> accounts, IReadOnlyList<string> regions)
    {
        await _cloudFormation.CallAsync("CreateStackSet", [
            ("StackSetName", name),
            ("TemplateBody", Template),
            ("AdministrationRoleARN", "arn:aws:iam::123456789012:role/service-role/AWSControlTowerStackSetRole"),
            ("ExecutionRoleName", "AWSControlTowerExecution"),
            ("PermissionModel", "SELF_MANAGED"),
        ]);
        var parameters = new List<(string, string)> { ("StackSetName", name) };
        parameters.AddRange(accounts.Select((a, i) => ($"Accounts.member.{i + 1}", a)));
        parameters.AddRange(regions.Select((r, i) => ($"Regions.member.{i + 1}", r)));
        await _cloudFormation.CallAsync("CreateStackInstances", parameters);
    }

    public async ValueTask DisposeAsync()
    {
        _organizations.Dispose();
        _cloudFormation.Dispose();
        await _moto.DisposeAsync();
    }

    /// <summary>The package CfCT deployed: the baseline stack set on Workloads in two regions, the SCP on Workloads.</summary>
    public static void WritePackage(string folder)
    {
        Directory.CreateDirectory(Path.Combine(folder, "templates"));
        Directory.CreateDirectory(Path.Combine(folder, "policies"));
        File.WriteAllText(Path.Combine(folder, "templates", "gc-baseline.template"), Template);
        File.WriteAllText(Path.Combine(folder, "policies", "gc-scp-workloads.json"), "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"organizations:LeaveOrganization\",\"Resource\":\"*\"}]}");
        File.WriteAllText(Path.Combine(folder, "manifest.yaml"), """
            ---
            region: ap-northeast-1
            version: 2021-03-15
            resources:
              - name: gc-baseline
                description: "baseline"
                resource_file: templates/gc-baseline.template
                deploy_method: stack_set
                deployment_targets:
                  organizational_units:
                    - "Workloads"
                regions:
                  - ap-northeast-1
                  - ap-northeast-3
              - name: gc-scp-workloads
                description: "SCP"
                resource_file: policies/gc-scp-workloads.json
                deploy_method: scp
                deployment_targets:
                  organizational_units:
                    - "Workloads"

            """);
    }

    private async Task<string> RootAsync()
    {
        var roots = await _organizations.CallAsync("ListRoots", new { });
        RootId = roots.GetProperty("Roots")[0].GetProperty("Id").GetString()!;
        return RootId;
    }

    /// <summary>Calls any CloudFormation query action through the product's signer and transport (signed for the client's region, as moto keys state by it).</summary>
    private sealed class RawQueryClient(AwsClientOptions options) : AwsJsonClient(CloudFormationClient.ServiceDescription, options)
    {
        public async Task<XDocument> CallAsync(string action, IReadOnlyList<(string, string)> parameters)
        {
            var text = await SendAsync(action, new WireRequest("/", "application/x-www-form-urlencoded; charset=utf-8", null), CloudFormationClient.FormBody(action, parameters), CancellationToken.None);
            return XDocument.Parse(text);
        }
    }
}
