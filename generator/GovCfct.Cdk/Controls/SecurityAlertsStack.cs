using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.Logs;
using Constructs;

namespace GovCfct.Cdk.Controls;

/// <summary>
/// security-alerts: the baseline alerts (BLEA's detection set), in the management account of a Control Tower landing
/// zone. IAM, STS, Organizations, account-settings and sign-in events are written to CloudTrail in us-east-1 only, so
/// the alerts that need them are metric filters on the organization trail's log group (home region, every account's events, docs/facts/landing-zone.md §3);
/// regional API changes and findings are EventBridge rules in every governed region. Neither notifies here: the rules
/// and the alarms' state changes go to the central bus in the audit account, whose one topic alerts (docs/alerts.md).
/// </summary>
public sealed class SecurityAlertsStack : CdkControlStack
{
    /// <summary>Root activity that is not an AWS service acting on the root's behalf.</summary>
    public const string RootActivityPattern =
        "{ $.userIdentity.type = \"Root\" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != \"AwsServiceEvent\" }";

    /// <summary>Every IAM call that changes what a policy allows.</summary>
    public const string IamPolicyChangePattern =
        "{ ($.eventSource = \"iam.amazonaws.com\") && (($.eventName = DeleteGroupPolicy) || ($.eventName = DeleteRolePolicy) || ($.eventName = DeleteUserPolicy) || ($.eventName = PutGroupPolicy) || ($.eventName = PutRolePolicy) || ($.eventName = PutUserPolicy) || ($.eventName = CreatePolicy) || ($.eventName = DeletePolicy) || ($.eventName = CreatePolicyVersion) || ($.eventName = DeletePolicyVersion) || ($.eventName = SetDefaultPolicyVersion) || ($.eventName = AttachRolePolicy) || ($.eventName = DetachRolePolicy) || ($.eventName = AttachUserPolicy) || ($.eventName = DetachUserPolicy) || ($.eventName = AttachGroupPolicy) || ($.eventName = DetachGroupPolicy)) }";

    /// <summary>A new long-term credential.</summary>
    public const string AccessKeyCreatedPattern =
        "{ ($.eventSource = \"iam.amazonaws.com\") && ($.eventName = CreateAccessKey) }";

    /// <summary>
    /// A member account's Organizations or account-settings change (the global-service half of alert-forwarding's
    /// organization rule: these events arrive only in us-east-1, which member stack sets do not reach). The management
    /// account's own changes are the platform pipeline's daily work and are left out by <c>$.recipientAccountId</c>.
    /// </summary>
    public const string MemberOrganizationChangePatternStart =
        "{ (($.eventSource = \"organizations.amazonaws.com\") || ($.eventSource = \"account.amazonaws.com\")) && ($.readOnly IS FALSE) && ($.recipientAccountId != \"";

    /// <summary>Denied calls (alarm at 5 in 5 minutes); Config's own KMS Decrypt denials are noise and excluded.</summary>
    public const string UnauthorizedCallsPattern =
        "{ (($.errorCode = \"*UnauthorizedOperation\") || ($.errorCode = \"AccessDenied*\")) && (($.eventName != \"Decrypt\") || ($.userIdentity.invokedBy != \"config.amazonaws.com\")) }";

    public SecurityAlertsStack(Construct scope, string id, CdkControlInput input)
        : base(scope, id, input)
    {
        var alerts = Forwarder();
        var trail = LogGroup.FromLogGroupName(this, "TrailLogGroup", Parameter("TrailLogGroupName").ValueAsString);

        AddMetricAlarm("RootActivity", trail, RootActivityPattern, "Root user activity detected", 1);
        AddMetricAlarm("IamPolicyChange", trail, IamPolicyChangePattern, "IAM policy changed", 1);
        AddMetricAlarm("AccessKeyCreated", trail, AccessKeyCreatedPattern, "IAM access key created", 1);
        AddMetricAlarm(
            "MemberOrganizationChange",
            trail,
            Amazon.CDK.Fn.Join(string.Empty, [MemberOrganizationChangePatternStart, Amazon.CDK.Aws.ACCOUNT_ID, "\") }"]),
            "Organization or account settings changed in a member account",
            1);
        AddMetricAlarm("UnauthorizedCalls", trail, UnauthorizedCallsPattern, "Repeated unauthorized API calls", 5);

        alerts.Forward(this, "SecurityGroupChangeRule", "Security group rules were changed", new EventPattern
        {
            Source = ["aws.ec2"],
            DetailType = ["AWS API Call via CloudTrail"],
            Detail = new Dictionary<string, object>
            {
                ["eventSource"] = new[] { "ec2.amazonaws.com" },
                ["eventName"] = new[]
                {
                    "AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupIngress",
                    "RevokeSecurityGroupEgress", "ModifySecurityGroupRules", "CreateSecurityGroup", "DeleteSecurityGroup",
                },
            },
        });
        alerts.Forward(this, "NetworkAclChangeRule", "Network ACLs were changed", new EventPattern
        {
            Source = ["aws.ec2"],
            DetailType = ["AWS API Call via CloudTrail"],
            Detail = new Dictionary<string, object>
            {
                ["eventSource"] = new[] { "ec2.amazonaws.com" },
                ["eventName"] = new[]
                {
                    "CreateNetworkAcl", "CreateNetworkAclEntry", "DeleteNetworkAcl", "DeleteNetworkAclEntry",
                    "ReplaceNetworkAclEntry", "ReplaceNetworkAclAssociation",
                },
            },
        });
        alerts.Forward(this, "CloudTrailChangeRule", "CloudTrail logging configuration was changed", new EventPattern
        {
            Source = ["aws.cloudtrail"],
            DetailType = ["AWS API Call via CloudTrail"],
            Detail = new Dictionary<string, object>
            {
                ["eventSource"] = new[] { "cloudtrail.amazonaws.com" },
                ["eventName"] = new[] { "StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors", "PutInsightSelectors" },
            },
        });
        alerts.Forward(this, "SecurityHubFindingRule", "Security Hub finding of HIGH or CRITICAL severity", new EventPattern
        {
            Source = ["aws.securityhub"],
            DetailType = ["Security Hub Findings - Imported"],
            Detail = new Dictionary<string, object>
            {
                ["findings"] = new Dictionary<string, object>
                {
                    ["Severity"] = new Dictionary<string, object> { ["Label"] = new[] { "CRITICAL", "HIGH" } },
                    ["Workflow"] = new Dictionary<string, object> { ["Status"] = new[] { "NEW" } },
                    ["RecordState"] = new[] { "ACTIVE" },
                },
            },
        });
        alerts.Forward(this, "GuardDutyFindingRule", "GuardDuty finding of severity 4 (medium) or higher", new EventPattern
        {
            Source = ["aws.guardduty"],
            DetailType = ["GuardDuty Finding"],
            Detail = new Dictionary<string, object>
            {
                // Numeric matching instead of enumerating 4.0, 4.1 ... 10.0 as BLEA does.
                ["severity"] = new object[] { new Dictionary<string, object> { ["numeric"] = new object[] { ">=", 4 } } },
            },
        });
        // No Config compliance rule here: Control Tower records AWS Config only in enrolled accounts, never in the
        // management account, so no Config rule evaluates anything there and such a rule could never fire. Member
        // accounts' non-compliance is forwarded by alert-forwarding (docs/alerts.md).
    }
}
