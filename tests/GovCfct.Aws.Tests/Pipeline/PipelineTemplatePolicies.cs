using System.Text.Json.Nodes;
using GovCfct.Core.Scaffolding;
using YamlDotNet.RepresentationModel;

namespace GovCfct.Aws.Tests.Pipeline;

/// <summary>
/// The IAM policies of the rendered <c>govcfct pipeline template</c> as IAM would hold them once deployed as stack
/// "governance" in account 111122223333, ap-northeast-1, with CodeArtifact configured (so every conditional statement is
/// present): <c>!Sub</c>, <c>Fn::Sub</c>, <c>!GetAtt</c> and <c>!If</c> resolved, <c>AWS::NoValue</c> dropped.
/// </summary>
internal static class PipelineTemplatePolicies
{
    public const string Account = "111122223333";
    public const string ArtifactBucketArn = "arn:aws:s3:::governance-artifactbucket-0123456789ab";

    private static readonly Dictionary<string, string> Values = new(StringComparer.Ordinal)
    {
        ["AWS::Partition"] = "aws",
        ["AWS::Region"] = "ap-northeast-1",
        ["AWS::AccountId"] = Account,
        ["AWS::StackName"] = "governance",
        ["CfctRepositoryName"] = "custom-control-tower-configuration",
        ["CfctBranch"] = "main",
        ["GovernanceRepositoryName"] = "my-governance",
        ["CodeArtifactDomain"] = "tools",
        ["CodeArtifactRepository"] = "govcfct",
        ["ArtifactBucket.Arn"] = ArtifactBucketArn,
        ["BuildLogGroup.Arn"] = "arn:aws:logs:ap-northeast-1:111122223333:log-group:/aws/codebuild/governance-govcfct",
        ["MergeLogGroup.Arn"] = "arn:aws:logs:ap-northeast-1:111122223333:log-group:/aws/codebuild/governance-govcfct-merge",
    };

    /// <summary>The role's inline policies, in template order.</summary>
    public static IReadOnlyList<string> InlinePolicies(string role) =>
        [.. ((YamlSequenceNode)Node(Resources(), role, "Properties", "Policies")).Children
            .Select(Resolve).OfType<JsonObject>().Select(p => p["PolicyDocument"]!.ToJsonString())];

    /// <summary>The document of a managed policy of the template (a permissions boundary).</summary>
    public static string ManagedPolicy(string name) => Resolve(Node(Resources(), name, "Properties", "PolicyDocument"))!.ToJsonString();

    /// <summary>The logical id of the managed policy a role names as its permissions boundary, or null.</summary>
    public static string? BoundaryOf(string role) =>
        ((YamlMappingNode)Node(Resources(), role, "Properties")).Children.TryGetValue(new YamlScalarNode("PermissionsBoundary"), out var boundary)
            ? ((YamlScalarNode)boundary).Value
            : null;

    private static YamlNode Resources()
    {
        var template = new YamlStream();
        template.Load(new StringReader(GovernancePipelineTemplate.Render("1.0.0")));
        return Node(template.Documents[0].RootNode, "Resources");
    }

    private static YamlNode Node(YamlNode root, params string[] path) => path.Aggregate(root, (node, key) => ((YamlMappingNode)node)[key]);

    private static JsonNode? Resolve(YamlNode node)
    {
        var tag = node.Tag.IsEmpty || node.Tag.IsNonSpecific ? null : node.Tag.Value;
        switch (node)
        {
            case YamlScalarNode scalar when tag == "!Sub":
                return JsonValue.Create(Substitute(scalar.Value!));
            case YamlScalarNode scalar when tag == "!GetAtt":
                return JsonValue.Create(Values[scalar.Value!]);
            case YamlScalarNode scalar when tag == "!Ref":
                return scalar.Value == "AWS::NoValue" ? null : JsonValue.Create(Values.GetValueOrDefault(scalar.Value!, scalar.Value!));
            case YamlScalarNode scalar:
                return JsonValue.Create(scalar.Value);
            case YamlSequenceNode list when tag == "!If":
                return ((YamlScalarNode)list.Children[0]).Value == "UseCodeArtifact" ? Resolve(list.Children[1]) : throw new NotSupportedException("condition " + list.Children[0]);
            case YamlSequenceNode list:
                return new JsonArray([.. list.Children.Select(Resolve).Where(n => n is not null)]);
            case YamlMappingNode map when map.Children.Count == 1 && ((YamlScalarNode)map.Children.Keys.Single()).Value == "Fn::Sub":
                return JsonValue.Create(Substitute(((YamlScalarNode)map.Children.Values.Single()).Value!));
            case YamlMappingNode map:
                return new JsonObject(map.Children.Select(p => KeyValuePair.Create(((YamlScalarNode)p.Key).Value!, Resolve(p.Value))));
            default:
                throw new NotSupportedException(node.GetType().Name);
        }
    }

    private static string Substitute(string text) =>
        Values.Aggregate(text, (current, value) => current.Replace("${" + value.Key + "}", value.Value, StringComparison.Ordinal));
}
