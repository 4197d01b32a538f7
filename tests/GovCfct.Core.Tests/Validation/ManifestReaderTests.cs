using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Packaging;
using GovCfct.Core.Validation;

namespace GovCfct.Core.Tests.Validation;

public sealed class ManifestReaderTests
{
    [Fact]
    public void Reads_the_model_with_locations_for_reuse_by_plan()
    {
        var bag = new DiagnosticBag();
        var result = ManifestReader.Parse("""
            region: ap-northeast-1
            version: 2021-03-15
            enable_stack_set_deletion: true
            resources:
              - name: gc-a
                description: A
                resource_file: templates/a.template
                parameters:
                  - parameter_key: K
                    parameter_value: "v"
                deploy_method: stack_set
                deployment_targets:
                  organizational_units:
                    - "Workloads:Prod"
                  accounts:
                    - "123456789012"
                regions:
                  - ap-northeast-3
                export_outputs:
                  - name: /x
                    value: $[output_X]
            """, "out/manifest.yaml", bag);

        bag.Items.Should().BeEmpty();
        var manifest = result.Manifest!;
        manifest.Region.Should().Be("ap-northeast-1");
        manifest.EnableStackSetDeletion.Should().BeTrue();
        var r = manifest.Resources.Should().ContainSingle().Subject;
        r.DeployMethod.Should().Be(DeployMethod.StackSet);
        r.DeployedName.Should().Be("CustomControlTower-gc-a");
        r.Parameters.Should().Equal(new ManifestParameter("K", "v"));
        r.OrganizationalUnits.Should().Equal("Workloads:Prod");
        r.Accounts.Should().Equal("123456789012");
        r.Regions.Should().Equal("ap-northeast-3");
        r.ExportOutputs.Should().Equal(new ExportOutput("/x", "$[output_X]"));
        r.Location.Should().Be(new SourceLocation("out/manifest.yaml", 5, 5));
    }

    [Fact]
    public void A_package_without_its_manifest_is_a_diagnostic_not_an_exception()
    {
        var bag = new DiagnosticBag();
        var files = new PackageFiles(System.Collections.Immutable.ImmutableSortedDictionary.Create<string, byte[]>(StringComparer.Ordinal), "out", null);
        var result = ManifestReader.Read(files, "out/manifest.yaml", bag);
        result.Manifest.Should().BeNull();
        bag.Items.Should().ContainSingle(d => d.Code == DiagnosticCodes.ManifestMissing);
    }
}
