using System.Collections.Immutable;
using System.Globalization;
using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Packaging;
using GovCfct.Core.Planning;

namespace GovCfct.Core.Status;

/// <summary>Inputs of a status: the package the definition builds, the organization (with policy attachments) and what AWS reports deployed.</summary>
public sealed record StatusOptions(CfctPackage Package, OrgSnapshot Organization, DeployedState Deployed)
{
    /// <summary>Report only this account (the counts still cover the whole organization).</summary>
    public string? AccountId { get; init; }

    /// <summary>Accounts that joined within this window before <see cref="AsOf"/> are listed as new.</summary>
    public TimeSpan? Since { get; init; }

    /// <summary>The instant --since counts back from (the caller's clock; fixed in tests).</summary>
    public DateTimeOffset AsOf { get; init; } = DateTimeOffset.UnixEpoch;

    /// <summary>The definition's resource prefix: policies with it that the manifest no longer has are stale.</summary>
    public string? ResourcePrefix { get; init; }

    /// <summary>The expected Control Tower controls (from the package); empty when the package enables none.</summary>
    public ImmutableArray<ExpectedControl> ExpectedControls { get; init; } = [];

    /// <summary>The service-managed member stack sets (from the package); their instances are expected in every account below their target OUs.</summary>
    public ImmutableArray<ExpectedMemberStackSet> MemberStackSets { get; init; } = [];

    /// <summary>False when the controls could not be read: then none is reported missing.</summary>
    public bool ControlsRead { get; init; } = true;

    /// <summary>The detective controls' organization conformance packs the package deploys (<see cref="ExpectedPacks"/>).</summary>
    public ImmutableArray<ExpectedPack> ExpectedPacks { get; init; } = [];

    /// <summary>False when the packs' per-account status could not be read: then no account is reported missing them.</summary>
    public bool PacksRead { get; init; } = true;

    /// <summary>Written into the report as is; null keeps output reproducible.</summary>
    public string? GeneratedAt { get; init; }

    /// <summary>What the expected state was built from, printed in the report (e.g. "definition manifest (working tree)").</summary>
    public string? ExpectedSource { get; init; }
}

/// <summary>
/// Compares what the definition says every account must have (through the same target resolution as plan: CfCT
/// stack sets reach only accounts directly in a listed OU, SCPs/RCPs act through the OU chain) with what AWS reports,
/// per account and per control. Pure and linear in instances: one dictionary per stack set, one pass per control.
/// </summary>
public static class StatusEvaluator
{
    private const string StackSetPrefix = "CustomControlTower-";

