using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using GovCfct.Aws.Config;
using GovCfct.Aws.Http;
using GovCfct.Aws.Tests.Infrastructure;
using GovCfct.Core.Packaging;
using GovCfct.Core.Status;
using YamlDotNet.RepresentationModel;
using GovCfct.Testing.Aws.Infrastructure;

namespace GovCfct.Aws.Tests.Config;

/// <summary>
/// The generated organization conformance packs against moto's AWS Config, which emulates organization packs: each
/// pack body goes into moto's S3 and is put with <c>PutOrganizationConformancePack</c> (moto requires an s3:// URI) and
/// the excluded accounts as generated; moto's managed-rule catalog accepts every rule of the bodies (PutConfigRule checks
/// the SourceIdentifier and the parameter names). Then status reads <c>GetOrganizationConformancePackDetailedStatus</c>
/// with the production client; moto reports only the caller's account, which the other accounts' gaps show.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class DetectivePackMotoTests(MotoFixture moto)
{
    private static readonly string[] Regions = ["ap-northeast-1", "ap-northeast-3"];

    private AwsClientOptions Options(string region) => new(region, moto.Endpoint, MaxAttempts: 2) { Credentials = TestAccounts.Basic };

    [Fact]
    public async Task The_generated_packs_and_their_rules_are_accepted_and_status_reads_them_back_per_account()
    {
        var caller = TestAccounts.NewAccountId();
        using var world = new DetectiveWorld(caller);
        world.Packs.Select(p => p.Name).Should().Equal("gc-detective-controls-1", "gc-detective-controls-2");
        var bucket = $"govcfct-packs-{Guid.NewGuid():N}"[..40];
        using var s3 = new AmazonS3Client(TestAccounts.Basic, new AmazonS3Config { ServiceURL = moto.Endpoint.ToString(), ForcePathStyle = true, AuthenticationRegion = TestAccounts.Region });
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket, BucketRegion = S3Region.APNortheast1 });

        var stack = Load(world.StackText);
        foreach (var region in Regions)
        {
            using var config = new ConfigWriter(Options(region), new MotoAccountHandler(caller));
            foreach (var (_, node) in (YamlMappingNode)stack["Resources"])
            {
                var properties = (YamlMappingNode)((YamlMappingNode)node)["Properties"];
                var name = properties["OrganizationConformancePackName"].ToString();
                var excluded = ((YamlSequenceNode)properties["ExcludedAccounts"]).Select(n => n.ToString()).ToList();
                var body = properties["TemplateBody"].ToString();
                await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = $"{region}/{name}.yaml", ContentBody = body });

                await config.PutPackAsync(name, $"s3://{bucket}/{region}/{name}.yaml", excluded);
                var described = await config.DescribePackAsync(name);
                described.GetProperty("ExcludedAccounts").EnumerateArray().Select(e => e.GetString()).Should().Equal(excluded);
                described.GetProperty("OrganizationConformancePackName").GetString().Should().Be(name);
                using var stored = await s3.GetObjectAsync(bucket, $"{region}/{name}.yaml");
                (await new StreamReader(stored.ResponseStream).ReadToEndAsync()).Should().Be(body);

                foreach (var (logicalId, rule) in (YamlMappingNode)Load(body)["Resources"])
                {
                    var ruleProperties = (YamlMappingNode)((YamlMappingNode)rule)["Properties"];
                    // Throws (moto's InvalidParameterValueException) for an unknown managed rule or parameter name.
                    await config.PutRuleAsync($"{name}-{logicalId}", ruleProperties);
                }
            }
        }

        // The management account and every account outside a pack's scope are excluded as generated.
        world.Packs[0].ExcludedAccounts.Should().BeEquivalentTo([DetectiveWorld.Management, DetectiveWorld.SandboxAccount]);
        world.Packs[1].ExcludedAccounts.Should().BeEquivalentTo([DetectiveWorld.Management, DetectiveWorld.AccountB, DetectiveWorld.SandboxAccount]);

        var read = await ConformancePackStatusReader.ReadAsync(world.Packs, region => new ConfigClient(Options(region), new MotoAccountHandler(caller)), CancellationToken.None);

        read.Read.Should().BeTrue();
        read.Statuses.Should().HaveCount(4).And.OnlyContain(s => s.AccountId == caller && s.Status == "CREATE_SUCCESSFUL");
        var report = StatusEvaluator.Evaluate(new StatusOptions(world.Package, world.Organization, DeployedState.Empty with { ConformancePacks = read.Statuses }) { ExpectedPacks = world.Packs });
        report.Accounts.Should().NotContain(a => a.AccountId == caller, "moto reports the pack CREATE_SUCCESSFUL for the caller in both regions");
        report.Accounts.Single(a => a.AccountId == DetectiveWorld.AccountB).Findings.Select(f => (f.Control, f.State, f.Region)).Should().Equal(
            ("gc-detective-controls-1", CoverageState.Missing, "ap-northeast-1"), ("gc-detective-controls-1", CoverageState.Missing, "ap-northeast-3"));
        report.Accounts.Should().NotContain(a => a.AccountId == DetectiveWorld.SandboxAccount, "Sandbox is outside every pack's scope");
    }

    [Fact]
    public async Task A_pack_not_deployed_yet_reads_as_no_account_having_it()
    {
        var caller = TestAccounts.NewAccountId();
        using var world = new DetectiveWorld(caller);

        var read = await ConformancePackStatusReader.ReadAsync(world.Packs, region => new ConfigClient(Options(region), new MotoAccountHandler(caller)), CancellationToken.None);

        read.Read.Should().BeTrue("moto answers NoSuchOrganizationConformancePackException, which means nobody has it yet");
        read.Statuses.Should().BeEmpty();
    }

    private static YamlMappingNode Load(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    /// <summary>The Config calls this test makes to set moto up (GovCfct itself only reads status).</summary>
    private sealed class ConfigWriter(AwsClientOptions options, HttpMessageHandler handler) : AwsJsonClient(ConfigClient.ServiceDescription, options, handler)
    {
        public Task<JsonElement> PutPackAsync(string name, string uri, List<string> excluded) =>
            InvokeAsync<JsonElement>("PutOrganizationConformancePack", new { OrganizationConformancePackName = name, TemplateS3Uri = uri, ExcludedAccounts = excluded }, CancellationToken.None);

        public async Task<JsonElement> DescribePackAsync(string name)
        {
            var response = await InvokeAsync<JsonElement>("DescribeOrganizationConformancePacks", new { OrganizationConformancePackNames = new[] { name } }, CancellationToken.None);
            return response.GetProperty("OrganizationConformancePacks")[0];
        }

        public Task<JsonElement> PutRuleAsync(string name, YamlMappingNode properties)
        {
            var source = (YamlMappingNode)properties["Source"];
            var parameters = properties.Children.TryGetValue(new YamlScalarNode("InputParameters"), out var p)
                ? JsonSerializer.Serialize(((YamlMappingNode)p).Children.ToDictionary(c => c.Key.ToString(), c => c.Value.ToString()))
                : null;
            var frequency = properties.Children.TryGetValue(new YamlScalarNode("MaximumExecutionFrequency"), out var f) ? f.ToString() : null;
            return InvokeAsync<JsonElement>(
                "PutConfigRule",
                new { ConfigRule = new { ConfigRuleName = name, Source = new { Owner = source["Owner"].ToString(), SourceIdentifier = source["SourceIdentifier"].ToString() }, InputParameters = parameters, MaximumExecutionFrequency = frequency } },
                CancellationToken.None);
        }
    }
}
