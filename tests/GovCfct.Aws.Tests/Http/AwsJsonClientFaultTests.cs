using System.Diagnostics;
using System.Net;
using GovCfct.Aws.Http;
using GovCfct.Aws.Organizations;
using GovCfct.Aws.Tests.Infrastructure;
using GovCfct.Testing.Aws.Infrastructure;

namespace GovCfct.Aws.Tests.Http;

/// <summary>Retries, timeouts, error mapping and secrecy of the JSON-1.1 base client, against injected faults.</summary>
public sealed class AwsJsonClientFaultTests
{
    private static AwsClientOptions Options(LoopbackHttpServer endpoint, List<string> log, int maxAttempts = 4, double timeoutSeconds = 2) =>
        new(TestAccounts.Region, endpoint.Endpoint, MaxAttempts: maxAttempts, Timeout: TimeSpan.FromSeconds(timeoutSeconds))
        {
            Credentials = TestAccounts.Session,
            BaseDelay = TimeSpan.FromMilliseconds(10),
            TotalTimeout = TimeSpan.FromSeconds(20),
            Log = line => { lock (log) { log.Add(line); } },
        };

    private const string OrganizationJson = """{"Organization":{"Id":"o-abc1234567","MasterAccountId":"111111111111","FeatureSet":"ALL"}}""";

    [Fact]
    public async Task Throttling_and_server_errors_are_retried_until_success()
    {
        await using var endpoint = new LoopbackHttpServer()
            .Then(LoopbackHttpServer.Throttle)
            .Then(LoopbackHttpServer.ServerError)
            .Then(LoopbackHttpServer.Reset)
            .Then(ctx => LoopbackHttpServer.Json(ctx, 200, OrganizationJson));
        var log = new List<string>();
        using var client = new OrganizationsClient(Options(endpoint, log));

        var organization = await client.DescribeOrganizationAsync(CancellationToken.None);

        organization.Id.Should().Be("o-abc1234567");
        endpoint.Requests.Should().HaveCount(4);
        log.Where(l => l.Contains("retrying", StringComparison.Ordinal)).Should().HaveCount(3);
    }

    [Fact]
    public async Task Persistent_server_errors_stop_after_max_attempts_with_the_service_error()
    {
        await using var endpoint = new LoopbackHttpServer { Fallback = LoopbackHttpServer.ServerError };
        var log = new List<string>();
        using var client = new OrganizationsClient(Options(endpoint, log, maxAttempts: 3));

        var act = () => client.DescribeOrganizationAsync(CancellationToken.None);

        var error = (await act.Should().ThrowAsync<AwsServiceException>()).Which;
        error.ErrorCode.Should().Be("ServiceException");
        error.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        error.Message.Should().Be("internal failure");
        error.RequestId.Should().Be("req-500");
        error.Attempts.Should().Be(3);
        endpoint.Requests.Should().HaveCount(3);
    }

