using GovCfct.Core.Catalog;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Policies;
using GovCfct.Core.Tests.TestSupport;

namespace GovCfct.Core.Tests.Policies;

/// <summary>The shipped SCP/RCP controls, rendered with their defaults, pass every policy check of this stage.</summary>
public sealed class ShippedCatalogPolicyTests
{
    private static IEnumerable<ControlDefinition> Controls(ControlKind kind) =>
        CatalogFixture.Catalog.Controls.Where(c => c.Kind == kind).OrderBy(c => c.Id, StringComparer.Ordinal);

    private static PolicyDocument Parse(ControlDefinition control, PolicyKind kind, DiagnosticBag bag)
    {
        var document = PolicyParser.Parse(CatalogFixture.Render(control.Id), $"templates/{control.Id}", bag);
        document.Should().NotBeNull();
        PolicyParser.CheckKind(document!, kind, bag);
        new PolicyActionChecker().Check(document!, bag);
        return document!;
    }

    [Fact]
    public void Every_shipped_scp_parses_names_real_actions_and_does_not_lock_out_the_platform()
    {
        var bag = new DiagnosticBag();
        var policies = Controls(ControlKind.Scp).Select(c => (c.Id, Parse(c, PolicyKind.Scp, bag))).ToList();

        var lockout = new LockoutChecker().Check(policies, ProtectedPrincipal.FromPatterns(PlatformPrincipals.Default, "GovCloudBreakGlass"), bag);

        policies.Should().HaveCountGreaterThanOrEqualTo(11);
        bag.Items.Should().BeEmpty();
        lockout.IsSafe.Should().BeTrue();
    }

    [Fact]
    public void Every_shipped_rcp_parses_and_names_real_actions()
    {
        var bag = new DiagnosticBag();

        Controls(ControlKind.Rcp).Select(c => Parse(c, PolicyKind.Rcp, bag)).Should().NotBeEmpty();
        bag.Items.Should().BeEmpty();
    }

    [Fact]
    public void The_preventive_set_packs_into_the_default_budget_of_an_ou()
    {
        var bag = new DiagnosticBag();
        var fragments = Controls(ControlKind.Scp)
            .Select(c => new PolicyFragment(c.Id, Parse(c, PolicyKind.Scp, bag), new SourceLocation("manifest/ous/workloads.yaml")))
            .ToList();

        var result = new PolicyPacker().Pack(fragments, PolicyLimits.DefaultScp.MaxSize, PolicyLimits.DefaultScp.Available, "OU 'Workloads'", bag);

        result.Fits.Should().BeTrue(string.Join('\n', bag.Items));
        result.Policies.SelectMany(p => p.ControlIds).Should().BeEquivalentTo(fragments.Select(f => f.ControlId));
        var lockout = new LockoutChecker().Check([.. result.Policies.Select((p, i) => ($"gc-scp-workloads-{i + 1}", p.Document!))], ProtectedPrincipal.FromPatterns(PlatformPrincipals.Default, "GovCloudBreakGlass"), bag);
        lockout.IsSafe.Should().BeTrue(string.Join('\n', bag.Items));
    }
}
