using System.Text;
using GovCfct.Aws.CodeCommit;
using GovCfct.Testing.Aws.Emulator;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Publishing;
using GovCfct.Testing.Aws.CodeCommit;

namespace GovCfct.Aws.Tests.CodeCommit;

/// <summary>
/// Re-runs, retries and limits against the CodeCommit endpoint. Each case names the page of AWS's documentation the
/// endpoint's behaviour for it is written from (CodeCommit API Reference unless said otherwise).
/// </summary>
public sealed class PublishIdempotencyTests : CodeCommitWorldTests
{
    private const string Repo = CodeCommitWorld.Repository;

    private static CodeCommitPublishOptions PullRequest(int approvals = 1) => new(Repo, PullRequest: true, Approvals: approvals, ApproverPool: Pool);

    // CreatePullRequest: "clientRequestToken ... If you use the same token with different parameters,
    // IdempotencyParameterMismatchException"; a reviewer closing a pull request (UpdatePullRequestStatus CLOSED).
    [Fact]
    public async Task A_pull_request_closed_unmerged_gets_a_new_feature_branch_and_a_new_pull_request()
    {
        var publisher = World.NewPublisher();
        var first = await publisher.PublishAsync(CodeCommitWorld.Package(), PullRequest(), CancellationToken.None);
        World.CodeCommit.CloseAs(first.PullRequestId!);

        var second = await publisher.PublishAsync(CodeCommitWorld.Package(), PullRequest(), CancellationToken.None);

        second.Outcome.Should().Be(PublishOutcome.PullRequestCreated);
        second.PullRequestId.Should().NotBe(first.PullRequestId);
        second.SourceBranch.Should().Be(first.SourceBranch + "-2");
        World.CodeCommit.PullRequestCount.Should().Be(2);
        var third = await publisher.PublishAsync(CodeCommitWorld.Package(), PullRequest(), CancellationToken.None);
        third.Outcome.Should().Be(PublishOutcome.PullRequestExists, "the open pull request on the -2 branch is found again");
        third.PullRequestId.Should().Be(second.PullRequestId);
    }

    // CreatePullRequest with the same clientRequestToken and parameters returns the pull request the first call made.
    [Fact]
    public async Task A_retried_create_pull_request_reuses_its_token_and_gets_the_one_pull_request()
    {
        World.Server.Inject(Fault.ResetAfterServing, "CreatePullRequest");

        var result = await World.NewPublisher().PublishAsync(CodeCommitWorld.Package(), PullRequest(), CancellationToken.None);

        result.Outcome.Should().Be(PublishOutcome.PullRequestCreated);
        World.CodeCommit.PullRequestCount.Should().Be(1);
        World.Server.Calls.Where(c => c.StartsWith("CreatePullRequest", StringComparison.Ordinal) && !c.StartsWith("CreatePullRequestApproval", StringComparison.Ordinal))
            .Should().Equal("CreatePullRequest!ResetAfterServing", "CreatePullRequest");
        var tokens = World.Server.Bodies.Where(b => b.Contains("\"clientRequestToken\"", StringComparison.Ordinal)).Distinct().ToList();
        tokens.Should().ContainSingle("the retry resent the very same request");
    }

    // CreateBranch: BranchNameExistsException "Cannot create the branch with the specified name because the
    // commit ID does not exist"... (the name already exists) — what the retry of a CreateBranch that landed meets.
    [Fact]
    public async Task A_retried_create_branch_that_landed_is_resumed_from()
    {
        World.Server.Inject(Fault.ResetAfterServing, "CreateBranch");

        var result = await World.NewPublisher().PublishAsync(CodeCommitWorld.Package(), PullRequest(), CancellationToken.None);

        result.Outcome.Should().Be(PublishOutcome.PullRequestCreated);
        World.Server.Calls.Where(c => c.StartsWith("CreateBranch", StringComparison.Ordinal)).Should().Equal("CreateBranch!ResetAfterServing", "CreateBranch!BranchNameExistsException");
    }

