using Amazon.CDK;
using Amazon.CDK.AWS.Events;

namespace GovCfct.Cdk.Controls;

/// <summary>
/// One alert of central alerting: the rule's id, what it reports, the events it matches and, where the events are not
/// CloudTrail records, the message lines that say which account, what and when (null: <see cref="CentralAlertRules.MemberMessage"/>).
/// </summary>
public sealed record CentralAlertRule(string Id, string Description, EventPattern Pattern, IReadOnlyList<string>? Message = null);

/// <summary>
/// One kind of event the management account's alert controls forward, as the central bus recognises it (by source and
/// detail type; the management account's own rules already chose which events are alerts), and the message lines that
/// say which account, who or what, and when for that kind (input-transformer paths by placeholder name).
/// </summary>
public sealed record ManagementAlertKind(string Id, string Description, EventPattern Pattern, IReadOnlyList<string> Message);

/// <summary>
/// The alerts of central alerting, shared by both ends so they cannot drift apart: alert-forwarding sends exactly
/// these events from each account's default bus to the central bus, central-alerting matches them there and
/// publishes to the one topic. CloudTrail events of global services (IAM, Organizations, account management,
/// sign-in) reach EventBridge in us-east-1 only; member forwarders run in the governed regions, and those events are
/// caught from the organization trail in the management account instead (docs/alerts.md).
/// </summary>
public static class CentralAlertRules
{
    private const string ApiCall = "AWS API Call via CloudTrail";

    /// <summary>
    /// Any AWS service's source (<c>aws.</c> prefix). Only AWS services can put events with such a source: PutEvents refuses
    /// a source starting with <c>aws.</c> from anyone else, so an application cannot forge a CloudTrail record that alerts.
    /// </summary>
    public static string[] AwsSources => Match.Prefix("aws.");

    /// <summary>The detail type of the event CloudWatch puts on the default bus whenever an alarm changes state.</summary>
    public const string AlarmStateChange = "CloudWatch Alarm State Change";

