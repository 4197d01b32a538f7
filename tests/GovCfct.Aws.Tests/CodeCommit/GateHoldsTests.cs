using GovCfct.Aws.CodeCommit;
using GovCfct.Testing.Aws.Emulator;
using GovCfct.Core.Diagnostics;
using GovCfct.Testing.Aws.CodeCommit;

namespace GovCfct.Aws.Tests.CodeCommit;

/// <summary>
/// The gate is the organization's approval-rule template, not what the build asks for. Each test is an attack by a
/// build role held to docs/iam/publisher-policy.json on the model-checked endpoint: the build decides the pull
/// request's own rule (or none), so a merge that only asked "are the pull request's rules satisfied?" merged a change
/// approved by nobody the organization chose. The release role (docs/iam/release-policy.json) merges.
/// </summary>
public sealed class GateHoldsTests : CodeCommitWorldTests
{
    private const string Repo = CodeCommitWorld.Repository;
    private static readonly string GateName = CodeCommitPublisher.GateTemplateName(Repo);

    // The build's own choice of gate: one approval from a developer role the attacker controls.
    private static readonly string[] AttackerPool = ["arn:aws:sts::111122223333:assumed-role/Developer/*"];

    [Fact]
    public async Task Without_the_organizations_template_the_build_proposes_nothing()
    {
        World.CodeCommit.DeleteTemplateAsAdministrator(GateName);
        var build = World.PublisherAs(CodeCommitWorld.BuildRole);

        var act = () => build.PublishAsync(CodeCommitWorld.Package(), new CodeCommitPublishOptions(Repo, PullRequest: true), CancellationToken.None);

        var error = (await act.Should().ThrowAsync<UserException>()).Which;
        error.Diagnostics[0].Code.Should().Be(DiagnosticCodes.PublishGateMissing.Id);
        error.Diagnostics[0].Hint.Should().Contain("govcfct gate setup");
        World.CodeCommit.PullRequestCount.Should().Be(0, "no pull request exists that only the build's rule would gate");
        World.CodeCommit.Branches(Repo).Should().Equal("main");
    }

    [Fact]
    public async Task A_pull_request_gated_only_by_the_builds_own_rule_is_never_merged()
    {
        // The pull request is opened while the template is not associated (before gate setup, or after an administrator
        // disassociated it), with the pool the build chose; the attacker's colleague approves; the template comes back.
        var build = World.PublisherAs(CodeCommitWorld.BuildRole);
        var buildClient = World.Client(CodeCommitWorld.BuildRole);
        var head = World.CodeCommit.BranchHead(Repo, "main")!;
        await buildClient.CreateBranchAsync(Repo, "govcfct/attack", head, CancellationToken.None);
        await buildClient.CreateCommitAsync(new CreateCommitRequest(Repo, "govcfct/attack", head, "x", "x@example.com", "weaker SCP", [new PutFileEntry("manifest.yaml", "resources: []\n"u8.ToArray())], []), CancellationToken.None);
        World.CodeCommit.DeleteTemplateAsAdministrator(GateName);
        var pr = await buildClient.CreatePullRequestAsync("GovCfct: harmless", "nothing to see", Repo, "govcfct/attack", "main", "token-1", CancellationToken.None);
        await buildClient.CreatePullRequestApprovalRuleAsync(pr.PullRequestId, "govcfct-approvers", ApprovalRulesFor(1, AttackerPool), CancellationToken.None);
        World.CodeCommit.AddTemplateAsAdministrator(GateName, CodeCommitWorld.GateContent(1), Repo);
        World.CodeCommit.ApproveAs(pr.PullRequestId, CodeCommitWorld.Eve.Arn);
        var release = World.PublisherAs(CodeCommitWorld.ReleaseRole);
        var releaseClient = World.Client(CodeCommitWorld.ReleaseRole);
        var now = await releaseClient.GetPullRequestAsync(pr.PullRequestId, CancellationToken.None);
        var codeCommitWouldMerge = await releaseClient.EvaluatePullRequestApprovalRulesAsync(pr.PullRequestId, now.RevisionId!, CancellationToken.None);

        var act = () => release.MergeAsync(Repo, pr.PullRequestId, CancellationToken.None);

        codeCommitWouldMerge.Approved.Should().BeTrue("the pull request's only rule, the build's, is satisfied: this is the attack");
        var error = (await act.Should().ThrowAsync<UserException>()).Which;
        error.Diagnostics[0].Code.Should().Be(DiagnosticCodes.PublishMergeWithoutGate.Id);
        error.Diagnostics[0].Message.Should().Contain(GateName);
        World.CodeCommit.MergedBy(pr.PullRequestId).Should().BeNull();
        World.CodeCommit.BranchHead(Repo, "main").Should().Be(head);
    }

