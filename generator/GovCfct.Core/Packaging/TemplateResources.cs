using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace GovCfct.Core.Packaging;

/// <summary>
/// The resources of one type in a CloudFormation template the package holds (YAML or JSON): the one reading that
/// status and plan use (the key gives the logical id and its position) to find what the build declared (Control Tower controls, conformance packs, member stack sets).
/// A template that does not parse or has no <c>Resources</c> mapping yields nothing: validate reports it.
/// </summary>
public static class TemplateResources
{
    public static IEnumerable<(YamlNode Key, YamlMappingNode Resource)> OfType(string text, string resourceType)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Contains(resourceType, StringComparison.Ordinal))
        {
            return [];
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException)
        {
            return [];
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("Resources"), out var resourcesNode) || resourcesNode is not YamlMappingNode resources)
        {
            return [];
        }

        return resources.Children
            .Where(r => r.Value is YamlMappingNode resource && resource.Children.TryGetValue(new YamlScalarNode("Type"), out var type)
                && type is YamlScalarNode { Value: { } value } && value == resourceType)
            .Select(r => (r.Key, (YamlMappingNode)r.Value))
            .ToList();
    }
}
