using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace GovCfct.Core.Status;

/// <summary>
/// The status report as one self-contained HTML page (no external resource) for a dashboard or mail: the verdict, the
/// OU × control coverage matrix, then the same tables as the Markdown report. The matrix is drawn by an inline script
/// from the data embedded beside it, so a 5,000-OU organization stays a small page: subtrees start collapsed with
/// their roll-up counts, the OUs and controls with gaps first, and a filter by OU text, control and gaps only.
/// </summary>
public static class StatusHtmlWriter
{
    private const string Style = "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left}td.n{text-align:right}.covered{color:#1a7f37}.failed,.missing{color:#cf222e}.outdated,.drifted{color:#9a6700}code{font-size:.9em}"
        + ".muted{color:#57606a;font-weight:normal}.scroll{overflow:auto;max-width:100%}.filter label{margin-right:1em}"
        + ".matrix td.c{min-width:22px;text-align:center;font-weight:bold;padding:2px 4px}.matrix th.v{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;font-weight:normal;padding:6px 2px}"
        + ".matrix td.tree,.matrix td.n{white-space:nowrap}.matrix button.toggle{border:0;background:none;cursor:pointer;width:1.4em;padding:0}"
        + ".matrix .c.covered{background:#2da44e;color:#fff}.matrix .c.failed{background:#cf222e;color:#fff}.matrix .c.missing{background:#ff8182;color:#1b1f24}"
        + ".matrix .c.outdated,.matrix .c.drifted{background:#f5d90a;color:#3b2300}.matrix .c.none{background:#f6f8fa;color:#8c959f}"
        + ".legend span{display:inline-block;padding:1px 8px;margin-right:6px;border-radius:3px}";

