using System.Collections.Immutable;
using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.IO;

namespace GovCfct.Core.Packaging;

/// <summary>What a write would do to one file of the output folder.</summary>
public enum ChangeKind
{
    Created,
    Changed,
    Deleted,
}

/// <summary>One file change against the existing output folder; paths relative, forward slashes.</summary>
public sealed record FileChange(string Path, ChangeKind Kind);

/// <summary>Result of a write or a dry run: the changes (unchanged files left out), and whether anything was written.</summary>
public sealed record PackageWriteResult(ImmutableArray<FileChange> Changes, bool Written);

/// <summary>
/// Writes a package atomically: everything goes to a temporary folder beside the target, which then replaces the target
/// by rename (<see cref="AtomicFile.ReplaceDirectory"/>). A failed run leaves the previous output as it was and no temporary
/// folder behind; a run killed inside the swap leaves the old or the new complete output.
/// </summary>
public static class PackageWriter
{
    /// <summary>Compares the package with the existing folder (missing folder = everything created), ordinal by path.</summary>
    public static ImmutableArray<FileChange> Plan(CfctPackage package, string outputDirectory)
    {
        var existing = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Directory.Exists(outputDirectory))
        {
            foreach (var file in Directory.EnumerateFiles(outputDirectory, "*", SearchOption.AllDirectories))
            {
                existing[Path.GetRelativePath(outputDirectory, file).Replace('\\', '/')] = file;
            }
        }

        var changes = new List<FileChange>();
        foreach (var (path, bytes) in package.Files)
        {
            if (!existing.TryGetValue(path, out var file))
            {
                changes.Add(new FileChange(path, ChangeKind.Created));
            }
            else if (!File.ReadAllBytes(file).AsSpan().SequenceEqual(bytes))
            {
                changes.Add(new FileChange(path, ChangeKind.Changed));
            }
        }

        changes.AddRange(existing.Keys.Where(p => !package.Files.ContainsKey(p)).Select(p => new FileChange(p, ChangeKind.Deleted)));
        return [.. changes.OrderBy(c => c.Path, StringComparer.Ordinal)];
    }

    /// <summary>Writes the package unless <paramref name="dryRun"/>; an I/O failure becomes GCF1508 and leaves the old output.</summary>
    public static PackageWriteResult Write(CfctPackage package, string outputDirectory, bool dryRun, DiagnosticBag diagnostics, Action<string>? beforeSwap = null, Action? afterSwapStep = null)
    {
        var target = Path.GetFullPath(outputDirectory.TrimEnd('/', '\\'));
        var changes = Plan(package, target);
        if (dryRun)
        {
            return new PackageWriteResult(changes, false);
        }

        if (changes.IsEmpty)
        {
            // Nothing differs: leave the folder (and its timestamps) alone.
            return new PackageWriteResult(changes, false);
        }

        var parent = Path.GetDirectoryName(target) ?? ".";
        var name = Path.GetFileName(target);
        var temp = Path.Combine(parent, $".{name}.govcfct-tmp-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(parent);
            foreach (var (path, bytes) in package.Files)
            {
                var file = Path.Combine(temp, path);
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                File.WriteAllBytes(file, bytes);
            }

            beforeSwap?.Invoke(temp);
            AtomicFile.ReplaceDirectory(temp, target, afterSwapStep);
            return new PackageWriteResult(changes, true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            diagnostics.Report(DiagnosticCodes.OutputWriteFailed, $"could not write the package to '{outputDirectory}': {ex.Message}; the previous output is unchanged", null, "check that the folder is writable and not open in another program");
            return new PackageWriteResult(changes, false);
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: the failure being reported matters more than a leftover temp folder.
        }
    }
}
