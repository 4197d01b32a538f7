using System.CommandLine;
using System.Globalization;
using GovCfct.Aws.CodeCommit;
using GovCfct.Aws.Http;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Publishing;

namespace GovCfct.Cli.Commands;

/// <summary>
/// The CodeCommit half of <c>govcfct publish</c>: <c>--codecommit REPO [--branch] [--pull-request] [--approvals N]
/// [--approver ARN...] [--package DIR] [--description-file PLAN.md]</c> and <c>--merge PR</c>. Parses, calls
/// <see cref="CodeCommitPublisher"/>, prints; the publish command hands over when <c>--codecommit</c> is given.
/// </summary>
internal sealed class CodeCommitPublishing
{
    public Option<string?> Repository { get; } = new("--codecommit") { Description = "Publish to this CodeCommit repository (CfCT's configuration source)." };

    public Option<string> Branch { get; } = new("--branch") { Description = "The branch CfCT's pipeline watches.", DefaultValueFactory = _ => "main" };

    public Option<bool> PullRequest { get; } = new("--pull-request")
    {
        Description = "Commit to a feature branch (govcfct/...) and open a pull request: the build role's only way. Without it the package is committed straight to --branch, which only the release role may do.",
    };

    public Option<int> Approvals { get; } = new("--approvals") { Description = "Approvals the pull request needs (with --pull-request).", DefaultValueFactory = _ => 0 };

    public Option<string[]> Approvers { get; } = new("--approver") { Description = "IAM role / Identity Center role / user ARN allowed to approve (repeat).", AllowMultipleArgumentsPerToken = false };

    public Option<FileInfo?> DescriptionFile { get; } = new("--description-file") { Description = "Markdown for the pull request description (the plan); default: a summary of the file changes." };

    public Option<FileInfo?> PlanOrg { get; } = new("--plan-org")
    {
        Description = "With --pull-request: the description is the plan of the published files against the target branch for this organization snapshot, rendered as --merge --verify-plan renders it again.",
    };

    public Option<FileInfo?> VerifyPlan { get; } = new("--verify-plan")
    {
        Description = "With --merge: an organization snapshot; the plan is rendered again from the approved source commit, and a pull request whose description differs is not merged.",
    };

    public Option<string?> Merge { get; } = new("--merge") { Description = "Merge this pull request (a number) once it carries the organization's approval-rule template rule and its approval rules are satisfied." };

