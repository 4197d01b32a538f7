using System.Text.RegularExpressions;
using GovCfct.Core.Tests.TestSupport;

namespace GovCfct.Core.Tests.Architecture;

/// <summary>
/// The repository stands on its own: a citation names a file of the repository (docs/facts/*.md) or a public
/// source, never notes that only the people who wrote the code have.
/// </summary>
public sealed partial class SelfContainedRepositoryTests
{
    [Fact]
    public void No_file_cites_notes_that_are_not_in_the_repository()
    {
        var offenders = Files()
            .SelectMany(f => File.ReadLines(f.Full).Select((line, i) => (f.Path, Line: i + 1, Text: line)))
            .Where(l => ForeignNotes().IsMatch(l.Text))
            .Select(l => $"{l.Path}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        offenders.Should().BeEmpty("cite docs/facts/cfct.md, docs/facts/landing-zone.md or the public source instead");
    }

    [Theory]
    [InlineData("// see the notes (CFCT" + "-FACTS §7.4)")]
    [InlineData("# LANDING-ZONE" + "-FACTS section 4")]
    [InlineData("(DESIGN" + ".md, \"One pipeline\")")]
    [InlineData("CONVENTIONS" + ".md items 4")]
    [InlineData("ORG-SCALE" + "-FACTS")]
    public void A_citation_of_foreign_notes_is_caught(string line) => ForeignNotes().IsMatch(line).Should().BeTrue();

    [Fact]
    public void The_facts_pages_carry_every_section_the_code_cites()
    {
        var cited = Files()
            .SelectMany(f => Citation().Matches(File.ReadAllText(f.Full)).Select(m => (Page: m.Groups[1].Value, Section: m.Groups[2].Value.TrimEnd('.'))))
            .Distinct()
            .ToList();
        cited.Should().NotBeEmpty();

        foreach (var (page, section) in cited)
        {
            var text = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "facts", page + ".md"));
            Regex.IsMatch(text, $@"^#+ {Regex.Escape(section)}\.? ", RegexOptions.Multiline).Should().BeTrue($"docs/facts/{page}.md must have a heading for §{section}");
        }
    }

    private static IEnumerable<(string Path, string Full)> Files() =>
        new[] { "generator", "tests", "docs", "templates", "manifest", "bench", "scripts" }
            .Select(folder => Path.Combine(RepositoryRoot.Path, folder))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            .Concat(Directory.EnumerateFiles(RepositoryRoot.Path))
            .Select(full => (Path: Path.GetRelativePath(RepositoryRoot.Path, full).Replace('\\', '/'), Full: full))
            .Where(f => !f.Path.Split('/').Any(segment => segment is "bin" or "obj" or "node_modules" or ".git")
                && Path.GetExtension(f.Path) is ".cs" or ".md" or ".yaml" or ".yml" or ".sbn" or ".json" or ".template" or ".txt" or ".props" or ".ts" or ".sh" or ".py" or "");

    [GeneratedRegex(@"CFCT-FACT[S]|LANDING-ZONE-FACT[S]|ORG-SCALE-FACT[S]|CONTROL-SOURCE[S]|\bDESIG[N]\.md|\bCONVENTION[S]\.md", RegexOptions.CultureInvariant)]
    private static partial Regex ForeignNotes();

    [GeneratedRegex(@"docs/facts/(cfct|landing-zone)\.md §([0-9][0-9.]*)", RegexOptions.CultureInvariant)]
    private static partial Regex Citation();
}
