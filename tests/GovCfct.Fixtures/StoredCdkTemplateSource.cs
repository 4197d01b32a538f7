using System.Text;
using GovCfct.Core.Catalog;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Rendering;

namespace GovCfct.Fixtures;

/// <summary>
/// Stands in for CDK synthesis in benchmarks and scale tests: returns stored CloudFormation text per request (one small
/// template per control declaring its non-list parameters), so a build measures GovCfct and not node. Like the real
/// alert controls, it names its topic, alarm and schedule <c>&lt;prefix&gt;-&lt;control-id&gt;...</c>, so every build's
/// alert-protection check (GCF1744/1745) finds them protected by protect-alert-resources, as in the shipped package.
/// </summary>
public sealed class StoredCdkTemplateSource : ICdkTemplateSource
{
    public IReadOnlyDictionary<string, string> Synthesize(IReadOnlyList<(ControlDefinition Control, RenderContext Context)> requests, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (control, context) in requests)
        {
            result[CdkTemplateRequest.KeyOf(control, context)] = TemplateOf(control, context.Organization.ResourcePrefix);
        }

        return result;
    }

    /// <summary>The stored text: parameters as CloudFormation parameters (the catalog's contract), a topic, an alarm and a schedule.</summary>
    public static string TemplateOf(ControlDefinition control, string resourcePrefix)
    {
        ArgumentNullException.ThrowIfNull(control);
        var name = $"{resourcePrefix}-{control.Id}";
        var text = new StringBuilder();
        text.Append("AWSTemplateFormatVersion: '2010-09-09'\n");
        text.Append("Description: ").Append(control.Id).Append(" (stored template for benchmarks)\n");
        var parameters = control.Parameters.Where(p => p.Type != ParameterType.List).ToList();
        if (parameters.Count > 0)
        {
            text.Append("Parameters:\n");
            foreach (var parameter in parameters)
            {
                text.Append("  ").Append(parameter.Name).Append(":\n    Type: String\n");
            }
        }

        text.Append($$"""
            Resources:
              AlertTopic:
                Type: AWS::SNS::Topic
                Properties:
                  TopicName: {{name}}
              AlertAlarm:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  AlarmName: {{name}}-alarm
                  Namespace: GovCfct
                  MetricName: Events
                  Statistic: Sum
                  Period: 300
                  EvaluationPeriods: 1
                  Threshold: 1
                  ComparisonOperator: GreaterThanOrEqualToThreshold
                  AlarmActions:
                    - !Ref AlertTopic
              WindowSchedule:
                Type: AWS::Scheduler::Schedule
                Properties:
                  Name: {{name}}-window
                  ScheduleExpression: rate(1 day)
                  State: DISABLED
                  FlexibleTimeWindow:
                    Mode: "OFF"
                  Target:
                    Arn: !Ref AlertTopic
                    RoleArn: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/{{name}}-scheduler-${AWS::Region}

            """);
        return text.ToString();
    }
}