    public Option<string?> ExpectSourceCommit { get; } = new("--expect-source-commit")
    {
        Description = "With --merge: the full 40-character source commit the approver saw; the merge refuses a pull request at any other commit.",
    };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Repository, Branch, PullRequest, Approvals, Approvers, DescriptionFile, PlanOrg, Merge, ExpectSourceCommit, VerifyPlan })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>True when the command line asks for CodeCommit (then <see cref="RunAsync"/> owns the run).</summary>
    public bool Applies(ParseResult parse) => parse.GetValue(Repository) is not null || parse.GetValue(Merge) is not null;

    public async Task<int> RunAsync(ParseResult parse, CliConsole console, AwsClientOptions aws, Func<PublishContent> preflight, string packageDisplay, bool s3Too, CancellationToken cancellationToken)
    {
        if (s3Too)
        {
            throw Usage("--codecommit and --s3-bucket do not go together: CfCT reads one source");
        }

        var repository = parse.GetValue(Repository)
            ?? throw Usage("--merge needs --codecommit REPO: the repository of the pull request");
        using var client = new CodeCommitClient(aws);
        var publisher = new CodeCommitPublisher(client);

        if (parse.GetValue(Merge) is { } pullRequest)
        {
            if (parse.GetValue(PullRequest))
            {
                throw Usage("--merge and --pull-request do not go together: publish first, merge after approval");
            }

            var verify = parse.GetValue(VerifyPlan) is { } verifyOrg ? ReadSnapshot(verifyOrg, "--verify-plan") : null;
            var merged = await publisher.MergeAsync(
                repository,
                pullRequest,
                cancellationToken,
                parse.GetValue(ExpectSourceCommit),
                verify is null ? null : (source, destination) => ReviewedPlan.Render(source, destination, verify, new DiagnosticBag())).ConfigureAwait(false);
            console.Out.WriteLine(merged.AlreadyMerged
                ? $"pull request {merged.PullRequestId} was already merged ({Short(merged.MergedCommitId)})"
                : $"merged pull request {merged.PullRequestId} into {repository} by fast-forward ({Short(merged.MergedCommitId)}){(merged.Overridden ? ", its approval rules overridden in CodeCommit" : string.Empty)}; CfCT's pipeline starts from this commit");
            return ExitCodes.Ok;
        }

        if (parse.GetValue(ExpectSourceCommit) is not null || parse.GetValue(VerifyPlan) is not null)
        {
            throw Usage("--expect-source-commit and --verify-plan go with --merge");
        }

        var diagnostics = console.NewBag();
        var pool = (parse.GetValue(Approvers) ?? []).Select(a => ApprovalRules.ToPoolMember(a, diagnostics)).OfType<string>().ToList();
        var approvals = parse.GetValue(Approvals);
        var pullRequestMode = parse.GetValue(PullRequest);
        if (!pullRequestMode && (approvals > 0 || pool.Count > 0))
        {
            diagnostics.Report(DiagnosticCodes.PublishInvalidOptions, "--approvals and --approver need --pull-request: a direct commit has no approval", hint: "add --pull-request, or use `govcfct gate setup` for a repository-wide rule");
        }

        if (approvals < 0 || (pool.Count > 0 && approvals == 0))
        {
            diagnostics.Report(DiagnosticCodes.PublishInvalidOptions, "--approvals must be at least 1 when approvers are named", hint: "e.g. --approvals 2");
        }
        else if (pullRequestMode && approvals > 0 && !diagnostics.HasErrors)
        {
            ApprovalRules.Checked(approvals, pool, null, diagnostics);
        }

        if (diagnostics.HasErrors)
        {
            throw new UserException(diagnostics.Items, ExitCodes.Usage);
        }

        string? description = null;
        if (parse.GetValue(DescriptionFile) is { } file)
        {
            if (!file.Exists)
            {
                throw Usage($"--description-file '{file.FullName}' does not exist");
            }

            description = await File.ReadAllTextAsync(file.FullName, cancellationToken).ConfigureAwait(false);
        }

        var content = preflight();
        if (parse.GetValue(PlanOrg) is { } planOrg)
        {
            if (description is not null || !pullRequestMode)
            {
                throw Usage("--plan-org goes with --pull-request and replaces --description-file: the description is the plan GovCfct renders");
            }

            // The plan of exactly what is published against what the target branch holds, as the merge renders it again.
            var snapshot = ReadSnapshot(planOrg, "--plan-org");
            var head = await client.GetBranchAsync(repository, parse.GetValue(Branch)!, cancellationToken).ConfigureAwait(false);
            var destination = head?.CommitId is { } headCommit ? await publisher.ReadPublishedFilesAsync(repository, headCommit, cancellationToken).ConfigureAwait(false) : null;
            var planDiagnostics = new DiagnosticBag();
            description = ReviewedPlan.Render(content.Files, destination, snapshot, planDiagnostics)
                ?? throw new UserException(planDiagnostics.Items, ExitCodes.ValidationFailed);
        }

        var options = new CodeCommitPublishOptions(repository, parse.GetValue(Branch)!, pullRequestMode, approvals, pool, description) { PackageDisplayPath = packageDisplay };
        var result = await publisher.PublishAsync(content.Files, options, cancellationToken).ConfigureAwait(false);
        console.WriteDiagnostics(result.Diagnostics.Where(d => d.Severity != Severity.Info));
        var counts = string.Create(CultureInfo.InvariantCulture, $"{result.Plan.Count(FileChangeKind.Add)} added, {result.Plan.Count(FileChangeKind.Update)} updated, {result.Plan.Count(FileChangeKind.Delete)} deleted, {result.Plan.Unchanged} unchanged");
        console.Out.WriteLine(result.Outcome switch
        {
            PublishOutcome.NothingToChange => $"nothing to publish: {options.Branch} of {repository} already holds this package ({result.Plan.Unchanged} files)",
            PublishOutcome.Committed => $"committed {Short(result.CommitId)} directly to {repository}/{options.Branch} (release role): {counts}",
            PublishOutcome.PullRequestExists => $"pull request {result.PullRequestId} already proposes this package ({result.SourceBranch} -> {options.Branch}); nothing new created; source commit {result.CommitId}",
            _ => $"pull request {result.PullRequestId}: {result.SourceBranch} -> {options.Branch}: {counts}"
                + (approvals > 0 ? string.Create(CultureInfo.InvariantCulture, $"; needs {approvals} approval(s) from {string.Join(", ", pool.DefaultIfEmpty("any approver"))}") : string.Empty)
                + $"; needs the organization's rule {CodeCommitPublisher.GateTemplateName(repository)}; source commit {result.CommitId}",
        });
        return ExitCodes.Ok;
    }

    private static Core.Organization.OrgSnapshot ReadSnapshot(FileInfo file, string option)
    {
        if (!file.Exists)
        {
            throw Usage($"{option} '{file}' does not exist");
        }

        var read = Core.Organization.OrgSnapshotSerializer.ReadFile(file.FullName, file.ToString());
        return read.Success && read.Snapshot is { } snapshot ? snapshot : throw new UserException(read.Diagnostics, ExitCodes.ValidationFailed);
    }

    private static UserException Usage(string message) =>
        new(new Diagnostic(DiagnosticCodes.PublishInvalidOptions, message, hint: "see `govcfct publish --help`"), ExitCodes.Usage);

    private static string Short(string? commit) => commit is null ? "none" : commit[..Math.Min(8, commit.Length)];
}
