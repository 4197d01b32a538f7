using System.Text;

namespace GovCfct.Core.Tests.Definition;

/// <summary>
/// Every folder under Invalid/ is a small definition that must fail to load with exactly the diagnostics in its
/// expected.txt (compiler form, paths relative to the folder). A new bad-input case is a new folder.
/// </summary>
public sealed class InvalidDefinitionTests
{
    private static readonly string InvalidRoot = Path.Combine(DefinitionTestFiles.TestsFolder, "Invalid");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var name in CaseNames())
        {
            data.Add(name);
        }

        return data;
    }

    private static IEnumerable<string> CaseNames() =>
        Directory.GetDirectories(InvalidRoot).Select(folder => Path.GetFileName(folder)).Order(StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reports_exactly_the_expected_diagnostics(string reason)
    {
        var folder = Path.Combine(InvalidRoot, reason);
        var expectedPath = Path.Combine(folder, "expected.txt");

        var (definition, diagnostics) = DefinitionTestFiles.Load(folder);
        // The folder's absolute path differs per machine; messages that name it show <folder> instead.
        var actual = string.Concat(diagnostics.Select(d => d + "\n")).Replace(folder, "<folder>", StringComparison.Ordinal);

        definition.Should().BeNull("an invalid definition must not reach the later stages");
        diagnostics.Should().Contain(d => d.IsError);
        Golden.Text(expectedPath, actual);
    }

    [Fact]
    public void Covers_every_bad_input_the_format_names()
    {
        // The list of bad inputs; each must stay covered by its own folder.
        string[] required =
        [
            "malformed-yaml", "unknown-key", "duplicate-key", "wrong-type", "missing-required", "ou-listed-twice",
            "unknown-parent", "cycle", "depth-over-5", "opt-out-without-reason", "bad-account-id", "unknown-region",
        ];

        CaseNames().Should().Contain(required);
    }
}
