using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Core.Tests.Definition;

/// <summary>
/// Account and organization ids the landing zone and the org lock already state are derived, never repeated: the shipped
/// definition writes none of them, and a value given anywhere that differs from its source is GCF1082 at that value.
/// </summary>
public sealed class LandingZoneParametersTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("govcfct-lzparams-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void The_shipped_definition_gets_the_ids_from_landing_zone_management_account_and_lock()
    {
        var (definition, diagnostics) = DefinitionTestFiles.Load(DefinitionTestFiles.ShippedDefinition);
        diagnostics.Where(d => d.IsError).Should().BeEmpty();
        File.ReadAllText(Path.Combine(DefinitionTestFiles.ShippedDefinition, "organization.yaml")).Should().NotContain("AlertAccountId:", "the shipped file relies on the derivation");

        var parameters = definition!.Parameters;
        parameters["AlertAccountId"].Scalar.Should().Be("210987654321").And.Be(definition.LandingZone!.AuditAccountId);
        parameters["SecurityAdminAccountId"].Scalar.Should().Be("210987654321");
        parameters["ManagementAccountId"].Scalar.Should().Be("111122223333").And.Be(definition.ManagementAccount!.Id);
        parameters["OrganizationId"].Scalar.Should().Be(definition.Lock!.OrganizationId);
        parameters["PolicyTargetId"].Scalar.Should().Be(definition.Lock.RootId);
    }

    [Fact]
    public void A_contradicting_value_at_the_organization_is_refused_where_it_is_written()
    {
        var folder = Copy();
        var organization = Path.Combine(folder, "organization.yaml");
        File.WriteAllText(organization, File.ReadAllText(organization).Replace("  BreakGlassRoleName: GovCloudBreakGlass\n", "  BreakGlassRoleName: GovCloudBreakGlass\n  AlertAccountId: \"999999999999\"\n", StringComparison.Ordinal));

        var (definition, diagnostics) = DefinitionTestFiles.Load(folder);

        definition.Should().BeNull();
        var error = diagnostics.Should().ContainSingle(d => d.IsError).Which;
        error.Code.Should().Be(DiagnosticCodes.LandingZoneParameterMismatch.Id).And.Be("GCF1082");
        error.Message.Should().Contain("'999999999999'").And.Contain("landing_zone.audit_account is '210987654321'");
        error.Location!.File.Should().Be("organization.yaml");
        error.Location.Line.Should().Be(File.ReadAllLines(organization).ToList().FindIndex(l => l.Contains("999999999999", StringComparison.Ordinal)) + 1);
    }

    [Fact]
    public void The_same_value_given_again_is_accepted_and_a_policy_target_may_be_chosen()
    {
        var folder = Copy();
        var organization = Path.Combine(folder, "organization.yaml");
        File.WriteAllText(organization, File.ReadAllText(organization)
            .Replace("  BreakGlassRoleName: GovCloudBreakGlass\n", "  BreakGlassRoleName: GovCloudBreakGlass\n  ManagementAccountId: \"111122223333\"\n", StringComparison.Ordinal)
            .Replace("    - security-hub-organization\n", "    - id: security-hub-organization\n      parameters:\n        PolicyTargetId: ou-0exa-00000001\n", StringComparison.Ordinal));

        var (definition, diagnostics) = DefinitionTestFiles.Load(folder);

        diagnostics.Where(d => d.IsError).Should().BeEmpty();
        definition!.TargetAccounts.Single(a => a.IsManagement).Controls.Single(c => c.ControlId == "security-hub-organization").Parameters["PolicyTargetId"].Scalar.Should().Be("ou-0exa-00000001");
    }

    private string Copy() => DefinitionTestFiles.CopyShipped(_root);
}