    /// <summary>The alerts; <paramref name="platformPermissionSet"/> is the platform team's Identity Center permission set name.</summary>
    public static IReadOnlyList<CentralAlertRule> All(string platformPermissionSet) =>
    [
        new("RootActivity", "Root user activity", new EventPattern
        {
            Source = AwsSources,
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
                // Not the platform's own automation: every CfCT run changes IAM through the stack sets' roles
                // (SecurityAlertsStack.AutomationSessions, protected in member accounts by protect-exempt-principals).
                ["userIdentity"] = new Dictionary<string, object>
                {
                    ["arn"] = new object[]
                    {
                        new Dictionary<string, object>
                        {
                            ["anything-but"] = new Dictionary<string, object>
                            {
                                ["wildcard"] = new[] { "arn:*:sts::*:assumed-role/AWSControlTowerExecution/*", "arn:*:sts::*:assumed-role/stacksets-exec-*/*" },
                            },
                        },
                    },
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
        // Config publishes "Config Rules Compliance Change" on the evaluated account's own default bus, in the region of the
        // rule; neither an aggregator nor the delegated administrator receives these events, so each account forwards them.
        new("ConfigNonCompliance", "A Config rule (a detective check) evaluated a resource as NON_COMPLIANT", new EventPattern
        {
            Source = ["aws.config"],
            DetailType = ["Config Rules Compliance Change"],
            Detail = new Dictionary<string, object>
            {
                ["messageType"] = new[] { "ComplianceChangeNotification" },
                ["newEvaluationResult"] = new Dictionary<string, object> { ["complianceType"] = new[] { "NON_COMPLIANT" } },
            },
        }, ConfigMessage),
        // Identity Center role sessions: arn:aws:sts::<account>:assumed-role/AWSReservedSSO_<set>_<hash>/<user>.
        // A sign-in is an access ("unexpected user"), reported announced or not; a change is an operation, reported only
        // outside an announced window (central-alerting disables PlatformChange for the window). EventBridge delivers no
        // read-only call to these rules, so the two kinds are every event of the platform team a forwarder sees, once each.
        new("PlatformActivity", "A platform-team Identity Center user signed in to an account", new EventPattern
        {
            Source = AwsSources,
            DetailType = ["AWS Console Sign In via CloudTrail"],
            Detail = PlatformSession(platformPermissionSet),
        }),
        new(PlatformChangeId, "The platform team changed something in an account outside an announced window", new EventPattern
        {
            Source = AwsSources,
            DetailType = [ApiCall],
            Detail = new Dictionary<string, object>(PlatformSession(platformPermissionSet)) { ["readOnly"] = new object[] { false } },
        }),
    ];

    /// <summary>The alert an announced window silences on the central bus: the platform team's changes in member accounts.</summary>
    public const string PlatformChangeId = "PlatformChange";

    private static Dictionary<string, object> PlatformSession(string platformPermissionSet) => new()
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
    };

    /// <summary>
    /// An EventBridge rule of the organization's alerting (<c>&lt;prefix&gt;-*</c>) was disabled: an announced window opened,
    /// or someone silenced an alert. CloudTrail records DisableRule (a management event) in the rule's region, and
    /// EventBridge delivers it to that account's default bus, so each account that opens windows watches its own.
    /// </summary>
    public static EventPattern AlertRuleDisabled(string resourcePrefix) => new()
    {
        Source = ["aws.events"],
        DetailType = [ApiCall],
        Detail = new Dictionary<string, object>
        {
            ["eventSource"] = new[] { "events.amazonaws.com" },
            ["eventName"] = new[] { "DisableRule" },
            ["requestParameters"] = new Dictionary<string, object>
            {
                ["name"] = new object[] { new Dictionary<string, object> { ["prefix"] = resourcePrefix + "-" } },
            },
        },
    };

    /// <summary>
    /// The findings of every account, matched on the audit account's own default bus: as delegated administrator of
    /// Security Hub it receives every member's "Security Hub Findings - Imported" events, and in the home (aggregation)
    /// region also those of the linked regions. GuardDuty findings arrive there too, imported by Security Hub's
    /// GuardDuty integration with GuardDuty severity 4.0-6.9 labelled MEDIUM, 7.0-8.9 HIGH and 9.0 and above CRITICAL.
    /// The management account's findings are excluded: its own security-alerts forwards them (the Management kinds).
    /// Config's own findings are excluded: ConfigNonCompliance above reports them from the evaluated account.
    /// </summary>
    public static IReadOnlyList<CentralAlertRule> AuditFindings(string managementAccountId) =>
    [
        new("AuditSecurityHubFinding", "Security Hub finding of HIGH or CRITICAL severity in a member account (any governed region)", new EventPattern
        {
            Source = ["aws.securityhub"],
            DetailType = ["Security Hub Findings - Imported"],
            Detail = new Dictionary<string, object>
            {
                ["findings"] = new Dictionary<string, object>
                {
                    ["ProductName"] = new object[] { new Dictionary<string, object> { ["anything-but"] = new[] { "GuardDuty", "Config" } } },
                    ["AwsAccountId"] = new object[] { new Dictionary<string, object> { ["anything-but"] = new[] { managementAccountId } } },
                    ["Severity"] = new Dictionary<string, object> { ["Label"] = new[] { "CRITICAL", "HIGH" } },
                    ["Workflow"] = new Dictionary<string, object> { ["Status"] = new[] { "NEW" } },
                    ["RecordState"] = new[] { "ACTIVE" },
                },
            },
        }, FindingMessage),
        new("AuditGuardDutyFinding", "GuardDuty finding of severity 4 (medium) or higher in a member account (any governed region)", new EventPattern
        {
            Source = ["aws.securityhub"],
            DetailType = ["Security Hub Findings - Imported"],
            Detail = new Dictionary<string, object>
            {
                ["findings"] = new Dictionary<string, object>
                {
                    ["ProductName"] = new[] { "GuardDuty" },
                    ["AwsAccountId"] = new object[] { new Dictionary<string, object> { ["anything-but"] = new[] { managementAccountId } } },
                    ["Severity"] = new Dictionary<string, object> { ["Label"] = new[] { "CRITICAL", "HIGH", "MEDIUM" } },
                    ["Workflow"] = new Dictionary<string, object> { ["Status"] = new[] { "NEW" } },
                    ["RecordState"] = new[] { "ACTIVE" },
                },
            },
        }, FindingMessage),
    ];

    /// <summary>
    /// What the management account forwards, by kind (its alert controls: security-alerts, unexpected-platform-access,
    /// unannounced-operations, cfct-template-change-alert, account-creation-hook). The central rules of these kinds
    /// match only events of the management account, and the member alerts above only events of other accounts, so an
    /// event the management account forwards is reported once per forwarding rule that chose it, as each of its own
    /// topics did before. The kinds are disjoint: no forwarded event matches two of them.
    /// </summary>
    public static IReadOnlyList<ManagementAlertKind> Management(string resourcePrefix) =>
    [
        new("ManagementAlarm", "A metric-filter alarm on the organization trail went into ALARM for an account", new EventPattern
        {
            Source = ["aws.cloudwatch"],
            DetailType = [AlertNames.ContributorStateChange],
            Detail = new Dictionary<string, object>
            {
                ["alarmName"] = new object[] { new Dictionary<string, object> { ["prefix"] = resourcePrefix + "-" } },
                ["state"] = new Dictionary<string, object> { ["value"] = new[] { "ALARM" } },
            },
        }, [
            "Account: <contributorAccount> (the CloudTrail record's recipientAccountId; the alarm itself is in account <account>, region <region>)",
            "Alarm: <alarm> (<description>)",
            "What: <reason>",
            "Records: CloudWatch Logs Insights on the organization trail's log group, recipientAccountId <contributorAccount>",
            "When: <time>",
        ]),
        new("ManagementActivity", "An alert rule of the management account matched an API call or a console sign-in there", new EventPattern
        {
            Source = AwsSources,
            DetailType = [ApiCall, "AWS Console Sign In via CloudTrail"],
        }, MemberMessage),
        new("ManagementRepositoryChange", "The CfCT configuration branch changed other than through the approved merge role", new EventPattern
        {
            Source = ["aws.codecommit"],
            DetailType = ["CodeCommit Repository State Change"],
        }, [
            "Account: <account> (region <region>)",
            "Who: <caller>",
            "What: <event> of <referenceName> in <repository> (commit <commit>)",
            "When: <time>",
        ]),
        new("ManagementExecutionFailed", "A state machine of the platform (account-creation hook, GuardDuty organization set-up) did not finish", new EventPattern
        {
            Source = ["aws.states"],
            DetailType = ["Step Functions Execution Status Change"],
        }, [
            "Account: <account> (region <region>)",
            "What: <status> <execution> with input <input>",
            "When: <time>",
        ]),
        new("ManagementSecurityHubFinding", "Security Hub finding of HIGH or CRITICAL severity in the management account", new EventPattern
        {
            Source = ["aws.securityhub"],
            DetailType = ["Security Hub Findings - Imported"],
        }, [
            "Account: <findingAccount> (region <region>)",
            "What: <severity> <title>",
            "When: <time>",
        ]),
        new("ManagementGuardDutyFinding", "GuardDuty finding of severity 4 (medium) or higher in the management account", new EventPattern
        {
            Source = ["aws.guardduty"],
            DetailType = ["GuardDuty Finding"],
        }, [
            "Account: <dutyAccount> (region <region>)",
            "What: severity <dutySeverity> <type>: <dutyTitle>",
            "When: <time>",
        ]),
    ];

    /// <summary>The message of a CloudTrail event: the account and region survive forwarding, the detail says who and what.</summary>
    public static IReadOnlyList<string> MemberMessage { get; } =
    [
        "Account: <account> (region <region>)",
        "Who: <who>",
        "What: <eventSource> <eventName> (<detailType>)",
        "When: <time>",
        "Source IP: <sourceIp>",
    ];

    /// <summary>The message of a finding the audit account receives: the finding names its own account and region.</summary>
    public static IReadOnlyList<string> FindingMessage { get; } =
    [
        "Account: <findingAccount> (region <findingRegion>)",
        "What: <severity> <product> finding: <title>",
        "When: <time>",
    ];

    /// <summary>The message of a Config compliance change: the evaluated account, resource and rule.</summary>
    public static IReadOnlyList<string> ConfigMessage { get; } =
    [
        "Account: <configAccount> (region <region>)",
        "What: <resourceType> <resourceId> is NON_COMPLIANT with <rule>",
        "When: <time>",
    ];

    /// <summary>The event path behind every placeholder of the messages.</summary>
    public static IReadOnlyDictionary<string, string> MessagePaths { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["account"] = "$.account",
        ["region"] = "$.region",
        ["time"] = "$.time",
        ["detailType"] = "$.detail-type",
        ["who"] = "$.detail.userIdentity.arn",
        ["eventSource"] = "$.detail.eventSource",
        ["eventName"] = "$.detail.eventName",
        ["sourceIp"] = "$.detail.sourceIPAddress",
        ["alarm"] = "$.detail.alarmName",
        ["description"] = "$.detail.configuration.description",
        ["reason"] = "$.detail.state.reason",
        ["contributorAccount"] = "$.detail.alarmContributor.attributes." + AlertNames.AccountDimension,
        ["caller"] = "$.detail.callerUserArn",
        ["event"] = "$.detail.event",
        ["referenceName"] = "$.detail.referenceName",
        ["repository"] = "$.detail.repositoryName",
        ["commit"] = "$.detail.commitId",
        ["status"] = "$.detail.status",
        ["execution"] = "$.detail.executionArn",
        ["input"] = "$.detail.input",
        ["findingAccount"] = "$.detail.findings[0].AwsAccountId",
        ["severity"] = "$.detail.findings[0].Severity.Label",
        ["title"] = "$.detail.findings[0].Title",
        ["findingRegion"] = "$.detail.findings[0].Region",
        ["product"] = "$.detail.findings[0].ProductName",
        ["dutyAccount"] = "$.detail.accountId",
        ["dutySeverity"] = "$.detail.severity",
        ["dutyTitle"] = "$.detail.title",
        ["type"] = "$.detail.type",
        ["configAccount"] = "$.detail.awsAccountId",
        ["resourceType"] = "$.detail.resourceType",
        ["resourceId"] = "$.detail.resourceId",
        ["rule"] = "$.detail.configRuleName",
    };
}
