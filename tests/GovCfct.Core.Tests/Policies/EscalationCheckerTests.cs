using GovCfct.Core.Catalog;
using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Policies;
using GovCfct.Core.Tests.TestSupport;

namespace GovCfct.Core.Tests.Policies;

/// <summary>
/// The escalation check on the shipped catalog and on hand-written policies: every exempted role or user pattern must
/// be one no Identity Center Admin session (or ordinary role) can create, re-trust, grant, un-bound or pass.
/// </summary>
public sealed class EscalationCheckerTests
{
    private static readonly IReadOnlyList<string> Attackers = EscalationChecker.DefaultAttackers();

    private static List<(string Name, PolicyDocument Doc)> ShippedScps(params string[] without) =>
        [.. CatalogFixture.Catalog.Controls
            .Where(c => c.Kind == ControlKind.Scp && !without.Contains(c.Id))
            .OrderBy(c => c.Id, StringComparer.Ordinal)
            .Select(c => (c.Id, PolicyParser.Parse(CatalogFixture.Render(c.Id), $"templates/{c.Id}/policy.json.sbn", new DiagnosticBag())!))];

    private static (string, PolicyDocument) Policy(string name, params string[] statements) =>
        (name, PolicyParser.Parse($"{{\"Version\":\"2012-10-17\",\"Statement\":[{string.Join(',', statements)}]}}", name, new DiagnosticBag())!);

    [Fact]
    public void The_shipped_scps_let_nobody_become_an_exempted_principal()
    {
        var bag = new DiagnosticBag();

        var result = new EscalationChecker().Check(ShippedScps(), Attackers, bag);

        bag.Items.Should().BeEmpty();
        result.IsSafe.Should().BeTrue();
        result.CheckedPatterns.Should().Contain(PlatformPrincipals.Default.ProtectedRoleArns)
            .And.Contain("arn:*:iam::*:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_AWSAdministratorAccess_*")
            .And.Contain("arn:*:iam::*:role/gc-*-scheduler-*");
    }

    [Fact]
    public void Without_the_anti_forgery_control_every_exemption_is_reported_with_policy_pattern_and_missing_denies()
    {
        var bag = new DiagnosticBag();

        var result = new EscalationChecker().Check(ShippedScps("protect-exempt-principals"), Attackers, bag);

        result.IsSafe.Should().BeFalse();
        result.Findings.Select(f => f.Pattern).Should().Contain("arn:*:iam::*:role/GovCloudBreakGlass").And.Contain("arn:*:iam::*:role/AWSControlTowerExecution");
        var breakGlass = result.Findings.First(f => f.Pattern == "arn:*:iam::*:role/GovCloudBreakGlass");
        breakGlass.MissingDenies.Should().Equal(EscalationChecker.RoleActions);
        breakGlass.ResourceArn.Should().Be("arn:aws:iam::111122223333:role/GovCloudBreakGlass");
        bag.Items.Should().Contain(d => d.Code == DiagnosticCodes.EscalationPossible && d.Severity == Severity.Error
            && d.Message.Contains("exempts 'arn:*:iam::*:role/GovCloudBreakGlass'", StringComparison.Ordinal)
            && d.Message.Contains("iam:CreateRole, iam:UpdateAssumeRolePolicy", StringComparison.Ordinal)
            && d.Message.StartsWith("policy 'deny-", StringComparison.Ordinal));
    }

    [Fact]
    public void A_deny_that_misses_one_way_of_becoming_the_role_is_reported_with_that_action_only()
    {
        var exempt = "\"Condition\":{\"ArnNotLike\":{\"aws:PrincipalArn\":[\"arn:*:iam::*:role/BreakGlass\"]}}";
        var bag = new DiagnosticBag();

        var result = new EscalationChecker().Check(
            [
                Policy("regions", $"{{\"Sid\":\"DenyRegions\",\"Effect\":\"Deny\",\"Action\":\"ec2:*\",\"Resource\":\"*\",{exempt}}}"),
                Policy("forgery", $"{{\"Effect\":\"Deny\",\"Action\":[\"iam:CreateRole\",\"iam:UpdateAssumeRolePolicy\",\"iam:AttachRolePolicy\",\"iam:PutRolePolicy\",\"iam:PutRolePermissionsBoundary\",\"iam:DeleteRolePermissionsBoundary\",\"iam:DeleteRole\"],\"Resource\":\"arn:*:iam::*:role/BreakGlass\",{exempt}}}"),
            ],
            Attackers,
            bag);

        result.Findings.Should().ContainSingle().Which.MissingDenies.Should().Equal("iam:PassRole");
        bag.Items.Should().ContainSingle().Which.Message.Should().Contain("policy 'regions' statement 'DenyRegions' exempts 'arn:*:iam::*:role/BreakGlass'");
    }

    [Fact]
    public void Tag_driven_exemptions_also_require_the_tag_actions_and_user_patterns_the_user_actions()
    {
        var statement = "{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"Condition\":{\"ArnNotLike\":{\"aws:PrincipalArn\":[\"arn:*:iam::*:user/robot\"]},\"StringNotEquals\":{\"aws:PrincipalTag/team\":\"platform\"}}}";
        var bag = new DiagnosticBag();

        var result = new EscalationChecker().Check([Policy("p", statement)], Attackers, bag);

        result.Findings.Should().ContainSingle().Which.MissingDenies.Should().Equal([.. EscalationChecker.UserActions, .. EscalationChecker.UserTagActions]);
    }

    [Fact]
    public void A_principal_that_is_neither_role_nor_user_is_a_warning()
    {
        var bag = new DiagnosticBag();

        new EscalationChecker().Check([Policy("p", "{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"Condition\":{\"ArnNotLike\":{\"aws:PrincipalArn\":\"arn:aws:sts::*:assumed-role/x/y\"}}}")], Attackers, bag);

        bag.Items.Should().ContainSingle().Which.Code.Should().Be(DiagnosticCodes.EscalationPatternUnsupported);
    }

    [Fact]
    public void The_build_stage_checks_the_effective_set_and_names_the_ou()
    {
        var bag = new DiagnosticBag();
        var policies = ShippedScps("protect-exempt-principals")
            .Select(p => new Core.Packaging.EffectivePolicy(p.Name, Core.Cfct.DeployMethod.Scp, PolicySerializer.Minify(p.Doc), false))
            .ToList();

        Core.Packaging.PolicyStage.CheckEscalation(Core.Packaging.PolicyStage.EscalationAttackers(GovernanceSettings.Unknown), "Workloads", policies, bag);

        bag.Items.Should().Contain(d => d.Code == DiagnosticCodes.EscalationPossible && d.Message.EndsWith("(in effect at OU 'Workloads')", StringComparison.Ordinal));
    }
}
