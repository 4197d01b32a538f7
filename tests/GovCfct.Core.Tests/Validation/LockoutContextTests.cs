using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Validation;

namespace GovCfct.Core.Tests.Validation;

/// <summary>
/// Whose lockout the SCP check guards: with a definition's settings, the build's principals; with a package alone,
/// what the package shows (docs/validate.md, Lockout context), even when governed regions or limits are given.
/// </summary>
public sealed class LockoutContextTests
{
    private static readonly string Package = RepositoryRoot.Combine("tests", "GovCfct.Core.Tests", "Validation", "Cases", "lockout-package-context", "package");

    [Fact]
    public void A_package_alone_with_governed_regions_still_takes_its_lockout_context_from_the_package()
    {
        var settings = GovernanceSettings.Unknown with
        {
            GovernedRegions = ["ap-northeast-1"],
            ScpLimits = GovernanceSettings.Unknown.ScpLimits with { MaxAttached = 10 },
        };

        var lockouts = Lockouts(settings);

        lockouts.Should().ContainSingle().Which.Should().Contain("role/AWSControlTowerExecution: sns:CreateTopic in ap-northeast-1, sns:CreateTopic in eu-central-1, sns:CreateTopic in eu-west-1");
    }

    [Fact]
    public void The_definitions_settings_protect_the_definitions_principals_and_break_glass_role()
    {
        var bag = new DiagnosticBag();
        var definition = new DefinitionLoader().Load(Path.Combine(RepositoryRoot.Path, "manifest"), bag);
        definition.Should().NotBeNull(string.Join("\n", bag.Items));
        var settings = GovernanceSettings.From(definition!);
        settings.BreakGlassRoleName.Should().NotBeNullOrEmpty("the shipped definition names a break-glass role");

        var lockouts = Lockouts(settings);

        // One error per unsafe statement, naming every protected principal it locks out: the break-glass role among them.
        lockouts.Should().Contain(l => l.Contains($"role/{settings.BreakGlassRoleName}", StringComparison.Ordinal));
        lockouts.Should().Contain(l => l.Contains(" protected principals (", StringComparison.Ordinal), "more than one principal is locked out");
    }

    private static List<string> Lockouts(GovernanceSettings settings) =>
        [.. new PackageValidator().Validate(new PackageValidationOptions(Package) { RunCfnLint = false, Settings = settings })
            .Diagnostics.Where(d => d.Code == DiagnosticCodes.LockoutDenied.Id).Select(d => d.Message)];
}
