namespace GovCfct.Cli.Tests.Hostile;

/// <summary>
/// The shipped definition with one hostile parameter value, built by the production stages: .NET's <c>$</c> matches
/// before a final newline, so <c>"GovCloudBreakGlass\n"</c> passed every pattern, built, validated, and exempted no
/// role from any deny (the exemption ARN then ends in a newline). Such values are refused with a diagnostic.
/// </summary>
public sealed class HostileParameterTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("govcfct-hostile-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Theory]
    [InlineData("BreakGlassRoleName: GovCloudBreakGlass", "BreakGlassRoleName: \"GovCloudBreakGlass\\n\"", "U+000A")]
    [InlineData("BreakGlassRoleName: GovCloudBreakGlass", "BreakGlassRoleName: \"Gov Cloud Break Glass\"", "is not an IAM role name")]
    [InlineData("BreakGlassRoleName: GovCloudBreakGlass", "BreakGlassRoleName: \"GovCloud\\u001b[2KBreakGlass\"", "U+001B")]
    public async Task A_break_glass_role_name_that_exempts_no_role_is_refused(string line, string hostile, string said)
    {
        var manifest = CopyShippedManifest();
        var organization = Path.Combine(manifest, "organization.yaml");
        var text = File.ReadAllText(organization);
        text.Should().Contain(line);
        File.WriteAllText(organization, text.Replace(line, hostile, StringComparison.Ordinal));
        var output = Path.Combine(_work, "out");

        var build = await CliRunner.Run("build", "--definition", manifest, "--templates", RepositoryRoot.Combine("templates"), "--out", output);

        build.Exit.Should().Be(1, build.Out);
        build.Err.Should().Contain("error GCF").And.Contain("BreakGlassRoleName").And.Contain(said);
        build.Err.Should().NotContain("\u001b", "the diagnostic names the character instead of printing it");
        Directory.Exists(output).Should().BeFalse("nothing is written for a refused definition");
    }

    [Fact]
    public async Task A_name_carrying_terminal_escapes_cannot_forge_output()
    {
        // An unknown control id is quoted in GCF diagnostics: it used to reach the terminal raw, erase the line and
        // print a forged success.
        var manifest = CopyShippedManifest();
        var sandbox = Path.Combine(manifest, "ous", "sandbox.yaml");
        File.WriteAllText(sandbox, File.ReadAllText(sandbox).Replace("      - deny-access-keys\n", "      - \"deny-access-keys\\e[2K\\rvalidate: ok\\nbuild: ok\"\n", StringComparison.Ordinal));

        var build = await CliRunner.Run("build", "--definition", manifest, "--templates", RepositoryRoot.Combine("templates"), "--out", Path.Combine(_work, "out"));

        build.Exit.Should().Be(1);
        build.Err.Should().NotContain("\u001b").And.NotContain("\r").And.Contain("\\u001B[2K\\u000Dvalidate: ok");
        build.Err.Split('\n').Should().NotContain(line => line.StartsWith("build: ok", StringComparison.Ordinal) || line.StartsWith("validate: ok", StringComparison.Ordinal));
    }

    private string CopyShippedManifest()
    {
        var from = RepositoryRoot.Combine("manifest");
        var to = Path.Combine(_work, "manifest");
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return to;
    }
}
