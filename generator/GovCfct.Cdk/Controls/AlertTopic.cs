using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.Events.Targets;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.SNS;
using Constructs;

namespace GovCfct.Cdk.Controls;

/// <summary>
/// The notification topic every alert control publishes to: encrypted with its own KMS key (whose policy lets
/// EventBridge and CloudWatch use it, or their publishes would be dropped silently), an e-mail subscription and
/// an optional chat webhook subscription. Also the helpers that wire rules and metric-filter alarms into it.
/// </summary>
public sealed class AlertTopic : Construct
{
    private readonly string _namePrefix;

    /// <summary>
    /// <paramref name="namePrefix"/> (<c>&lt;prefix&gt;-&lt;control-id&gt;</c>) starts the name of every rule and alarm added
    /// here, and <paramref name="resourcePrefix"/> names the tag that marks the key as protected: protect-alert-resources
    /// denies changing them by those names and that tag.
    /// </summary>
    public AlertTopic(Construct scope, string id, string topicName, CfnParameter email, CfnParameter chatWebhookUrl, string namePrefix, string resourcePrefix)
        : base(scope, id)
    {
        _namePrefix = namePrefix;
        var key = new Key(this, "Key", new KeyProps
        {
            Description = $"Encrypts the {topicName} notification topic",
            EnableKeyRotation = true,
            RemovalPolicy = RemovalPolicy.RETAIN,
        });
        Tags.Of(key).Add($"{resourcePrefix}-protected", "true");
        Key = key;
        key.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "AllowAlertPublishers",
            Principals = [new ServicePrincipal("events.amazonaws.com"), new ServicePrincipal("cloudwatch.amazonaws.com")],
            Actions = ["kms:Decrypt", "kms:GenerateDataKey*"],
            Resources = ["*"],
        }));

        Topic = new Topic(this, "Topic", new TopicProps
        {
            TopicName = topicName,
            DisplayName = topicName,
            MasterKey = key,
        });
        Topic.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "AllowAlertPublishers",
            Principals = [new ServicePrincipal("events.amazonaws.com"), new ServicePrincipal("cloudwatch.amazonaws.com")],
            Actions = ["sns:Publish"],
            Resources = [Topic.TopicArn],
        }));

        _ = new CfnSubscription(this, "Email", new CfnSubscriptionProps
        {
            TopicArn = Topic.TopicArn,
            Protocol = "email",
            Endpoint = email.ValueAsString,
        });

        // The chat webhook is optional: an empty parameter means no subscription at all.
        var hasWebhook = new CfnCondition(this, "HasChatWebhook", new CfnConditionProps
        {
            Expression = Fn.ConditionNot(Fn.ConditionEquals(chatWebhookUrl.ValueAsString, string.Empty)),
        });
        var webhook = new CfnSubscription(this, "ChatWebhook", new CfnSubscriptionProps
        {
            TopicArn = Topic.TopicArn,
            Protocol = "https",
            Endpoint = chatWebhookUrl.ValueAsString,
        });
        webhook.CfnOptions.Condition = hasWebhook;
    }

    /// <summary>The encrypted topic alerts are sent to.</summary>
    public Topic Topic { get; }

    /// <summary>The topic's key: whoever publishes to the topic needs kms:GenerateDataKey* and kms:Decrypt on it.</summary>
    public Key Key { get; }

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

    /// <summary>An EventBridge rule on the default bus whose matches are sent to the topic.</summary>
    public Rule AddRule(Construct scope, string id, string description, IEventPattern pattern, CfnCondition? condition = null)
    {
        var rule = new Rule(scope, id, new RuleProps
        {
            RuleName = NameFor(_namePrefix, id),
            Description = description,
            EventPattern = pattern,
            Enabled = true,
        });
        rule.AddTarget(new SnsTopic(Topic));
        if (condition is not null)
        {
            ((Amazon.CDK.AWS.Events.CfnRule)rule.Node.DefaultChild!).CfnOptions.Condition = condition;
        }

        return rule;
    }

    /// <summary>
    /// A metric filter on the trail's log group plus an alarm into the topic (BLEA's shape: 5-minute sum,
    /// one datapoint, missing data is not breaching).
    /// </summary>
    public void AddMetricAlarm(Construct scope, string id, ILogGroup logGroup, string filterPattern, string description, int threshold, CfnCondition condition)
    {
        var filter = new MetricFilter(scope, id + "Filter", new MetricFilterProps
        {
            LogGroup = logGroup,
            FilterPattern = FilterPattern.Literal(filterPattern),
            MetricNamespace = "GovCfct/CloudTrailMetrics",
            MetricName = id + "Count",
            MetricValue = "1",
        });
        ((CfnMetricFilter)filter.Node.DefaultChild!).CfnOptions.Condition = condition;

        var alarm = new Alarm(scope, id + "Alarm", new AlarmProps
        {
            AlarmName = NameFor(_namePrefix, id, 255),
            AlarmDescription = description,
            Metric = filter.Metric(new MetricOptions { Period = Duration.Minutes(5), Statistic = "Sum" }),
            Threshold = threshold,
            EvaluationPeriods = 1,
            DatapointsToAlarm = 1,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            TreatMissingData = TreatMissingData.NOT_BREACHING,
        });
        alarm.AddAlarmAction(new SnsAction(Topic));
        ((CfnAlarm)alarm.Node.DefaultChild!).CfnOptions.Condition = condition;
    }
}
