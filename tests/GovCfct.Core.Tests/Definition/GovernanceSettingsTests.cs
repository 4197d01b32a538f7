using GovCfct.Core.Definition;
using static GovCfct.Core.Tests.Packaging.TestModel;

namespace GovCfct.Core.Tests.Definition;

/// <summary>The one settings record: its one override path and what it says about the principals it protects.</summary>
public sealed class GovernanceSettingsTests
{
    [Fact]
    public void Command_line_overrides_replace_regions_and_limits_and_nothing_else()
    {
        var settings = GovernanceSettings.From(Org(null, Ou("Workloads")));

        var overridden = settings.WithOverrides(new SettingsOverrides(["ap-northeast-1"], MaxPolicySize: 10240, ScpSlots: 10));

        overridden.GovernedRegions.Should().Equal("ap-northeast-1");
        overridden.ScpLimits.Should().Be(settings.ScpLimits with { MaxSize = 10240, MaxAttached = 10 });
        overridden.RcpLimits.Should().Be(settings.RcpLimits with { MaxSize = 10240 });
        (overridden with { GovernedRegions = settings.GovernedRegions, ScpLimits = settings.ScpLimits, RcpLimits = settings.RcpLimits })
            .Should().Be(settings);
        settings.WithOverrides(new SettingsOverrides()).Should().Be(settings, "no override keeps every setting");
    }

    [Fact]
    public void Principals_are_known_from_a_definition_or_a_named_principal_never_from_regions_or_limits()
    {
        GovernanceSettings.Unknown.KnowsPrincipals.Should().BeFalse();
        GovernanceSettings.Unknown.WithOverrides(new SettingsOverrides(["ap-northeast-1"], 10240, 10)).KnowsPrincipals.Should().BeFalse();
        (GovernanceSettings.Unknown with { Name = "gov", HomeRegion = "ap-northeast-1" }).KnowsPrincipals.Should().BeFalse("only principals say who must not be locked out");
        (GovernanceSettings.Unknown with { BreakGlassRoleName = "GovCloudBreakGlass" }).KnowsPrincipals.Should().BeTrue();
        (GovernanceSettings.Unknown with { ExemptPrincipalArns = ["arn:aws:iam::*:role/Ops"] }).KnowsPrincipals.Should().BeTrue();
        GovernanceSettings.From(Org(null, Ou("Workloads"))).KnowsPrincipals.Should().BeTrue();
    }

    [Fact]
    public void The_protected_resource_prefix_falls_back_to_the_one_default()
    {
        GovernanceSettings.Unknown.ProtectedResourcePrefix.Should().Be(GovernanceSettings.DefaultResourcePrefix);
        (GovernanceSettings.Unknown with { ResourcePrefix = "mhlw" }).ProtectedResourcePrefix.Should().Be("mhlw");
    }
}

/// <summary>The one OU-name rule (CfCT splits manifest paths on ':' and trims each segment; 'Root' is the organization root).</summary>
public sealed class OuNameRuleTests
{
    [Theory]
    [InlineData("Workloads", null)]
    [InlineData("", "1 to 128")]
    [InlineData("Prod:Payments", "':'")]
    [InlineData("Root", "'Root'")]
    [InlineData(" Workloads", "spaces")]
    [InlineData("Workloads ", "spaces")]
    public void An_ou_name_cfct_cannot_address_is_refused_with_the_reason(string name, string? reason)
    {
        var problem = NameRules.OuNameProblem(name);

        if (reason is null)
        {
            problem.Should().BeNull();
        }
        else
        {
            problem.Should().Contain(reason);
        }
    }

    [Fact]
    public void A_name_of_129_characters_is_over_organizations_limit() =>
        NameRules.OuNameProblem(new string('a', 129)).Should().Contain("1 to 128");
}
