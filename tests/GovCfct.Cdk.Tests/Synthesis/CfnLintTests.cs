using GovCfct.Cdk.Tests.Support;

namespace GovCfct.Cdk.Tests.Synthesis;

[Collection(SynthesizedCollection.Name)]
public sealed class CfnLintTests(SynthesizedCatalog synthesized)
{
    [Fact]
    public void Synthesized_templates_pass_cfn_lint_in_both_governed_regions()
    {
        var folder = Path.Combine(Path.GetTempPath(), "govcfct-cdk-lint-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var files = new List<string>();
        foreach (var (id, template) in synthesized.Templates)
        {
            var file = Path.Combine(folder, id + ".template");
            File.WriteAllText(file, template);
            files.Add(file);
        }

        // One batched run for every template and both regions; exit code bit 2 means errors (4 warnings, 8 info).
        var (exitCode, output) = CfnLint.LintDefault(files);
        (exitCode & 2).Should().Be(0, $"cfn-lint reported errors (templates kept in {folder}):\n{output}");
        output.Should().BeEmpty($"cfn-lint reported findings (templates kept in {folder}):\n{output}");
        Directory.Delete(folder, recursive: true);
    }
}