    public static StatusReport Evaluate(StatusOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var org = new OrgIndex(options.Organization);
        var manifest = options.Package.Manifest;
        var accounts = new Dictionary<string, AccountTally>(StringComparer.Ordinal);
        var controls = ImmutableArray.CreateBuilder<ControlStatus>();
        var stackSets = ImmutableArray.CreateBuilder<StackSetStatus>();
        var deployedSets = options.Deployed.StackSets.Where(s => s.Status != "DELETED").ToDictionary(s => s.Name, StringComparer.Ordinal);
        var matrix = new StatusMatrixBuilder(options.Package, options.Organization);

        AccountTally Tally(string accountId)
        {
            if (!accounts.TryGetValue(accountId, out var tally))
            {
                accounts[accountId] = tally = new AccountTally();
            }

            return tally;
        }

        foreach (var resource in manifest.Resources.Where(r => r.DeployMethod == DeployMethod.StackSet))
        {
            var resolved = TargetResolver.Resolve(resource, manifest.Region, org, null);
            deployedSets.TryGetValue(resource.DeployedName, out var deployed);
            var index = new Dictionary<(string, string), DeployedInstance>();
            foreach (var instance in deployed?.Instances ?? [])
            {
                index[(instance.Account, instance.Region)] = instance;
            }

            var perAccount = new Dictionary<string, CoverageState>(StringComparer.Ordinal);
            int current = 0, failed = 0, outdated = 0, drifted = 0, missing = 0;
            foreach (var (account, region) in resolved.Instances)
            {
                CoverageState state;
                string? detail = null;
                if (!index.TryGetValue((account, region), out var instance))
                {
                    state = CoverageState.Missing;
                    detail = deployed is null ? $"stack set {resource.DeployedName} does not exist" : "no stack instance";
                    missing++;
                }
                else
                {
                    (state, detail) = Classify(instance);
                    switch (state)
                    {
                        case CoverageState.Covered: current++; break;
                        case CoverageState.Failed: failed++; break;
                        case CoverageState.Outdated: outdated++; break;
                        default: drifted++; break;
                    }
                }

                perAccount[account] = perAccount.TryGetValue(account, out var was) ? Worst(was, state) : state;
                if (state != CoverageState.Covered)
                {
                    Tally(account).Add(new Finding(resource.Name, DeploymentKind.StackSet, state, region, detail!));
                }
            }

            foreach (var account in perAccount.Keys)
            {
                Tally(account).Expected++;
            }

            controls.Add(Count(resource.Name, DeploymentKind.StackSet, perAccount.Values));
            matrix.Add(matrix.ControlsOf(resource), resource.Name, perAccount);
            stackSets.Add(new StackSetStatus(resource.Name, resource.DeployedName, deployed is not null, resolved.Instances.Count(), current, failed, outdated, drifted, missing, deployed?.LastOperation));
        }

        EvaluateMemberStackSets(options, org, deployedSets, Tally, controls, stackSets, matrix);

        var stale = ImmutableArray.CreateBuilder<StaleItem>();
        var wantedSets = manifest.Resources.Where(r => r.DeployMethod == DeployMethod.StackSet).Select(r => r.DeployedName).ToHashSet(StringComparer.Ordinal);
        foreach (var set in deployedSets.Values.Where(s => s.Name.StartsWith(StackSetPrefix, StringComparison.Ordinal) && !wantedSets.Contains(s.Name)).OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            var regions = set.Instances.Select(i => i.Region).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var accountsIn = set.Instances.Select(i => i.Account).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var command = accountsIn.Count == 0
                ? $"aws cloudformation delete-stack-set --stack-set-name {set.Name}"
                : $"aws cloudformation delete-stack-instances --stack-set-name {set.Name} --accounts {string.Join(' ', accountsIn)} --regions {string.Join(' ', regions)} --no-retain-stacks && aws cloudformation delete-stack-set --stack-set-name {set.Name}";
            stale.Add(new StaleItem("stack-set", set.Name, null, $"{set.Instances.Length} instance(s) in {accountsIn.Count} account(s); the manifest no longer has it", command));
        }

        EvaluatePolicies(options, org, Tally, controls, stale, matrix);
        EvaluateControlTower(options, org, Tally, controls, matrix);
        EvaluateConformancePacks(options, org, Tally, controls, stale, matrix);

        var reported = ImmutableArray.CreateBuilder<AccountStatus>();
        var newAccounts = ImmutableArray.CreateBuilder<NewAccountStatus>();
        int covered = 0, nothingExpected = 0, failedAccounts = 0, missingAccounts = 0, outdatedAccounts = 0, driftedAccounts = 0;
        var cutoff = options.Since is { } since ? options.AsOf - since : (DateTimeOffset?)null;
        // Enrolled accounts, and the management account when the manifest deploys there (CfCT reaches it only by id).
        var inScope = org.EnrolledAccounts.Concat(org.Account(org.Snapshot.ManagementAccountId) is { } management && accounts.ContainsKey(management.Id) ? [management] : [])
            .OrderBy(a => a.Id, StringComparer.Ordinal)
            .ToList();
        foreach (var account in inScope)
        {
            var tally = accounts.GetValueOrDefault(account.Id);
            var state = tally?.State ?? CoverageState.Covered;
            switch (state)
            {
                // An account nothing is expected of is not "covered": it is counted on its own, so a gap in the
                // definition (an OU no control reaches) does not read as a green light.
                case CoverageState.Covered when (tally?.Expected ?? 0) == 0: nothingExpected++; break;
                case CoverageState.Covered: covered++; break;
                case CoverageState.Failed: failedAccounts++; break;
                case CoverageState.Missing: missingAccounts++; break;
                case CoverageState.Outdated: outdatedAccounts++; break;
                default: driftedAccounts++; break;
            }

            var path = org.PathOf(account.ParentId);
            if (cutoff is { } from && account.Joined is { } joined && joined >= from && state != CoverageState.Covered)
            {
                newAccounts.Add(new NewAccountStatus(account.Id, account.Name, path, joined, state, tally!.Findings.Select(f => f.Control).Distinct(StringComparer.Ordinal).Count()));
            }

            if (options.AccountId is { } only ? only == account.Id : state != CoverageState.Covered)
            {
                var findings = tally?.Findings.OrderBy(f => f.State).ThenBy(f => f.Control, StringComparer.Ordinal).ThenBy(f => f.Region, StringComparer.Ordinal).ToImmutableArray() ?? [];
                reported.Add(new AccountStatus(account.Id, account.Name, path, account.Joined, state, tally?.Expected ?? 0, findings));
            }
        }

        var summary = new StatusSummary(
            inScope.Count,
            covered,
            failedAccounts,
            missingAccounts,
            outdatedAccounts,
            driftedAccounts,
            newAccounts.Count,
            stale.Count,
            string.Empty)
        {
            NothingExpected = nothingExpected,
        };
        var ordered = reported.OrderBy(a => a.State).ThenBy(a => a.AccountId, StringComparer.Ordinal).ToImmutableArray();
        var report = new StatusReport(
            StatusReport.CurrentSchemaVersion,
            options.GeneratedAt,
            summary,
            controls.ToImmutable(),
            ordered,
            [.. newAccounts.OrderBy(a => a.Joined).ThenBy(a => a.AccountId, StringComparer.Ordinal)],
            stale.ToImmutable(),
            stackSets.ToImmutable(),
            options.Deployed)
        {
            ExpectedSource = options.ExpectedSource,
            Matrix = matrix.Build(org, inScope, id => accounts.GetValueOrDefault(id)?.State is null or CoverageState.Covered),
        };
        return report with { Summary = summary with { Verdict = Verdict(report) } };
    }

