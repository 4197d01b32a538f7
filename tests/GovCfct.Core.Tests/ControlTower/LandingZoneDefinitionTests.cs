using GovCfct.Core.Diagnostics;
using GovCfct.Core.Tests.Definition;

namespace GovCfct.Core.Tests.ControlTower;

/// <summary>organization.yaml's <c>landing_zone</c> and the org lock beside it, in the shipped definition and when wrong.</summary>
public sealed class LandingZoneDefinitionTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("govcfct-lz-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private IReadOnlyList<Diagnostic> Load(string landingZone, string management = "management_account:\n  id: \"111122223333\"\n  name: mgmt\n")
    {
        File.WriteAllText(Path.Combine(_work, "organization.yaml"), $"organization:\n  name: t\n  home_region: ap-northeast-1\n  resource_prefix: gc\n{management}{landingZone}");
        return DefinitionTestFiles.Load(_work).Diagnostics;
    }

    [Fact]
    public void The_shipped_definition_names_its_landing_zone_and_locks_every_OU()
    {
        var (definition, diagnostics) = DefinitionTestFiles.Load(DefinitionTestFiles.ShippedDefinition);

        diagnostics.Should().BeEmpty();
        definition!.LandingZone!.AuditAccountId.Should().Be("210987654321");
        definition.LandingZone.LogArchiveAccountId.Should().Be("012345678901");
        definition.LandingZone.TrailLogGroup.Should().Be("aws-controltower/CloudTrailLogs");
        definition.LandingZone.MaxConcurrentControlOperations.Should().Be(5);
        definition.Lock!.ManagementAccountId.Should().Be(definition.ManagementAccount!.Id);
        definition.Lock.Ous.Keys.Should().BeEquivalentTo(definition.AllOus().Select(o => o.Path), "every OU of the definition has an id");
        definition.AllOus().Where(o => !o.Accounts.IsEmpty).Should().OnlyContain(o => definition.Lock.Ous[o.Path].HoldsAccounts);
    }

    [Theory]
    [InlineData("landing_zone:\n  audit_account: \"111122223333\"\n  log_archive_account: \"012345678901\"\n", "is the management account")]
    [InlineData("landing_zone:\n  audit_account: \"012345678901\"\n  log_archive_account: \"012345678901\"\n", "are both")]
    [InlineData("landing_zone:\n  audit_account: \"210987654321\"\n  log_archive_account: \"012345678901\"\n  max_concurrent_control_operations: 11\n", "at most 10")]
    public void An_inconsistent_landing_zone_is_an_error_at_its_line(string landingZone, string expected)
    {
        var diagnostics = Load(landingZone);

        diagnostics.Should().ContainSingle(d => d.Code == DiagnosticCodes.InvalidLandingZone.Id).Which.Should().Match<Diagnostic>(d => d.Message.Contains(expected) && d.Location!.File == "organization.yaml" && d.Location.Line >= 7);
    }

    [Fact]
    public void A_landing_zone_needs_the_management_account()
    {
        var diagnostics = Load("landing_zone:\n  audit_account: \"210987654321\"\n  log_archive_account: \"012345678901\"\n", management: string.Empty);

        diagnostics.Should().ContainSingle(d => d.Code == DiagnosticCodes.InvalidLandingZone.Id).Which.Message.Should().Contain("management_account");
    }
}
