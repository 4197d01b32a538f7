using System.Text;
using GovCfct.Cdk.Tests.Support;
using GovCfct.Core.Catalog;
using GovCfct.Core.Definition;
using GovCfct.Core.Validation;
using GovCfct.Pipeline;

namespace GovCfct.Cdk.Tests.Synthesis;

/// <summary>The synthesized templates in a CfCT package pass the same validation as <c>govcfct validate</c> (cfn-lint included).</summary>
[Collection(SynthesizedCollection.Name)]
public sealed class PackageValidationTests(SynthesizedCatalog synthesized)
{
    [Fact]
    public void A_package_of_every_cdk_control_validates_without_errors()
    {
        var package = Path.Combine(Path.GetTempPath(), "govcfct-cdk-package-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(package, "templates"));
        var manifest = new StringBuilder("region: ap-northeast-1\nversion: 2021-03-15\nresources:\n");
        foreach (var id in TestCatalog.CdkControlIds)
        {
            File.WriteAllText(Path.Combine(package, "templates", id + ".template"), synthesized.Templates[id]);
            var control = TestCatalog.Load(id);
            manifest.Append($"  - name: gc-{id}\n    description: \"{control.Title.En}\"\n    resource_file: templates/{id}.template\n");
            var required = control.Parameters.Where(p => p.Required && p.Type != ParameterType.List).ToList();
            if (required.Count > 0)
            {
                manifest.Append("    parameters:\n");
                foreach (var parameter in required)
                {
                    // A value each required parameter accepts: an e-mail address, or the audit, management account and organization ids.
                    var value = parameter.Name switch
                    {
                        "AlertAccountId" => "480712365499",
                        "ManagementAccountId" => "480712365498",
                        "OrganizationId" => "o-ab12cd34ef",
                        _ => "security@example.go.jp",
                    };
                    manifest.Append($"      - parameter_key: {parameter.Name}\n        parameter_value: \"{value}\"\n");
                }
            }

            // The management account: the alert controls' metric filters need the organization trail's log group there (GCF2900).
            manifest.Append("    deploy_method: stack_set\n    deployment_targets:\n      accounts:\n        - \"480712365498\"\n");
            manifest.Append("    regions:\n      - ap-northeast-1\n      - ap-northeast-3\n");
        }

        File.WriteAllText(Path.Combine(package, "manifest.yaml"), manifest.ToString());

        var result = new PackageValidator().Validate(new PackageValidationOptions(package) { CfnLinter = new CfnLintProcess(), Settings = GovernanceSettings.Unknown with { GovernedRegions = ["ap-northeast-1", "ap-northeast-3"] } });

        result.Diagnostics.Where(d => d.IsError).Should().BeEmpty($"package kept in {package}");
        Directory.Delete(package, recursive: true);
    }
}
