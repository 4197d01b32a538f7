using System.IO.Compression;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Validation;

namespace GovCfct.Core.Tests.Validation;

/// <summary>The forms CfCT's S3 source takes: the zip with manifest.yaml at its root or in custom-control-tower-configuration/.</summary>
public sealed class PackageInputTests : IDisposable
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

        var before = Directory.EnumerateDirectories(Path.GetTempPath(), "govcfct-validate-*").Count();
        var fromZip = new PackageValidator().Validate(new PackageValidationOptions(zip) { RunCfnLint = false });
        var fromFolder = new PackageValidator().Validate(new PackageValidationOptions(folder) { RunCfnLint = false });

        fromZip.Diagnostics.Should().Equal(fromFolder.Diagnostics);
        fromZip.HasErrors.Should().BeTrue("the placeholders case has errors");
        Directory.EnumerateDirectories(Path.GetTempPath(), "govcfct-validate-*").Count().Should().Be(before, "the extracted copy is removed");
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
}