    // CreatePullRequestApprovalRule: ApprovalRuleNameAlreadyExistsException.
    [Fact]
    public async Task A_retried_approval_rule_that_landed_is_checked_to_be_ours()
    {
        World.Server.Inject(Fault.ResetAfterServing, "CreatePullRequestApprovalRule");

        var result = await World.NewPublisher().PublishAsync(CodeCommitWorld.Package(), PullRequest(), CancellationToken.None);

        World.CodeCommit.PullRequestOwnRuleContents(result.PullRequestId!).Should().ContainSingle().Which.Should().Contain(Pool[0]);
        World.Server.Calls.Where(c => c.StartsWith("CreatePullRequestApprovalRule", StringComparison.Ordinal)).Should().Equal(
            "CreatePullRequestApprovalRule!ResetAfterServing", "CreatePullRequestApprovalRule!ApprovalRuleNameAlreadyExistsException");
    }

    // MergePullRequestByFastForward: PullRequestAlreadyClosedException once the first attempt merged it.
    [Fact]
    public async Task A_retried_merge_that_landed_is_a_merge()
    {
        var publisher = World.NewPublisher();
        var published = await publisher.PublishAsync(CodeCommitWorld.Package(), PullRequest(), CancellationToken.None);
        World.CodeCommit.ApproveAs(published.PullRequestId!, CodeCommitWorld.Alice.Arn);
        World.Server.Inject(Fault.ResetAfterServing, "MergePullRequestByFastForward");

        var merged = await publisher.MergeAsync(Repo, published.PullRequestId!, CancellationToken.None);

        merged.AlreadyMerged.Should().BeFalse();
        merged.MergedCommitId.Should().Be(World.CodeCommit.BranchHead(Repo, "main"));
        World.Server.Calls.Where(c => c.StartsWith("MergePullRequestByFastForward", StringComparison.Ordinal)).Should().Equal(
            "MergePullRequestByFastForward!ResetAfterServing", "MergePullRequestByFastForward!PullRequestAlreadyClosedException");
    }

    // CreateCommit: ParentCommitIdRequiredException "A parent commit ID is required... use GetBranch"; the first
    // commit of an empty repository has no parent, and its retry finds the branch it created.
    [Fact]
    public async Task A_retried_first_commit_into_an_empty_repository_is_recognised()
    {
        World.CodeCommit.CreateRepository("empty-config");
        World.Server.Inject(Fault.ResetAfterServing, "CreateCommit");

        var result = await World.NewPublisher().PublishAsync(CodeCommitWorld.Package(), new CodeCommitPublishOptions("empty-config"), CancellationToken.None);

        result.Outcome.Should().Be(PublishOutcome.Committed);
        result.CommitId.Should().Be(World.CodeCommit.BranchHead("empty-config", "main"));
        World.Server.Calls.Where(c => c.StartsWith("CreateCommit", StringComparison.Ordinal)).Should().Equal("CreateCommit!ResetAfterServing", "CreateCommit!ParentCommitIdRequiredException");
    }

    // CodeCommit User Guide, "Override approval rules on a pull request": an overridden pull request can be merged
    // although its rules are not satisfied; EvaluatePullRequestApprovalRules reports "overridden".
    [Fact]
    public async Task A_merge_honours_rules_a_person_overrode()
    {
        var publisher = World.NewPublisher();
        var published = await publisher.PublishAsync(CodeCommitWorld.Package(), PullRequest(approvals: 2), CancellationToken.None);
        using var raw = new RawSignedClient(World.Server.Endpoint, CodeCommitWorld.Alice);
        var revision = (await World.Client(CodeCommitWorld.Alice).GetPullRequestAsync(published.PullRequestId!, CancellationToken.None)).RevisionId;
        var (status, _) = await raw.CodeCommitAsync("OverridePullRequestApprovalRules", $"{{\"pullRequestId\":\"{published.PullRequestId}\",\"revisionId\":\"{revision}\",\"overrideStatus\":\"OVERRIDE\"}}");
        status.Should().Be(200);

        var merged = await publisher.MergeAsync(Repo, published.PullRequestId!, CancellationToken.None);

        merged.Overridden.Should().BeTrue();
        World.CodeCommit.MergedBy(published.PullRequestId!).Should().Be(CodeCommitWorld.Publisher.Arn);
    }

