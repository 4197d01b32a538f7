using System.Collections.Immutable;
using System.Text.RegularExpressions;
using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Packaging;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using GovCfct.Core.Yaml;

namespace GovCfct.Core.Validation.Rules;

/// <summary>
/// What a real Control Tower landing zone (3.x+) refuses although moto and cfn-lint accept it (docs/facts/landing-zone.md):
/// metric filters on the organization trail's log group in member accounts (it exists only in the management account,
/// §3); GuardDuty detectors, Security Hub hubs and Config recorders in member-account stack sets (the delegated
/// administrator and Control Tower own them, §5); <c>AWS::ControlTower::EnabledControl</c> outside the management
/// account (§1.1); resources named like Control Tower's own, which only it may create (§2.3); and e-mail subscriptions
/// in stack sets with many instances, which expire unconfirmed after 48 hours (§6). Works on any CfCT package.
/// </summary>
internal sealed partial class LandingZoneRule : IValidationRule
{
    /// <summary>More stack instances than this with an e-mail subscription each means confirmations nobody makes.</summary>
    public const int MaxEmailInstances = 5;

    private const string TrailLogGroup = "aws-controltower/CloudTrailLogs";

    private static readonly HashSet<string> MemberForbidden = new(StringComparer.Ordinal)
    {
        "AWS::GuardDuty::Detector", "AWS::SecurityHub::Hub", "AWS::Config::ConfigurationRecorder",
    };

    // The property that names what each resource type creates.
    private static readonly Dictionary<string, string> NameProperties = new(StringComparer.Ordinal)
    {
        ["AWS::IAM::Role"] = "RoleName",
        ["AWS::IAM::Policy"] = "PolicyName",
        ["AWS::IAM::ManagedPolicy"] = "ManagedPolicyName",
        ["AWS::SNS::Topic"] = "TopicName",
        ["AWS::Events::Rule"] = "Name",
        ["AWS::Lambda::Function"] = "FunctionName",
        ["AWS::Logs::LogGroup"] = "LogGroupName",
        ["AWS::Config::ConfigRule"] = "ConfigRuleName",
        ["AWS::S3::Bucket"] = "BucketName",
        ["AWS::CloudTrail::Trail"] = "TrailName",
    };

    public IReadOnlyList<DiagnosticDescriptor> Codes { get; } =
    [
        DiagnosticCodes.MemberMetricFilterOnTrail, DiagnosticCodes.MemberSecurityServiceResource,
        DiagnosticCodes.EnabledControlOutsideManagement, DiagnosticCodes.ControlTowerReservedName,
        DiagnosticCodes.EmailSubscriptionAtScale,
    ];

