using GovCfct.Core.Yaml;
using YamlDotNet.RepresentationModel;

namespace GovCfct.Core.Packaging;

/// <summary>
/// The resources of one type in a CloudFormation template the package holds (YAML or JSON): the one reading that
/// status and plan use (the key gives the logical id and its position) to find what the build declared (Control Tower controls, conformance packs, member stack sets).
/// A template that does not parse or has no <c>Resources</c> mapping yields nothing: validate reports it.
/// </summary>
public static class TemplateResources
{
    public static IEnumerable<(YamlNode Key, YamlMappingNode Resource)> OfType(string text, string resourceType) =>
        TemplateYaml.ResourcesOfType(text, resourceType);
}
