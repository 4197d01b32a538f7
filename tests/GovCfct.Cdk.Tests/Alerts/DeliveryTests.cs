using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GovCfct.Cdk.Tests.Support;

namespace GovCfct.Cdk.Tests.Alerts;

/// <summary>
/// Who may publish to the alert topics, where alerts can be read besides e-mail, and how a broken chain is noticed: the
/// resource policies are decided by npm's iam-simulate (an evaluator independent of the repository's), the watch rules'
/// patterns by moto's EventBridge against the documented "CloudWatch Alarm Contributor State Change" event.
/// </summary>
[Collection(SynthesizedCollection.Name)]
public sealed class DeliveryTests(SynthesizedCatalog catalog, MotoEvents moto)
{
    private const string Audit = MotoEvents.AccountId;
    private const string Other = "999988887777";
    private const string Member = "456789012345";
    private const string OrganizationId = "o-a1b2c3d4e5";
    private const string AlertTopic = $"arn:aws:sns:ap-northeast-1:{Audit}:gc-central-alerting";
    private const string DeliveryTopic = $"arn:aws:sns:ap-northeast-1:{Audit}:gc-central-alerting-delivery";
    private const string Queue = $"arn:aws:sqs:ap-northeast-1:{Audit}:gc-central-alerting-queue";

    [Fact]
    public void Only_this_accounts_alert_rules_may_publish_to_the_alert_topic()
    {
        var policy = ResourcePolicy("AWS::SNS::TopicPolicy", "TopicPolicy");
        static IamSimulateOracle.Request Publish(string name, string account, string? rule) => new(name, "events.amazonaws.com", "sns:Publish", AlertTopic, Audit,
            rule is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["aws:SourceAccount"] = account, ["aws:SourceArn"] = $"arn:aws:events:ap-northeast-1:{account}:rule/{rule}" });

        var results = IamSimulateOracle.DecideByResourcePolicy(policy, [
            Publish("central rule", Audit, "gc-central-alerts/gc-central-alerting-root-activity"),
            Publish("finding rule on the default bus", Audit, "gc-central-alerting-audit-guard-duty-finding"),
            Publish("another rule of this account", Audit, "someone-elses-rule"),
            Publish("a rule of another account", Other, "gc-central-alerts/gc-central-alerting-root-activity"),
            Publish("EventBridge without a source", Audit, null),
        ]).ToDictionary(r => r.Name, r => r.Decision ?? r.Errors);

