using System.Collections.Immutable;
using System.IO.Compression;
using System.Security.Cryptography;

namespace GovCfct.Core.Cfct;

/// <summary>A package zipped for CfCT's S3 source, with the SHA-256 of the zip's bytes (shown only; "unchanged" is decided from the content, see PublishedContent).</summary>
public sealed record PackageArchiveResult(byte[] Bytes, string Sha256, ImmutableArray<string> Entries);

/// <summary>
/// Zips a CfCT package the way CfCT's S3 source wants it (<c>manifest.yaml</c> at the zip root) with
/// deterministic bytes: entries sorted ordinally, fixed timestamps and attributes, so an unchanged package
/// gives the same hash and is not uploaded again (an upload re-runs CfCT's whole pipeline).
/// </summary>
public static class PackageArchive
{
    /// <summary>CfCT's S3 source object key.</summary>
    public const string ObjectKey = "custom-control-tower-configuration.zip";

    // The earliest time a zip (DOS) timestamp can hold; any fixed value works, this one is conventional.
    private static readonly DateTimeOffset FixedTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // Regular file, rw-r--r--, in the Unix mode bits of the external attributes.
    private const int FileAttributes = unchecked((int)(0x81A4u << 16));

    /// <summary>Zips <paramref name="files"/> (package-relative paths) in ordinal order with fixed timestamps and attributes.</summary>
    public static PackageArchiveResult Create(IReadOnlyDictionary<string, byte[]> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var ordered = files.OrderBy(f => f.Key, StringComparer.Ordinal).ToList();
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in ordered)
            {
                var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
                entry.LastWriteTime = FixedTime;
                entry.ExternalAttributes = FileAttributes;
                using var target = entry.Open();
                target.Write(content);
            }
        }

        var bytes = buffer.ToArray();
        return new PackageArchiveResult(bytes, Convert.ToHexStringLower(SHA256.HashData(bytes)), [.. ordered.Select(f => f.Key)]);
    }
}
