using Amazon.CDK;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.Scheduler;
using Constructs;

namespace GovCfct.Cdk.Controls;

/// <summary>
/// unannounced-operations ("an operation without prior notice is illegitimate"): non-read-only calls by the
/// platform team's Identity Center role raise an alert unless they fall inside the announced window. The window
/// is evaluated without Lambda: one-time EventBridge Scheduler schedules call EventBridge DisableRule on the rule and on
/// the rule that forwards the alarm's state changes at the window's start, and EnableRule at its end.
/// </summary>
public sealed class UnannouncedOperationsStack : CdkControlStack
{
    public UnannouncedOperationsStack(Construct scope, string id, CdkControlInput input)
        : base(scope, id, input)
    {
        var alerts = Forwarder();
        var permissionSet = Parameter("PlatformPermissionSetName").ValueAsString;
        var start = Parameter("AnnouncedWindowStart").ValueAsString;
        var end = Parameter("AnnouncedWindowEnd").ValueAsString;
        var timezone = Parameter("AnnouncedWindowTimezone").ValueAsString;
        var trail = LogGroup.FromLogGroupName(this, "TrailLogGroup", Parameter("TrailLogGroupName").ValueAsString);
        var home = HomeRegionCondition();

        var rule = alerts.Forward(this, "UnannouncedChangeRule", "The platform team changed something outside an announced window", new EventPattern
        {
            DetailType = ["AWS API Call via CloudTrail"],
            Detail = new Dictionary<string, object>
            {
                ["readOnly"] = new object[] { false },
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

        // Opening the window disables this control's rules: every disable of an alert rule of this account is forwarded
        // (ManagementActivity on the central bus), so the opening is on record where the alerts arrive, and an alert rule
        // silenced any other way is reported too.
        alerts.Forward(this, "AlertRuleDisabledRule", "An alert rule of this account was disabled: an announced window opened, or someone silenced alerts", CentralAlertRules.AlertRuleDisabled(ResourcePrefix));

        // IAM and STS changes are recorded in us-east-1 only: the trail's log group (home region) sees them.
        AddMetricAlarm(
            "UnannouncedGlobalChange",
            trail,
            Fn.Join(string.Empty, ["{ ($.userIdentity.arn = \"*:assumed-role/AWSReservedSSO_", permissionSet, "_*\") && ($.readOnly IS FALSE) }"]),
            "The platform team changed IAM/STS or another global service outside an announced window",
            1);

        // The alarm's state changes reach EventBridge whatever its actions, so the window silences the rule that forwards
        // them (home region), not the alarm's actions. By its literal name: the rule exists in the home region only.
        var alarmsRule = AlertNames.NameFor(NamePrefix, "ForwardAlarms");

        var hasWindow = new CfnCondition(this, "HasAnnouncedWindow", new CfnConditionProps
        {
            Expression = Fn.ConditionAnd(
                Fn.ConditionNot(Fn.ConditionEquals(start, string.Empty)),
                Fn.ConditionNot(Fn.ConditionEquals(end, string.Empty))),
        });
        var homeWithWindow = new CfnCondition(this, "HasAnnouncedWindowInHomeRegion", new CfnConditionProps
        {
            Expression = Fn.ConditionAnd(hasWindow, home),
        });

        // Named <prefix>-<control-id>-scheduler-<region> (IAM is global; one role per governed region): protect-alert-resources
        // exempts <prefix>-*-scheduler-* so the schedules may silence the alerts, and protect-exempt-principals keeps
        // anyone else from creating, re-trusting or passing a role with such a name.
        var role = new Role(this, "WindowSchedulerRole", new RoleProps
        {
            RoleName = Fn.Join(string.Empty, [Core.Packaging.ResourceNames.Fit($"{ResourcePrefix}-{Input.Control.Id}", 37), "-scheduler-", Aws.REGION]),
            AssumedBy = new ServicePrincipal("scheduler.amazonaws.com"),
            Description = "Lets EventBridge Scheduler silence the unannounced-operations alerts during the announced window",
        });
        role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["events:DisableRule", "events:EnableRule"],
            Resources = [rule.RuleArn, Fn.Sub("arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/" + alarmsRule)],
        }));
        OnlyIf(role, hasWindow);
        OnlyIf(role.Node.FindChild("DefaultPolicy"), hasWindow);

        AnnouncedWindowSchedule("WindowStartRule", OperationsWindow, start, timezone, "aws-sdk:eventbridge:disableRule", Fn.Join(string.Empty, ["{\"Name\":\"", rule.RuleName, "\"}"]), role, hasWindow);
        AnnouncedWindowSchedule("WindowEndRule", OperationsWindow, end, timezone, "aws-sdk:eventbridge:enableRule", Fn.Join(string.Empty, ["{\"Name\":\"", rule.RuleName, "\"}"]), role, hasWindow);
        AnnouncedWindowSchedule("WindowStartAlarm", OperationsWindow, start, timezone, "aws-sdk:eventbridge:disableRule", Fn.Join(string.Empty, ["{\"Name\":\"", alarmsRule, "\"}"]), role, homeWithWindow);
        AnnouncedWindowSchedule("WindowEndAlarm", OperationsWindow, end, timezone, "aws-sdk:eventbridge:enableRule", Fn.Join(string.Empty, ["{\"Name\":\"", alarmsRule, "\"}"]), role, homeWithWindow);
    }

    private const string OperationsWindow = "Announced window boundary for the unannounced-operations alerts";
}
