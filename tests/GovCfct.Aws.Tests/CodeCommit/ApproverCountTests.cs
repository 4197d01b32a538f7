using GovCfct.Aws.CodeCommit;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Publishing;
using GovCfct.Testing.Aws.CodeCommit;

namespace GovCfct.Aws.Tests.CodeCommit;

/// <summary>
/// The organization's rule needs two approvals from an IAM role; one person holding that role approved twice, from two
/// sessions with names of their choosing. CodeCommit counts two approving ARNs and evaluates the rule as satisfied;
/// GovCfct's merge (the release role, docs/iam/release-policy.json) counts people and refuses (GCF4311). Two Identity
/// Center users of one permission set are two people.
/// </summary>
public sealed class ApproverCountTests : CodeCommitWorldTests
{
    private const string Repo = CodeCommitWorld.Repository;
    private const string RolePool = "arn:aws:sts::111122223333:assumed-role/GovCloudApprovers/*";

    [Fact]
    public async Task Two_sessions_of_one_IAM_role_are_one_approver()
    {
        var id = await ProposeUnderGateAsync(RolePool);
        World.CodeCommit.ApproveAs(id, "arn:aws:sts::111122223333:assumed-role/GovCloudApprovers/mallory-1");
        World.CodeCommit.ApproveAs(id, "arn:aws:sts::111122223333:assumed-role/GovCloudApprovers/mallory-2");
        var releaseClient = World.Client(CodeCommitWorld.ReleaseRole);
        var pr = await releaseClient.GetPullRequestAsync(id, CancellationToken.None);
        var codeCommitWouldMerge = await releaseClient.EvaluatePullRequestApprovalRulesAsync(id, pr.RevisionId!, CancellationToken.None);

        var act = () => World.PublisherAs(CodeCommitWorld.ReleaseRole).MergeAsync(Repo, id, CancellationToken.None);

        codeCommitWouldMerge.Approved.Should().BeTrue("CodeCommit counts two ARNs: this is the attack");
        var error = (await act.Should().ThrowAsync<UserException>()).Which;
        error.Diagnostics[0].Code.Should().Be(DiagnosticCodes.PublishApproversCountedByRole.Id);
        error.Diagnostics[0].Message.Should().Contain("has 1 distinct approver(s) (arn:aws:sts::111122223333:assumed-role/GovCloudApprovers/*) where the organization's rule needs 2");
        World.CodeCommit.MergedBy(id).Should().BeNull();
    }

    [Fact]
    public async Task Two_Identity_Center_users_of_one_permission_set_are_two_approvers()
    {
        var id = await ProposeUnderGateAsync($"arn:aws:sts::111122223333:assumed-role/{CodeCommitWorld.ApproverRoleArn.Split('/')[^1]}/*");
        World.CodeCommit.ApproveAs(id, CodeCommitWorld.Alice.Arn);
        World.CodeCommit.ApproveAs(id, CodeCommitWorld.Bob.Arn);

        var merged = await World.PublisherAs(CodeCommitWorld.ReleaseRole).MergeAsync(Repo, id, CancellationToken.None);

        merged.AlreadyMerged.Should().BeFalse();
        World.CodeCommit.MergedBy(id).Should().Be(CodeCommitWorld.ReleaseRole.Arn);
    }

    private async Task<string> ProposeUnderGateAsync(string pool)
    {
        var gate = CodeCommitPublisher.GateTemplateName(Repo);
        World.CodeCommit.DeleteTemplateAsAdministrator(gate);
        World.CodeCommit.AddTemplateAsAdministrator(gate, ApprovalRules.Checked(2, [pool], "main", new DiagnosticBag())!, Repo);
        var published = await World.PublisherAs(CodeCommitWorld.BuildRole).PublishAsync(CodeCommitWorld.Package(), new CodeCommitPublishOptions(Repo, PullRequest: true), CancellationToken.None);
        return published.PullRequestId!;
    }
}
