using System.Collections.Immutable;
using System.Text;
using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Packaging;
using GovCfct.Core.Planning;

namespace GovCfct.Core.Tests.ControlTower;

/// <summary>
/// Plan shows Control Tower controls per OU like the other kinds: enabled on the OU, inherited from above (preventive
/// only, docs/facts/landing-zone.md §1.5) and removed since the previous package.
/// </summary>
public sealed class CtPlanTests
{
    private static readonly OrgSnapshot Org = new(
        "o-abcdefghij",
        "111122223333",
        "r-ab12",
        [
            new OrgUnit("ou-ab12-11111111", "Workloads", "r-ab12", "Workloads"),
            new OrgUnit("ou-ab12-22222222", "Prod", "ou-ab12-11111111", "Workloads:Prod"),
            new OrgUnit("ou-ab12-33333333", "Sandbox", "r-ab12", "Sandbox"),
        ],
        [new OrgAccount("444455556666", "prod", "p@example.go.jp", "ACTIVE", "ou-ab12-22222222")],
        []);

    private static string Control(string logical, string control, string behavior, string identifier, string ouId) => $"""
          {logical}:
            Type: AWS::ControlTower::EnabledControl
            Metadata:
              GovCfct:
                Control: {control}
                Behavior: {behavior}
            Properties:
              ControlIdentifier: arn:aws:controlcatalog:::control/{identifier}
              TargetIdentifier: arn:aws:organizations::111122223333:ou/o-abcdefghij/{ouId}

        """;

    private static CfctPackage Package(params string[] resources)
    {
        var template = "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n" + string.Concat(resources);
        var resource = new ManifestResource("gc-ct-controls", "ct", "templates/gc-ct-controls.template", DeployMethod.StackSet, [], null, [], ["111122223333"], ["ap-northeast-1"], [], []);
        return new CfctPackage(
            new CfctManifest("ap-northeast-1", false, [resource]),
            ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("templates/gc-ct-controls.template", Encoding.UTF8.GetBytes(template))]));
    }

    [Fact]
    public void Controls_show_as_enabled_inherited_and_removed_per_OU()
    {
        var previous = Package(
            Control("A", "ct-restrict-root-user", "preventive", "5kvme4m5d2b4d7if2fs5yg2ui", "ou-ab12-11111111"),
            Control("B", "ct-restricted-ssh", "detective", "6rilu41n0gb9w6mxrkyewoer4", "ou-ab12-33333333"));
        var current = Package(
            Control("A", "ct-restrict-root-user", "preventive", "5kvme4m5d2b4d7if2fs5yg2ui", "ou-ab12-11111111"),
            Control("C", "ct-encrypted-volumes", "detective", "503uicglhjkokaajywfpt6ros", "ou-ab12-11111111"),
            Control("D", "ct-restricted-ssh", "detective", "6rilu41n0gb9w6mxrkyewoer4", "ou-ab12-22222222"));
        var diagnostics = new DiagnosticBag();

        var plan = ChangePlanner.Plan(new ChangePlanOptions(current, Org) { Previous = previous }, diagnostics);

        plan.CtControls.Select(r => (r.OuPath, string.Join(",", r.Enabled), string.Join(",", r.Inherited), string.Join(",", r.Removed))).Should().Equal(
            ("Sandbox", string.Empty, string.Empty, "ct-restricted-ssh"),
            ("Workloads", "ct-encrypted-volumes,ct-restrict-root-user", string.Empty, string.Empty),
            // The detective control on Workloads is not inherited by Prod; the preventive one is.
            ("Workloads:Prod", "ct-restricted-ssh", "ct-restrict-root-user", string.Empty));
        PlanMarkdownWriter.Write(plan).Should().Contain("## Control Tower controls by OU").And.Contain("| Workloads:Prod | 1 | ct-restricted-ssh | ct-restrict-root-user |  |");
        PlanJsonWriter.Write(plan).Should().Contain("\"ctControls\"");
    }

    [Fact]
    public void Coverage_counts_Control_Tower_controls_where_Control_Tower_applies_them_not_as_missed()
    {
        // The stack set enabling them runs in the management account only; the OUs get them from Control Tower.
        var package = Package(
            Control("A", "ct-restrict-root-user", "preventive", "5kvme4m5d2b4d7if2fs5yg2ui", "ou-ab12-11111111"),
            Control("B", "ct-restricted-ssh", "detective", "6rilu41n0gb9w6mxrkyewoer4", "ou-ab12-11111111"));
        package = package with { Manifest = package.Manifest with { Resources = [package.Manifest.Resources[0] with { ControlIds = ["ct-restrict-root-user", "ct-restricted-ssh"] }] } };
        var both = ImmutableHashSet.Create(StringComparer.Ordinal, "ct-restrict-root-user", "ct-restricted-ssh");
        var intent = ControlIntent.Empty with
        {
            EffectiveByOu = ImmutableDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("Workloads", both), KeyValuePair.Create("Workloads:Prod", both)]),
        };
        var diagnostics = new DiagnosticBag();

        var plan = ChangePlanner.Plan(new ChangePlanOptions(package, Org) { Intent = intent }, diagnostics);

        var prod = plan.Ous.Single(o => o.Path == "Workloads:Prod");
        var cells = plan.Controls.Zip(prod.Cells).ToDictionary(c => c.First, c => c.Second);
        cells["ct-restrict-root-user"].Should().Be(Coverage.Inherited, "preventive controls apply below the OU they are enabled on");
        cells["ct-restricted-ssh"].Should().Be(Coverage.Missed, "detective controls are not inherited: Prod's account is not checked");
        plan.Ous.Single(o => o.Path == "Workloads").Cells.Should().AllSatisfy(c => c.Should().Be(Coverage.Attached));
        diagnostics.Items.Should().NotContain(d => d.Code == DiagnosticCodes.PlanAccountsUncovered.Id, "Prod's account receives the inherited Control Tower control");
        PlanMarkdownWriter.Write(plan).Should().Contain("SCPs / RCPs / Control Tower controls in effect");
    }

    [Fact]
    public void A_target_the_organization_does_not_have_is_reported()
    {
        var diagnostics = new DiagnosticBag();

        ChangePlanner.Plan(new ChangePlanOptions(Package(Control("A", "ct-restrict-root-user", "preventive", "5kvme4m5d2b4d7if2fs5yg2ui", "ou-ab12-99999999")), Org), diagnostics);

        diagnostics.Items.Should().Contain(d => d.Code == DiagnosticCodes.PlanCtTargetUnknown.Id && d.Message.Contains("ou-ab12-99999999"));
    }

    [Fact]
    public void A_plan_without_Control_Tower_controls_has_no_such_section()
    {
        var plan = ChangePlanner.Plan(new ChangePlanOptions(new CfctPackage(new CfctManifest("ap-northeast-1", false, []), ImmutableSortedDictionary<string, byte[]>.Empty), Org), new DiagnosticBag());

        PlanJsonWriter.Write(plan).Should().NotContain("ctControls");
        PlanMarkdownWriter.Write(plan).Should().NotContain("Control Tower controls");
    }
}