    public void Check(PackageContext context, DiagnosticBag diagnostics)
    {
        var management = context.Organization?.ManagementAccountId;
        foreach (var resource in context.Manifest.Manifest?.Resources ?? [])
        {
            if (resource.DeployMethod != DeployMethod.StackSet || PackageContext.IsRemote(resource.ResourceFile) || context.ReadText(resource.ResourceFile) is not { } text
                || Load(text) is not { } root || root.Children.TryGetValue(new YamlScalarNode("Resources"), out var node) is false || node is not YamlMappingNode resources)
            {
                continue;
            }

            var file = resource.ResourceFile;
            var toMembers = !resource.OrganizationalUnits.IsEmpty || resource.Accounts.Any(a => management is not null && a != management);
            var instances = (resource.Accounts.Length + AccountsIn(context, resource)) * Math.Max(1, context.StackSetRegions(resource).Count());
            CheckResources(context, resource, file, root, resources, toMembers, instances, management, null, diagnostics);

            // Service-managed member stack sets embedded in a management-account stack: their templates run in member
            // accounts (every account below the targets), so the member rules apply to them as to a stack set over OUs.
            foreach (var (logicalId, body) in resources.Children)
            {
                if (body is not YamlMappingNode stackSet || Scalar(stackSet, "Type") != "AWS::CloudFormation::StackSet"
                    || !stackSet.Children.TryGetValue(new YamlScalarNode("Properties"), out var p) || p is not YamlMappingNode properties
                    || Scalar(properties, "PermissionModel") != "SERVICE_MANAGED" || Scalar(properties, "TemplateBody") is not { } memberText
                    || Load(memberText) is not { } memberRoot || !memberRoot.Children.TryGetValue(new YamlScalarNode("Resources"), out var memberNode) || memberNode is not YamlMappingNode memberResources)
                {
                    continue;
                }

                var groups = properties.Children.TryGetValue(new YamlScalarNode("StackInstancesGroup"), out var g) && g is YamlSequenceNode list ? list.Children.OfType<YamlMappingNode>().ToList() : [];
                var ous = groups.SelectMany(x => x.Children.TryGetValue(new YamlScalarNode("DeploymentTargets"), out var t) && t is YamlMappingNode targets
                    && targets.Children.TryGetValue(new YamlScalarNode("OrganizationalUnitIds"), out var ids) && ids is YamlSequenceNode idList ? idList.Children.Select(i => i.ToString()) : []).ToList();
                var regions = groups.SelectMany(x => x.Children.TryGetValue(new YamlScalarNode("Regions"), out var r) && r is YamlSequenceNode rs ? rs.Children.Select(i => i.ToString()) : []).Distinct(StringComparer.Ordinal).ToList();
                var parameters = properties.Children.TryGetValue(new YamlScalarNode("Parameters"), out var ps) && ps is YamlSequenceNode pl
                    ? pl.Children.OfType<YamlMappingNode>().Select(m => new ManifestParameter(Scalar(m, "ParameterKey") ?? string.Empty, Scalar(m, "ParameterValue") ?? string.Empty)).ToImmutableArray()
                    : [];
                var member = new ManifestResource(Scalar(properties, "StackSetName") ?? logicalId.ToString(), null, file, DeployMethod.StackSet, parameters, null, [.. ous.Count == 0 ? ["(service-managed)"] : ous], [], [.. regions], [], []);
                var at = context.At(file, (int)logicalId.Start.Line, (int)logicalId.Start.Column);
                CheckResources(context, member, file, memberRoot, memberResources, true, Math.Max(1, ous.Count) * Math.Max(1, regions.Count), management, at, diagnostics);
            }
        }
    }

    private static void CheckResources(PackageContext context, ManifestResource resource, string file, YamlMappingNode root, YamlMappingNode resources, bool toMembers, int instances, string? management, SourceLocation? embeddedAt, DiagnosticBag diagnostics)
    {
        foreach (var (key, value) in resources.Children)
        {
            if (value is not YamlMappingNode body || Scalar(body, "Type") is not { } type)
            {
                continue;
            }

            var logical = key.ToString();
            var at = embeddedAt ?? context.At(file, (int)key.Start.Line, (int)key.Start.Column);
            var properties = body.Children.TryGetValue(new YamlScalarNode("Properties"), out var p) ? p as YamlMappingNode : null;
            if (type == "AWS::Logs::MetricFilter" && toMembers && properties is not null
                && Resolve(properties, "LogGroupName", root, resource) is { } group && group.StartsWith(TrailLogGroup, StringComparison.Ordinal))
            {
                diagnostics.Report(DiagnosticCodes.MemberMetricFilterOnTrail, $"'{logical}' puts a metric filter on '{group}' in the member accounts of stack set '{resource.Name}'; since landing zone 3.0 that log group exists only in the management account, so every instance fails", at, "put the metric filter in one stack for the management account (home region), or forward events with EventBridge (docs/landing-zone.md)");
            }

            if (MemberForbidden.Contains(type) && !resource.OrganizationalUnits.IsEmpty)
            {
                diagnostics.Report(DiagnosticCodes.MemberSecurityServiceResource, $"'{logical}' ({type}) in stack set '{resource.Name}', which targets member OUs: the delegated administrator or Control Tower already owns it there, and the stack fails (e.g. 'a detector already exists')", at, "configure GuardDuty and Security Hub organization-wide from the audit account; Control Tower owns the Config recorder");
            }

            if (type == "AWS::ControlTower::EnabledControl" && (!resource.OrganizationalUnits.IsEmpty || resource.Accounts.Length != 1 || (management is not null && resource.Accounts[0] != management)))
            {
                diagnostics.Report(DiagnosticCodes.EnabledControlOutsideManagement, $"'{logical}' enables a Control Tower control from stack set '{resource.Name}', which targets {(resource.OrganizationalUnits.IsEmpty ? "accounts other than the management account alone" : "OUs")}; Control Tower accepts it only from the management account", at, "deploy Control Tower controls in one stack set that targets only the management account, home region");
            }

            if (properties is not null && NameProperties.TryGetValue(type, out var nameProperty) && Resolve(properties, nameProperty, root, resource) is { } name && IsControlTowerName(name))
            {
                diagnostics.Report(DiagnosticCodes.ControlTowerReservedName, $"'{logical}' creates {type} '{name}', a name Control Tower reserves: its mandatory controls deny creating it to anyone but AWSControlTowerExecution", at, "name it with your own prefix (<prefix>-<control>-<what>)");
            }

            if (instances > MaxEmailInstances && properties is not null && HasEmail(type, properties))
            {
                var scale = $"at least {instances} stack instances";
                diagnostics.Report(DiagnosticCodes.EmailSubscriptionAtScale, $"'{logical}' subscribes an e-mail address in {scale} of stack set '{resource.Name}'; each needs a human to confirm it within 48 hours or SNS deletes it, and new accounts are never confirmed", at, "send alerts to one topic in the audit account with one confirmed subscription (docs/landing-zone.md)");
            }
        }
    }

