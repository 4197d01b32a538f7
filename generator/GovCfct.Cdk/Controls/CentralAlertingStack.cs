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
/// from the organization's accounts only (aws:PrincipalOrgID, docs/facts/landing-zone.md §4); its rules are the same
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
                // Only the forwarders' sender roles (<prefix>-<control-id>-sender-<region>) of the organization's accounts:
                // any other principal of the organization could otherwise inject or flood alerts.
                ["Condition"] = new Dictionary<string, object>
                {
                    ["StringEquals"] = new Dictionary<string, object> { ["aws:PrincipalOrgID"] = Parameter("OrganizationId").ValueAsString },
                    ["ArnLike"] = new Dictionary<string, object> { ["aws:PrincipalArn"] = SenderRolePattern(ResourcePrefix) },
                },
            },
        });

        var rulePrefix = $"{ResourcePrefix}-{Input.Control.Id}";
        var ruleArns = Fn.Join(string.Empty, ["arn:", Aws.PARTITION, ":events:", Aws.REGION, ":", Aws.ACCOUNT_ID, ":rule/", AlertForwardingStack.BusName(ResourcePrefix), "/", rulePrefix, "-*"]);
        // The finding rules live on this account's default bus, whose rule ARNs have no bus segment.
        var defaultBusRuleArns = Fn.Join(string.Empty, ["arn:", Aws.PARTITION, ":events:", Aws.REGION, ":", Aws.ACCOUNT_ID, ":rule/", rulePrefix, "-*"]);
        var fromOwnRules = new Dictionary<string, object>
        {
            ["StringEquals"] = new Dictionary<string, object> { ["aws:SourceAccount"] = Aws.ACCOUNT_ID },
            ["ArnLike"] = new Dictionary<string, object> { ["aws:SourceArn"] = new[] { ruleArns, defaultBusRuleArns } },
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

        // Member alerts match every account but the management account, management kinds only the management account:
        // what the management account forwards was chosen by its own alert controls, and is reported once per forwarding.
        var management = Parameter("ManagementAccountId").ValueAsString;
        foreach (var alert in CentralAlertRules.All(Parameter("PlatformPermissionSetName").ValueAsString))
        {
            AlertRule(bus, topic, alert.Id, alert.Description, alert.Pattern, Match.AnythingBut(management), alert.Message ?? CentralAlertRules.MemberMessage);
        }

        // Member findings reach this account, the delegated administrator, on its default bus (no forwarding, no account
        // filter on the event: its account is this one; the finding's AwsAccountId says whose it is).
        foreach (var finding in CentralAlertRules.AuditFindings(management))
        {
            AlertRule(null, topic, finding.Id, finding.Description, finding.Pattern, null, finding.Message ?? CentralAlertRules.MemberMessage);
        }

        foreach (var kind in CentralAlertRules.Management(ResourcePrefix))
        {
            AlertRule(bus, topic, kind.Id, kind.Description, kind.Pattern, [management], kind.Message);
        }
    }

    /// <summary>Every sender role <see cref="CentralAlertForwarder"/> creates, in any account: <c>&lt;prefix&gt;-*-sender-*</c>.</summary>
    public static string SenderRolePattern(string resourcePrefix) => $"arn:*:iam::*:role/{resourcePrefix}-*{CentralAlertForwarder.SenderRoleMarker}*";

    private void AlertRule(IEventBus? bus, ITopic topic, string id, string description, EventPattern pattern, string[]? account, IReadOnlyList<string> message)
    {
        var rule = new Rule(this, id + "Rule", new RuleProps
        {
            EventBus = bus,
            RuleName = ResourceName(id),
            Description = description,
            EventPattern = new EventPattern
            {
                Account = account,
                Source = pattern.Source,
                DetailType = pattern.DetailType,
                Detail = pattern.Detail,
                Resources = pattern.Resources,
            },
            Enabled = true,
        });
        rule.AddTarget(new SnsTopic(topic, new SnsTopicProps { Message = Message(description, message) }));
    }

    /// <summary>
    /// Which account, who, what and when: the event's own account, region and time survive forwarding; the lines name the
    /// event fields (<see cref="CentralAlertRules.MessagePaths"/>) that say the rest for this kind of event.
    /// </summary>
    private static RuleTargetInput Message(string description, IReadOnlyList<string> lines) => RuleTargetInput.FromMultilineText(string.Join('\n',
        [$"[GovCfct alert] {description}", .. lines.Select(Fill)]));

    private static string Fill(string line) => System.Text.RegularExpressions.Regex.Replace(line, "<([A-Za-z]+)>", m => EventField.FromPath(CentralAlertRules.MessagePaths[m.Groups[1].Value]).ToString());
}
