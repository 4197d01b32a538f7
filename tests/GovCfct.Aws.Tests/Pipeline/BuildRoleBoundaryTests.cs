using GovCfct.Aws.CodeCommit;
using GovCfct.Aws.Http;
using GovCfct.Aws.Tests.CodeCommit;
using GovCfct.Testing.Aws.Emulator;
using GovCfct.Testing;
using GovCfct.Testing.Aws.CodeCommit;

namespace GovCfct.Aws.Tests.Pipeline;

/// <summary>
/// The build role of <c>govcfct pipeline template</c> is held to a permissions boundary (BuildRoleBoundary). IAM allows a
/// call of a role with a boundary only when an identity policy and the boundary both allow it, and an explicit deny in
/// either wins (IAM User Guide, "Permissions boundaries for IAM entities" and "Policy evaluation logic"). So when someone
/// attaches a broad policy (here: allow everything) to the build role, the role can still do only what the boundary —
/// the role's own statements — allows. Proved with the emulator's evaluator (which the CodeCommit endpoint uses for every
/// call) and, independently, with @cloud-copilot/iam-simulate.
/// </summary>
public sealed class BuildRoleBoundaryTests : CodeCommitWorldTests
{
    private const string AllowEverything = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";
    private const string Principal = "arn:aws:sts::111122223333:assumed-role/governance-BuildRole-ABCDEF/codebuild";
    private const string Cfct = "arn:aws:codecommit:ap-northeast-1:111122223333:custom-control-tower-configuration";
    private const string CfctBucket = "arn:aws:s3:::custom-control-tower-configuration-111122223333-ap-northeast-1";

    private static readonly string Boundary = PipelineTemplatePolicies.ManagedPolicy("BuildRoleBoundary");

    // What a broad policy would otherwise open to whoever controls the build (the governance repository's buildspec).
    private static readonly (string Name, string Action, string Resource, Dictionary<string, string> Context)[] Attacks =
    [
        ("create main of a re-created repository", "codecommit:CreateBranch", Cfct, new() { ["codecommit:References"] = "refs/heads/main" }),
        ("delete CfCT's repository", "codecommit:DeleteRepository", Cfct, []),
        ("create a repository", "codecommit:CreateRepository", "arn:aws:codecommit:ap-northeast-1:111122223333:custom-control-tower-configuration", []),
        ("rename the repository", "codecommit:UpdateRepositoryName", Cfct, []),
        ("roll back CfCT's source object", "s3:DeleteObjectVersion", CfctBucket + "/custom-control-tower-configuration.zip", []),
        ("open CfCT's bucket", "s3:PutBucketPolicy", CfctBucket, []),
        ("suspend versioning", "s3:PutBucketVersioning", CfctBucket, []),
        ("build with a buildspec override", "codebuild:StartBuild", "arn:aws:codebuild:ap-northeast-1:111122223333:project/governance-govcfct-merge", []),
        ("start CfCT's pipeline with a source override", "codepipeline:StartPipelineExecution", "arn:aws:codepipeline:ap-northeast-1:111122223333:Custom-Control-Tower-CodePipeline", []),
        ("start CfCT's state machine", "states:StartExecution", "arn:aws:states:ap-northeast-1:111122223333:stateMachine:CustomControlTowerStackSetStateMachine", []),
        ("remove its own boundary", "iam:DeleteRolePermissionsBoundary", "arn:aws:iam::111122223333:role/governance-BuildRole-ABCDEF", []),
        ("replace its own boundary", "iam:PutRolePermissionsBoundary", "arn:aws:iam::111122223333:role/governance-BuildRole-ABCDEF", []),
        ("rewrite the boundary policy", "iam:CreatePolicyVersion", "arn:aws:iam::111122223333:policy/governance-BuildRoleBoundary-ABCDEF", []),
        ("add a policy to itself", "iam:PutRolePolicy", "arn:aws:iam::111122223333:role/governance-BuildRole-ABCDEF", []),
        ("act as Control Tower's execution role", "sts:AssumeRole", "arn:aws:iam::444455556666:role/AWSControlTowerExecution", []),
        ("detach an SCP", "organizations:DetachPolicy", "arn:aws:organizations::111122223333:policy/o-abcdefghij/service_control_policy/p-abcdefgh", []),
        ("write CfCT's pipeline artifacts", "s3:PutObject", "arn:aws:s3:::custom-control-tower-configuration-pipeline-artifacts/source.zip", []),
        ("write the merge stage's logs", "logs:PutLogEvents", "arn:aws:logs:ap-northeast-1:111122223333:log-group:/aws/codebuild/governance-govcfct-merge:log-stream:x", []),
        ("answer CfCT's approval", "codepipeline:PutApprovalResult", "arn:aws:codepipeline:ap-northeast-1:111122223333:Custom-Control-Tower-CodePipeline/Approval/Approve", []),
    ];

    // What the build needs: each is allowed under the boundary (with and without the broad policy).
    private static readonly (string Name, string Action, string Resource, Dictionary<string, string> Context)[] Needed =
    [
        ("snapshot", "organizations:ListRoots", "*", []),
        ("read CfCT's files", "codecommit:GetFile", Cfct, []),
        ("feature branch", "codecommit:CreateBranch", Cfct, new() { ["codecommit:References"] = "refs/heads/govcfct/1" }),
        ("pull request", "codecommit:CreatePullRequest", Cfct, []),
        ("own artifacts", "s3:PutObject", PipelineTemplatePolicies.ArtifactBucketArn + "/reports/plan.md", []),
        ("own logs", "logs:PutLogEvents", "arn:aws:logs:ap-northeast-1:111122223333:log-group:/aws/codebuild/governance-govcfct:log-stream:x", []),
        ("git pull", "codecommit:GitPull", "arn:aws:codecommit:ap-northeast-1:111122223333:my-governance", []),
    ];

