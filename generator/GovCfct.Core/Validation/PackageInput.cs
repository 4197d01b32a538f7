using System.IO.Compression;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Core.Validation;

/// <summary>
/// Where a package is, in the forms CfCT's sources take it: a folder with <c>manifest.yaml</c> at its root, a folder
/// whose root holds <c>custom-control-tower-configuration/</c>, or the S3 source's zip
/// (<c>custom-control-tower-configuration.zip</c>) with the manifest at its root or in that top-level folder — CfCT's
/// Build stage accepts exactly these (the buildspec's "manifest.yaml does not exist at the root level of
/// custom-control-tower-configuration.zip or inside custom-control-tower-configuration folder"). A zip is extracted to
/// a temporary folder that <see cref="Dispose"/> removes.
/// </summary>
public sealed class PackageInput : IDisposable
{
    /// <summary>The folder name CfCT's Build stage looks in when manifest.yaml is not at the root.</summary>
    public const string ConfigurationFolder = "custom-control-tower-configuration";

    private readonly string? _temporary;

    private PackageInput(string directory, string? temporary)
    {
        Directory = directory;
        _temporary = temporary;
    }

    /// <summary>The folder that holds manifest.yaml (inside the extracted copy for a zip).</summary>
    public string Directory { get; }

    /// <summary>Resolves <paramref name="path"/>; null (with a diagnostic) when it holds no CfCT package.</summary>
    public static PackageInput? Open(string path, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        if (File.Exists(path))
        {
            return OpenZip(path, diagnostics);
        }

        if (FindManifestFolder(path) is { } folder)
        {
            return new PackageInput(folder, null);
        }

        diagnostics.Report(DiagnosticCodes.ManifestMissing, $"the folder has no manifest.yaml at its root or in {ConfigurationFolder}/, so it is not a CfCT package", new SourceLocation("manifest.yaml"), "point govcfct validate at the folder that holds manifest.yaml, its parent with custom-control-tower-configuration/, the S3 source zip, or a folder with organization.yaml for a definition");
        return null;
    }

    /// <summary>The folder or its custom-control-tower-configuration/ child, whichever holds manifest.yaml.</summary>
    public static string? FindManifestFolder(string directory)
    {
        if (File.Exists(Path.Combine(directory, "manifest.yaml")))
        {
            return directory;
        }

        var nested = Path.Combine(directory, ConfigurationFolder);
        return File.Exists(Path.Combine(nested, "manifest.yaml")) ? nested : null;
    }

    public void Dispose()
    {
        if (_temporary is not null && System.IO.Directory.Exists(_temporary))
        {
            System.IO.Directory.Delete(_temporary, recursive: true);
        }
    }

    private static PackageInput? OpenZip(string path, DiagnosticBag diagnostics)
    {
        var display = new SourceLocation(Path.GetFileName(path));
        var temporary = System.IO.Directory.CreateTempSubdirectory("govcfct-validate-").FullName;
        try
        {
            using var zip = ZipFile.OpenRead(path);
            var root = Path.GetFullPath(temporary) + Path.DirectorySeparatorChar;
            foreach (var entry in zip.Entries)
            {
                var target = Path.GetFullPath(Path.Combine(temporary, entry.FullName));
                if (!target.StartsWith(root, StringComparison.Ordinal))
                {
                    diagnostics.Report(DiagnosticCodes.ManifestMissing, $"the zip entry '{entry.FullName}' points outside the archive", display, "rebuild the zip from the package folder");
                    Delete(temporary);
                    return null;
                }

                if (entry.FullName.EndsWith('/'))
                {
                    System.IO.Directory.CreateDirectory(target);
                    continue;
                }

                System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                entry.ExtractToFile(target, overwrite: true);
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            Delete(temporary);
            diagnostics.Report(DiagnosticCodes.ManifestMissing, $"'{display.File}' is neither a folder nor a readable zip: {e.Message}", display, "pass a package folder or CfCT's S3 source zip (custom-control-tower-configuration.zip)");
            return null;
        }

        if (FindManifestFolder(temporary) is { } folder)
        {
            return new PackageInput(folder, temporary);
        }

        Delete(temporary);
        diagnostics.Report(DiagnosticCodes.ManifestMissing, $"manifest.yaml does not exist at the root level of {display.File} or inside its {ConfigurationFolder} folder; CfCT's Build stage fails on it", display, "zip the package so that manifest.yaml is at the root of the archive");
        return null;
    }

    private static void Delete(string directory)
    {
        if (System.IO.Directory.Exists(directory))
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
    }
}
