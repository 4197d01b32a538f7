using System.Diagnostics;
using System.Text.Json;
using GovCfct.Core.Planning;

namespace GovCfct.Core.Tests.Planning;

/// <summary>The three report formats: Markdown golden file, stable JSON, self-contained HTML rendered by headless Chromium.</summary>
public sealed class PlanOutputTests
{
    private const string ChromiumPath = "/usr/bin/chromium";

    private static string Expected(string name) => Path.Combine(PlanFixtures.Folder, "expected", name);

    /// <summary>GOVCFCT_UPDATE_GOLDEN=1 rewrites the expected file; the diff is reviewed in the commit.</summary>
    private static void MatchesGolden(string name, string actual) => Golden.Text(Expected(name), actual, $"the report {name} changed");

    [Fact]
    public void Markdown_puts_dangerous_changes_first_and_matches_the_golden_file()
    {
        var (plan, _) = PlanFixtures.Scenario();
        var markdown = PlanMarkdownWriter.Write(plan);

        MatchesGolden("scenario.md", markdown);
        var warning = markdown.IndexOf("> [!WARNING]", StringComparison.Ordinal);
        warning.Should().BeGreaterThan(0);
        warning.Should().BeLessThan(markdown.IndexOf("| Stack sets |", StringComparison.Ordinal), "dangers come before the summary table");
        markdown.Should().Contain("aws organizations detach-policy --policy-id p-old00001 --target-id ou-ab12-sandbox1");
        markdown.Should().Contain("<details>");
        markdown.Should().NotContain("\r");
    }

    [Fact]
    public void Markdown_of_a_change_without_dangers_says_so()
    {
        var package = PlanFixtures.Package("previous");
        var (plan, _) = PlanFixtures.Plan(new ChangePlanOptions(PlanFixtures.WithManifest(package, PlanFixtures.ManifestText("previous")), PlanFixtures.Org()) { Previous = package });
        plan.LeftAttached.Should().NotBeEmpty();

        var (clean, _) = PlanFixtures.Plan(new ChangePlanOptions(package, PlanFixtures.Org() with { Policies = [] }) { Previous = package });
        PlanMarkdownWriter.Write(clean).Should().Contain("No stack instance is deleted and no policy is left attached.").And.NotContain("[!WARNING]");
    }

