using Amazon.CDK;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.IAM;
using Constructs;

namespace GovCfct.Cdk.Controls;

/// <summary>
/// Sends alert events to the central bus <c>&lt;prefix&gt;-central-alerts</c> in the audit account's home region: the one
/// way every alert stack, member or management account, reaches the one alert topic. A bus that grants by organization
/// id requires the sender rule's RoleArn (docs/facts/landing-zone.md §4), so the forwarder owns one role, trusted by EventBridge
/// for this account only and allowed events:PutEvents on that bus and nothing else. The role is named
/// <c>&lt;prefix&gt;-&lt;control-id&gt;-sender-&lt;region&gt;</c> (IAM is global and the stack runs in several regions) so
/// protect-alert-resources can deny changing it by name.
/// </summary>
public sealed class CentralAlertForwarder : Construct
{
    /// <summary>What every sender role's name holds between the control id and the region; protect-alert-resources keys on it.</summary>
    public const string SenderRoleMarker = "-sender-";

    private readonly string _namePrefix;
    private readonly string _resourcePrefix;
    private readonly string _homeRegion;
    private readonly string _alertAccountId;
    private readonly Amazon.CDK.AWS.Events.Targets.EventBus _target;

    /// <summary>
    /// <paramref name="namePrefix"/> is <c>&lt;prefix&gt;-&lt;control-id&gt;</c>; <paramref name="alertAccountId"/> the audit
    /// account holding the central bus in <paramref name="homeRegion"/>.
    /// </summary>
    public CentralAlertForwarder(Construct scope, string id, string resourcePrefix, string namePrefix, string homeRegion, string alertAccountId)
        : base(scope, id)
    {
        _namePrefix = namePrefix;
        _resourcePrefix = resourcePrefix;
        _homeRegion = homeRegion;
        _alertAccountId = alertAccountId;
        BusArn = Fn.Join(string.Empty, ["arn:", Aws.PARTITION, ":events:", homeRegion, ":", alertAccountId, ":event-bus/", AlertForwardingStack.BusName(resourcePrefix)]);
        var bus = Amazon.CDK.AWS.Events.EventBus.FromEventBusArn(this, "CentralBus", BusArn);
        Role = new Role(this, "SenderRole", new RoleProps
        {
            // 40 + "-sender-" + the longest region name stays within IAM's 64 characters.
            RoleName = Fn.Join(string.Empty, [Core.Packaging.ResourceNames.Fit(namePrefix, 40), SenderRoleMarker, Aws.REGION]),
            Description = "Lets EventBridge put this account's alert events on the central alert bus",
            AssumedBy = new ServicePrincipal("events.amazonaws.com", new ServicePrincipalOpts
            {
                Conditions = new Dictionary<string, object>
                {
                    ["StringEquals"] = new Dictionary<string, object> { ["aws:SourceAccount"] = Aws.ACCOUNT_ID },
                },
            }),
        });
        // The EventBus target grants the role events:PutEvents on the central bus, and nothing else.
        _target = new Amazon.CDK.AWS.Events.Targets.EventBus(bus, new Amazon.CDK.AWS.Events.Targets.EventBusProps { Role = Role });
    }

    /// <summary>
    /// Every rule's failed invocations in this account and region, one contributor per rule. FROM the namespace rather than
    /// one SCHEMA: rules on the default bus report by RuleName, rules on another bus by EventBusName and RuleName.
    /// </summary>
    public const string FailedInvocationsQuery = "SELECT SUM(FailedInvocations) FROM \"AWS/Events\" GROUP BY RuleName ORDER BY SUM() DESC";