        results.Should().Equal(new Dictionary<string, string?>
        {
            ["central rule"] = "Allowed",
            ["finding rule on the default bus"] = "Allowed",
            ["another rule of this account"] = "ImplicitlyDenied",
            ["a rule of another account"] = "ImplicitlyDenied",
            ["EventBridge without a source"] = "ImplicitlyDenied",
        });
    }

    [Fact]
    public void A_queue_receives_every_alert_from_the_alert_topic_only()
    {
        var template = Template("central-alerting");
        var resources = template["Resources"]!.AsObject();
        var queue = resources.Single(kv => kv.Value!["Type"]!.GetValue<string>() == "AWS::SQS::Queue");
        var topic = resources.Single(kv => kv.Value!["Type"]!.GetValue<string>() == "AWS::SNS::Topic" && kv.Key.StartsWith("Topic", StringComparison.Ordinal));
        var subscription = resources.Single(kv => kv.Value!["Type"]!.GetValue<string>() == "AWS::SNS::Subscription" && kv.Value!["Properties"]!["Protocol"]!.GetValue<string>() == "sqs").Value!["Properties"]!;
        subscription["TopicArn"]!["Ref"]!.GetValue<string>().Should().Be(topic.Key);
        subscription["Endpoint"]!["Fn::GetAtt"]![0]!.GetValue<string>().Should().Be(queue.Key);
        queue.Value!["Properties"]!["MessageRetentionPeriod"]!.GetValue<int>().Should().Be(1_209_600, "14 days, SQS's maximum");

        var policy = ResourcePolicy("AWS::SQS::QueuePolicy", "AlertQueuePolicy");
        static IamSimulateOracle.Request Send(string name, string topicArn) => new(name, "sns.amazonaws.com", "sqs:SendMessage", Queue, Audit, new Dictionary<string, string> { ["aws:SourceArn"] = topicArn, ["aws:SourceAccount"] = topicArn.Split(':')[4] });
        IamSimulateOracle.DecideByResourcePolicy(policy, [Send("alert topic", AlertTopic), Send("another topic", $"arn:aws:sns:ap-northeast-1:{Other}:gc-central-alerting")])
            .Select(r => r.Decision ?? r.Errors).Should().Equal("Allowed", "ImplicitlyDenied");
    }

    [Fact]
    public void Broken_deliveries_reach_a_second_topic_that_shares_no_link_with_the_alerts()
    {
        var template = Template("central-alerting");
        var resources = template["Resources"]!.AsObject();
        var deliveryTopic = resources.Single(kv => kv.Value!["Type"]!.GetValue<string>() == "AWS::SNS::Topic" && kv.Key.StartsWith("DeliveryTopic", StringComparison.Ordinal));
        var alertTopic = resources.Single(kv => kv.Value!["Type"]!.GetValue<string>() == "AWS::SNS::Topic" && kv.Key.StartsWith("Topic", StringComparison.Ordinal));
        deliveryTopic.Value!["Properties"]!["TopicName"]!.GetValue<string>().Should().Be("gc-central-alerting-delivery");
        deliveryTopic.Value!["Properties"]!["KmsMasterKeyId"]!.ToJsonString().Should().NotBe(alertTopic.Value!["Properties"]!["KmsMasterKeyId"]!.ToJsonString(), "its own key: a disabled alert key must not silence it");
        resources.Should().Contain(kv => kv.Value!["Type"]!.GetValue<string>() == "AWS::SNS::Subscription" && kv.Value!["Properties"]!["TopicArn"]!["Ref"]!.GetValue<string>() == deliveryTopic.Key && kv.Value!["Properties"]!["Protocol"]!.GetValue<string>() == "email");

        // The alarms publish directly to it (no rule, no bus): the alert topic's failed notifications and this account's failed rule invocations.
        var alarms = resources.Where(kv => kv.Value!["Type"]!.GetValue<string>() == "AWS::CloudWatch::Alarm").ToDictionary(kv => Regex.Replace(kv.Key, "[0-9A-F]{8}$", string.Empty), kv => kv.Value!["Properties"]!);
        alarms.Keys.Should().BeEquivalentTo(["NotificationsFailedAlarm", "FailedInvocationsAlarm"]);
        foreach (var alarm in alarms.Values)
        {
            alarm["AlarmActions"]!.AsArray().Single()!["Ref"]!.GetValue<string>().Should().Be(deliveryTopic.Key);
        }

        alarms["NotificationsFailedAlarm"]["MetricName"]!.GetValue<string>().Should().Be("NumberOfNotificationsFailed");
        alarms["NotificationsFailedAlarm"]["Dimensions"]![0]!["Value"]!["Fn::GetAtt"]![0]!.GetValue<string>().Should().Be(alertTopic.Key);
        alarms["FailedInvocationsAlarm"]["Metrics"]![0]!["Expression"]!.GetValue<string>().Should().Contain("FailedInvocations").And.Contain("GROUP BY RuleName");

        // Who may publish: this account's alarms (as CloudWatch) and the organization's sender roles; nobody else.
        var policy = ResourcePolicy("AWS::SNS::TopicPolicy", "DeliveryTopicPolicy");
        // aws:PrincipalArn and aws:PrincipalOrgID as IAM sets them for a role of the organization (the simulator takes them as given).
        static Dictionary<string, string> Org(string role, string organization = OrganizationId) => new() { ["aws:PrincipalOrgID"] = organization, ["aws:PrincipalArn"] = role };
        IamSimulateOracle.Request Publish(string name, string principal, IReadOnlyDictionary<string, string> context) => new(name, principal, "sns:Publish", DeliveryTopic, Audit, context);
        IamSimulateOracle.DecideByResourcePolicy(policy, [
            Publish("this account's alarm", "cloudwatch.amazonaws.com", new Dictionary<string, string> { ["aws:SourceAccount"] = Audit, ["aws:SourceArn"] = $"arn:aws:cloudwatch:ap-northeast-1:{Audit}:alarm:gc-central-alerting-notifications-failed" }),
            Publish("another account's alarm", "cloudwatch.amazonaws.com", new Dictionary<string, string> { ["aws:SourceAccount"] = Other, ["aws:SourceArn"] = $"arn:aws:cloudwatch:ap-northeast-1:{Other}:alarm:gc-central-alerting-x" }),
            Publish("a member's sender role", $"arn:aws:iam::{Member}:role/gc-alert-forwarding-sender-ap-northeast-1", Org($"arn:aws:iam::{Member}:role/gc-alert-forwarding-sender-ap-northeast-1")),
            Publish("a member's other role", $"arn:aws:iam::{Member}:role/SystemAdministrator", Org($"arn:aws:iam::{Member}:role/SystemAdministrator")),
            Publish("a sender-named role outside the organization", $"arn:aws:iam::{Other}:role/gc-alert-forwarding-sender-ap-northeast-1", Org($"arn:aws:iam::{Other}:role/gc-alert-forwarding-sender-ap-northeast-1", "o-zzzzzzzzzz")),
        ]).Select(r => r.Decision ?? r.Errors).Should().Equal("Allowed", "ImplicitlyDenied", "Allowed", "ImplicitlyDenied", "ImplicitlyDenied");
    }

    [Theory]
    [InlineData("alert-forwarding", "gc-failed-deliveries-alert-forwarding")]
    [InlineData("security-alerts", "gc-failed-deliveries-security-alerts")]
    public void A_senders_failed_deliveries_go_straight_to_the_delivery_topic_and_not_through_the_central_bus(string control, string alarmName)
    {
        var template = Template(control);
        var resources = template["Resources"]!.AsObject();
        var resolver = new TemplateResolver(template, new Dictionary<string, string> { ["AlertAccountId"] = Audit });
        var alarm = resources["FailedDeliveriesAlarm"]!["Properties"]!;
        alarm["AlarmName"]!.GetValue<string>().Should().Be(alarmName);
        alarm["Metrics"]![0]!["Expression"]!.GetValue<string>().Should().Contain("FailedInvocations").And.Contain("GROUP BY RuleName");
        resources["FailedDeliveriesAlarm"]!["Condition"]!.GetValue<string>().Should().Be("IsHomeRegion", "a cross-account target must be in the rule's region");

        var rule = resources["FailedDeliveriesRule"]!;
        var target = rule["Properties"]!["Targets"]!.AsArray().Single()!;
        resolver.ResolveString(target["Arn"]!).Should().Be(DeliveryTopic);
        target["RoleArn"].Should().NotBeNull();
        var pattern = resolver.Resolve(rule["Properties"]!["EventPattern"])!.ToJsonString();

        moto.Matches(pattern, "aws.cloudwatch", "CloudWatch Alarm Contributor State Change", Contributor(alarmName, "ALARM", "gc-alert-forwarding-forward-root-activity"), []).Should().BeTrue();
        moto.Matches(pattern, "aws.cloudwatch", "CloudWatch Alarm Contributor State Change", Contributor(alarmName, "OK", "gc-alert-forwarding-forward-root-activity"), []).Should().BeFalse();
        moto.Matches(pattern, "aws.cloudwatch", "CloudWatch Alarm Contributor State Change", Contributor("gc-security-alerts-root-activity", "ALARM", "x"), []).Should().BeFalse();

        // The watched link does not carry the report: no rule that sends to the central bus matches the alarm's event.
        foreach (var (id, other) in resources.Where(kv => kv.Value!["Type"]!.GetValue<string>() == "AWS::Events::Rule" && kv.Key != "FailedDeliveriesRule"))
        {
            var otherPattern = resolver.Resolve(other!["Properties"]!["EventPattern"])!.ToJsonString();
            moto.Matches(otherPattern, "aws.cloudwatch", "CloudWatch Alarm Contributor State Change", Contributor(alarmName, "ALARM", "gc-alert-forwarding-forward-root-activity"), []).Should().BeFalse(id);
        }

        // The sender role may publish to the delivery topic, and nothing else new.
        var publish = resources["FailedDeliveriesPublish"]!["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray();
        publish.Select(s => s!["Action"]!.ToJsonString()).Should().Equal("\"sns:Publish\"", "[\"kms:Decrypt\",\"kms:GenerateDataKey*\"]");
        resolver.ResolveString(publish[0]!["Resource"]!).Should().Be(DeliveryTopic);
    }

    private static string Contributor(string alarmName, string state, string ruleName) => new JsonObject
    {
        ["alarmName"] = alarmName,
        ["alarmContributor"] = new JsonObject { ["id"] = "6d442278dba546f6", ["attributes"] = new JsonObject { ["RuleName"] = ruleName } },
        ["state"] = new JsonObject { ["value"] = state, ["reason"] = "Threshold Crossed: 1 datapoint was greater than or equal to the threshold (1.0).", ["timestamp"] = "2026-12-01T01:05:00.000+0000" },
        ["configuration"] = new JsonObject { ["description"] = "An EventBridge rule of this account failed to deliver to its target (the alert chain may be broken)" },
    }.ToJsonString();

    /// <summary>A resource policy of central-alerting as deployed: every Ref and GetAtt resolved to the ARN it stands for.</summary>
    private string ResourcePolicy(string type, string logicalPrefix)
    {
        var template = Template("central-alerting");
        var resources = template["Resources"]!.AsObject();
        string Id(string type2, string prefix) => resources.Single(kv => kv.Value!["Type"]!.GetValue<string>() == type2 && Regex.IsMatch(kv.Key, $"^{prefix}([0-9A-F]{{8}})?$")).Key;
        var overrides = new Dictionary<string, string>
        {
            ["OrganizationId"] = OrganizationId,
            [Id("AWS::SNS::Topic", "Topic")] = AlertTopic,
            [Id("AWS::SNS::Topic", "DeliveryTopic")] = DeliveryTopic,
            [Id("AWS::SQS::Queue", "AlertQueue") + ".Arn"] = Queue,
        };
        var resource = resources.Single(kv => kv.Value!["Type"]!.GetValue<string>() == type && Regex.IsMatch(kv.Key, $"^{logicalPrefix}([0-9A-F]{{8}})?$")).Value!;
        return new TemplateResolver(template, overrides).Resolve(resource["Properties"]!["PolicyDocument"])!.ToJsonString();
    }

    private JsonObject Template(string control) => JsonNode.Parse(catalog.Templates[control])!.AsObject();
}
