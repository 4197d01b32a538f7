using System.Text.Json;
using GovCfct.Aws.CodeCommit;
using GovCfct.Aws.CodePipeline;
using GovCfct.Aws.Http;
using GovCfct.Testing.Aws.Emulator;
using GovCfct.Core.Diagnostics;
using GovCfct.Testing.Aws.CodeCommit;

namespace GovCfct.Aws.Tests.CodeCommit;

/// <summary>
/// The two roles of docs/iam held to their policies by the endpoint's IAM evaluation (IAM User Guide, "Policy
/// evaluation logic" and "Condition operators"), with <c>codecommit:References</c> set as CodeCommit's User Guide
/// documents it ("Limit pushes and merges to branches in AWS CodeCommit"). moto cannot make this proof for CodeCommit:
/// it authorizes CodeCommit and CodePipeline calls against resource "*" and skips the References condition
/// (RolePoliciesMotoTests proves there what moto does evaluate).
/// </summary>
public sealed class RolePolicyTests : CodeCommitWorldTests
{
    private const string Repo = CodeCommitWorld.Repository;

    [Fact]
    public async Task The_build_role_proposes_on_a_feature_branch_but_cannot_commit_to_main_merge_or_approve()
    {
        var build = World.PublisherAs(CodeCommitWorld.BuildRole);
        var main = World.CodeCommit.BranchHead(Repo, "main");

        var proposed = await build.PublishAsync(CodeCommitWorld.Package(), new CodeCommitPublishOptions(Repo, PullRequest: true, Approvals: 1, ApproverPool: Pool), CancellationToken.None);
        var direct = () => build.PublishAsync(CodeCommitWorld.Package("2"), new CodeCommitPublishOptions(Repo), CancellationToken.None);
        var directError = (await direct.Should().ThrowAsync<UserException>()).Which;
        World.CodeCommit.ApproveAs(proposed.PullRequestId!, CodeCommitWorld.Alice.Arn);
        var client = World.Client(CodeCommitWorld.BuildRole);
        var pr = await client.GetPullRequestAsync(proposed.PullRequestId!, CancellationToken.None);
        var merge = () => client.MergePullRequestByFastForwardAsync(proposed.PullRequestId!, Repo, pr.PullRequestTargets![0].SourceCommit, CancellationToken.None);
        var approve = () => client.UpdatePullRequestApprovalStateAsync(proposed.PullRequestId!, pr.RevisionId!, approve: true, CancellationToken.None);
        using var codePipeline = new CodePipelineClient(World.Options(CodeCommitWorld.BuildRole));
        var pipeline = () => codePipeline.PutApprovalResultAsync(PipelineGate.CfctPipelineName, "Approval", "Approval", CodeCommitWorld.ApprovalToken, approve: true, "self-approved", CancellationToken.None);

        proposed.Outcome.Should().Be(PublishOutcome.PullRequestCreated);
        proposed.SourceBranch.Should().StartWith("govcfct/");
        directError.Diagnostics[0].Code.Should().Be(DiagnosticCodes.PublishDirectNeedsReleaseRole.Id);
        directError.Diagnostics[0].Hint.Should().Contain("--pull-request").And.Contain("release role");
        (await merge.Should().ThrowAsync<AwsServiceException>()).Which.Message.Should().Contain("codecommit:MergePullRequestByFastForward");
        (await approve.Should().ThrowAsync<AwsServiceException>()).Which.ErrorCode.Should().Be("AccessDeniedException");
        (await pipeline.Should().ThrowAsync<AwsServiceException>()).Which.Message.Should().Contain("codepipeline:PutApprovalResult");
        World.CodeCommit.MergedBy(proposed.PullRequestId!).Should().BeNull();
        World.CodeCommit.BranchHead(Repo, "main").Should().Be(main, "nothing the build role did reached the branch CfCT watches");
        World.CodePipeline.ApprovalOutcome(PipelineGate.CfctPipelineName).Should().Be(("InProgress", null));
    }

