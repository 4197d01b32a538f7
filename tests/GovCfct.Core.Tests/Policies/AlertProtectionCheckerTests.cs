using GovCfct.Core.Diagnostics;
using GovCfct.Core.Policies;
using GovCfct.Core.Tests.TestSupport;

namespace GovCfct.Core.Tests.Policies;

/// <summary>
/// The alert-protection check against the shipped protect-alert-resources and protect-security-services policies: a resource without an explicit
/// prefix name (or protection tag) is reported, a named or tagged one is proven protected by evaluating an Admin
/// session's delete, and a protected name pattern that matches nothing the package creates is reported too.
/// </summary>
public sealed class AlertProtectionCheckerTests
{
    private static readonly List<(string Name, PolicyDocument Doc)> Scps =
    [
        ("gc-scp-workloads-1", PolicyParser.Parse(CatalogFixture.Render("protect-alert-resources"), "protect-alert-resources", new DiagnosticBag())!),
        ("gc-scp-workloads-2", PolicyParser.Parse(CatalogFixture.Render("protect-security-services"), "protect-security-services", new DiagnosticBag())!),
    ];

    /// <summary>One of every kind the statement names, as CDK writes them (JSON, Fn::Join names, Ref to the topic).</summary>
    private const string Complete = """
        {
          "Parameters": {"Prefix": {"Type": "String", "Default": "gc"}},
          "Resources": {
            "Key": {"Type": "AWS::KMS::Key", "Properties": {"Tags": [{"Key": "gc-protected", "Value": "true"}]}},
            "Topic": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "gc-security-alerts"}},
            "Email": {"Type": "AWS::SNS::Subscription", "Properties": {"TopicArn": {"Ref": "Topic"}, "Protocol": "email"}},
            "Rule": {"Type": "AWS::Events::Rule", "Properties": {"Name": {"Fn::Join": ["", [{"Ref": "Prefix"}, "-security-alerts-root"]]}}},
            "Alarm": {"Type": "AWS::CloudWatch::Alarm", "Properties": {"AlarmName": "gc-security-alerts-root-activity"}},
            "Machine": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {"StateMachineName": {"Fn::Sub": "gc-hook-${AWS::Region}"}}},
            "Window": {"Type": "AWS::Scheduler::Schedule", "Properties": {"Name": "gc-unannounced-operations-window-start"}},
            "ConfigRule": {"Type": "AWS::Config::ConfigRule", "Properties": {"ConfigRuleName": "gc-restricted-ssh"}}
          }
        }
        """;

    [Fact]
    public void Every_named_or_tagged_alert_resource_is_protected_and_every_pattern_matches_one()
    {
        var bag = new DiagnosticBag();

        new AlertProtectionChecker("gc").Check(new Dictionary<string, string> { ["templates/a.template"] = Complete }, Scps, bag);

        bag.Items.Should().BeEmpty();
        AlertProtectionChecker.ResourcesOf("templates/a.template", Complete).Select(r => r.SampleArn).Should().Contain(new[]
        {
            "arn:aws:events:ap-northeast-1:111122223333:rule/gc-security-alerts-root",
            "arn:aws:sns:ap-northeast-1:111122223333:gc-security-alerts:00000000-0000-0000-0000-000000000000",
            "arn:aws:states:ap-northeast-1:111122223333:stateMachine:gc-hook-ap-northeast-1",
        });
    }

    [Fact]
    public void An_unnamed_rule_an_untagged_key_and_a_foreign_name_are_reported()
    {
        const string yaml = """
            Resources:
              Rule:
                Type: AWS::Events::Rule
                Properties:
                  Description: no name
              Key:
                Type: AWS::KMS::Key
                Properties:
                  Description: no tag
              Topic:
                Type: AWS::SNS::Topic
                Properties:
                  TopicName: !Sub 'alerts-${AWS::Region}'
            """;
        var bag = new DiagnosticBag();

        new AlertProtectionChecker("gc").Check(new Dictionary<string, string> { ["templates/b.template"] = Complete, ["templates/c.template"] = yaml }, Scps, bag);

        bag.Items.Select(d => d.Code).Should().Equal(DiagnosticCodes.AlertResourceUnprotected, DiagnosticCodes.AlertResourceUnprotected, DiagnosticCodes.AlertResourceUnprotected);
        bag.Items.Select(d => d.Message).Should().Contain(m => m.StartsWith("AWS::Events::Rule 'Rule' has no explicit name", StringComparison.Ordinal))
            .And.Contain(m => m.StartsWith("AWS::KMS::Key 'Key' (tagged ) is not protected", StringComparison.Ordinal))
            .And.Contain(m => m.StartsWith("AWS::SNS::Topic 'Topic' (named 'alerts-ap-northeast-1') is not protected", StringComparison.Ordinal));
        bag.Items.Should().OnlyContain(d => d.Location!.File == "templates/c.template");
    }

    [Fact]
    public void A_protected_pattern_that_matches_nothing_the_package_creates_is_reported()
    {
        var bag = new DiagnosticBag();
        var withoutSchedule = Complete.Replace("\"Window\": {\"Type\": \"AWS::Scheduler::Schedule\", \"Properties\": {\"Name\": \"gc-unannounced-operations-window-start\"}},", string.Empty, StringComparison.Ordinal);

        new AlertProtectionChecker("gc").Check(new Dictionary<string, string> { ["templates/a.template"] = withoutSchedule }, Scps, bag);

        bag.Items.Should().ContainSingle().Which.Should().Match<Diagnostic>(d => d.Code == DiagnosticCodes.ProtectedNameUnmatched
            && d.Message.Contains("protects 'arn:*:scheduler:*:*:schedule/*/gc-*'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("AWSAdministratorAccess", false)]
    [InlineData("GovCloudAdmin", true)]
    public void The_organizations_own_admin_permission_set_is_the_one_impersonated(string adminPermissionSetName, bool reported)
    {
        // An SCP that protects the topic from everyone except one permission set: the organization's Admin may then
        // delete it, which only impersonating that permission set shows.
        const string exemptingGovCloudAdmin = """
            {"Version": "2012-10-17", "Statement": [{"Sid": "ProtectTopic", "Effect": "Deny", "Action": "sns:DeleteTopic",
              "Resource": "arn:*:sns:*:*:gc-*",
              "Condition": {"ArnNotLike": {"aws:PrincipalArn": "arn:*:iam::*:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_GovCloudAdmin_*"}}}]}
            """;
        const string topicOnly = """
            {"Resources": {"Topic": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "gc-security-alerts"}}}}
            """;
        var scps = new List<(string Name, PolicyDocument Doc)> { ("gc-scp-workloads-1", PolicyParser.Parse(exemptingGovCloudAdmin, "topic.json", new DiagnosticBag())!) };
        var bag = new DiagnosticBag();

        new AlertProtectionChecker("gc", adminPermissionSetName: adminPermissionSetName).Check(new Dictionary<string, string> { ["templates/t.template"] = topicOnly }, scps, bag);

        bag.Items.Where(d => d.Code == DiagnosticCodes.AlertResourceUnprotected).Should().HaveCount(reported ? 1 : 0, string.Join("\n", bag.Items));
    }
}
