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

    /// <summary>
    /// Every IAM call that changes what a policy allows: the writes whose name ends in Policy or PolicyVersion (Put, Delete,
    /// Attach and Detach of user, group and role policies, Create and Delete of managed policies and their versions,
    /// SetDefaultPolicyVersion, and also UpdateAssumeRolePolicy, a trust change). Wildcards rather than the list keep the
    /// pattern, with the automation excluded, within CloudWatch Logs' 1,024 characters.
    /// </summary>
    public const string IamPolicyChangePattern =
        "{ ($.eventSource = \"iam.amazonaws.com\") && ($.readOnly IS FALSE) && (($.eventName = \"*Policy\") || ($.eventName = \"*PolicyVersion\")) }";

    /// <summary>
    /// The platform's own automation, whose IAM changes are every CfCT run's daily work and must not alert: Control Tower's
    /// and CfCT's stack sets act in every account as <c>AWSControlTowerExecution</c> (self-managed) or
    /// <c>stacksets-exec-*</c> (service-managed). Both names are protected in member accounts by protect-exempt-principals,
    /// so nobody else can take them to hide a change.
    /// </summary>
    public static IReadOnlyList<string> AutomationSessions { get; } = ["*:assumed-role/AWSControlTowerExecution/*", "*:assumed-role/stacksets-exec-*"];

    /// <summary>
    /// The automation that exists only in the management account (where no SCP applies, so these are excluded there
    /// only): CfCT's own roles (<c>CustomControlTower*Role</c>, named by its template), Control Tower's service role and its
    /// service-linked role.
    /// </summary>
    public static IReadOnlyList<string> ManagementAutomationSessions { get; } = ["*:assumed-role/CustomControlTower*", "*:assumed-role/AWSControlTowerAdmin/*", "*:assumed-role/AWSServiceRoleForAWSControlTower/*"];

    /// <summary>
    /// The Organizations and Control Tower calls that undo the landing zone's protection from the management account, which
    /// no SCP governs (item: control-plane changes): detaching or deleting a policy, disabling a policy type, moving or
    /// removing an account, deleting an OU, taking a service's delegated administration or trusted access away, and
    /// disabling a Control Tower control or baseline or changing or deleting the landing zone.
    /// </summary>
    public static IReadOnlyList<string> ControlPlaneEventNames { get; } =
    [
        // Disable*: DisablePolicyType, DisableAWSServiceAccess, DisableControl, DisableBaseline. Delete*: DeletePolicy,
        // DeleteOrganizationalUnit, DeleteResourcePolicy, DeleteLandingZone. Detach*: DetachPolicy. Update*: UpdatePolicy,
        // UpdateLandingZone, UpdateEnabledControl, UpdateEnabledBaseline (and the harmless UpdateOrganizationalUnit rename).
        "\"Disable*\"", "\"Delete*\"", "\"Detach*\"", "\"Update*\"", "MoveAccount", "RemoveAccountFromOrganization", "DeregisterDelegatedAdministrator",
    ];

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

    /// <summary>The start of the control-plane filter, up to the management account's id.</summary>
    public const string ControlPlanePatternStart = "{ (($.eventSource = \"organizations.amazonaws.com\") || ($.eventSource = \"controltower.amazonaws.com\")) && ($.recipientAccountId = \"";

    /// <summary><c>(($.eventName = A) || ...)</c> over <see cref="ControlPlaneEventNames"/>.</summary>
    public static string ControlPlaneCalls() => "(" + string.Join(" || ", ControlPlaneEventNames.Select(n => $"($.eventName = {n})")) + ")";

    /// <summary>No session of the automation in <paramref name="sessions"/> (ARN wildcards).</summary>
    public static string Excluding(IEnumerable<string> sessions) => string.Join(" && ", sessions.Select(a => $"($.userIdentity.arn != \"{a}\")"));

    /// <summary>
    /// Not the automation: <see cref="AutomationSessions"/> in every account, <see cref="ManagementAutomationSessions"/> in the
    /// management account <paramref name="management"/> only (elsewhere a role of such a name is anybody's).
    /// </summary>
    public static string ExcludingAutomation(string management) => Amazon.CDK.Fn.Join(string.Empty,
        [Excluding(AutomationSessions), " && (($.recipientAccountId != \"", management, "\") || (", Excluding(ManagementAutomationSessions), "))"]);

    public SecurityAlertsStack(Construct scope, string id, CdkControlInput input)
        : base(scope, id, input)
    {
        var alerts = Forwarder();
        // The management account's rules of every alert control in the home region (one alarm per account and region).
        alerts.WatchDeliveries(this, HomeRegionCondition());
        var trail = LogGroup.FromLogGroupName(this, "TrailLogGroup", Parameter("TrailLogGroupName").ValueAsString);

        AddMetricAlarm("RootActivity", trail, RootActivityPattern, "Root user activity detected", 1);
        var management = Amazon.CDK.Aws.ACCOUNT_ID;
        AddMetricAlarm("IamPolicyChange", trail, Amazon.CDK.Fn.Join(string.Empty, [IamPolicyChangePattern[..^2], " && ", ExcludingAutomation(management), " }"]), "IAM policy changed (not by Control Tower's, CfCT's or the stack sets' own roles)", 1);
        AddMetricAlarm("AccessKeyCreated", trail, AccessKeyCreatedPattern, "IAM access key created", 1);
        AddMetricAlarm(
            "MemberOrganizationChange",
            trail,
            Amazon.CDK.Fn.Join(string.Empty, [MemberOrganizationChangePatternStart, Amazon.CDK.Aws.ACCOUNT_ID, "\") }"]),
            "Organization or account settings changed in a member account",
            1);
        AddMetricAlarm("UnauthorizedCalls", trail, UnauthorizedCallsPattern, "Repeated unauthorized API calls in one account", 5);

        // The management account: no SCP applies there, so its control-plane changes can only be detected. Organizations is a
        // global service recorded in us-east-1 and Control Tower is recorded in its home region; the organization trail writes
        // both into this log group, so one filter sees them. Grouped by account and call, so each call kind alerts on its own.
        AddMetricAlarm(
            "ManagementControlPlaneChange",
            trail,
            Amazon.CDK.Fn.Join(string.Empty, [ControlPlanePatternStart, management, "\") && ", ControlPlaneCalls(), " && ($.userIdentity.type != \"Root\") && ($.userIdentity.arn != \"*:assumed-role/AWSReservedSSO_", Parameter("PlatformPermissionSetName").ValueAsString, "_*\") && ", Excluding([.. AutomationSessions, .. ManagementAutomationSessions, $"*:assumed-role/{ResourcePrefix}-*"]), " }"]),
            "Organizations or Control Tower control-plane change in the management account by someone other than root, the platform permission set or the platform's automation",
            1,
            byEventName: true);

        // Any use of the break-glass role, in any account: the AssumeRole call into it and every call its sessions make.
        var breakGlass = Parameter("BreakGlassRoleName").ValueAsString;
        AddMetricAlarm(
            "BreakGlassUse",
            trail,
            Amazon.CDK.Fn.Join(string.Empty, ["{ ($.userIdentity.arn = \"*:assumed-role/", breakGlass, "/*\") || ($.requestParameters.roleArn = \"*:role/", breakGlass, "\") }"]),
            "The break-glass role was assumed or used",
            1);

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
