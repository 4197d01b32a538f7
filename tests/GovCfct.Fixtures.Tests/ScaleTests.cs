using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Packaging;

namespace GovCfct.Fixtures.Tests;

/// <summary>What CfCT sees from GovCfct's output at government size: nothing when nothing changed, one resource when one OU's value changed.</summary>
public sealed class ScaleTests : IDisposable
{
    private readonly FixtureBuild _fixtures = new();

    public void Dispose() => _fixtures.Dispose();

    [Fact]
    public void The_full_fixture_has_government_size()
    {
        var fixture = _fixtures.Write(FixtureSize.Full);
        var municipalities = fixture.Definition.AllOus().Where(o => o.Path.StartsWith("Workloads:Municipalities:", StringComparison.Ordinal) && o.Depth == 4).ToList();

        fixture.Definition.AllOus().Count(o => o.Path.StartsWith("Workloads:Municipalities:", StringComparison.Ordinal) && o.Depth == 3).Should().Be(47);
        municipalities.Should().HaveCount(1741);
        fixture.Definition.AllOus().Count(o => o.Path.StartsWith("Workloads:Ministries:", StringComparison.Ordinal) && o.Depth == 3).Should().Be(30);
        municipalities.Should().OnlyContain(m => m.Children.Select(c => c.Name).SequenceEqual(new[] { "Production", "Verification" }));
        fixture.AccountCount.Should().BeInRange(30_000, 40_000);
        Directory.GetFiles(Path.Combine(fixture.DefinitionDirectory, "ous", "municipalities")).Should().HaveCount(47, "one file per prefecture");
    }

    [Fact]
    public void Smaller_sizes_keep_every_prefecture_and_shrink_the_rest()
    {
        var sixteenth = _fixtures.Write(FixtureSize.Sixteenth);
        var quarter = _fixtures.Write(FixtureSize.Quarter);

        sixteenth.Definition.AllOus().Count(o => o.Path.StartsWith("Workloads:Municipalities:", StringComparison.Ordinal) && o.Depth == 3).Should().Be(47);
        sixteenth.OuCount.Should().BeLessThan(quarter.OuCount);
        sixteenth.AccountCount.Should().BeLessThan(quarter.AccountCount);
    }

    [Fact]
    public void The_fixture_is_the_same_bytes_every_time()
    {
        var first = _fixtures.Write(FixtureSize.Sixteenth);
        var firstSnapshot = File.ReadAllBytes(first.SnapshotPath);
        var firstFile = File.ReadAllBytes(GovernmentFixture.PrefectureFile(first.DefinitionDirectory, "Hokkaido"));
        var second = _fixtures.Write(FixtureSize.Sixteenth);

        File.ReadAllBytes(second.SnapshotPath).Should().Equal(firstSnapshot);
        File.ReadAllBytes(GovernmentFixture.PrefectureFile(second.DefinitionDirectory, "Hokkaido")).Should().Equal(firstFile);
    }

    [Fact]
    public void An_unchanged_rebuild_changes_zero_bytes()
    {
        var fixture = _fixtures.Write(FixtureSize.Sixteenth);
        var output = _fixtures.Folder("package");
        PackageWriter.Write(FixtureBuild.Build(fixture.DefinitionDirectory).Package!, output, dryRun: false, new DiagnosticBag()).Written.Should().BeTrue();

        var again = FixtureBuild.Build(fixture.DefinitionDirectory).Package!;

        PackageWriter.Plan(again, output).Should().BeEmpty("CfCT skips a stack set only when its template and parameters are byte-equal");
        new CfctWorkModel(fixture.Snapshot).Change(again, again).StackSetExecutions.Should().Be(0);
    }

    [Fact]
    public void A_one_parameter_change_in_one_OU_changes_exactly_one_manifest_resource_and_its_file()
    {
        var fixture = _fixtures.Write(FixtureSize.Sixteenth);
        var before = FixtureBuild.Build(fixture.DefinitionDirectory).Package!;
        var file = GovernmentFixture.PrefectureFile(fixture.DefinitionDirectory, "Hokkaido");
        var text = File.ReadAllText(file);
        text.Should().Contain($"'{GovernmentFixture.ExtraPort(0)}'", "Hokkaido (prefecture 0) has its own BlockedPorts");
        File.WriteAllText(file, text.Replace($"'{GovernmentFixture.ExtraPort(0)}'", "'8443'", StringComparison.Ordinal));

        var after = FixtureBuild.Build(fixture.DefinitionDirectory).Package!;

        var changedFiles = after.Files.Where(f => !before.Files.TryGetValue(f.Key, out var old) || !old.AsSpan().SequenceEqual(f.Value)).Select(f => f.Key).ToList();
        // The variant's reviewable copy and the management-account stack that embeds it as TemplateBody.
        changedFiles.Should().HaveCount(2);
        changedFiles.Should().Contain(f => f.StartsWith("templates/gc-config-rules-baseline-", StringComparison.Ordinal));
        changedFiles.Should().Contain("templates/gc-member-stack-sets.template");
        after.Files.Keys.Should().Equal(before.Files.Keys, "no resource is renamed, added or removed");

        var changedResources = after.Manifest.Resources.Where(r => changedFiles.Contains(r.ResourceFile)).ToList();
        changedResources.Should().ContainSingle().Which.Name.Should().Be("gc-member-stack-sets");
        var work = new CfctWorkModel(fixture.Snapshot).Change(before, after);
        work.StackSetExecutions.Should().Be(1);
        work.StackInstances.Should().BeLessThanOrEqualTo(1, "CfCT updates only the owner stack in the management account; StackSets updates the member instances");
    }

    [Fact]
    public void The_grouped_manifest_needs_far_fewer_stack_set_executions_than_one_resource_per_OU()
    {
        var fixture = _fixtures.Write(FixtureSize.Sixteenth);
        var built = FixtureBuild.Build(fixture.DefinitionDirectory);
        var model = new CfctWorkModel(fixture.Snapshot);
        // Member stack sets are service-managed now: their regions are in the management-account stack, not the manifest.
        var regions = built.Package!.Manifest.Resources.Where(r => r.DeployMethod == DeployMethod.StackSet)
            .Select(r => (Control: r.ControlIds[0], r.Regions.Length))
            .Concat(GovCfct.Core.Packaging.ExpectedMemberStackSets.Read(built.Package).Select(m => (Control: m.ControlId, m.Regions.Length)))
            .GroupBy(r => r.Control, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Length, StringComparer.Ordinal);

        var grouped = model.FirstRun(built.Package);
        var naive = model.NaiveFirstRun(built.Resolution!, regions);

        naive.StackInstances.Should().BeGreaterThan(grouped.StackInstances, "CfCT no longer deploys member instances: StackSets' automatic deployment does");
        naive.StackSetExecutions.Should().BeGreaterThan(10 * grouped.StackSetExecutions);
    }
}
