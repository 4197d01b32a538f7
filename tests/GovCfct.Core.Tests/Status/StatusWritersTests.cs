using System.Collections.Immutable;
using System.Text.RegularExpressions;
using GovCfct.Core.Status;

namespace GovCfct.Core.Tests.Status;

/// <summary>The Markdown and HTML status reports: the same tables from one model, escaped for each format, cut at the same account.</summary>
public sealed partial class StatusWritersTests
{
    private static StatusReport Report(int accounts)
    {
        var list = Enumerable.Range(0, accounts).Select(i => new AccountStatus(
            $"{100000000000 + i}",
            i == 0 ? "Chiyoda | <Zeimu>" : $"account-{i}",
            "Workloads:Municipalities",
            null,
            i % 2 == 0 ? CoverageState.Failed : CoverageState.Covered,
            3,
            i % 2 == 0 ? [new Finding("gc-security-alerts", DeploymentKind.StackSet, CoverageState.Failed, "ap-northeast-1", "Account should have 'AWSControlTowerExecution' role")] : [])).ToImmutableArray();
        return new StatusReport(
            StatusReport.CurrentSchemaVersion,
            null,
            new StatusSummary(accounts, accounts / 2, (accounts + 1) / 2, 0, 0, 0, 1, 1, "NOT COVERED"),
            [new ControlStatus("gc-security-alerts", DeploymentKind.StackSet, accounts, accounts / 2, (accounts + 1) / 2, 0, 0, 0)],
            list,
            [new NewAccountStatus("100000000000", "Chiyoda | <Zeimu>", "Workloads:Municipalities", new DateTimeOffset(2026, 12, 1, 9, 30, 0, TimeSpan.Zero), CoverageState.Failed, 1)],
            [new StaleItem("stack set", "gc-old-control", null, "no longer in the definition", "aws cloudformation delete-stack-set --stack-set-name gc-old-control")],
            [new StackSetStatus("security-alerts", "gc-security-alerts", true, accounts, accounts / 2, (accounts + 1) / 2, 0, 0, 0, new DeployedOperation("op-1", "UPDATE", "FAILED", null, new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero)))],
            new DeployedState([], []));
    }

    [Fact]
    public void Both_formats_show_the_same_tables_in_the_same_order()
    {
        var report = Report(4);

        var markdown = StatusMarkdownWriter.Write(report);
        var html = StatusHtmlWriter.Write(report);

        var mdHeadings = MarkdownHeading().Matches(markdown).Select(m => m.Groups[1].Value).ToList();
        var htmlHeadings = HtmlHeading().Matches(html).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        mdHeadings.Should().Equal("New accounts not yet covered", "Accounts", "Controls", "Stack sets", "Stale: deployed but no longer wanted");
        htmlHeadings.Should().Equal(mdHeadings, "a report without a matrix (built by hand, not by the evaluator) has only the tables");
        markdown.Should().Contain("| UPDATE FAILED 2026-12-01 10:00Z |").And.Contain("| all 3 |  |  |").And.Contain("`aws cloudformation delete-stack-set --stack-set-name gc-old-control`");
        html.Should().Contain("<td>UPDATE FAILED 2026-12-01 10:00Z</td>").And.Contain("<td>all 3</td>").And.Contain("<code>aws cloudformation delete-stack-set --stack-set-name gc-old-control</code>");
        RowCount(markdown).Should().Be(HtmlRowCount(html), "every row of every table is in both");
    }

    [Fact]
    public void Cells_are_escaped_for_their_format_and_states_are_coloured()
    {
        var report = Report(2);

        var markdown = StatusMarkdownWriter.Write(report);
        var html = StatusHtmlWriter.Write(report);

        markdown.Should().Contain("Chiyoda \\| &lt;Zeimu&gt;").And.NotContain("Chiyoda | <Zeimu>");
        html.Should().Contain("Chiyoda | &lt;Zeimu&gt;").And.NotContain("<Zeimu>");
        html.Should().Contain("<td class=\"failed\">failed</td>").And.Contain("<td class=\"n\">2</td>");
    }

    [Fact]
    public void Past_the_listed_accounts_both_say_how_many_more_the_json_has()
    {
        var report = Report(StatusMarkdownWriter.MaxAccountsListed + 7);

        var markdown = StatusMarkdownWriter.Write(report);
        var html = StatusHtmlWriter.Write(report);

        markdown.Should().Contain("7 more account(s): see `--format json`.").And.NotContain($"| {100000000000 + StatusMarkdownWriter.MaxAccountsListed} |");
        html.Should().Contain("<p>7 more account(s): see --format json.</p>").And.NotContain($"<td>{100000000000 + StatusMarkdownWriter.MaxAccountsListed}</td>");
    }

    private static int RowCount(string markdown) =>
        markdown.Split('\n').Count(l => l.StartsWith("| ", StringComparison.Ordinal));

    private static int HtmlRowCount(string html) =>
        Regex.Count(html, "<tr>");

    [GeneratedRegex("^## (.+)$", RegexOptions.Multiline)]
    private static partial Regex MarkdownHeading();

    [GeneratedRegex("<h2>(.+?)</h2>")]
    private static partial Regex HtmlHeading();
}
