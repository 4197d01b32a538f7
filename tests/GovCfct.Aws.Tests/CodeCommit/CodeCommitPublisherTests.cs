using GovCfct.Aws.CodeCommit;
using GovCfct.Testing.Aws.Emulator;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Publishing;
using GovCfct.Testing.Aws.CodeCommit;

namespace GovCfct.Aws.Tests.CodeCommit;

/// <summary>The publisher against the model-checked CodeCommit endpoint: every call it makes must be one AWS would accept.</summary>
public sealed class CodeCommitPublisherTests : CodeCommitWorldTests
{
    private const string Repo = CodeCommitWorld.Repository;


    private static CodeCommitPublishOptions PullRequest(int approvals = 2) =>
        new(Repo, PullRequest: true, Approvals: approvals, ApproverPool: Pool, Description: "## Plan\n\n3 accounts change.\n");

    [Fact]
    public async Task Publishes_a_pull_request_merges_it_only_after_two_pool_approvals()
    {
        var publisher = World.NewPublisher();
        var mainBefore = World.CodeCommit.BranchHead(Repo, "main");

        var published = await publisher.PublishAsync(CodeCommitWorld.Package(), PullRequest(), CancellationToken.None);

        published.Outcome.Should().Be(PublishOutcome.PullRequestCreated);
        published.Plan.Changes.Select(c => $"{c.Kind} {c.Path}").Should().Equal(
            "Update manifest.yaml",
            "Add policies/gc-deny-leave-organization.json",
            "Add templates/gc-config-rules-baseline.template",
            "Add templates/gc-security-hub.template",
            "Delete templates/old-control.template");
        World.CodeCommit.BranchHead(Repo, "main").Should().Be(mainBefore, "nothing reaches the target before the merge");
        World.CodeCommit.PullRequestDescription(published.PullRequestId!).Should().Be("## Plan\n\n3 accounts change.\n");
        World.CodeCommit.PullRequestOwnRuleContents(published.PullRequestId!).Should().ContainSingle().Which.Should().Contain("\"NumberOfApprovalsNeeded\":2");

        var refused = () => publisher.MergeAsync(Repo, published.PullRequestId!, CancellationToken.None);
        var notApproved = (await refused.Should().ThrowAsync<UserException>()).Which;
        notApproved.ExitCode.Should().Be(ExitCodes.AwsFailure);
        notApproved.Diagnostics[0].Code.Should().Be(DiagnosticCodes.PublishMergeNotApproved.Id);
        notApproved.Diagnostics[0].Message.Should().Contain("needs 2 approval(s) from " + Pool[0]).And.Contain("no approvals yet");

        await Approve(CodeCommitWorld.Alice, published.PullRequestId!);
        await Approve(CodeCommitWorld.Eve, published.PullRequestId!);
        var oneShort = (await refused.Should().ThrowAsync<UserException>()).Which.Diagnostics[0].Message;
        oneShort.Should().Contain("approved so far by").And.Contain("/alice").And.Contain("/eve", "an approval outside the pool is shown but does not count");

        await Approve(CodeCommitWorld.Bob, published.PullRequestId!);
        var merged = await publisher.MergeAsync(Repo, published.PullRequestId!, CancellationToken.None);

        merged.AlreadyMerged.Should().BeFalse();
        var files = World.CodeCommit.FilesAt(Repo, "main");
        files.Keys.Should().BeEquivalentTo(CodeCommitWorld.Package().Keys.Append("README.md"), "the README is not the package's and stays");
        files["manifest.yaml"].Should().Contain("# build 1");
        (await publisher.MergeAsync(Repo, published.PullRequestId!, CancellationToken.None)).AlreadyMerged.Should().BeTrue();
        (await publisher.PublishAsync(CodeCommitWorld.Package(), PullRequest(), CancellationToken.None)).Outcome.Should().Be(PublishOutcome.NothingToChange);
    }

    [Fact]
    public async Task Re_running_the_same_pull_request_publish_creates_nothing_new()
    {
        var publisher = World.NewPublisher();
        var first = await publisher.PublishAsync(CodeCommitWorld.Package(), PullRequest(), CancellationToken.None);
        var commits = World.CodeCommit.CommitCount;

        var again = await publisher.PublishAsync(CodeCommitWorld.Package(), PullRequest(), CancellationToken.None);

        again.Outcome.Should().Be(PublishOutcome.PullRequestExists);
        again.PullRequestId.Should().Be(first.PullRequestId);
        again.Diagnostics.Should().ContainSingle(d => d.Code == DiagnosticCodes.PublishNothingToChange.Id);
        World.CodeCommit.CommitCount.Should().Be(commits);
        World.CodeCommit.PullRequestCount.Should().Be(1);
        World.CodeCommit.PullRequestOwnRuleContents(first.PullRequestId!).Should().HaveCount(1);
    }