    /// <summary>
    /// What <c>--account</c> reported: nothing when the account is in <paramref name="report"/>; otherwise why not, so an
    /// account id outside the organization (a typo, another organization's account) is never silently ignored:
    /// GCF6050 when the snapshot does not have it, GCF6051 when status judges nothing in it.
    /// </summary>
    public static IEnumerable<Diagnostic> CheckAccount(string? accountId, OrgSnapshot organization, StatusReport report)
    {
        ArgumentNullException.ThrowIfNull(organization);
        ArgumentNullException.ThrowIfNull(report);
        if (accountId is null || report.Accounts.Any(a => a.AccountId == accountId))
        {
            yield break;
        }

        var account = organization.Accounts.FirstOrDefault(a => a.Id == accountId);
        if (account is null)
        {
            yield return new Diagnostic(
                DiagnosticCodes.StatusAccountNotInOrganization,
                FormattableString.Invariant($"--account {accountId}: organization {organization.OrganizationId} has no such account ({organization.Accounts.Length} accounts in the snapshot); nothing is reported for it"),
                hint: DiagnosticCodes.StatusAccountNotInOrganization.Help);
            yield break;
        }

        var why = account.Id == organization.ManagementAccountId
            ? "it is the management account, and the package deploys nothing there"
            : $"its status is {account.Status}, and status judges ACTIVE accounts only";
        yield return new Diagnostic(DiagnosticCodes.StatusAccountNotJudged, $"--account {accountId} ({account.Name}): {why}; nothing is reported for it", hint: DiagnosticCodes.StatusAccountNotJudged.Help);
    }

