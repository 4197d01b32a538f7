using GovCfct.Cli.Tests.Support;

namespace GovCfct.Cli.Tests.ChildProcess;

/// <summary>
/// A child <c>govcfct</c> that finds no AWS region anywhere: no <c>--region</c>, no <c>AWS_REGION</c> or
/// <c>AWS_DEFAULT_REGION</c>, no region in a config file (the SDK's lookup order,
/// https://docs.aws.amazon.com/sdkref/latest/guide/feature-region.html). It must say so with its code and exit 3,
/// before any call is made.
/// </summary>
public sealed class RegionNotFoundTests : IDisposable
{
    private readonly DirectoryInfo _home = Directory.CreateTempSubdirectory("govcfct-region-home-");

    public void Dispose() => _home.Delete(recursive: true);

    [Fact]
    public async Task No_region_anywhere_is_GCF4003_with_what_to_pass_and_exit_3()
    {
        var environment = new Dictionary<string, string?>
        {
            ["HOME"] = _home.FullName,
            ["AWS_CONFIG_FILE"] = Path.Combine(_home.FullName, "no-config"),
            ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(_home.FullName, "no-credentials"),
            ["AWS_ACCESS_KEY_ID"] = "AKIAREGIONTEST000001",
            ["AWS_SECRET_ACCESS_KEY"] = "region-test-secret-0000000000000000000000",
            ["AWS_EC2_METADATA_DISABLED"] = "true",
        };

        var result = await CliProcess.RunAsync(environment, "org", "snapshot", "--endpoint-url", "http://127.0.0.1:9");

        result.Exit.Should().Be(3, result.Err);
        result.Err.Should().Contain("error GCF4003").And.Contain("--region");
        result.Err.Should().NotContain("region-test-secret");
    }
}