    [Fact]
    public async Task A_direct_publish_commits_once_and_then_has_nothing_to_change()
    {
        var publisher = World.NewPublisher();

        var first = await publisher.PublishAsync(CodeCommitWorld.Package(), new CodeCommitPublishOptions(Repo), CancellationToken.None);
        var commits = World.CodeCommit.CommitCount;
        var second = await publisher.PublishAsync(CodeCommitWorld.Package(), new CodeCommitPublishOptions(Repo), CancellationToken.None);

        first.Outcome.Should().Be(PublishOutcome.Committed);
        World.CodeCommit.BranchHead(Repo, "main").Should().Be(first.CommitId);
        second.Outcome.Should().Be(PublishOutcome.NothingToChange);
        second.Diagnostics.Should().ContainSingle().Which.Code.Should().Be(DiagnosticCodes.PublishNothingToChange.Id);
        World.CodeCommit.CommitCount.Should().Be(commits);
        World.Server.Calls.Count(c => c.StartsWith("CreateCommit", StringComparison.Ordinal)).Should().Be(1);
    }

    [Fact]
    public async Task The_first_publish_into_an_empty_repository_is_its_first_commit_and_a_pull_request_needs_a_branch()
    {
        World.CodeCommit.CreateRepository("empty-config");
        var publisher = World.NewPublisher();

        var pullRequest = () => publisher.PublishAsync(CodeCommitWorld.Package(), new CodeCommitPublishOptions("empty-config", PullRequest: true), CancellationToken.None);
        (await pullRequest.Should().ThrowAsync<UserException>()).Which.Diagnostics[0].Code.Should().Be(DiagnosticCodes.PublishInvalidOptions.Id);
        var first = await publisher.PublishAsync(CodeCommitWorld.Package(), new CodeCommitPublishOptions("empty-config"), CancellationToken.None);

        first.Outcome.Should().Be(PublishOutcome.Committed);
        World.CodeCommit.FilesAt("empty-config", "main").Keys.Should().BeEquivalentTo(CodeCommitWorld.Package().Keys);
        var missing = () => publisher.PublishAsync(CodeCommitWorld.Package(), new CodeCommitPublishOptions("no-such-repo"), CancellationToken.None);
        (await missing.Should().ThrowAsync<UserException>()).Which.Diagnostics[0].Code.Should().Be(DiagnosticCodes.PublishRepositoryNotFound.Id);
    }

    [Fact]
    public async Task A_concurrent_commit_on_the_branch_is_never_overwritten()
    {
        var publisher = World.NewPublisher();
        World.Server.Before("CreateCommit", () => World.CodeCommit.CommitAsOther(Repo, "main", new Dictionary<string, string> { ["manifest.yaml"] = "someone else's manifest\n" }));

        var act = () => publisher.PublishAsync(CodeCommitWorld.Package(), new CodeCommitPublishOptions(Repo), CancellationToken.None);

        var error = (await act.Should().ThrowAsync<UserException>()).Which;
        error.ExitCode.Should().Be(ExitCodes.AwsFailure);
        error.Diagnostics[0].Code.Should().Be(DiagnosticCodes.PublishBranchMoved.Id);
        error.Diagnostics[0].Message.Should().Contain("nothing was overwritten");
        World.CodeCommit.FilesAt(Repo, "main")["manifest.yaml"].Should().Be("someone else's manifest\n");
    }