    /// <summary>Draws the matrix from the embedded data (see <see cref="MatrixData"/>); only the rows on screen are built.</summary>
    private const string MatrixScript = """
        (function () {
          'use strict';
          var data = JSON.parse(document.getElementById('matrix-data').textContent);
          var C = data.controls, O = data.ous, n = O.length, m = C.length, W = 5;
          var BUDGET = 200, LIMIT = 500;
          var own = [], tot = [], acc = [], unc = [], kids = [], path = [], depth = [];
          for (var i = 0; i < n; i++) {
            var o = O[i], a = new Int32Array(m * W);
            o[4].forEach(function (c) { for (var k = 0; k < W; k++) { a[c[0] * W + k] = c[k + 1] || 0; } });
            own.push(a); tot.push(a.slice()); acc.push(o[2]); unc.push(o[3]); kids.push([]);
            path.push(o[0] < 0 ? o[1] : (o[0] === 0 ? o[1] : path[o[0]] + ':' + o[1]));
            depth.push(o[0] < 0 ? 0 : depth[o[0]] + 1);
            if (o[0] >= 0) { kids[o[0]].push(i); }
          }
          // Subtree roll-ups: rows are depth-first, so every child comes after its parent.
          for (i = n - 1; i > 0; i--) {
            var p = O[i][0], t = tot[i], q = tot[p];
            for (var j = 0; j < m * W; j++) { q[j] += t[j]; }
            acc[p] += acc[i]; unc[p] += unc[i];
          }
          function lack(v, c) { return v[c * W + 1] + v[c * W + 2] + v[c * W + 3] + v[c * W + 4]; }
          function gaps(i) { var s = 0; for (var c = 0; c < m; c++) { s += lack(tot[i], c); } return s; }
          var gap = []; for (i = 0; i < n; i++) { gap.push(gaps(i)); }
          function byGaps(a, b) { return unc[b] - unc[a] || gap[b] - gap[a] || (O[a][1] < O[b][1] ? -1 : O[a][1] > O[b][1] ? 1 : a - b); }
          kids.forEach(function (k) { k.sort(byGaps); });
          // Controls that some accounts lack come first, most lacking first.
          var order = []; for (var c = 0; c < m; c++) { order.push(c); }
          if (n > 0) { order.sort(function (a, b) { return lack(tot[0], b) - lack(tot[0], a) || a - b; }); }
          // Expanded at first: the OUs with gaps, breadth first, worst first, while the page stays under BUDGET rows.
          var open = new Set();
          function expandGaps(budget) {
            open.clear();
            if (n === 0) { return; }
            open.add(0);
            var rows = 1 + kids[0].length, queue = kids[0].filter(function (k) { return unc[k] > 0; });
            while (queue.length) {
              var x = queue.shift();
              if (kids[x].length === 0 || rows + kids[x].length > budget) { continue; }
              open.add(x); rows += kids[x].length;
              kids[x].forEach(function (k) { if (unc[k] > 0) { queue.push(k); } });
            }
          }
          expandGaps(BUDGET);
          var text = document.getElementById('matrix-text'), control = document.getElementById('matrix-control'), only = document.getElementById('matrix-gaps');
          var table = document.getElementById('matrix'), note = document.getElementById('matrix-note');
          order.forEach(function (c) { var e = document.createElement('option'); e.value = String(c); e.textContent = C[c][0]; control.appendChild(e); });
          var NAMES = ['failed', 'missing', 'outdated', 'drifted'];
          function el(tag, cls, txt) { var e = document.createElement(tag); if (cls) { e.className = cls; } if (txt !== undefined) { e.textContent = txt; } return e; }
          function plural(k, one) { return k + ' ' + one + (k === 1 ? '' : 's'); }
          function cell(v, c, where) {
            var e = v[c * W], l = lack(v, c), id = C[c][0];
            if (e === 0) { var none = el('td', 'c none', '\u00b7'); none.title = 'no account ' + where + ' is expected to have ' + id; return none; }
            if (l === 0) { var ok = el('td', 'c covered', '\u2713'); ok.title = (e === 1 ? 'the one account ' + where + ' has ' : 'all ' + e + ' accounts ' + where + ' have ') + id; return ok; }
            var parts = [], worst = null;
            for (var k = 0; k < 4; k++) { var x = v[c * W + 1 + k]; if (x > 0) { parts.push(x + ' ' + NAMES[k]); if (worst === null) { worst = NAMES[k]; } } }
            var td = el('td', 'c ' + worst, String(l));
            td.title = l + ' of ' + plural(e, 'account') + ' ' + where + ' lack ' + id + ' (' + parts.join(', ') + ')';
            return td;
          }
          // An OU's row counts every account at and below it; an open OU with accounts of its own lists them on a row of their own.
          function row(i, d, flat, mine) {
            var v = mine ? own[i] : tot[i];
            var where = mine ? 'directly in ' + path[i] : (kids[i].length ? 'in ' + path[i] + ' and below' : 'in ' + path[i]);
            var tr = el('tr'); tr.setAttribute('data-ou', path[i]); tr.setAttribute('data-scope', mine ? 'own' : 'subtree');
            var name = el('td', 'tree'); name.style.paddingLeft = (7 + d * 18) + 'px';
            if (kids[i].length && !flat && !mine) {
              var b = el('button', 'toggle', open.has(i) ? '\u25be' : '\u25b8');
              b.type = 'button'; b.setAttribute('aria-expanded', open.has(i) ? 'true' : 'false'); b.setAttribute('aria-label', (open.has(i) ? 'collapse ' : 'expand ') + path[i]);
              b.addEventListener('click', function () { if (open.has(i)) { open.delete(i); } else { open.add(i); } render(); });
              name.appendChild(b);
            }
            name.appendChild(mine ? el('span', 'muted', 'accounts directly in ' + O[i][1]) : el('span', null, flat ? path[i] : O[i][1]));
            if (kids[i].length && !mine && (flat || !open.has(i))) { name.appendChild(el('span', 'muted', ' +' + below(i) + ' OUs')); }
            tr.appendChild(name);
            var a = mine ? O[i][2] : acc[i], u = mine ? O[i][3] : unc[i];
            var gapCell = el('td', 'n' + (u > 0 ? ' failed' : ''), u > 0 ? u + ' of ' + a : String(a));
            gapCell.title = u > 0 ? u + ' of ' + plural(a, 'account') + ' ' + where + ' lack a control' : plural(a, 'account') + ' ' + where + ', none lacking a control';
            tr.appendChild(gapCell);
            shown.forEach(function (c) { tr.appendChild(cell(v, c, where)); });
            return tr;
          }
          var size = [];
          function below(i) { if (size[i] === undefined) { var s = 0; kids[i].forEach(function (k) { s += 1 + below(k); }); size[i] = s; } return size[i]; }
          var shown = [];
          function render() {
            var q = text.value.trim().toLowerCase(), ctl = control.value === '' ? -1 : Number(control.value), g = only.checked;
            shown = ctl >= 0 ? [ctl] : order.filter(function (c) { return !g || lack(tot[0], c) > 0; });
            function visible(i) { return (!g || unc[i] > 0 && (ctl < 0 || lack(tot[i], ctl) > 0)) && (ctl < 0 || tot[i][ctl * W] > 0); }
            var head = el('tr'); head.appendChild(el('th', null, 'OU')); head.appendChild(el('th', null, 'accounts lacking a control'));
            shown.forEach(function (c) { var h = el('th', 'v', C[c][0]); h.title = C[c][0] + ': ' + C[c][1].join(', '); head.appendChild(h); });
            var body = document.createDocumentFragment(), count = 0, more = 0;
            body.appendChild(head);
            if (q) {
              for (var i = 0; i < n; i++) {
                if ((O[i][1].toLowerCase().indexOf(q) >= 0 || path[i].toLowerCase().indexOf(q) >= 0) && visible(i)) {
                  if (count < LIMIT) { body.appendChild(row(i, 0, true, false)); count++; } else { more++; }
                }
              }
            } else if (n > 0) {
              var stack = [[0, 0]];
              while (stack.length) {
                var top = stack.pop(), x = top[0];
                if (x !== 0 && !visible(x)) { continue; }
                body.appendChild(row(x, top[1], false, false)); count++;
                if (open.has(x) && kids[x].length && O[x][2] > 0 && (!g || O[x][3] > 0 && (ctl < 0 || lack(own[x], ctl) > 0)) && (ctl < 0 || own[x][ctl * W] > 0)) { body.appendChild(row(x, top[1] + 1, false, true)); }
                if (open.has(x)) { for (var k = kids[x].length - 1; k >= 0; k--) { stack.push([kids[x][k], top[1] + 1]); } }
              }
            }
            table.textContent = '';
            table.appendChild(body);
            note.textContent = (q ? count + more + ' OU(s) match' : count + ' OU row(s) shown of ' + n) + (more ? '; the first ' + LIMIT + ' are shown, narrow the filter for the rest' : '');
          }
          text.addEventListener('input', render); control.addEventListener('change', render); only.addEventListener('change', render);
          document.getElementById('matrix-collapse').addEventListener('click', function () { open.clear(); open.add(0); render(); });
          document.getElementById('matrix-expand').addEventListener('click', function () { expandGaps(Infinity); render(); });
          render();
        })();
        """;

