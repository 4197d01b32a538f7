using System.Collections.Immutable;
using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Packaging;
using GovCfct.Core.Policies;
using GovCfct.Core.Tests.Policies;

namespace GovCfct.Core.Tests.Packaging;

public sealed class PolicyStageTests
{
    private static readonly SourceLocation Assignment = new("manifest/ous/workloads.yaml", 7, 9);

    private static string Deny(string actions, string condition) =>
        $"{{\"Version\":\"2012-10-17\",\"Statement\":[{{\"Effect\":\"Deny\",\"Action\":[{actions}],\"Resource\":\"*\",\"Condition\":{{{condition}}}}}]}}";

    [Fact]
    public void Pack_merges_rendered_controls_into_one_document()
    {
        var bag = new DiagnosticBag();

        var outcome = PolicyStage.Pack(
            [new PolicyPackInput("deny-access-keys", Deny("\"iam:CreateAccessKey\"", PolicyTestData.Exemptions), Assignment), new PolicyPackInput("deny-leave-organization", Deny("\"organizations:LeaveOrganization\"", PolicyTestData.Exemptions), Assignment)],
            5120,
            3,
            "OU 'Workloads'",
            bag);

        bag.Items.Should().BeEmpty();
        outcome.Fits.Should().BeTrue();
        var document = outcome.Documents.Should().ContainSingle().Subject;
        document.ControlIds.Should().Equal("deny-access-keys", "deny-leave-organization");
        document.MinifiedJson.Should().StartWith("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":[\"iam:CreateAccessKey\",\"organizations:LeaveOrganization\"],");
    }

    [Fact]
    public void Pack_reports_broken_or_misspelt_controls_at_their_assignment_and_does_not_fit()
    {
        var bag = new DiagnosticBag();

        var outcome = PolicyStage.Pack(
            [new PolicyPackInput("broken", "{\"Version\":", Assignment), new PolicyPackInput("typo", Deny("\"iam:CreateAccesKey\"", PolicyTestData.Exemptions), Assignment)],
            5120,
            3,
            "OU 'Workloads'",
            bag);

        outcome.Fits.Should().BeFalse();
        bag.Items.Select(d => d.Code).Should().Equal(DiagnosticCodes.PolicyJsonInvalid.Id, DiagnosticCodes.ActionUnknown.Id);
        bag.Items.Should().OnlyContain(d => d.Location == Assignment);
        bag.Items[1].Message.Should().StartWith("rendered policy of control 'typo': 'iam:CreateAccesKey'");
    }

    [Fact]
    public void The_lockout_check_uses_the_settings_break_glass_role_and_ignores_rcps()
    {
        var organization = new GovernanceSettings { Name = "gov", HomeRegion = "ap-northeast-1", GovernedRegions = ["ap-northeast-1", "ap-northeast-3"], ResourcePrefix = "gc", ScpLimits = PolicyLimits.DefaultScp, RcpLimits = PolicyLimits.DefaultRcp, EnableStackSetDeletion = false, Principals = PlatformPrincipals.Default, Location = new SourceLocation("manifest/organization.yaml", 1, 1) };
        var root = new OuNode(OuNode.RootName, string.Empty, [], [], ImmutableSortedDictionary<string, ParameterValue>.Empty, [], [], new SourceLocation("manifest/organization.yaml"));
        var parameters = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("BreakGlassRoleName", ParameterValue.Of("EmergencyAdmin"))]);
        var principals = PolicyStage.ProtectedPrincipals(GovernanceSettings.From(new GovernanceDefinition(organization, parameters, root, "/tmp/def")));
        var scp = Deny("\"cloudformation:DeleteStack\"", PolicyTestData.Exemptions);
        var rcp = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}";
        var bag = new DiagnosticBag();

        PolicyStage.CheckLockout(principals, "Workloads", [new EffectivePolicy("gc-scp-workloads-1", DeployMethod.Scp, scp, Inherited: false), new EffectivePolicy("gc-rcp-workloads-1", DeployMethod.Rcp, rcp, Inherited: false)], bag);

        var error = bag.Items.Should().ContainSingle().Subject;
        error.Code.Should().Be(DiagnosticCodes.LockoutDenied.Id);
        error.Message.Should().Be("policy 'gc-scp-workloads-1' statement #1 denies the protected principal arn:aws:iam::<member-account>:role/EmergencyAdmin: cloudformation:DeleteStack in ap-northeast-1, cloudformation:DeleteStack in ap-northeast-3, cloudformation:DeleteStack in us-east-1 (in effect at OU 'Workloads')");
        error.Location.Should().Be(new SourceLocation("policies/gc-scp-workloads-1.json", 1, 38));
    }

    [Fact]
    public void The_escalation_check_tries_the_admin_permission_set_the_definition_names()
    {
        var organization = new GovernanceSettings { Name = "gov", HomeRegion = "ap-northeast-1", GovernedRegions = ["ap-northeast-1"], ResourcePrefix = "gc", ScpLimits = PolicyLimits.DefaultScp, RcpLimits = PolicyLimits.DefaultRcp, EnableStackSetDeletion = false, Principals = PlatformPrincipals.Default, Location = new SourceLocation("manifest/organization.yaml", 1, 1) };
        var root = new OuNode(OuNode.RootName, string.Empty, [], [], ImmutableSortedDictionary<string, ParameterValue>.Empty, [], [], new SourceLocation("manifest/organization.yaml"));
        var parameters = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("AdminPermissionSetName", ParameterValue.Of("SystemAdmin"))]);

        var attackers = PolicyStage.EscalationAttackers(GovernanceSettings.From(new GovernanceDefinition(organization, parameters, root, "/tmp/def")));

        // The Identity Center role ARN form: docs/facts/landing-zone.md §2.4.
        attackers[0].Should().Be("arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/ap-northeast-1/AWSReservedSSO_SystemAdmin_0123456789abcdef");
        PolicyStage.EscalationAttackers(GovernanceSettings.Unknown)[0].Should().Contain("/AWSReservedSSO_AWSAdministratorAccess_");
    }
}
