using GovCfct.Core.Diagnostics.Output;

namespace GovCfct.Cli.Tests.Hostile;

/// <summary>
/// OU and account names come from the organization, and the plan Markdown is the pull request's description. A name
/// with a line break, a '|', a backtick or raw HTML used to end the row and forge a new one ("| Sandbox | 0 | ✔ |");
/// every cell now goes through <see cref="MarkdownTable.Cell"/> or <see cref="MarkdownTable.Code"/>.
/// </summary>
public sealed class MarkdownCellTests : IDisposable
{
    private const string Forged = "Prod\r\n| Forged | 99 | approved |\n<img src=x onerror=alert(1)>`x`";

    private readonly string _work = Directory.CreateTempSubdirectory("govcfct-md-cell-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task A_hostile_OU_name_stays_inside_its_cell_of_the_plan()
    {
        var fixtures = RepositoryRoot.Combine("tests", "GovCfct.Core.Tests", "Planning", "Fixtures");
        var org = Path.Combine(_work, "org.json");
        var text = await File.ReadAllTextAsync(Path.Combine(fixtures, "org.json"));
        text.Should().Contain("\"name\": \"Prod\"");
        await File.WriteAllTextAsync(org, text
            .Replace("\"name\": \"Prod\"", "\"name\": " + System.Text.Json.JsonSerializer.Serialize(Forged), StringComparison.Ordinal)
            .Replace("\"path\": \"Workloads:Prod\"", "\"path\": " + System.Text.Json.JsonSerializer.Serialize("Workloads:" + Forged), StringComparison.Ordinal));

        var plan = await CliRunner.Run("plan", "--org", org, "--package", Path.Combine(fixtures, "current"));

        plan.Out.Should().Contain("# GovCfct plan");
        plan.Out.Split('\n').Should().NotContain(line => line.StartsWith("| Forged", StringComparison.Ordinal), plan.Out);
        plan.Out.Should().NotContain("<img").And.NotContain("\r");
        plan.Out.Should().Contain(@"Prod  \| Forged \| 99 \| approved \| &lt;img src=x onerror=alert(1)&gt;\`x\`");
    }

    [Theory]
    [InlineData("a|b", @"a\|b")]
    [InlineData(@"a\|b", @"a\\\|b")]
    [InlineData("a\rb\u2028c\u0085d", "a b c d")]
    [InlineData("<b>`x`</b>", @"&lt;b&gt;\`x\`&lt;/b&gt;")]
    public void Cell_shows_text_literally(string text, string cell) => MarkdownTable.Cell(text).Should().Be(cell);

    [Theory]
    [InlineData("gc-scp", "`gc-scp`")]
    [InlineData("a`b", "`` a`b ``")]
    [InlineData("a|b\nc", @"`a\|b c`")]
    public void Code_cannot_be_closed_by_the_text(string text, string code) => MarkdownTable.Code(text).Should().Be(code);
}
