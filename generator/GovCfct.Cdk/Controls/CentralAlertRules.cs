using Amazon.CDK;
using Amazon.CDK.AWS.Events;

namespace GovCfct.Cdk.Controls;

/// <summary>One alert of central alerting: the rule's id, what it reports and the events it matches.</summary>
public sealed record CentralAlertRule(string Id, string Description, EventPattern Pattern);

/// <summary>
/// The alerts of central alerting, shared by both ends so they cannot drift apart: alert-forwarding sends exactly
/// these events from each account's default bus to the central bus, central-alerting matches them there and
/// publishes to the one topic. CloudTrail events of global services (IAM, Organizations, account management,
/// sign-in) reach EventBridge in us-east-1 only (LANDING-ZONE-FACTS §4), so the forwarders also run there.
/// </summary>
public static class CentralAlertRules
{
    private const string ApiCall = "AWS API Call via CloudTrail";

    /// <summary>The alerts; <paramref name="platformPermissionSet"/> is the platform team's Identity Center permission set name.</summary>
    public static IReadOnlyList<CentralAlertRule> All(string platformPermissionSet) =>
    [
        new("RootActivity", "Root user activity", new EventPattern
        {
            DetailType = [ApiCall, "AWS Console Sign In via CloudTrail"],
            Detail = new Dictionary<string, object>
            {
                ["userIdentity"] = new Dictionary<string, object> { ["type"] = new[] { "Root" } },
            },
        }),
        new("IamPolicyChange", "IAM policy or access key changed", new EventPattern
        {
            Source = ["aws.iam"],
            DetailType = [ApiCall],
            Detail = new Dictionary<string, object>
            {
                ["eventSource"] = new[] { "iam.amazonaws.com" },
                ["eventName"] = new[]
                {
                    "DeleteGroupPolicy", "DeleteRolePolicy", "DeleteUserPolicy", "PutGroupPolicy", "PutRolePolicy",
                    "PutUserPolicy", "CreatePolicy", "DeletePolicy", "CreatePolicyVersion", "DeletePolicyVersion",
                    "SetDefaultPolicyVersion", "AttachRolePolicy", "DetachRolePolicy", "AttachUserPolicy",
                    "DetachUserPolicy", "AttachGroupPolicy", "DetachGroupPolicy", "CreateAccessKey",
                },
            },
        }),
        new("OrganizationChange", "Organization or account settings changed outside the platform pipeline", new EventPattern
        {
            Source = ["aws.organizations", "aws.account"],
            DetailType = [ApiCall],
        }),
        new("SecurityGroupChange", "Security group rules were changed", new EventPattern
        {
            Source = ["aws.ec2"],
            DetailType = [ApiCall],
            Detail = new Dictionary<string, object>
            {
                ["eventSource"] = new[] { "ec2.amazonaws.com" },
                ["eventName"] = new[]
                {
                    "AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupIngress",
                    "RevokeSecurityGroupEgress", "ModifySecurityGroupRules", "CreateSecurityGroup", "DeleteSecurityGroup",
                    "CreateNetworkAcl", "CreateNetworkAclEntry", "DeleteNetworkAcl", "DeleteNetworkAclEntry",
                    "ReplaceNetworkAclEntry", "ReplaceNetworkAclAssociation",
                },
            },
        }),
        new("CloudTrailChange", "CloudTrail logging configuration was changed", new EventPattern
        {
            Source = ["aws.cloudtrail"],
            DetailType = [ApiCall],
            Detail = new Dictionary<string, object>
            {
                ["eventSource"] = new[] { "cloudtrail.amazonaws.com" },
                ["eventName"] = new[] { "StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors", "PutInsightSelectors" },
            },
        }),
        // Identity Center role sessions: arn:aws:sts::<account>:assumed-role/AWSReservedSSO_<set>_<hash>/<user>.
        new("PlatformActivity", "A platform-team Identity Center user signed in to or changed something in an account", new EventPattern
        {
            DetailType = [ApiCall, "AWS Console Sign In via CloudTrail"],
            Detail = new Dictionary<string, object>
            {
                ["userIdentity"] = new Dictionary<string, object>
                {
                    ["arn"] = new object[]
                    {
                        new Dictionary<string, object>
                        {
                            ["wildcard"] = Fn.Join(string.Empty, ["arn:*:sts::*:assumed-role/AWSReservedSSO_", platformPermissionSet, "_*/*"]),
                        },
                    },
                },
            },
        }),
    ];
}