    [Fact]
    public async Task The_build_role_may_not_write_a_branch_outside_its_feature_prefix()
    {
        var client = World.Client(CodeCommitWorld.BuildRole);
        var head = World.CodeCommit.BranchHead(Repo, "main")!;

        var outside = () => client.CreateBranchAsync(Repo, "hotfix", head, CancellationToken.None);
        await client.CreateBranchAsync(Repo, "govcfct/manual", head, CancellationToken.None);

        (await outside.Should().ThrowAsync<AwsServiceException>()).Which.ErrorCode.Should().Be("AccessDeniedException");
        World.CodeCommit.Branches(Repo).Should().Equal("govcfct/manual", "main");
    }

    [Fact]
    public async Task Next_to_a_broad_allow_the_build_role_still_cannot_create_main_commit_there_or_merge()
    {
        var broad = new EmulatorIdentity("AKIABUILDBROAD000001", "build-broad-secret-1a2b", "arn:aws:sts::111122223333:assumed-role/GovCfctBuild/broad")
        {
            Policies = [RepositoryFile.Read("docs/iam/publisher-policy.json"), "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"],
        };
        World.Server.AddIdentity(broad);
        var client = World.Client(broad);
        var head = World.CodeCommit.BranchHead(Repo, "main")!;

        // CreateBranch on main is what re-creating CfCT's repository would need: refused before the branch is looked at.
        var createMain = () => client.CreateBranchAsync(Repo, "main", head, CancellationToken.None);
        var commitMain = () => client.CreateCommitAsync(new CreateCommitRequest(Repo, "main", head, "x", "x@example.com", "direct", [new PutFileEntry("manifest.yaml", "resources: []\n"u8.ToArray())], []), CancellationToken.None);
        await client.CreateBranchAsync(Repo, "govcfct/broad", head, CancellationToken.None);

        (await createMain.Should().ThrowAsync<AwsServiceException>()).Which.ErrorCode.Should().Be("AccessDeniedException");
        (await commitMain.Should().ThrowAsync<AwsServiceException>()).Which.ErrorCode.Should().Be("AccessDeniedException");
        World.CodeCommit.BranchHead(Repo, "main").Should().Be(head);
    }

    [Fact]
    public async Task The_release_role_sets_up_the_gate_merges_an_approved_pull_request_answers_the_pipeline_and_may_publish_directly()
    {
        var release = World.PublisherAs(CodeCommitWorld.ReleaseRole);
        await release.SetupGateAsync(Repo, "main", 1, Pool, CancellationToken.None);
        var proposed = await World.PublisherAs(CodeCommitWorld.BuildRole).PublishAsync(CodeCommitWorld.Package(), new CodeCommitPublishOptions(Repo, PullRequest: true), CancellationToken.None);
        var refused = () => release.MergeAsync(Repo, proposed.PullRequestId!, CancellationToken.None);
        (await refused.Should().ThrowAsync<UserException>()).Which.Diagnostics[0].Code.Should().Be(DiagnosticCodes.PublishMergeNotApproved.Id);
        World.CodeCommit.ApproveAs(proposed.PullRequestId!, CodeCommitWorld.Alice.Arn);

        var merged = await release.MergeAsync(Repo, proposed.PullRequestId!, CancellationToken.None);
        var answered = await World.Pipeline(CodeCommitWorld.ReleaseRole).AnswerAsync(PipelineGate.CfctPipelineName, approve: true, "reviewed", CancellationToken.None);
        var direct = await release.PublishAsync(CodeCommitWorld.Package("2"), new CodeCommitPublishOptions(Repo), CancellationToken.None);

        merged.MergedCommitId.Should().NotBeNull();
        answered.SourceRevision.Should().Be(CodePipelineService.FirstRevision);
        direct.Outcome.Should().Be(PublishOutcome.Committed);
        World.CodeCommit.BranchHead(Repo, "main").Should().Be(direct.CommitId);
    }

