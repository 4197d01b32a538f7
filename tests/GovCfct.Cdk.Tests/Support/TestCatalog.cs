using System.Collections.Immutable;
using GovCfct.Core.Catalog;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Rendering;
using YamlDotNet.RepresentationModel;

namespace GovCfct.Cdk.Tests.Support;

/// <summary>
/// Reads the repository's CDK control.yaml files into catalog records, so the tests synthesize exactly what the
/// catalog ships (a construct and its control.yaml drifting apart fails here).
/// </summary>
internal static class TestCatalog
{
    public static readonly string[] CdkControlIds =
    [
        "account-creation-hook",
        "cfct-template-change-alert",
        "example-cdk-bucket-policy-check",
        "security-alerts",
        "unannounced-operations",
        "unexpected-platform-access",
    ];

    public static string RepositoryRoot { get; } = FindRoot();

    public static RenderContext Context(string homeRegion = "ap-northeast-1", params string[] governed) => new(
        new OrganizationSettings(
            "government-cloud",
            homeRegion,
            governed.Length == 0 ? ["ap-northeast-1", "ap-northeast-3"] : [.. governed],
            "gc",
            PolicyLimits.DefaultScp,
            PolicyLimits.DefaultRcp,
            EnableStackSetDeletion: false,
            PlatformPrincipals.Default,
            new SourceLocation("manifest/organization.yaml", 1, 1)),
        ImmutableSortedDictionary<string, ParameterValue>.Empty,
        []);

    public static ControlDefinition Load(string id)
    {
        var file = Path.Combine(RepositoryRoot, "templates", id, "control.yaml");
        var stream = new YamlStream();
        using (var reader = new StreamReader(file))
        {
            stream.Load(reader);
        }

        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        string S(YamlMappingNode map, string key) => ((YamlScalarNode)map.Children[new YamlScalarNode(key)]).Value!;
        LocalizedText T(YamlMappingNode map, string key)
        {
            var text = (YamlMappingNode)map.Children[new YamlScalarNode(key)];
            return new LocalizedText(S(text, "ja"), S(text, "en"));
        }

        var parameters = ImmutableArray.CreateBuilder<ControlParameter>();
        foreach (var node in ((YamlSequenceNode)root.Children[new YamlScalarNode("parameters")]).Children.Cast<YamlMappingNode>())
        {
            var type = Enum.Parse<ParameterType>(S(node, "type"), ignoreCase: true);
            ParameterValue? value = null;
            if (node.Children.TryGetValue(new YamlScalarNode("default"), out var d))
            {
                value = d is YamlSequenceNode list
                    ? ParameterValue.OfList(list.Children.Select(i => ((YamlScalarNode)i).Value!))
                    : ParameterValue.Of(((YamlScalarNode)d).Value!);
            }

            var pattern = node.Children.TryGetValue(new YamlScalarNode("pattern"), out var p) ? ((YamlScalarNode)p).Value : null;
            var allowed = node.Children.TryGetValue(new YamlScalarNode("allowed_values"), out var a)
                ? ((YamlSequenceNode)a).Children.Select(i => ((YamlScalarNode)i).Value!).ToImmutableArray()
                : [];
            parameters.Add(new ControlParameter(S(node, "name"), type, value, T(node, "description"), pattern, allowed));
        }

        var regions = ((YamlSequenceNode)root.Children[new YamlScalarNode("regions")]).Children.Select(r => ((YamlScalarNode)r).Value!).ToImmutableArray();
        return new ControlDefinition(
            S(root, "id"),
            ControlKind.StackSet,
            S(root, "source") == "cdk" ? ControlSource.Cdk : ControlSource.Scriban,
            T(root, "title"),
            T(root, "description"),
            S(root, "seed"),
            parameters.ToImmutable(),
            regions,
            string.Empty,
            string.Empty,
            S(root, "cdk_construct"),
            new SourceLocation($"templates/{id}/control.yaml", 1, 1));
    }

    public static List<(ControlDefinition Control, RenderContext Context)> AllRequests() =>
        [.. CdkControlIds.Select(id => (Load(id), Context()))];

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GovCfct.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("GovCfct.sln not found above " + AppContext.BaseDirectory);
    }
}
