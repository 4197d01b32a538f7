using System.Collections.Immutable;
using System.Text;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Packaging;
using GovCfct.Core.Validation;

namespace GovCfct.Core.Planning;

/// <summary>
/// Reads a CfCT package into memory for planning: from a folder (a <c>govcfct build</c> output or any CfCT
/// package) or from a git revision (<c>REF</c> or <c>REF:folder</c>) such as the last published commit.
/// </summary>
public static class PackageSource
{
    /// <summary>Reads every file under <paramref name="directory"/>; null with diagnostics when the manifest is unusable.</summary>
    public static CfctPackage? ReadFolder(string directory, string displayName, DiagnosticBag diagnostics)
    {
        var manifestPath = Path.Combine(directory, CfctPackage.ManifestFileName);
        if (!File.Exists(manifestPath))
        {
            diagnostics.Report(DiagnosticCodes.PlanPackageUnreadable, $"'{displayName}' has no {CfctPackage.ManifestFileName}", new SourceLocation(displayName), "pass a CfCT package folder (the output of govcfct build)");
            return null;
        }

        var files = ImmutableSortedDictionary.CreateBuilder<string, byte[]>(StringComparer.Ordinal);
        try
        {
            foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(directory, file).Replace('\\', '/');
                if (!relative.StartsWith(".git/", StringComparison.Ordinal))
                {
                    files[relative] = File.ReadAllBytes(file);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diagnostics.Report(DiagnosticCodes.IoError, $"cannot read '{displayName}': {ex.Message}", new SourceLocation(displayName));
            return null;
        }

        return FromFiles(files.ToImmutable(), JoinDisplay(displayName, CfctPackage.ManifestFileName), diagnostics);
    }

    /// <summary>Reads the package at <paramref name="reference"/> (<c>REF</c> or <c>REF:folder</c>) through git.</summary>
    public static CfctPackage? ReadGitRevision(IGitReader git, string reference, DiagnosticBag diagnostics)
    {
        var colon = reference.IndexOf(':', StringComparison.Ordinal);
        var revision = colon < 0 ? reference : reference[..colon];
        var folder = colon < 0 ? string.Empty : reference[(colon + 1)..].Trim('/');
        var files = ImmutableSortedDictionary.CreateBuilder<string, byte[]>(StringComparer.Ordinal);
        try
        {
            foreach (var path in git.ListFiles(revision, folder))
            {
                files[path] = git.ReadFile(revision, folder.Length == 0 ? path : folder + "/" + path);
            }
        }
        catch (GitReaderException ex)
        {
            diagnostics.Report(DiagnosticCodes.PlanGitFailed, $"cannot read the previous package at '{reference}': {ex.Message}", new SourceLocation(reference), "pass a folder, or a git revision (REF or REF:folder) of the repository given with --repo");
            return null;
        }

        if (!files.ContainsKey(CfctPackage.ManifestFileName))
        {
            diagnostics.Report(DiagnosticCodes.PlanPackageUnreadable, $"'{reference}' has no {CfctPackage.ManifestFileName}", new SourceLocation(reference), "name the folder that holds the package: REF:folder");
            return null;
        }

        return FromFiles(files.ToImmutable(), reference + ":" + CfctPackage.ManifestFileName, diagnostics);
    }

    /// <summary>Parses the manifest among <paramref name="files"/> with the validator's strict reader.</summary>
    public static CfctPackage? FromFiles(ImmutableSortedDictionary<string, byte[]> files, string manifestDisplay, DiagnosticBag diagnostics)
    {
        if (!files.TryGetValue(CfctPackage.ManifestFileName, out var manifestBytes))
        {
            diagnostics.Report(DiagnosticCodes.PlanPackageUnreadable, $"the package has no {CfctPackage.ManifestFileName}", new SourceLocation(manifestDisplay));
            return null;
        }

        var local = new DiagnosticBag();
        var read = ManifestReader.Parse(new UTF8Encoding(false).GetString(manifestBytes), manifestDisplay, local);
        diagnostics.AddRange(local.Items);
        if (read.Manifest is null || local.HasErrors)
        {
            if (!local.HasErrors)
            {
                diagnostics.Report(DiagnosticCodes.PlanPackageUnreadable, "the manifest cannot be read", new SourceLocation(manifestDisplay));
            }

            return null;
        }

        return new CfctPackage(read.Manifest, files);
    }

    private static string JoinDisplay(string folder, string file) =>
        folder is "" or "." ? file : folder.TrimEnd('/', '\\') + "/" + file;
}
