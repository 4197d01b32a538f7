using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;

namespace GovCfct.Core.Publishing;

/// <summary>A file on the target branch, known by its git blob id (CodeCommit reports git's ids).</summary>
public sealed record RemoteFile(string Path, string BlobId);

/// <summary>What publishing does to one path.</summary>
public enum FileChangeKind
{
    Add,
    Update,
    Delete,
}

/// <summary>One change of a publish; <see cref="Content"/> is null for deletions.</summary>
public sealed record PublishFileChange(string Path, FileChangeKind Kind, byte[]? Content);

/// <summary>
/// The difference between a built package and a branch: only changed files are put, files of the package's
/// folders that the package no longer has are deleted, everything else is left alone.
/// <see cref="ContentHash"/> identifies the package's content, so re-publishing it is recognised.
/// </summary>
public sealed record PublishPlan(ImmutableArray<PublishFileChange> Changes, int Unchanged, string ContentHash)
{
    public bool IsEmpty => Changes.IsEmpty;

    public int Count(FileChangeKind kind) => Changes.Count(c => c.Kind == kind);

    /// <summary>The feature branch of this content: the same package always gets the same branch, so a re-run finds its own work.</summary>
    public string FeatureBranch => "govcfct/publish-" + ContentHash[..12];
}

/// <summary>Git's object id of a file's content (SHA-1 over <c>blob &lt;size&gt;\0</c> + bytes), to compare without downloading.</summary>
public static class GitBlob
{
    public static string Id(ReadOnlySpan<byte> content)
    {
        var header = Encoding.ASCII.GetBytes($"blob {content.Length}\0");
        var buffer = new byte[header.Length + content.Length];
        header.CopyTo(buffer, 0);
        content.CopyTo(buffer.AsSpan(header.Length));
#pragma warning disable CA5350 // git's object ids are SHA-1 by definition; this is an identity, not a security check.
        return Convert.ToHexStringLower(SHA1.HashData(buffer));
#pragma warning restore CA5350
    }
}

/// <summary>Computes a <see cref="PublishPlan"/>: pure, ordinal order, no I/O.</summary>
public sealed class PublishPlanner
{
    /// <summary>
    /// Plans the commit that turns <paramref name="remote"/> into <paramref name="package"/>. Deletions are computed
    /// against what the repository holds: every file there that the package owns (<see cref="PublishedContent.IsOwned"/>:
    /// manifest.yaml, templates/, parameters/, policies/, report/) and the package no longer has is deleted, whichever
    /// folders the new package happens to have. Other files of the repository (README, buildspec) are not ours.
    /// </summary>
    public PublishPlan Plan(IReadOnlyDictionary<string, byte[]> package, IReadOnlyCollection<RemoteFile> remote)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(remote);
        var remoteByPath = remote.ToDictionary(r => r.Path, r => r.BlobId, StringComparer.Ordinal);
        var changes = ImmutableArray.CreateBuilder<PublishFileChange>();
        var unchanged = 0;
        foreach (var (path, content) in package.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var blob = GitBlob.Id(content);
            if (!remoteByPath.TryGetValue(path, out var existing))
            {
                changes.Add(new PublishFileChange(path, FileChangeKind.Add, content));
            }
            else if (existing != blob)
            {
                changes.Add(new PublishFileChange(path, FileChangeKind.Update, content));
            }
            else
            {
                unchanged++;
            }
        }

        foreach (var path in remoteByPath.Keys.Order(StringComparer.Ordinal))
        {
            if (!package.ContainsKey(path) && PublishedContent.IsOwned(path))
            {
                changes.Add(new PublishFileChange(path, FileChangeKind.Delete, null));
            }
        }

        var ordered = changes.OrderBy(c => c.Path, StringComparer.Ordinal).ToImmutableArray();
        return new PublishPlan(ordered, unchanged, PublishedContent.Hash(package));
    }
}
