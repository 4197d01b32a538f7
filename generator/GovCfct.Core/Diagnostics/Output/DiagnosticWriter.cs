using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace GovCfct.Core.Diagnostics.Output;

/// <summary>
/// Writes diagnostics in any <see cref="DiagnosticFormat"/>; shared by every command. Output is deterministic
/// (sorted diagnostics, LF, no timestamps) so reports can be diffed and cached.
/// </summary>
public static class DiagnosticWriter
{
    /// <summary>Version of the JSON report schema; bump it when a field changes meaning.</summary>
    public const int JsonSchemaVersion = 1;

    public const string SarifSchema = "https://json.schemastore.org/sarif-2.1.0.json";

    /// <summary>
    /// Formats the findings; <paramref name="toolVersion"/> is the running tool's informational version (SARIF's driver
    /// version). Every form names the files from <paramref name="currentDirectory"/> (default: the process's), as
    /// <see cref="DiagnosticPaths"/> does for the console.
    /// </summary>
    public static string Format(IReadOnlyList<Diagnostic> diagnostics, DiagnosticFormat format, string toolVersion, string? currentDirectory = null)
    {
        var located = DiagnosticPaths.FromDirectory(diagnostics, currentDirectory ?? Environment.CurrentDirectory);
        return format switch
        {
            DiagnosticFormat.Json => Json(located),
            DiagnosticFormat.Sarif => Sarif(located, toolVersion, DiagnosticDocs.BaseUri),
            DiagnosticFormat.Junit => JUnitReport.Write(located, "govcfct validate"),
            _ => Text(located),
        };
    }

    /// <summary>One compiler-form line per diagnostic (<c>path(line,col): error GCF2001: ...</c>), LF-terminated.</summary>
    public static string Text(IReadOnlyList<Diagnostic> diagnostics)
    {
        var text = new StringBuilder();
        foreach (var diagnostic in diagnostics)
        {
            text.Append(diagnostic.ToString()).Append('\n');
        }

        return text.ToString();
    }

    public static string Json(IReadOnlyList<Diagnostic> diagnostics) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteNumber("version", JsonSchemaVersion);
        writer.WriteStartArray("diagnostics");
        foreach (var d in diagnostics)
        {
            writer.WriteStartObject();
            writer.WriteString("severity", SeverityName(d.Severity));
            writer.WriteString("code", d.Code);
            writer.WriteString("message", d.Message);
            WriteNullable(writer, "file", d.Location?.File);
            writer.WriteNumber("line", d.Location?.Line ?? 0);
            writer.WriteNumber("column", d.Location is { Line: > 0 } l ? Math.Max(l.Column, 1) : 0);
            WriteNullable(writer, "hint", d.Hint);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartObject("summary");
        writer.WriteNumber("errors", diagnostics.Count(d => d.Severity == Severity.Error));
        writer.WriteNumber("warnings", diagnostics.Count(d => d.Severity == Severity.Warning));
        writer.WriteNumber("infos", diagnostics.Count(d => d.Severity == Severity.Info));
        writer.WriteEndObject();
        writer.WriteEndObject();
    });

    /// <summary>
    /// SARIF 2.1.0: one run; tool.driver names the tool and its informational version and has one rule per code
    /// reported, described by its <see cref="DiagnosticDescriptor"/> (title, help, default level, and a
    /// <c>helpUri</c> when <paramref name="docsBase"/> is set: SARIF wants that absolute); results with relative artifact URIs.
    /// A result's level is its own severity, which <c>--warnings-as-errors</c> may raise above the rule's default.
    /// </summary>
    public static string Sarif(IReadOnlyList<Diagnostic> diagnostics, string toolVersion, Uri? docsBase = null) => Write(writer =>
    {
        var rules = diagnostics.Select(d => d.Descriptor).DistinctBy(d => d.Id).OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
        var codes = rules.ConvertAll(r => r.Id);
        writer.WriteStartObject();
        writer.WriteString("$schema", SarifSchema);
        writer.WriteString("version", "2.1.0");
        writer.WriteStartArray("runs");
        writer.WriteStartObject();
        writer.WriteStartObject("tool");
        writer.WriteStartObject("driver");
        writer.WriteString("name", "govcfct");
        writer.WriteString("version", toolVersion);
        writer.WriteStartArray("rules");
        foreach (var rule in rules)
        {
            writer.WriteStartObject();
            writer.WriteString("id", rule.Id);
            if (DiagnosticCodes.NameOf(rule) is { } name)
            {
                writer.WriteString("name", name);
            }

            WriteMessage(writer, "shortDescription", rule.Title);
            WriteMessage(writer, "help", rule.Help);
            if (rule.HelpUri(docsBase) is { } helpUri)
            {
                writer.WriteString("helpUri", helpUri.AbsoluteUri);
            }

            writer.WriteStartObject("defaultConfiguration");
            writer.WriteString("level", SarifLevel(rule.DefaultSeverity));
            writer.WriteEndObject();
            writer.WriteStartObject("properties");
            writer.WriteString("category", rule.Page.Name);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteStartArray("results");
        foreach (var d in diagnostics)
        {
            writer.WriteStartObject();
            writer.WriteString("ruleId", d.Code);
            writer.WriteNumber("ruleIndex", codes.IndexOf(d.Code));
            writer.WriteString("level", SarifLevel(d.Severity));
            writer.WriteStartObject("message");
            writer.WriteString("text", string.IsNullOrEmpty(d.Hint) ? d.Message : $"{d.Message} Fix: {d.Hint}");
            writer.WriteEndObject();
            if (d.Location is { } location && !string.IsNullOrEmpty(location.File))
            {
                writer.WriteStartArray("locations");
                writer.WriteStartObject();
                writer.WriteStartObject("physicalLocation");
                writer.WriteStartObject("artifactLocation");
                WriteArtifactUri(writer, location.File);
                writer.WriteEndObject();
                if (location.Line > 0)
                {
                    writer.WriteStartObject("region");
                    writer.WriteNumber("startLine", location.Line);
                    writer.WriteNumber("startColumn", Math.Max(location.Column, 1));
                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    public static string SeverityName(Severity severity) => DiagnosticDocs.SeverityName(severity);

    /// <summary>
    /// A SARIF artifactLocation names a file by a URI: a relative reference with <c>uriBaseId</c> %SRCROOT% (the folder
    /// the command ran in, which code-scanning consumers take as the repository root), or an absolute <c>file:</c> URI
    /// without a base for a file outside that folder.
    /// </summary>
    private static void WriteArtifactUri(Utf8JsonWriter writer, string file)
    {
        if (Path.IsPathRooted(file))
        {
            writer.WriteString("uri", new Uri(file).AbsoluteUri);
            return;
        }

        writer.WriteString("uri", Uri.EscapeDataString(file).Replace("%2F", "/", StringComparison.Ordinal));
        writer.WriteString("uriBaseId", "%SRCROOT%");
    }

    /// <summary>A SARIF multiformatMessageString: the Markdown as written, and as plain text without code spans' backticks.</summary>
    private static void WriteMessage(Utf8JsonWriter writer, string name, string markdown)
    {
        writer.WriteStartObject(name);
        writer.WriteString("text", markdown.Replace("`", string.Empty, StringComparison.Ordinal));
        writer.WriteString("markdown", markdown);
        writer.WriteEndObject();
    }

    private static string SarifLevel(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "note",
    };

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static string Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            body(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