    [Fact]
    public void The_build_role_names_the_boundary()
    {
        PipelineTemplatePolicies.BoundaryOf("BuildRole").Should().Be("BuildRoleBoundary");
    }

    [Fact]
    public void Next_to_an_allow_everything_policy_the_boundary_refuses_every_attack_and_keeps_what_the_build_needs()
    {
        var broad = PipelineTemplatePolicies.InlinePolicies("BuildRole").Append(AllowEverything).ToList();

        foreach (var (name, action, resource, context) in Attacks)
        {
            IamPolicyEvaluator.IsAllowed(broad, Boundary, new AuthorizationRequest(action, resource, context)).Should().BeFalse(name);
        }

        foreach (var (name, action, resource, context) in Needed)
        {
            IamPolicyEvaluator.IsAllowed(broad, Boundary, new AuthorizationRequest(action, resource, context)).Should().BeTrue(name);
            IamPolicyEvaluator.IsAllowed(PipelineTemplatePolicies.InlinePolicies("BuildRole"), Boundary, new AuthorizationRequest(action, resource, context)).Should().BeTrue(name);
        }

        // Without the boundary the same broad policy opens what the explicit denials do not name: the boundary is what holds.
        IamPolicyEvaluator.IsAllowed(broad, null, new AuthorizationRequest("sts:AssumeRole", "arn:aws:iam::444455556666:role/AWSControlTowerExecution", new Dictionary<string, string>())).Should().BeTrue();
        IamPolicyEvaluator.IsAllowed(broad, null, new AuthorizationRequest("iam:CreatePolicyVersion", "arn:aws:iam::111122223333:policy/governance-BuildRoleBoundary-ABCDEF", new Dictionary<string, string>())).Should().BeTrue();
    }

    [Fact]
    public void Iam_simulate_agrees_that_the_boundary_holds_next_to_an_allow_everything_policy()
    {
        var broad = PipelineTemplatePolicies.InlinePolicies("BuildRole").Append(AllowEverything).ToList();
        var requests = Attacks.Concat(Needed).Select(r => new IamSimulateOracle.Request(r.Name, Principal, r.Action, r.Resource, r.Resource.Split(':') is [_, _, _, _, var account, ..] && account.Length == 12 ? account : PipelineTemplatePolicies.Account, r.Context)).ToList();

        var bounded = IamSimulateOracle.DecideByIdentity(broad, Boundary, requests);
        var unbounded = IamSimulateOracle.DecideByIdentity(broad, null, requests);

        bounded.Should().OnlyContain(r => r.Errors == null, string.Join("\n", bounded.Select(r => r.Errors)));
        bounded.Where(r => Attacks.Any(a => a.Name == r.Name)).Should().OnlyContain(r => r.Decision != "Allowed", "every attack is refused: " + string.Join(", ", bounded.Where(r => r.Decision == "Allowed").Select(r => r.Name)));
        bounded.Where(r => Needed.Any(a => a.Name == r.Name)).Should().OnlyContain(r => r.Decision == "Allowed", "the build keeps what it needs: " + string.Join(", ", bounded.Where(r => r.Decision != "Allowed").Select(r => r.Name)));
        unbounded.Single(r => r.Name == "rewrite the boundary policy").Decision.Should().Be("Allowed", "without the boundary the broad policy opens it");
        unbounded.Single(r => r.Name == "detach an SCP").Decision.Should().Be("Allowed", "without the boundary the broad policy opens it");
    }

    [Fact]
    public async Task On_the_CodeCommit_endpoint_the_bounded_build_role_with_a_broad_policy_proposes_but_cannot_write_main_or_merge()
    {
        var bounded = new EmulatorIdentity("AKIABUILDBOUNDED0001", "build-bounded-secret-9z8y", "arn:aws:sts::111122223333:assumed-role/GovCfctBuild/bounded")
        {
            Policies = [.. PipelineTemplatePolicies.InlinePolicies("BuildRole"), AllowEverything],
            PermissionsBoundary = Boundary,
        };
        World.Server.AddIdentity(bounded);
        var publisher = World.PublisherAs(bounded);
        var head = World.CodeCommit.BranchHead(CodeCommitWorld.Repository, "main")!;

        var proposed = await publisher.PublishAsync(CodeCommitWorld.Package(), new CodeCommitPublishOptions(CodeCommitWorld.Repository, PullRequest: true), CancellationToken.None);
        World.CodeCommit.ApproveAs(proposed.PullRequestId!, CodeCommitWorld.Alice.Arn);
        var direct = () => publisher.PublishAsync(CodeCommitWorld.Package("2"), new CodeCommitPublishOptions(CodeCommitWorld.Repository), CancellationToken.None);
        var merge = () => publisher.MergeAsync(CodeCommitWorld.Repository, proposed.PullRequestId!, CancellationToken.None);
        var createMain = () => World.Client(bounded).CreateBranchAsync(CodeCommitWorld.Repository, "main", head, CancellationToken.None);

        proposed.PullRequestId.Should().NotBeNull();
        await direct.Should().ThrowAsync<Exception>();
        await merge.Should().ThrowAsync<Exception>();
        (await createMain.Should().ThrowAsync<AwsServiceException>()).Which.ErrorCode.Should().Be("AccessDeniedException");
        World.CodeCommit.MergedBy(proposed.PullRequestId!).Should().BeNull();
        World.CodeCommit.BranchHead(CodeCommitWorld.Repository, "main").Should().Be(head);
    }
}