    /// <summary>
    /// Notices a broken chain from this side: an alarm on this account's failed rule invocations (a forwarder the central bus
    /// refuses, a deleted role, a bus that is gone) whose contributors going into ALARM are sent by a rule straight to the
    /// audit account's delivery topic (<see cref="CentralAlertingStack.DeliveryTopicName"/>), an EventBridge cross-account
    /// SNS target with this stack's sender role: a path without the central bus, its rules, the alert topic or its key.
    /// The alarm is named outside <c>&lt;prefix&gt;-&lt;control-id&gt;-*</c>, so ForwardAlarms does not also send it through
    /// the link it watches. EventBridge delivers to a cross-account target in the rule's own region only, so this exists in
    /// the home region (where the audit account's topic is) only: <paramref name="condition"/>.
    /// </summary>
    public void WatchDeliveries(Construct scope, CfnCondition condition)
    {
        var control = _namePrefix[(_resourcePrefix.Length + 1)..];
        var alarmName = Core.Packaging.ResourceNames.Fit($"{_resourcePrefix}-failed-deliveries-{control}", 255);
        var alarm = new Amazon.CDK.AWS.CloudWatch.CfnAlarm(scope, "FailedDeliveriesAlarm", new Amazon.CDK.AWS.CloudWatch.CfnAlarmProps
        {
            AlarmName = alarmName,
            AlarmDescription = "An EventBridge rule of this account failed to deliver to its target (the alert chain may be broken)",
            Metrics = new object[]
            {
                new Amazon.CDK.AWS.CloudWatch.CfnAlarm.MetricDataQueryProperty { Id = "q1", Expression = FailedInvocationsQuery, Period = 300, ReturnData = true },
            },
            EvaluationPeriods = 1,
            Threshold = 1,
            ComparisonOperator = "GreaterThanOrEqualToThreshold",
            TreatMissingData = "notBreaching",
        });
        alarm.CfnOptions.Condition = condition;

        var topicArn = Fn.Join(string.Empty, ["arn:", Aws.PARTITION, ":sns:", _homeRegion, ":", _alertAccountId, ":", CentralAlertingStack.DeliveryTopicName(_resourcePrefix)]);
        var policy = new Amazon.CDK.AWS.IAM.CfnPolicy(scope, "FailedDeliveriesPublish", new Amazon.CDK.AWS.IAM.CfnPolicyProps
        {
            PolicyName = "publish-failed-deliveries",
            Roles = [Role.RoleName],
            PolicyDocument = new Dictionary<string, object>
            {
                ["Version"] = "2012-10-17",
                ["Statement"] = new object[]
                {
                    new Dictionary<string, object> { ["Effect"] = "Allow", ["Action"] = "sns:Publish", ["Resource"] = topicArn },
                    // The delivery topic is encrypted with the audit account's key; SNS uses it on the publisher's behalf.
                    new Dictionary<string, object>
                    {
                        ["Effect"] = "Allow",
                        ["Action"] = new[] { "kms:Decrypt", "kms:GenerateDataKey*" },
                        ["Resource"] = Fn.Join(string.Empty, ["arn:", Aws.PARTITION, ":kms:", _homeRegion, ":", _alertAccountId, ":key/*"]),
                        ["Condition"] = new Dictionary<string, object> { ["StringEquals"] = new Dictionary<string, object> { ["kms:ViaService"] = Fn.Join(string.Empty, ["sns.", _homeRegion, ".amazonaws.com"]) } },
                    },
                },
            },
        });
        policy.CfnOptions.Condition = condition;

        var message = "[GovCfct delivery failure] Account <account> (region <region>): rule <rule> failed to deliver to its target: <reason> (<time>). Alerts of this account may not be arriving: check the rule's target, its role and the central bus's policy.";
        var rule = new Amazon.CDK.AWS.Events.CfnRule(scope, "FailedDeliveriesRule", new Amazon.CDK.AWS.Events.CfnRuleProps
        {
            Name = Core.Packaging.ResourceNames.Fit($"{_resourcePrefix}-failed-deliveries-{control}", 64),
            Description = "Sends this account's failed rule deliveries straight to the audit account's delivery topic",
            State = "ENABLED",
            EventPattern = new Dictionary<string, object>
            {
                ["source"] = new[] { "aws.cloudwatch" },
                ["detail-type"] = new[] { AlertNames.ContributorStateChange },
                ["detail"] = new Dictionary<string, object>
                {
                    ["alarmName"] = new[] { alarmName },
                    ["state"] = new Dictionary<string, object> { ["value"] = new[] { "ALARM" } },
                },
            },
            Targets = new object[]
            {
                new Amazon.CDK.AWS.Events.CfnRule.TargetProperty
                {
                    Id = "DeliveryTopic",
                    Arn = topicArn,
                    RoleArn = Role.RoleArn,
                    InputTransformer = new Amazon.CDK.AWS.Events.CfnRule.InputTransformerProperty
                    {
                        InputPathsMap = new Dictionary<string, string>
                        {
                            ["account"] = "$.account",
                            ["region"] = "$.region",
                            ["rule"] = "$.detail.alarmContributor.attributes.RuleName",
                            ["reason"] = "$.detail.state.reason",
                            ["time"] = "$.time",
                        },
                        InputTemplate = "\"" + message + "\"",
                    },
                },
            },
        });
        rule.CfnOptions.Condition = condition;
        rule.AddDependency(policy);
    }

    /// <summary>The central bus's ARN.</summary>
    public string BusArn { get; }

    /// <summary>The sender role every forwarding rule of this stack uses.</summary>
    public Role Role { get; }

    /// <summary>
    /// A rule on this account's default bus that sends what <paramref name="pattern"/> matches to the central bus, named
    /// <c>&lt;prefix&gt;-&lt;control-id&gt;-&lt;what&gt;</c>; with <paramref name="condition"/> only where it holds.
    /// </summary>
    public Rule Forward(Construct scope, string id, string description, IEventPattern pattern, CfnCondition? condition = null)
    {
        var rule = new Rule(scope, id, new RuleProps
        {
            RuleName = AlertNames.NameFor(_namePrefix, id),
            Description = description,
            EventPattern = pattern,
            Enabled = true,
        });
        rule.AddTarget(_target);
        if (condition is not null)
        {
            ((Amazon.CDK.AWS.Events.CfnRule)rule.Node.DefaultChild!).CfnOptions.Condition = condition;
        }

        return rule;
    }

    /// <summary>
    /// Forwards the contributors going into ALARM of the alarms named <c>&lt;prefix&gt;-&lt;control-id&gt;-*</c>: a CloudWatch alarm
    /// cannot publish to another account's topic, but every state change is an event on the default bus, whatever the
    /// alarm's actions. The alarms group by account (<see cref="AlertNames.AddMetricAlarm"/>), so each account going into
    /// ALARM is a "CloudWatch Alarm Contributor State Change" of its own, naming the account; the alarm-level state change
    /// (which says only how many series breach) is not forwarded, so the first account is not reported twice.
    /// Metric-filter alarms live in the home region only, hence the condition.
    /// </summary>
    public Rule ForwardAlarms(Construct scope, string id, CfnCondition? condition) => Forward(scope, id, "Forwards each account going into ALARM on this control's alarms to the central alert bus", new EventPattern
    {
        Source = ["aws.cloudwatch"],
        DetailType = [AlertNames.ContributorStateChange],
        Detail = new Dictionary<string, object>
        {
            ["alarmName"] = new object[] { new Dictionary<string, object> { ["prefix"] = _namePrefix + "-" } },
            ["state"] = new Dictionary<string, object> { ["value"] = new[] { "ALARM" } },
        },
    }, condition);
}
