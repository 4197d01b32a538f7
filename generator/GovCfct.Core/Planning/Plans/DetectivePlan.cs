using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Packaging;

namespace GovCfct.Core.Planning.Plans;

/// <summary>Detective controls per OU: Control Tower's and the organization conformance packs'.</summary>
internal sealed class DetectivePlan(PlanContext context)
{
    /// <summary>
    /// Per OU that holds accounts: the detective controls Control Tower enables on it (not inherited) and those its
    /// accounts get from organization conformance packs (the OU is in the pack's scope and the accounts are not excluded).
    /// </summary>
    public ImmutableArray<DetectiveOuCoverage> Plan()
    {
        var perOu = CtControlReader.Read(context.Options.Package).Where(c => !c.Preventive).ToLookup(c => c.OuId, StringComparer.Ordinal);
        var packs = ExpectedPacks.Read(context.Options.Package);
        if (packs.IsEmpty && perOu.Count == 0)
        {
            return default;
        }

        var rows = ImmutableArray.CreateBuilder<DetectiveOuCoverage>();
        foreach (var ou in context.Org.Snapshot.OrganizationalUnits.OrderBy(o => o.Path, StringComparer.Ordinal))
        {
            var accounts = context.Org.AccountsIn(ou.Id).Where(OrgIndex.IsActive).Select(a => a.Id).ToList();
            if (accounts.Count == 0)
            {
                continue;
            }

            var controlTower = perOu[ou.Id].Select(c => c.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray();
            var organization = packs.Where(p => p.InScope(ou.Path) && accounts.Any(a => !p.ExcludedAccounts.Contains(a)))
                .SelectMany(p => p.Controls).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray();
            rows.Add(new DetectiveOuCoverage(ou.Path, accounts.Count, controlTower, organization));
        }

        return rows.ToImmutable();
    }
}
