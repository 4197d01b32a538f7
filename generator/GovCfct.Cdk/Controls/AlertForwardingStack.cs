using Amazon.CDK;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.IAM;
using Constructs;

namespace GovCfct.Cdk.Controls;

/// <summary>
/// alert-forwarding: the member-account half of central alerting. No topic, no subscription, no alarm here: one rule
/// per central alert on the default bus sends the matched events to the central bus in the audit account (home
/// region), with a role allowed events:PutEvents on that bus only (a bus that grants by organization id requires the
/// sender's RoleArn, LANDING-ZONE-FACTS §4). Deployed in the home region and in us-east-1, where the events of global
/// services arrive (§4); CfCT's AWSControlTowerExecution is exempt from the region deny (§2.4).
/// </summary>
public sealed class AlertForwardingStack : CdkControlStack
{
    /// <summary>The central bus's name in the audit account: <c>&lt;prefix&gt;-central-alerts</c>.</summary>
    public static string BusName(string resourcePrefix) => $"{resourcePrefix}-central-alerts";

    public AlertForwardingStack(Construct scope, string id, CdkControlInput input)
        : base(scope, id, input)
    {
        var busArn = Fn.Join(string.Empty, ["arn:", Aws.PARTITION, ":events:", HomeRegion, ":", Parameter("AlertAccountId").ValueAsString, ":event-bus/", BusName(ResourcePrefix)]);
        var bus = EventBus.FromEventBusArn(this, "CentralBus", busArn);

        // One role per region's stack: IAM is global, so a fixed name would collide between the two stack instances.
        var role = new Role(this, "SenderRole", new RoleProps
        {
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

        foreach (var alert in CentralAlertRules.All(Parameter("PlatformPermissionSetName").ValueAsString))
        {
            var rule = new Rule(this, "Forward" + alert.Id, new RuleProps
            {
                RuleName = ResourceName("Forward" + alert.Id),
                Description = "Forwards to the central alert bus: " + alert.Description,
                EventPattern = alert.Pattern,
                Enabled = true,
            });
            rule.AddTarget(new Amazon.CDK.AWS.Events.Targets.EventBus(bus, new Amazon.CDK.AWS.Events.Targets.EventBusProps { Role = role }));
        }
    }
}
