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
    private readonly Amazon.CDK.AWS.Events.Targets.EventBus _target;

    /// <summary>
    /// <paramref name="namePrefix"/> is <c>&lt;prefix&gt;-&lt;control-id&gt;</c>; <paramref name="alertAccountId"/> the audit
    /// account holding the central bus in <paramref name="homeRegion"/>.
    /// </summary>
    public CentralAlertForwarder(Construct scope, string id, string resourcePrefix, string namePrefix, string homeRegion, string alertAccountId)
        : base(scope, id)
    {
        _namePrefix = namePrefix;
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
    /// Forwards the ALARM state changes of the alarms named <c>&lt;prefix&gt;-&lt;control-id&gt;-*</c>: a CloudWatch alarm cannot
    /// publish to another account's topic, but every state change is an event on the default bus, whatever the alarm's
    /// actions. Metric-filter alarms live in the home region only, hence the condition.
    /// </summary>
    public Rule ForwardAlarms(Construct scope, string id, CfnCondition? condition) => Forward(scope, id, "Forwards this control's alarms going into ALARM to the central alert bus", new EventPattern
    {
        Source = ["aws.cloudwatch"],
        DetailType = [CentralAlertRules.AlarmStateChange],
        Detail = new Dictionary<string, object>
        {
            ["alarmName"] = new object[] { new Dictionary<string, object> { ["prefix"] = _namePrefix + "-" } },
            ["state"] = new Dictionary<string, object> { ["value"] = new[] { "ALARM" } },
        },
    }, condition);
}
