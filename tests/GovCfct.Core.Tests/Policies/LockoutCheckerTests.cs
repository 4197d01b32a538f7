using System.Collections.Immutable;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Policies;

namespace GovCfct.Core.Tests.Policies;

public sealed class LockoutCheckerTests
{
    private const string Cte = "arn:aws:iam::111122223333:role/AWSControlTowerExecution";

    private static readonly ImmutableArray<ProtectedPrincipal> Principals = ProtectedPrincipal.FromPatterns(PlatformPrincipals.Default, "GovCloudBreakGlass");

    private static readonly string RegionDeny =
        $"{{\"Sid\":\"DenyOutsideGovernedRegions\",\"Effect\":\"Deny\",\"NotAction\":[\"iam:*\",\"organizations:*\",\"sts:*\",\"support:*\",\"budgets:*\"],\"Resource\":\"*\",\"Condition\":{{\"StringNotEquals\":{{\"aws:RequestedRegion\":[\"ap-northeast-1\",\"ap-northeast-3\"]}},{PolicyTestData.Exemptions}}}}}";

    private static readonly string MfaForUsers =
        "{\"Sid\":\"RequireMfaForIamUsers\",\"Effect\":\"Deny\",\"NotAction\":[\"iam:CreateVirtualMFADevice\",\"iam:EnableMFADevice\",\"iam:ListMFADevices\",\"sts:GetSessionToken\"],\"Resource\":\"*\",\"Condition\":{\"BoolIfExists\":{\"aws:MultiFactorAuthPresent\":false},\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:user/*\"}}}";

    private static readonly string ProtectTrail =
        $"{{\"Sid\":\"ProtectTrails\",\"Effect\":\"Deny\",\"Action\":[\"cloudtrail:DeleteTrail\",\"cloudtrail:StopLogging\",\"cloudtrail:UpdateTrail\",\"cloudtrail:PutEventSelectors\"],\"Resource\":[\"arn:aws:cloudtrail:*:*:trail/aws-controltower-*\",\"arn:aws:cloudtrail:*:*:trail/gc-*\"],\"Condition\":{{{PolicyTestData.Exemptions}}}}}";

    private static readonly string RootDeny =
        "{\"Sid\":\"DenyRoot\",\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:*:iam::*:root\"}}}";

    private static (string Name, PolicyDocument Doc) Policy(string name, params string[] statements) =>
        (name, PolicyTestData.Doc($"{{\"Version\":\"2012-10-17\",\"Statement\":[{string.Join(',', statements)}]}}", $"policies/{name}.json"));

    [Fact]
    public void A_well_exempted_set_passes()
    {
        var bag = new DiagnosticBag();

        var result = new LockoutChecker().Check([Policy("gc-scp-workloads-1", RegionDeny, MfaForUsers, ProtectTrail, RootDeny)], Principals, bag);

        result.IsSafe.Should().BeTrue();
        bag.Items.Should().BeEmpty();
    }

    [Fact]
    public void A_region_deny_without_the_exemption_locks_out_the_platform_in_us_east_1()
    {
        var withoutExemption = RegionDeny.Replace("," + PolicyTestData.Exemptions, string.Empty, StringComparison.Ordinal);
        var bag = new DiagnosticBag();

        var result = new LockoutChecker().Check([Policy("gc-scp-workloads-1", withoutExemption)], Principals, bag);

        result.IsSafe.Should().BeFalse();
        result.Findings.Select(f => f.PrincipalArn).Should().BeEquivalentTo(Principals.Select(p => p.SampleArn));
        var cte = result.Findings.Single(f => f.PrincipalArn == Cte);
        cte.StatementName.Should().Be("'DenyOutsideGovernedRegions'");
        cte.DeniedActions.Should().Contain("cloudformation:CreateStack in us-east-1")
            .And.NotContain(a => a.Contains("ap-northeast", StringComparison.Ordinal))
            .And.NotContain(a => a.StartsWith("iam:", StringComparison.Ordinal));
        var error = bag.Items.Should().ContainSingle("one statement locks out every principal: one error").Subject;
        error.Code.Should().Be(DiagnosticCodes.LockoutDenied.Id);
        error.Message.Should().StartWith($"policy 'gc-scp-workloads-1' statement 'DenyOutsideGovernedRegions' denies {Principals.Length} protected principals (role/")
            .And.Contain("cloudformation:CreateStack in us-east-1")
            .And.NotContain(ProtectedPrincipal.SampleAccount);
        error.Location.Should().Be(new SourceLocation("policies/gc-scp-workloads-1.json", 1, 38));
    }

