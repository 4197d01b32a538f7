using System.Diagnostics;
using System.Text;
using GovCfct.Core.Validation;

namespace GovCfct.Core.Tests.Validation;

/// <summary>Runs alone: the measurement must not share the process with other tests.</summary>
[CollectionDefinition(nameof(ScaleCollection), DisableParallelization = true)]
public sealed class ScaleCollection;

/// <summary>
/// Validation must stay linear: a 2,000-OU package (without cfn-lint) well under a second. Measured in CPU time of
/// the process, because wall-clock time on a shared build machine says more about the neighbours than about us.
/// </summary>
[Collection(nameof(ScaleCollection))]
public sealed class ValidationScaleTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("govcfct-scale-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Two_thousand_ou_package_validates_quickly()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "templates"));
        File.WriteAllText(Path.Combine(_dir, "templates", "t.template"), "AWSTemplateFormatVersion: \"2010-09-09\"\nParameters:\n  P:\n    Type: String\nResources:\n  T:\n    Type: AWS::SNS::Topic\n");
        var yaml = new StringBuilder("region: ap-northeast-1\nversion: 2021-03-15\nresources:\n");
        for (var i = 0; i < 2000; i++)
        {
            yaml.Append($"  - name: gc-ou{i}\n    description: d\n    resource_file: templates/t.template\n    parameters:\n      - parameter_key: P\n        parameter_value: \"v\"\n    deploy_method: stack_set\n    deployment_targets:\n      organizational_units:\n        - \"Ministries:M{i % 30}:Unit{i}\"\n    regions:\n      - ap-northeast-1\n      - ap-northeast-3\n");
        }

        File.WriteAllText(Path.Combine(_dir, "manifest.yaml"), yaml.ToString());
        var validator = new PackageValidator();
        var options = new PackageValidationOptions(_dir) { RunCfnLint = false };
        validator.Validate(options); // warm-up: JIT, embedded data

        // Best of three, to keep the neighbours' noise out.
        var best = TimeSpan.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var before = Process.GetCurrentProcess().TotalProcessorTime;
            var result = validator.Validate(options);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - before;
            best = cpu < best ? cpu : best;
            result.Diagnostics.Should().BeEmpty();
        }

        best.Should().BeLessThan(TimeSpan.FromSeconds(1));
    }
}
