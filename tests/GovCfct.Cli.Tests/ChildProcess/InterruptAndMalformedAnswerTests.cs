namespace GovCfct.Cli.Tests.ChildProcess;

/// <summary>
/// A child <c>govcfct org snapshot</c> against a loopback endpoint: Ctrl-C while it waits for AWS exits 130, and
/// an answer that is not the operation's output shape (not JSON, a required member missing) exits 3 with GCF4007
/// and no stack trace. Credentials come from the standard chain (environment variables of the child).
/// </summary>
public sealed class InterruptAndMalformedAnswerTests : IDisposable
{
    private readonly DirectoryInfo _home = Directory.CreateTempSubdirectory("govcfct-child-");

    public void Dispose() => _home.Delete(recursive: true);

    [Fact]
    public async Task Ctrl_C_while_waiting_for_AWS_exits_130_and_writes_nothing()
    {
        await using var endpoint = new LoopbackHttpServer { Fallback = LoopbackHttpServer.Stall };
        var file = Path.Combine(_home.FullName, "org.json");
        using var child = CliProcess.StartAsInTerminal(Environment(), "org", "snapshot", "--region", "ap-northeast-1", "--endpoint-url", endpoint.Endpoint.ToString(), "--out", file);

        // The blocking point: the request has reached the endpoint, which never answers.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (endpoint.Requests.IsEmpty && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        endpoint.Requests.Should().NotBeEmpty("govcfct must be waiting for AWS before it is interrupted");
        var interruptedAt = DateTime.UtcNow;
        child.Interrupt();
        var result = await child.WaitAsync(TimeSpan.FromSeconds(20));

        result.Exit.Should().Be(130, result.Err);
        (DateTime.UtcNow - interruptedAt).Should().BeLessThan(TimeSpan.FromSeconds(10), "Ctrl-C stops the wait, not the per-attempt timeout");
        result.Err.Should().Contain("interrupted").And.NotContain("GCF9").And.NotContain("   at ");
        File.Exists(file).Should().BeFalse();
    }

    [Theory]
    [InlineData("not json at all", "not its output shape")]
    [InlineData("""{"OrganizationalUnits":[{"Arn":"arn:aws:organizations::111111111111:ou/o-abc/ou-ab12-00000001"}]}""", "OrganizationalUnits[0].Id")]
    public async Task A_malformed_answer_is_GCF4007_and_exit_3(string body, string named)
    {
        await using var endpoint = new LoopbackHttpServer();
        endpoint.Fallback = context => LoopbackHttpServer.Json(context, 200, context.Request.Headers["X-Amz-Target"] switch
        {
            "AWSOrganizationsV20161128.DescribeOrganization" => """{"Organization":{"Id":"o-abc","FeatureSet":"ALL"}}""",
            "AWSOrganizationsV20161128.ListRoots" => """{"Roots":[{"Id":"r-ab12","Name":"Root"}]}""",
            _ => body,
        });

        var result = await CliProcess.RunAsync(Environment(), "org", "snapshot", "--region", "ap-northeast-1", "--endpoint-url", endpoint.Endpoint.ToString());

        result.Exit.Should().Be(3, result.Err);
        result.Err.Should().Contain("error GCF4007").And.Contain(named).And.NotContain("   at ");
        result.Out.Should().BeEmpty("nothing is printed from a half-read organization");
    }

    [Fact]
    public async Task AWS_ENDPOINT_URL_ORGANIZATIONS_routes_the_calls_without_endpoint_url()
    {
        await using var endpoint = new LoopbackHttpServer();
        endpoint.Fallback = context => LoopbackHttpServer.Json(context, 200, context.Request.Headers["X-Amz-Target"] switch
        {
            "AWSOrganizationsV20161128.DescribeOrganization" => """{"Organization":{"Id":"o-abc","FeatureSet":"ALL"}}""",
            "AWSOrganizationsV20161128.ListRoots" => """{"Roots":[{"Id":"r-ab12","Name":"Root"}]}""",
            _ => "{}",
        });
        var environment = Environment();
        environment["AWS_ENDPOINT_URL_ORGANIZATIONS"] = endpoint.Endpoint.ToString();
        environment["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9/";

        var result = await CliProcess.RunAsync(environment, "org", "snapshot", "--region", "ap-northeast-1");

        result.Exit.Should().Be(0, result.Err);
        result.Out.Should().Contain("r-ab12");
        endpoint.Requests.Should().Contain(r => r.Headers["X-Amz-Target"] == "AWSOrganizationsV20161128.ListRoots");
    }

    private Dictionary<string, string?> Environment() => new()
    {
        ["HOME"] = _home.FullName,
        ["AWS_ACCESS_KEY_ID"] = "AKIAIOSFODNN7EXAMPLE",
        ["AWS_SECRET_ACCESS_KEY"] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY",
        ["AWS_CONFIG_FILE"] = Path.Combine(_home.FullName, "config"),
        ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(_home.FullName, "credentials"),
        ["AWS_EC2_METADATA_DISABLED"] = "true",
    };
}