    [Fact]
    public void Packed_documents_are_checked_and_findings_point_at_the_control_source()
    {
        var regions = Policy("deny-regions", RegionDeny.Replace("," + PolicyTestData.Exemptions, string.Empty, StringComparison.Ordinal));
        var mfa = Policy("require-iam-user-mfa", MfaForUsers);
        var packed = new PolicyPacker().Pack(
            [new PolicyFragment("deny-regions", regions.Doc, new SourceLocation("manifest/ous/workloads.yaml", 4, 7)), new PolicyFragment("require-iam-user-mfa", mfa.Doc, new SourceLocation("manifest/ous/workloads.yaml", 5, 7))],
            5120,
            3,
            "OU 'Workloads'",
            new DiagnosticBag());
        var bag = new DiagnosticBag();

        var result = new LockoutChecker().Check([.. packed.Policies.Select((p, i) => ($"gc-scp-workloads-{i + 1}", p.Document!))], Principals, bag);

        packed.Policies.Should().ContainSingle();
        result.Findings.Should().HaveCount(Principals.Length).And.OnlyContain(f => f.PolicyName == "gc-scp-workloads-1" && f.StatementName == "'DenyOutsideGovernedRegions'");
        bag.Items.Should().OnlyContain(d => d.Location == new SourceLocation("policies/deny-regions.json", 1, 38));
    }

    [Fact]
    public void A_NotAction_deny_that_catches_cloudformation_is_found()
    {
        var servicesDeny = $"{{\"Sid\":\"OnlyComputeAndStorage\",\"Effect\":\"Deny\",\"NotAction\":[\"ec2:*\",\"s3:*\",\"iam:*\"],\"Resource\":\"*\",\"Condition\":{{\"ArnNotLike\":{{\"aws:PrincipalArn\":\"arn:*:iam::*:role/GovCloudBreakGlass\"}}}}}}";
        var bag = new DiagnosticBag();

        var result = new LockoutChecker().Check([Policy("p", servicesDeny)], Principals, bag);

        result.Findings.Should().HaveCount(Principals.Length - 1);
        result.Findings.Should().NotContain(f => f.PrincipalArn.EndsWith("/GovCloudBreakGlass", StringComparison.Ordinal));
        result.Findings.Single(f => f.PrincipalArn == Cte).DeniedActions.Should().Contain("cloudformation:CreateStack in ap-northeast-1").And.Contain("sts:AssumeRole in us-east-1");
    }

    [Fact]
    public void One_unsafe_statement_is_one_error_naming_each_principal_as_the_definition_does_and_no_sample_account()
    {
        // Issue #27 item 10: one unexempted Deny gave one error per protected principal, each with the sample account.
        var bag = new DiagnosticBag();

        var result = new LockoutChecker().Check([Policy("gc-scp-workloads-1", RootDeny.Replace(",\"Condition\":{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:*:iam::*:root\"}}", string.Empty, StringComparison.Ordinal), ProtectTrail)], Principals, bag);

        result.Findings.Should().HaveCount(Principals.Length, "the findings stay per principal for callers that need them");
        var error = bag.Items.Should().ContainSingle().Subject;
        var shown = Principals.Select(p => p.Pattern.Split(':', 6)[5]).ToList();
        error.Message.Should().Be(
            $"policy 'gc-scp-workloads-1' statement 'DenyRoot' denies {Principals.Length} protected principals ({string.Join(", ", shown)}): "
            + string.Join(", ", result.Findings[0].DeniedActions.Take(3)) + $" and {result.Findings.SelectMany(f => f.DeniedActions).Distinct(StringComparer.Ordinal).Count() - 3} more");
        error.Message.Should().Contain("role/GovCloudBreakGlass").And.NotContain(ProtectedPrincipal.SampleAccount);
    }

    [Fact]
    public void An_mfa_deny_without_user_scoping_is_found_because_BoolIfExists_denies_roles()
    {
        var unscoped = MfaForUsers.Replace(",\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:user/*\"}", string.Empty, StringComparison.Ordinal);
        var bag = new DiagnosticBag();

        var result = new LockoutChecker().Check([Policy("p", unscoped)], Principals, bag);

        result.Findings.Should().HaveCount(Principals.Length);
        var error = bag.Items.Should().ContainSingle("one statement is one mistake, reported once").Subject;
        error.Code.Should().Be(DiagnosticCodes.LockoutDenied.Id);
        error.Message.Should().StartWith($"policy 'p' statement 'RequireMfaForIamUsers' denies {Principals.Length} protected principals (role/");
        error.Message.Should().NotContain(ProtectedPrincipal.SampleAccount);
    }