    /// <summary>
    /// Accounts the stack set's OUs hold: counted in the org snapshot when there is one, otherwise one per OU (a lower
    /// bound: every listed OU is there to reach at least one account).
    /// </summary>
    private static int AccountsIn(PackageContext context, ManifestResource resource)
    {
        if (context.Organization is not { } org)
        {
            return resource.OrganizationalUnits.Length;
        }

        var ids = resource.OrganizationalUnits
            .Select(path => path == "Root" ? org.RootId : org.OrganizationalUnits.FirstOrDefault(o => o.Path == path)?.Id)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        return org.Accounts.Count(a => a.Status == "ACTIVE" && ids.Contains(a.ParentId));
    }

    /// <summary>Names Control Tower's mandatory controls protect: aws-controltower-* and *AWSControlTower* (docs/facts/landing-zone.md §2.3).</summary>
    public static bool IsControlTowerName(string name) =>
        name.StartsWith("aws-controltower", StringComparison.OrdinalIgnoreCase) || name.Contains("AWSControlTower", StringComparison.Ordinal);

    private static bool HasEmail(string type, YamlMappingNode properties) => type switch
    {
        "AWS::SNS::Subscription" => string.Equals(Scalar(properties, "Protocol"), "email", StringComparison.OrdinalIgnoreCase) || string.Equals(Scalar(properties, "Protocol"), "email-json", StringComparison.OrdinalIgnoreCase),
        "AWS::SNS::Topic" => properties.Children.TryGetValue(new YamlScalarNode("Subscription"), out var s) && s is YamlSequenceNode list
            && list.Children.OfType<YamlMappingNode>().Any(m => Scalar(m, "Protocol") is { } protocol && protocol.StartsWith("email", StringComparison.OrdinalIgnoreCase)),
        _ => false,
    };

    /// <summary>A property's literal value, or the value a <c>Ref</c>/<c>!Ref</c> to a parameter takes (manifest value, else the default).</summary>
    private static string? Resolve(YamlMappingNode properties, string name, YamlMappingNode root, ManifestResource resource)
    {
        if (!properties.Children.TryGetValue(new YamlScalarNode(name), out var value))
        {
            return null;
        }

        string? parameter = value switch
        {
            YamlScalarNode { Tag.IsEmpty: false } tagged when tagged.Tag.Value is "!Ref" => tagged.Value,
            YamlMappingNode { Children.Count: 1 } map when map.Children.First().Key.ToString() == "Ref" => map.Children.First().Value.ToString(),
            _ => null,
        };
        if (parameter is null)
        {
            return value is YamlScalarNode plain ? plain.Value : null;
        }

        if (resource.Parameters.FirstOrDefault(p => p.Key == parameter) is { } given)
        {
            return given.Value;
        }

        return root.Children.TryGetValue(new YamlScalarNode("Parameters"), out var parameters) && parameters is YamlMappingNode declared
            && declared.Children.TryGetValue(new YamlScalarNode(parameter), out var definition) && definition is YamlMappingNode body
            ? Scalar(body, "Default")
            : null;
    }

    private static string? Scalar(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode scalar ? scalar.Value : null;

    // TemplateRule reports templates that do not parse.
    private static YamlMappingNode? Load(string text) => TemplateYaml.Read(text).Root;
}
