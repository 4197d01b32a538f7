using System.Collections.Immutable;
using System.IO.Compression;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Core.Cfct;

/// <summary>
/// The files of one CfCT package, read into memory: every path relative to the folder that holds
/// <c>manifest.yaml</c>, with forward slashes, in ordinal order. <see cref="Directory"/> is that folder on disk when
/// the package was read from one (tools that need files, such as cfn-lint, run there); null for a zip or a git revision.
/// </summary>
public sealed record PackageFiles(ImmutableSortedDictionary<string, byte[]> Files, string DisplayRoot, string? Directory)
{
    /// <summary>How diagnostics name a file of the package: <c>DisplayRoot/path</c>, or the path alone for the current folder.</summary>
    public string Display(string relativePath) =>
        DisplayRoot is "" or "." ? relativePath : DisplayRoot.TrimEnd('/', '\\') + "/" + relativePath;

    /// <summary>
    /// A folder on disk holding exactly these files: <see cref="Directory"/> when there is one, otherwise a temporary copy
    /// that disposing the lease removes.
    /// </summary>
    public PackageOnDisk OnDisk()
    {
        if (Directory is not null)
        {
            return new PackageOnDisk(Directory, temporary: false);
        }

        var folder = System.IO.Directory.CreateTempSubdirectory("govcfct-package-").FullName;
        foreach (var (path, bytes) in Files)
        {
            var target = Path.Combine(folder, path);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllBytes(target, bytes);
        }

        return new PackageOnDisk(folder, temporary: true);
    }
}

/// <summary>A package's folder on disk for the duration of a using block; a temporary copy is deleted on dispose.</summary>
public sealed class PackageOnDisk(string path, bool temporary) : IDisposable
{
    public string Path { get; } = path;

    public void Dispose()
    {
        if (temporary && System.IO.Directory.Exists(Path))
        {
            System.IO.Directory.Delete(Path, recursive: true);
        }
    }
}

/// <summary>
/// The one reader of a CfCT package, used by validate, plan, status, publish and the archive, so they cannot disagree
/// about what a package contains. It takes the forms CfCT's sources take: a folder with <c>manifest.yaml</c> at its
/// root, a folder whose root holds <c>custom-control-tower-configuration/</c>, CfCT's S3 source zip
/// (<c>custom-control-tower-configuration.zip</c>) with the manifest at its root or in that folder — exactly what CfCT's
/// Build stage accepts — and a git revision. One rule for what belongs to the package: every file except those under a
/// name starting with '.' (<c>.git/</c>, <c>.DS_Store</c>, editor files), which never travel to CfCT.
/// </summary>
public static class PackageFolder
{
    /// <summary>The folder name CfCT's Build stage looks in when manifest.yaml is not at the root.</summary>
    public const string ConfigurationFolder = "custom-control-tower-configuration";

    /// <summary>True when <paramref name="relativePath"/> (forward slashes) belongs to the package.</summary>
    public static bool Includes(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        return relativePath.Length > 0 && !relativePath.Split('/').Any(segment => segment.Length == 0 || segment[0] == '.');
    }

    /// <summary>The folder or its custom-control-tower-configuration/ child, whichever holds manifest.yaml; null when neither.</summary>
    public static string? FindManifestFolder(string directory)
    {
        if (File.Exists(Path.Combine(directory, CfctPackage.ManifestFileName)))
        {
            return directory;
        }

        var nested = Path.Combine(directory, ConfigurationFolder);
        return File.Exists(Path.Combine(nested, CfctPackage.ManifestFileName)) ? nested : null;
    }

