using System.Globalization;
using System.Text.Json;
using GovCfct.Aws.Http;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Publishing;

namespace GovCfct.Aws.CodeCommit;

/// <summary>What <c>govcfct publish --codecommit</c> was asked to do.</summary>
/// <param name="Repository">The CfCT configuration repository.</param>
/// <param name="Branch">The branch CfCT's pipeline watches.</param>
/// <param name="PullRequest">Commit to a feature branch and open a pull request instead of committing to <paramref name="Branch"/>.</param>
/// <param name="Approvals">Approvals the pull request's rule requires (0: no rule).</param>
/// <param name="ApproverPool">Approval pool members (already converted by <see cref="ApprovalRules.ToPoolMember"/>).</param>
/// <param name="Description">The plan Markdown for the pull request; null: a summary of the changes.</param>
public sealed record CodeCommitPublishOptions(
    string Repository,
    string Branch = "main",
    bool PullRequest = false,
    int Approvals = 0,
    IReadOnlyList<string>? ApproverPool = null,
    string? Description = null,
    string AuthorName = "GovCfct",
    string Email = "govcfct@invalid.example")
{
    /// <summary>How diagnostics name the package folder.</summary>
    public string PackageDisplayPath { get; init; } = "out";
}

/// <summary>How a publish ended.</summary>
public enum PublishOutcome
{
    NothingToChange,
    Committed,
    PullRequestCreated,
    PullRequestExists,
}

/// <summary>The result of a publish: what was planned and what now exists.</summary>
public sealed record CodeCommitPublishResult(
    PublishOutcome Outcome,
    PublishPlan Plan,
    string? CommitId,
    string? SourceBranch,
    string? PullRequestId,
    IReadOnlyList<Diagnostic> Diagnostics);

/// <summary>The result of a merge.</summary>
public sealed record CodeCommitMergeResult(string PullRequestId, string? MergedCommitId, bool AlreadyMerged, bool Overridden = false);

/// <summary>The result of <c>govcfct gate setup</c>.</summary>
public sealed record GateSetupResult(string TemplateName, bool Created, IReadOnlyList<Diagnostic> Diagnostics);

/// <summary>
/// Delivers a built CfCT package to CodeCommit: plans the file differences against the branch head, then commits
/// them pinned to that head (never overwriting a concurrent change), directly or on a content-named feature branch
/// with a pull request and an approval rule; merges a pull request only when it is approved and its target has not
/// moved. AWS failures become <see cref="UserException"/>s with exit code 3.
/// </summary>
public sealed partial class CodeCommitPublisher(ICodeCommitApi codeCommit, Func<string>? newToken = null)
{
    private readonly Func<string> _newToken = newToken ?? (() => Guid.NewGuid().ToString("N"));

    /// <summary>CodeCommit's per-commit limits: 100 file entries, 6 MB of content.</summary>
    public const int MaxFilesPerCommit = 100;

    public const long MaxBytesPerCommit = 6L * 1024 * 1024;

    // Commits walked back from a pull request's source to find the target's head (parts of one publish plus slack).
    private const int MaxAncestorWalk = 1000;

    private readonly PublishPlanner _planner = new();

    /// <summary>
    /// The name of the organization's approval-rule template for <paramref name="repository"/> (<c>gate setup</c>
    /// creates it). Its rule is the gate: CodeCommit itself puts it on every new pull request into the branches it
    /// names, and neither the build role nor the pull request's author can change or remove it (docs/iam).
    /// </summary>
    public static string GateTemplateName(string repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var name = $"{ApprovalRules.RuleName}-{repository}";
        return name.Length > 100 ? name[..100] : name;
    }

