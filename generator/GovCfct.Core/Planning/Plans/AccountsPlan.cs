using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Packaging;

namespace GovCfct.Core.Planning.Plans;

/// <summary>Per account: the policies in effect and the stack sets received; accounts in scope that receive nothing.</summary>
internal sealed class AccountsPlan(PlanContext context)
{
    public (ImmutableArray<AccountControls> Accounts, ImmutableArray<string> Uncovered, int InScope) Plan(ImmutableArray<StackSetChange> stackSets, EffectivePolicies effective)
    {
        var received = new Dictionary<string, List<ReceivedStackSet>>(StringComparer.Ordinal);
        foreach (var change in stackSets.Where(s => s.Kind is not (ResourceChangeKind.Deleted or ResourceChangeKind.Orphaned)))
        {
            var resolved = context.Resolved[change.Name];
            foreach (var account in resolved.AccountIds)
            {
                if (!received.TryGetValue(account, out var list))
                {
                    received[account] = list = [];
                }

                list.Add(new ReceivedStackSet(change.Name, resolved.Regions));
            }
        }

        var scope = context.Options.Definition is { } definition
            ? definition.AllOus().Select(o => o.Path).ToHashSet(StringComparer.Ordinal)
            : null;

        // OUs the definition leaves to Control Tower (left_to_control_tower: reason), with their subtrees: their accounts
        // receiving nothing from the package is the stated intent, not a gap (GCF3134 answered).
        var leftToControlTower = new HashSet<string>(StringComparer.Ordinal);
        foreach (var ou in context.Options.Definition?.AllOus().Where(o => o.LeftToControlTower is not null) ?? [])
        {
            leftToControlTower.Add(ou.Path);
            leftToControlTower.UnionWith(context.Options.Definition!.AllOus().Where(o => o.Path.StartsWith(ou.Path + ":", StringComparison.Ordinal)).Select(o => o.Path));
        }

        var accounts = ImmutableArray.CreateBuilder<AccountControls>(context.Org.Snapshot.Accounts.Length);
        var uncovered = ImmutableArray.CreateBuilder<string>();
        var inScope = 0;
        foreach (var account in context.Org.Snapshot.Accounts.OrderBy(a => a.Id, StringComparer.Ordinal))
        {
            var path = context.Org.PathOf(account.ParentId);

            // SCPs and RCPs never restrict the management account.
            var policies = account.Id == context.Org.Snapshot.ManagementAccountId ? EffectivePolicies.None : effective.At(account.ParentId);
            var sets = received.TryGetValue(account.Id, out var list) ? list.ToImmutableArray() : [];
            accounts.Add(new AccountControls(account.Id, account.Name, account.Status, path, policies, sets));
            var counts = OrgIndex.IsActive(account) && account.Id != context.Org.Snapshot.ManagementAccountId && (scope is null || scope.Contains(path));
            if (!counts)
            {
                continue;
            }

            inScope++;
            if (sets.IsEmpty && !policies.Any(p => !p.LeftAttached) && !context.ReceivesControlTower(path) && !leftToControlTower.Contains(path))
            {
                uncovered.Add($"{account.Id} ({account.Name}) in {path}");
            }
        }

        if (uncovered.Count > 0)
        {
            context.Diagnostics.Report(DiagnosticCodes.PlanAccountsUncovered, $"{uncovered.Count} account(s) in scope receive no control (first: {uncovered[0]})", new SourceLocation(CfctPackage.ManifestFileName), "assign controls to their OU, or list the OU in the stack sets' targets (parent OUs do not reach child OUs)");
        }

        return (accounts.ToImmutable(), uncovered.ToImmutable(), inScope);
    }
}
