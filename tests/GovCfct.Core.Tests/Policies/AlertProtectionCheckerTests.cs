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
        // Required wherever protect-alert-resources applies (GCF1742); it denies changing every <prefix>- role, the sender roles included.
        ("gc-scp-workloads-3", PolicyParser.Parse(CatalogFixture.Render("protect-exempt-principals"), "protect-exempt-principals", new DiagnosticBag())!),
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

        bag.Items.Select(d => d.Code).Should().Equal(DiagnosticCodes.AlertResourceUnprotected.Id, DiagnosticCodes.AlertResourceUnprotected.Id, DiagnosticCodes.AlertResourceUnprotected.Id);
        bag.Items.Select(d => d.Message).Should().Contain(m => m.StartsWith("AWS::Events::Rule 'Rule' has no explicit name", StringComparison.Ordinal))
            .And.Contain(m => m.StartsWith("AWS::KMS::Key 'Key' (untagged) is not protected", StringComparison.Ordinal))
            .And.Contain(m => m.StartsWith("AWS::SNS::Topic 'Topic' (named 'alerts-ap-northeast-1') is not protected", StringComparison.Ordinal));
        bag.Items.Should().OnlyContain(d => d.Location!.File == "templates/c.template");
    }

    [Fact]
    public void One_missing_deny_is_one_error_listing_every_resource_it_leaves_open_with_symbolic_ids()
    {
        // Issue #27 item 10: without protect-security-services every Config rule was its own error, each with an empty
        // "(tagged )" and the checker's sample account and rule id as if they were the user's.
        const string rules = """
            {"Resources": {
              "Ssh": {"Type": "AWS::Config::ConfigRule", "Properties": {"ConfigRuleName": "gc-restricted-ssh"}},
              "Rdp": {"Type": "AWS::Config::ConfigRule", "Properties": {"ConfigRuleName": "gc-restricted-rdp"}}}}
            """;
        const string more = """
            {"Resources": {"Root": {"Type": "AWS::Config::ConfigRule", "Properties": {"ConfigRuleName": "gc-root-mfa"}}}}
            """;
        var bag = new DiagnosticBag();

        new AlertProtectionChecker("gc").Check(new Dictionary<string, string> { ["templates/b.template"] = more, ["templates/a.template"] = rules }, Scps.Take(1).ToList(), bag);

        var error = bag.Items.Where(d => d.Code == DiagnosticCodes.AlertResourceUnprotected.Id).Should().ContainSingle().Subject;
        error.Message.Should().Be("3 AWS::Config::ConfigRule resources are not protected: no SCP of the package denies an Identity Center Admin session config:DeleteConfigRule on arn:aws:config:<region>:<member-account>:config-rule/<config-rule-id>: templates/a.template: Rdp, Ssh; templates/b.template: Root");
        error.Location.Should().Be(new SourceLocation("templates/a.template"));
        error.Hint.Should().Be("assign protect-security-services (it denies deleting any Config rule)");
    }

    [Fact]
    public void One_unprotected_config_rule_is_named_untagged_and_symbolic_never_with_an_empty_tag_list_or_a_sample_id()
    {
        const string rule = """
            {"Resources": {"Ssh": {"Type": "AWS::Config::ConfigRule", "Properties": {"ConfigRuleName": "gc-restricted-ssh"}}}}
            """;
        var bag = new DiagnosticBag();

        new AlertProtectionChecker("gc").Check(new Dictionary<string, string> { ["templates/a.template"] = rule }, Scps.Take(1).ToList(), bag);

        bag.Items.Where(d => d.Code == DiagnosticCodes.AlertResourceUnprotected.Id).Should().ContainSingle().Which.Message.Should().Be(
            "AWS::Config::ConfigRule 'Ssh' (untagged) is not protected: no SCP of the package denies an Identity Center Admin session config:DeleteConfigRule on arn:aws:config:<region>:<member-account>:config-rule/<config-rule-id>");
    }

    [Fact]
    public void A_protected_pattern_that_matches_nothing_the_package_creates_is_reported()
    {
        var bag = new DiagnosticBag();
        var withoutSchedule = Complete.Replace("\"Window\": {\"Type\": \"AWS::Scheduler::Schedule\", \"Properties\": {\"Name\": \"gc-unannounced-operations-window-start\"}},", string.Empty, StringComparison.Ordinal);

        new AlertProtectionChecker("gc").Check(new Dictionary<string, string> { ["templates/a.template"] = withoutSchedule }, Scps, bag);

        bag.Items.Should().ContainSingle().Which.Should().Match<Diagnostic>(d => d.Code == DiagnosticCodes.ProtectedNameUnmatched.Id
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

        bag.Items.Where(d => d.Code == DiagnosticCodes.AlertResourceUnprotected.Id).Should().HaveCount(reported ? 1 : 0, string.Join("\n", bag.Items));
    }

    /// <summary>
    /// Both ends of central alerting as CDK writes them: the audit account's bus and its policy, and a member (or
    /// management) account's forwarding rule whose target is that bus, with its sender role.
    /// </summary>
    private const string CentralAlerting = """
        {
          "Parameters": {"AlertAccountId": {"Type": "String", "Default": "210987654321"}},
          "Resources": {
            "CentralBus": {"Type": "AWS::Events::EventBus", "Properties": {"Name": "gc-central-alerts"}},
            "OrganizationMayPut": {"Type": "AWS::Events::EventBusPolicy", "Properties": {"EventBusName": {"Ref": "CentralBus"}, "StatementId": "OrganizationAccountsPutEvents"}},
            "SenderRole": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": {"Fn::Join": ["", ["gc-alert-forwarding", "-sender-", {"Ref": "AWS::Region"}]]}}},
            "HookRole": {"Type": "AWS::IAM::Role", "Properties": {"Description": "a state machine's role, not a sender"}},
            "Forward": {"Type": "AWS::Events::Rule", "Properties": {
              "Name": "gc-alert-forwarding-forward-root-activity",
              "Targets": [{"Id": "Target0",
                "Arn": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":events:ap-northeast-1:", {"Ref": "AlertAccountId"}, ":event-bus/gc-central-alerts"]]},
                "RoleArn": {"Fn::GetAtt": ["SenderRole", "Arn"]}}]}},
            "Start": {"Type": "AWS::Events::Rule", "Properties": {
              "Name": "gc-account-creation-hook-create-managed-account",
              "Targets": [{"Id": "Target0", "Arn": {"Ref": "Hook"}, "RoleArn": {"Fn::GetAtt": ["HookRole", "Arn"]}}]}}
          }
        }
        """;

    [Fact]
    public void The_central_bus_its_policy_and_every_sender_role_are_alert_resources_and_the_shipped_policies_protect_them()
    {
        var resources = AlertProtectionChecker.ResourcesOf("templates/central.template", CentralAlerting);
        resources.Select(r => (r.LogicalId, r.SampleArn)).Should().BeEquivalentTo(new[]
        {
            ("CentralBus", "arn:aws:events:ap-northeast-1:111122223333:event-bus/gc-central-alerts"),
            ("OrganizationMayPut", "arn:aws:events:ap-northeast-1:111122223333:event-bus/gc-central-alerts"),
            ("SenderRole", "arn:aws:iam::111122223333:role/gc-alert-forwarding-sender-ap-northeast-1"),
            ("Forward", "arn:aws:events:ap-northeast-1:111122223333:rule/gc-alert-forwarding-forward-root-activity"),
            ("Start", "arn:aws:events:ap-northeast-1:111122223333:rule/gc-account-creation-hook-create-managed-account"),
        }, "a role that only starts a state machine is not a sender role");
        var bag = new DiagnosticBag();

        new AlertProtectionChecker("gc").Check(new Dictionary<string, string> { ["templates/central.template"] = CentralAlerting, ["templates/a.template"] = Complete }, Scps, bag);

        bag.Items.Should().BeEmpty(string.Join("\n", bag.Items));
    }

    [Fact]
    public void A_policy_that_leaves_the_bus_its_policy_or_a_sender_role_open_is_reported()
    {
        // protect-alert-resources as it was before the central bus and the sender roles: rules, alarms, topics only.
        const string rulesOnly = """
            {"Version": "2012-10-17", "Statement": [{"Sid": "ProtectAlertResources", "Effect": "Deny",
              "Action": ["events:DeleteRule", "events:DisableRule", "events:PutRule", "events:PutTargets", "events:RemoveTargets"],
              "Resource": ["arn:*:events:*:*:rule/gc-*"],
              "Condition": {"ArnNotLike": {"aws:PrincipalARN": ["arn:*:iam::*:role/AWSControlTowerExecution"]}}}]}
            """;
        var scps = new List<(string Name, PolicyDocument Doc)> { ("gc-scp-infrastructure-1", PolicyParser.Parse(rulesOnly, "rules.json", new DiagnosticBag())!) };
        var bag = new DiagnosticBag();

        new AlertProtectionChecker("gc").Check(new Dictionary<string, string> { ["templates/central.template"] = CentralAlerting }, scps, bag);

        bag.Items.Where(d => d.Code == DiagnosticCodes.AlertResourceUnprotected.Id).Select(d => d.Message).Should().BeEquivalentTo(
        [
            "AWS::Events::EventBus 'CentralBus' (named 'gc-central-alerts') is not protected: no SCP of the package denies an Identity Center Admin session events:DeleteEventBus on arn:aws:events:<region>:<member-account>:event-bus/gc-central-alerts",
            "AWS::Events::EventBusPolicy 'OrganizationMayPut' (named 'gc-central-alerts') is not protected: no SCP of the package denies an Identity Center Admin session events:PutPermission on arn:aws:events:<region>:<member-account>:event-bus/gc-central-alerts",
            "AWS::IAM::Role 'SenderRole' (named 'gc-alert-forwarding-sender-ap-northeast-1') is not protected: no SCP of the package denies an Identity Center Admin session iam:DeleteRole on arn:aws:iam::<member-account>:role/gc-alert-forwarding-sender-ap-northeast-1",
        ]);
    }

    [Fact]
    public void An_unnamed_sender_role_cannot_be_protected_and_is_reported()
    {
        var unnamed = CentralAlerting.Replace("\"RoleName\": {\"Fn::Join\": [\"\", [\"gc-alert-forwarding\", \"-sender-\", {\"Ref\": \"AWS::Region\"}]]}", "\"Description\": \"no name\"", StringComparison.Ordinal);
        unnamed.Should().NotBe(CentralAlerting);
        var bag = new DiagnosticBag();

        new AlertProtectionChecker("gc").Check(new Dictionary<string, string> { ["templates/central.template"] = unnamed, ["templates/a.template"] = Complete }, Scps, bag);

        bag.Items.Should().ContainSingle().Which.Should().Match<Diagnostic>(d => d.Code == DiagnosticCodes.AlertResourceUnprotected.Id
            && d.Message.StartsWith("AWS::IAM::Role 'SenderRole' has no explicit name", StringComparison.Ordinal)
            && d.Hint!.Contains("gc-<control-id>-sender-<region>", StringComparison.Ordinal));
    }
}
