using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Packaging;
using YamlDotNet.RepresentationModel;

namespace GovCfct.Core.Validation.Rules;

/// <summary>
/// Regions (names from the definition stage's <see cref="AwsRegions"/>): CfCT's schema accepts any string, so a misspelt region fails only at deploy time; regions must be
/// unique (schema <c>unique: True</c>) and, when the governed set is known, inside it; scp/rcp ignore regions.
/// One exception: us-east-1 for a stack set whose template holds only EventBridge rules and IAM roles. Events of
/// global services (IAM, Organizations, account management, sign-in) reach EventBridge only there, so forwarding them
/// needs rules in us-east-1 (docs/facts/landing-zone.md §4); CfCT deploys there as AWSControlTowerExecution, which the region
/// deny exempts (§2.4). A template that creates anything else there is still GCF2051.
/// </summary>
internal sealed class RegionRule : IValidationRule
{
    public IReadOnlyList<DiagnosticDescriptor> Codes { get; } =
        [DiagnosticCodes.RegionUnknown, DiagnosticCodes.RegionNotGoverned, DiagnosticCodes.RegionDuplicate, DiagnosticCodes.RegionsOnPolicy];

    public static bool IsKnown(string region) => AwsRegions.All.Contains(region);

    /// <summary>The region where EventBridge receives the events of global services (docs/facts/landing-zone.md §4).</summary>
    public const string GlobalEventsRegion = "us-east-1";

    /// <summary>What a stack set may create in <see cref="GlobalEventsRegion"/> outside the governed regions: forwarding only.</summary>
    public static readonly IReadOnlySet<string> ForwardingResourceTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "AWS::Events::Rule",
        "AWS::IAM::Role",
        "AWS::IAM::Policy",
    };

    public void Check(PackageContext context, DiagnosticBag diagnostics)
    {
        var governed = context.Options.Settings.GovernedRegions.ToHashSet(StringComparer.Ordinal);
        if (context.Manifest.Root is { } root && ManifestReadResult.Child(root, "region") is YamlScalarNode home && !string.IsNullOrEmpty(home.Value))
        {
            CheckRegion(context, home, "the home region", governed, diagnostics);
        }

        foreach (var node in context.Manifest.Resources)
        {
            if (node.Child("regions") is not YamlSequenceNode regions)
            {
                continue;
            }

            if (node.Resource is { DeployMethod: not DeployMethod.StackSet } && regions.Children.Count > 0)
            {
                diagnostics.Report(DiagnosticCodes.RegionsOnPolicy, "regions are ignored for scp and rcp resources (policies are global)", context.Manifest.At(regions), "remove them");
                continue;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var region in regions.Children.OfType<YamlScalarNode>())
            {
                var name = region.Value ?? string.Empty;
                if (!seen.Add(name))
                {
                    diagnostics.Report(DiagnosticCodes.RegionDuplicate, $"region '{name}' is listed twice; CfCT's schema requires unique regions", context.Manifest.At(region), "remove the duplicate");
                    continue;
                }

                if (name == GlobalEventsRegion && node.Resource is { } resource && OnlyForwards(context, resource))
                {
                    continue;
                }

                CheckRegion(context, region, "region", governed, diagnostics);
            }
        }
    }

    private static bool OnlyForwards(PackageContext context, ManifestResource resource) =>
        context.Template(resource.ResourceFile) is { IsTemplate: true, ResourceTypes: { IsEmpty: false } types }
        && types.All(ForwardingResourceTypes.Contains);

    private static void CheckRegion(PackageContext context, YamlScalarNode region, string what, HashSet<string> governed, DiagnosticBag diagnostics)
    {
        var name = region.Value ?? string.Empty;
        if (!IsKnown(name))
        {
            var close = AwsRegions.All.Order(StringComparer.Ordinal).Where(r => string.Equals(r, name.Trim(), StringComparison.OrdinalIgnoreCase)).FirstOrDefault();
            diagnostics.Report(DiagnosticCodes.RegionUnknown, $"{what} '{name}' is not an AWS Region", context.Manifest.At(region), close is null ? "use a Region code such as ap-northeast-1" : $"write '{close}'");
        }
        else if (governed.Count > 0 && !governed.Contains(name))
        {
            diagnostics.Report(DiagnosticCodes.RegionNotGoverned, $"{what} '{name}' is outside the governed regions ({string.Join(", ", governed.Order(StringComparer.Ordinal))})", context.Manifest.At(region), "deploy only to governed regions, or add the region to the definition's governed_regions");
        }
    }
}
