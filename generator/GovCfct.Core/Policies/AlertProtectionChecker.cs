using System.Collections.Immutable;
using System.Text.RegularExpressions;
using GovCfct.Core.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using GovCfct.Core.Yaml;

namespace GovCfct.Core.Policies;

/// <summary>A resource of a package template that an alert depends on, with the ARN it would have in a sample account and region.</summary>
public sealed record AlertResource(string File, string LogicalId, string Type, string? Name, string? SampleArn, ImmutableDictionary<string, string> Tags);

/// <summary>
/// Proves, for a whole package, that the SCPs protect exactly the alert resources the templates create. CfCT never
/// repairs a deleted resource of an unchanged stack set, so an Admin who deletes a rule, alarm, topic, subscription,
/// key, Config rule or state machine, or the central alert bus, its policy or a sender role that forwards to it,
/// switches an alert off for good. Both directions are checked: every such resource
/// has an explicit <c>&lt;prefix&gt;-</c> name (or the <c>&lt;prefix&gt;-protected</c> tag) and an Identity Center Admin
/// session is denied deleting it; and every <c>&lt;prefix&gt;-</c> name pattern of a protecting Deny matches a resource
/// the package creates, so the statement and the templates cannot drift apart unnoticed.
/// </summary>
public sealed partial class AlertProtectionChecker(string resourcePrefix, EvaluationOptions? options = null, string adminPermissionSetName = "AWSAdministratorAccess")
{
    private const string SampleRegion = "ap-northeast-1";

    private sealed record Kind(string NameProperty, string ArnFormat, string[] ProbeActions, bool ByTag);

    /// <summary>
    /// The resource types alerts depend on: how the ARN is formed from the name, and the actions whose denial proves
    /// protection (deleting it, and re-pointing or opening it where that silences an alert). KMS key and Config rule ARNs
    /// carry an id, not the name: keys are protected by tag; CloudFormation cannot tag Config rules, so their deletion
    /// must be denied for every rule. The central bus and its policy (the policy is changed through the bus) are
    /// protected by the bus's name; IAM roles only where they are an alert's sender role (see <see cref="SenderRoles"/>).
    /// </summary>
    private static readonly Dictionary<string, Kind> Kinds = new(StringComparer.Ordinal)
    {
        ["AWS::Events::Rule"] = new("Name", "arn:aws:events:{r}:{a}:rule/{n}", ["events:DeleteRule", "events:DisableRule", "events:PutTargets", "events:RemoveTargets"], false),
        ["AWS::Events::EventBus"] = new("Name", "arn:aws:events:{r}:{a}:event-bus/{n}", ["events:DeleteEventBus", "events:PutPermission", "events:RemovePermission"], false),
        ["AWS::Events::EventBusPolicy"] = new("EventBusName", "arn:aws:events:{r}:{a}:event-bus/{n}", ["events:PutPermission", "events:RemovePermission"], false),
        ["AWS::IAM::Role"] = new("RoleName", "arn:aws:iam::{a}:role/{n}", ["iam:DeleteRole", "iam:DeleteRolePolicy", "iam:PutRolePolicy", "iam:UpdateAssumeRolePolicy"], false),
        ["AWS::CloudWatch::Alarm"] = new("AlarmName", "arn:aws:cloudwatch:{r}:{a}:alarm:{n}", ["cloudwatch:DeleteAlarms"], false),
        ["AWS::SNS::Topic"] = new("TopicName", "arn:aws:sns:{r}:{a}:{n}", ["sns:DeleteTopic"], false),
        ["AWS::SNS::Subscription"] = new("TopicArn", "arn:aws:sns:{r}:{a}:{n}:00000000-0000-0000-0000-000000000000", ["sns:Unsubscribe"], false),
        ["AWS::Logs::LogGroup"] = new("LogGroupName", "arn:aws:logs:{r}:{a}:log-group:{n}", ["logs:DeleteLogGroup"], false),
        ["AWS::StepFunctions::StateMachine"] = new("StateMachineName", "arn:aws:states:{r}:{a}:stateMachine:{n}", ["states:DeleteStateMachine"], false),
        ["AWS::Scheduler::Schedule"] = new("Name", "arn:aws:scheduler:{r}:{a}:schedule/default/{n}", ["scheduler:DeleteSchedule"], false),
        ["AWS::KMS::Key"] = new(string.Empty, "arn:aws:kms:{r}:{a}:key/00000000-0000-0000-0000-000000000000", ["kms:ScheduleKeyDeletion"], true),
        ["AWS::Config::ConfigRule"] = new(string.Empty, "arn:aws:config:{r}:{a}:config-rule/config-rule-0a1b2c", ["config:DeleteConfigRule"], true),
    };

