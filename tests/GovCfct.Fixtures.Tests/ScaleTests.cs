using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Packaging;
using GovCfct.Core.Planning;
using GovCfct.Core.Validation;
using GovCfct.Pipeline;

namespace GovCfct.Fixtures.Tests;

/// <summary>
/// The two honest fixtures (the shipped definition's assignments, every leaf OU holding accounts, a lock written by
/// <c>govcfct org lock</c>'s code): the landing-zone maximum within every quota, the stress tree beyond two; and what
/// CfCT sees from GovCfct's output at government size.
/// </summary>
public sealed class ScaleTests : IDisposable
{
    private readonly FixtureBuild _fixtures = new();

    public void Dispose() => _fixtures.Dispose();

    [Fact]
    public void The_landing_zone_maximum_is_the_largest_organization_one_landing_zone_allows()
    {
        var fixture = _fixtures.Write(FixtureSize.LandingZoneMaximum);
        var depth = fixture.Snapshot.OrganizationalUnits.Max(o => o.Path.Count(c => c == ':') + 1);
        var perOu = fixture.Snapshot.Accounts.GroupBy(a => a.ParentId, StringComparer.Ordinal).Where(g => g.Key != fixture.Snapshot.RootId).Max(g => g.Count());

        // Hand-worked from the quotas: 2,000 OUs (Organizations), 10,000 accounts (Control Tower), 5 levels, 300 a single OU (Service Quotas' stricter figure).
        fixture.OuCount.Should().BeInRange(1_990, 2_000);
        fixture.AccountCount.Should().Be(10_000);
        depth.Should().Be(5);
        perOu.Should().BeLessThanOrEqualTo(300);
        GovernmentFixture.LandingZoneMunicipalities().Should().HaveCount(47).And.OnlyContain(m => m >= 1);

        var diagnostics = new DiagnosticBag();
        ScaleAnalysis.Analyze(new ScaleOptions(fixture.Snapshot) { Definition = fixture.Definition }, diagnostics);
        diagnostics.Items.Should().NotContain(d => d.IsError);
    }

    [Fact]
    public void The_stress_tree_reports_the_two_quotas_it_breaks()
    {
        var fixture = _fixtures.Write(FixtureSize.Full);
        var municipalities = fixture.Definition.AllOus().Where(o => o.Path.StartsWith("Workloads:Municipalities:", StringComparison.Ordinal) && o.Depth == 4).ToList();

        fixture.OuCount.Should().Be(5_367);
        municipalities.Should().HaveCount(1741);
        fixture.Definition.AllOus().Count(o => o.Path.StartsWith("Workloads:Ministries:", StringComparison.Ordinal) && o.Depth == 3).Should().Be(30);
        fixture.AccountCount.Should().BeInRange(30_000, 40_000);
        Directory.GetFiles(Path.Combine(fixture.DefinitionDirectory, "ous", "municipalities")).Should().HaveCount(47, "one file per prefecture");

        var diagnostics = new DiagnosticBag();
        ScaleAnalysis.Analyze(new ScaleOptions(fixture.Snapshot) { Definition = fixture.Definition, OrganizationDisplayPath = "org-snapshot.json" }, diagnostics);

        diagnostics.Items.Where(d => d.IsError).Select(d => d.Code + " " + d.Message[..d.Message.IndexOf(':', StringComparison.Ordinal)]).Should().BeEquivalentTo(
            "GCF3060 accounts in the organization",
            "GCF3060 OUs in the organization");
    }

    [Theory]
    [InlineData(FixtureSize.LandingZoneMaximum)]
    [InlineData(FixtureSize.Sixteenth)]
    public void Every_leaf_OU_holds_accounts_and_the_lock_written_by_org_lock_says_so(FixtureSize size)
    {
        var fixture = _fixtures.Write(size);
        var holders = fixture.Snapshot.Accounts.Select(a => a.ParentId).ToHashSet(StringComparer.Ordinal);
        var parents = fixture.Snapshot.OrganizationalUnits.Select(o => o.ParentId).ToHashSet(StringComparer.Ordinal);
        var leaves = fixture.Snapshot.OrganizationalUnits.Where(o => !parents.Contains(o.Id)).ToList();

        leaves.Should().OnlyContain(o => holders.Contains(o.Id));
        var orgLock = fixture.Definition.Lock!;
        leaves.Should().OnlyContain(o => orgLock.Ous[o.Path].HoldsAccounts && orgLock.Ous[o.Path].Id == o.Id);
        File.ReadAllText(Path.Combine(fixture.DefinitionDirectory, OrgLock.FileName)).Should().Be(OrgLockWriter.Write(fixture.Snapshot));
        OrgLockWriter.Check(orgLock, fixture.Snapshot).Should().BeEmpty();
    }

