using System.Collections.Immutable;
using System.Text;
using GovCfct.Core.Cfct;
using YamlDotNet.RepresentationModel;

namespace GovCfct.Core.Packaging;

/// <summary>
/// A service-managed member stack set the package declares: its stack set name (ours, no CfCT prefix), its control,
/// the OU ids (or root id) it targets and the regions of its instances.
/// </summary>
public sealed record ExpectedMemberStackSet(string Name, string ControlId, ImmutableArray<string> TargetOuIds, ImmutableArray<string> Regions, string Template);

/// <summary>
/// Finds the service-managed stack sets a built package declares: every <c>AWS::CloudFormation::StackSet</c> with
/// <c>PermissionModel: SERVICE_MANAGED</c> in its templates (the management-account stack renders them with a literal
/// name, OU ids and regions). StackSets' automatic deployment reaches every account below those OUs, so status expects
/// an instance for each of them, whatever CfCT's manifest lists.
/// </summary>
public static class ExpectedMemberStackSets
{
    public const string ResourceType = "AWS::CloudFormation::StackSet";

    public static ImmutableArray<ExpectedMemberStackSet> Read(CfctPackage package)
    {
        ArgumentNullException.ThrowIfNull(package);
        var result = new SortedDictionary<string, ExpectedMemberStackSet>(StringComparer.Ordinal);
        foreach (var (path, bytes) in package.Files)
        {
            if (!path.StartsWith("templates/", StringComparison.Ordinal))
            {
                continue;
            }

            var text = Encoding.UTF8.GetString(bytes);
            if (!text.Contains("SERVICE_MANAGED", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var (_, resource) in TemplateResources.OfType(text, ResourceType))
            {
                if (Child(resource, "Properties") is not YamlMappingNode properties
                    || Scalar(properties, "PermissionModel") != "SERVICE_MANAGED" || Scalar(properties, "StackSetName") is not { } name)
                {
                    continue;
                }

                var control = Child(resource, "Metadata") is YamlMappingNode metadata && Child(metadata, "GovCfct") is YamlMappingNode ours && Scalar(ours, "Control") is { } id ? id : name;
                var ous = new List<string>();
                var regions = new List<string>();
                foreach (var group in (Child(properties, "StackInstancesGroup") as YamlSequenceNode)?.Children.OfType<YamlMappingNode>() ?? [])
                {
                    if (Child(group, "DeploymentTargets") is YamlMappingNode targets && Child(targets, "OrganizationalUnitIds") is YamlSequenceNode ids)
                    {
                        ous.AddRange(ids.Children.OfType<YamlScalarNode>().Select(s => s.Value!).Where(v => !string.IsNullOrEmpty(v)));
                    }

                    if (Child(group, "Regions") is YamlSequenceNode list)
                    {
                        regions.AddRange(list.Children.OfType<YamlScalarNode>().Select(s => s.Value!).Where(v => !string.IsNullOrEmpty(v)));
                    }
                }

                result[name] = new ExpectedMemberStackSet(
                    name,
                    control,
                    [.. ous.Distinct(StringComparer.Ordinal)],
                    [.. regions.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
                    path);
            }
        }

        return [.. result.Values];
    }

    private static YamlNode? Child(YamlMappingNode node, string key) => node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static string? Scalar(YamlMappingNode node, string key) =>
        Child(node, key) is YamlScalarNode { Tag.IsEmpty: true } scalar ? scalar.Value : null;
}
