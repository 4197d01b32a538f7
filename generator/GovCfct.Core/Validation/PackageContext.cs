using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;
using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Packaging;

namespace GovCfct.Core.Validation;

/// <summary>
/// Everything the rules look at: the read manifest, the package files, the optional org snapshot and previous
/// package. File reads and template parses are cached so every rule can ask without re-reading.
/// </summary>
public sealed partial class PackageContext
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly Dictionary<string, string?> _texts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CfnTemplate> _templates = new(StringComparer.Ordinal);

    public PackageContext(PackageValidationOptions options, PackageFiles package, ManifestReadResult manifest, ManifestReadResult? previous)
    {
        ArgumentNullException.ThrowIfNull(package);
        Options = options;
        Package = package;
        Manifest = manifest;
        Previous = previous;
        Organization = options.Organization;
        TemplateFiles = [.. package.Files.Keys.Where(f => f.StartsWith("templates/", StringComparison.Ordinal) && TemplateExtension().IsMatch(f))];
    }

    public PackageValidationOptions Options { get; }

    /// <summary>The package's files, as <see cref="PackageFolder"/> read them: the rules never read the disk themselves.</summary>
    public PackageFiles Package { get; }

    public ManifestReadResult Manifest { get; }

    public ManifestReadResult? Previous { get; }

    /// <summary>The previous package's files (with <see cref="Previous"/>): the templates a renamed stack set leaves behind.</summary>
    public PackageFiles? PreviousFiles { get; init; }

    public OrgSnapshot? Organization { get; }

    /// <summary>Files under templates/ that CfCT's Build stage validates as templates (.template, .yaml, .yml, .json).</summary>
    public ImmutableArray<string> TemplateFiles { get; }

    /// <summary>CfCT classifies a path by its lower-cased prefix: "s3..." is S3, "http..." a URL, anything else local.</summary>
    public static bool IsRemote(string path) =>
        path.StartsWith("s3://", StringComparison.OrdinalIgnoreCase)
        || path.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
        || path.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>A manifest path as a package-relative path with forward slashes.</summary>
    public static string Normalize(string path)
    {
        var p = path.Replace('\\', '/');
        while (p.StartsWith("./", StringComparison.Ordinal))
        {
            p = p[2..];
        }

        return p;
    }

    public bool FileExists(string relativePath) =>
        !IsRemote(relativePath) && Package.Files.ContainsKey(Normalize(relativePath));

    /// <summary>The package's files under <paramref name="folder"/> (no trailing slash) whose names end with <paramref name="extension"/>, in ordinal order.</summary>
    public IEnumerable<string> FilesUnder(string folder, string extension) =>
        Package.Files.Keys.Where(f => f.StartsWith(folder + "/", StringComparison.Ordinal) && f.EndsWith(extension, StringComparison.Ordinal));

    /// <summary>The text of a package file, or null when it does not exist or cannot be read.</summary>
    public string? ReadText(string relativePath)
    {
        var key = Normalize(relativePath);
        if (!_texts.TryGetValue(key, out var text))
        {
            // As File.ReadAllText would: UTF-8, a leading BOM dropped; the YAML and JSON rules judge the text itself.
            text = Package.Files.TryGetValue(key, out var bytes) ? Utf8.GetString(bytes.AsSpan(bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0)) : null;
            _texts[key] = text;
        }

        return text;
    }

    /// <summary>The parsed template, or null when the file is remote or missing.</summary>
    public CfnTemplate? Template(string relativePath)
    {
        var key = Normalize(relativePath);
        if (_templates.TryGetValue(key, out var template))
        {
            return template;
        }

        if (IsRemote(key) || ReadText(key) is not { } text)
        {
            return null;
        }

        template = CfnTemplateReader.Parse(text);
        _templates[key] = template;
        return template;
    }

    public SourceLocation At(string relativePath, int line = 0, int column = 0) => new(Normalize(relativePath), line, column);

    /// <summary>Every stack set's regions, or the manifest region when a stack set lists none (CfCT's default).</summary>
    public IEnumerable<string> StackSetRegions(ManifestResource resource) =>
        resource.Regions.IsEmpty ? [Manifest.Manifest?.Region ?? string.Empty] : resource.Regions;

    [GeneratedRegex(@"(\.template|\.yaml|\.yml|\.json)\z")]
    private static partial Regex TemplateExtension();
}
