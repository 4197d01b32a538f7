using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GovCfct.Core.Scaffolding;

/// <summary>
/// The CloudFormation template of a governance pipeline (<c>govcfct pipeline template</c>): the CodeBuild project that
/// runs a governance repository's buildspec with the documented build role, its trigger, the artifact bucket, and an
/// optional CodePipeline with a manual approval before a merge-only project merges. The build role's policy is the
/// documented policy itself (docs/iam), with CfCT's repository name and the account and region made parameters, so the
/// template and the docs cannot drift apart.
/// </summary>
public static class GovernancePipelineTemplate
{
    private const string CfctRepository = "custom-control-tower-configuration";

    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    /// <summary>The template's text; byte-identical for the same version and policy.</summary>
    public static string Render(string toolVersion)
    {
        var template = Resource("GovCfct.Pipeline.governance-pipeline.yaml");
        var policy = JsonNode.Parse(Resource("GovCfct.Pipeline.build-policy.json"))!.AsObject();
        foreach (var statement in policy["Statement"]!.AsArray())
        {
            if (statement!["Resource"] is { } resource)
            {
                statement["Resource"] = Parameterize(resource);
            }

            if (statement["Condition"] is { } condition)
            {
                statement["Condition"] = Branch(condition);
            }
        }

        // The boundary repeats the build policy's statements, one flow-style list item each, before the template's own.
        var boundary = string.Join('\n', policy["Statement"]!.AsArray().Select(statement => "          - " + statement!.ToJsonString(Compact)));
        return template
            .Replace("{{ version }}", toolVersion, StringComparison.Ordinal)
            .Replace("{{ build_boundary_statements }}", boundary, StringComparison.Ordinal)
            .Replace("{{ build_policy }}", policy.ToJsonString(Compact), StringComparison.Ordinal);
    }

    // Resources that name CfCT's repository follow the template's parameters; every other resource stays as documented.
    private static JsonNode Parameterize(JsonNode resource) => resource switch
    {
        JsonArray list => new JsonArray([.. list.Select(item => Parameterize(item!))]),
        JsonValue value when value.GetValue<string>() is var arn && arn.StartsWith("arn:aws:codecommit:", StringComparison.Ordinal) =>
            new JsonObject
            {
                ["Fn::Sub"] = "arn:${AWS::Partition}:codecommit:${AWS::Region}:${AWS::AccountId}:" +
                    arn.Split(':', 6)[5].Replace(CfctRepository, "${CfctRepositoryName}", StringComparison.Ordinal),
            },
        JsonValue value when value.GetValue<string>() is var arn && arn.StartsWith("arn:aws:", StringComparison.Ordinal) =>
            new JsonObject { ["Fn::Sub"] = "arn:${AWS::Partition}:" + arn["arn:aws:".Length..] },
        _ => resource.DeepClone(),
    };

    // The documented policy names CfCT's default branch; in the stack the denials follow the CfctBranch parameter.
    private static JsonNode Branch(JsonNode node) => node switch
    {
        JsonObject map => new JsonObject(map.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)Branch(p.Value!)))),
        JsonArray list => new JsonArray([.. list.Select(item => Branch(item!))]),
        JsonValue value when value.TryGetValue<string>(out var text) && text == "refs/heads/main" => new JsonObject { ["Fn::Sub"] = "refs/heads/${CfctBranch}" },
        _ => node.DeepClone(),
    };

    private static string Resource(string name)
    {
        using var stream = typeof(GovernancePipelineTemplate).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"resource {name} is missing from the build");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
