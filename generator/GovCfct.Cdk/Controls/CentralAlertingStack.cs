using Amazon.CDK;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.Scheduler;
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
        var rules = new Dictionary<string, Rule>(StringComparer.Ordinal);
        foreach (var alert in CentralAlertRules.All(Parameter("PlatformPermissionSetName").ValueAsString))
        {
            rules[alert.Id] = AlertRule(bus, topic, alert.Id, alert.Description, alert.Pattern, Match.AnythingBut(management), alert.Message ?? CentralAlertRules.MemberMessage);
        }

        AnnouncedWindow(rules[CentralAlertRules.PlatformChangeId], CentralAlertRules.PlatformChangeId);

        // Every disable of an alert rule in this account is reported, the announced window's own included: opening a window
        // is on record where the alerts arrive, and a rule silenced any other way (which protect-alert-resources refuses to
        // anyone but CfCT's roles and the window's scheduler) would not go unnoticed.
        AlertRule(null, topic, "AuditAlertRuleDisabled", "An alert rule was disabled in the audit account: an announced window opened, or someone silenced alerts", CentralAlertRules.AlertRuleDisabled(ResourcePrefix), null, CentralAlertRules.MemberMessage);

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

        AlertQueue(topic);
        DeliveryHealth(topic);
    }

    /// <summary>The name of the topic that reports broken deliveries: <c>&lt;prefix&gt;-central-alerting-delivery</c>.</summary>
    public static string DeliveryTopicName(string resourcePrefix) => $"{resourcePrefix}-central-alerting-delivery";

    /// <summary>
    /// A second subscriber that scales: an SQS queue holds every alert (14 days) for a ticketing system, SIEM or chat bridge
    /// to read at its own pace, where an e-mail subscription is limited in rate (SNS quotas) and a person in volume.
    /// </summary>
    private void AlertQueue(Topic topic)
    {
        var queue = new Amazon.CDK.AWS.SQS.CfnQueue(this, "AlertQueue", new Amazon.CDK.AWS.SQS.CfnQueueProps
        {
            QueueName = ResourceName("queue", 80),
            MessageRetentionPeriod = 1_209_600,
            SqsManagedSseEnabled = true,
        });
        _ = new Amazon.CDK.AWS.SQS.CfnQueuePolicy(this, "AlertQueuePolicy", new Amazon.CDK.AWS.SQS.CfnQueuePolicyProps
        {
            Queues = [queue.Ref],
            PolicyDocument = new Dictionary<string, object>
            {
                ["Version"] = "2012-10-17",
                ["Statement"] = new object[]
                {
                    new Dictionary<string, object>
                    {
                        ["Sid"] = "TheAlertTopicOnly",
                        ["Effect"] = "Allow",
                        ["Principal"] = new Dictionary<string, object> { ["Service"] = "sns.amazonaws.com" },
                        ["Action"] = "sqs:SendMessage",
                        ["Resource"] = queue.AttrArn,
                        ["Condition"] = new Dictionary<string, object> { ["ArnEquals"] = new Dictionary<string, object> { ["aws:SourceArn"] = topic.TopicArn } },
                    },
                },
            },
        });
        _ = new CfnSubscription(this, "Queue", new CfnSubscriptionProps
        {
            TopicArn = topic.TopicArn,
            Protocol = "sqs",
            Endpoint = queue.AttrArn,
            RawMessageDelivery = true,
        });
    }

    /// <summary>
    /// Broken deliveries reach someone on a path that shares no link with the alerts: a second topic with its own key and its
    /// own e-mail subscription, to which CloudWatch alarms publish directly (no rule, no central bus, not the alert topic or
    /// its key). Here: the alert topic's failed notifications and this account's failed rule invocations. The senders'
    /// forwarding failures arrive on the same topic from their own accounts (<see cref="CentralAlertForwarder.WatchDeliveries"/>).
    /// </summary>
    private void DeliveryHealth(Topic alertTopic)
    {
        var key = new Key(this, "DeliveryKey", new KeyProps
        {
            Description = "Encrypts the topic that reports broken alert deliveries",
            EnableKeyRotation = true,
            RemovalPolicy = RemovalPolicy.RETAIN,
        });
        Protect(key);
        // The senders' roles are in other accounts, named but not known by ARN: Principal "*" narrowed by the organization id
        // and the sender-role name pattern, as on the central bus's policy.
        ((CfnKey)key.Node.DefaultChild!).CfnOptions.Metadata = new Dictionary<string, object>
        {
            ["cfn_nag"] = new Dictionary<string, object>
            {
                ["rules_to_suppress"] = new object[]
                {
                    new Dictionary<string, object> { ["id"] = "F76", ["reason"] = "Principal * is limited by aws:PrincipalOrgID and aws:PrincipalArn to the organization's alert sender roles" },
                },
            },
        };
        var topic = new Topic(this, "DeliveryTopic", new TopicProps
        {
            TopicName = DeliveryTopicName(ResourcePrefix),
            DisplayName = DeliveryTopicName(ResourcePrefix),
            MasterKey = key,
        });

        // This account's alarms publish as CloudWatch; the senders' watch rules publish with their sender roles.
        var ownAlarms = new Dictionary<string, object>
        {
            ["StringEquals"] = new Dictionary<string, object> { ["aws:SourceAccount"] = Aws.ACCOUNT_ID },
            ["ArnLike"] = new Dictionary<string, object> { ["aws:SourceArn"] = Fn.Join(string.Empty, ["arn:", Aws.PARTITION, ":cloudwatch:", Aws.REGION, ":", Aws.ACCOUNT_ID, ":alarm:", NamePrefix, "-*"]) },
        };
        var senders = new Dictionary<string, object>
        {
            ["StringEquals"] = new Dictionary<string, object> { ["aws:PrincipalOrgID"] = Parameter("OrganizationId").ValueAsString },
            ["ArnLike"] = new Dictionary<string, object> { ["aws:PrincipalArn"] = SenderRolePattern(ResourcePrefix) },
        };
        key.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "DeliveryAlarmsOfThisAccount",
            Principals = [new ServicePrincipal("cloudwatch.amazonaws.com")],
            Actions = ["kms:Decrypt", "kms:GenerateDataKey*"],
            Resources = ["*"],
            Conditions = ownAlarms,
        }));
        key.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "SenderRolesOfTheOrganization",
            Principals = [new AnyPrincipal()],
            Actions = ["kms:Decrypt", "kms:GenerateDataKey*"],
            Resources = ["*"],
            Conditions = senders,
        }));
        topic.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "DeliveryAlarmsOfThisAccount",
            Principals = [new ServicePrincipal("cloudwatch.amazonaws.com")],
            Actions = ["sns:Publish"],
            Resources = [topic.TopicArn],
            Conditions = ownAlarms,
        }));
        topic.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "SenderRolesOfTheOrganization",
            Principals = [new AnyPrincipal()],
            Actions = ["sns:Publish"],
            Resources = [topic.TopicArn],
            Conditions = senders,
        }));
        ((CfnTopicPolicy)topic.Node.FindChild("Policy").Node.DefaultChild!).CfnOptions.Metadata = new Dictionary<string, object>
        {
            ["cfn_nag"] = new Dictionary<string, object>
            {
                ["rules_to_suppress"] = new object[]
                {
                    new Dictionary<string, object> { ["id"] = "F18", ["reason"] = "Principal * is limited by aws:PrincipalOrgID and aws:PrincipalArn to the organization's alert sender roles" },
                },
            },
        };
        _ = new CfnSubscription(this, "DeliveryEmail", new CfnSubscriptionProps
        {
            TopicArn = topic.TopicArn,
            Protocol = "email",
            Endpoint = Parameter("NotificationEmail").ValueAsString,
        });

        // The alert topic could not deliver to a subscriber (e-mail bounced, webhook down, queue refused).
        _ = new Amazon.CDK.AWS.CloudWatch.CfnAlarm(this, "NotificationsFailedAlarm", new Amazon.CDK.AWS.CloudWatch.CfnAlarmProps
        {
            AlarmName = ResourceName("NotificationsFailed", 255),
            AlarmDescription = "The central alert topic failed to deliver notifications to a subscriber",
            Namespace = "AWS/SNS",
            MetricName = "NumberOfNotificationsFailed",
            Dimensions = new object[] { new Amazon.CDK.AWS.CloudWatch.CfnAlarm.DimensionProperty { Name = "TopicName", Value = alertTopic.TopicName } },
            Statistic = "Sum",
            Period = 300,
            EvaluationPeriods = 1,
            Threshold = 1,
            ComparisonOperator = "GreaterThanOrEqualToThreshold",
            TreatMissingData = "notBreaching",
            AlarmActions = [topic.TopicArn],
        });

        // A rule of this account could not deliver (the alert topic's or its key's policy refuses, the topic is gone): one
        // contributor per rule, the central bus's and the default bus's alike (FROM the namespace, not one SCHEMA).
        _ = new Amazon.CDK.AWS.CloudWatch.CfnAlarm(this, "FailedInvocationsAlarm", new Amazon.CDK.AWS.CloudWatch.CfnAlarmProps
        {
            AlarmName = ResourceName("FailedInvocations", 255),
            AlarmDescription = "An EventBridge rule of the audit account failed to deliver an alert to its target",
            Metrics = new object[]
            {
                new Amazon.CDK.AWS.CloudWatch.CfnAlarm.MetricDataQueryProperty
                {
                    Id = "q1",
                    Expression = CentralAlertForwarder.FailedInvocationsQuery,
                    Period = 300,
                    ReturnData = true,
                },
            },
            EvaluationPeriods = 1,
            Threshold = 1,
            ComparisonOperator = "GreaterThanOrEqualToThreshold",
            TreatMissingData = "notBreaching",
            AlarmActions = [topic.TopicArn],
        });
    }

    /// <summary>Every sender role <see cref="CentralAlertForwarder"/> creates, in any account: <c>&lt;prefix&gt;-*-sender-*</c>.</summary>
    public static string SenderRolePattern(string resourcePrefix) => $"arn:*:iam::*:role/{resourcePrefix}-*{CentralAlertForwarder.SenderRoleMarker}*";

    /// <summary>
    /// The announced window on the central bus: member accounts' platform changes arrive here (alert-forwarding), so the
    /// window that silences unannounced-operations in the management account must silence them here too. Parameters
    /// <c>AnnouncedWindowStart</c>/<c>End</c>/<c>Timezone</c> (the same values as unannounced-operations') create one-time
    /// EventBridge Scheduler schedules that call DisableRule on the PlatformChange rule at the start and EnableRule at the
    /// end; empty (the default) means no window. The scheduler's role is named <c>&lt;prefix&gt;-central-alerting-scheduler-&lt;region&gt;</c>,
    /// the only principal besides CfCT's that protect-alert-resources lets disable the rule, and which
    /// protect-exempt-principals keeps anyone else from creating or assuming.
    /// </summary>
    private void AnnouncedWindow(Rule rule, string id)
    {
        var start = Parameter("AnnouncedWindowStart").ValueAsString;
        var end = Parameter("AnnouncedWindowEnd").ValueAsString;
        var timezone = Parameter("AnnouncedWindowTimezone").ValueAsString;
        var hasWindow = new CfnCondition(this, "HasAnnouncedWindow", new CfnConditionProps
        {
            Expression = Fn.ConditionAnd(
                Fn.ConditionNot(Fn.ConditionEquals(start, string.Empty)),
                Fn.ConditionNot(Fn.ConditionEquals(end, string.Empty))),
        });
        var role = new Role(this, "WindowSchedulerRole", new RoleProps
        {
            RoleName = Fn.Join(string.Empty, [Core.Packaging.ResourceNames.Fit($"{ResourcePrefix}-{Input.Control.Id}", 37), "-scheduler-", Aws.REGION]),
            AssumedBy = new ServicePrincipal("scheduler.amazonaws.com", new ServicePrincipalOpts
            {
                Conditions = new Dictionary<string, object> { ["StringEquals"] = new Dictionary<string, object> { ["aws:SourceAccount"] = Aws.ACCOUNT_ID } },
            }),
            Description = "Lets EventBridge Scheduler silence the platform-change alert on the central bus during the announced window",
        });
        role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["events:DisableRule", "events:EnableRule"],
            Resources = [rule.RuleArn],
        }));
        OnlyIf(role, hasWindow);
        OnlyIf(role.Node.FindChild("DefaultPolicy"), hasWindow);

        // By literal names: Ref of a rule on a custom bus is "bus|rule", which DisableRule does not take as a name.
        var target = $"{{\"Name\":\"{ResourceName(id)}\",\"EventBusName\":\"{AlertForwardingStack.BusName(ResourcePrefix)}\"}}";
        AnnouncedWindowSchedule("WindowStartPlatformChange", PlatformChangeWindow, start, timezone, "aws-sdk:eventbridge:disableRule", target, role, hasWindow);
        AnnouncedWindowSchedule("WindowEndPlatformChange", PlatformChangeWindow, end, timezone, "aws-sdk:eventbridge:enableRule", target, role, hasWindow);
    }

    private const string PlatformChangeWindow = "Announced window boundary for the platform-change alert on the central bus";

    private Rule AlertRule(IEventBus? bus, Topic topic, string id, string description, EventPattern pattern, string[]? account, IReadOnlyList<string> message)
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
        // Not CDK's SnsTopic target: it adds a topic-policy statement letting events.amazonaws.com publish with no source
        // condition (any account's rule could then publish to the topic). The topic policy's AlertRulesOfThisAccount
        // statement already admits exactly this account's alert rules.
        var input = Message(description, message).Bind(rule);
        ((Amazon.CDK.AWS.Events.CfnRule)rule.Node.DefaultChild!).Targets = new object[]
        {
            new Amazon.CDK.AWS.Events.CfnRule.TargetProperty
            {
                Id = "Target0",
                Arn = topic.TopicArn,
                InputTransformer = new Amazon.CDK.AWS.Events.CfnRule.InputTransformerProperty { InputPathsMap = input.InputPathsMap, InputTemplate = input.InputTemplate! },
            },
        };
        return rule;
    }

    /// <summary>
    /// Which account, who, what and when: the event's own account, region and time survive forwarding; the lines name the
    /// event fields (<see cref="CentralAlertRules.MessagePaths"/>) that say the rest for this kind of event.
    /// </summary>
    private static RuleTargetInput Message(string description, IReadOnlyList<string> lines) => RuleTargetInput.FromMultilineText(string.Join('\n',
        [$"[GovCfct alert] {description}", .. lines.Select(Fill)]));

    private static string Fill(string line) => System.Text.RegularExpressions.Regex.Replace(line, "<([A-Za-z]+)>", m => EventField.FromPath(CentralAlertRules.MessagePaths[m.Groups[1].Value]).ToString());
}
