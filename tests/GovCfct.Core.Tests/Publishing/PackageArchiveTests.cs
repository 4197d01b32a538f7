using System.IO.Compression;
using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Publishing;

namespace GovCfct.Core.Tests.Publishing;

/// <summary>The S3 source zip: manifest at the root, byte-identical for identical content.</summary>
public sealed class PackageArchiveTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "govcfct-zip-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private string Package(string name, bool reverse, DateTime stamp)
    {
        var dir = Path.Combine(_root, name);
        var files = new (string Path, string Text)[]
        {
            ("manifest.yaml", "region: ap-northeast-1\nversion: 2021-03-15\nresources: []\n"),
            ("templates/security-hub.template", "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n"),
            ("policies/gc-deny-regions.json", "{\"Version\":\"2012-10-17\",\"Statement\":[]}"),
            ("parameters/security-hub.json", "[]"),
            (".git/HEAD", "ref: refs/heads/main\n"),
        };
        foreach (var (path, text) in reverse ? files.Reverse() : files)
        {
            var full = Path.Combine(dir, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
            File.SetLastWriteTimeUtc(full, stamp);
        }

        return dir;
    }

    // What the S3 route zips: the published files of the package as the one package reader reads them.
    private static PackageArchiveResult Archive(string dir)
    {
        var diagnostics = new DiagnosticBag();
        var files = PackageFolder.Read(dir, "out", diagnostics);
        diagnostics.HasErrors.Should().BeFalse(string.Join("\n", diagnostics.Items));
        return PackageArchive.Create(PublishedContent.Select(files!.Files).Files);
    }

    [Fact]
    public void Identical_content_gives_byte_identical_zips_whatever_the_file_times_and_creation_order()
    {
        var first = Archive(Package("a", reverse: false, new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc)));
        var second = Archive(Package("b", reverse: true, new DateTime(2026, 6, 30, 12, 0, 0, DateTimeKind.Utc)));

        second.Bytes.Should().Equal(first.Bytes);
        second.Sha256.Should().Be(first.Sha256).And.HaveLength(64);
    }

    [Fact]
    public void A_content_change_changes_the_hash()
    {
        var dir = Package("a", reverse: false, DateTime.UtcNow);
        var before = Archive(dir);
        File.AppendAllText(Path.Combine(dir, "policies", "gc-deny-regions.json"), " ");

        Archive(dir).Sha256.Should().NotBe(before.Sha256);
    }

    [Fact]
    public void Entries_are_sorted_with_the_manifest_at_the_root_and_dot_folders_left_out()
    {
        var result = Archive(Package("a", reverse: true, DateTime.UtcNow));

        using var zip = new ZipArchive(new MemoryStream(result.Bytes));
        zip.Entries.Select(e => e.FullName).Should().Equal(
            "manifest.yaml", "parameters/security-hub.json", "policies/gc-deny-regions.json", "templates/security-hub.template");
        zip.Entries.Should().AllSatisfy(e => e.LastWriteTime.Year.Should().Be(1980));
        new StreamReader(zip.GetEntry("manifest.yaml")!.Open()).ReadToEnd().Should().StartWith("region: ap-northeast-1");
    }
}
