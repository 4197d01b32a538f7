using Constructs;

namespace GovCfct.Cdk.Controls;

/// <summary>
/// alert-forwarding: the member-account half of central alerting. No topic, no subscription, no alarm here: one rule
/// per central alert on the default bus sends the matched events to the central bus in the audit account (home
/// region), with a role allowed events:PutEvents on that bus only (a bus that grants by organization id requires the
/// sender's RoleArn, docs/facts/landing-zone.md §4; <see cref="CentralAlertForwarder"/>, shared with the management account's
/// alert controls). Deployed by a service-managed stack set in every governed region (docs/landing-zone.md, "Member
/// stack sets"); the events of global services, which arrive only in us-east-1, are caught from the organization
/// trail by the management account's security-alerts and unexpected-platform-access (docs/alerts.md).
/// </summary>
public sealed class AlertForwardingStack : CdkControlStack
{
    /// <summary>The central bus's name in the audit account: <c>&lt;prefix&gt;-central-alerts</c>.</summary>
    public static string BusName(string resourcePrefix) => $"{resourcePrefix}-central-alerts";

    public AlertForwardingStack(Construct scope, string id, CdkControlInput input)
        : base(scope, id, input)
    {
        var forwarder = Forwarder();
        foreach (var alert in CentralAlertRules.All(Parameter("PlatformPermissionSetName").ValueAsString))
        {
            forwarder.Forward(this, "Forward" + alert.Id, "Forwards to the central alert bus: " + alert.Description, alert.Pattern);
        }

        forwarder.WatchDeliveries(this, HomeRegionCondition());
    }
}
