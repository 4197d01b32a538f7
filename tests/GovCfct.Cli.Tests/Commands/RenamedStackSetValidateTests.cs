using System.Runtime.CompilerServices;

namespace GovCfct.Cli.Tests.Commands;

/// <summary>
/// <c>validate DEFINITION --previous DIR</c> judges the package the definition builds against the last published one:
/// removing Tokyo's override folds its config-rules-baseline variant into the base stack set. With the shipped template
/// the variant's rule names differ from the base's and nothing is reported; a package published before name_suffix
/// (its variant template naming the rules as the base does) is GCF2092 with the safe order.
/// </summary>
public sealed class RenamedStackSetValidateTests : IDisposable
{
    private const string TokyoOverride = "            controls:\n              - id: config-rules-baseline\n                parameters:\n                  RootMfaCheckFrequency: One_Hour\n";

    private readonly string _work = Directory.CreateTempSubdirectory("govcfct-renames-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static string Catalog([CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", "..", "templates"));

    // The real-catalog scenario of the build stage's golden package: Tokyo overrides config-rules-baseline.
    private static string Scenario([CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", "GovCfct.Core.Tests", "Packaging", "Scenarios", "real-catalog", "definition"));

    private string Definition(string name, bool tokyoOverride)
    {
        var folder = Path.Combine(_work, name);
        foreach (var file in Directory.EnumerateFiles(Scenario(), "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(folder, Path.GetRelativePath(Scenario(), file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        var workloads = Path.Combine(folder, "ous", "workloads.yaml");
        var text = File.ReadAllText(workloads);
        text.Should().Contain(TokyoOverride);
        if (!tokyoOverride)
        {
            File.WriteAllText(workloads, text.Replace(TokyoOverride, string.Empty, StringComparison.Ordinal));
        }

        return folder;
    }

    private static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await GovCfctApp.RunAsync(args, stdout, stderr, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Validate_of_a_definition_reports_a_renamed_stack_set_whose_names_collide(bool publishedBeforeNameSuffix)
    {
        var templates = Catalog();
        var previous = Path.Combine(_work, "published");
        var built = await Run("build", "--definition", Definition("before", tokyoOverride: true), "--templates", templates, "--out", previous);
        built.Exit.Should().Be(0, built.Err);
        var manifest = File.ReadAllLines(Path.Combine(previous, "manifest.yaml")).Select(l => l.Trim()).ToList();
        var at = manifest.FindIndex(l => l.StartsWith("- name: gc-config-rules-baseline-", StringComparison.Ordinal));
        var variant = manifest[at]["- name: ".Length..];
        var file = Path.Combine(previous, manifest.Skip(at).First(l => l.StartsWith("resource_file: ", StringComparison.Ordinal))["resource_file: ".Length..]);
        var suffix = variant["gc-config-rules-baseline".Length..];
        File.ReadAllText(file).Should().Contain($"ConfigRuleName: gc-restricted-ssh{suffix}\n");
        if (publishedBeforeNameSuffix)
        {
            File.WriteAllText(file, File.ReadAllText(file).Replace(suffix + "\n", "\n", StringComparison.Ordinal));
        }

        var (_, stdout, stderr) = await Run("validate", Definition("after", tokyoOverride: false), "--templates", templates, "--previous", previous);

        var output = stdout + stderr;
        if (publishedBeforeNameSuffix)
        {
            output.Should().Contain("warning GCF2092: stack set 'gc-config-rules-baseline' reaches OU(s) ")
                .And.Contain($"'{variant}', which left the manifest")
                .And.Contain("AWS::Config::ConfigRule gc-ebs-optimized-instance")
                .And.Contain($"1. aws cloudformation delete-stack-instances --stack-set-name CustomControlTower-{variant}");
        }
        else
        {
            output.Should().NotContain("GCF2092");
        }
    }
}
