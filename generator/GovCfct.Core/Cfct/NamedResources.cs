using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;
using GovCfct.Core.Yaml;
using YamlDotNet.RepresentationModel;

namespace GovCfct.Core.Cfct;

/// <summary>
/// What a stack-set template claims in every account and region it is deployed to: the physical names it gives its
/// resources (<c>ConfigRuleName</c>, <c>RoleName</c>, ...) and the resources an account holds only one of per region (a
/// GuardDuty detector, a Security Hub hub, a Config recorder and delivery channel). Two stacks that claim the same thing
/// in one account and region cannot both exist: the second fails with "already exists", and deleting the first later
/// deletes what the second relies on. Used by plan (GCF3200) and validate (GCF2092) to judge a renamed stack set.
/// </summary>
public static partial class NamedResources
{
    // The property that names a resource of each type (CloudFormation resource reference); a reference to another
    // resource by name (Lambda::Permission's FunctionName, Logs::MetricFilter's LogGroupName) is not a claim.
    private static readonly Dictionary<string, string> NameProperty = new(StringComparer.Ordinal)
    {
        ["AWS::Config::ConfigRule"] = "ConfigRuleName",
        ["AWS::Config::ConformancePack"] = "ConformancePackName",
        ["AWS::Config::RemediationConfiguration"] = "ConfigRuleName",
        ["AWS::IAM::Role"] = "RoleName",
        ["AWS::IAM::ManagedPolicy"] = "ManagedPolicyName",
        ["AWS::IAM::InstanceProfile"] = "InstanceProfileName",
        ["AWS::SNS::Topic"] = "TopicName",
        ["AWS::SQS::Queue"] = "QueueName",
        ["AWS::Lambda::Function"] = "FunctionName",
        ["AWS::S3::Bucket"] = "BucketName",
        ["AWS::Logs::LogGroup"] = "LogGroupName",
        ["AWS::Events::Rule"] = "Name",
        ["AWS::Events::EventBus"] = "Name",
        ["AWS::CloudWatch::Alarm"] = "AlarmName",
        ["AWS::SSM::Parameter"] = "Name",
        ["AWS::KMS::Alias"] = "AliasName",
        ["AWS::StepFunctions::StateMachine"] = "StateMachineName",
        ["AWS::DynamoDB::Table"] = "TableName",
    };

    // One per account and region whatever it is called: GuardDuty's detector
    // (https://docs.aws.amazon.com/guardduty/latest/APIReference/API_CreateDetector.html), Security Hub's hub
    // (https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-settingup.html), Config's recorder and
    // delivery channel (https://docs.aws.amazon.com/config/latest/developerguide/stop-start-recorder.html).
    private static readonly HashSet<string> OnePerRegion = new(StringComparer.Ordinal)
    {
        "AWS::GuardDuty::Detector", "AWS::SecurityHub::Hub", "AWS::Config::ConfigurationRecorder", "AWS::Config::DeliveryChannel",
    };

    /// <summary>
    /// The claims of a template with the stack's parameter values (a parameter without a value takes its Default), sorted;
    /// null when the text is not a readable template. A name built by a function other than Ref or Sub is not a claim.
    /// </summary>
    public static ImmutableArray<string>? Claims(byte[] template, IReadOnlyDictionary<string, string> parameters)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(parameters);
        var document = TemplateYaml.Read(new UTF8Encoding(false).GetString(template).TrimStart('\uFEFF'));
        if (document.Root is not { } root || Child(root, "Resources") is not YamlMappingNode resources)
        {
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Child(root, "Parameters") is YamlMappingNode declared)
        {
            foreach (var (key, node) in declared.Children)
            {
                if (key is YamlScalarNode { Value: { } name } && node is YamlMappingNode parameter && Child(parameter, "Default") is YamlScalarNode { Value: { } value })
                {
                    values[name] = value;
                }
            }
        }

        foreach (var (name, value) in parameters)
        {
            values[name] = value;
        }

        var claims = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (_, node) in resources.Children)
        {
            if (node is not YamlMappingNode resource || Child(resource, "Type") is not YamlScalarNode { Value: { } type })
            {
                continue;
            }

            if (OnePerRegion.Contains(type))
            {
                claims.Add($"{type} (one per account and region)");
            }
            else if (NameProperty.TryGetValue(type, out var property)
                && Child(resource, "Properties") is YamlMappingNode properties
                && Child(properties, property) is { } nameNode
                && Resolve(nameNode, values) is { } physical)
            {
                claims.Add($"{type} {physical}");
            }
        }

        return [.. claims];
    }

    /// <summary>What both templates claim (sorted); null when either cannot be read, so the caller falls back to its own judgement.</summary>
    public static ImmutableArray<string>? Shared(byte[] a, IReadOnlyDictionary<string, string> aParameters, byte[] b, IReadOnlyDictionary<string, string> bParameters) =>
        Claims(a, aParameters) is { } left && Claims(b, bParameters) is { } right
            ? [.. left.Intersect(right, StringComparer.Ordinal)]
            : null;

    private static YamlNode? Child(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    // A literal, !Ref / Ref to a parameter, or !Sub / Fn::Sub over parameters and pseudo parameters; pseudo parameters
    // (${AWS::Region}, ${AWS::AccountId}) stay as written: two stacks in one account and region give them the same value.
    private static string? Resolve(YamlNode node, Dictionary<string, string> values)
    {
        switch (node)
        {
            case YamlScalarNode scalar when scalar.Tag.IsEmpty || scalar.Tag.Value is "tag:yaml.org,2002:str":
                return scalar.Value;
            case YamlScalarNode { Tag.Value: "!Ref", Value: { } reference }:
                return Reference(reference, values);
            case YamlScalarNode { Tag.Value: "!Sub", Value: { } text }:
                return Substitute(text, values);
            case YamlMappingNode { Children.Count: 1 } function:
                var (key, argument) = function.Children.First();
                return (key as YamlScalarNode)?.Value switch
                {
                    "Ref" when argument is YamlScalarNode { Value: { } reference } => Reference(reference, values),
                    "Fn::Sub" when argument is YamlScalarNode { Value: { } text } => Substitute(text, values),
                    _ => null,
                };
            default:
                return null;
        }
    }

    private static string? Reference(string name, Dictionary<string, string> values) =>
        name.StartsWith("AWS::", StringComparison.Ordinal) ? "${" + name + "}" : values.GetValueOrDefault(name);

    private static string? Substitute(string text, Dictionary<string, string> values)
    {
        var unknown = false;
        var result = Variable().Replace(text, match =>
        {
            var name = match.Groups[1].Value;
            if (name.StartsWith('!'))
            {
                return "${" + name[1..] + "}";
            }

            var value = Reference(name, values);
            unknown |= value is null;
            return value ?? match.Value;
        });
        return unknown ? null : result;
    }

    [GeneratedRegex(@"\$\{([^}]*)\}")]
    private static partial Regex Variable();
}