    [Fact]
    public async Task Merge_is_refused_when_the_target_moved_after_the_pull_request()
    {
        var publisher = World.NewPublisher();
        var published = await publisher.PublishAsync(CodeCommitWorld.Package(), PullRequest(approvals: 1), CancellationToken.None);
        await Approve(CodeCommitWorld.Alice, published.PullRequestId!);
        var moved = World.CodeCommit.CommitAsOther(Repo, "main", new Dictionary<string, string> { ["README.md"] = "edited\n" });

        var act = () => publisher.MergeAsync(Repo, published.PullRequestId!, CancellationToken.None);

        var error = (await act.Should().ThrowAsync<UserException>()).Which;
        error.Diagnostics[0].Code.Should().Be(DiagnosticCodes.PublishMergeTargetMoved.Id);
        error.Diagnostics[0].Message.Should().Contain("nothing written");
        World.CodeCommit.BranchHead(Repo, "main").Should().Be(moved);
        World.Server.Calls.Should().NotContain(c => c.StartsWith("MergePullRequestByFastForward", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Merging_a_pull_request_that_does_not_exist_is_refused_and_writes_nothing()
    {
        var publisher = World.NewPublisher();
        var mainBefore = World.CodeCommit.BranchHead(Repo, "main");

        var act = () => publisher.MergeAsync(Repo, "9999", CancellationToken.None);

        var error = (await act.Should().ThrowAsync<UserException>()).Which;
        error.Diagnostics[0].Code.Should().Be(DiagnosticCodes.PublishPullRequestNotFound.Id);
        World.CodeCommit.BranchHead(Repo, "main").Should().Be(mainBefore);
    }

    [Fact]
    public async Task A_plan_longer_than_codecommit_allows_is_shortened_in_the_pull_request_and_said()
    {
        // CodeCommit's limit on a pull request description: 10,240 characters
        // (https://docs.aws.amazon.com/codecommit/latest/APIReference/API_CreatePullRequest.html).
        var publisher = World.NewPublisher();
        var longPlan = "## Plan\n\n" + string.Concat(Enumerable.Range(0, 400).Select(i => $"| account {i:000000000000} | changes |\n"));

        var published = await publisher.PublishAsync(CodeCommitWorld.Package(), PullRequest() with { Description = longPlan }, CancellationToken.None);

        longPlan.Length.Should().BeGreaterThan(10240);
        published.Diagnostics.Should().ContainSingle(d => d.Code == DiagnosticCodes.PublishDescriptionTruncated.Id);
        World.CodeCommit.PullRequestDescription(published.PullRequestId!)!.Length.Should().BeLessThanOrEqualTo(10240);
    }

    [Fact]
    public async Task Throttling_500s_and_resets_are_retried_within_the_bound()
    {
        var publisher = World.NewPublisher(maxAttempts: 4);
        World.Server.Inject(Fault.Throttling, "CreateCommit");
        World.Server.Inject(Fault.InternalError, "CreateCommit");
        World.Server.Inject(Fault.ConnectionReset, "CreateCommit");

        var result = await publisher.PublishAsync(CodeCommitWorld.Package(), new CodeCommitPublishOptions(Repo), CancellationToken.None);

        result.Outcome.Should().Be(PublishOutcome.Committed);
        World.Server.Calls.Where(c => c.StartsWith("CreateCommit", StringComparison.Ordinal)).Should().Equal(
            "CreateCommit!Throttling", "CreateCommit!InternalError", "CreateCommit!ConnectionReset", "CreateCommit");
    }

    [Fact]
    public async Task Faults_beyond_the_retry_budget_stop_with_nothing_half_published()
    {
        var publisher = World.NewPublisher(maxAttempts: 3);
        var head = World.CodeCommit.BranchHead(Repo, "main");
        for (var i = 0; i < 3; i++)
        {
            World.Server.Inject(Fault.InternalError, "CreateCommit");
        }

        var act = () => publisher.PublishAsync(CodeCommitWorld.Package(), new CodeCommitPublishOptions(Repo), CancellationToken.None);

        var error = (await act.Should().ThrowAsync<UserException>()).Which;
        error.ExitCode.Should().Be(ExitCodes.AwsFailure);
        error.Diagnostics[0].Code.Should().Be(DiagnosticCodes.PublishAwsError.Id);
        error.Diagnostics[0].Message.Should().Contain("CreateCommit").And.Contain("3 attempt(s)");
        World.CodeCommit.BranchHead(Repo, "main").Should().Be(head);
        World.Server.Calls.Count(c => c.StartsWith("CreateCommit", StringComparison.Ordinal)).Should().Be(3);
    }

    [Fact]
    public async Task A_commit_that_landed_before_the_connection_dropped_is_recognised_not_repeated()
    {
        var publisher = World.NewPublisher();
        World.Server.Inject(Fault.ResetAfterServing, "CreateCommit");

        var result = await publisher.PublishAsync(CodeCommitWorld.Package(), new CodeCommitPublishOptions(Repo), CancellationToken.None);

        result.Outcome.Should().Be(PublishOutcome.Committed);
        result.CommitId.Should().Be(World.CodeCommit.BranchHead(Repo, "main"));
        World.Server.Calls.Where(c => c.StartsWith("CreateCommit", StringComparison.Ordinal)).Should().Equal(
            "CreateCommit!ResetAfterServing", "CreateCommit!ParentCommitIdOutdatedException");
        World.CodeCommit.FilesAt(Repo, "main")["manifest.yaml"].Should().Contain("# build 1");
    }

    [Fact]
    public async Task A_pull_request_publish_larger_than_one_commit_is_split_on_the_feature_branch_only()
    {
        var publisher = World.NewPublisher();
        var package = CodeCommitWorld.Package();
        for (var i = 0; i < 150; i++)
        {
            package[$"templates/bulk-{i:D3}.template"] = System.Text.Encoding.UTF8.GetBytes($"{{\"Description\":\"{i}\"}}\n");
        }

        var direct = () => publisher.PublishAsync(package, new CodeCommitPublishOptions(Repo), CancellationToken.None);
        (await direct.Should().ThrowAsync<UserException>()).Which.Diagnostics[0].Code.Should().Be(DiagnosticCodes.PublishTooManyChanges.Id);

        var result = await publisher.PublishAsync(package, PullRequest(), CancellationToken.None);

        result.Outcome.Should().Be(PublishOutcome.PullRequestCreated);
        World.Server.Calls.Count(c => c == "CreateCommit").Should().Be(2);
        World.CodeCommit.FilesAt(Repo, result.SourceBranch!).Should().HaveCount(package.Count + 1);
    }

    [Fact]
    public async Task An_interrupted_pull_request_publish_resumes_from_its_feature_branch()
    {
        var publisher = World.NewPublisher(maxAttempts: 1);
        World.Server.Inject(Fault.InternalError, "CreatePullRequest");
        var act = () => publisher.PublishAsync(CodeCommitWorld.Package(), PullRequest(), CancellationToken.None);
        await act.Should().ThrowAsync<UserException>();
        var commits = World.CodeCommit.CommitCount;

        var resumed = await World.NewPublisher().PublishAsync(CodeCommitWorld.Package(), PullRequest(), CancellationToken.None);

        resumed.Outcome.Should().Be(PublishOutcome.PullRequestCreated);
        World.CodeCommit.CommitCount.Should().Be(commits, "the feature branch already had every change");
        World.CodeCommit.PullRequestCount.Should().Be(1);
    }

    [Fact]
    public async Task Gate_setup_creates_the_template_once_and_new_pull_requests_carry_it()
    {
        World.CodeCommit.DeleteTemplateAsAdministrator(CodeCommitPublisher.GateTemplateName(Repo));
        var publisher = World.NewPublisher();

        var first = await publisher.SetupGateAsync(Repo, "main", 2, Pool, CancellationToken.None);
        var second = await publisher.SetupGateAsync(Repo, "main", 2, Pool, CancellationToken.None);
        var changed = await publisher.SetupGateAsync(Repo, "main", 3, Pool, CancellationToken.None);
        var published = await publisher.PublishAsync(CodeCommitWorld.Package(), PullRequest(approvals: 0), CancellationToken.None);

        first.Created.Should().BeTrue();
        second.Created.Should().BeFalse();
        second.Diagnostics.Should().BeEmpty();
        changed.Diagnostics.Should().ContainSingle().Which.Code.Should().Be(DiagnosticCodes.GateTemplateDiffers.Id);
        World.CodeCommit.PullRequestRuleContents(published.PullRequestId!).Should().ContainSingle().Which.Should().Contain("refs/heads/main");
        var act = () => publisher.MergeAsync(Repo, published.PullRequestId!, CancellationToken.None);
        (await act.Should().ThrowAsync<UserException>()).Which.Diagnostics[0].Message.Should().Contain(first.TemplateName);
    }

    [Fact]
    public async Task Credentials_never_appear_in_errors_logs_or_request_bodies()
    {
        var publisher = World.NewPublisher(maxAttempts: 2);
        World.Server.Inject(Fault.InternalError, "GetRepository");
        World.Server.Inject(Fault.InternalError, "GetRepository");

        var act = () => publisher.PublishAsync(CodeCommitWorld.Package(), new CodeCommitPublishOptions(Repo), CancellationToken.None);
        var error = (await act.Should().ThrowAsync<UserException>()).Which;
        await World.NewPublisher().PublishAsync(CodeCommitWorld.Package(), PullRequest(), CancellationToken.None);

        var everything = string.Join('\n', error.Diagnostics.Select(d => d.ToString()).Concat(World.Log).Concat(World.Server.Bodies).Append(error.ToString()));
        everything.Should().NotContain(CodeCommitWorld.Publisher.SecretAccessKey).And.NotContain(CodeCommitWorld.Publisher.AccessKeyId);
        World.Log.Should().NotBeEmpty("the retry log is what is checked");
    }

    private async Task Approve(EmulatorIdentity who, string pullRequestId)
    {
        var client = World.Client(who);
        var pr = await client.GetPullRequestAsync(pullRequestId, CancellationToken.None);
        await client.UpdatePullRequestApprovalStateAsync(pullRequestId, pr.RevisionId!, approve: true, CancellationToken.None);
    }
}