    [Fact]
    public async Task Each_policy_grants_exactly_the_codecommit_and_codepipeline_actions_its_role_uses()
    {
        World.CodeCommit.DeleteTemplateAsAdministrator(CodeCommitPublisher.GateTemplateName(Repo));
        var build = World.PublisherAs(CodeCommitWorld.BuildRole);
        var release = World.PublisherAs(CodeCommitWorld.ReleaseRole);
        await release.SetupGateAsync(Repo, "main", 1, Pool, CancellationToken.None);
        World.Server.Inject(Fault.ResetAfterServing, "CreateCommit");
        var proposed = await build.PublishAsync(CodeCommitWorld.Package(), new CodeCommitPublishOptions(Repo, PullRequest: true, Approvals: 1, ApproverPool: Pool), CancellationToken.None);
        World.CodeCommit.CloseAs(proposed.PullRequestId!);
        var again = await build.PublishAsync(CodeCommitWorld.Package(), new CodeCommitPublishOptions(Repo, PullRequest: true, Approvals: 1, ApproverPool: Pool), CancellationToken.None);
        await build.PublishAsync(CodeCommitWorld.Package(), new CodeCommitPublishOptions(Repo, PullRequest: true, Approvals: 1, ApproverPool: Pool), CancellationToken.None);
        await build.ReadPublishedFilesAsync(Repo, World.CodeCommit.BranchHead(Repo, "main")!, CancellationToken.None); // publish --plan-org
        var notYet = () => release.MergeAsync(Repo, again.PullRequestId!, CancellationToken.None);
        await notYet.Should().ThrowAsync<UserException>();
        var releaseClient = World.Client(CodeCommitWorld.ReleaseRole);
        var pr = await releaseClient.GetPullRequestAsync(again.PullRequestId!, CancellationToken.None);
        await releaseClient.UpdatePullRequestApprovalStateAsync(again.PullRequestId!, pr.RevisionId!, approve: true, CancellationToken.None);
        World.CodeCommit.ApproveAs(again.PullRequestId!, CodeCommitWorld.Alice.Arn);
        await release.MergeAsync(Repo, again.PullRequestId!, CancellationToken.None, reviewedPlan: (_, _) => pr.Description); // --verify-plan reads both packages
        await World.Pipeline(CodeCommitWorld.ReleaseRole).AnswerAsync(PipelineGate.CfctPipelineName, approve: true, "ok", CancellationToken.None);
        await release.PublishAsync(CodeCommitWorld.Package("2"), new CodeCommitPublishOptions(Repo), CancellationToken.None);

        Used(CodeCommitWorld.BuildRole).Should().BeEquivalentTo(Granted("docs/iam/publisher-policy.json"), "the build role's policy grants nothing the pull-request publish does not call");
        Used(CodeCommitWorld.ReleaseRole).Should().BeEquivalentTo(Granted("docs/iam/release-policy.json"), "the release role's policy grants nothing gate setup, review, merge, pipeline approval and a direct publish do not call");
        World.Server.Calls.Should().NotContain(c => c.Contains("AccessDenied", StringComparison.Ordinal), "every call of both deliveries was allowed");
    }

    private HashSet<string> Used(EmulatorIdentity role) =>
        World.Server.Served.Where(s => s.CallerArn == role.Arn).Select(s => s.Action).ToHashSet(StringComparer.Ordinal);

    private static HashSet<string> Granted(string policyPath)
    {
        using var document = JsonDocument.Parse(RepositoryFile.Read(policyPath));
        return document.RootElement.GetProperty("Statement").EnumerateArray()
            .Where(s => s.GetProperty("Effect").GetString() == "Allow")
            .SelectMany(s => s.GetProperty("Action") is { ValueKind: JsonValueKind.Array } list ? list.EnumerateArray().Select(a => a.GetString()!) : [s.GetProperty("Action").GetString()!])
            .Where(a => a.StartsWith("codecommit:", StringComparison.Ordinal) || a.StartsWith("codepipeline:", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);
    }
}
