using System.Collections.Immutable;
using System.Text;
using GovCfct.Core.Cfct;
using YamlDotNet.RepresentationModel;

namespace GovCfct.Core.Packaging;

/// <summary>
/// An organization conformance pack of detective controls the package deploys: its name, the regions it is deployed
/// in, the accounts it excludes, and its scope as OU paths (an OU's nearest listed ancestor-or-self decides whether
/// its accounts must have the pack; an OU under none is out of scope).
/// </summary>
public sealed record ExpectedPack(
    string Name,
    ImmutableArray<string> Regions,
    ImmutableArray<string> Controls,
    ImmutableHashSet<string> ExcludedAccounts,
    ImmutableHashSet<string> InScopeOus,
    ImmutableHashSet<string> OutOfScopeOus)
{
    /// <summary>True when accounts directly in the OU at <paramref name="ouPath"/> (CfCT form, empty for the root) are in scope.</summary>
    public bool InScope(string ouPath)
    {
        for (var path = ouPath; path.Length > 0; path = path.LastIndexOf(':') is var colon and > 0 ? path[..colon] : string.Empty)
        {
            if (InScopeOus.Contains(path))
            {
                return true;
            }

            if (OutOfScopeOus.Contains(path))
            {
                return false;
            }
        }

        return false;
    }
}

/// <summary>
/// Finds the organization conformance packs a built package deploys: every <c>AWS::Config::OrganizationConformancePack</c>
/// with its <c>Metadata.GovCfct</c> scope (written by the build) and the regions of the manifest resource that deploys
/// it. Resources the build did not write (no metadata) are left out: status cannot tell whom they should reach.
/// </summary>
public static class ExpectedPacks
{
    public const string ResourceType = "AWS::Config::OrganizationConformancePack";

    public static ImmutableArray<ExpectedPack> Read(CfctPackage package)
    {
        ArgumentNullException.ThrowIfNull(package);
        var result = new SortedDictionary<string, ExpectedPack>(StringComparer.Ordinal);
        foreach (var resource in package.Manifest.Resources.Where(r => r.DeployMethod == DeployMethod.StackSet && r.ResourceFile is not null))
        {
            if (!package.Files.TryGetValue(resource.ResourceFile!, out var bytes))
            {
                continue;
            }

            var text = Encoding.UTF8.GetString(bytes);
            foreach (var (_, node) in TemplateResources.OfType(text, ResourceType))
            {
                if (Child(node, "Properties") is not YamlMappingNode properties || Scalar(properties, "OrganizationConformancePackName") is not { } name
                    || Child(node, "Metadata") is not YamlMappingNode metadata || Child(metadata, "GovCfct") is not YamlMappingNode gov)
                {
                    continue;
                }

                var regions = List(gov, "Regions");
                var pack = new ExpectedPack(
                    name,
                    regions.IsEmpty ? [.. resource.Regions] : regions,
                    List(gov, "Controls"),
                    [.. List(properties, "ExcludedAccounts")],
                    [.. List(gov, "InScopeOus")],
                    [.. List(gov, "OutOfScopeOus")]);
                result[name] = result.TryGetValue(name, out var other) ? other with { Regions = [.. other.Regions.Concat(pack.Regions).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)] } : pack;
            }
        }

        return [.. result.Values];
    }

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static string? Scalar(YamlMappingNode node, string key) =>
        Child(node, key) is YamlScalarNode { Tag.IsEmpty: true } scalar ? scalar.Value : null;

    private static ImmutableArray<string> List(YamlMappingNode node, string key) =>
        Child(node, key) is YamlSequenceNode sequence ? [.. sequence.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? string.Empty)] : [];
}
