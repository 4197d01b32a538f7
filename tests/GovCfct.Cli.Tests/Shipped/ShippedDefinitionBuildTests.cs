using System.Text;
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

    [Fact]
    public async Task The_shipped_definition_builds_to_its_golden_package_twice_and_validate_refuses_only_its_placeholders()
    {
        var root = RepositoryRoot();
        var output = Path.Combine(_work, "out");
        string[] build = ["build", "--definition", Path.Combine(root, "manifest"), "--templates", Path.Combine(root, "templates"), "--out", output];

        var first = await Run(build);
        first.Exit.Should().Be(0, first.Err);
        // The only warnings: the shipped example values a user must replace (docs/definition.md, "Values to replace").
        first.Err.Split('\n').Where(l => l.Contains("warning", StringComparison.Ordinal))
            .Should().NotBeEmpty().And.OnlyContain(l => l.Contains("warning GCF1050", StringComparison.Ordinal) || l.Contains("warning GCF1051", StringComparison.Ordinal));
        var built = Golden.ReadFolder(output);
        built.Keys.Should().Contain(["manifest.yaml", "report/build-report.md"]);

        // CfCT runs the resources in order and stops at the first failure: the audit account's stacks (the central bus,
        // the security services' roles) come before the stack sets that reach every OU, which fail as a whole once
        // more than the tolerated share of accounts fails.
        var manifest = File.ReadAllText(Path.Combine(output, "manifest.yaml"));
        var bus = manifest.IndexOf("- name: gc-central-alerting-210987654321", StringComparison.Ordinal);
        bus.Should().BePositive();
        foreach (var fanOut in new[] { "gc-member-stack-sets", "gc-ct-controls", "gc-detective-controls" })
        {
            manifest.IndexOf($"- name: {fanOut}\n", StringComparison.Ordinal).Should().BeGreaterThan(bus, $"{fanOut} fans out to every OU");
        }

        // Security Hub's delegated administrator and finding aggregator exist once per organization and account: a
        // landing zone that already has them would fail a stack that creates them again, so no template does; the
        // state machine of security-hub-organization reads what exists first.
        built.Where(f => f.Key.StartsWith("templates/", StringComparison.Ordinal)).Select(f => f.Key)
            .Where(f => Encoding.UTF8.GetString(built[f]).Contains("AWS::SecurityHub::DelegatedAdmin", StringComparison.Ordinal) || Encoding.UTF8.GetString(built[f]).Contains("AWS::SecurityHub::FindingAggregator", StringComparison.Ordinal))
            .Should().BeEmpty();
        manifest.Should().Contain("- name: gc-security-hub-organization-mgmt\n");
        manifest.Should().NotContain("(guardduty)").And.NotContain("(security-hub)", "no member account creates its own detector or hub");

        var golden = GoldenFolder();
        Golden.Folder(golden, built, "the shipped package must match its golden copy");

        var second = await Run(build);
        second.Exit.Should().Be(0, second.Err);
        Golden.ReadFolder(output).Should().BeEquivalentTo(built, "an unchanged rebuild changes no byte");

        // validate refuses the shipped example ids (GCF2085) and finds nothing else; the realistic definition's build
        // validates clean (ShippedCommandsTests, DocExamplesTests).
        var validate = await Run("validate", output);
        validate.Exit.Should().Be(1, validate.Err + validate.Out);
        validate.Err.Split('\n').Where(l => l.Contains("error GCF", StringComparison.Ordinal) || l.Contains("warning GCF", StringComparison.Ordinal))
            .Should().NotBeEmpty().And.OnlyContain(l => l.Contains("error GCF2085", StringComparison.Ordinal));
    }
}
