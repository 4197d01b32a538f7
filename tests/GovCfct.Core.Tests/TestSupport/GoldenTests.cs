namespace GovCfct.Core.Tests.TestSupport;

/// <summary>The golden-file switch of GovCfct.Testing: a CI run can never rewrite the files it is checked against.</summary>
public sealed class GoldenTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "govcfct-golden-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("true")]
    [InlineData("TRUE")]
    [InlineData("1")]
    public void Update_mode_is_refused_under_CI(string ci)
    {
        var act = () => Golden.UpdateRequested("1", ci);

        act.Should().Throw<InvalidOperationException>().WithMessage("*refused when CI=true*");
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData("0", null, false)]
    [InlineData(null, "true", false)]
    [InlineData("1", null, true)]
    [InlineData("1", "false", true)]
    public void Update_mode_only_on_explicit_request_outside_CI(string? update, string? ci, bool expected) =>
        Golden.UpdateRequested(update, ci).Should().Be(expected);

    [Fact]
    public void A_missing_or_different_golden_file_fails_and_is_not_written()
    {
        var file = Path.Combine(_folder, "expected.txt");

        var missing = () => Golden.Text(file, "a\n");
        missing.Should().Throw<Xunit.Sdk.XunitException>().WithMessage("*is missing*");
        File.Exists(file).Should().BeFalse("only update mode writes golden files");

        Directory.CreateDirectory(_folder);
        File.WriteAllText(file, "a\nb\n");
        var different = () => Golden.Text(file, "a\nc\n");
        different.Should().Throw<Xunit.Sdk.XunitException>().WithMessage("*line 2*");
        Golden.Text(file, "a\nb\n");
    }

    [Fact]
    public void A_folder_comparison_names_extra_missing_and_changed_files()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "templates"));
        File.WriteAllText(Path.Combine(_folder, "manifest.yaml"), "m");
        File.WriteAllText(Path.Combine(_folder, "templates", "a.template"), "a");
        var actual = new Dictionary<string, byte[]>
        {
            ["manifest.yaml"] = "changed"u8.ToArray(),
            ["templates/b.template"] = "b"u8.ToArray(),
        };

        var act = () => Golden.Folder(_folder, actual);

        act.Should().Throw<Xunit.Sdk.XunitException>()
            .WithMessage("*unexpected templates/b.template*missing templates/a.template*changed manifest.yaml*");
    }
}
