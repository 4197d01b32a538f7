using GovCfct.Aws.CodeCommit;
using GovCfct.Aws.CodePipeline;
using GovCfct.Aws.Http;
using GovCfct.Aws.Organizations;

namespace GovCfct.Aws.Tests.Http;

/// <summary>
/// The hand-written clients pick their endpoint by the SDK's settings (AWS SDKs and Tools reference guide,
/// "Service-specific endpoints" and "Dual-stack and FIPS endpoints"); the environment is passed in, so nothing
/// here touches the process environment other tests share.
/// </summary>
public sealed class AwsEndpointsTests
{
    private static readonly Uri Explicit = new("http://127.0.0.1:1/");

    [Fact]
    public void The_explicit_endpoint_wins_over_every_setting()
    {
        var env = Env(("AWS_ENDPOINT_URL", "http://127.0.0.1:2"), ("AWS_ENDPOINT_URL_ORGANIZATIONS", "http://127.0.0.1:3"), ("AWS_USE_FIPS_ENDPOINT", "true"));

        AwsEndpoints.Resolve(OrganizationsClient.ServiceDescription, "ap-northeast-1", Explicit, "none", env).Should().Be(Explicit);
    }

    [Fact]
    public void A_service_specific_variable_wins_over_the_global_one_and_names_the_service_id()
    {
        var env = Env(("AWS_ENDPOINT_URL", "http://127.0.0.1:2"), ("AWS_ENDPOINT_URL_CODECOMMIT", "http://127.0.0.1:4/"));

        AwsEndpoints.Resolve(CodeCommitClient.ServiceDescription, "ap-northeast-1", null, "none", env).Should().Be(new Uri("http://127.0.0.1:4/"));
        AwsEndpoints.Resolve(CodePipelineClient.ServiceDescription, "ap-northeast-1", null, "none", env).Should().Be(new Uri("http://127.0.0.1:2/"));
        AwsEndpoints.Resolve(OrganizationsClient.ServiceDescription, "ap-northeast-1", null, "none", env).Should().Be(new Uri("http://127.0.0.1:2/"));
    }

    [Fact]
    public void Ignoring_configured_endpoints_falls_back_to_the_public_one()
    {
        var env = Env(("AWS_ENDPOINT_URL", "http://127.0.0.1:2"), ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"));

        AwsEndpoints.Resolve(CodeCommitClient.ServiceDescription, "ap-northeast-1", null, "none", env)
            .Should().Be(new Uri("https://codecommit.ap-northeast-1.amazonaws.com/"));
    }

    [Fact]
    public void FIPS_endpoints_follow_the_partition_rules()
    {
        var env = Env(("AWS_USE_FIPS_ENDPOINT", "TRUE"));

        AwsEndpoints.Resolve(CodeCommitClient.ServiceDescription, "us-east-1", null, "none", env).Should().Be(new Uri("https://codecommit-fips.us-east-1.amazonaws.com/"));
        AwsEndpoints.Resolve(OrganizationsClient.ServiceDescription, "ap-northeast-1", null, "none", env)
            .Should().Be(new Uri("https://organizations-fips.us-east-1.amazonaws.com/"), "Organizations is global and lives in us-east-1");
        AwsEndpoints.Resolve(CodePipelineClient.ServiceDescription, "us-gov-west-1", null, "none", Env())
            .Should().Be(new Uri("https://codepipeline.us-gov-west-1.amazonaws.com/"), "FIPS is off unless asked for");
    }

    private static Func<string, string?> Env(params (string Name, string Value)[] values)
    {
        var map = values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
        return name => map.GetValueOrDefault(name);
    }
}
