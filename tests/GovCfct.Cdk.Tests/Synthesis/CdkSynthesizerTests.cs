using System.Collections.Immutable;
using System.Text.Json.Nodes;
using GovCfct.Cdk.Synthesis;
using GovCfct.Cdk.Tests.Support;
using GovCfct.Core.Catalog;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Rendering;

namespace GovCfct.Cdk.Tests.Synthesis;

[Collection(SynthesizedCollection.Name)]
public sealed class CdkSynthesizerTests(SynthesizedCatalog synthesized)
{
    [Fact]
    public void Every_cdk_control_synthesizes_without_diagnostics_in_one_engine_run()
    {
        synthesized.Diagnostics.Items.Should().BeEmpty();
        synthesized.Templates.Keys.Should().BeEquivalentTo(TestCatalog.CdkControlIds);
        synthesized.Synthesizer.EngineRuns.Should().Be(1);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Templates_carry_no_cdk_metadata_bootstrap_or_assets(string id)
    {
        var text = synthesized.Templates[id];
        text.Should().NotContain("AWS::CDK::Metadata").And.NotContain("BootstrapVersion").And.NotContain("aws:cdk:")
            .And.NotContain("AssetParameters").And.NotContain("cdk-hnb659fds").And.NotContain("\r");
        text.Should().EndWith("}\n");
        var template = JsonNode.Parse(text)!.AsObject();
        template.ContainsKey("Rules").Should().BeFalse();
        foreach (var (_, resource) in template["Resources"]!.AsObject())
        {
            resource!["Type"]!.GetValue<string>().Should().NotStartWith("AWS::CDK::").And.NotBe("AWS::Lambda::Function");
        }
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Template_parameters_are_exactly_the_catalog_scalars(string id)
    {
        var control = TestCatalog.Load(id);
        var template = JsonNode.Parse(synthesized.Templates[id])!.AsObject();
        var names = template["Parameters"]?.AsObject().Select(kv => kv.Key).ToList() ?? [];
        names.Should().BeEquivalentTo(control.Parameters.Where(p => p.Type != ParameterType.List).Select(p => p.Name));
        foreach (var parameter in control.Parameters.Where(p => p.Default is not null))
        {
            template["Parameters"]![parameter.Name]!["Default"]!.GetValue<string>().Should().Be(parameter.Default!.Scalar);
        }
    }

    [Fact]
    public void A_second_synth_without_cache_gives_identical_bytes()
    {
        var again = new CdkSynthesizer(new CdkSynthesizerOptions(CacheDirectory: null));
        var diagnostics = new DiagnosticBag();
        var templates = SynthesizedCatalog.ById(again.Synthesize(TestCatalog.AllRequests(), diagnostics));
        diagnostics.Items.Should().BeEmpty();
        again.EngineRuns.Should().Be(1);
        foreach (var id in TestCatalog.CdkControlIds)
        {
            templates[id].Should().Be(synthesized.Templates[id], $"{id} must be byte-stable");
        }
    }

    [Fact]
    public void A_build_with_unchanged_controls_does_not_start_the_engine()
    {
        var cached = new CdkSynthesizer(new CdkSynthesizerOptions(synthesized.CacheDirectory));
        var diagnostics = new DiagnosticBag();
        var templates = SynthesizedCatalog.ById(cached.Synthesize(TestCatalog.AllRequests(), diagnostics));
        diagnostics.Items.Should().BeEmpty();
        cached.EngineRuns.Should().Be(0, "every template comes from the cache, so jsii and node are never reached");
        templates.Should().BeEquivalentTo(synthesized.Templates);
        Directory.GetFiles(synthesized.CacheDirectory).Should().HaveCount(TestCatalog.CdkControlIds.Length);
    }

    [Fact]
    public void Changed_inputs_miss_the_cache_and_are_synthesized_again()
    {
        var cache = Path.Combine(Path.GetTempPath(), "govcfct-cdk-miss-" + Guid.NewGuid().ToString("N"));
        try
        {
            var control = TestCatalog.Load("cfct-template-change-alert");
            var first = new CdkSynthesizer(new CdkSynthesizerOptions(cache));
            first.Synthesize([(control, TestCatalog.Context())], new DiagnosticBag());
            first.EngineRuns.Should().Be(1);

            var second = new CdkSynthesizer(new CdkSynthesizerOptions(cache));
            var otherHome = TestCatalog.Context("ap-northeast-3");
            var diagnostics = new DiagnosticBag();
            second.Synthesize([(control, TestCatalog.Context())], diagnostics);
            second.EngineRuns.Should().Be(0);
            second.Synthesize([(control, otherHome)], diagnostics);
            second.EngineRuns.Should().Be(1, "the home region is an input of the template");
            diagnostics.Items.Should().BeEmpty();
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    [Fact]
    public void Metric_filters_and_their_alarms_exist_only_in_the_home_region()
    {
        var template = JsonNode.Parse(synthesized.Templates["security-alerts"])!.AsObject();
        template["Conditions"]!["IsHomeRegion"]!.ToJsonString().Should().Contain("ap-northeast-1");
        var resources = template["Resources"]!.AsObject();
        var conditioned = resources.Where(kv => kv.Value!["Type"]!.GetValue<string>() is "AWS::Logs::MetricFilter" or "AWS::CloudWatch::Alarm").ToList();
        // Seven metric filters (root, IAM policy, access key, member Organizations/account changes, unauthorized calls,
        // management control-plane changes, break-glass use) and their alarms, and the alarm on failed deliveries.
        conditioned.Should().HaveCount(15);
        conditioned.Should().OnlyContain(kv => kv.Value!["Condition"]!.GetValue<string>() == "IsHomeRegion");
    }

    [Fact]
    public void The_hook_uses_sdk_integrations_with_cross_account_credentials_and_no_lambda()
    {
        var text = synthesized.Templates["account-creation-hook"];
        text.Should().Contain("arn:\",\n").And.Contain("states:::aws-sdk:ec2:enableEbsEncryptionByDefault");
        text.Should().Contain("\\\"Credentials\\\":{\\\"RoleArn.$\\\":\\\"$.roleArn\\\"}");
        text.Should().Contain("States.Format('arn:");
        text.Should().NotContain("AWS::Lambda::");
        var resources = JsonNode.Parse(text)!["Resources"]!.AsObject();
        var forwarding = resources.Where(kv => kv.Key.StartsWith("ForwardCreateManagedAccountRule", StringComparison.Ordinal) && kv.Value!["Type"]!.GetValue<string>() == "AWS::Events::Rule").Single();
        forwarding.Value!["Condition"]!.GetValue<string>().Should().Be("IsHomeRegion");
        forwarding.Value!.ToJsonString().Should().Contain(":events:ap-northeast-3:").And.NotContain(":events:ap-northeast-1:");

        // Least privilege: the state machine may assume the execution role by name and nothing else: no topic to publish
        // to (its failures are forwarded to the central alert bus), nothing on "*", no EC2 at home.
        var machineRole = resources.Single(kv => kv.Key.StartsWith("HookRoleDefaultPolicy", StringComparison.Ordinal)).Value!;
        var statements = machineRole["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray();
        statements.SelectMany(s => s!["Action"] is JsonArray many ? many.Select(a => a!.GetValue<string>()) : [s!["Action"]!.GetValue<string>()])
            .Should().BeEquivalentTo("sts:AssumeRole");
        statements.Single(s => s!["Action"] is JsonValue one && one.GetValue<string>() == "sts:AssumeRole")!["Resource"]!.ToJsonString().Should().Contain("ExecutionRoleName");
    }

    [Fact]
    public void Requests_that_differ_only_in_scalar_values_share_one_template_and_one_stack()
    {
        var control = TestCatalog.Load("security-alerts");
        var ministry = TestCatalog.Context() with
        {
            Parameters = ImmutableSortedDictionary<string, ParameterValue>.Empty.Add("TrailLogGroupName", ParameterValue.Of("aws-controltower/CloudTrailLogs-ministry")),
        };
        var city = TestCatalog.Context() with
        {
            Parameters = ImmutableSortedDictionary<string, ParameterValue>.Empty.Add("TrailLogGroupName", ParameterValue.Of("aws-controltower/CloudTrailLogs-city")),
        };
        var synthesizer = new CdkSynthesizer(new CdkSynthesizerOptions(synthesized.CacheDirectory));
        var diagnostics = new DiagnosticBag();
        var templates = synthesizer.Synthesize([(control, ministry), (control, city)], diagnostics);

        diagnostics.Items.Should().BeEmpty();
        templates.Keys.Should().BeEquivalentTo(CdkTemplateRequest.KeyOf(control, ministry), CdkTemplateRequest.KeyOf(control, city));
        templates.Values.Distinct().Should().ContainSingle().Which.Should().Be(synthesized.Templates["security-alerts"]);
        templates.Values.First().Should().NotContain("CloudTrailLogs-ministry", "scalar values travel as stack-set parameters, not in the template");
        synthesizer.EngineRuns.Should().Be(0, "the scalar-free template is already cached");
    }

    [Fact]
    public void Every_cdk_control_of_the_shipped_catalog_is_tested_here()
    {
        TestCatalog.Catalog.Controls.Where(c => c.Source == ControlSource.Cdk).Select(c => c.Id)
            .Should().BeEquivalentTo(TestCatalog.CdkControlIds);
    }

    public static TheoryData<string> Ids() => [.. TestCatalog.CdkControlIds];
}
