using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.Logs;
using Constructs;

namespace GovCfct.Cdk.Controls;

/// <summary>
/// Names and metric-filter alarms of the alert controls. No control has a topic of its own any more: every alert goes to
/// the one topic in the audit account (central-alerting), rules through the central bus, alarms through their state
/// change events (<see cref="CentralAlertForwarder"/>).
/// </summary>
public static class AlertNames
{
    /// <summary><c>&lt;namePrefix&gt;-&lt;what in kebab case, without a trailing "Rule"&gt;</c>, shortened with a hash when over <paramref name="maxLength"/>.</summary>
    public static string NameFor(string namePrefix, string what, int maxLength = 64)
    {
        var words = System.Text.RegularExpressions.Regex.Replace(what, "(?<=[a-z0-9])(?=[A-Z])", "-").ToLowerInvariant();
        if (words.EndsWith("-rule", StringComparison.Ordinal))
        {
            words = words[..^"-rule".Length];
        }

        return Core.Packaging.ResourceNames.Fit($"{namePrefix}-{words}", maxLength);
    }

    /// <summary>
    /// A metric filter on the trail's log group plus an alarm named <c>&lt;namePrefix&gt;-&lt;id&gt;</c> (BLEA's shape: 5-minute
    /// sum, one datapoint, missing data is not breaching). The alarm has no action: its contributors' state change events
    /// are forwarded to the central bus. The filter's metric carries the account the event was recorded for
    /// (<c>$.recipientAccountId</c>, docs/facts/landing-zone.md §3) as the dimension <c>Account</c> (and, when
    /// <paramref name="byEventName"/>, the API call as <c>EventName</c>); the alarm's Metrics Insights query groups by them,
    /// so each account (each account and call) is a contributor of its own: a second account going into ALARM while the
    /// first still is raises its own "CloudWatch Alarm Contributor State Change" event instead of being masked by a sum.
    /// </summary>
    public static CfnAlarm AddMetricAlarm(Construct scope, string namePrefix, string id, ILogGroup logGroup, string filterPattern, string description, int threshold, CfnCondition condition, bool byEventName = false)
    {
        string[] dimensions = byEventName ? [AccountDimension, EventNameDimension] : [AccountDimension];
        // Each L1 resource sits where the L2 construct's "Resource" child used to, so the logical ids (and so the deployed
        // filters and alarms) stay the same: a changed logical id would create the named alarm anew and then delete it.
        var filter = new CfnMetricFilter(new Construct(scope, id + "Filter"), "Resource", new CfnMetricFilterProps
        {
            LogGroupName = logGroup.LogGroupName,
            FilterPattern = filterPattern,
            MetricTransformations = new object[]
            {
                new CfnMetricFilter.MetricTransformationProperty
                {
                    MetricNamespace = MetricNamespace,
                    MetricName = id + "Count",
                    MetricValue = "1",
                    Unit = "Count",
                    Dimensions = dimensions.Select(d => (object)new CfnMetricFilter.DimensionProperty { Key = d, Value = d == AccountDimension ? "$.recipientAccountId" : "$.eventName" }).ToArray(),
                },
            },
        });
        filter.CfnOptions.Condition = condition;

        var alarm = new CfnAlarm(new Construct(scope, id + "Alarm"), "Resource", new CfnAlarmProps
        {
            AlarmName = NameFor(namePrefix, id, 255),
            AlarmDescription = $"{description}. Which account: the contributor's dimension {AccountDimension} of metric {id}Count in {MetricNamespace}",
            Metrics = new object[]
            {
                new CfnAlarm.MetricDataQueryProperty
                {
                    Id = "q1",
                    Expression = Query(id + "Count", dimensions),
                    Period = 300,
                    ReturnData = true,
                },
            },
            Threshold = threshold,
            EvaluationPeriods = 1,
            DatapointsToAlarm = 1,
            ComparisonOperator = "GreaterThanOrEqualToThreshold",
            TreatMissingData = "notBreaching",
        });
        alarm.CfnOptions.Condition = condition;
        alarm.AddDependency(filter);
        return alarm;
    }

    /// <summary>
    /// The alarm's Metrics Insights query: the metric's sum per account (and call), one time series, so one alarm
    /// contributor, each (a multi-time-series alarm). ORDER BY keeps the largest when more than 500 series report at once.
    /// </summary>
    public static string Query(string metric, IReadOnlyList<string> dimensions) =>
        $"SELECT SUM({metric}) FROM SCHEMA(\"{MetricNamespace}\", {string.Join(", ", dimensions)}) GROUP BY {string.Join(", ", dimensions)} ORDER BY SUM() DESC";

    /// <summary>The detail type of the event CloudWatch puts on the default bus when one time series of a multi-time-series alarm changes state.</summary>
    public const string ContributorStateChange = "CloudWatch Alarm Contributor State Change";

    /// <summary>The dimension that names the API call (control-plane changes).</summary>
    public const string EventNameDimension = "EventName";

    /// <summary>The namespace of every metric-filter metric of the alert controls.</summary>
    public const string MetricNamespace = "GovCfct/CloudTrailMetrics";

    /// <summary>The dimension that names the account an event was recorded for.</summary>
    public const string AccountDimension = "Account";
}
