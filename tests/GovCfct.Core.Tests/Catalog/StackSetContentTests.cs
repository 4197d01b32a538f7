using System.Diagnostics;
using System.Text;
using GovCfct.Core.Catalog;
using GovCfct.Core.Definition;
using GovCfct.Core.Tests.TestSupport;
using YamlDotNet.RepresentationModel;

namespace GovCfct.Core.Tests.Catalog;

/// <summary>What the Scriban stack sets deploy, and cfn-lint over all of them in one process.</summary>
public sealed class StackSetContentTests
{
    private static readonly (string Name, ParameterValue Value) Email = ("NotificationEmail", ParameterValue.Of("security@example.go.jp"));

    private static YamlMappingNode Template(string id, params (string, ParameterValue)[] parameters)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(CatalogFixture.Render(id, [Email, .. parameters])));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlMappingNode Map(YamlNode node, string key) => (YamlMappingNode)((YamlMappingNode)node)[key];

    private static string Text(YamlNode node, string key) => ((YamlScalarNode)((YamlMappingNode)node)[key]).Value!;

    private static IEnumerable<YamlMappingNode> Resources(YamlMappingNode template, string type) =>
        Map(template, "Resources").Children.Values.Cast<YamlMappingNode>().Where(r => Text(r, "Type") == type);

    [Fact]
    public void Config_baseline_deploys_the_eleven_rules_of_the_talk_each_behind_its_own_switch()
    {
        var template = Template("config-rules-baseline");

        var rules = Resources(template, "AWS::Config::ConfigRule").ToList();
        rules.Select(r => Text(Map(Map(r, "Properties"), "Source"), "SourceIdentifier")).Should().BeEquivalentTo(
            "ENCRYPTED_VOLUMES", "RESTRICTED_INCOMING_TRAFFIC", "INCOMING_SSH_DISABLED", "ROOT_ACCOUNT_MFA_ENABLED",
            "S3_BUCKET_PUBLIC_READ_PROHIBITED", "S3_BUCKET_PUBLIC_WRITE_PROHIBITED", "EC2_VOLUME_INUSE_CHECK",
            "EBS_OPTIMIZED_INSTANCE", "RDS_INSTANCE_PUBLIC_ACCESS_CHECK", "RDS_SNAPSHOTS_PUBLIC_PROHIBITED", "RDS_STORAGE_ENCRYPTED");
        rules.Should().OnlyContain(r => Text(Map(Map(r, "Properties"), "Source"), "Owner") == "AWS");
        rules.Select(r => Text(r, "Condition")).Should().OnlyHaveUniqueItems().And.HaveCount(11);
        rules.Should().OnlyContain(r => Text(Map(r, "Properties"), "ConfigRuleName").StartsWith("gc-", StringComparison.Ordinal));
        Map(template, "Conditions").Children.Should().HaveCount(11);
    }

    [Fact]
    public void Config_baseline_renders_the_blocked_ports_list_into_the_rule()
    {
        var template = Template("config-rules-baseline", ("BlockedPorts", ParameterValue.OfList(["22", "3389"])));

        var rule = Resources(template, "AWS::Config::ConfigRule").Single(r => Text(Map(Map(r, "Properties"), "Source"), "SourceIdentifier") == "RESTRICTED_INCOMING_TRAFFIC");
        var input = Map(Map(rule, "Properties"), "InputParameters");
        input.Children.Should().HaveCount(2);
        Text(input, "blockedPort1").Should().Be("22");
        Text(input, "blockedPort2").Should().Be("3389");
    }

    [Fact]
    public void Security_hub_enables_the_hub_and_the_FSBP_standard_of_the_region()
    {
        var template = Template("security-hub");

        Resources(template, "AWS::SecurityHub::Hub").Should().ContainSingle();
        var standard = Resources(template, "AWS::SecurityHub::Standard").Should().ContainSingle().Subject;
        var arn = (YamlScalarNode)Map(standard, "Properties")["StandardsArn"];
        arn.Tag.Value.Should().Be("!Sub");
        arn.Value.Should().Be("arn:${AWS::Partition}:securityhub:${AWS::Region}::standards/aws-foundational-security-best-practices/v/1.0.0");
    }

    [Fact]
    public void Guardduty_enables_a_detector_with_its_protection_features()
    {
        var template = Template("guardduty");

        var detector = Resources(template, "AWS::GuardDuty::Detector").Should().ContainSingle().Subject;
        Text(Map(detector, "Properties"), "Enable").Should().Be("true");
        var features = ((YamlSequenceNode)Map(detector, "Properties")["Features"]).Children.Select(f => Text(f, "Name"));
        features.Should().Contain(["S3_DATA_EVENTS", "EBS_MALWARE_PROTECTION", "RDS_LOGIN_EVENTS"]);
    }

    [Fact]
    public void Security_hub_central_configures_the_organization_centrally_from_the_home_region()
    {
        var template = Template("security-hub-central", ("PolicyTargetId", ParameterValue.Of("r-ab12")));

        Resources(template, "AWS::SecurityHub::Hub").Should().BeEmpty("the delegated administrator's own hub comes with its registration");
        var configuration = Map(Resources(template, "AWS::SecurityHub::OrganizationConfiguration").Should().ContainSingle().Subject, "Properties");
        Text(configuration, "ConfigurationType").Should().Be("CENTRAL");
        Text(configuration, "AutoEnable").Should().Be("false", "CENTRAL rejects AutoEnable (docs/facts/landing-zone.md §5.3)");
        Text(configuration, "AutoEnableStandards").Should().Be("NONE");

        var aggregator = Map(Resources(template, "AWS::SecurityHub::FindingAggregator").Should().ContainSingle().Subject, "Properties");
        Text(aggregator, "RegionLinkingMode").Should().Be("SPECIFIED_REGIONS");
        ((YamlSequenceNode)aggregator["Regions"]).Children.Select(r => ((YamlScalarNode)r).Value).Should().Equal("ap-northeast-3");

        var policy = Map(Map(Map(Resources(template, "AWS::SecurityHub::ConfigurationPolicy").Should().ContainSingle().Subject, "Properties"), "ConfigurationPolicy"), "SecurityHub");
        Text(policy, "ServiceEnabled").Should().Be("true");
        var association = Map(Resources(template, "AWS::SecurityHub::PolicyAssociation").Should().ContainSingle().Subject, "Properties");
        ((YamlScalarNode)association["TargetId"]).Value.Should().Be("PolicyTargetId");
    }

    [Fact]
    public void Security_hub_delegated_admin_registers_the_given_account()
    {
        var template = Template("security-hub-delegated-admin", ("SecurityAdminAccountId", ParameterValue.Of("210987654321")));

        var admin = Resources(template, "AWS::SecurityHub::DelegatedAdmin").Should().ContainSingle().Subject;
        var id = (YamlScalarNode)Map(admin, "Properties")["AdminAccountId"];
        id.Tag.Value.Should().Be("!Ref");
        id.Value.Should().Be("SecurityAdminAccountId");
    }

    [Fact]
    public void Every_Scriban_stack_set_passes_cfn_lint_in_Tokyo_and_Osaka()
    {
        var folder = Directory.CreateTempSubdirectory("govcfct-lint-");
        try
        {
            var files = new List<string>();
            foreach (var control in CatalogFixture.Catalog.Controls.Where(c => c is { Kind: ControlKind.StackSet, Source: ControlSource.Scriban }))
            {
                var path = Path.Combine(folder.FullName, control.Id + ".yaml");
                File.WriteAllText(path, CatalogFixture.Render(control.Id, [Email, .. CatalogFixture.RequiredSamples]));
                files.Add(path);
            }

            // A deliberately broken template in the same run proves errors are detected and attributed per file.
            var broken = Path.Combine(folder.FullName, "zz-broken.yaml");
            File.WriteAllText(broken, "Resources:\n  Topic:\n    Type: AWS::SNS::Topicc\n");
            files.Should().HaveCountGreaterThanOrEqualTo(3);

            var (exitCode, output) = CfnLint.Lint([.. files, broken]);

            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            lines.Should().Contain(l => l.StartsWith(broken, StringComparison.Ordinal) && l.Contains(":E", StringComparison.Ordinal), "cfn-lint must report the broken template (output: {0})", output);
            lines.Where(l => !l.StartsWith(broken, StringComparison.Ordinal)).Should().BeEmpty("shipped stack sets must lint clean (exit {0})", exitCode);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
