using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Core.Publishing;

/// <summary>The files GovCfct publishes and the hash of their paths and bytes (what decides "unchanged" on every route).</summary>
public sealed record PublishContent(ImmutableSortedDictionary<string, byte[]> Files, string ContentHash);

/// <summary>
/// The one place that decides what a publish sends: exactly what CfCT reads. CfCT's Build stage reads
/// <c>manifest.yaml</c>, validates every file under <c>templates/</c> and every JSON under <c>parameters/</c>, and its
/// SCP/RCP stages read <c>policies/</c> (docs/facts/cfct.md §7.4). The build report (<c>report/</c>) is for reviewers: it stays
/// beside the package, so rewording an opt-out reason does not start CfCT's pipeline. Dot-files are not part of a
/// package at all (<see cref="PackageFolder.Includes"/>).
/// </summary>
public static class PublishedContent
{
    /// <summary>Top-level folders a package owns in CfCT's source: files there that the package lacks are deleted.</summary>
    public static readonly ImmutableArray<string> OwnedFolders = ["parameters", "policies", "report", "templates"];

    /// <summary>The build report's folder: never published (an earlier publish may have put it there; it is then removed).</summary>
    public const string ReportFolder = "report";

    /// <summary>CodeCommit's API limit for one file's content (CreateCommit, PutFile): 6 MB.</summary>
    public const long MaxFileBytes = 6L * 1024 * 1024;

    /// <summary>True when <paramref name="path"/> (package-relative, forward slashes) is published.</summary>
    public static bool IsPublished(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        // Only what a CfCT package is documented to hold: manifest.yaml and the owned folders (docs/publish.md); a file
        // elsewhere in the folder (notes, a stray export) is never sent to CfCT's source.
        return PackageFolder.Includes(path) && IsOwned(path) && !path.StartsWith(ReportFolder + "/", StringComparison.Ordinal);
    }

    /// <summary>True when a file of the target repository is the package's to replace or delete (the rest, README or buildspec, is left alone).</summary>
    public static bool IsOwned(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? path == "manifest.yaml" : OwnedFolders.Contains(path[..slash]);
    }

    /// <summary>Keeps the published files of a read package and hashes them.</summary>
    public static PublishContent Select(IReadOnlyDictionary<string, byte[]> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var selected = files.Where(f => IsPublished(f.Key)).ToImmutableSortedDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        return new PublishContent(selected, Hash(selected));
    }

    /// <summary>SHA-256 over every path and its git blob id, in ordinal order: the same files give the same hash on any runtime.</summary>
    public static string Hash(IReadOnlyDictionary<string, byte[]> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var text = new StringBuilder();
        foreach (var (path, content) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            text.Append(path).Append('\0').Append(GitBlob.Id(content)).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>
    /// CodeCommit's per-file limit, checked before anything is written: a file over 6 MB can never be committed
    /// through the API, so a publish that would fail on it part-way is refused up front.
    /// </summary>
    public static void CheckCodeCommitLimits(PublishContent content, string displayFolder, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(diagnostics);
        foreach (var (path, bytes) in content.Files)
        {
            if (bytes.LongLength > MaxFileBytes)
            {
                diagnostics.Report(
                    DiagnosticCodes.PublishFileTooLarge,
                    string.Create(CultureInfo.InvariantCulture, $"'{path}' is {bytes.LongLength:N0} bytes; CodeCommit's API accepts at most {MaxFileBytes:N0} bytes per file: nothing was published"),
                    new SourceLocation(displayFolder.TrimEnd('/', '\\') + "/" + path),
                    "split the template or policy (CloudFormation itself accepts at most 1 MB per template from S3)");
            }
        }
    }
}
