using System.Collections.Immutable;
using GovCfct.Core.Cfct;
using GovCfct.Core.Packaging;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using GovCfct.Core.Yaml;

namespace GovCfct.Core.Planning;

/// <summary>One Control Tower control enabled on one OU by a package (read from its EnabledControl resources).</summary>
public sealed record EnabledCtControl(string Identifier, string Name, bool Preventive, string OuId);

/// <summary>
/// Control Tower controls of one OU: enabled on it, inherited from an ancestor (preventive controls only, docs/facts/landing-zone.md
/// §1.5), and removed by this package (enabled by the previous package, no longer).
/// </summary>
public sealed record CtOuControls(
    string OuId,
    string OuPath,
    int Accounts,
    ImmutableArray<string> Enabled,
    ImmutableArray<string> Inherited,
    ImmutableArray<string> Removed);

/// <summary>Reads the <c>AWS::ControlTower::EnabledControl</c> resources of a package's stack-set templates.</summary>
public static class CtControlReader
{
    /// <summary>Every enabled control with its target OU id; names come from the resources' GovCfct metadata when present.</summary>
    public static ImmutableArray<EnabledCtControl> Read(CfctPackage package)
    {
        ArgumentNullException.ThrowIfNull(package);
        var result = ImmutableArray.CreateBuilder<EnabledCtControl>();
        foreach (var resource in package.Manifest.Resources.Where(r => r.DeployMethod == DeployMethod.StackSet))
        {
            if (!package.Files.TryGetValue(resource.ResourceFile, out var bytes) || Load(bytes) is not { } root
                || !root.Children.TryGetValue(new YamlScalarNode("Resources"), out var node) || node is not YamlMappingNode resources)
            {
                continue;
            }

            foreach (var body in resources.Children.Values.OfType<YamlMappingNode>())
            {
                if (Scalar(body, "Type") != "AWS::ControlTower::EnabledControl" || !body.Children.TryGetValue(new YamlScalarNode("Properties"), out var p) || p is not YamlMappingNode properties
                    || Scalar(properties, "ControlIdentifier") is not { } identifier || Scalar(properties, "TargetIdentifier") is not { } target)
                {
                    continue;
                }

                var meta = body.Children.TryGetValue(new YamlScalarNode("Metadata"), out var m) && m is YamlMappingNode metadata
                    && metadata.Children.TryGetValue(new YamlScalarNode("GovCfct"), out var g) && g is YamlMappingNode ours ? ours : null;
                var name = (meta is null ? null : Scalar(meta, "Control")) ?? identifier;
                var preventive = meta is not null && Scalar(meta, "Behavior") == "preventive";
                result.Add(new EnabledCtControl(identifier, name, preventive, target[(target.LastIndexOf('/') + 1)..]));
            }
        }

        return result.ToImmutable();
    }

    private static string? Scalar(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode scalar ? scalar.Value : null;

    // Unreadable templates are validate's to report; the plan shows what it can read.
    private static YamlMappingNode? Load(byte[] bytes) => TemplateYaml.Read(bytes).Root;
}
