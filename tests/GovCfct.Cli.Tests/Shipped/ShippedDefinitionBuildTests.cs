using System.Runtime.CompilerServices;

namespace GovCfct.Cli.Tests.Shipped;

/// <summary>
/// The README's first command on the shipped definition, end to end with the production stages (Scriban, CDK,
/// packer, lockout check): the package matches its golden copy byte for byte, a second build changes nothing, and
/// <c>govcfct validate</c> (cfn-lint included) finds nothing. GOVCFCT_UPDATE_GOLDEN=1 rewrites the golden copy;
/// review the diff in the commit.
/// </summary>
public sealed class ShippedDefinitionBuildTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("govcfct-shipped-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static string RepositoryRoot([CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", ".."));

    private static string GoldenFolder([CallerFilePath] string path = "") =>
        Path.Combine(Path.GetDirectoryName(path)!, "Golden");

    private static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await GovCfctApp.RunAsync(args, stdout, stderr, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static SortedDictionary<string, byte[]> Files(string folder) =>
        new(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), File.ReadAllBytes), StringComparer.Ordinal);

    [Fact]
    public async Task The_shipped_definition_builds_to_its_golden_package_twice_and_validates_clean()
    {
        var root = RepositoryRoot();
        var output = Path.Combine(_work, "out");
        string[] build = ["build", "--definition", Path.Combine(root, "manifest"), "--templates", Path.Combine(root, "templates"), "--out", output];

        var first = await Run(build);
        first.Exit.Should().Be(0, first.Err);
        first.Err.Should().NotContain("warning", "the shipped definition builds without warnings");
        var built = Files(output);
        built.Keys.Should().Contain(["manifest.yaml", "report/build-report.md"]);

        var golden = GoldenFolder();
        if (Environment.GetEnvironmentVariable("GOVCFCT_UPDATE_GOLDEN") == "1")
        {
            if (Directory.Exists(golden))
            {
                Directory.Delete(golden, recursive: true);
            }

            foreach (var (name, bytes) in built)
            {
                var target = Path.Combine(golden, name);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.WriteAllBytes(target, bytes);
            }
        }

        Directory.Exists(golden).Should().BeTrue("golden files are created with GOVCFCT_UPDATE_GOLDEN=1");
        var expected = Files(golden);
        built.Keys.Should().Equal(expected.Keys);
        foreach (var (name, bytes) in expected)
        {
            System.Text.Encoding.UTF8.GetString(built[name]).Should().Be(System.Text.Encoding.UTF8.GetString(bytes), $"{name} must match its golden copy");
        }

        var second = await Run(build);
        second.Exit.Should().Be(0, second.Err);
        Files(output).Should().BeEquivalentTo(built, "an unchanged rebuild changes no byte");

        var validate = await Run("validate", output);
        validate.Exit.Should().Be(0, validate.Err + validate.Out);
        (validate.Err + validate.Out).Should().NotContain("warning GCF").And.NotContain("error GCF");
    }
}
