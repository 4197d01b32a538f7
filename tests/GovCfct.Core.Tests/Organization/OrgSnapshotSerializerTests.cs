using System.Runtime.CompilerServices;
using System.Text;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;

namespace GovCfct.Core.Tests.Organization;

/// <summary>
/// Snapshot files: scenario folders under Scenarios/ (valid ones with expected.json, Invalid/* with
/// expected-diagnostics.txt). Set GOVCFCT_UPDATE_GOLDEN=1 to rewrite the expected files, then review the diff.
/// </summary>
public sealed class OrgSnapshotSerializerTests
{
    public static TheoryData<string> InvalidScenarios() =>
        [.. Directory.GetDirectories(Path.Combine(ScenarioRoot(), "Invalid")).Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal)];

    [Fact]
    public void A_valid_snapshot_reads_and_is_written_back_sorted_and_byte_stable()
    {
        var folder = Path.Combine(ScenarioRoot(), "valid-small");

        var result = OrgSnapshotSerializer.ReadFile(Path.Combine(folder, "snapshot.json"), "snapshot.json");

        result.Diagnostics.Should().BeEmpty();
        result.Success.Should().BeTrue();
        var snapshot = result.Snapshot!;
        snapshot.OrganizationalUnits.Select(o => o.Path).Should().Equal("Municipalities", "Municipalities:Tokyo", "Security");
        snapshot.Accounts.Single(a => a.Id == "222222222222").Status.Should().Be("SUSPENDED");
        snapshot.Policies.Single(p => p.Name == "gc-deny-regions").Targets.Should().Equal("ou-ab12-11111111", "ou-ab12-33333333");

        var written = OrgSnapshotSerializer.Serialize(snapshot);
        AssertGolden(Path.Combine(folder, "expected.json"), written);
        written.Should().NotContain("\r").And.EndWith("}\n");
        OrgSnapshotSerializer.Serialize(OrgSnapshotSerializer.Read(written, "again.json").Snapshot!).Should().Be(written);
        OrgSnapshotSerializer.SerializeToUtf8(snapshot).Take(3).Should().NotEqual(new byte[] { 0xEF, 0xBB, 0xBF });
    }

    [Fact]
    public void Writing_does_not_depend_on_the_order_of_the_input_lists()
    {
        var snapshot = OrgSnapshotSerializer.ReadFile(Path.Combine(ScenarioRoot(), "valid-small", "snapshot.json"), "s.json").Snapshot!;
        var shuffled = snapshot with
        {
            OrganizationalUnits = [.. snapshot.OrganizationalUnits.Reverse()],
            Accounts = [.. snapshot.Accounts.Reverse()],
            Policies = [.. snapshot.Policies.Reverse().Select(p => p with { Targets = [.. p.Targets.Reverse()] })],
        };

        OrgSnapshotSerializer.Serialize(shuffled).Should().Be(OrgSnapshotSerializer.Serialize(snapshot));
    }

    [Fact]
    public void Japanese_names_stay_readable()
    {
        var snapshot = new OrgSnapshot("o-x", "111111111111", "r-ab12", [new OrgUnit("ou-ab12-11111111", "デジタル庁", "r-ab12", "デジタル庁")], [], []);

        OrgSnapshotSerializer.Serialize(snapshot).Should().Contain("\"デジタル庁\"");
    }

    [Theory]
    [MemberData(nameof(InvalidScenarios))]
    public void Invalid_snapshots_give_diagnostics_with_locations(string scenario)
    {
        var folder = Path.Combine(ScenarioRoot(), "Invalid", scenario);

        var result = OrgSnapshotSerializer.ReadFile(Path.Combine(folder, "snapshot.json"), "snapshot.json");

        result.Success.Should().BeFalse();
        result.Snapshot.Should().BeNull();
        result.Diagnostics.Should().NotBeEmpty().And.OnlyContain(d => d.IsError);
        var text = string.Join("\n", result.Diagnostics.Select(d => d.ToString())) + "\n";
        AssertGolden(Path.Combine(folder, "expected-diagnostics.txt"), text);
    }

    /// <summary>An empty or blank file (what a failed redirect leaves) says so and how to take the snapshot again, not System.Text.Json's "does not contain any JSON tokens".</summary>
    [Theory]
    [InlineData("")]
    [InlineData(" \n\t\r\n")]
    [InlineData("\uFEFF\n")]
    public void An_empty_snapshot_says_it_is_empty_and_how_to_take_it_again(string text)
    {
        var result = OrgSnapshotSerializer.Read(text, "org.json");

        var diagnostic = result.Diagnostics.Should().ContainSingle().Which;
        diagnostic.Code.Should().Be(DiagnosticCodes.SnapshotInvalid.Id);
        diagnostic.Location!.File.Should().Be("org.json");
        diagnostic.Message.Should().Contain("is empty").And.NotContain("JSON tokens");
        diagnostic.Hint.Should().Contain("govcfct org snapshot --out FILE");
    }

    [Fact]
    public void A_missing_file_is_an_io_diagnostic_not_an_exception()
    {
        var result = OrgSnapshotSerializer.ReadFile(Path.Combine(ScenarioRoot(), "does-not-exist.json"), "does-not-exist.json");

        result.Diagnostics.Should().ContainSingle().Which.Code.Should().Be(DiagnosticCodes.IoError.Id);
    }

    private static void AssertGolden(string path, string actual) => Golden.Text(path, actual);

    private static string ScenarioRoot([CallerFilePath] string source = "") =>
        Path.Combine(Path.GetDirectoryName(source)!, "Scenarios");
}