    [Fact]
    public async Task Client_errors_are_not_retried_and_keep_code_message_and_request_id()
    {
        await using var endpoint = new LoopbackHttpServer
        {
            Fallback = ctx => LoopbackHttpServer.Json(ctx, 400, """{"__type":"AWSOrganizationsNotInUseException:http://internal.amazon.com/","message":"Your account is not a member of an organization."}"""),
        };
        using var client = new OrganizationsClient(Options(endpoint, []));

        var act = () => client.DescribeOrganizationAsync(CancellationToken.None);

        var error = (await act.Should().ThrowAsync<AwsServiceException>()).Which;
        error.ErrorCode.Should().Be("AWSOrganizationsNotInUseException");
        error.Message.Should().Be("Your account is not a member of an organization.");
        error.Attempts.Should().Be(1);
        endpoint.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task Access_denied_from_the_error_type_header_is_recognised()
    {
        await using var endpoint = new LoopbackHttpServer
        {
            Fallback = ctx => LoopbackHttpServer.Json(ctx, 403, """{"Message":"not allowed"}""", errorType: "AccessDeniedException:http://internal.amazon.com/"),
        };
        using var client = new OrganizationsClient(Options(endpoint, []));

        var error = (await client.Invoking(c => c.DescribeOrganizationAsync(CancellationToken.None)).Should().ThrowAsync<AwsServiceException>()).Which;

        error.ErrorCode.Should().Be("AccessDeniedException");
        error.IsAccessDenied.Should().BeTrue();
    }

    [Fact]
    public async Task Stalled_responses_time_out_per_attempt_and_the_whole_call_stays_bounded()
    {
        await using var endpoint = new LoopbackHttpServer { Fallback = LoopbackHttpServer.Stall };
        var log = new List<string>();
        using var client = new OrganizationsClient(Options(endpoint, log, maxAttempts: 2, timeoutSeconds: 0.5));
        var watch = Stopwatch.StartNew();

        var error = (await client.Invoking(c => c.DescribeOrganizationAsync(CancellationToken.None)).Should().ThrowAsync<AwsServiceException>()).Which;

        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10));
        error.ErrorCode.Should().Be(AwsErrorCodes.RequestTimeout);
        error.Attempts.Should().Be(2);
        error.Message.Should().Contain("timed out after 2 attempt(s)").And.Contain("check the network");
        endpoint.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task The_total_timeout_bounds_retries()
    {
        await using var endpoint = new LoopbackHttpServer { Fallback = LoopbackHttpServer.Stall };
        var options = Options(endpoint, [], maxAttempts: 50, timeoutSeconds: 0.3) with { };
        options = options with { TotalTimeout = TimeSpan.FromSeconds(1.5) };
        using var client = new OrganizationsClient(options);
        var watch = Stopwatch.StartNew();

        var error = (await client.Invoking(c => c.DescribeOrganizationAsync(CancellationToken.None)).Should().ThrowAsync<AwsServiceException>()).Which;

        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(6));
        error.ErrorCode.Should().Be(AwsErrorCodes.RequestTimeout);
        error.Attempts.Should().BeLessThan(50);
    }

    [Fact]
    public async Task Connection_resets_end_as_a_connection_failure_naming_the_endpoint()
    {
        await using var endpoint = new LoopbackHttpServer { Fallback = LoopbackHttpServer.Reset };
        using var client = new OrganizationsClient(Options(endpoint, [], maxAttempts: 3));

        var error = (await client.Invoking(c => c.DescribeOrganizationAsync(CancellationToken.None)).Should().ThrowAsync<AwsServiceException>()).Which;

        error.ErrorCode.Should().Be(AwsErrorCodes.ConnectionFailed);
        error.Attempts.Should().Be(3);
        error.Message.Should().Contain(endpoint.Endpoint.Authority).And.Contain("after 3 attempt(s)");
    }

    [Fact]
    public async Task Cancellation_stops_the_call_without_more_attempts()
    {
        await using var endpoint = new LoopbackHttpServer { Fallback = LoopbackHttpServer.Stall };
        using var client = new OrganizationsClient(Options(endpoint, [], maxAttempts: 5, timeoutSeconds: 10));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await client.Invoking(c => c.DescribeOrganizationAsync(cancel.Token)).Should().ThrowAsync<OperationCanceledException>();

        endpoint.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task Failing_calls_never_show_the_secret_or_session_token_in_errors_or_logs()
    {
        await using var endpoint = new LoopbackHttpServer { Fallback = LoopbackHttpServer.Throttle };
        var log = new List<string>();
        using var client = new OrganizationsClient(Options(endpoint, log, maxAttempts: 2));

        var error = (await client.Invoking(c => c.DescribeOrganizationAsync(CancellationToken.None)).Should().ThrowAsync<AwsServiceException>()).Which;

        var everything = string.Join("\n", log) + "\n" + error + "\n" + error.Message;
        everything.Should().NotContain(TestAccounts.SecretKey).And.NotContain(TestAccounts.SessionToken);
        log.Should().NotBeEmpty();
        error.ErrorCode.Should().Be("TooManyRequestsException");
    }

    [Fact]
    public async Task Requests_are_signed_json_1_1_calls_with_the_session_token()
    {
        await using var endpoint = new LoopbackHttpServer { Fallback = ctx => LoopbackHttpServer.Json(ctx, 200, OrganizationJson) };
        using var client = new OrganizationsClient(Options(endpoint, []));

        await client.DescribeOrganizationAsync(CancellationToken.None);

        var request = endpoint.Requests.Single();
        request.Headers["X-Amz-Target"].Should().Be("AWSOrganizationsV20161128.DescribeOrganization");
        request.Headers["Content-Type"].Should().Be("application/x-amz-json-1.1");
        request.Headers["X-Amz-Security-Token"].Should().Be(TestAccounts.SessionToken);
        request.Headers["Authorization"].Should().StartWith($"AWS4-HMAC-SHA256 Credential={TestAccounts.AccessKey}/")
            .And.Contain("/us-east-1/organizations/aws4_request")
            .And.Contain("x-amz-target");
        request.Headers["Authorization"].Should().NotContain(TestAccounts.SecretKey);
        request.Body.Should().Be("{}");
    }

    [Fact]
    public void Organizations_is_signed_for_its_partition_home_region_whatever_the_callers_region()
    {
        using var client = new OrganizationsClient(new AwsClientOptions("eu-west-1") { Credentials = TestAccounts.Basic });

        client.Region.Should().Be("eu-west-1");
        client.Endpoint.Should().Be(new Uri("https://organizations.us-east-1.amazonaws.com/"));
        client.SigningRegion.Should().Be("us-east-1");
    }

    [Fact]
    public async Task Lists_follow_next_token_across_pages()
    {
        await using var endpoint = new LoopbackHttpServer()
            .Then(ctx => LoopbackHttpServer.Json(ctx, 200, """{"Accounts":[{"Id":"111111111111","Name":"a","Status":"ACTIVE"}],"NextToken":"page-2"}"""))
            .Then(ctx => LoopbackHttpServer.Json(ctx, 200, """{"Accounts":[{"Id":"222222222222","Name":"b","Status":"SUSPENDED"}]}"""));
        using var client = new OrganizationsClient(Options(endpoint, []));

        var accounts = await client.ListAccountsForParentAsync("ou-ab12-11111111", CancellationToken.None).ToListAsync();

        accounts.Select(a => a.Id).Should().Equal("111111111111", "222222222222");
        var bodies = endpoint.Requests.Select(r => r.Body).ToList();
        bodies[0].Should().Be("""{"ParentId":"ou-ab12-11111111"}""");
        bodies[1].Should().Be("""{"ParentId":"ou-ab12-11111111","NextToken":"page-2"}""");
    }

    [Fact]
    public async Task A_repeated_next_token_stops_instead_of_looping_forever()
    {
        await using var endpoint = new LoopbackHttpServer
        {
            Fallback = ctx => LoopbackHttpServer.Json(ctx, 200, """{"Roots":[{"Id":"r-ab12"}],"NextToken":"same"}"""),
        };
        using var client = new OrganizationsClient(Options(endpoint, []));

        var error = (await client.Invoking(c => c.ListRootsAsync(CancellationToken.None).ToListAsync().AsTask()).Should().ThrowAsync<AwsServiceException>()).Which;

        error.ErrorCode.Should().Be(AwsErrorCodes.InvalidResponse);
        endpoint.Requests.Should().HaveCount(2);
    }
}