    // GetPullRequest: PullRequestTarget.mergeBase is optional (not required in the API model).
    [Fact]
    public async Task A_merge_does_not_need_the_optional_merge_base_and_still_sees_a_moved_target()
    {
        var publisher = World.NewPublisher();
        var published = await publisher.PublishAsync(CodeCommitWorld.Package(), PullRequest(), CancellationToken.None);
        World.CodeCommit.ApproveAs(published.PullRequestId!, CodeCommitWorld.Alice.Arn);
        World.CodeCommit.OmitMergeBase = true;
        var other = await publisher.PublishAsync(CodeCommitWorld.Package("2"), PullRequest(), CancellationToken.None);
        World.CodeCommit.ApproveAs(other.PullRequestId!, CodeCommitWorld.Alice.Arn);

        (await publisher.MergeAsync(Repo, published.PullRequestId!, CancellationToken.None)).AlreadyMerged.Should().BeFalse();
        var moved = () => publisher.MergeAsync(Repo, other.PullRequestId!, CancellationToken.None);

        (await moved.Should().ThrowAsync<UserException>()).Which.Diagnostics[0].Code.Should().Be(DiagnosticCodes.PublishMergeTargetMoved.Id);
        World.Server.Calls.Count(c => c.StartsWith("MergePullRequestByFastForward", StringComparison.Ordinal)).Should().Be(1, "the moved target is seen before asking CodeCommit");
    }

    [Fact]
    public async Task The_report_is_not_published_and_files_of_folders_the_package_dropped_are_deleted()
    {
        World.CodeCommit.CommitAsOther(Repo, "main", new Dictionary<string, string>
        {
            ["parameters/gc-old.json"] = "[]\n",
            ["report/build-report.json"] = "{}\n",
        });
        var package = CodeCommitWorld.Package();
        package["report/build-report.json"] = Encoding.UTF8.GetBytes("{\"new\":true}\n");
        package["report/build-report.md"] = Encoding.UTF8.GetBytes("# report\n");

        var result = await World.NewPublisher().PublishAsync(package, new CodeCommitPublishOptions(Repo), CancellationToken.None);

        result.Plan.Changes.Where(c => c.Kind == FileChangeKind.Delete).Select(c => c.Path).Should().Equal(
            "parameters/gc-old.json", "report/build-report.json", "templates/old-control.template");
        World.CodeCommit.FilesAt(Repo, "main").Keys.Should().BeEquivalentTo(
            ["README.md", "manifest.yaml", "policies/gc-deny-leave-organization.json", "templates/gc-config-rules-baseline.template", "templates/gc-security-hub.template"]);
    }

    // CreateCommit: FileContentSizeLimitExceededException "The maximum file size is 6 MB".
    [Fact]
    public async Task A_file_over_codecommits_limit_is_refused_before_anything_is_written()
    {
        var package = CodeCommitWorld.Package();
        package["templates/huge.template"] = new byte[(6 * 1024 * 1024) + 1];

        var act = () => World.NewPublisher().PublishAsync(package, PullRequest(), CancellationToken.None);

        var error = (await act.Should().ThrowAsync<UserException>()).Which;
        error.Diagnostics.Should().ContainSingle().Which.Code.Should().Be(DiagnosticCodes.PublishFileTooLarge.Id);
        error.Diagnostics[0].Location!.File.Should().EndWith("templates/huge.template");
        World.Server.Calls.Should().BeEmpty("nothing is asked of CodeCommit, let alone written");
    }

    // CodeCommit User Guide, "Quotas": approval rule content 3,000 characters, 50 approvers in a pool; an empty pool
    // lets any identity's approval count (CreatePullRequestApprovalRule, ApprovalPoolMembers optional).
    [Theory]
    [InlineData(0, "GCF4217")]
    [InlineData(51, "GCF4218")]
    [InlineData(40, "GCF4218")]
    public async Task An_approval_rule_codecommit_would_refuse_or_that_gates_nothing_is_refused_before_writing(int members, string code)
    {
        // 40 long session ARNs stay within the pool quota but exceed 3,000 characters of rule content.
        var pool = Enumerable.Range(0, members).Select(i => $"arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_GovCloudApprover_0123456789abcdef/approver-{i:D3}").ToArray();

        var act = () => World.NewPublisher().PublishAsync(CodeCommitWorld.Package(), new CodeCommitPublishOptions(Repo, PullRequest: true, Approvals: 1, ApproverPool: pool), CancellationToken.None);

        (await act.Should().ThrowAsync<UserException>()).Which.Diagnostics.Should().ContainSingle().Which.Code.Should().Be(code);
        World.Server.Calls.Should().BeEmpty();
    }
}