    /// <summary>Reads a package folder or zip at <paramref name="path"/>; null with a diagnostic when it holds no CfCT package.</summary>
    public static PackageFiles? Read(string path, string displayName, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(diagnostics);
        if (File.Exists(path))
        {
            return ReadZip(path, displayName, diagnostics);
        }

        if (!System.IO.Directory.Exists(path))
        {
            diagnostics.Report(DiagnosticCodes.ManifestMissing, $"'{displayName}' does not exist", new SourceLocation(displayName), "run 'govcfct build' first, or pass the folder that holds manifest.yaml");
            return null;
        }

        if (FindManifestFolder(path) is not { } folder)
        {
            diagnostics.Report(
                DiagnosticCodes.ManifestMissing,
                $"'{displayName}' has no manifest.yaml at its root or in {ConfigurationFolder}/, so it is not a CfCT package",
                new SourceLocation(displayName),
                "pass the folder that holds manifest.yaml (the output of govcfct build), its parent with custom-control-tower-configuration/, or CfCT's S3 source zip");
            return null;
        }

        var display = folder == path ? displayName : displayName.TrimEnd('/', '\\') + "/" + ConfigurationFolder;
        var files = ImmutableSortedDictionary.CreateBuilder<string, byte[]>(StringComparer.Ordinal);
        var links = new List<string>();
        try
        {
            // Walked by hand so that a symbolic link is never followed: a link can point anywhere (a credentials file,
            // the home folder), and what it points at is not content anyone reviewed in the package.
            var pending = new Stack<DirectoryInfo>([new DirectoryInfo(folder)]);
            while (pending.TryPop(out var current))
            {
                foreach (var entry in current.EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false }))
                {
                    var relative = Path.GetRelativePath(folder, entry.FullName).Replace('\\', '/');
                    if (entry.LinkTarget is not null)
                    {
                        if (Includes(relative))
                        {
                            links.Add(relative);
                        }
                    }
                    else if (entry is DirectoryInfo directory)
                    {
                        pending.Push(directory);
                    }
                    else if (Includes(relative))
                    {
                        files[relative] = File.ReadAllBytes(entry.FullName);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diagnostics.Report(DiagnosticCodes.IoError, $"cannot read '{display}': {ex.Message}", new SourceLocation(display), "check the folder's permissions");
            return null;
        }

        foreach (var link in links.Order(StringComparer.Ordinal))
        {
            diagnostics.Report(
                DiagnosticCodes.PackageSymbolicLink,
                $"'{link}' in '{display}' is a symbolic link: a package is read without following links, so it is refused",
                new SourceLocation(display.TrimEnd('/', '\\') + "/" + link),
                "replace the link with the file itself (govcfct build never writes links)");
        }

        return links.Count > 0 ? null : new PackageFiles(files.ToImmutable(), display, Path.GetFullPath(folder));
    }

    /// <summary>Reads the package at <paramref name="reference"/> (<c>REF</c> or <c>REF:folder</c>) through git.</summary>
    public static PackageFiles? ReadGitRevision(IGitReader git, string reference, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(git);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var colon = reference.IndexOf(':', StringComparison.Ordinal);
        var revision = colon < 0 ? reference : reference[..colon];
        var folder = colon < 0 ? string.Empty : reference[(colon + 1)..].Trim('/');
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        try
        {
            foreach (var path in git.ListFiles(revision, folder).Where(Includes))
            {
                files[path] = git.ReadFile(revision, folder.Length == 0 ? path : folder + "/" + path);
            }
        }
        catch (GitReaderException ex)
        {
            diagnostics.Report(DiagnosticCodes.PlanGitFailed, $"cannot read the package at '{reference}': {ex.Message}", new SourceLocation(reference), "pass a folder, or a git revision (REF or REF:folder) of the repository given with --repo");
            return null;
        }

        var hint = files.Count == 0 && folder.Length > 0
            ? $"git holds nothing under '{folder}' at {revision} (a .gitignore keeps it out of git, as init's does for out/): give the definition as it was, {revision}:manifest, which is built in memory"
            : $"name the folder that holds the package: {revision}:folder, or the definition: {revision}:manifest";
        return Rooted(files, reference + ":", reference, diagnostics, hint);
    }

    /// <summary>
    /// Limits of a package zip, checked on the bytes really inflated (an entry's declared size can lie): no file of a CfCT
    /// package comes near them — CloudFormation takes templates up to 1 MB and CodeCommit files up to 6 MB — while a
    /// decompression bomb (a few MB inflating to GBs) or an archive of countless entries stops here, not in memory.
    /// </summary>
    public const long MaxZipEntryBytes = 8L * 1024 * 1024;

    /// <summary>The most bytes all entries of a package zip may inflate to together.</summary>
    public const long MaxZipTotalBytes = 256L * 1024 * 1024;

    /// <summary>The most entries a package zip may hold.</summary>
    public const int MaxZipEntries = 20_000;

    private static PackageFiles? ReadZip(string path, string displayName, DiagnosticBag diagnostics)
    {
        var at = new SourceLocation(displayName);
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        long total = 0;
        try
        {
            using var zip = ZipFile.OpenRead(path);
            if (zip.Entries.Count > MaxZipEntries)
            {
                diagnostics.Report(DiagnosticCodes.ZipRefused, $"the zip holds {zip.Entries.Count} entries, more than the {MaxZipEntries} a package may have", at, "zip the package folder alone");
                return null;
            }

            foreach (var entry in zip.Entries)
            {
                var name = entry.FullName.Replace('\\', '/');
                if (name.StartsWith('/') || name.Split('/').Any(segment => segment == ".."))
                {
                    diagnostics.Report(DiagnosticCodes.ManifestMissing, $"the zip entry '{entry.FullName}' points outside the archive", at, "rebuild the zip from the package folder");
                    return null;
                }

                // Two entries of one name: which one a reader takes differs between tools, so what was checked need not
                // be what CfCT deploys.
                if (!names.Add(name))
                {
                    diagnostics.Report(DiagnosticCodes.ZipRefused, $"the zip holds two entries named '{name}'", at, "rebuild the zip from the package folder; a zip tool never writes a name twice");
                    return null;
                }

                if (!name.EndsWith('/') && Includes(name))
                {
                    using var stream = entry.Open();
                    using var buffer = new MemoryStream();
                    var chunk = new byte[81920];
                    int read;
                    while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
                    {
                        total += read;
                        if (buffer.Length + read > MaxZipEntryBytes || total > MaxZipTotalBytes)
                        {
                            diagnostics.Report(
                                DiagnosticCodes.ZipRefused,
                                buffer.Length + read > MaxZipEntryBytes
                                    ? $"the zip entry '{name}' inflates to more than {MaxZipEntryBytes / (1024 * 1024)} MB"
                                    : $"the zip's entries inflate to more than {MaxZipTotalBytes / (1024 * 1024)} MB together",
                                at,
                                "a CfCT package holds templates, policies and parameters of at most a few MB; rebuild the zip from the package folder");
                            return null;
                        }

                        buffer.Write(chunk, 0, read);
                    }

                    files[name] = buffer.ToArray();
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            diagnostics.Report(DiagnosticCodes.ManifestMissing, $"'{displayName}' is neither a folder nor a readable zip: {e.Message}", at, "pass a package folder or CfCT's S3 source zip (custom-control-tower-configuration.zip)");
            return null;
        }

        return Rooted(files, displayName + ":", displayName, diagnostics, "zip the package so that manifest.yaml is at the root of the archive");
    }

    // The files under the folder that holds manifest.yaml: the root, or custom-control-tower-configuration/ (CfCT's rule).
    private static PackageFiles? Rooted(Dictionary<string, byte[]> files, string displayPrefix, string displayName, DiagnosticBag diagnostics, string hint)
    {
        if (files.ContainsKey(CfctPackage.ManifestFileName))
        {
            return new PackageFiles(files.ToImmutableSortedDictionary(StringComparer.Ordinal), displayPrefix.TrimEnd(':'), null);
        }

        var nested = ConfigurationFolder + "/";
        if (files.ContainsKey(nested + CfctPackage.ManifestFileName))
        {
            var inner = files.Where(f => f.Key.StartsWith(nested, StringComparison.Ordinal))
                .ToImmutableSortedDictionary(f => f.Key[nested.Length..], f => f.Value, StringComparer.Ordinal);
            return new PackageFiles(inner, displayPrefix + ConfigurationFolder, null);
        }

        diagnostics.Report(
            DiagnosticCodes.ManifestMissing,
            $"manifest.yaml does not exist at the root level of {displayName} or inside its {ConfigurationFolder} folder; CfCT's Build stage fails on it",
            new SourceLocation(displayName),
            hint);
        return null;
    }
}