    [Fact]
    public void The_fixture_keeps_the_shipped_definitions_assignments()
    {
        var fixture = _fixtures.Write(FixtureSize.Sixteenth);
        // The shipped definition as the fixture starts from it: with real-looking ids in place of its placeholders.
        var shipped = new DefinitionLoader().Load(RealisticDefinition.Shared(Path.Combine(FixtureBuild.Root, "manifest")), new DiagnosticBag())!;
        var generated = fixture.Definition.AllOus().ToDictionary(o => o.Path, StringComparer.Ordinal);

        // Every OU the fixture keeps from manifest/ has the same assignments and opt-outs; the generated ones add none.
        var kept = shipped.AllOus().Where(o => generated.ContainsKey(o.Path)).ToList();
        kept.Select(o => o.Path).Should().Contain(["Workloads", "Workloads:Ministries", "Workloads:Municipalities", "Security", "Infrastructure", "Sandbox", "Suspended"]);
        foreach (var ou in kept)
        {
            generated[ou.Path].Controls.Select(c => c.ControlId).Should().Equal(ou.Controls.Select(c => c.ControlId), ou.Path);
            generated[ou.Path].Parameters.Keys.Should().Equal(ou.Parameters.Keys, ou.Path);
        }

        var shippedExempt = shipped.AllOus().SelectMany(o => o.Exemptions).Select(e => e.ControlId).Distinct().ToList();
        fixture.Definition.AllOus().Where(o => !kept.Any(k => k.Path == o.Path)).Should().OnlyContain(o => o.Controls.IsEmpty && o.Parameters.IsEmpty && o.Exemptions.All(e => shippedExempt.Contains(e.ControlId)));
        fixture.Definition.Organization.Should().BeEquivalentTo(shipped.Organization, o => o.Excluding(s => s.MaxOus).Excluding(s => s.Location));
        fixture.Definition.TargetAccounts.Select(a => (a.Id, string.Join(',', a.Controls.Select(c => c.ControlId))))
            .Should().Equal(shipped.TargetAccounts.Select(a => (a.Id, string.Join(',', a.Controls.Select(c => c.ControlId)))));
    }

    [Fact]
    public void The_fixture_holds_none_of_the_shipped_placeholders_validate_refuses()
    {
        var fixture = _fixtures.Write(FixtureSize.Sixteenth);
        var diagnostics = new DiagnosticBag();

        ShippedPlaceholders.Check(fixture.Definition, refuse: true, diagnostics);

        diagnostics.Items.Should().BeEmpty();
        fixture.Definition.ManagementAccount!.Id.Should().Be(GovernmentFixture.ManagementAccountId).And.NotBe("111122223333");
    }

    [Fact]
    public void The_fixture_is_the_same_bytes_every_time()
    {
        var first = _fixtures.Write(FixtureSize.Sixteenth);
        var firstSnapshot = File.ReadAllBytes(first.SnapshotPath);
        var firstFile = File.ReadAllBytes(GovernmentFixture.PrefectureFile(first.DefinitionDirectory, "Hokkaido"));
        var firstLock = File.ReadAllBytes(Path.Combine(first.DefinitionDirectory, OrgLock.FileName));
        var second = _fixtures.Write(FixtureSize.Sixteenth);

        File.ReadAllBytes(second.SnapshotPath).Should().Equal(firstSnapshot);
        File.ReadAllBytes(GovernmentFixture.PrefectureFile(second.DefinitionDirectory, "Hokkaido")).Should().Equal(firstFile);
        File.ReadAllBytes(Path.Combine(second.DefinitionDirectory, OrgLock.FileName)).Should().Equal(firstLock);
    }

    [Fact]
    public void The_landing_zone_maximum_builds_and_validates_with_no_error_and_no_stack_over_500_resources()
    {
        var fixture = _fixtures.Write(FixtureSize.LandingZoneMaximum);
        var package = FixtureBuild.Build(fixture.DefinitionDirectory).Package!;

        var output = _fixtures.Folder("landing-zone-package");
        PackageWriter.Write(package, output, dryRun: false, new DiagnosticBag()).Written.Should().BeTrue();
        var validation = new PackageValidator().Validate(new PackageValidationOptions(output)
        {
            Organization = fixture.Snapshot,
            Definition = fixture.Definition,
            Settings = GovernanceSettings.From(fixture.Definition),
            RunCfnLint = false,
        });
        var organization = new DiagnosticBag();
        var scale = BuildPipeline.CheckOrganization(fixture.Definition, package, fixture.Snapshot, organization, "org-snapshot.json");

        validation.Diagnostics.Where(d => d.IsError).Should().BeEmpty();
        organization.Items.Where(d => d.IsError).Should().BeEmpty();
        scale.Quotas.Single(q => q.Key == "resources_per_stack").Used.Should().BeLessThanOrEqualTo(500);
    }

    [Fact]
    public void The_stress_tree_builds()
    {
        var fixture = _fixtures.Write(FixtureSize.Full);

        FixtureBuild.Build(fixture.DefinitionDirectory).Package.Should().NotBeNull();
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
}
