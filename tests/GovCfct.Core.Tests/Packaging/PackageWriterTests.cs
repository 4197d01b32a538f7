using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text;
using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Packaging;
using static GovCfct.Core.Tests.Packaging.TestModel;

namespace GovCfct.Core.Tests.Packaging;

public sealed class PackageWriterTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("govcfct-writer-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static CfctPackage Package(string digitalEmail = "digital@example.go.jp")
    {
        var diagnostics = new DiagnosticBag();
        return Build(PackageBuilderTests.Government(digitalEmail), diagnostics).Package!;
    }

    private string Out => Path.Combine(_root, "out");

    [Fact]
    public void Writes_every_file_byte_for_byte_and_two_builds_are_identical()
    {
        var diagnostics = new DiagnosticBag();
        PackageWriter.Write(Package(), Out, dryRun: false, diagnostics).Written.Should().BeTrue();
        var first = Snapshot(Out);
        var second = PackageWriter.Write(Package(), Out, dryRun: false, diagnostics);

        second.Changes.Should().BeEmpty();
        second.Written.Should().BeFalse();
        Snapshot(Out).Should().BeEquivalentTo(first);
        first.Keys.Should().Contain(["manifest.yaml", "report/build-report.json", "report/build-report.md", "templates/gc-guardduty.template"]);
        first.Keys.Where(k => k.StartsWith("templates/", StringComparison.Ordinal)).Should().OnlyContain(k => k.EndsWith(".template", StringComparison.Ordinal));
        Directory.GetDirectories(_root).Should().Equal(Out);
    }

    [Fact]
    public void Dry_run_lists_created_changed_and_deleted_files_and_writes_nothing()
    {
        var diagnostics = new DiagnosticBag();
        PackageWriter.Write(Package(), Out, dryRun: false, diagnostics);
        File.WriteAllText(Path.Combine(Out, "templates", "stale.template"), "old");
        File.Delete(Path.Combine(Out, "report", "build-report.md"));
        var before = Snapshot(Out);

        var result = PackageWriter.Write(Package("digital-soc@example.go.jp"), Out, dryRun: true, diagnostics);

        result.Written.Should().BeFalse();
        result.Changes.Should().Equal(
            new FileChange("manifest.yaml", ChangeKind.Changed),
            new FileChange("report/build-report.md", ChangeKind.Created),
            new FileChange("templates/stale.template", ChangeKind.Deleted));
        Snapshot(Out).Should().BeEquivalentTo(before);
    }

    [Fact]
    public void A_failed_write_leaves_the_previous_output_and_no_temporary_folder()
    {
        var diagnostics = new DiagnosticBag();
        PackageWriter.Write(Package(), Out, dryRun: false, diagnostics);
        var before = Snapshot(Out);

        var result = PackageWriter.Write(Package("digital-soc@example.go.jp"), Out, dryRun: false, diagnostics, beforeSwap: _ => throw new IOException("disk full"));

        result.Written.Should().BeFalse();
        diagnostics.Items.Should().ContainSingle().Which.Code.Should().Be(DiagnosticCodes.OutputWriteFailed.Id);
        Snapshot(Out).Should().BeEquivalentTo(before);
        Directory.GetDirectories(_root).Should().Equal(Out);
    }

    [Fact]
    public void After_every_step_of_the_swap_the_output_is_the_old_or_the_new_complete_package()
    {
        // A kill can land between any two steps of the swap: at each step the output folder must exist and be one of the
        // two complete packages. Moving the old folder aside and the new one in (two renames) leaves no output between them.
        var diagnostics = new DiagnosticBag();
        PackageWriter.Write(Package(), Out, dryRun: false, diagnostics);
        var old = Snapshot(Out);
        var next = Package("digital-soc@example.go.jp");
        var fresh = next.Files.ToImmutableSortedDictionary(f => f.Key, f => Encoding.UTF8.GetString([.. f.Value]), StringComparer.Ordinal);
        var seen = new List<bool>();

        var result = PackageWriter.Write(next, Out, dryRun: false, diagnostics, afterSwapStep: () =>
        {
            var now = Directory.Exists(Out) ? Snapshot(Out) : ImmutableSortedDictionary<string, string>.Empty;
            seen.Add(now.Count > 0 && (now.SequenceEqual(old) || now.SequenceEqual(fresh)));
        });

        result.Written.Should().BeTrue();
        seen.Should().NotBeEmpty().And.OnlyContain(complete => complete);
        Directory.GetDirectories(_root).Should().Equal(Out);
        diagnostics.Items.Should().BeEmpty();
    }

    [Fact]
    public void The_small_government_scenario_matches_its_golden_files()
    {
        var expectedDir = Path.Combine(SourceDir(), "Scenarios", "government-small", "expected");
        var package = Package();
        Golden.Folder(expectedDir, package.Files);
    }

    private static string SourceDir([CallerFilePath] string file = "") => Path.GetDirectoryName(file)!;

    private static ImmutableSortedDictionary<string, string> Snapshot(string dir) =>
        Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .ToImmutableSortedDictionary(f => Path.GetRelativePath(dir, f).Replace('\\', '/'), File.ReadAllText, StringComparer.Ordinal);
}
