using System.Collections.Immutable;
using System.Text;
using GovCfct.Core.Catalog;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Core.Scaffolding;

/// <summary>What a new governance repository is named and governs; every value lands in organization.yaml.</summary>
public sealed record ScaffoldOptions(
    string Name,
    string ResourcePrefix,
    string HomeRegion,
    ImmutableArray<string> GovernedRegions,
    string BreakGlassRoleName,
    string ToolVersion);

/// <summary>The files of a new governance repository, by path relative to its root, in ordinal order.</summary>
public sealed record ScaffoldResult(ImmutableSortedDictionary<string, byte[]> Files);

/// <summary>
/// Writes a governance repository: the definition (organization.yaml, ous/, the schemas for editors), an empty
/// <c>templates/</c> for the organization's own controls, the buildspec, the tool manifest pinning this GovCfct,
/// .gitignore and a README. The definition is loaded by the one definition loader before anything is written, and
/// nothing is written when a file would be replaced: a half-initialized repository never exists.
/// </summary>
public static class GovernanceRepositoryScaffold
{
    private const string ResourcePrefix = "GovCfct.Scaffold/";

    /// <summary>
    /// The repository's files; the definition schemas are generated from <paramref name="catalog"/> (the catalog the tool
    /// carries), so editors complete its control ids and parameters from the first day.
    /// </summary>
    public static ScaffoldResult Render(ScaffoldOptions options, ControlCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(catalog);
        var files = ImmutableSortedDictionary.CreateBuilder<string, byte[]>(StringComparer.Ordinal);
        var assembly = typeof(GovernanceRepositoryScaffold).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var text = Substitute(reader.ReadToEnd(), options);
            files[TargetPath(resource[ResourcePrefix.Length..])] = Encoding.UTF8.GetBytes(text);
        }

        foreach (var (name, bytes) in DefinitionSchemaGenerator.Generate(catalog))
        {
            files[$"manifest/schema/{name}"] = bytes;
        }

        return new ScaffoldResult(files.ToImmutable());
    }

    /// <summary>
    /// Writes <paramref name="scaffold"/> under <paramref name="root"/> after loading its definition; returns false
    /// (with diagnostics, nothing written) when a file exists already or the definition would not load.
    /// </summary>
    public static bool Write(ScaffoldResult scaffold, string root, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(scaffold);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var existing = scaffold.Files.Keys.Where(path => File.Exists(Path.Combine(root, path)) || Directory.Exists(Path.Combine(root, path))).ToList();
        foreach (var path in existing)
        {
            diagnostics.Report(DiagnosticCodes.ScaffoldFileExists, $"'{path}' exists already; init writes into a new or empty repository", new SourceLocation(path), "run init in an empty folder, or move the file away");
        }

        if (existing.Count > 0)
        {
            return false;
        }

        var staging = Directory.CreateTempSubdirectory("govcfct-init-");
        try
        {
            foreach (var (path, bytes) in scaffold.Files)
            {
                var file = Path.Combine(staging.FullName, path);
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                File.WriteAllBytes(file, bytes);
            }

            // The one definition loader judges the scaffold, so a bad --prefix or region is its diagnostic, not ours.
            var check = new DiagnosticBag();
            new DefinitionLoader().Load(Path.Combine(staging.FullName, "manifest"), check);
            if (check.HasErrors)
            {
                diagnostics.AddRange(check.Items.Where(d => d.IsError));
                return false;
            }

            Directory.CreateDirectory(root);
            foreach (var path in scaffold.Files.Keys)
            {
                var target = Path.Combine(root, path);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Move(Path.Combine(staging.FullName, path), target);
            }

            return true;
        }
        finally
        {
            staging.Delete(recursive: true);
        }
    }

    // Embedded names cannot start with a dot; the repository's files do.
    private static string TargetPath(string name) => name switch
    {
        "gitignore" => ".gitignore",
        _ when name.StartsWith("config/", StringComparison.Ordinal) => "." + name,
        _ => name,
    };

    private static string Substitute(string text, ScaffoldOptions options) => text
        .Replace("{{ name }}", options.Name, StringComparison.Ordinal)
        .Replace("{{ prefix }}", options.ResourcePrefix, StringComparison.Ordinal)
        .Replace("{{ home_region }}", options.HomeRegion, StringComparison.Ordinal)
        .Replace("{{ governed_regions }}", string.Join('\n', options.GovernedRegions.Select(r => "    - " + r)), StringComparison.Ordinal)
        .Replace("{{ break_glass_role }}", options.BreakGlassRoleName, StringComparison.Ordinal)
        .Replace("{{ version }}", options.ToolVersion, StringComparison.Ordinal);
}
