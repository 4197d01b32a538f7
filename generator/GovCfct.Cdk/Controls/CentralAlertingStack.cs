using Amazon.CDK;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.Events.Targets;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.SNS;
using Constructs;

namespace GovCfct.Cdk.Controls;

/// <summary>
/// central-alerting: the audit-account half of central alerting (home region only). The central bus accepts events
/// from the organization's accounts only (aws:PrincipalOrgID, LANDING-ZONE-FACTS §4); its rules are the same
/// <see cref="CentralAlertRules"/> the forwarders send; every alert goes to ONE topic, encrypted with a key that only
/// this account's rules may use (aws:SourceAccount / aws:SourceArn), with one e-mail subscription confirmed once
/// (§6) instead of one per account and region. The message names the account, who, what and when.
/// </summary>
public sealed class CentralAlertingStack : CdkControlStack
{
    public CentralAlertingStack(Construct scope, string id, CdkControlInput input)
        : base(scope, id, input)
    {
        var bus = new Amazon.CDK.AWS.Events.EventBus(this, "CentralBus", new Amazon.CDK.AWS.Events.EventBusProps { EventBusName = AlertForwardingStack.BusName(ResourcePrefix) });
        _ = new CfnEventBusPolicy(this, "OrganizationMayPut", new CfnEventBusPolicyProps
        {
            EventBusName = bus.EventBusName,
            StatementId = "OrganizationAccountsPutEvents",
            Statement = new Dictionary<string, object>
            {
                ["Sid"] = "OrganizationAccountsPutEvents",
                ["Effect"] = "Allow",
                ["Principal"] = "*",
                ["Action"] = "events:PutEvents",
                ["Resource"] = bus.EventBusArn,
                ["Condition"] = new Dictionary<string, object>
                {
                    ["StringEquals"] = new Dictionary<string, object> { ["aws:PrincipalOrgID"] = Parameter("OrganizationId").ValueAsString },
                },
            },
        });

        var rulePrefix = $"{ResourcePrefix}-{Input.Control.Id}";
        var ruleArns = Fn.Join(string.Empty, ["arn:", Aws.PARTITION, ":events:", Aws.REGION, ":", Aws.ACCOUNT_ID, ":rule/", AlertForwardingStack.BusName(ResourcePrefix), "/", rulePrefix, "-*"]);
        var fromOwnRules = new Dictionary<string, object>
        {
            ["StringEquals"] = new Dictionary<string, object> { ["aws:SourceAccount"] = Aws.ACCOUNT_ID },
            ["ArnLike"] = new Dictionary<string, object> { ["aws:SourceArn"] = ruleArns },
        };

        var key = new Key(this, "TopicKey", new KeyProps
        {
            Description = "Encrypts the central alert topic",
            EnableKeyRotation = true,
            RemovalPolicy = RemovalPolicy.RETAIN,
        });
        Protect(key);
        key.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "AlertRulesOfThisAccount",
            Principals = [new ServicePrincipal("events.amazonaws.com")],
            Actions = ["kms:Decrypt", "kms:GenerateDataKey*"],
            Resources = ["*"],
            Conditions = fromOwnRules,
        }));

        var topic = new Topic(this, "Topic", new TopicProps
        {
            TopicName = rulePrefix,
            DisplayName = rulePrefix,
            MasterKey = key,
        });
        topic.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "AlertRulesOfThisAccount",
            Principals = [new ServicePrincipal("events.amazonaws.com")],
            Actions = ["sns:Publish"],
            Resources = [topic.TopicArn],
            Conditions = fromOwnRules,
        }));
        _ = new CfnSubscription(this, "Email", new CfnSubscriptionProps
        {
            TopicArn = topic.TopicArn,
            Protocol = "email",
            Endpoint = Parameter("NotificationEmail").ValueAsString,
        });
        var webhookUrl = Parameter("ChatWebhookUrl");
        var webhook = new CfnSubscription(this, "ChatWebhook", new CfnSubscriptionProps
        {
            TopicArn = topic.TopicArn,
            Protocol = "https",
            Endpoint = webhookUrl.ValueAsString,
        });
        webhook.CfnOptions.Condition = new CfnCondition(this, "HasChatWebhook", new CfnConditionProps
        {
            Expression = Fn.ConditionNot(Fn.ConditionEquals(webhookUrl.ValueAsString, string.Empty)),
        });

        foreach (var alert in CentralAlertRules.All(Parameter("PlatformPermissionSetName").ValueAsString))
        {
            var rule = new Rule(this, alert.Id + "Rule", new RuleProps
            {
                EventBus = bus,
                RuleName = ResourceName(alert.Id),
                Description = alert.Description,
                EventPattern = alert.Pattern,
                Enabled = true,
            });
            rule.AddTarget(new SnsTopic(topic, new SnsTopicProps { Message = Message(alert.Description) }));
        }
    }

    /// <summary>
    /// Which account, who, what and when: the event's own account and region survive forwarding, the CloudTrail
    /// detail says who (the principal's ARN, an Identity Center user's name at its end) and what (service and call).
    /// </summary>
    private static RuleTargetInput Message(string description) => RuleTargetInput.FromMultilineText(string.Join('\n',
    [
        $"[GovCfct alert] {description}",
        $"Account: {EventField.Account} (region {EventField.Region})",
        $"Who: {EventField.FromPath("$.detail.userIdentity.arn")}",
        $"What: {EventField.FromPath("$.detail.eventSource")} {EventField.FromPath("$.detail.eventName")} ({EventField.DetailType})",
        $"When: {EventField.Time}",
        $"Source IP: {EventField.FromPath("$.detail.sourceIPAddress")}",
    ]));
}
