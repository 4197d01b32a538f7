using System.Collections.Immutable;
using System.Text;
using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Packaging;
using YamlDotNet.RepresentationModel;

namespace GovCfct.Core.Status;

/// <summary>A Control Tower control the package enables: control ARN on an OU (id taken from the OU ARN).</summary>
public sealed record ExpectedControl(string ControlIdentifier, string TargetIdentifier, string OuId, string Template);

/// <summary>
/// Finds the Control Tower controls a built package enables: every <c>AWS::ControlTower::EnabledControl</c> resource
/// in its templates (the management-account stack renders them with literal ControlIdentifier and TargetIdentifier =
/// OU ARN, docs/facts/landing-zone.md §1.1). Reading the package rather
/// than the catalog keeps status right whatever the catalog holds.
/// </summary>
public static class ExpectedControls
{
    public const string ResourceType = "AWS::ControlTower::EnabledControl";

    public static ImmutableArray<ExpectedControl> Read(CfctPackage package, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var result = new SortedDictionary<(string, string), ExpectedControl>();
        foreach (var (path, bytes) in package.Files)
        {
            if (!path.StartsWith("templates/", StringComparison.Ordinal))
            {
                continue;
            }

            var text = Encoding.UTF8.GetString(bytes);
            foreach (var (key, resource) in TemplateResources.OfType(text, ResourceType))
            {
                var properties = resource.Children.TryGetValue(new YamlScalarNode("Properties"), out var p) ? p as YamlMappingNode : null;
                var control = properties is null ? null : Scalar(properties, "ControlIdentifier");
                var target = properties is null ? null : Scalar(properties, "TargetIdentifier");
                var ouId = target is null ? null : OuIdOf(target);
                if (control is null || target is null || ouId is null)
                {
                    diagnostics.Report(
                        DiagnosticCodes.StatusControlNotLiteral,
                        $"{ResourceType} '{key}' has no literal ControlIdentifier and OU ARN TargetIdentifier; status cannot tell which OU must have it",
                        new SourceLocation(path, (int)key.Start.Line, (int)key.Start.Column),
                        "render the control ARN and the OU ARN as plain strings (the org lock file has the OU ids)");
                    continue;
                }

                result[(control, ouId)] = new ExpectedControl(control, target, ouId, path);
            }
        }

        return [.. result.Values];
    }

    /// <summary>The OU id at the end of an OU ARN (<c>arn:aws:organizations::111:ou/o-x/ou-ab12-cd34</c>).</summary>
    public static string? OuIdOf(string arn)
    {
        var slash = arn.LastIndexOf('/');
        var id = slash < 0 ? arn : arn[(slash + 1)..];
        return id.StartsWith("ou-", StringComparison.Ordinal) || id.StartsWith("r-", StringComparison.Ordinal) ? id : null;
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode { Tag.IsEmpty: true } scalar ? scalar.Value : null;
}
