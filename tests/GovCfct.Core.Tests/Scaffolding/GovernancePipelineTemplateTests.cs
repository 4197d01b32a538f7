using System.Text.Json.Nodes;
using GovCfct.Core.Scaffolding;
using GovCfct.Core.Tests.TestSupport;
using YamlDotNet.RepresentationModel;

namespace GovCfct.Core.Tests.Scaffolding;

/// <summary>`govcfct pipeline template`: cfn-lint clean, deterministic, and its build role is the documented policy.</summary>
public sealed class GovernancePipelineTemplateTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("govcfct-pipeline-template-");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public void The_template_passes_cfn_lint_and_renders_the_same_bytes_twice()
    {
        var text = GovernancePipelineTemplate.Render("9.8.7");
        var file = Path.Combine(_work.FullName, "governance-pipeline.template");
        File.WriteAllText(file, text);

        var (exit, output) = CfnLint.Lint([file]);

        exit.Should().Be(0, output);
        GovernancePipelineTemplate.Render("9.8.7").Should().Be(text);
        text.Should().Contain("GovCfct 9.8.7 governance pipeline");
    }

    [Fact]
    public void The_build_role_carries_the_documented_policy_with_CfCTs_repository_as_a_parameter()
    {
        var documented = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "iam", "publisher-policy.json")))!;
        var line = GovernancePipelineTemplate.Render("9.8.7").Split('\n').Single(l => l.TrimStart().StartsWith("PolicyDocument: {", StringComparison.Ordinal));
        var embedded = JsonNode.Parse(line.TrimStart()["PolicyDocument: ".Length..])!;

        var documentedStatements = documented["Statement"]!.AsArray();
        var embeddedStatements = embedded["Statement"]!.AsArray();
        embeddedStatements.Select(s => s!["Sid"]!.GetValue<string>()).Should().Equal(documentedStatements.Select(s => s!["Sid"]!.GetValue<string>()));
        for (var i = 0; i < documentedStatements.Count; i++)
        {
            JsonNode.DeepEquals(embeddedStatements[i]!["Action"], documentedStatements[i]!["Action"]).Should().BeTrue();
            JsonNode.DeepEquals(
                JsonNode.Parse(embeddedStatements[i]!["Condition"]?.ToJsonString().Replace("{\"Fn::Sub\":\"refs/heads/${CfctBranch}\"}", "\"refs/heads/main\"", StringComparison.Ordinal) ?? "null"),
                documentedStatements[i]!["Condition"]).Should().BeTrue();
            JsonNode.DeepEquals(embeddedStatements[i]!["Effect"], documentedStatements[i]!["Effect"]).Should().BeTrue();
        }

        var codecommit = embeddedStatements.Select(s => s!["Resource"]!.ToJsonString()).Where(r => r.Contains("codecommit", StringComparison.Ordinal)).ToList();
        codecommit.Should().NotBeEmpty().And.OnlyContain(r => r.Contains("Fn::Sub", StringComparison.Ordinal) && r.Contains("${CfctRepositoryName}", StringComparison.Ordinal));
        embedded.ToJsonString().Should().NotContain("codecommit:*:*:custom-control-tower-configuration");

        // No literal partition or branch: the denials follow the stack's partition and CfctBranch parameter.
        embedded.ToJsonString().Should().NotContain("\"arn:aws:").And.NotContain("\"refs/heads/main\"").And.Contain("refs/heads/${CfctBranch}").And.Contain("arn:${AWS::Partition}:s3:::custom-control-tower-configuration-*");
    }

    // The boundary caps the role to its own statements: every statement of every policy of the role is in the boundary
    // (so nothing the build needs is cut off), and the boundary holds nothing else (so nothing is added).
    [Fact]
    public void The_build_roles_boundary_is_exactly_the_statements_of_its_own_policies()
    {
        var template = new YamlStream();
        template.Load(new StringReader(GovernancePipelineTemplate.Render("9.8.7")));
        var resources = (YamlMappingNode)((YamlMappingNode)template.Documents[0].RootNode)["Resources"];
        var role = (YamlMappingNode)((YamlMappingNode)resources["BuildRole"])["Properties"];
        var boundary = (YamlMappingNode)((YamlMappingNode)resources["BuildRoleBoundary"])["Properties"];

        ((YamlScalarNode)role["PermissionsBoundary"]).Tag.Value.Should().Be("!Ref");
        ((YamlScalarNode)role["PermissionsBoundary"]).Value.Should().Be("BuildRoleBoundary");
        var own = ((YamlSequenceNode)role["Policies"]).Children
            .Select(p => IsIf(p) ? ((YamlSequenceNode)p).Children[1] : p)
            .SelectMany(p => ((YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)p)["PolicyDocument"])["Statement"]).Children)
            .Select(Canonical).ToList();
        var capped = ((YamlSequenceNode)((YamlMappingNode)boundary["PolicyDocument"])["Statement"]).Children
            .Select(s => IsIf(s) ? ((YamlSequenceNode)s).Children[1] : s)
            .Select(Canonical).ToList();

        own.Should().HaveCount(16);
        capped.Should().BeEquivalentTo(own);
        capped.Should().NotContain(s => s.Contains("\"iam:", StringComparison.Ordinal) && s.Contains("\"Effect\":\"Allow\"", StringComparison.Ordinal), "the boundary allows no IAM action, so the role cannot change or remove it");
    }

    private static bool IsIf(YamlNode node) => !node.Tag.IsEmpty && !node.Tag.IsNonSpecific && node.Tag.Value == "!If";

    // A statement as text, whatever YAML style it was written in: tags kept, flow-style Fn::Sub read as !Sub.
    private static string Canonical(YamlNode node) => node switch
    {
        YamlMappingNode map when map.Children.Count == 1 && ((YamlScalarNode)map.Children.Keys.Single()).Value == "Fn::Sub" => "!Sub " + Canonical(map.Children.Values.Single()),
        YamlMappingNode map => "{" + string.Join(",", map.Children.Select(p => Canonical(p.Key) + ":" + Canonical(p.Value)).Order(StringComparer.Ordinal)) + "}",
        YamlSequenceNode list => (list.Tag.IsEmpty || list.Tag.IsNonSpecific ? string.Empty : list.Tag.Value + " ") + "[" + string.Join(",", list.Children.Select(Canonical)) + "]",
        YamlScalarNode scalar => (scalar.Tag.IsEmpty || scalar.Tag.IsNonSpecific ? string.Empty : scalar.Tag.Value + " ") + "\"" + scalar.Value + "\"",
        _ => throw new NotSupportedException(node.GetType().Name),
    };
}
