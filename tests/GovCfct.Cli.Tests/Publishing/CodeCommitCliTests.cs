using System.Text;
using GovCfct.Testing.Aws.CodeCommit;
using GovCfct.Testing.Aws.Emulator;

namespace GovCfct.Cli.Tests.Publishing;

/// <summary>
/// <c>govcfct publish --codecommit</c>, <c>gate setup</c> and <c>pipeline</c> end to end in memory: exit code, stdout,
/// stderr, against the model-checked endpoint. Credentials come from a profile in a temporary credentials file,
/// as the SDK's chain reads them; the secret must never be printed.
/// </summary>
public sealed class CodeCommitCliTests : IAsyncLifetime
{
    private const string Repo = CodeCommitWorld.Repository;
    private CodeCommitWorld _world = null!;
    private DirectoryInfo _package = null!;

    public Task InitializeAsync()
    {
        _world = new CodeCommitWorld();
        _package = Directory.CreateTempSubdirectory("govcfct-package-");
        foreach (var (path, bytes) in CodeCommitWorld.Package())
        {
            var file = Path.Combine(_package.FullName, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllBytes(file, bytes);
        }

        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _package.Delete(recursive: true);
        await _world.DisposeAsync();
    }

    [Fact]
    public async Task Publish_opens_a_pull_request_and_merge_waits_for_the_approvers()
    {
        var plan = Path.Combine(_package.FullName, "..", $"{_package.Name}.plan.md");
        await File.WriteAllTextAsync(plan, "## Plan\n\nNo account loses a control.\n");

        var (exit, stdout, stderr) = await RunAsync(
            "publish", "--codecommit", Repo, "--package", _package.FullName, "--pull-request", "--approvals", "1",
            "--approver", CodeCommitWorld.ApproverRoleArn, "--description-file", plan);
        var again = await RunAsync("publish", "--codecommit", Repo, "--package", _package.FullName, "--pull-request", "--approvals", "1", "--approver", CodeCommitWorld.ApproverRoleArn, "--description-file", plan);
        var refused = await RunAsync("publish", "--merge", "1", "--codecommit", Repo);
        _world.CodeCommit.ApproveAs("1", CodeCommitWorld.Alice.Arn);
        var merged = await RunAsync("publish", "--merge", "1", "--codecommit", Repo);
        File.Delete(plan);

        exit.Should().Be(0, stderr);
        stdout.Should().StartWith("pull request 1: govcfct/publish-").And.Contain("-> main: 3 added, 1 updated, 1 deleted, 0 unchanged").And.Contain("needs 1 approval(s) from arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_GovCloudApprover_0123456789abcdef/*");
        _world.CodeCommit.PullRequestDescription("1").Should().Be("## Plan\n\nNo account loses a control.\n");
        again.Exit.Should().Be(0);
        again.Stdout.Should().Contain("pull request 1 already proposes this package");
        refused.Exit.Should().Be(3);
        refused.Stderr.Should().Contain("error GCF4202: pull request 1 is not approved: rule 'govcfct-approvers-custom-control-tower-configuration' needs 1 approval(s) from arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_GovCloudApprover_0123456789abcdef/*")
            .And.Contain("rule 'govcfct-approvers' needs 1 approval(s)");
        stdout.Should().MatchRegex("; needs the organization's rule govcfct-approvers-custom-control-tower-configuration; source commit [0-9a-f]{40}\n$");
        merged.Exit.Should().Be(0, merged.Stderr);
        merged.Stdout.Should().Contain("merged pull request 1");
        _world.CodeCommit.FilesAt(Repo, "main").Should().ContainKey("templates/gc-security-hub.template");
    }

    [Fact]
    public async Task Publishing_an_unchanged_package_says_so_and_exits_0()
    {
        (await RunAsync("publish", "--codecommit", Repo, "--package", _package.FullName)).Exit.Should().Be(0);
        var commits = _world.CodeCommit.CommitCount;

        var (exit, stdout, _) = await RunAsync("publish", "--codecommit", Repo, "--package", _package.FullName);

        exit.Should().Be(0);
        stdout.Should().Be("nothing to publish: main of custom-control-tower-configuration already holds this package (4 files)\n");
        _world.CodeCommit.CommitCount.Should().Be(commits);
    }

    [Fact]
    public async Task A_moved_branch_is_exit_3_with_what_to_do_and_no_secret_in_any_output()
    {
        _world.Server.Before("CreateCommit", () => _world.CodeCommit.CommitAsOther(Repo, "main", new Dictionary<string, string> { ["manifest.yaml"] = "theirs\n" }));

        var (exit, stdout, stderr) = await RunAsync("publish", "--codecommit", Repo, "--package", _package.FullName, "--verbose");

        exit.Should().Be(3);
        stderr.Should().Contain("error GCF4201:").And.Contain("nothing was overwritten").And.Contain("Fix: run `govcfct plan`");
        (stdout + stderr).Should().NotContain(CodeCommitWorld.Publisher.SecretAccessKey).And.NotContain(CodeCommitWorld.Publisher.AccessKeyId);
        _world.CodeCommit.FilesAt(Repo, "main")["manifest.yaml"].Should().Be("theirs\n");
    }

    [Theory]
    [InlineData("GCF4211", "publish", "--codecommit", Repo, "--approvals", "2")]
    [InlineData("GCF4204", "publish", "--codecommit", Repo, "--pull-request", "--approvals", "1", "--approver", "Approver")]
    [InlineData("GCF4205", "publish", "--codecommit", Repo, "--package", "/nonexistent/out")]
    [InlineData("GCF4204", "gate", "setup", "--codecommit", Repo, "--approvals", "2", "--approver", "not-an-arn")]
    public async Task Wrong_options_are_usage_errors_before_any_aws_call(string code, params string[] args)
    {
        var (exit, _, stderr) = await RunAsync(args);

        exit.Should().Be(2);
        stderr.Should().Contain($"error {code}:");
        _world.Server.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task Gate_setup_is_idempotent()
    {
        _world.CodeCommit.DeleteTemplateAsAdministrator($"govcfct-approvers-{Repo}");
        var first = await RunAsync("gate", "setup", "--codecommit", Repo, "--approvals", "2", "--approver", CodeCommitWorld.ApproverRoleArn);
        var second = await RunAsync("gate", "setup", "--codecommit", Repo, "--approvals", "2", "--approver", CodeCommitWorld.ApproverRoleArn);

        first.Exit.Should().Be(0, first.Stderr);
        first.Stdout.Should().Be($"created approval-rule template govcfct-approvers-{Repo} and associated it with {Repo}\n");
        second.Stdout.Should().StartWith("approval-rule template govcfct-approvers-").And.Contain("already exists");
    }

    [Fact]
    public async Task Pipeline_status_then_approve_then_nothing_left_to_approve()
    {
        var status = await RunAsync("pipeline", "status");
        var approve = await RunAsync("pipeline", "approve", "--summary", "reviewed in PR 1", "--expect-revision", CodePipelineService.FirstRevision);
        var again = await RunAsync("pipeline", "reject", "--summary", "too late", "--expect-revision", CodePipelineService.FirstRevision);
        var missing = await RunAsync("pipeline", "status", "--pipeline", "Other-Pipeline");
        var noSummary = await RunAsync("pipeline", "approve");

        status.Exit.Should().Be(0, status.Stderr);
        status.Stdout.Should().Contain("Approval                 InProgress").And.Contain($"waiting for approval: Approval/Approval of execution {CodePipelineService.FirstExecution}, source revision {CodePipelineService.FirstRevision}");
        approve.Exit.Should().Be(0, approve.Stderr);
        approve.Stdout.Should().Be($"approved Approval/Approval of Custom-Control-Tower-CodePipeline: execution {CodePipelineService.FirstExecution}, source revision {CodePipelineService.FirstRevision}\n");
        _world.CodePipeline.ApprovalOutcome("Custom-Control-Tower-CodePipeline").Should().Be(("Succeeded", "reviewed in PR 1"));
        again.Exit.Should().Be(3);
        again.Stderr.Should().Contain("error GCF4213:");
        missing.Exit.Should().Be(3);
        missing.Stderr.Should().Contain("error GCF4212:");
        noSummary.Exit.Should().Be(2);
    }

    [Fact]
    public async Task Approve_with_another_expected_revision_answers_nothing()
    {
        var (exit, _, stderr) = await RunAsync("pipeline", "approve", "--summary", "reviewed", "--expect-revision", "feedfacecafe0000000000000000000000000000");
        var prefix = await RunAsync("pipeline", "approve", "--summary", "reviewed", "--expect-revision", CodePipelineService.FirstRevision[..7]);
        var none = await RunAsync("pipeline", "approve", "--summary", "reviewed");

        prefix.Exit.Should().Be(2, "a 7-character prefix could name another commit");
        prefix.Stderr.Should().Contain("--expect-revision takes the full revision");
        none.Exit.Should().Be(2, "an answer always names the revision it was given for");
        exit.Should().Be(3);
        stderr.Should().Contain("error GCF4219:").And.Contain(CodePipelineService.FirstRevision);
        _world.CodePipeline.ApprovalOutcome("Custom-Control-Tower-CodePipeline").Should().Be(("InProgress", null));
    }

    // #16: publish runs the same validation as `govcfct validate`; a package with any error never reaches CodeCommit.
    [Theory]
    [InlineData("manifest.yaml", "region: ap-northeast-1\nversion: 2021-03-15\nresources: [\n", "--pull-request")]
    [InlineData("templates/gc-security-hub.template", "{\"Resources\":{}}\n", "--branch")]
    public async Task A_package_validate_rejects_is_not_published_and_codecommit_is_not_called(string file, string content, string mode)
    {
        File.WriteAllText(Path.Combine(_package.FullName, file), content);
        string[] route = mode == "--pull-request" ? ["--pull-request", "--approvals", "1", "--approver", CodeCommitWorld.ApproverRoleArn] : ["--branch", "main"];

        var (exit, stdout, stderr) = await RunAsync(["publish", "--codecommit", Repo, "--package", _package.FullName, .. route]);
        using var validateOut = new StringWriter { NewLine = "\n" };
        using var validateErr = new StringWriter { NewLine = "\n" };
        var validate = await GovCfctApp.RunAsync(["validate", _package.FullName], validateOut, validateErr, CancellationToken.None);

        exit.Should().Be(1, stdout);
        stderr.Should().Contain("error GCF4221:");
        validate.Should().Be(1, "validate refuses the same package");
        _world.Server.Calls.Should().BeEmpty("the destination is not even read");
        _world.CodeCommit.PullRequestCount.Should().Be(0);
    }

    private Task<CliResult> RunAsync(params string[] args)
    {
        return CliRunner.Run([.. args, "--region", "ap-northeast-1", "--endpoint-url", _world.Server.Endpoint.ToString(), "--profile", CliAwsProfiles.Publisher]);
    }
}
