using Amazon.CDK;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.Logs;
using Constructs;

namespace GovCfct.Cdk.Controls;

/// <summary>
/// unexpected-platform-access (the talk's "unexpected user" alert): the platform team's Identity Center role
/// <c>AWSReservedSSO_&lt;PlatformPermissionSetName&gt;_*</c> signs in to or acts in a system account. A metric
/// filter on the multi-region trail's log group catches sign-ins, IAM/STS and read-only calls from every region
/// (those never reach a regional EventBridge bus); a rule in each governed region reports changes at once.
/// </summary>
public sealed class UnexpectedPlatformAccessStack : CdkControlStack
{
    public UnexpectedPlatformAccessStack(Construct scope, string id, CdkControlInput input)
        : base(scope, id, input)
    {
        var alerts = Forwarder();
        var permissionSet = Parameter("PlatformPermissionSetName").ValueAsString;
        var trail = LogGroup.FromLogGroupName(this, "TrailLogGroup", Parameter("TrailLogGroupName").ValueAsString);

        // Identity Center role sessions: arn:aws:sts::<account>:assumed-role/AWSReservedSSO_<set>_<hash>/<user>.
        AddMetricAlarm(
            "PlatformAccess",
            trail,
            // On the organization trail (management account) the platform team's own work there is expected: only
            // other accounts count, named by $.recipientAccountId (docs/facts/landing-zone.md §3).
            Fn.Join(string.Empty, ["{ ($.userIdentity.arn = \"*:assumed-role/AWSReservedSSO_", permissionSet, "_*\") && ($.recipientAccountId != \"", Aws.ACCOUNT_ID, "\") }"]),
            "A platform-team Identity Center user signed in to or acted in this system account",
            1);

        alerts.Forward(this, "PlatformActivityRule", "A platform-team Identity Center user changed something in this system account", new EventPattern
        {
            DetailType = ["AWS API Call via CloudTrail", "AWS Console Sign In via CloudTrail"],
            Detail = new Dictionary<string, object>
            {
                ["userIdentity"] = new Dictionary<string, object>
                {
                    ["arn"] = new object[]
                    {
                        new Dictionary<string, object>
                        {
                            ["wildcard"] = Fn.Join(string.Empty, ["arn:*:sts::*:assumed-role/AWSReservedSSO_", permissionSet, "_*/*"]),
                        },
                    },
                },
            },
        });
    }
}