    private readonly PolicyEvaluator _evaluator = new(options);

    /// <summary>The tag key that marks a resource whose ARN does not carry its name (KMS keys, Config rules) as protected.</summary>
    public static string ProtectionTagKey(string resourcePrefix) => $"{resourcePrefix}-protected";

    /// <summary>The alert resources of one template (JSON or YAML with short-form tags).</summary>
    public static IReadOnlyList<AlertResource> ResourcesOf(string file, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (TemplateYaml.Read(text).First is not { } root
            || Child(root, "Resources") is not YamlMappingNode resources)
        {
            return [];
        }

        var parameters = Child(root, "Parameters") as YamlMappingNode;
        var senders = SenderRoles(resources);
        var names = new Dictionary<string, string?>(StringComparer.Ordinal);
        var result = new List<AlertResource>();
        foreach (var pass in new[] { 0, 1 })
        {
            foreach (var (key, value) in resources.Children)
            {
                var logicalId = ((YamlScalarNode)key).Value ?? string.Empty;
                if (value is not YamlMappingNode resource || Scalar(Child(resource, "Type")) is not { } type || !Kinds.TryGetValue(type, out var kind))
                {
                    continue;
                }

                // Subscriptions name their topic and bus policies their bus: resolve topics and buses in the first pass.
                var named = type is "AWS::SNS::Topic" or "AWS::Events::EventBus";
                if ((pass == 0) != named || (type == "AWS::IAM::Role" && !senders.Contains(logicalId)))
                {
                    continue;
                }

                var properties = Child(resource, "Properties") as YamlMappingNode;
                var tags = TagsOf(properties);
                string? name = null;
                if (!kind.ByTag && properties is not null && Child(properties, kind.NameProperty) is { } nameNode)
                {
                    name = type is "AWS::SNS::Subscription" ? TopicNameOf(nameNode, names)
                        : type is "AWS::Events::EventBusPolicy" ? TopicNameOf(nameNode, names) ?? Resolve(nameNode, parameters)
                        : Resolve(nameNode, parameters);
                }

                if (named)
                {
                    names[logicalId] = name;
                }

                var arn = kind.ByTag || name is not null
                    ? kind.ArnFormat.Replace("{r}", SampleRegion, StringComparison.Ordinal).Replace("{a}", ProtectedPrincipal.SampleAccount, StringComparison.Ordinal).Replace("{n}", name, StringComparison.Ordinal)
                    : null;
                result.Add(new AlertResource(file, logicalId, type, name, arn, tags));
            }
        }

        return [.. result.OrderBy(r => r.LogicalId, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Adds an error for every cause that leaves alert resources unprotected (one per resource type and missing deny or
    /// missing name, listing the resources it leaves open) and for every protected name pattern that matches nothing.
    /// </summary>
    public void Check(IReadOnlyDictionary<string, string> templates, IReadOnlyList<(string Name, PolicyDocument Doc)> scps, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(templates);
        ArgumentNullException.ThrowIfNull(scps);
        ArgumentNullException.ThrowIfNull(diagnostics);
        // The organization's own Admin permission set: an SCP that exempts it by name would otherwise pass unseen.
        var attacker = EscalationChecker.DefaultAttackers(adminPermissionSetName)[0];
        var created = templates.OrderBy(t => t.Key, StringComparer.Ordinal).SelectMany(t => ResourcesOf(t.Key, t.Value)).ToList();

        // One missing deny (or one kind of unnamed resource) is one mistake however many resources it leaves open: the
        // findings are grouped by cause, in the order of their first resource.
        var unnamed = new List<(string Hint, AlertResource Resource)>();
        var unprotected = new List<(string Action, string Hint, AlertResource Resource)>();
        foreach (var resource in created)
        {
            var kind = Kinds[resource.Type];
            if (resource.SampleArn is null)
            {
                unnamed.Add((resource.Type == "AWS::IAM::Role"
                    ? $"give the sender role the name {resourcePrefix}-<control-id>-sender-<region> (property {kind.NameProperty})"
                    : $"give it the name {resourcePrefix}-<control-id>-<what> (property {kind.NameProperty})", resource));
                continue;
            }

            var keys = new List<(string, string)>
            {
                ("aws:PrincipalAccount", ProtectedPrincipal.SampleAccount),
                ("aws:RequestedRegion", SampleRegion),
                ("aws:PrincipalType", "AssumedRole"),
            };
            keys.AddRange(resource.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => ($"aws:ResourceTag/{t.Key}", t.Value)));
            var allowed = kind.ProbeActions.FirstOrDefault(action => _evaluator.Evaluate(scps, RequestContext.Create(attacker, action, resource.SampleArn, [.. keys])).Decision != PolicyDecision.ExplicitDeny);
            if (allowed is not null)
            {
                unprotected.Add((allowed, resource.Type == "AWS::Config::ConfigRule"
                    ? "assign protect-security-services (it denies deleting any Config rule)"
                    : kind.ByTag
                        ? $"tag it {ProtectionTagKey(resourcePrefix)}=true and assign protect-alert-resources"
                        : resource.Type == "AWS::IAM::Role"
                            ? $"name it {resourcePrefix}-<control-id>-sender-<region> and assign protect-alert-resources"
                            : $"name it {resourcePrefix}-<control-id>-<what> and assign protect-alert-resources", resource));
            }
        }

        foreach (var cause in unnamed.GroupBy(u => (u.Resource.Type, u.Hint)))
        {
            var resources = cause.Select(u => u.Resource).ToList();
            var type = cause.Key.Type;
            diagnostics.Report(
                DiagnosticCodes.AlertResourceUnprotected,
                resources.Count == 1
                    ? $"{type} '{resources[0].LogicalId}' has no explicit name, so no SCP can protect it and anyone may delete it to switch the alert off"
                    : $"{resources.Count} {type} resources have no explicit name, so no SCP can protect them and anyone may delete them to switch the alert off: {List(resources)}",
                new SourceLocation(resources[0].File),
                cause.Key.Hint);
        }

        foreach (var cause in unprotected.GroupBy(u => (u.Resource.Type, u.Action, u.Hint)))
        {
            var resources = cause.Select(u => u.Resource).ToList();
            var (type, action, hint) = cause.Key;
            var on = SymbolicArn(type, resources.Count == 1 ? resources[0].Name : null);
            diagnostics.Report(
                DiagnosticCodes.AlertResourceUnprotected,
                resources.Count == 1
                    ? $"{type} '{resources[0].LogicalId}' ({What(resources[0])}) is not protected: no SCP of the package denies an Identity Center Admin session {action} on {on}"
                    : $"{resources.Count} {type} resources are not protected: no SCP of the package denies an Identity Center Admin session {action} on {on}: {List(resources)}",
                new SourceLocation(resources[0].File),
                hint);
        }

        var arns = created.Where(r => r.SampleArn is not null).Select(r => r.SampleArn!).ToList();
        foreach (var (policy, document) in scps)
        {
            for (var i = 0; i < document.Statements.Length; i++)
            {
                var statement = document.Statements[i];
                if (statement.Effect != PolicyEffect.Deny || statement.IsNotResource)
                {
                    continue;
                }

                foreach (var pattern in statement.Resources.Where(IsProtectedNamePattern))
                {
                    if (!arns.Exists(arn => IamWildcard.ArnMatch(pattern, arn)))
                    {
                        diagnostics.Report(
                            DiagnosticCodes.ProtectedNameUnmatched,
                            $"policy '{policy}' statement {statement.DisplayName(i)} protects '{pattern}', which matches no resource the package creates",
                            statement.Location ?? document.Location,
                            "remove the pattern from the control's policy, or give the resource it should protect a matching name");
                    }
                }
            }
        }
    }

    /// <summary>How a resource is known: its name, its tags, or that it has neither (a Config rule cannot be tagged by CloudFormation).</summary>
    private static string What(AlertResource resource) =>
        !Kinds[resource.Type].ByTag ? $"named '{resource.Name}'"
        : resource.Tags.IsEmpty ? "untagged"
        : $"tagged {string.Join(", ", resource.Tags.Select(t => $"{t.Key}={t.Value}").Order(StringComparer.Ordinal))}";

    /// <summary>The resources of one cause, by template: <c>templates/a.template: RuleA, RuleB; templates/b.template: RuleC</c>.</summary>
    private static string List(List<AlertResource> resources) =>
        string.Join("; ", resources.GroupBy(r => r.File, StringComparer.Ordinal).Select(file => $"{file.Key}: {string.Join(", ", file.Select(r => r.LogicalId))}"));

    /// <summary>
    /// The ARN the Admin session may act on, as a message shows it: in every member account and governed region, so the
    /// account and region are symbolic, as are the ids AWS gives keys and Config rules; the name when it is one resource's.
    /// </summary>
    private static string SymbolicArn(string type, string? name) =>
        Kinds[type].ArnFormat
            .Replace("{r}", "<region>", StringComparison.Ordinal)
            .Replace("{a}", "<member-account>", StringComparison.Ordinal)
            .Replace("{n}", name ?? "<name>", StringComparison.Ordinal)
            .Replace("config-rule-0a1b2c", "<config-rule-id>", StringComparison.Ordinal)
            .Replace("key/00000000-0000-0000-0000-000000000000", "key/<key-id>", StringComparison.Ordinal)
            .Replace(":00000000-0000-0000-0000-000000000000", ":<subscription-id>", StringComparison.Ordinal);

    /// <summary>A Resource pattern of an alert kind whose name starts with the prefix: one of ours, so it must match something.</summary>
    private bool IsProtectedNamePattern(string pattern)
    {
        var parts = pattern.Split(':', 6);
        if (parts.Length != 6)
        {
            return false;
        }

        var head = $"{resourcePrefix}-";
        return (parts[2], parts[5]) switch
        {
            ("events", var r) => r.StartsWith("rule/" + head, StringComparison.Ordinal),
            ("cloudwatch", var r) => r.StartsWith("alarm:" + head, StringComparison.Ordinal),
            ("sns", var r) => r.StartsWith(head, StringComparison.Ordinal),
            ("logs", var r) => r.StartsWith("log-group:" + head, StringComparison.Ordinal),
            ("states", var r) => r.StartsWith("stateMachine:" + head, StringComparison.Ordinal),
            ("scheduler", var r) => r.StartsWith("schedule/", StringComparison.Ordinal) && r.EndsWith("/" + head + "*", StringComparison.Ordinal),
            _ => false,
        };
    }

    /// <summary>
    /// The logical ids of the roles that EventBridge rules use to put events on an event bus: the sender roles of central
    /// alerting (and of any bus-to-bus forwarding). Changing one's trust or policy stops the forwarding as surely as
    /// deleting the rule, so they are alert resources; other roles are not.
    /// </summary>
    private static HashSet<string> SenderRoles(YamlMappingNode resources)
    {
        var senders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, value) in resources.Children)
        {
            if (value is not YamlMappingNode resource || Scalar(Child(resource, "Type")) != "AWS::Events::Rule"
                || Child(resource, "Properties") is not YamlMappingNode properties || Child(properties, "Targets") is not YamlSequenceNode targets)
            {
                continue;
            }

            foreach (var target in targets.Children.OfType<YamlMappingNode>())
            {
                if (Child(target, "Arn") is { } arn && Scalars(arn).Any(s => s.Contains(":event-bus/", StringComparison.Ordinal))
                    && Child(target, "RoleArn") is { } roleArn && GetAttTarget(roleArn) is { } role)
                {
                    senders.Add(role);
                }
            }
        }

        return senders;
    }

    /// <summary>The logical id a <c>Fn::GetAtt</c> / <c>!GetAtt</c> points at.</summary>
    private static string? GetAttTarget(YamlNode node) => node switch
    {
        YamlScalarNode { Tag.IsEmpty: false } scalar when scalar.Tag.Value == "!GetAtt" => scalar.Value?.Split('.')[0],
        YamlSequenceNode { Tag.IsEmpty: false } sequence when sequence.Tag.Value == "!GetAtt" => Scalar(sequence.Children.FirstOrDefault()),
        YamlMappingNode map when map.Children.Count == 1 && Child(map, "Fn::GetAtt") is { } value => value switch
        {
            YamlSequenceNode parts => Scalar(parts.Children.FirstOrDefault()),
            YamlScalarNode dotted => dotted.Value?.Split('.')[0],
            _ => null,
        },
        _ => null,
    };

    /// <summary>Every scalar below a node.</summary>
    private static IEnumerable<string> Scalars(YamlNode node) => node switch
    {
        YamlScalarNode scalar => scalar.Value is { } v ? [v] : [],
        YamlSequenceNode sequence => sequence.Children.SelectMany(Scalars),
        YamlMappingNode map => map.Children.SelectMany(kv => Scalars(kv.Key).Concat(Scalars(kv.Value))),
        _ => [],
    };

    private static ImmutableDictionary<string, string> TagsOf(YamlMappingNode? properties)
    {
        var builder = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        if (properties is not null && Child(properties, "Tags") is YamlSequenceNode tags)
        {
            foreach (var tag in tags.Children.OfType<YamlMappingNode>())
            {
                if (Scalar(Child(tag, "Key")) is { } key && Scalar(Child(tag, "Value")) is { } value)
                {
                    builder[key] = value;
                }
            }
        }

        return builder.ToImmutable();
    }

    private static string? TopicNameOf(YamlNode node, Dictionary<string, string?> topicNames)
    {
        var reference = node is YamlScalarNode { Tag.IsEmpty: false } tagged && tagged.Tag.Value == "!Ref"
            ? tagged.Value
            : node is YamlMappingNode map && map.Children.Count == 1 ? Scalar(Child(map, "Ref")) : null;
        return reference is not null && topicNames.TryGetValue(reference, out var name) ? name : null;
    }

    /// <summary>
    /// A literal, or a name built with Ref/Sub/Join of the pseudo parameters (sample region and account) and parameter
    /// defaults; null when the name depends on anything else, which the caller reports as not protectable.
    /// </summary>
    private static string? Resolve(YamlNode node, YamlMappingNode? parameters)
    {
        switch (node)
        {
            case YamlScalarNode scalar when scalar.Tag.IsEmpty || scalar.Tag.Value is "tag:yaml.org,2002:str":
                return scalar.Value;
            case YamlScalarNode scalar when scalar.Tag.Value == "!Ref":
                return Ref(scalar.Value ?? string.Empty, parameters);
            case YamlScalarNode scalar when scalar.Tag.Value == "!Sub":
                return Sub(scalar.Value ?? string.Empty, parameters);
            case YamlSequenceNode sequence when sequence.Tag.Value == "!Join":
                return Join(sequence, parameters);
            case YamlMappingNode map when map.Children.Count == 1:
                var (key, value) = map.Children.First();
                return ((YamlScalarNode)key).Value switch
                {
                    "Ref" => Scalar(value) is { } name ? Ref(name, parameters) : null,
                    "Fn::Sub" => Scalar(value) is { } text ? Sub(text, parameters) : null,
                    "Fn::Join" => value is YamlSequenceNode join ? Join(join, parameters) : null,
                    _ => null,
                };
            default:
                return null;
        }
    }

    private static string? Join(YamlSequenceNode join, YamlMappingNode? parameters)
    {
        if (join.Children.Count != 2 || Scalar(join.Children[0]) is not { } separator || join.Children[1] is not YamlSequenceNode parts)
        {
            return null;
        }

        var values = parts.Children.Select(p => Resolve(p, parameters)).ToList();
        return values.Exists(v => v is null) ? null : string.Join(separator, values);
    }

    private static string? Sub(string text, YamlMappingNode? parameters)
    {
        var failed = false;
        var result = SubVariable().Replace(text, m =>
        {
            var value = Ref(m.Groups[1].Value, parameters);
            failed |= value is null;
            return value ?? string.Empty;
        });
        return failed ? null : result;
    }

    private static string? Ref(string name, YamlMappingNode? parameters) => name switch
    {
        "AWS::Region" => SampleRegion,
        "AWS::AccountId" => ProtectedPrincipal.SampleAccount,
        "AWS::Partition" => "aws",
        _ => parameters is not null && Child(parameters, name) is YamlMappingNode parameter ? Scalar(Child(parameter, "Default")) : null,
    };

    private static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static string? Scalar(YamlNode? node) => node is YamlScalarNode scalar ? scalar.Value : null;

    [GeneratedRegex(@"\$\{([A-Za-z0-9:._]+)\}")]
    private static partial Regex SubVariable();
}
