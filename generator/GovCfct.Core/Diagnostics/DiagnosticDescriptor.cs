using System.Reflection;

namespace GovCfct.Core.Diagnostics;

/// <summary>
/// What a diagnostic code is, as Roslyn's <c>DiagnosticDescriptor</c>: its id, the one severity it is reported
/// with, what it means (<see cref="Title"/>) and what to do about it (<see cref="Help"/>), and the docs page that
/// lists it. Every descriptor lives in <see cref="DiagnosticCodes"/>; the docs tables and SARIF rules are generated
/// from them, so a code has one severity and one description everywhere.
/// </summary>
/// <param name="Id">The code, e.g. <c>GCF1706</c>.</param>
/// <param name="DefaultSeverity">The severity every report of the code has (<c>--warnings-as-errors</c> may raise a warning).</param>
/// <param name="Page">The stage whose docs page lists the code; its id lies in the page's range.</param>
/// <param name="Title">The docs table's "meaning" (Markdown, one line).</param>
/// <param name="Help">The docs table's "what to do" (Markdown, one line).</param>
public sealed record DiagnosticDescriptor(string Id, Severity DefaultSeverity, DiagnosticPage Page, string Title, string Help)
{
    /// <summary>The code's row in the docs, relative to the repository root: <c>docs/diagnostics/policies.md#gcf1706</c>.</summary>
    public string HelpPath => $"{Page.DocsPath}#{Id.ToLowerInvariant()}";

    /// <summary>
    /// The absolute help link for SARIF's <c>helpUri</c>: <see cref="HelpPath"/> under <paramref name="docsBase"/>
    /// (default <see cref="DiagnosticDocs.BaseUri"/>), or null when no base is configured, since SARIF 2.1.0 wants an
    /// absolute URI there.
    /// </summary>
    public Uri? HelpUri(Uri? docsBase) => docsBase is null ? null : new Uri(docsBase, HelpPath);

    /// <summary>The id, so a descriptor reads as its code in messages.</summary>
    public override string ToString() => Id;
}

/// <summary>
/// A stage's docs page of diagnostics and the id range its codes take. The code table on the page is generated
/// from the descriptors (<see cref="DiagnosticDocs.Table"/>); the prose around it is written by hand.
/// </summary>
/// <param name="Name">Short name, e.g. <c>policies</c>.</param>
/// <param name="DocsPath">The page, relative to the repository root.</param>
/// <param name="First">Lowest id number of the range (inclusive).</param>
/// <param name="Last">Highest id number of the range (inclusive).</param>
public sealed record DiagnosticPage(string Name, string DocsPath, int First, int Last)
{
    public static readonly DiagnosticPage Definition = Stage("definition", 1000, 1199);
    public static readonly DiagnosticPage Catalog = Stage("catalog", 1200, 1399);
    public static readonly DiagnosticPage Resolution = Stage("resolution", 1400, 1499);
    public static readonly DiagnosticPage Packaging = Stage("packaging", 1500, 1599);
    public static readonly DiagnosticPage Rendering = Stage("rendering", 1600, 1699);
    public static readonly DiagnosticPage Policies = Stage("policies", 1700, 1899);
    public static readonly DiagnosticPage Validation = Stage("validation", 2000, 2999);
    public static readonly DiagnosticPage Organization = Stage("organization", 3000, 3099);
    public static readonly DiagnosticPage Planning = Stage("planning", 3100, 3499);
    public static readonly DiagnosticPage Status = Stage("status", 3500, 3599);
    public static readonly DiagnosticPage Aws = Stage("aws", 4000, 4199);
    public static readonly DiagnosticPage Publish = Stage("publish", 4200, 4499);
    public static readonly DiagnosticPage Cdk = Stage("cdk", 5000, 5199);
    public static readonly DiagnosticPage Accounts = Stage("accounts", 6000, 6199);
    public static readonly DiagnosticPage Scaffolding = Stage("scaffolding", 6200, 6299);
    public static readonly DiagnosticPage Replay = Stage("replay", 7000, 7099);

    /// <summary>Command line and internal codes, listed on the overview page itself.</summary>
    public static readonly DiagnosticPage CommandLine = new("command line", "docs/diagnostics.md", 9000, 9099);

    /// <summary>Every page, in range order.</summary>
    public static IReadOnlyList<DiagnosticPage> All { get; } =
    [
        Definition, Catalog, Resolution, Packaging, Rendering, Policies, Validation, Organization, Planning, Status,
        Aws, Publish, Cdk, Accounts, Scaffolding, Replay, CommandLine,
    ];

    /// <summary>True when <paramref name="id"/> (<c>GCFnnnn</c>) lies in this page's range.</summary>
    public bool Contains(string id) =>
        id.Length == 7 && id.StartsWith("GCF", StringComparison.Ordinal) && int.TryParse(id.AsSpan(3), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= First && n <= Last;

    private static DiagnosticPage Stage(string name, int first, int last) => new(name, $"docs/diagnostics/{name}.md", first, last);
}

/// <summary>Renders the docs' code tables from the descriptors, and knows where the published docs live.</summary>
public static class DiagnosticDocs
{
    /// <summary>The header of every code table; the test finds the table on a page by it.</summary>
    public const string Header = "| code | severity | meaning | what to do |";

    /// <summary>The assembly metadata key that carries the MSBuild property <c>GovCfctDocsBaseUrl</c>.</summary>
    public const string BaseUrlMetadataKey = "GovCfctDocsBaseUrl";

    /// <summary>
    /// Where the repository's files are published (e.g. <c>https://git.example/govcfct/blob/main/</c>), from the MSBuild
    /// property <c>GovCfctDocsBaseUrl</c> (Directory.Build.props, empty by default), or null when none is set. SARIF
    /// rules get a <c>helpUri</c> only when it is set.
    /// </summary>
    public static Uri? BaseUri { get; } = ParseBase(
        typeof(DiagnosticDocs).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == BaseUrlMetadataKey)?.Value);

    /// <summary>An absolute http(s) URL ending in '/' (one is added), or null for an empty or unusable value.</summary>
    public static Uri? ParseBase(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = value.EndsWith('/') ? value : value + "/";
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri : null;
    }

    /// <summary>The severity as the docs and JSON output write it.</summary>
    public static string SeverityName(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "info",
    };

    /// <summary>
    /// The code table of <paramref name="page"/>: header, separator and one row per descriptor in id order, each code
    /// cell carrying the anchor <see cref="DiagnosticDescriptor.HelpPath"/> points at. LF line ends, no trailing newline.
    /// </summary>
    public static string Table(DiagnosticPage page, IEnumerable<DiagnosticDescriptor>? descriptors = null)
    {
        var rows = (descriptors ?? DiagnosticCodes.All).Where(d => d.Page == page).OrderBy(d => d.Id, StringComparer.Ordinal);
        var lines = new List<string> { Header, "|---|---|---|---|" };
        lines.AddRange(rows.Select(d =>
            $"| <a id=\"{d.Id.ToLowerInvariant()}\"></a>{d.Id} | {SeverityName(d.DefaultSeverity)} | {Cell(d.Title)} | {Cell(d.Help)} |"));
        return string.Join('\n', lines);
    }

    private static string Cell(string text) => Output.MarkdownTable.AuthoredCell(text);
}
