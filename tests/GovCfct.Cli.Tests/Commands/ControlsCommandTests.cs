using System.Text.Json;

namespace GovCfct.Cli.Tests.Commands;

/// <summary><c>govcfct controls</c> in memory on (exit code, stdout, stderr); keeps docs/controls.md current.</summary>
public sealed class ControlsCommandTests
{
    private static readonly string Root = RepositoryRoot.Path;

    private static string Templates => Path.Combine(Root, "templates");

    [Fact]
    public async Task Markdown_output_is_docs_controls_md()
    {
        var (exit, output, error) = await Run("controls", "--format", "markdown", "--templates", Templates);

        exit.Should().Be(0, error);
        var file = Path.Combine(Root, "docs", "controls.md");
        Golden.Text(file, output, "docs/controls.md must be regenerated: govcfct controls --format markdown > docs/controls.md");
    }

    [Fact]
    public async Task Json_output_lists_every_control_with_titles_seed_and_parameters()
    {
        var (exit, output, _) = await Run("controls", "--format", "json", "--templates", Templates);

        exit.Should().Be(0);
        using var document = JsonDocument.Parse(output);
        var controls = document.RootElement.EnumerateArray().ToList();
        controls.Select(c => c.GetProperty("id").GetString()).Should().Contain(["deny-regions", "rcp-require-secure-transport", "config-rules-baseline"]);
        var regions = controls.Single(c => c.GetProperty("id").GetString() == "deny-regions");
        regions.GetProperty("kind").GetString().Should().Be("scp");
        regions.GetProperty("title").GetProperty("ja").GetString().Should().Contain("東京");
        regions.GetProperty("seed").GetString().Should().NotBeNullOrEmpty();
        var parameter = regions.GetProperty("parameters")[0];
        parameter.GetProperty("name").GetString().Should().Be("AllowedRegions");
        parameter.GetProperty("default").EnumerateArray().Select(e => e.GetString()).Should().Equal("ap-northeast-1", "ap-northeast-3");
    }

    [Fact]
    public async Task Text_output_is_the_default()
    {
        var (exit, output, _) = await Run("controls", "--templates", Templates);

        exit.Should().Be(0);
        output.Should().Contain("deny-regions  [scp]").And.Contain("  - AllowedRegions (list) = [ap-northeast-1, ap-northeast-3]");
    }

    [Fact]
    public async Task A_missing_local_catalog_lists_the_catalog_the_tool_carries()
    {
        // The tool carries its catalog (catalog/ beside govcfct.dll); a repository without its own controls uses it alone.
        var (exit, output, error) = await Run("controls", "--templates", Path.Combine(Root, "no-such-catalog"));

        exit.Should().Be(0, error);
        output.Should().Contain("deny-leave-organization  [scp]");
        error.Should().NotContain("error GCF1201").And.NotContain("   at ");
    }

    [Fact]
    public async Task Unknown_format_is_a_usage_error()
    {
        var (exit, _, error) = await Run("controls", "--format", "yaml", "--templates", Templates);

        exit.Should().Be(2);
        error.Should().Contain("GCF9001");
    }
}
