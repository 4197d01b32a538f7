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

    /// <summary>An Identity Center session of the Admin permission set, as the SCPs see its principal (the role ARN with its path).</summary>
    private const string AdminSession = "arn:aws:iam::444455556666:role/aws-reserved/sso.amazonaws.com/ap-northeast-1/AWSReservedSSO_AWSAdministratorAccess_0123456789abcdef";

    private const string SystemRole = "arn:aws:iam::444455556666:role/SystemAdministrator";

    [Fact]
    public void Packing_keeps_every_controls_exemptions_so_the_Admin_may_make_costly_purchases_and_create_iam_users()
    {
        // The talk: IAM-user creation and costly purchases (RI, Shield Advanced) are what only each system's Admin may do.
        var bag = new DiagnosticBag();
        var fragments = Controls(ControlKind.Scp)
            .Select(c => new PolicyFragment(c.Id, Parse(c, PolicyKind.Scp, bag), new SourceLocation("manifest/ous/workloads.yaml")))
            .ToList();
        var packed = new PolicyPacker().Pack(fragments, PolicyLimits.DefaultScp.MaxSize, PolicyLimits.DefaultScp.Available, "OU 'Workloads'", bag);
        packed.Fits.Should().BeTrue(string.Join('\n', bag.Items));
        var packedSet = packed.Policies.Select((p, i) => ($"gc-scp-workloads-{i + 1}", p.Document!)).ToList();
        var evaluator = new PolicyEvaluator();
        PolicyDecision Decide(IReadOnlyList<(string, PolicyDocument)> set, string principal, string action) =>
            evaluator.Evaluate(set, RequestContext.Create(principal, action, "*", ("aws:RequestedRegion", "ap-northeast-1"), ("aws:PrincipalAccount", "444455556666"))).Decision;

        foreach (var action in new[] { "ec2:PurchaseReservedInstancesOffering", "shield:CreateSubscription", "ec2:CreateCapacityReservation", "iam:CreateUser" })
        {
            Decide(packedSet, AdminSession, action).Should().Be(PolicyDecision.Allow, $"the Admin may {action}");
            Decide(packedSet, SystemRole, action).Should().Be(PolicyDecision.ExplicitDeny, $"a system's own role may not {action}");
        }

        // Packing changes no decision: every action any control names, for the Admin, a system role and break-glass,
        // is decided alike by the controls one by one and by the packed policies.
        var unpacked = fragments.Select(f => (f.ControlId, f.Document)).ToList();
        var actions = fragments.SelectMany(f => f.Document.Statements).Where(st => !st.IsNotAction).SelectMany(st => st.Actions).Where(a => !a.Contains('*', StringComparison.Ordinal)).Distinct().ToList();
        actions.Should().HaveCountGreaterThan(100);
        foreach (var principal in new[] { AdminSession, SystemRole, "arn:aws:iam::444455556666:role/GovCloudBreakGlass" })
        {
            foreach (var action in actions)
            {
                Decide(packedSet, principal, action).Should().Be(Decide(unpacked, principal, action), $"{principal} {action}");
            }
        }
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
