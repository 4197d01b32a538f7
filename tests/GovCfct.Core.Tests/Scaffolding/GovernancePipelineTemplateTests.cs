using System.Text.Json.Nodes;
using GovCfct.Core.Scaffolding;
using GovCfct.Core.Tests.TestSupport;

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
}