    /// <summary>
    /// Service-managed stack sets: StackSets deploys to every account of the target OUs and their child OUs at any
    /// depth, never to the management account (API_DeploymentTargets), so each ACTIVE account below a target OU must
    /// have an instance in each region, including accounts created after the build (automatic deployment).
    /// </summary>
    private static void EvaluateMemberStackSets(
        StatusOptions options,
        OrgIndex org,
        Dictionary<string, DeployedStackSet> deployedSets,
        Func<string, AccountTally> tally,
        ImmutableArray<ControlStatus>.Builder controls,
        ImmutableArray<StackSetStatus>.Builder stackSets,
        StatusMatrixBuilder matrix)
    {
        foreach (var set in options.MemberStackSets)
        {
            var targets = set.TargetOuIds.ToHashSet(StringComparer.Ordinal);
            deployedSets.TryGetValue(set.Name, out var deployed);
            var index = new Dictionary<(string, string), DeployedInstance>();
            foreach (var instance in deployed?.Instances ?? [])
            {
                index[(instance.Account, instance.Region)] = instance;
            }

            var perAccount = new Dictionary<string, CoverageState>(StringComparer.Ordinal);
            int expected = 0, current = 0, failed = 0, outdated = 0, drifted = 0, missing = 0;
            foreach (var account in org.EnrolledAccounts)
            {
                if (TargetOf(org, account.ParentId, targets) is not { } target)
                {
                    continue;
                }

                foreach (var region in set.Regions)
                {
                    expected++;
                    CoverageState state;
                    string? detail;
                    if (!index.TryGetValue((account.Id, region), out var instance))
                    {
                        state = CoverageState.Missing;
                        detail = deployed is null
                            ? $"service-managed stack set {set.Name} does not exist"
                            : $"no stack instance (automatic deployment from target {target} has not reached this account)";
                        missing++;
                    }
                    else
                    {
                        (state, detail) = Classify(instance);
                        switch (state)
                        {
                            case CoverageState.Covered: current++; break;
                            case CoverageState.Failed: failed++; break;
                            case CoverageState.Outdated: outdated++; break;
                            default: drifted++; break;
                        }
                    }

                    perAccount[account.Id] = perAccount.TryGetValue(account.Id, out var was) ? Worst(was, state) : state;
                    if (state != CoverageState.Covered)
                    {
                        tally(account.Id).Add(new Finding(set.Name, DeploymentKind.StackSet, state, region, detail!));
                    }
                }
            }

            foreach (var account in perAccount.Keys)
            {
                tally(account).Expected++;
            }

            controls.Add(Count(set.Name, DeploymentKind.StackSet, perAccount.Values));
            matrix.Add([string.IsNullOrEmpty(set.ControlId) ? set.Name : set.ControlId], set.Name, perAccount);
            stackSets.Add(new StackSetStatus(set.Name, set.Name, deployed is not null, expected, current, failed, outdated, drifted, missing, deployed?.LastOperation));
        }
    }

    /// <summary>The target OU (or root) id at or above <paramref name="parentId"/>, or null when none of the targets is an ancestor.</summary>
    private static string? TargetOf(OrgIndex org, string parentId, HashSet<string> targets) =>
        targets.Contains(parentId) ? parentId : org.AncestorsOf(parentId).FirstOrDefault(targets.Contains);

    /// <summary>The one-line verdict every format prints.</summary>
    public static string Verdict(StatusReport report)
    {
        var s = report.Summary;
        if (report.IsCovered)
        {
            return s.NothingExpected == 0
                ? string.Create(CultureInfo.InvariantCulture, $"COVERED: all {s.Accounts} account(s) have every control, current; nothing stale")
                : string.Create(CultureInfo.InvariantCulture, $"COVERED: all {s.Accounts - s.NothingExpected} account(s) with expected controls have every control, current; {s.NothingExpected} account(s) have nothing expected; nothing stale");
        }

        var parts = new List<string>();
        void Part(int count, string what)
        {
            if (count > 0)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{count} {what}"));
            }
        }