    [Fact]
    public async Task An_interrupted_publish_pull_request_without_its_own_rule_still_needs_the_organizations_approvals()
    {
        // CreatePullRequest lands, CreatePullRequestApprovalRule never does (the build is killed, or the call fails).
        World.Server.Inject(Fault.InternalError, "CreatePullRequestApprovalRule");
        World.Server.Inject(Fault.InternalError, "CreatePullRequestApprovalRule");
        var build = new CodeCommitPublisher(World.Client(CodeCommitWorld.BuildRole, maxAttempts: 2));
        var interrupted = () => build.PublishAsync(CodeCommitWorld.Package(), new CodeCommitPublishOptions(Repo, PullRequest: true, Approvals: 1, ApproverPool: AttackerPool), CancellationToken.None);
        await interrupted.Should().ThrowAsync<UserException>();
        var id = World.CodeCommit.PullRequestCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var release = World.PublisherAs(CodeCommitWorld.ReleaseRole);

        var merge = () => release.MergeAsync(Repo, id, CancellationToken.None);

        World.CodeCommit.PullRequestRules(id).Should().Equal([(GateName, GateName)], "CodeCommit put the template's rule on the pull request when it was created");
        (await merge.Should().ThrowAsync<UserException>()).Which.Diagnostics[0].Code.Should().Be(DiagnosticCodes.PublishMergeNotApproved.Id);
        World.CodeCommit.ApproveAs(id, CodeCommitWorld.Alice.Arn);
        (await release.MergeAsync(Repo, id, CancellationToken.None)).MergedCommitId.Should().NotBeNull("the organization's approver approved");
    }

    [Fact]
    public async Task The_pool_the_build_asks_for_adds_to_the_organizations_rule_and_never_replaces_it()
    {
        var build = World.PublisherAs(CodeCommitWorld.BuildRole);
        var proposed = await build.PublishAsync(CodeCommitWorld.Package(), new CodeCommitPublishOptions(Repo, PullRequest: true, Approvals: 1, ApproverPool: AttackerPool), CancellationToken.None);
        World.CodeCommit.ApproveAs(proposed.PullRequestId!, CodeCommitWorld.Eve.Arn);
        var release = World.PublisherAs(CodeCommitWorld.ReleaseRole);

        var merge = () => release.MergeAsync(Repo, proposed.PullRequestId!, CancellationToken.None);

        World.CodeCommit.PullRequestRules(proposed.PullRequestId!).Should().BeEquivalentTo([(GateName, (string?)GateName), ("govcfct-approvers", (string?)null)]);
        (await merge.Should().ThrowAsync<UserException>()).Which.Diagnostics[0].Message.Should().Contain(GateName);
        World.CodeCommit.MergedBy(proposed.PullRequestId!).Should().BeNull();
    }

    [Theory]
    [InlineData("1; rm -rf /", null)]
    [InlineData("01", null)]
    [InlineData("1", "0123456")]
    [InlineData("1", "0123456789abcdef0123456789abcdef0123456789")]
    public async Task Merge_takes_only_a_numeric_pull_request_id_and_a_full_commit_id(string id, string? commit)
    {
        var release = World.PublisherAs(CodeCommitWorld.ReleaseRole);

        var merge = () => release.MergeAsync(Repo, id, CancellationToken.None, commit);

        (await merge.Should().ThrowAsync<UserException>()).Which.Diagnostics[0].Code.Should().Be(DiagnosticCodes.PublishMergeSourceMismatch.Id);
        World.Server.Calls.Should().BeEmpty("nothing is asked of AWS for an id that cannot be a pull request's");
    }

    [Fact]
    public async Task Merge_refuses_a_pull_request_at_another_source_commit_than_the_approver_saw()
    {
        var proposed = await World.PublisherAs(CodeCommitWorld.BuildRole).PublishAsync(CodeCommitWorld.Package(), new CodeCommitPublishOptions(Repo, PullRequest: true), CancellationToken.None);
        World.CodeCommit.ApproveAs(proposed.PullRequestId!, CodeCommitWorld.Alice.Arn);
        var release = World.PublisherAs(CodeCommitWorld.ReleaseRole);
        var seen = World.CodeCommit.BranchHead(Repo, "main")!;

        var other = () => release.MergeAsync(Repo, proposed.PullRequestId!, CancellationToken.None, seen);
        (await other.Should().ThrowAsync<UserException>()).Which.Diagnostics[0].Code.Should().Be(DiagnosticCodes.PublishMergeSourceMismatch.Id);
        World.CodeCommit.MergedBy(proposed.PullRequestId!).Should().BeNull();

        var merged = await release.MergeAsync(Repo, proposed.PullRequestId!, CancellationToken.None, proposed.CommitId);
        merged.MergedCommitId.Should().Be(proposed.CommitId);
    }

    private static string ApprovalRulesFor(int approvals, string[] pool) =>
        Core.Publishing.ApprovalRules.Checked(approvals, pool, null, new DiagnosticBag())!;
}
