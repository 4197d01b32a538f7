using System.Text.RegularExpressions;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Core.Tests.Diagnostics;

/// <summary>
/// The descriptors are the one source of every code: each docs page's code table is generated from them (rewritten
/// with GOVCFCT_UPDATE_GOLDEN=1, refused under CI=true), and every id is unique and in its page's range.
/// </summary>
public sealed partial class DiagnosticDocsTests
{
    public static TheoryData<string> Pages() => [.. DiagnosticPage.All.Select(p => p.Name)];

    [Theory]
    [MemberData(nameof(Pages))]
    public void The_page_lists_exactly_its_descriptors_with_their_severity(string name)
    {
        var page = Page(name);
        var text = File.ReadAllText(RepositoryRoot.Combine(page.DocsPath.Split('/')));

        Differences(text, page, DiagnosticCodes.All).Should().BeEmpty($"{page.DocsPath} must list every code of its stage once, as the descriptors in DiagnosticCodes say");
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void The_page_table_is_the_one_generated_from_the_descriptors(string name)
    {
        var page = Page(name);
        var file = RepositoryRoot.Combine(page.DocsPath.Split('/'));
        var text = File.ReadAllText(file).ReplaceLineEndings("\n");

        Golden.Text(file, ReplaceTable(text, DiagnosticDocs.Table(page)), $"the code table of {page.DocsPath} is generated from DiagnosticCodes");
    }

    [Fact]
    public void A_missing_row_an_orphan_row_and_a_severity_mismatch_are_each_found()
    {
        var page = DiagnosticPage.Status;
        var descriptors = DiagnosticCodes.All.Where(d => d.Page == page).ToList();
        var table = DiagnosticDocs.Table(page).Split('\n').ToList();
        var text = string.Join('\n', table) + "\n";
        Differences(text, page, descriptors).Should().BeEmpty();

        var missing = string.Join('\n', table.Where(l => !l.Contains("GCF3501", StringComparison.Ordinal)));
        Differences(missing, page, descriptors).Should().ContainSingle().Which.Should().Contain("GCF3501 has no row");

        var orphan = text + "| GCF3599 | error | gone | nothing |\n";
        Differences(orphan, page, descriptors).Should().ContainSingle().Which.Should().Contain("GCF3599 has no descriptor");

        var severity = text.Replace("GCF3501 | error", "GCF3501 | warning", StringComparison.Ordinal);
        Differences(severity, page, descriptors).Should().ContainSingle().Which.Should().Contain("GCF3501 is documented as warning");

        var twice = text + table[2] + "\n";
        Differences(twice, page, descriptors).Should().ContainSingle().Which.Should().Contain("twice");
    }

    [Fact]
    public void Every_id_is_unique_well_formed_and_in_its_pages_range()
    {
        DiagnosticCodes.All.Should().HaveCountGreaterThan(250);
        DiagnosticCodes.All.GroupBy(d => d.Id).Where(g => g.Count() > 1).Select(g => g.Key).Should().BeEmpty("one id is one code");
        DiagnosticCodes.All.Where(d => !IdPattern().IsMatch(d.Id)).Select(d => d.Id).Should().BeEmpty();
        DiagnosticCodes.All.Where(d => !d.Page.Contains(d.Id)).Select(d => $"{d.Id} ({d.Page.Name} {d.Page.First}-{d.Page.Last})").Should().BeEmpty();
        DiagnosticCodes.All.Where(d => string.IsNullOrWhiteSpace(d.Title) || string.IsNullOrWhiteSpace(d.Help) || d.Title.Contains('\n') || d.Help.Contains('\n'))
            .Select(d => d.Id).Should().BeEmpty("a table row needs a one-line meaning and what to do");
        DiagnosticCodes.All.Select(d => DiagnosticCodes.NameOf(d)).Should().OnlyHaveUniqueItems().And.NotContainNulls();
    }

    [Fact]
    public void Page_ranges_do_not_overlap_and_every_page_has_codes()
    {
        var pages = DiagnosticPage.All.OrderBy(p => p.First).ToList();
        pages.Zip(pages.Skip(1)).Where(p => p.First.Last >= p.Second.First).Select(p => $"{p.First.Name}/{p.Second.Name}").Should().BeEmpty();
        pages.Where(p => !DiagnosticCodes.All.Any(d => d.Page == p)).Select(p => p.Name).Should().BeEmpty();
        pages.Select(p => p.DocsPath).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void A_descriptor_links_to_its_row_and_needs_an_absolute_base_for_sarif()
    {
        DiagnosticCodes.PolicyResourceInvalid.HelpPath.Should().Be("docs/diagnostics/policies.md#gcf1706");
        DiagnosticCodes.UsageError.HelpPath.Should().Be("docs/diagnostics.md#gcf9001");
        DiagnosticCodes.PolicyResourceInvalid.HelpUri(null).Should().BeNull();
        DiagnosticCodes.PolicyResourceInvalid.HelpUri(DiagnosticDocs.ParseBase("https://git.example/govcfct/blob/main"))!.AbsoluteUri
            .Should().Be("https://git.example/govcfct/blob/main/docs/diagnostics/policies.md#gcf1706");
        DiagnosticDocs.ParseBase("docs/").Should().BeNull("SARIF's helpUri must be absolute");
        DiagnosticDocs.ParseBase("").Should().BeNull();
        DiagnosticDocs.Table(DiagnosticPage.Policies).Should().Contain("| <a id=\"gcf1706\"></a>GCF1706 | error |");
    }

    [Fact]
    public void A_code_is_reported_with_its_own_severity_only()
    {
        var bag = new DiagnosticBag();
        bag.Report(DiagnosticCodes.PolicyResourceMissing, "no Resource");
        bag.Report(DiagnosticCodes.PolicyResourceInvalid, "both");
        bag.Items.Select(d => d.Severity).Should().Equal(Severity.Warning, Severity.Error);

        var strict = new DiagnosticBag(warningsAsErrors: true);
        strict.Report(DiagnosticCodes.PolicyResourceMissing, "no Resource");
        strict.Report(DiagnosticCodes.CfnLintInfo, "lint info");
        strict.Items.Select(d => d.Severity).Should().Equal(Severity.Error, Severity.Info);
        strict.Items[0].Descriptor.DefaultSeverity.Should().Be(Severity.Warning, "--warnings-as-errors raises the report, not the code");
    }

    private static DiagnosticPage Page(string name) => DiagnosticPage.All.Single(p => p.Name == name);

    /// <summary>The page text with its one code table (header to the last row) replaced by <paramref name="table"/>.</summary>
    private static string ReplaceTable(string text, string table)
    {
        var lines = text.Split('\n').ToList();
        var header = lines.FindIndex(l => l == DiagnosticDocs.Header);
        if (header < 0 || lines.FindLastIndex(l => l == DiagnosticDocs.Header) != header)
        {
            throw new Xunit.Sdk.XunitException($"the page must have exactly one line '{DiagnosticDocs.Header}'");
        }

        var end = header + 1;
        while (end < lines.Count && lines[end].StartsWith('|'))
        {
            end++;
        }

        lines.RemoveRange(header, end - header);
        lines.InsertRange(header, table.Split('\n'));
        return string.Join('\n', lines);
    }

    /// <summary>Rows without a descriptor, descriptors without a row, rows listed twice, and severities that differ.</summary>
    private static List<string> Differences(string text, DiagnosticPage page, IEnumerable<DiagnosticDescriptor> descriptors)
    {
        var expected = descriptors.Where(d => d.Page == page).ToDictionary(d => d.Id, StringComparer.Ordinal);
        var rows = text.Split('\n')
            .Select(l => Row().Match(l))
            .Where(m => m.Success)
            .Select(m => (Id: m.Groups["id"].Value, Severity: m.Groups["severity"].Value))
            .ToList();
        var problems = new List<string>();
        problems.AddRange(rows.GroupBy(r => r.Id).Where(g => g.Count() > 1).Select(g => $"{g.Key} is listed twice"));
        problems.AddRange(rows.Where(r => !expected.ContainsKey(r.Id)).Select(r => $"{r.Id} has no descriptor on this page"));
        problems.AddRange(expected.Keys.Where(id => rows.TrueForAll(r => r.Id != id)).Select(id => $"{id} has no row"));
        problems.AddRange(rows.Where(r => expected.TryGetValue(r.Id, out var d) && DiagnosticDocs.SeverityName(d.DefaultSeverity) != r.Severity)
            .Distinct()
            .Select(r => $"{r.Id} is documented as {r.Severity} but reported as {DiagnosticDocs.SeverityName(expected[r.Id].DefaultSeverity)}"));
        return problems;
    }

    [GeneratedRegex(@"^\| (?:<a id=""gcf\d+""></a>)?(?<id>GCF\d+) \| (?<severity>[^|]*?) \|")]
    private static partial Regex Row();

    [GeneratedRegex(@"^GCF\d{4}$")]
    private static partial Regex IdPattern();
}
