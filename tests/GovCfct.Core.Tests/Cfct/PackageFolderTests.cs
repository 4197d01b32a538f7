using System.IO.Compression;
using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Planning;
using GovCfct.Core.Publishing;
using GovCfct.Core.Validation;

namespace GovCfct.Core.Tests.Cfct;

/// <summary>
/// The one package reader: the forms CfCT's sources take (a folder, its custom-control-tower-configuration/ child, the S3
/// source zip with manifest.yaml at its root or in that folder, a git revision), and one rule for what belongs to the
/// package, so validate, plan and publish see the same files.
/// </summary>
public sealed class PackageFolderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("govcfct-input-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("")]
    [InlineData("custom-control-tower-configuration/")]
    public void The_s3_source_zip_validates_like_the_folder_it_was_made_from(string prefix)
    {
        var folder = RepositoryRoot.Combine("tests", "GovCfct.Core.Tests", "Validation", "Cases", "placeholders", "package");
        var zip = Path.Combine(_dir, "custom-control-tower-configuration.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                archive.CreateEntryFromFile(file, prefix + Path.GetRelativePath(folder, file).Replace('\\', '/'));
            }
        }

        var fromZip = new PackageValidator().Validate(new PackageValidationOptions(zip) { RunCfnLint = false });
        var fromFolder = new PackageValidator().Validate(new PackageValidationOptions(folder) { RunCfnLint = false });

        fromZip.Diagnostics.Should().Equal(fromFolder.Diagnostics);
        fromZip.HasErrors.Should().BeTrue("the placeholders case has errors");
    }

    [Fact]
    public void A_decompression_bomb_is_refused_after_at_most_the_limit_not_read_into_memory()
    {
        // 64 MB of zeros compress to about 64 KB: far over the per-entry limit, read only up to it.
        var zip = Path.Combine(_dir, "bomb.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            Add(archive, "manifest.yaml", "region: ap-northeast-1\nversion: 2021-03-15\nresources: []\n"u8.ToArray());
            using var stream = archive.CreateEntry("templates/zeros.template", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 64; i++)
            {
                stream.Write(zeros);
            }
        }

        new FileInfo(zip).Length.Should().BeLessThan(1024 * 1024);
        var diagnostics = new DiagnosticBag();

        PackageFolder.Read(zip, "bomb.zip", diagnostics).Should().BeNull();
        diagnostics.Items.Should().ContainSingle().Which.Code.Should().Be(DiagnosticCodes.ZipRefused.Id);
        diagnostics.Items[0].Message.Should().Contain("'templates/zeros.template' inflates to more than 8 MB");
    }

    [Fact]
    public void Many_entries_over_the_total_limit_and_a_duplicate_name_are_refused()
    {
        var many = Path.Combine(_dir, "many.zip");
        using (var archive = ZipFile.Open(many, ZipArchiveMode.Create))
        {
            var big = new byte[7 * 1024 * 1024];
            for (var i = 0; i < 40; i++)
            {
                Add(archive, $"templates/t{i}.template", big);
            }
        }

        var duplicate = Path.Combine(_dir, "duplicate.zip");
        using (var archive = ZipFile.Open(duplicate, ZipArchiveMode.Create))
        {
            Add(archive, "manifest.yaml", "region: ap-northeast-1\nversion: 2021-03-15\nresources: []\n"u8.ToArray());
            Add(archive, "manifest.yaml", "region: ap-northeast-1\nversion: 2021-03-15\nresources:\n  - name: other\n"u8.ToArray());
        }

        var total = new DiagnosticBag();
        var twice = new DiagnosticBag();

        PackageFolder.Read(many, "many.zip", total).Should().BeNull();
        PackageFolder.Read(duplicate, "duplicate.zip", twice).Should().BeNull();
        total.Items.Should().ContainSingle().Which.Message.Should().Contain("inflate to more than 256 MB together");
        twice.Items.Should().ContainSingle().Which.Message.Should().Be("the zip holds two entries named 'manifest.yaml'");
        twice.Items[0].Code.Should().Be(DiagnosticCodes.ZipRefused.Id);
    }

    private static void Add(ZipArchive archive, string name, byte[] content)
    {
        using var stream = archive.CreateEntry(name, CompressionLevel.Fastest).Open();
        stream.Write(content);
    }

    [Fact]
    public void A_zip_without_a_manifest_where_cfct_looks_says_what_cfct_says()
    {
        var zip = Path.Combine(_dir, "custom-control-tower-configuration.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            using var writer = new StreamWriter(archive.CreateEntry("other-folder/manifest.yaml").Open());
            writer.Write("region: eu-west-1\n");
        }

        var result = new PackageValidator().Validate(new PackageValidationOptions(zip) { RunCfnLint = false });

        result.Diagnostics.Should().ContainSingle().Which.Should().Match<Diagnostic>(d =>
            d.Code == DiagnosticCodes.ManifestMissing.Id && d.Message.StartsWith("manifest.yaml does not exist at the root level of custom-control-tower-configuration.zip", StringComparison.Ordinal));
    }

    [Fact]
    public void A_file_that_is_not_a_zip_is_a_diagnostic_not_a_crash()
    {
        var file = Path.Combine(_dir, "notes.txt");
        File.WriteAllText(file, "not a zip");

        var result = new PackageValidator().Validate(new PackageValidationOptions(file) { RunCfnLint = false });

        result.Diagnostics.Should().ContainSingle(d => d.Code == DiagnosticCodes.ManifestMissing.Id && d.IsError);
    }

    [Fact]
    public void Validate_plan_and_publish_agree_about_which_files_are_the_package()
    {
        var folder = Path.Combine(_dir, "out");
        Write(folder, "manifest.yaml", "region: ap-northeast-1\nversion: 2021-03-15\nresources: []\n");
        Write(folder, "templates/gc-a.template", "Resources: {}\n");
        Write(folder, "templates/.gc-a.template.swp", "not yaml: [");
        Write(folder, ".git/HEAD", "ref: refs/heads/main\n");
        Write(folder, "templates/.cache/gc-b.template", "Resources: [");
        Write(folder, "report/build-report.md", "# report\n");

        var diagnostics = new DiagnosticBag();
        var package = CfctPackage.Read(folder, "out", diagnostics)!;
        var published = PublishedContent.Select(package.Files);
        var validated = new PackageValidator().Validate(new PackageValidationOptions(folder) { RunCfnLint = false });

        package.Files.Keys.Should().Equal("manifest.yaml", "report/build-report.md", "templates/gc-a.template");
        published.Files.Keys.Should().Equal("manifest.yaml", "templates/gc-a.template");
        validated.Diagnostics.Should().NotContain(d => d.Location != null && d.Location.File.Contains("/.", StringComparison.Ordinal), "dot-files are not part of the package, so the broken editor file is not validated");
    }

    [Fact]
    public void A_zip_entry_that_climbs_out_of_the_archive_is_refused()
    {
        var zip = Path.Combine(_dir, "custom-control-tower-configuration.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            using (var writer = new StreamWriter(archive.CreateEntry("manifest.yaml").Open()))
            {
                writer.Write("region: ap-northeast-1\nversion: 2021-03-15\nresources: []\n");
            }

            using var evil = new StreamWriter(archive.CreateEntry("templates/../../evil.template").Open());
            evil.Write("x");
        }

        var diagnostics = new DiagnosticBag();
        PackageFolder.Read(zip, "custom-control-tower-configuration.zip", diagnostics).Should().BeNull();
        diagnostics.Items.Should().ContainSingle(d => d.Code == DiagnosticCodes.ManifestMissing.Id && d.Message.Contains("points outside", StringComparison.Ordinal));
    }

    [Fact]
    public void A_folder_without_a_manifest_or_a_missing_folder_is_a_diagnostic()
    {
        var folder = Path.Combine(_dir, "empty");
        Directory.CreateDirectory(folder);

        var empty = new DiagnosticBag();
        CfctPackage.Read(folder, "empty", empty).Should().BeNull();
        empty.Items.Should().ContainSingle(d => d.Code == DiagnosticCodes.ManifestMissing.Id && d.Location!.File == "empty");

        var missing = new DiagnosticBag();
        CfctPackage.Read(Path.Combine(_dir, "nope"), "nope", missing).Should().BeNull();
        missing.Items.Should().ContainSingle(d => d.Code == DiagnosticCodes.ManifestMissing.Id && d.Message.Contains("does not exist", StringComparison.Ordinal));
    }

    [Fact]
    public void A_temporary_copy_for_tools_that_need_files_is_removed_after_use()
    {
        var files = new PackageFiles(
            System.Collections.Immutable.ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("templates/a.template", "Resources: {}\n"u8.ToArray())]),
            "zip",
            null);

        string path;
        using (var disk = files.OnDisk())
        {
            path = disk.Path;
            File.ReadAllText(Path.Combine(path, "templates", "a.template")).Should().Be("Resources: {}\n");
        }

        Directory.Exists(path).Should().BeFalse();
    }

    private static void Write(string folder, string relative, string text)
    {
        var full = Path.Combine(folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }
}
