using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace GovCfct.Cli;

/// <summary>
/// What this GovCfct is: its version (one place: Directory.Build.props) and the control catalog it carries beside
/// govcfct.dll, so `--version` can name both and a governance repository needs only its own controls.
/// </summary>
internal static class ToolIdentity
{
    /// <summary>The informational version, e.g. <c>0.9.0</c>.</summary>
    public static string Version { get; } =
        typeof(ToolIdentity).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>The catalog folder that travels with the tool, or null when it is missing (never in a built tool).</summary>
    public static string? CarriedCatalog { get; } = Existing(Path.Combine(AppContext.BaseDirectory, "catalog"));

    /// <summary>True when <paramref name="templates"/> exists or the tool carries a catalog to use instead.</summary>
    public static bool CatalogAvailable(DirectoryInfo templates) => templates.Exists || CarriedCatalog is not null;

    /// <summary>
    /// The carried catalog's identity: its control count and a SHA-256 over every file's relative path and bytes,
    /// in ordinal order, so two installs with the same digest render the same controls.
    /// </summary>
    public static string DescribeCatalog()
    {
        if (CarriedCatalog is null)
        {
            return "no carried catalog";
        }

        var files = Directory.GetFiles(CarriedCatalog, "*", SearchOption.AllDirectories)
            .Select(path => (Relative: Path.GetRelativePath(CarriedCatalog, path).Replace('\\', '/'), Path: path))
            .Where(file => !file.Relative.Split('/').Any(part => part.StartsWith('.')))
            .OrderBy(file => file.Relative, StringComparer.Ordinal)
            .ToList();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (relative, path) in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(relative + "\n"));
            hash.AppendData(File.ReadAllBytes(path));
        }

        var controls = Directory.GetFiles(CarriedCatalog, "control.yaml", SearchOption.AllDirectories).Length;
        return $"catalog {controls} controls, sha256:{Convert.ToHexStringLower(hash.GetHashAndReset())[..16]}";
    }

    private static string? Existing(string path) => Directory.Exists(path) ? path : null;
}