    [Fact]
    public void Json_is_stable_parseable_and_names_enums()
    {
        var (first, _) = PlanFixtures.Scenario();
        var (second, _) = PlanFixtures.Scenario();
        var json = PlanJsonWriter.Write(first);

        json.Should().Be(PlanJsonWriter.Write(second));
        MatchesGolden("scenario.json", json);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        root.GetProperty("schemaVersion").GetInt32().Should().Be(2);
        root.GetProperty("generatedAt").ValueKind.Should().Be(JsonValueKind.Null);
        var guardDuty = root.GetProperty("stackSets").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "gc-guardduty");
        guardDuty.GetProperty("kind").GetString().Should().Be("unchanged");
        guardDuty.GetProperty("instancesDeleted")[0].GetProperty("accountId").GetString().Should().Be("999999999999");
        root.GetProperty("ous")[0].GetProperty("cells")[0].GetString().Should().Be("attached");
    }

    [Fact]
    public void Timestamp_appears_only_when_passed_in()
    {
        var (plan, _) = PlanFixtures.Plan(new ChangePlanOptions(PlanFixtures.Package("current"), PlanFixtures.Org()) { GeneratedAt = "2026-11-28T10:00:00Z" });

        PlanMarkdownWriter.Write(plan).Should().Contain("Generated 2026-11-28T10:00:00Z.");
        PlanHtmlWriter.Write(plan).Should().Contain("Generated 2026-11-28T10:00:00Z");
    }

    [Fact]
    public void Html_is_self_contained_with_the_OU_tree_and_the_coverage_matrix()
    {
        var (plan, _) = PlanFixtures.Scenario();
        var html = PlanHtmlWriter.Write(plan);

        html.Should().StartWith("<!DOCTYPE html>");
        html.Should().NotContainAny("http://", "https://", "<script", "src=", "<link");
        html.Should().Contain("<table class=\"matrix\">").And.Contain("class=\"c deployed\"").And.Contain("class=\"c inherited\"").And.Contain("class=\"c accountsonly\"");
        html.Should().Contain("└ Prod");
        html.Should().Contain("class=\"danger\"");
        var (first, _) = PlanFixtures.Plan(new ChangePlanOptions(PlanFixtures.Package("previous"), PlanFixtures.Org()));
        PlanHtmlWriter.Write(first).Should().Contain("class=\"c missed\"", "gc-guardduty lists Workloads but not Workloads:Prod");
        html.Should().Be(PlanHtmlWriter.Write(PlanFixtures.Scenario().Plan));
    }

    /// <summary>Records each heading's box and the page width on the body, for --dump-dom to carry out.</summary>
    private const string LayoutProbe = """
        <script>
        const box = e => e.getBoundingClientRect();
        const headings = [...document.querySelectorAll('h1,h2')].map(h => ({ text: h.textContent.replace(/\s*\(.*$/, ''), top: box(h).top + scrollY, left: box(h).left, width: box(h).width, height: box(h).height }));
        const coverage = [...document.querySelectorAll('h2')].find(h => h.textContent.startsWith('OU tree'));
        let table = coverage; while (table && table.tagName !== 'TABLE') { table = table.nextElementSibling; }
        document.body.setAttribute('data-layout', JSON.stringify({ headings, scrollWidth: document.documentElement.scrollWidth, coverageTableTop: table ? box(table).top + scrollY : -1 }));
        </script>
        """;

    [Fact]
    public async Task Html_report_renders_in_headless_Chromium()
    {
        File.Exists(ChromiumPath).Should().BeTrue($"the HTML report test needs headless Chromium at {ChromiumPath}: install it with 'apt-get install -y chromium' (scripts/test does this)");
        var (plan, _) = PlanFixtures.Plan(new ChangePlanOptions(PlanFixtures.Package("previous"), PlanFixtures.Org()) { NewAccountOu = "Workloads:Prod" });
        var folder = Directory.CreateTempSubdirectory("govcfct-plan-html-");
        try
        {
            var page = Path.Combine(folder.FullName, "plan.html");
            var png = Path.Combine(folder.FullName, "plan.png");
            await File.WriteAllTextAsync(page, PlanHtmlWriter.Write(plan));
            var start = new ProcessStartInfo(ChromiumPath)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", $"--user-data-dir={Path.Combine(folder.FullName, "profile")}", $"--screenshot={png}", "--window-size=1200,900", new Uri(page).AbsoluteUri })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await process.WaitForExitAsync(timeout.Token);
            File.Exists(png).Should().BeTrue($"chromium wrote no screenshot (exit {process.ExitCode}): {await stderr}");

            var image = PngImage.Decode(await File.ReadAllBytesAsync(png));
            image.Width.Should().Be(1200);
            image.Height.Should().Be(900);
            var colors = new HashSet<(byte, byte, byte)>();
            var (red, green) = (false, false);
            for (var y = 0; y < image.Height; y += 3)
            {
                for (var x = 0; x < image.Width; x += 3)
                {
                    var pixel = image[x, y];
                    colors.Add(pixel);
                    red |= pixel is { R: > 180, G: < 80, B: < 80 };
                    green |= pixel is { R: < 90, G: > 130, B: < 110 };
                }
            }

            colors.Count.Should().BeGreaterThan(20, "a rendered report has text, borders and coloured cells, not a blank page");
            red.Should().BeTrue("the missed cells are red");
            green.Should().BeTrue("the deployed cells are green");

            // Where Chromium laid the sections out: each heading's box, read from the rendered DOM.
            var probe = Path.Combine(folder.FullName, "probe.html");
            await File.WriteAllTextAsync(probe, PlanHtmlWriter.Write(plan).Replace("</body>", LayoutProbe + "</body>", StringComparison.Ordinal));
            var (exit, dom, domError) = ExternalTool.Run(ChromiumPath, ["--headless", "--no-sandbox", "--disable-gpu", $"--user-data-dir={Path.Combine(folder.FullName, "profile2")}", "--window-size=1200,900", "--virtual-time-budget=5000", "--dump-dom", new Uri(probe).AbsoluteUri]);
            exit.Should().Be(0, domError);
            var layout = System.Text.Json.JsonDocument.Parse(System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(dom, "data-layout=\"([^\"]*)\"").Groups[1].Value)).RootElement;
            var headings = layout.GetProperty("headings").EnumerateArray()
                .Select(h => (Text: h.GetProperty("text").GetString()!, Top: h.GetProperty("top").GetDouble(), Left: h.GetProperty("left").GetDouble(), Width: h.GetProperty("width").GetDouble(), Height: h.GetProperty("height").GetDouble()))
                .ToList();
            headings[0].Text.Should().Be("GovCfct plan");
            headings[0].Top.Should().BeLessThan(60, "the title is at the top of the page");
            headings.Select(h => h.Text).Should().ContainInOrder(["GovCfct plan", "OU tree and control coverage", "Stack sets", "SCPs and RCPs"]);
            headings.Select(h => h.Top).Should().BeInAscendingOrder("sections follow each other down the page, none overlaps or floats above another");
            headings.Zip(headings.Skip(1)).Should().OnlyContain(p => p.Second.Top >= p.First.Top + p.First.Height, "a heading starts below the previous one");
            headings.Should().OnlyContain(h => h.Left >= 0 && h.Left < 100 && h.Width > 200 && h.Height > 10, "every heading is visible at the left margin");
            layout.GetProperty("scrollWidth").GetDouble().Should().BeLessThanOrEqualTo(1200, "nothing runs off the right edge of a 1200 px window");
            var coverage = headings.Single(h => h.Text == "OU tree and control coverage");
            layout.GetProperty("coverageTableTop").GetDouble().Should().BeGreaterThan(coverage.Top, "the coverage table sits under its heading");
        }
        finally
        {
            folder.Delete(true);
        }
    }
}
