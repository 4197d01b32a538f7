using System.Net;
using GovCfct.Aws.Http;
using GovCfct.Aws.Tests.CodeCommit;
using GovCfct.Testing.Aws.CodeCommit;

namespace GovCfct.Aws.Tests.Http;

/// <summary>
/// A machine whose clock drifted: AWS refuses a signature whose time is more than five minutes from its own ("Elements of
/// an AWS API request signature", IAM User Guide, https://docs.aws.amazon.com/IAM/latest/UserGuide/signing-elements.html)
/// and answers with its Date. The hand-written clients correct for it as the SDK's clients do, against the emulator whose
/// SigV4 check enforces that window.
/// </summary>
public sealed class ClockSkewTests : CodeCommitWorldTests
{

    [Theory]
    [InlineData(65)]
    [InlineData(-65)]
    public async Task A_call_refused_for_its_time_is_signed_again_with_the_services_time_and_later_calls_start_corrected(int minutes)
    {
        World.Server.ClockOffset = TimeSpan.FromMinutes(minutes);

        var first = await World.Client(CodeCommitWorld.Publisher).GetRepositoryAsync(CodeCommitWorld.Repository, CancellationToken.None);
        var second = await World.Client(CodeCommitWorld.Publisher).GetRepositoryAsync(CodeCommitWorld.Repository, CancellationToken.None);

        first.RepositoryName.Should().Be(CodeCommitWorld.Repository);
        second.RepositoryName.Should().Be(CodeCommitWorld.Repository);
        World.Server.Calls.Should().Equal(["GetRepository!InvalidSignatureException", "GetRepository", "GetRepository"], "one refusal teaches the offset; the next client of the endpoint signs corrected at once");
        AwsClockSkew.Offset(World.Server.Endpoint).Should().BeCloseTo(TimeSpan.FromMinutes(minutes), TimeSpan.FromSeconds(5));
        World.Log.Should().Contain(line => line.Contains("local clock is", StringComparison.Ordinal)).And.NotContain(line => line.Contains(CodeCommitWorld.Publisher.SecretAccessKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_small_difference_inside_the_window_is_not_corrected()
    {
        World.Server.ClockOffset = TimeSpan.FromMinutes(2);

        await World.Client(CodeCommitWorld.Publisher).GetRepositoryAsync(CodeCommitWorld.Repository, CancellationToken.None);

        World.Server.Calls.Should().Equal(["GetRepository"]);
        AwsClockSkew.Offset(World.Server.Endpoint).Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public async Task A_wrong_secret_with_a_correct_clock_is_refused_once_and_not_mistaken_for_skew()
    {
        var forged = CodeCommitWorld.Publisher with { SecretAccessKey = "not-the-secret" };

        var act = () => World.Client(forged).GetRepositoryAsync(CodeCommitWorld.Repository, CancellationToken.None);

        (await act.Should().ThrowAsync<AwsServiceException>()).Which.ErrorCode.Should().Be("InvalidSignatureException");
        World.Server.Calls.Should().Equal(["GetRepository!InvalidSignatureException"]);
        AwsClockSkew.Offset(World.Server.Endpoint).Should().Be(TimeSpan.Zero);
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden, "InvalidSignatureException", true)]
    [InlineData(HttpStatusCode.BadRequest, "RequestExpired", true)]
    [InlineData(HttpStatusCode.Forbidden, "AccessDeniedException", false)]
    [InlineData(HttpStatusCode.InternalServerError, "InvalidSignatureException", false)]
    public void Only_a_signature_time_refusal_teaches_an_offset(HttpStatusCode status, string code, bool learns)
    {
        var endpoint = new Uri($"http://skew-{Guid.NewGuid():N}.example/");
        var serverDate = DateTimeOffset.UtcNow.AddHours(2);

        AwsClockSkew.TryLearn(endpoint, status, code, serverDate, TimeProvider.System).Should().Be(learns);
        AwsClockSkew.TryLearn(endpoint, status, code, null, TimeProvider.System).Should().BeFalse("without the service's Date there is nothing to learn");
        AwsClockSkew.Offset(endpoint).Should().BeCloseTo(learns ? TimeSpan.FromHours(2) : TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }
}