        Part(s.Failed, "account(s) failed");
        Part(s.Missing, "account(s) missing controls");
        Part(s.Outdated, "account(s) outdated");
        Part(s.Drifted, "account(s) drifted");
        Part(s.Stale, "stale item(s)");
        return "NOT COVERED: " + string.Join(", ", parts);
    }

    /// <summary>An instance's state: INOPERABLE or a failed detailed status is failed; other OUTDATED is outdated (pending or running); DRIFTED is drifted.</summary>
    internal static (CoverageState State, string? Detail) Classify(DeployedInstance instance)
    {
        var reason = string.IsNullOrWhiteSpace(instance.StatusReason) ? null : instance.StatusReason;
        if (instance.Status == "INOPERABLE" || instance.DetailedStatus is "FAILED" or "INOPERABLE" or "CANCELLED" or "FAILED_IMPORT")
        {
            return (CoverageState.Failed, $"{instance.Status}/{instance.DetailedStatus ?? "-"}: {reason ?? "no reason given"}");
        }

        if (instance.Status != "CURRENT")
        {
            return (CoverageState.Outdated, $"{instance.Status}/{instance.DetailedStatus ?? "-"}{(reason is null ? string.Empty : ": " + reason)}");
        }

        return instance.DriftStatus == "DRIFTED"
            ? (CoverageState.Drifted, "resources differ from the template (drift detection)")
            : (CoverageState.Covered, null);
    }

    private static void EvaluatePolicies(StatusOptions options, OrgIndex org, Func<string, AccountTally> tally, ImmutableArray<ControlStatus>.Builder controls, ImmutableArray<StaleItem>.Builder stale, StatusMatrixBuilder matrix)
    {
        var manifest = options.Package.Manifest;
        var enrolled = org.EnrolledAccounts.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        var children = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var ou in org.Snapshot.OrganizationalUnits)
        {
            if (!children.TryGetValue(ou.ParentId, out var list))
            {
                children[ou.ParentId] = list = [];
            }

            list.Add(ou.Id);
        }

        // SCPs and RCPs act on every account below their target (OU chain), unlike stack sets.
        IEnumerable<string> AccountsBelow(string targetId)
        {
            var stack = new Stack<string>([targetId]);
            while (stack.Count > 0)
            {
                var parent = stack.Pop();
                foreach (var account in org.AccountsIn(parent))
                {
                    if (enrolled.Contains(account.Id))
                    {
                        yield return account.Id;
                    }
                }

                foreach (var child in children.GetValueOrDefault(parent) ?? [])
                {
                    stack.Push(child);
                }
            }
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var resource in manifest.Resources.Where(r => r.DeployMethod != DeployMethod.StackSet))
        {
            names.Add(resource.Name);
            var kind = resource.DeployMethod == DeployMethod.Rcp ? DeploymentKind.Rcp : DeploymentKind.Scp;
            var label = kind == DeploymentKind.Rcp ? "RCP" : "SCP";
            var type = OrgIndex.PolicyType(resource.DeployMethod);
            var resolved = TargetResolver.Resolve(resource, manifest.Region, org, null);
            var deployed = org.Policy(type, resource.Name);
            var attached = deployed?.Targets.ToHashSet(StringComparer.Ordinal) ?? [];
            var perAccount = new Dictionary<string, CoverageState>(StringComparer.Ordinal);
            foreach (var target in resolved.Ous)
            {
                var ok = attached.Contains(target.TargetId);
                var detail = deployed is null
                    ? $"{label} {resource.Name} does not exist in the organization"
                    : $"{label} {resource.Name} is not attached to {target.Target}";
                foreach (var account in AccountsBelow(target.TargetId))
                {
                    var state = ok ? CoverageState.Covered : CoverageState.Missing;
                    perAccount[account] = perAccount.TryGetValue(account, out var was) ? Worst(was, state) : state;
                    if (!ok)
                    {
                        tally(account).Add(new Finding(resource.Name, kind, CoverageState.Missing, null, detail));
                    }
                }
            }

            foreach (var account in perAccount.Keys)
            {
                tally(account).Expected++;
            }

            controls.Add(Count(resource.Name, kind, perAccount.Values));
            matrix.Add(matrix.ControlsOf(resource), resource.Name, perAccount);
            if (deployed is not null)
            {
                var wanted = resolved.Ous.Select(t => t.TargetId).ToHashSet(StringComparer.Ordinal);
                foreach (var target in deployed.Targets.Where(t => !wanted.Contains(t)).Order(StringComparer.Ordinal))
                {
                    stale.Add(new StaleItem(label, resource.Name, org.PathOf(target), "attached where the manifest does not attach it; CfCT never detaches", $"aws organizations detach-policy --policy-id {deployed.Id} --target-id {target}"));
                }
            }
        }

        if (string.IsNullOrEmpty(options.ResourcePrefix))
        {
            return;
        }

        var prefix = options.ResourcePrefix + "-";
        foreach (var policy in org.Snapshot.Policies.Where(p => !p.AwsManaged && p.Name.StartsWith(prefix, StringComparison.Ordinal) && !names.Contains(p.Name)).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            var label = policy.Type == "RESOURCE_CONTROL_POLICY" ? "RCP" : "SCP";
            foreach (var target in policy.Targets.Order(StringComparer.Ordinal))
            {
                stale.Add(new StaleItem(label, policy.Name, org.PathOf(target), "the manifest no longer has this policy; CfCT never detaches or deletes it", $"aws organizations detach-policy --policy-id {policy.Id} --target-id {target}"));
            }

            stale.Add(new StaleItem(label, policy.Name, null, "delete it once detached everywhere", $"aws organizations delete-policy --policy-id {policy.Id}"));
        }
    }

    private static void EvaluateControlTower(StatusOptions options, OrgIndex org, Func<string, AccountTally> tally, ImmutableArray<ControlStatus>.Builder controls, StatusMatrixBuilder matrix)
    {
        if (!options.ControlsRead || options.ExpectedControls.IsEmpty)
        {
            return;
        }

        var deployed = new Dictionary<(string, string), DeployedControl>();
        foreach (var control in options.Deployed.EnabledControls)
        {
            if (ExpectedControls.OuIdOf(control.TargetIdentifier) is { } ou)
            {
                deployed[(control.ControlIdentifier, ou)] = control;
            }
        }

        var enrolled = org.EnrolledAccounts.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        // The control id the build wrote into each EnabledControl's metadata; the identifier's last segment otherwise.
        var controlIds = CtControlReader.Read(options.Package).GroupBy(c => c.Identifier, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Name, StringComparer.Ordinal);
        foreach (var group in options.ExpectedControls.GroupBy(c => c.ControlIdentifier, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var perAccount = new Dictionary<string, CoverageState>(StringComparer.Ordinal);
            var name = ShortName(group.Key);
            foreach (var expected in group)
            {
                var path = org.PathOf(expected.OuId);
                (CoverageState State, string Detail) outcome = deployed.TryGetValue((expected.ControlIdentifier, expected.OuId), out var enabled)
                    ? enabled.Status switch
                    {
                        "FAILED" => (CoverageState.Failed, $"enabling on {path} FAILED"),
                        "UNDER_CHANGE" => (CoverageState.Outdated, $"UNDER_CHANGE on {path}"),
                        _ when enabled.DriftStatus == "DRIFTED" => (CoverageState.Drifted, $"DRIFTED on {path}: reset it in Control Tower"),
                        _ => (CoverageState.Covered, string.Empty),
                    }
                    : (CoverageState.Missing, $"not enabled on {path}");

                // Counted on the accounts directly in the OU: the OU the EnabledControl names.
                foreach (var account in org.AccountsIn(expected.OuId).Where(a => enrolled.Contains(a.Id)))
                {
                    perAccount[account.Id] = perAccount.TryGetValue(account.Id, out var was) ? Worst(was, outcome.State) : outcome.State;
                    if (outcome.State != CoverageState.Covered)
                    {
                        tally(account.Id).Add(new Finding(name, DeploymentKind.ControlTower, outcome.State, null, outcome.Detail));
                    }
                }
            }

            foreach (var account in perAccount.Keys)
            {
                tally(account).Expected++;
            }

            controls.Add(Count(name, DeploymentKind.ControlTower, perAccount.Values));
            matrix.Add([controlIds.TryGetValue(group.Key, out var id) && id != group.Key ? id : name], name, perAccount);
        }
    }

    /// <summary>
    /// The detective controls' organization conformance packs, per account and region: an enrolled account in the pack's
    /// scope (its OU, or the nearest listed OU above it, is in scope, and the account is not excluded) must have it
    /// CREATE_SUCCESSFUL or UPDATE_SUCCESSFUL; any account outside the scope that has it (an account created in or moved
    /// to an opted-out OU after the lock was written: ExcludedAccounts does not name it yet) is a stale item.
    /// </summary>
    private static void EvaluateConformancePacks(StatusOptions options, OrgIndex org, Func<string, AccountTally> tally, ImmutableArray<ControlStatus>.Builder controls, ImmutableArray<StaleItem>.Builder stale, StatusMatrixBuilder matrix)
    {
        if (!options.PacksRead || options.ExpectedPacks.IsEmpty)
        {
            return;
        }

        var byPack = options.Deployed.ConformancePacks.GroupBy(p => p.PackName, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.GroupBy(p => (p.Region, p.AccountId)).ToDictionary(x => x.Key, x => x.Last()), StringComparer.Ordinal);
        var enrolled = org.EnrolledAccounts.OrderBy(a => a.Id, StringComparer.Ordinal).ToList();
        var management = org.Snapshot.ManagementAccountId;
        foreach (var pack in options.ExpectedPacks)
        {
            var statuses = byPack.GetValueOrDefault(pack.Name) ?? [];
            var perAccount = new Dictionary<string, CoverageState>(StringComparer.Ordinal);
            foreach (var account in enrolled)
            {
                var path = org.PathOf(account.ParentId);
                var expected = account.Id != management && !pack.ExcludedAccounts.Contains(account.Id) && pack.InScope(path);
                foreach (var region in pack.Regions)
                {
                    var status = statuses.GetValueOrDefault((region, account.Id));
                    var has = status is not null && !status.Status.StartsWith("DELETE_", StringComparison.Ordinal);
                    if (!expected)
                    {
                        if (has)
                        {
                            var why = pack.ExcludedAccounts.Contains(account.Id)
                                ? "it is in ExcludedAccounts, yet AWS Config still reports the pack"
                                : $"its OU '{path}' is outside the pack's scope, and ExcludedAccounts (from the org lock) does not name it: it was created or moved there after the lock was written";
                            stale.Add(new StaleItem("conformance-pack", pack.Name, $"{account.Id} in {region}", $"{status!.Status}; {why}", "govcfct org snapshot --out org.json && govcfct org lock --org org.json --out manifest/org-lock.yaml; then rebuild and deploy the package"));
                        }

                        continue;
                    }

                    (CoverageState State, string Detail) outcome = status?.Status switch
                    {
                        "CREATE_SUCCESSFUL" or "UPDATE_SUCCESSFUL" => (CoverageState.Covered, string.Empty),
                        "CREATE_IN_PROGRESS" or "UPDATE_IN_PROGRESS" => (CoverageState.Outdated, status.Status),
                        "CREATE_FAILED" or "UPDATE_FAILED" or "DELETE_FAILED" => (CoverageState.Failed, $"{status.Status}: {status.ErrorCode ?? "-"}: {status.ErrorMessage ?? "no reason given"}"),
                        null => (CoverageState.Missing, "AWS Config reports no status for this account: the pack has not reached it"),
                        _ => (CoverageState.Missing, $"{status.Status}: the pack was removed from this account"),
                    };
                    perAccount[account.Id] = perAccount.TryGetValue(account.Id, out var was) ? Worst(was, outcome.State) : outcome.State;
                    if (outcome.State != CoverageState.Covered)
                    {
                        tally(account.Id).Add(new Finding(pack.Name, DeploymentKind.ConformancePack, outcome.State, region, outcome.Detail));
                    }
                }
            }

            foreach (var account in perAccount.Keys)
            {
                tally(account).Expected++;
            }

            controls.Add(Count(pack.Name, DeploymentKind.ConformancePack, perAccount.Values));
            matrix.Add(pack.Controls.IsDefaultOrEmpty ? [pack.Name] : pack.Controls, pack.Name, perAccount);
        }
    }

    /// <summary>The last segment of a control ARN (<c>AWS-GR_RESTRICT_ROOT_USER</c>, <c>dvuaav61i5cnfazfelmvn9m6k</c>).</summary>
    public static string ShortName(string controlArn)
    {
        var slash = controlArn.LastIndexOf('/');
        return slash < 0 ? controlArn : controlArn[(slash + 1)..];
    }

    private static CoverageState Worst(CoverageState a, CoverageState b) => a < b ? a : b;

    private static ControlStatus Count(string name, DeploymentKind kind, IEnumerable<CoverageState> states)
    {
        int expected = 0, covered = 0, failed = 0, missing = 0, outdated = 0, drifted = 0;
        foreach (var state in states)
        {
            expected++;
            switch (state)
            {
                case CoverageState.Covered: covered++; break;
                case CoverageState.Failed: failed++; break;
                case CoverageState.Missing: missing++; break;
                case CoverageState.Outdated: outdated++; break;
                default: drifted++; break;
            }
        }

        return new ControlStatus(name, kind, expected, covered, failed, missing, outdated, drifted);
    }

    /// <summary>Findings collected for one account; the state is the worst finding's.</summary>
    private sealed class AccountTally
    {
        public List<Finding> Findings { get; } = [];

        public int Expected { get; set; }

        public CoverageState State { get; private set; } = CoverageState.Covered;

        public void Add(Finding finding)
        {
            Findings.Add(finding);
            State = Worst(State, finding.State);
        }
    }
}
