using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Validation;

namespace GovCfct.Core.Tests.Validation;

/// <summary>Without a snapshot, the definition's OU tree (and governed regions) stands in for the organization.</summary>
public sealed class DefinitionTargetTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("govcfct-deftargets-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Shipped_definition_catches_bare_nested_names_unknown_ous_and_ungoverned_regions()
    {
        var bag = new DiagnosticBag();
        var definition = new DefinitionLoader().Load(Path.Combine(RepositoryRoot.Path, "manifest"), bag);
        definition.Should().NotBeNull(string.Join("\n", bag.Items));
        var nested = definition!.AllOus().First(o => o.Path.Contains(':', StringComparison.Ordinal));
        var outside = new[] { "us-east-1", "eu-west-1" }.First(r => !definition.Organization.GovernedRegions.Contains(r));

        Directory.CreateDirectory(Path.Combine(_dir, "policies"));
        File.WriteAllText(Path.Combine(_dir, "policies", "p.json"), """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}""");
        File.WriteAllText(Path.Combine(_dir, "manifest.yaml"), $"""
            region: {definition.Organization.HomeRegion}
            version: 2021-03-15
            resources:
              - name: gc-p
                description: p
                resource_file: policies/p.json
                deploy_method: scp
                deployment_targets:
                  organizational_units:
                    - "{nested.Path}"
                    - "{nested.Name}"
                    - "NoSuchOu"
              - name: gc-s
                description: s
                resource_file: policies/p.json
                deploy_method: stack_set
                deployment_targets:
                  accounts:
                    - "123456789012"
                regions:
                  - {outside}
            """);

        var result = new PackageValidator().Validate(new PackageValidationOptions(_dir) { RunCfnLint = false, Definition = definition, Settings = GovernanceSettings.From(definition) });

        var codes = result.Diagnostics.Where(d => d.Code.StartsWith("GCF204", StringComparison.Ordinal) || d.Code == DiagnosticCodes.RegionNotGoverned.Id).Select(d => (d.Code, d.Location!.Line)).ToList();
        codes.Should().BeEquivalentTo(new[]
        {
            (DiagnosticCodes.OuBareNameOfNestedOu.Id, 11),
            (DiagnosticCodes.OuNotFound.Id, 12),
            (DiagnosticCodes.RegionNotGoverned.Id, 21),
        });
    }
}
