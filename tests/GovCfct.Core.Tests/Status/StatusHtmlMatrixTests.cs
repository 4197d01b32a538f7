using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using GovCfct.Core.Cfct;
using GovCfct.Core.Organization;
using GovCfct.Core.Status;

namespace GovCfct.Core.Tests.Status;

/// <summary>
/// The status page's OU × control matrix, run in headless Chromium as the plan page is: the script is driven from a
/// probe (collapse, expand, filter by text, control and gaps) and what it drew is read back from the DOM and compared
/// with counts taken independently from the report's own account list and the hand-built organization.
/// </summary>
public sealed class StatusHtmlMatrixTests
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private const string Region = "ap-northeast-1";
    private const string Hostile = "<script>alert(\"x\")</script> & 'q'";
    private const int Municipalities = 40;

    /// <summary>Which control ids each manifest resource carries (what the build records), for the independent counts.</summary>
    private static readonly Dictionary<string, string[]> ControlsOf = new(StringComparer.Ordinal)
    {
        ["gc-guardduty"] = ["guardduty"],
        ["gc-config-rules"] = ["config-rules"],
        ["gc-scp-workloads"] = ["deny-regions", "deny-root-user"],
        ["gc-scp-sandbox"] = ["deny-regions"],
    };

    /// <summary>
    /// Root: Workloads (1 account of its own; Prod 5 accounts, Dev 3, Municipalities with 40 child OUs of 2 accounts each), Sandbox (2), an OU
    /// and an account with hostile names (1). Prod's second account failed GuardDuty, Dev's first has no instance,
    /// M007 has no config-rules instance, M013's first is outdated, the Sandbox SCP is not attached.
    /// </summary>
    private static StatusReport Report()
    {
        var ous = new List<OrgUnit>
        {
            new("ou-ab12-work0001", "Workloads", "r-ab12", "Workloads"),
            new("ou-ab12-prod0001", "Prod", "ou-ab12-work0001", "Workloads:Prod"),
            new("ou-ab12-dev00001", "Dev", "ou-ab12-work0001", "Workloads:Dev"),
            new("ou-ab12-muni0001", "Municipalities", "ou-ab12-work0001", "Workloads:Municipalities"),
            new("ou-ab12-sand0001", "Sandbox", "r-ab12", "Sandbox"),
            new("ou-ab12-evil0001", Hostile, "r-ab12", Hostile),
        };
        var accounts = new List<OrgAccount> { new("999999999999", "management", "m@example.jp", "ACTIVE", "r-ab12") };
        void Add(string parent, int count, string prefix)
        {
            for (var i = 0; i < count; i++)
            {
                var id = (100000000000L + accounts.Count).ToString(CultureInfo.InvariantCulture);
                accounts.Add(new OrgAccount(id, $"{prefix}-{i + 1}", $"{id}@example.jp", "ACTIVE", parent));
            }
        }

        Add("ou-ab12-work0001", 1, "shared");
        Add("ou-ab12-prod0001", 5, "prod");
        Add("ou-ab12-dev00001", 3, "dev");
        for (var m = 1; m <= Municipalities; m++)
        {
            var id = $"ou-ab12-m{m:D7}";
            ous.Add(new OrgUnit(id, $"M{m:D3}", "ou-ab12-muni0001", $"Workloads:Municipalities:M{m:D3}"));
            Add(id, 2, $"m{m:D3}");
        }

        Add("ou-ab12-sand0001", 2, "sandbox");
        Add("ou-ab12-evil0001", 1, Hostile);
        var organization = new OrgSnapshot("o-ab12", "999999999999", "r-ab12", [.. ous], [.. accounts], [
            new OrgPolicy("p-work", "gc-scp-workloads", "SERVICE_CONTROL_POLICY", false, ["ou-ab12-work0001"]),
            new OrgPolicy("p-sand", "gc-scp-sandbox", "SERVICE_CONTROL_POLICY", false, []),
        ]);
        string[] municipalities = [.. Enumerable.Range(1, Municipalities).Select(m => $"Workloads:Municipalities:M{m:D3}")];
        var manifest = new CfctManifest(Region, null,
        [
            new ManifestResource("gc-guardduty", null, "templates/gd.template", DeployMethod.StackSet, [], null, ["Workloads:Prod", "Workloads:Dev", Hostile], [], [], [], ["guardduty"]),
            new ManifestResource("gc-config-rules", null, "templates/cr.template", DeployMethod.StackSet, [], null, [.. municipalities], [], [], [], ["config-rules"]),
            new ManifestResource("gc-scp-workloads", null, "policies/w.json", DeployMethod.Scp, [], null, ["Workloads"], [], [], [], ["deny-regions", "deny-root-user"]),
            new ManifestResource("gc-scp-sandbox", null, "policies/s.json", DeployMethod.Scp, [], null, ["Sandbox"], [], [], [], ["deny-regions"]),
        ]);
        string[] In(string parent) => [.. accounts.Where(a => a.ParentId == parent).Select(a => a.Id)];
        var prod = In("ou-ab12-prod0001");
        var dev = In("ou-ab12-dev00001");
        var guardduty = prod.Select((a, i) => i == 1 ? new DeployedInstance(a, Region, "OUTDATED", "FAILED", "Account should have 'AWSControlTowerExecution' role") : new DeployedInstance(a, Region, "CURRENT", "SUCCEEDED"))
            .Concat(dev.Skip(1).Concat(In("ou-ab12-evil0001")).Select(a => new DeployedInstance(a, Region, "CURRENT", "SUCCEEDED")));
        var rules = Enumerable.Range(1, Municipalities).Where(m => m != 7).SelectMany(m => In($"ou-ab12-m{m:D7}").Select((a, i) =>
            m == 13 && i == 0 ? new DeployedInstance(a, Region, "OUTDATED", "RUNNING") : new DeployedInstance(a, Region, "CURRENT", "SUCCEEDED")));
        var deployed = new DeployedState(
        [
            new DeployedStackSet("CustomControlTower-gc-guardduty", "ACTIVE", "{}", [], null, [.. guardduty]),
            new DeployedStackSet("CustomControlTower-gc-config-rules", "ACTIVE", "{}", [], null, [.. rules]),
        ], []);
        return StatusEvaluator.Evaluate(new StatusOptions(new CfctPackage(manifest, ImmutableSortedDictionary<string, byte[]>.Empty), organization, deployed));
    }

    /// <summary>Accounts at or below an OU path that lack a control, counted from the report's accounts and their findings.</summary>
    private static int Lacking(StatusReport report, string path, string control) =>
        report.Accounts.Count(a => Below(a.OuPath, path) && a.Findings.Any(f => ControlsOf[f.Control].Contains(control)));

    private static int Uncovered(StatusReport report, string path) => report.Accounts.Count(a => Below(a.OuPath, path) && a.State != CoverageState.Covered);

    private static bool Below(string ouPath, string path) => path == "Root" || ouPath == path || ouPath.StartsWith(path + ":", StringComparison.Ordinal);

    [Fact]
    public void The_matrix_counts_each_account_once_per_control_in_its_own_ou()
    {
        var report = Report();
        var matrix = report.Matrix!;

        matrix.Columns.Select(c => c.Control).Should().Equal("guardduty", "config-rules", "deny-regions", "deny-root-user");
        matrix.Columns.Single(c => c.Control == "deny-regions").Carriers.Should().Equal("gc-scp-sandbox", "gc-scp-workloads");
        matrix.Ous.Select(o => o.Path).Take(5).Should().Equal("Root", Hostile, "Sandbox", "Workloads", "Workloads:Dev");
        var m007 = matrix.Ous.Single(o => o.Path == "Workloads:Municipalities:M007");
        m007.Accounts.Should().Be(2);
        m007.Uncovered.Should().Be(2);
        var rules = m007.Cells.Single(c => matrix.Columns[c.Column].Control == "config-rules");
        (rules.Expected, rules.Missing, rules.Covered).Should().Be((2, 2, 0));
        matrix.Ous.Sum(o => o.Accounts).Should().Be(report.Summary.Accounts, "every account in scope is in exactly one row");
        matrix.Ous.Sum(o => o.Uncovered).Should().Be(report.Accounts.Count(a => a.State != CoverageState.Covered));
    }

    [Fact]
    public void Hostile_names_stay_text_and_the_page_is_self_contained_and_deterministic()
    {
        var report = Report();
        var html = StatusHtmlWriter.Write(report);

        html.Should().NotContain("<script>alert").And.NotContainAny("http://", "https://", "src=", "<link");
        html.Should().Contain("\\u003Cscript\\u003Ealert(\\u0022x\\u0022)\\u003C/script\\u003E \\u0026 \\u0027q\\u0027", "the OU name is escaped inside the embedded data");
        html.Split("<script").Length.Should().Be(3, "the page has exactly its data block and its script");
        html.Should().Be(StatusHtmlWriter.Write(Report()));
    }

    [Fact]
    public void The_matrix_comes_after_the_verdict_and_before_the_same_tables_as_the_markdown_report()
    {
        var report = Report();

        var html = StatusHtmlWriter.Write(report);
        var markdown = StatusMarkdownWriter.Write(report);

        var headings = System.Text.RegularExpressions.Regex.Matches(html, "<h2>(.+?)</h2>").Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        headings.Should().Equal(["OU × control coverage", .. System.Text.RegularExpressions.Regex.Matches(markdown, "^## (.+)$", System.Text.RegularExpressions.RegexOptions.Multiline).Select(m => m.Groups[1].Value)]);
        html.IndexOf("<h2>OU × control coverage</h2>", StringComparison.Ordinal).Should().BeGreaterThan(html.IndexOf(report.Summary.Verdict, StringComparison.Ordinal));
    }

    /// <summary>Drives the page like a reader and records what it drew on the body, for --dump-dom to carry out.</summary>
    private const string Probe = """
        <script>
        (function () {
          const rows = () => [...document.querySelectorAll('#matrix tr[data-ou]')].map(tr => ({
            ou: tr.getAttribute('data-ou'), scope: tr.getAttribute('data-scope'), name: tr.querySelector('td.tree span').textContent,
            gaps: tr.children[1].textContent, cells: [...tr.querySelectorAll('td.c')].map(td => ({ cls: td.className, text: td.textContent, title: td.title })) }));
          const headers = () => [...document.querySelectorAll('#matrix th.v')].map(th => th.textContent);
          const toggle = path => [...document.querySelectorAll('#matrix tr[data-ou]')].find(tr => tr.getAttribute('data-ou') === path).querySelector('button.toggle').click();
          const text = document.getElementById('matrix-text'), control = document.getElementById('matrix-control'), gaps = document.getElementById('matrix-gaps');
          const out = { initial: rows(), headers: headers(), scripts: document.scripts.length, alerts: document.querySelectorAll('script:not([id]):not([data-test])').length };
          const table = document.getElementById('matrix').getBoundingClientRect();
          out.table = { width: table.width, height: table.height };
          document.getElementById('matrix-collapse').click(); out.collapsed = rows();
          toggle('Workloads'); out.expanded = rows();
          toggle('Workloads'); out.recollapsed = rows();
          text.value = 'm00'; text.dispatchEvent(new Event('input')); out.filtered = rows(); out.note = document.getElementById('matrix-note').textContent;
          text.value = '<script>'; text.dispatchEvent(new Event('input')); out.hostile = rows();
          text.value = ''; text.dispatchEvent(new Event('input'));
          control.value = [...control.options].find(o => o.textContent === 'deny-regions').value; control.dispatchEvent(new Event('change'));
          gaps.checked = true; gaps.dispatchEvent(new Event('change')); out.controlGaps = rows(); out.controlHeaders = headers();
          document.body.setAttribute('data-probe', JSON.stringify(out));
        })();
        </script>
        """;

    [Fact]
    public void In_Chromium_the_matrix_collapses_expands_filters_and_puts_the_gaps_first_with_roll_ups_matching_the_report()
    {
        File.Exists(ChromiumPath).Should().BeTrue($"the HTML report test needs headless Chromium at {ChromiumPath}: install it with 'apt-get install -y chromium' (scripts/test does this)");
        var report = Report();
        var probe = Run(StatusHtmlWriter.Write(report));

        // The page drew a real table, and the hostile OU name never became an element.
        probe.GetProperty("table").GetProperty("width").GetDouble().Should().BeGreaterThan(300);
        probe.GetProperty("table").GetProperty("height").GetDouble().Should().BeGreaterThan(200);
        probe.GetProperty("alerts").GetInt32().Should().Be(1, "the only script without an id is the page's own");

        // Controls with gaps first, most accounts lacking first (counted from the report's findings).
        var headers = probe.GetProperty("headers").EnumerateArray().Select(h => h.GetString()!).ToList();
        headers.Should().BeEquivalentTo(new[] { "guardduty", "config-rules", "deny-regions", "deny-root-user" });
        headers.Select(h => Lacking(report, "Root", h)).Should().BeInDescendingOrder();
        headers[0].Should().Be("config-rules", "three accounts lack it, more than any other control");

        // At first: the OUs with gaps are open, worst first; M007 (2 accounts lacking) before M013 (1) before the rest.
        var initial = Rows(probe, "initial").Where(r => r.Scope == "subtree").ToList();
        initial.Select(r => r.Ou).Take(5).Should().Equal("Root", "Workloads", "Workloads:Municipalities", "Workloads:Municipalities:M007", "Workloads:Municipalities:M013");
        var topLevel = initial.Where(r => !r.Ou.Contains(':', StringComparison.Ordinal) && r.Ou != "Root").Select(r => r.Ou).ToList();
        topLevel.Should().Equal("Workloads", "Sandbox", Hostile);
        topLevel.Select(ou => Uncovered(report, ou)).Should().BeInDescendingOrder();
        initial.Select(r => r.Ou).Should().ContainInOrder("Workloads:Municipalities:M013", "Workloads:Municipalities:M001", "Workloads:Dev", "Workloads:Prod");

        // Collapsed: each top-level OU is one row whose cells are the roll-up of its whole subtree.
        var collapsed = Rows(probe, "collapsed");
        collapsed.Select(r => r.Ou).Should().Equal("Root", "Workloads", "Sandbox", Hostile);
        var workloads = collapsed.Single(r => r.Ou == "Workloads");
        workloads.Scope.Should().Be("subtree");
        workloads.Gaps.Should().Be($"{Uncovered(report, "Workloads")} of {1 + 5 + 3 + (2 * Municipalities)}");
        var rules = workloads.Cells[headers.IndexOf("config-rules")];
        rules.Title.Should().Be($"{Lacking(report, "Workloads", "config-rules")} of {2 * Municipalities} accounts in Workloads and below lack config-rules (2 missing, 1 outdated)");
        rules.Text.Should().Be("3");
        rules.Cls.Should().Be("c missing", "the worst state of the three is missing");
        workloads.Cells[headers.IndexOf("guardduty")].Title.Should().Be($"{Lacking(report, "Workloads", "guardduty")} of 8 accounts in Workloads and below lack guardduty (1 failed, 1 missing)");
        workloads.Cells[headers.IndexOf("deny-root-user")].Should().Be(new Cell("c covered", "✓", "all 89 accounts in Workloads and below have deny-root-user"));
        collapsed.Single(r => r.Ou == "Sandbox").Cells[headers.IndexOf("deny-regions")].Title.Should().Be($"{Lacking(report, "Sandbox", "deny-regions")} of 2 accounts in Sandbox lack deny-regions (2 missing)");
        var root = collapsed[0];
        root.Scope.Should().Be("subtree", "Root stays open and still counts every account");
        root.Gaps.Should().Be($"{Uncovered(report, "Root")} of 92", "1 + 5 + 3 + 80 + 2 + 1 accounts; the management account has nothing expected and is out of scope");

        // Expanded: Workloads keeps its roll-up, its own account gets a row, its children follow, the uncovered first.
        var expanded = Rows(probe, "expanded");
        expanded.Select(r => r.Ou).Should().Equal("Root", "Workloads", "Workloads", "Workloads:Municipalities", "Workloads:Dev", "Workloads:Prod", "Sandbox", Hostile);
        expanded[1].Should().BeEquivalentTo(workloads, "opening an OU does not change its roll-up");
        var mine = expanded[2];
        (mine.Scope, mine.Name, mine.Gaps).Should().Be(("own", "accounts directly in Workloads", "1"));
        mine.Cells[headers.IndexOf("config-rules")].Cls.Should().Be("c none");
        mine.Cells[headers.IndexOf("deny-root-user")].Title.Should().Be("the one account directly in Workloads has deny-root-user");
        expanded[3].Cells[headers.IndexOf("config-rules")].Title.Should().StartWith($"{Lacking(report, "Workloads:Municipalities", "config-rules")} of 80 accounts in Workloads:Municipalities and below");
        Rows(probe, "recollapsed").Select(r => r.Ou).Should().Equal(collapsed.Select(r => r.Ou));

        // Filter by text: flat rows with their paths; a hostile name is found as text.
        var filtered = Rows(probe, "filtered");
        filtered.Select(r => r.Ou).Should().Equal(Enumerable.Range(1, 9).Select(m => $"Workloads:Municipalities:M{m:D3}"));
        filtered.Select(r => r.Name).Should().Equal(filtered.Select(r => r.Ou));
        probe.GetProperty("note").GetString().Should().Be("9 OU(s) match");
        Rows(probe, "hostile").Should().ContainSingle().Which.Name.Should().Be(Hostile);

        // One control and only gaps: the OUs where some account lacks deny-regions, and that column alone.
        probe.GetProperty("controlHeaders").EnumerateArray().Select(h => h.GetString()).Should().Equal("deny-regions");
        Rows(probe, "controlGaps").Select(r => r.Ou).Should().Equal("Root", "Sandbox");
    }

    [Fact]
    public void A_five_thousand_ou_organization_opens_with_a_few_hundred_rows_and_stays_small()
    {
        // 5 top-level OUs × 40 × 25 = 5,000 leaf OUs (5,205 OUs), 2 accounts each: one leaf in a hundred lacks its stack set.
        var ous = new List<OrgUnit>();
        var accounts = new List<OrgAccount>();
        var leaves = new List<string>();
        for (var a = 0; a < 5; a++)
        {
            ous.Add(new OrgUnit($"ou-ab12-a{a:D7}", $"A{a}", "r-ab12", $"A{a}"));
            for (var b = 0; b < 40; b++)
            {
                var bPath = $"A{a}:B{b:D2}";
                ous.Add(new OrgUnit($"ou-ab12-b{(a * 40) + b:D7}", $"B{b:D2}", $"ou-ab12-a{a:D7}", bPath));
                for (var c = 0; c < 25; c++)
                {
                    var id = $"ou-ab12-c{leaves.Count:D7}";
                    ous.Add(new OrgUnit(id, $"C{c:D2}", $"ou-ab12-b{(a * 40) + b:D7}", $"{bPath}:C{c:D2}"));
                    leaves.Add($"{bPath}:C{c:D2}");
                    for (var k = 0; k < 2; k++)
                    {
                        accounts.Add(new OrgAccount((100000000000L + accounts.Count).ToString(CultureInfo.InvariantCulture), $"acct-{accounts.Count}", "x@example.jp", "ACTIVE", id));
                    }
                }
            }
        }

        var organization = new OrgSnapshot("o-ab12", "999999999999", "r-ab12", [.. ous], [.. accounts], []);
        var manifest = new CfctManifest(Region, null, [new ManifestResource("gc-baseline", null, "templates/b.template", DeployMethod.StackSet, [], null, [.. leaves], [], [], [], ["baseline"])]);
        var instances = accounts.Where((_, i) => i / 2 % 100 != 42).Select(a => new DeployedInstance(a.Id, Region, "CURRENT", "SUCCEEDED"));
        var report = StatusEvaluator.Evaluate(new StatusOptions(new CfctPackage(manifest, ImmutableSortedDictionary<string, byte[]>.Empty), organization, new DeployedState([new DeployedStackSet("CustomControlTower-gc-baseline", "ACTIVE", "{}", [], null, [.. instances])], [])));
        var html = StatusHtmlWriter.Write(report);

        html.Length.Should().BeLessThan(400_000, "the matrix is data drawn on demand, not 5,000 pre-rendered rows");
        var probe = Run(html, """
            <script>
            const rows = [...document.querySelectorAll('#matrix tr[data-ou]')];
            document.body.setAttribute('data-probe', JSON.stringify({ rows: rows.length, first: rows.slice(0, 4).map(r => r.getAttribute('data-ou')), a4: rows.find(r => r.getAttribute('data-ou') === 'A4').children[1].textContent, note: document.getElementById('matrix-note').textContent }));
            </script>
            """);
        probe.GetProperty("rows").GetInt32().Should().BeInRange(2, 250, "the page opens with the gaps expanded only while it stays a few hundred rows");
        probe.GetProperty("a4").GetString().Should().Be($"{report.Accounts.Count(a => a.OuPath.StartsWith("A4:", StringComparison.Ordinal))} of 2000", "A4 stays collapsed (opening it would pass the budget): its row is the roll-up of its 1,000 leaf OUs");
        probe.GetProperty("first").EnumerateArray().Select(e => e.GetString()).Should().Equal(new[] { "Root", "A0", "A0:B01", "A0:B01:C17" }, "the 42nd leaf (A0:B01:C17) is the first with a gap");
    }

    private sealed record Cell(string Cls, string Text, string Title);

    private sealed record Row(string Ou, string Scope, string Name, string Gaps, IReadOnlyList<Cell> Cells);

    private static List<Row> Rows(JsonElement probe, string name) =>
        [.. probe.GetProperty(name).EnumerateArray().Select(r => new Row(
            r.GetProperty("ou").GetString()!,
            r.GetProperty("scope").GetString()!,
            r.GetProperty("name").GetString()!,
            r.GetProperty("gaps").GetString()!,
            [.. r.GetProperty("cells").EnumerateArray().Select(c => new Cell(c.GetProperty("cls").GetString()!, c.GetProperty("text").GetString()!, c.GetProperty("title").GetString()!))]))];

    private static JsonElement Run(string html, string? probe = null)
    {
        var folder = Directory.CreateTempSubdirectory("govcfct-status-html-");
        try
        {
            var page = Path.Combine(folder.FullName, "status.html");
            File.WriteAllText(page, html.Replace("</body>", "<script data-test>" + (probe ?? Probe)["<script>".Length..] + "</body>", StringComparison.Ordinal));
            var (exit, dom, error) = ExternalTool.Run(ChromiumPath, ["--headless", "--no-sandbox", "--disable-gpu", $"--user-data-dir={Path.Combine(folder.FullName, "profile")}", "--window-size=1200,900", "--virtual-time-budget=5000", "--dump-dom", new Uri(page).AbsoluteUri]);
            exit.Should().Be(0, error);
            var match = System.Text.RegularExpressions.Regex.Match(dom, "data-probe=\"([^\"]*)\"");
            match.Success.Should().BeTrue($"the probe ran and wrote its result: {error}");
            using var document = JsonDocument.Parse(System.Net.WebUtility.HtmlDecode(match.Groups[1].Value));
            return document.RootElement.Clone();
        }
        finally
        {
            folder.Delete(true);
        }
    }
}