    public static string Write(StatusReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Control coverage status</title>\n");
        html.Append("<style>").Append(Style).Append("</style>\n</head>\n<body>\n");
        html.Append("<h1>Control coverage status</h1>\n");
        if (report.GeneratedAt is { } at)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>Generated {E(at)}.</p>\n");
        }

        if (report.ExpectedSource is { } source)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>Expected state: {E(source)}.</p>\n");
        }

        html.Append(CultureInfo.InvariantCulture, $"<p class=\"{(report.IsCovered ? "covered" : "failed")}\"><strong>{E(report.Summary.Verdict)}</strong></p>\n");
        if (report.Matrix is { } matrix)
        {
            Matrix(html, matrix);
        }

        foreach (var table in StatusTables.Of(report))
        {
            if (table.Heading is not null)
            {
                html.Append("<h2>").Append(E(table.Heading)).Append("</h2>\n");
            }

            html.Append("<table><tr>");
            foreach (var column in table.Columns)
            {
                html.Append("<th>").Append(E(column.Name)).Append("</th>");
            }

            html.Append("</tr>\n");
            foreach (var row in table.Rows)
            {
                html.Append("<tr>");
                for (var i = 0; i < row.Length; i++)
                {
                    var cell = row[i];
                    var css = cell.State is { } state ? StatusTables.StateName(state) : table.Columns[i].Numeric ? "n" : null;
                    html.Append(css is null ? "<td>" : $"<td class=\"{css}\">");
                    html.Append(cell.Code && cell.Text.Length > 0 ? $"<code>{E(cell.Text)}</code>" : E(cell.Text)).Append("</td>");
                }

                html.Append("</tr>\n");
            }

            html.Append("</table>\n");
            if (table.Note is not null)
            {
                html.Append("<p>").Append(E(table.Note.Replace("`", string.Empty, StringComparison.Ordinal))).Append("</p>\n");
            }
        }

        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void Matrix(StringBuilder html, StatusMatrix matrix)
    {
        html.Append("<h2>OU × control coverage</h2>\n")
            .Append("<p class=\"legend matrix\"><span class=\"c covered\">✓ every account has it</span><span class=\"c failed\">n failed</span><span class=\"c missing\">n missing</span>")
            .Append("<span class=\"c outdated\">n outdated or drifted</span><span class=\"c none\">· not expected</span> A number is how many accounts lack the control (hover for the count by state). ")
            .Append("An OU's row counts every account in it and below it; open it to see its child OUs (and its own accounts on a row of their own). OUs and controls with accounts lacking a control come first, and the OUs with gaps start open.</p>\n")
            .Append("<p class=\"filter\"><label>OU <input type=\"search\" id=\"matrix-text\" placeholder=\"name or path\"></label>")
            .Append("<label>control <select id=\"matrix-control\"><option value=\"\">all controls</option></select></label>")
            .Append("<label><input type=\"checkbox\" id=\"matrix-gaps\"> only gaps</label>")
            .Append("<button type=\"button\" id=\"matrix-expand\">expand every OU with gaps</button> <button type=\"button\" id=\"matrix-collapse\">collapse all</button></p>\n")
            .Append("<p class=\"muted\" id=\"matrix-note\"></p>\n")
            .Append("<noscript><p>The matrix is drawn by the page's script; the tables below list every account that lacks a control.</p></noscript>\n")
            .Append("<div class=\"scroll\"><table class=\"matrix\" id=\"matrix\"></table></div>\n")
            .Append("<script type=\"application/json\" id=\"matrix-data\">").Append(MatrixData(matrix)).Append("</script>\n")
            .Append("<script>\n").Append(MatrixScript).Append("</script>\n");
    }

    /// <summary>
    /// The matrix as compact JSON: <c>controls</c> = [id, [carriers]], <c>ous</c> = [parent index, name, accounts,
    /// accounts lacking a control, [[column, expected, failed, missing, outdated, drifted], ...]] with trailing zeros
    /// left out. The encoder escapes &lt;, &gt;, &amp; and quotes, so no name can close the script element.
    /// </summary>
    internal static string MatrixData(StatusMatrix matrix)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) }))
        {
            json.WriteStartObject();
            json.WriteStartArray("controls");
            foreach (var column in matrix.Columns)
            {
                json.WriteStartArray();
                json.WriteStringValue(column.Control);
                json.WriteStartArray();
                foreach (var carrier in column.Carriers)
                {
                    json.WriteStringValue(carrier);
                }

                json.WriteEndArray();
                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WriteStartArray("ous");
            foreach (var ou in matrix.Ous)
            {
                json.WriteStartArray();
                json.WriteNumberValue(ou.Parent);
                json.WriteStringValue(ou.Name);
                json.WriteNumberValue(ou.Accounts);
                json.WriteNumberValue(ou.Uncovered);
                json.WriteStartArray();
                foreach (var cell in ou.Cells)
                {
                    int[] values = [cell.Column, cell.Expected, cell.Failed, cell.Missing, cell.Outdated, cell.Drifted];
                    var length = values.Length;
                    while (length > 2 && values[length - 1] == 0)
                    {
                        length--;
                    }

                    json.WriteStartArray();
                    foreach (var value in values.AsSpan(0, length))
                    {
                        json.WriteNumberValue(value);
                    }

                    json.WriteEndArray();
                }

                json.WriteEndArray();
                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
