using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace GovCfct.Core.Yaml;

/// <summary>
/// One CloudFormation template as YamlDotNet reads it: every document's root, or the error that stopped reading.
/// <see cref="Root"/> is the single document's mapping; <see cref="First"/> the first document's.
/// </summary>
public sealed record TemplateDocument(IReadOnlyList<YamlNode> Documents, YamlException? Error)
{
    /// <summary>The root mapping when the text is exactly one document whose root is a mapping; otherwise null.</summary>
    public YamlMappingNode? Root => Documents.Count == 1 ? Documents[0] as YamlMappingNode : null;

    /// <summary>The first document's root mapping, if any.</summary>
    public YamlMappingNode? First => Documents.Count > 0 ? Documents[0] as YamlMappingNode : null;
}

/// <summary>
/// The one reader of CloudFormation templates (YAML with short-form tags such as <c>!Ref</c> kept as tags, or JSON),
/// in the YAML namespace so that every stage may use it: the renderer's shape check, the alert-protection check, the
/// packager's and planner's readings of what a template declares, and validation. Unlike <see cref="StrictYaml"/> it
/// judges nothing: a template that does not parse is reported by whoever needs it parsed (validate's template rule).
/// </summary>
public static class TemplateYaml
{
    /// <summary>Reads <paramref name="text"/>; never throws for bad YAML (the error is in the result).</summary>
    public static TemplateDocument Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            return new TemplateDocument([], ex);
        }

        return new TemplateDocument([.. stream.Documents.Select(d => d.RootNode)], null);
    }

    /// <summary>Reads UTF-8 bytes as <see cref="Read(string)"/>.</summary>
    public static TemplateDocument Read(byte[] utf8)
    {
        ArgumentNullException.ThrowIfNull(utf8);
        return Read(Encoding.UTF8.GetString(utf8));
    }

    /// <summary>The value of <paramref name="key"/> in <paramref name="mapping"/>, or null.</summary>
    public static YamlNode? Child(YamlMappingNode mapping, string key)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        return mapping.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;
    }

    /// <summary>
    /// The resources of <paramref name="resourceType"/> in the template's <c>Resources</c> mapping (the key gives the
    /// logical id and its position); nothing when the text does not parse or has no such mapping.
    /// </summary>
    public static IEnumerable<(YamlNode Key, YamlMappingNode Resource)> ResourcesOfType(string text, string resourceType)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Contains(resourceType, StringComparison.Ordinal)
            || Read(text).First is not { } root
            || Child(root, "Resources") is not YamlMappingNode resources)
        {
            return [];
        }

        return resources.Children
            .Where(r => r.Value is YamlMappingNode resource && Child(resource, "Type") is YamlScalarNode { Value: { } value } && value == resourceType)
            .Select(r => (r.Key, (YamlMappingNode)r.Value))
            .ToList();
    }
}
