using System.Text;
using GovCfct.Aws.Tests.CodeCommit;
using GovCfct.Aws.Tests.Emulator;

namespace GovCfct.Cli.Tests.Publishing;

/// <summary>
/// <c>govcfct publish --codecommit</c>, <c>gate setup</c> and <c>pipeline</c> end to end in memory: exit code, stdout,
/// stderr, against the model-checked endpoint. Credentials come from a profile in a temporary credentials file,
/// as the SDK's chain reads them; the secret must never be printed.
/// </summary>
[Collection(CliAwsProfile.Name)]
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
        refused.Stderr.Should().Contain("error GCF4202: pull request 1 is not approved: rule 'govcfct-approvers' needs 1 approval(s) from arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_GovCloudApprover_0123456789abcdef/*");
        merged.Exit.Should().Be(0, merged.Stderr);
        merged.Stdout.Should().Contain("merged pull request 1");
        _world.CodeCommit.FilesAt(Repo, "main").Should().ContainKey("templates/gc-security-hub.template");
    }

    [Fact]
    public async Task The_buildspec_publish_step_opens_the_pull_request_it_promises()
    {
        var plan = Path.Combine(_package.FullName, "..", $"{_package.Name}.buildspec-plan.md");
        await File.WriteAllTextAsync(plan, "## Plan from CodeBuild\n");
        var values = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["$CFCT_REPOSITORY"] = [Repo],
            ["$CFCT_BRANCH"] = ["main"],
            ["$APPROVALS"] = ["2"],
            ["$approvers"] = ["--approver", CodeCommitWorld.ApproverRoleArn],
            ["out"] = [_package.FullName],
            ["reports/plan.md"] = [plan],
        };

        var args = BuildspecPublishLine().SelectMany(token => values.GetValueOrDefault(token) ?? [token]).ToArray();
        var (exit, stdout, stderr) = await RunAsync(args);
        File.Delete(plan);

        args.Should().StartWith(["publish", "--codecommit"]);
        exit.Should().Be(0, stderr);
        stdout.Should().Contain("needs 2 approval(s)");
        _world.CodeCommit.PullRequestDescription("1").Should().Be("## Plan from CodeBuild\n");
    }

    /// <summary>The <c>govcfct publish</c> command of buildspec.yml (continuation lines joined, shell quotes removed).</summary>
    private static IEnumerable<string> BuildspecPublishLine()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "buildspec.yml")))
        {
            directory = directory.Parent;
        }

        var lines = File.ReadAllLines(Path.Combine(directory?.FullName ?? throw new InvalidOperationException("buildspec.yml not found above the test folder"), "buildspec.yml"));
        var start = Array.FindIndex(lines, l => l.TrimStart().StartsWith("govcfct publish", StringComparison.Ordinal));
        start.Should().BeGreaterThanOrEqualTo(0, "buildspec.yml publishes with govcfct publish");
        var command = new StringBuilder();
        for (var i = start; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            command.Append(line.TrimEnd('\\')).Append(' ');
            if (!line.EndsWith('\\'))
            {
                break;
            }
        }

        return command.ToString().Replace("\"", string.Empty, StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1);
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
    [InlineData("GCF4204", "gate", "setup", "--codecommit", Repo, "--approver", "not-an-arn")]
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
        var approve = await RunAsync("pipeline", "approve", "--summary", "reviewed in PR 1");
        var again = await RunAsync("pipeline", "reject", "--summary", "too late");
        var missing = await RunAsync("pipeline", "status", "--pipeline", "Other-Pipeline");
        var noSummary = await RunAsync("pipeline", "approve");

        status.Exit.Should().Be(0, status.Stderr);
        status.Stdout.Should().Contain("Approval                 InProgress").And.Contain("waiting for approval: Approval/Approval");
        approve.Exit.Should().Be(0, approve.Stderr);
        approve.Stdout.Should().Be("approved Approval/Approval of Custom-Control-Tower-CodePipeline\n");
        _world.CodePipeline.ApprovalOutcome("Custom-Control-Tower-CodePipeline").Should().Be(("Succeeded", "reviewed in PR 1"));
        again.Exit.Should().Be(3);
        again.Stderr.Should().Contain("error GCF4213:");
        missing.Exit.Should().Be(3);
        missing.Stderr.Should().Contain("error GCF4212:");
        noSummary.Exit.Should().Be(2);
    }

    private Task<CliResult> RunAsync(params string[] args)
    {
        CliAwsProfile.Use();
        return CliRunner.Run([.. args, "--region", "ap-northeast-1", "--endpoint-url", _world.Server.Endpoint.ToString(), "--profile", CliAwsProfile.ProfileName]);
    }
}

/// <summary>
/// The publisher's key under its own profile name. The variable that points the SDK at a credentials file is
/// process-wide and the moto CLI tests own it, so the profile is added to their file instead of replacing it.
/// </summary>
[CollectionDefinition(Name)]
public sealed class CliAwsProfile : ICollectionFixture<CliAwsProfile>
{
    public const string Name = "cli-aws-profile";
    public const string ProfileName = "govcfct-emulator-publisher";
    private static readonly Lock Gate = new();
    private static bool _added;

    public CliAwsProfile() => Use();

    public static void Use()
    {
        lock (Gate)
        {
            if (_added)
            {
                return;
            }

            // Their static constructor points AWS_SHARED_CREDENTIALS_FILE at their private file; run it first.
            System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(typeof(Commands.AwsCommandsTests).TypeHandle);
            var file = Environment.GetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE")
                ?? throw new InvalidOperationException("AWS_SHARED_CREDENTIALS_FILE is not set by the CLI test profile");
            var identity = CodeCommitWorld.Publisher;
            File.AppendAllText(file, $"\n[{ProfileName}]\naws_access_key_id = {identity.AccessKeyId}\naws_secret_access_key = {identity.SecretAccessKey}\n", Encoding.UTF8);
            _added = true;
        }
    }
}
