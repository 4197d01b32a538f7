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
    private static void Golden(string name, string actual)
    {
        if (Environment.GetEnvironmentVariable("GOVCFCT_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(Expected(name), actual);
        }

        actual.Should().Be(File.ReadAllText(Expected(name)), $"the report changed; review it and run with GOVCFCT_UPDATE_GOLDEN=1 to accept ({name})");
    }

    [Fact]
    public void Markdown_puts_dangerous_changes_first_and_matches_the_golden_file()
    {
        var (plan, _) = PlanFixtures.Scenario();
        var markdown = PlanMarkdownWriter.Write(plan);

        Golden("scenario.md", markdown);
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
        Golden("scenario.json", json);
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
        }
        finally
        {
            folder.Delete(true);
        }
    }
}
