using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Packaging;

namespace GovCfct.Core.Planning.Plans;

/// <summary>The OU x control coverage matrix.</summary>
internal sealed class CoveragePlan(PlanContext context)
{
    public ImmutableArray<OuCoverage> Plan()
    {
        // The OUs holding the accounts an account-targeted resource lists: those OUs are covered for some accounts.
        var accountParents = new Dictionary<ManifestResource, HashSet<string>>(ReferenceEqualityComparer.Instance);
        foreach (var resource in context.Manifest.Resources)
        {
            accountParents[resource] = context.Resolved[resource.Name].ListedAccountIds.Select(a => context.Org.Account(a)?.ParentId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        }

        var rows = ImmutableArray.CreateBuilder<OuCoverage>(context.Org.Snapshot.OrganizationalUnits.Length + 1);
        var targets = new[] { (Id: context.Org.RootId, Path: OrgIndex.RootPath, Name: OrgIndex.RootPath) }
            .Concat(context.Org.Snapshot.OrganizationalUnits.OrderBy(o => o.Path, StringComparer.Ordinal).Select(o => (o.Id, o.Path, o.Name)));
        foreach (var (id, path, name) in targets)
        {
            // The management account is neither restricted by SCPs nor reached by Root: it does not count.
            var activeAccounts = context.Org.AccountsIn(id).Count(a => OrgIndex.IsActive(a) && a.Id != context.Org.Snapshot.ManagementAccountId);
            var cells = ImmutableArray.CreateBuilder<Coverage>(context.Coverage.Controls.Length);
            foreach (var control in context.Coverage.Controls)
            {
                var reach = context.Coverage.At(path, control, r => accountParents[r].Contains(id)).Coverage;

                // An OU without accounts misses nothing today; the new-account preview shows what one would miss.
                cells.Add(reach == Coverage.Missed && activeAccounts == 0 ? Coverage.None : reach);
            }

            rows.Add(new OuCoverage(id, path, name, context.Org.AncestorsOf(id).Count(), activeAccounts, cells.MoveToImmutable()));
        }

        return rows.ToImmutable();
    }
}