    public async Task<CodeCommitPublishResult> PublishAsync(IReadOnlyDictionary<string, byte[]> package, CodeCommitPublishOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(options);
        var diagnostics = new List<Diagnostic>();

        // Everything that can be known before writing is checked before writing: the files against CodeCommit's
        // per-file limit, the approval rule against CodeCommit's quotas and against an empty pool.
        var content = PublishedContent.Select(package);
        var preflight = new DiagnosticBag();
        PublishedContent.CheckCodeCommitLimits(content, options.PackageDisplayPath, preflight);
        var ruleContent = options.PullRequest && options.Approvals > 0
            ? ApprovalRules.Checked(options.Approvals, options.ApproverPool ?? [], null, preflight)
            : null;
        if (preflight.HasErrors)
        {
            throw new UserException(preflight.Items, ExitCodes.ValidationFailed);
        }

        var repository = await Aws("GetRepository", () => codeCommit.GetRepositoryAsync(options.Repository, cancellationToken)).ConfigureAwait(false);
        var head = await Aws("GetBranch", () => codeCommit.GetBranchAsync(options.Repository, options.Branch, cancellationToken)).ConfigureAwait(false);
        if (head?.CommitId is null && repository.DefaultBranch is not null)
        {
            throw Fail(DiagnosticCodes.PublishRepositoryNotFound, $"branch '{options.Branch}' does not exist in CodeCommit repository '{options.Repository}'", "name the branch CfCT's pipeline watches with --branch");
        }

        var remote = head?.CommitId is null ? [] : await ListFilesAsync(options.Repository, head.CommitId, cancellationToken).ConfigureAwait(false);
        var plan = _planner.Plan(content.Files, remote);
        if (plan.IsEmpty)
        {
            diagnostics.Add(new Diagnostic(DiagnosticCodes.PublishNothingToChange, $"'{options.Branch}' of '{options.Repository}' already holds this package ({plan.Unchanged} files): nothing to publish"));
            return new CodeCommitPublishResult(PublishOutcome.NothingToChange, plan, head?.CommitId, null, null, diagnostics);
        }

        if (!options.PullRequest)
        {
            var commit = await CommitDirectAsync(options, plan, head?.CommitId, cancellationToken).ConfigureAwait(false);
            return new CodeCommitPublishResult(PublishOutcome.Committed, plan, commit, options.Branch, null, diagnostics);
        }

        if (head?.CommitId is null)
        {
            throw Fail(DiagnosticCodes.PublishInvalidOptions, $"repository '{options.Repository}' is empty: a pull request needs an existing target branch", "the release role publishes the first package without --pull-request, then the build uses pull requests");
        }

        // The gate is the organization's template, not what the build asks for: without it nothing is proposed.
        var gate = await RequireGateAsync(options.Repository, cancellationToken).ConfigureAwait(false);
        return await PublishPullRequestAsync(options, plan, head.CommitId, ruleContent, gate, diagnostics, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Merges a pull request by fast-forward when it carries the organization's template rule unchanged, its approval
    /// rules are satisfied, its target has not moved and (when given) its source is the commit the approver saw.
    /// </summary>
    /// <param name="reviewedPlan">
    /// When given, renders the plan from the source commit's and the destination head's published files (null when it
    /// cannot); the pull request's description must be exactly that text, or nothing is merged (GCF4310).
    /// </param>
    public async Task<CodeCommitMergeResult> MergeAsync(string repository, string pullRequestId, CancellationToken cancellationToken, string? expectedSourceCommit = null, Func<IReadOnlyDictionary<string, byte[]>, IReadOnlyDictionary<string, byte[]>, string?>? reviewedPlan = null)
    {
        ArgumentNullException.ThrowIfNull(pullRequestId);
        if (!PullRequestIdPattern().IsMatch(pullRequestId))
        {
            throw Fail(DiagnosticCodes.PublishMergeSourceMismatch, $"--merge '{Printable(pullRequestId)}' is not a pull request number", "pass the number CodeCommit gave the pull request, e.g. --merge 42");
        }

        if (expectedSourceCommit is not null && !CommitIdPattern().IsMatch(expectedSourceCommit))
        {
            throw Fail(DiagnosticCodes.PublishMergeSourceMismatch, $"--expect-source-commit '{Printable(expectedSourceCommit)}' is not a full 40-character commit id", "pass the whole source commit id shown with the pull request you approved");
        }

        var pr = await Aws("GetPullRequest", () => codeCommit.GetPullRequestAsync(pullRequestId, cancellationToken), notFound: ("PullRequestDoesNotExistException", DiagnosticCodes.PublishPullRequestNotFound)).ConfigureAwait(false);
        var target = pr.PullRequestTargets.FirstOrNull();
        if (target is null || target.RepositoryName != repository)
        {
            throw Fail(DiagnosticCodes.PublishPullRequestNotFound, $"pull request {pullRequestId} does not target repository '{repository}'", "check --codecommit and the pull request number");
        }

        if (target.MergeMetadata?.IsMerged == true)
        {
            return new CodeCommitMergeResult(pullRequestId, target.MergeMetadata.MergeCommitId, AlreadyMerged: true);
        }

        if (pr.PullRequestStatus != "OPEN")
        {
            throw Fail(DiagnosticCodes.PublishPullRequestNotFound, $"pull request {pullRequestId} is closed without being merged", "publish again to open a new pull request");
        }

        var destination = ShortRef(target.DestinationReference);
        var source = target.SourceCommit ?? throw Fail(DiagnosticCodes.PublishPullRequestNotFound, $"pull request {pullRequestId} has no source commit", "check the pull request in CodeCommit");
        if (expectedSourceCommit is not null && !string.Equals(source, expectedSourceCommit, StringComparison.OrdinalIgnoreCase))
        {
            throw Fail(
                DiagnosticCodes.PublishMergeSourceMismatch,
                $"pull request {pullRequestId} is at source commit {source}, not {expectedSourceCommit} that the approval named: not merged, nothing written",
                "the pull request changed after it was reviewed; review and approve its current commit");
        }

        // The organization's rule must be on the pull request, unchanged: rules the build added prove nothing.
        var gate = await RequireGateAsync(repository, cancellationToken).ConfigureAwait(false);
        RequireGateRule(pr, gate);
        var destinationHead = await Aws("GetBranch", () => codeCommit.GetBranchAsync(repository, destination, cancellationToken)).ConfigureAwait(false);

        // mergeBase is optional in GetPullRequest's output: whether the target moved is decided from the source's own
        // history instead — a fast-forward is only possible when the target's head is one of the source's ancestors.
        if (destinationHead?.CommitId is null || !await IsAncestorAsync(repository, destinationHead.CommitId, source, cancellationToken).ConfigureAwait(false))
        {
            throw Fail(
                DiagnosticCodes.PublishMergeTargetMoved,
                $"'{destination}' moved since pull request {pullRequestId} was created (now {Short(destinationHead?.CommitId)}, which the pull request's commits do not build on): not merged, nothing written",
                "run the build and `govcfct publish --pull-request` again so reviewers approve the change against the current branch");
        }

        var revision = pr.RevisionId ?? string.Empty;
        var evaluation = await Aws("EvaluatePullRequestApprovalRules", () => codeCommit.EvaluatePullRequestApprovalRulesAsync(pullRequestId, revision, cancellationToken)).ConfigureAwait(false);

        // An override (OverridePullRequestApprovalRules, a person's decision recorded in CodeCommit) satisfies the rules
        // as CodeCommit's own merge check does; it is reported, never made by GovCfct.
        var overridden = evaluation.Overridden == true;
        if (evaluation.Approved != true && !overridden)
        {
            var approvals = await Aws("GetPullRequestApprovalStates", () => codeCommit.GetPullRequestApprovalStatesAsync(pullRequestId, revision, cancellationToken)).ConfigureAwait(false);
            throw Fail(DiagnosticCodes.PublishMergeNotApproved, $"pull request {pullRequestId} is not approved: {Missing(pr, evaluation, approvals)}", "ask the approvers named above to approve it in CodeCommit, then run the merge again");
        }

        if (!overridden)
        {
            // CodeCommit counts approvals by ARN, and an IAM role's session name is whatever its caller chose: one person
            // holding the role approves as many times as they start sessions. Count people instead.
            var states = await Aws("GetPullRequestApprovalStates", () => codeCommit.GetPullRequestApprovalStatesAsync(pullRequestId, revision, cancellationToken)).ConfigureAwait(false);
            var (needed, _) = ParseRule(gate.ApprovalRuleTemplateContent);
            var people = states.Where(a => a.ApprovalState == "APPROVE" && a.UserArn is not null).Select(a => Approver(a.UserArn!)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (people.Count < needed)
            {
                throw Fail(
                    DiagnosticCodes.PublishApproversCountedByRole,
                    string.Create(CultureInfo.InvariantCulture, $"pull request {pullRequestId} has {people.Count} distinct approver(s) ({string.Join(", ", people)}) where the organization's rule needs {needed}: sessions of one IAM role count once; not merged"),
                    "have other people approve (Identity Center users, or different IAM roles), then run the merge again");
            }
        }

        if (reviewedPlan is not null)
        {
            // The reviewers read the description, which the build wrote: render the plan again from the approved commit
            // itself and merge only when it is what they read.
            var sourceFiles = await ReadPublishedFilesAsync(repository, source, cancellationToken).ConfigureAwait(false);
            var destinationFiles = await ReadPublishedFilesAsync(repository, destinationHead.CommitId, cancellationToken).ConfigureAwait(false);
            var expected = reviewedPlan(sourceFiles, destinationFiles)
                ?? throw Fail(DiagnosticCodes.PublishPlanMismatch, $"the plan of pull request {pullRequestId}'s source commit {Short(source)} cannot be rendered (its package does not read): not merged, nothing written", "publish a package `govcfct validate` accepts");
            if (ReviewedPlan.Compare(expected, pr.Description) is { } difference)
            {
                throw Fail(
                    DiagnosticCodes.PublishPlanMismatch,
                    string.Create(CultureInfo.InvariantCulture, $"pull request {pullRequestId}'s description is not the plan of its source commit {Short(source)}: line {difference.Line} reads \"{Printable(difference.Actual)}\" where the plan has \"{Printable(difference.Expected)}\": not merged, nothing written"),
                    "the reviewers approved text the build wrote (or the organization changed since): build and publish again with --plan-org, and approve the new pull request");
            }
        }

        try
        {
            var merged = await codeCommit.MergePullRequestByFastForwardAsync(pullRequestId, repository, source, cancellationToken).ConfigureAwait(false);
            return new CodeCommitMergeResult(pullRequestId, merged.PullRequestTargets.FirstOrNull()?.MergeMetadata?.MergeCommitId ?? source, AlreadyMerged: false, overridden);
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == "PullRequestAlreadyClosedException")
        {
            // A retried merge whose first attempt landed: closed and merged at exactly our source commit is our merge.
            var now = await Aws("GetPullRequest", () => codeCommit.GetPullRequestAsync(pullRequestId, cancellationToken)).ConfigureAwait(false);
            var meta = now.PullRequestTargets.FirstOrNull()?.MergeMetadata;
            if (meta?.IsMerged == true && (meta.MergeCommitId ?? now.PullRequestTargets![0].SourceCommit) == source)
            {
                return new CodeCommitMergeResult(pullRequestId, source, AlreadyMerged: false, overridden);
            }

            throw Fail(DiagnosticCodes.PublishPullRequestNotFound, $"pull request {pullRequestId} was closed without being merged while merging", "publish again to open a new pull request");
        }
        catch (AwsServiceException ex) when (ex.ErrorCode is "ManualMergeRequiredException" or "TipOfSourceReferenceIsDifferentException")
        {
            throw Fail(DiagnosticCodes.PublishMergeTargetMoved, $"CodeCommit MergePullRequestByFastForward: {ex.Message}", "run the build and `govcfct publish --pull-request` again");
        }
        catch (AwsServiceException ex)
        {
            throw AwsFailure("MergePullRequestByFastForward", ex);
        }
    }

    private async Task<ApprovalRuleTemplate> RequireGateAsync(string repository, CancellationToken cancellationToken)
    {
        var name = GateTemplateName(repository);
        var template = await Aws("GetApprovalRuleTemplate", () => codeCommit.GetApprovalRuleTemplateAsync(name, cancellationToken)).ConfigureAwait(false);
        return template?.ApprovalRuleTemplateContent is null
            ? throw Fail(
                DiagnosticCodes.PublishGateMissing,
                $"the organization's approval-rule template '{name}' does not exist: a pull request into '{repository}' would be gated only by what the build asked for; nothing was proposed or merged",
                $"a releaser runs `govcfct gate setup --codecommit {repository} --approvals N --approver ARN` once (docs/pipeline.md)")
            : template;
    }

    private static void RequireGateRule(PullRequest pr, ApprovalRuleTemplate gate)
    {
        var rule = pr.ApprovalRules?.FirstOrDefault(r =>
            r.OriginApprovalRuleTemplate is { } origin
            && origin.ApprovalRuleTemplateName == gate.ApprovalRuleTemplateName
            && (gate.ApprovalRuleTemplateId is null || origin.ApprovalRuleTemplateId == gate.ApprovalRuleTemplateId));
        if (rule is null || !SameJson(rule.ApprovalRuleContent, gate.ApprovalRuleTemplateContent!))
        {
            var what = rule is null ? "does not carry the rule CodeCommit creates from" : "carries a changed copy of";
            throw Fail(
                DiagnosticCodes.PublishMergeWithoutGate,
                $"pull request {pr.PullRequestId} {what} the organization's approval-rule template '{gate.ApprovalRuleTemplateName}': it cannot be merged (rules the build added do not count)",
                "associate the template with the repository and its branch (`govcfct gate setup`), publish again so CodeCommit puts the rule on a new pull request, and close this one");
        }
    }

    private static string Printable(string value)
    {
        var text = new string([.. value.Take(64).Select(c => char.IsControl(c) ? '?' : c)]);
        return value.Length > 64 ? text + "..." : text;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\A[1-9][0-9]{0,18}\z", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex PullRequestIdPattern();

    [System.Text.RegularExpressions.GeneratedRegex(@"\A[0-9a-f]{40}\z", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex CommitIdPattern();

    private async Task<bool> IsAncestorAsync(string repository, string ancestor, string commit, CancellationToken cancellationToken)
    {
        // Feature branches are the target's head plus GovCfct's parts (at most a few dozen commits): a bounded walk.
        var current = commit;
        for (var step = 0; step < MaxAncestorWalk && current is not null; step++)
        {
            if (current == ancestor)
            {
                return true;
            }

            var id = current;
            var info = await Aws("GetCommit", () => codeCommit.GetCommitAsync(repository, id, cancellationToken)).ConfigureAwait(false);
            current = info.Parents is [var first, ..] ? first : null;
        }

        return false;
    }

    /// <summary>Creates the repository-wide approval-rule template once and associates it; re-running changes nothing.</summary>
    public async Task<GateSetupResult> SetupGateAsync(string repository, string branch, int approvals, IReadOnlyList<string> pool, CancellationToken cancellationToken)
    {
        var diagnostics = new List<Diagnostic>();
        var name = GateTemplateName(repository);

        var checkedContent = new DiagnosticBag();
        var content = ApprovalRules.Checked(approvals, pool, branch, checkedContent)
            ?? throw new UserException(checkedContent.Items, ExitCodes.Usage);
        await Aws("GetRepository", () => codeCommit.GetRepositoryAsync(repository, cancellationToken)).ConfigureAwait(false);
        var existing = await Aws("GetApprovalRuleTemplate", () => codeCommit.GetApprovalRuleTemplateAsync(name, cancellationToken)).ConfigureAwait(false);
        var created = false;
        if (existing is null)
        {
            try
            {
                await codeCommit.CreateApprovalRuleTemplateAsync(name, content, $"GovCfct: changes to {branch} of {repository} need {approvals} approval(s)", cancellationToken).ConfigureAwait(false);
                created = true;
            }
            catch (AwsServiceException ex) when (ex.ErrorCode == "ApprovalRuleTemplateNameAlreadyExistsException")
            {
                // A retried create whose first attempt landed, or a concurrent setup: ours when the content is ours.
                existing = await Aws("GetApprovalRuleTemplate", () => codeCommit.GetApprovalRuleTemplateAsync(name, cancellationToken)).ConfigureAwait(false);
                created = existing is not null && SameJson(existing.ApprovalRuleTemplateContent, content);
            }
            catch (AwsServiceException ex)
            {
                throw AwsFailure("CreateApprovalRuleTemplate", ex);
            }
        }

        if (existing is not null && !created && !SameJson(existing.ApprovalRuleTemplateContent, content))
        {
            diagnostics.Add(new Diagnostic(DiagnosticCodes.GateTemplateDiffers, $"approval-rule template '{name}' exists with other content; it was left unchanged", hint: "change or delete the template in CodeCommit if the approvers changed"));
        }

        await Aws("AssociateApprovalRuleTemplateWithRepository", () => codeCommit.AssociateApprovalRuleTemplateWithRepositoryAsync(name, repository, cancellationToken)).ConfigureAwait(false);
        return new GateSetupResult(name, created, diagnostics);
    }

    private async Task<string> CommitDirectAsync(CodeCommitPublishOptions options, PublishPlan plan, string? parent, CancellationToken cancellationToken)
    {
        var bytes = plan.Changes.Sum(c => (long)(c.Content?.Length ?? 0));
        if (plan.Changes.Length > MaxFilesPerCommit || bytes > MaxBytesPerCommit)
        {
            throw Fail(
                DiagnosticCodes.PublishTooManyChanges,
                string.Create(CultureInfo.InvariantCulture, $"{plan.Changes.Length} changed files ({bytes} bytes) exceed one CodeCommit commit ({MaxFilesPerCommit} files, 6 MB): a direct publish must be one atomic commit"),
                "use --pull-request: the changes are committed in parts on a feature branch and reach the target in one merge");
        }

        return await CommitAsync(options, options.Branch, parent, plan.Changes, plan, cancellationToken).ConfigureAwait(false);
    }

    private async Task<CodeCommitPublishResult> PublishPullRequestAsync(CodeCommitPublishOptions options, PublishPlan plan, string targetHead, string? ruleContent, ApprovalRuleTemplate gate, List<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        // Named by content and base: the same package on the same target head lands on the same branch, so a re-run
        // finds its own work. A reviewer who closed a pull request on that branch said no to it: a new branch
        // (-2, -3 ...) carries the next attempt instead of resurrecting the closed one.
        var baseName = $"{plan.FeatureBranch}-{targetHead[..8]}";
        var open = await PullRequestsFromAsync(options, "OPEN", baseName, cancellationToken).ConfigureAwait(false);
        if (open.FirstOrDefault() is { } existing)
        {
            await EnsureRuleAsync(existing, ruleContent, cancellationToken).ConfigureAwait(false);
            RequireGateRule(existing, gate);
            diagnostics.Add(new Diagnostic(DiagnosticCodes.PublishNothingToChange, $"pull request {existing.PullRequestId} already proposes this package: nothing new created"));
            return new CodeCommitPublishResult(PublishOutcome.PullRequestExists, plan, existing.PullRequestTargets.FirstOrNull()?.SourceCommit, ShortRef(existing.PullRequestTargets.FirstOrNull()?.SourceReference), existing.PullRequestId, diagnostics);
        }

        var feature = baseName;
        var featureHead = await Aws("GetBranch", () => codeCommit.GetBranchAsync(options.Repository, feature, cancellationToken)).ConfigureAwait(false);
        if (featureHead?.CommitId is not null)
        {
            // Closed pull requests are only looked up when the branch exists (merged ones are closed too, and many).
            var closed = await PullRequestsFromAsync(options, "CLOSED", baseName, cancellationToken).ConfigureAwait(false);
            var used = closed.Select(pr => ShortRef(pr.PullRequestTargets.FirstOrNull()?.SourceReference)).ToHashSet(StringComparer.Ordinal);
            if (used.Contains(feature))
            {
                for (var attempt = 2; used.Contains(feature); attempt++)
                {
                    feature = string.Create(CultureInfo.InvariantCulture, $"{baseName}-{attempt}");
                }

                var next = feature;
                featureHead = await Aws("GetBranch", () => codeCommit.GetBranchAsync(options.Repository, next, cancellationToken)).ConfigureAwait(false);
            }
        }

        if (featureHead?.CommitId is null)
        {
            featureHead = await CreateBranchAsync(options.Repository, feature, targetHead, cancellationToken).ConfigureAwait(false);
        }

        // A branch left by an interrupted run is resumed: only what it still lacks is committed.
        var parent = featureHead.CommitId!;
        var pending = parent == targetHead
            ? [.. plan.Changes]
            : Resume(plan, await ListFilesAsync(options.Repository, parent, cancellationToken).ConfigureAwait(false));
        foreach (var part in Parts(pending))
        {
            parent = await CommitAsync(options, feature, parent, part, plan, cancellationToken).ConfigureAwait(false);
        }

        var (description, truncated) = PullRequestDescription.Fit(options.Description ?? PullRequestDescription.Summary(plan));
        if (truncated)
        {
            diagnostics.Add(new Diagnostic(DiagnosticCodes.PublishDescriptionTruncated, "the plan is longer than a pull request description may be: it was shortened", hint: "reviewers find the whole plan in the build's plan artifact"));
        }

        var title = $"GovCfct: {plan.Count(FileChangeKind.Add)} added, {plan.Count(FileChangeKind.Update)} updated, {plan.Count(FileChangeKind.Delete)} deleted ({plan.ContentHash[..12]})";

        // One token per run: the client's retries of this one request resend it (CodeCommit then answers with the pull
        // request the first attempt created), while a later run — after the reviewer closed this one — is a new request.
        var token = _newToken();
        var pr = await Aws("CreatePullRequest", () => codeCommit.CreatePullRequestAsync(title, description, options.Repository, feature, options.Branch, token, cancellationToken)).ConfigureAwait(false);
        await EnsureRuleAsync(pr, ruleContent, cancellationToken).ConfigureAwait(false);
        RequireGateRule(pr, gate);
        return new CodeCommitPublishResult(PublishOutcome.PullRequestCreated, plan, parent, feature, pr.PullRequestId, diagnostics);
    }

    private async Task<List<PullRequest>> PullRequestsFromAsync(CodeCommitPublishOptions options, string status, string featurePrefix, CancellationToken cancellationToken)
    {
        var found = new List<PullRequest>();
        foreach (var id in await Aws("ListPullRequests", () => codeCommit.ListPullRequestsAsync(options.Repository, status, cancellationToken)).ConfigureAwait(false))
        {
            var pr = await Aws("GetPullRequest", () => codeCommit.GetPullRequestAsync(id, cancellationToken)).ConfigureAwait(false);
            var target = pr.PullRequestTargets.FirstOrNull();
            var source = ShortRef(target?.SourceReference);
            if (ShortRef(target?.DestinationReference) == options.Branch
                && (source == featurePrefix || source.StartsWith(featurePrefix + "-", StringComparison.Ordinal))
                && (status == "OPEN" || target?.MergeMetadata?.IsMerged != true))
            {
                found.Add(pr);
            }
        }

        return found;
    }

    private async Task<BranchInfo> CreateBranchAsync(string repository, string branch, string commitId, CancellationToken cancellationToken)
    {
        try
        {
            await codeCommit.CreateBranchAsync(repository, branch, commitId, cancellationToken).ConfigureAwait(false);
            return new BranchInfo(branch, commitId);
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == "BranchNameExistsException")
        {
            // A retried CreateBranch whose first attempt landed, or a concurrent run of the same publish: the branch's
            // name carries the content hash and base, so whatever it holds is resumed from (see Resume).
            var now = await Aws("GetBranch", () => codeCommit.GetBranchAsync(repository, branch, cancellationToken)).ConfigureAwait(false);
            return now?.CommitId is null ? throw AwsFailure("CreateBranch", ex) : now;
        }
        catch (AwsServiceException ex)
        {
            throw AwsFailure("CreateBranch", ex);
        }
    }

    private static List<PublishFileChange> Resume(PublishPlan plan, IReadOnlyCollection<RemoteFile> featureFiles)
    {
        var present = featureFiles.ToDictionary(f => f.Path, f => f.BlobId, StringComparer.Ordinal);
        return [.. plan.Changes.Where(c => c.Content is null
            ? present.ContainsKey(c.Path)
            : present.GetValueOrDefault(c.Path) != GitBlob.Id(c.Content))];
    }

    private async Task EnsureRuleAsync(PullRequest pr, string? ruleContent, CancellationToken cancellationToken)
    {
        if (ruleContent is null || HasOwnRule(pr, ruleContent))
        {
            return;
        }

        try
        {
            await codeCommit.CreatePullRequestApprovalRuleAsync(pr.PullRequestId, ApprovalRules.RuleName, ruleContent, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == "ApprovalRuleNameAlreadyExistsException")
        {
            // A retried call whose first attempt landed: the rule is there, and it is ours only with our content.
            var now = await Aws("GetPullRequest", () => codeCommit.GetPullRequestAsync(pr.PullRequestId, cancellationToken)).ConfigureAwait(false);
            if (!HasOwnRule(now, ruleContent))
            {
                throw Fail(DiagnosticCodes.PublishAwsError, $"pull request {pr.PullRequestId} has an approval rule named '{ApprovalRules.RuleName}' with other content than this publish asked for", "check the pull request's approval rules in CodeCommit; the release role may delete the stale rule");
            }
        }
        catch (AwsServiceException ex)
        {
            throw AwsFailure("CreatePullRequestApprovalRule", ex);
        }
    }

    private static bool HasOwnRule(PullRequest pr, string ruleContent) =>
        pr.ApprovalRules?.Any(r => r.ApprovalRuleName == ApprovalRules.RuleName && SameJson(r.ApprovalRuleContent, ruleContent)) == true;

    private async Task<string> CommitAsync(CodeCommitPublishOptions options, string branch, string? parent, IReadOnlyList<PublishFileChange> changes, PublishPlan plan, CancellationToken cancellationToken)
    {
        var request = new CreateCommitRequest(
            options.Repository,
            branch,
            parent,
            options.AuthorName,
            options.Email,
            $"GovCfct publish {plan.ContentHash[..12]}: {changes.Count(c => c.Kind == FileChangeKind.Add)} added, {changes.Count(c => c.Kind == FileChangeKind.Update)} updated, {changes.Count(c => c.Kind == FileChangeKind.Delete)} deleted",
            [.. changes.Where(c => c.Content is not null).Select(c => new PutFileEntry(c.Path, c.Content!))],
            [.. changes.Where(c => c.Content is null).Select(c => new DeleteFileEntry(c.Path))]);
        try
        {
            var result = await codeCommit.CreateCommitAsync(request, cancellationToken).ConfigureAwait(false);
            return result.CommitId ?? throw Fail(DiagnosticCodes.PublishAwsError, "CodeCommit CreateCommit returned no commit id", "run again; the branch was not changed by this run if its head is unchanged");
        }
        catch (AwsServiceException ex) when (ex.ErrorCode is "ParentCommitIdOutdatedException" || (parent is null && ex.ErrorCode is "ParentCommitIdRequiredException"))
        {
            // ParentCommitIdRequiredException after a parentless commit: the first commit of an empty repository landed
            // on an earlier attempt, and the branch now exists.
            // A retried call whose first attempt landed looks like this too: then the head is our own commit.
            var now = await Aws("GetBranch", () => codeCommit.GetBranchAsync(options.Repository, branch, cancellationToken)).ConfigureAwait(false);
            if (now?.CommitId is not null && await IsOwnCommitAsync(options.Repository, now.CommitId, parent, changes, cancellationToken).ConfigureAwait(false))
            {
                return now.CommitId;
            }

            throw Fail(
                DiagnosticCodes.PublishBranchMoved,
                $"'{branch}' of '{options.Repository}' moved while publishing (expected head {Short(parent)}, now {Short(now?.CommitId)}): someone else committed; nothing was overwritten",
                "run `govcfct plan` and `govcfct publish` again so the change is planned against the new head");
        }
        catch (AwsServiceException ex) when (ex.IsAccessDenied && branch == options.Branch)
        {
            throw new UserException(
                new Diagnostic(
                    DiagnosticCodes.PublishDirectNeedsReleaseRole,
                    $"IAM refused a commit to '{branch}' of '{options.Repository}' ({ex.ErrorCode}): the branch CfCT watches changes only through an approved merge or the release role",
                    hint: "publish with --pull-request from the build role; a direct publish is for the release role (docs/iam/release-policy.json)"),
                ExitCodes.AwsFailure);
        }
        catch (AwsServiceException ex)
        {
            throw AwsFailure("CreateCommit", ex);
        }
    }

    private async Task<bool> IsOwnCommitAsync(string repository, string commitId, string? parent, IReadOnlyList<PublishFileChange> changes, CancellationToken cancellationToken)
    {
        var commit = await Aws("GetCommit", () => codeCommit.GetCommitAsync(repository, commitId, cancellationToken)).ConfigureAwait(false);
        var parents = commit.Parents ?? [];
        if (parent is null ? parents.Count != 0 : parents is not [var only] || only != parent)
        {
            return false;
        }

        var files = (await ListFilesAsync(repository, commitId, cancellationToken).ConfigureAwait(false)).ToDictionary(f => f.Path, f => f.BlobId, StringComparer.Ordinal);
        return changes.All(c => c.Content is null ? !files.ContainsKey(c.Path) : files.GetValueOrDefault(c.Path) == GitBlob.Id(c.Content));
    }

    private static IEnumerable<List<PublishFileChange>> Parts(IReadOnlyList<PublishFileChange> changes)
    {
        var part = new List<PublishFileChange>();
        long size = 0;
        foreach (var change in changes)
        {
            var length = change.Content?.Length ?? 0;
            if (part.Count > 0 && (part.Count == MaxFilesPerCommit || size + length > MaxBytesPerCommit))
            {
                yield return part;
                (part, size) = ([], 0);
            }

            part.Add(change);
            size += length;
        }

        if (part.Count > 0)
        {
            yield return part;
        }
    }

    /// <summary>The published files (manifest.yaml and the owned folders, no report) of <paramref name="commitId"/>, read from CodeCommit.</summary>
    public async Task<IReadOnlyDictionary<string, byte[]>> ReadPublishedFilesAsync(string repository, string commitId, CancellationToken cancellationToken)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var file in await ListFilesAsync(repository, commitId, cancellationToken).ConfigureAwait(false))
        {
            if (PublishedContent.IsPublished(file.Path))
            {
                var blob = await Aws("GetFile", () => codeCommit.GetFileAsync(repository, commitId, file.Path, cancellationToken)).ConfigureAwait(false);
                files[file.Path] = blob.FileContent;
            }
        }

        return files;
    }

    private async Task<List<RemoteFile>> ListFilesAsync(string repository, string commitId, CancellationToken cancellationToken)
    {
        var files = new List<RemoteFile>();
        var folders = new Queue<string>(["/"]);
        while (folders.TryDequeue(out var folder))
        {
            var listing = await Aws("GetFolder", () => codeCommit.GetFolderAsync(repository, commitId, folder, cancellationToken)).ConfigureAwait(false);
            foreach (var file in listing.Files ?? [])
            {
                if (file.AbsolutePath is not null && file.BlobId is not null)
                {
                    files.Add(new RemoteFile(file.AbsolutePath.TrimStart('/'), file.BlobId));
                }
            }

            foreach (var sub in listing.SubFolders ?? [])
            {
                if (sub.AbsolutePath is not null)
                {
                    folders.Enqueue("/" + sub.AbsolutePath.TrimStart('/'));
                }
            }
        }

        return files;
    }

    private static string Missing(PullRequest pr, Evaluation evaluation, IReadOnlyList<Approval> approvals)
    {
        var approved = approvals.Where(a => a.ApprovalState == "APPROVE" && a.UserArn is not null).Select(a => a.UserArn!).Order(StringComparer.Ordinal).ToList();
        var parts = new List<string>();
        foreach (var name in evaluation.ApprovalRulesNotSatisfied ?? [])
        {
            var rule = pr.ApprovalRules?.FirstOrDefault(r => r.ApprovalRuleName == name);
            var (needed, pool) = ParseRule(rule?.ApprovalRuleContent);
            var who = pool.Count == 0 ? "any IAM identity with access" : string.Join(", ", pool);
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"rule '{name}' needs {needed} approval(s) from {who}"));
        }

        parts.Add(approved.Count == 0 ? "no approvals yet" : $"approved so far by {string.Join(", ", approved)}");
        return string.Join("; ", parts);
    }

    /// <summary>
    /// Who approved, as a person: an IAM Identity Center role's session (<c>AWSReservedSSO_*</c>, whose session name
    /// Identity Center sets to the user) is that user; any other assumed role is the role, whatever the session name;
    /// anything else (an IAM user) is its ARN.
    /// </summary>
    internal static string Approver(string arn)
    {
        var parts = arn.Split(':', 6);
        if (parts.Length == 6 && parts[2] == "sts" && parts[5].StartsWith("assumed-role/", StringComparison.Ordinal))
        {
            var path = parts[5].Split('/');
            if (path.Length >= 3 && !path[1].StartsWith("AWSReservedSSO_", StringComparison.Ordinal))
            {
                return $"{parts[0]}:{parts[1]}:sts::{parts[4]}:assumed-role/{path[1]}/*";
            }
        }

        return arn;
    }

    private static (int Needed, IReadOnlyList<string> Pool) ParseRule(string? content)
    {
        try
        {
            using var document = JsonDocument.Parse(content ?? "{}");
            var statement = document.RootElement.GetProperty("Statements")[0];
            var pool = statement.TryGetProperty("ApprovalPoolMembers", out var members) ? members.EnumerateArray().Select(m => m.GetString() ?? string.Empty).ToList() : [];
            return (statement.GetProperty("NumberOfApprovalsNeeded").GetInt32(), pool);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
        {
            return (1, []);
        }
    }

    private static bool SameJson(string? left, string right)
    {
        try
        {
            using var a = JsonDocument.Parse(left ?? "{}");
            using var b = JsonDocument.Parse(right);
            return JsonElement.DeepEquals(a.RootElement, b.RootElement);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string ShortRef(string? reference) =>
        reference is null ? string.Empty : reference.StartsWith("refs/heads/", StringComparison.Ordinal) ? reference["refs/heads/".Length..] : reference;

    private static string Short(string? commit) => commit is null ? "none" : commit[..Math.Min(8, commit.Length)];

    private static async Task<T> Aws<T>(string operation, Func<Task<T>> call, (string ErrorCode, DiagnosticDescriptor Code)? notFound = null)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (notFound is { } nf && ex.ErrorCode == nf.ErrorCode)
        {
            throw Fail(nf.Code, $"CodeCommit {operation}: {ex.Message}", "check the repository and pull request named on the command line");
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == "RepositoryDoesNotExistException")
        {
            throw Fail(DiagnosticCodes.PublishRepositoryNotFound, $"CodeCommit {operation}: {ex.Message}", "check --codecommit, --region and the account you are signed in to");
        }
        catch (AwsServiceException ex)
        {
            throw AwsFailure(operation, ex);
        }
    }

    private static async Task Aws(string operation, Func<Task> call) =>
        await Aws<bool>(operation, async () =>
        {
            await call().ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);

    private static UserException AwsFailure(string operation, AwsServiceException ex) =>
        new(
            IsAccessProblem(ex)
                ? AwsDiagnostics.FromException(ex, $"CodeCommit {operation}")
                : new Diagnostic(
                    DiagnosticCodes.PublishAwsError,
                    string.Create(CultureInfo.InvariantCulture, $"CodeCommit {operation} failed: {ex.ErrorCode}: {ex.Message} ({ex.Attempts} attempt(s))"),
                    hint: "nothing was half-published: the target branch only changes in one atomic commit or merge; run again when AWS answers"),
            ExitCodes.AwsFailure);

    /// <summary>Credentials, region, network and permission problems share the AWS access codes (GCF4002-4005) with every AWS verb.</summary>
    internal static bool IsAccessProblem(AwsServiceException ex) =>
        ex.IsAccessDenied || ex.ErrorCode is AwsErrorCodes.CredentialsNotFound or AwsErrorCodes.RegionNotFound or AwsErrorCodes.ConnectionFailed or AwsErrorCodes.RequestTimeout;

    private static UserException Fail(DiagnosticDescriptor code, string message, string hint) =>
        new(new Diagnostic(code, message, hint: hint), ExitCodes.AwsFailure);
}