    [Fact]
    public void A_resource_scoped_deny_without_exemption_is_found_only_for_the_matching_resources()
    {
        var unexempted = ProtectTrail.Replace($",\"Condition\":{{{PolicyTestData.Exemptions}}}", string.Empty, StringComparison.Ordinal);
        var bag = new DiagnosticBag();

        var result = new LockoutChecker().Check([Policy("p", unexempted)], Principals, bag);

        result.Findings.Should().HaveCount(Principals.Length);
        result.Findings[0].DeniedActions.Should().OnlyContain(a => a.StartsWith("cloudtrail:UpdateTrail", StringComparison.Ordinal) || a.StartsWith("cloudtrail:PutEventSelectors", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("\"Null\":{\"aws:MultiFactorAuthPresent\":\"true\"}")]
    [InlineData("\"Bool\":{\"aws:MultiFactorAuthPresent\":\"false\"}")]
    public void Role_sessions_are_checked_with_the_mfa_key_both_absent_and_false(string condition)
    {
        var bag = new DiagnosticBag();

        var result = new LockoutChecker().Check([Policy("p", $"{{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{{{condition}}}}}")], Principals, bag);

        result.Findings.Should().HaveCount(Principals.Length);
    }

    [Fact]
    public void An_unsupported_operator_is_a_warning_and_assumed_to_match()
    {
        var bag = new DiagnosticBag();

        var result = new LockoutChecker().Check([Policy("p", "{\"Effect\":\"Deny\",\"Action\":\"guardduty:DeleteDetector\",\"Resource\":\"*\",\"Condition\":{\"SomeFutureOperator\":{\"k\":\"v\"}}}")], Principals, bag);

        result.IsSafe.Should().BeFalse();
        bag.Items.Should().Contain(d => d.Code == DiagnosticCodes.LockoutOperatorUnsupported.Id && d.Severity == Severity.Warning && d.Message.Contains("SomeFutureOperator"));
    }

    [Fact]
    public void Samples_are_built_from_the_definition_patterns_and_the_break_glass_parameter()
    {
        var principals = ProtectedPrincipal.FromPatterns(PlatformPrincipals.Default, "EmergencyAdmin", ["ap-northeast-3", "ap-northeast-1"], "xy");

        principals.Select(p => p.SampleArn).Should().Equal(
            "arn:aws:iam::111122223333:role/AWSControlTowerExecution",
            "arn:aws:iam::111122223333:role/stacksets-exec-0123456789abcdef0123456789abcdef",
            "arn:aws:iam::111122223333:role/aws-controltower-ConfigRecorderRole",
            "arn:aws:iam::111122223333:role/aws-controltower-ForwardSnsNotificationRole",
            "arn:aws:iam::111122223333:role/AWSControlTower_VPCFlowLogsRole",
            "arn:aws:iam::111122223333:role/EmergencyAdmin");
        principals.Should().OnlyContain(p => p.Regions.SequenceEqual(new[] { "ap-northeast-1", "ap-northeast-3", "us-east-1" }));
        principals[0].Actions.Should().Contain(a => a.ResourceTemplate.Contains("StackSet-CustomControlTower-xy-", StringComparison.Ordinal));
        principals.Should().OnlyContain(p => IamWildcardMatches(p.Pattern, p.SampleArn));
        Principals.Should().HaveCount(6);
        ProtectedPrincipal.SampleFor("arn:*:iam::*:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_Ops_*")
            .Should().Be("arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/SampleAWSReservedSSO_Ops_Sample");
    }

    [Fact]
    public void Every_protected_action_is_a_real_iam_action()
    {
        ProtectedPrincipal.PlatformActions.Should().OnlyContain(a => IamActionCatalog.Default.Exists(a.Action));
    }

    private static bool IamWildcardMatches(string pattern, string arn) =>
        PolicyEvaluator.Matches(
            PolicyTestData.Statement($"{{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{{\"ArnLike\":{{\"aws:PrincipalArn\":\"{pattern}\"}}}}}}").Statements[0],
            RequestContext.Create(arn, "s3:GetObject", "*"));
}
