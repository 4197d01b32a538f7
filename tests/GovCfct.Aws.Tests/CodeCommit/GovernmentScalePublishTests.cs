using GovCfct.Aws.CodeCommit;
using GovCfct.Core.Publishing;
using GovCfct.Fixtures;
using GovCfct.Fixtures.Tests;
using GovCfct.Testing.Aws.CodeCommit;

namespace GovCfct.Aws.Tests.CodeCommit;

/// <summary>
/// The 36,000-account government fixture, built with the production stages, publishes through the pull-request route:
/// every commit within CodeCommit's limits (CodeCommit User Guide, "Quotas": 100 file entries per commit through the
/// API; CreateCommit's FileContentSizeLimitExceededException: 6 MB a file, 7 MB a commit), which the endpoint enforces.
/// </summary>
public sealed class GovernmentScalePublishTests : CodeCommitWorldTests
{
    private readonly FixtureBuild _fixtures = new();

    public override async Task DisposeAsync()
    {
        _fixtures.Dispose();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task The_full_fixture_publishes_as_a_pull_request_within_codecommits_limits()
    {
        var fixture = _fixtures.Write(FixtureSize.Full);
        fixture.AccountCount.Should().BeGreaterThan(36_000);
        var built = FixtureBuild.Build(fixture.DefinitionDirectory).Package!;
        built.Files.Should().ContainKey("report/build-report.json");
        built.Files.Values.Max(f => f.LongLength).Should().BeGreaterThan(0);

        var result = await World.NewPublisher().PublishAsync(built.Files, new CodeCommitPublishOptions(CodeCommitWorld.Repository, PullRequest: true), CancellationToken.None);

        result.Outcome.Should().Be(PublishOutcome.PullRequestCreated);
        var published = PublishedContent.Select(built.Files).Files;
        published.Keys.Should().NotContain(k => k.StartsWith("report/", StringComparison.Ordinal));
        var onBranch = World.CodeCommit.FilesAt(CodeCommitWorld.Repository, result.SourceBranch!);
        onBranch.Keys.Where(PublishedContent.IsOwned).Should().BeEquivalentTo(published.Keys);
        var commits = World.Server.Calls.Count(c => c == "CreateCommit");
        commits.Should().BeGreaterThanOrEqualTo((int)Math.Ceiling(published.Count / 100.0));
        World.Server.Calls.Should().NotContain(c => c.StartsWith("CreateCommit!", StringComparison.Ordinal), "no commit was refused");
    }
}
