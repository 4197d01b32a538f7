using System.Collections.Immutable;
using System.Text;
using GovCfct.Core.Cfct;
using GovCfct.Core.Packaging;

namespace GovCfct.Core.Status;

/// <summary>
/// The deployed state as plan's "before": one stack set resource per <c>CustomControlTower-*</c> stack set with the
/// template body and parameters DescribeStackSet returned, and the instances that really exist. Policies are not
/// in it: plan reads their attachments from the organization snapshot, which is already the deployed truth.
/// </summary>
public static class DeployedPackage
{
    private const string Prefix = "CustomControlTower-";

    public static (CfctPackage Package, IReadOnlyDictionary<string, ImmutableArray<(string Account, string Region)>> Instances) From(DeployedState state, string homeRegion)
    {
        ArgumentNullException.ThrowIfNull(state);
        var resources = ImmutableArray.CreateBuilder<ManifestResource>();
        var files = ImmutableSortedDictionary.CreateBuilder<string, byte[]>(StringComparer.Ordinal);
        var instances = new Dictionary<string, ImmutableArray<(string, string)>>(StringComparer.Ordinal);
        foreach (var set in state.StackSets.Where(s => s.Status != "DELETED" && s.Name.StartsWith(Prefix, StringComparison.Ordinal)).OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            var name = set.Name[Prefix.Length..];
            var file = $"templates/deployed/{name}.template";
            files[file] = Encoding.UTF8.GetBytes(set.TemplateBody ?? string.Empty);
            resources.Add(new ManifestResource(
                name,
                "deployed stack set " + set.Name,
                file,
                DeployMethod.StackSet,
                set.Parameters.IsDefault ? [] : set.Parameters,
                null,
                [],
                [],
                [.. set.Instances.Select(i => i.Region).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
                [],
                []));
            instances[name] = [.. set.Instances.Select(i => (i.Account, i.Region))];
        }

        var manifest = new CfctManifest(homeRegion, null, resources.ToImmutable());
        files[CfctPackage.ManifestFileName] = [];
        return (new CfctPackage(manifest, files.ToImmutable()), instances);
    }
}
