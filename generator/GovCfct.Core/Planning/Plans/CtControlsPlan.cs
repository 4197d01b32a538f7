using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Packaging;

namespace GovCfct.Core.Planning.Plans;

/// <summary>Control Tower controls per OU: enabled, inherited, removed.</summary>
internal sealed class CtControlsPlan(PlanContext context)
{
    /// <summary>
    /// Per OU: controls the package enables there, preventive ones inherited from an ancestor (Control Tower shows them
    /// as inherited), and controls the previous package enabled there that this one no longer does (CloudFormation
    /// disables them when the stack updates).
    /// </summary>
    public ImmutableArray<CtOuControls> Plan()
    {
        var current = CtControlReader.Read(context.Options.Package);
        var previous = context.Options.Previous is { } before ? CtControlReader.Read(before) : [];
        if (current.IsEmpty && previous.IsEmpty)
        {
            return default;
        }

        var enabledAt = current.ToLookup(c => c.OuId, StringComparer.Ordinal);
        var removedAt = previous.Where(p => !current.Any(c => c.OuId == p.OuId && c.Identifier == p.Identifier)).ToLookup(p => p.OuId, StringComparer.Ordinal);
        var rows = ImmutableArray.CreateBuilder<CtOuControls>();
        foreach (var ou in context.Org.Snapshot.OrganizationalUnits.OrderBy(o => o.Path, StringComparer.Ordinal))
        {
            var enabled = enabledAt[ou.Id].Select(c => c.Name).Order(StringComparer.Ordinal).ToImmutableArray();
            var inherited = context.Org.AncestorsOf(ou.Id).SelectMany(a => enabledAt[a]).Where(c => c.Preventive && !enabled.Contains(c.Name))
                .Select(c => c.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray();
            var removed = removedAt[ou.Id].Select(c => c.Name).Order(StringComparer.Ordinal).ToImmutableArray();
            if (enabled.IsEmpty && inherited.IsEmpty && removed.IsEmpty)
            {
                continue;
            }

            rows.Add(new CtOuControls(ou.Id, ou.Path, context.Org.AccountsIn(ou.Id).Count(OrgIndex.IsActive), enabled, inherited, removed));
        }

        foreach (var orphan in current.Where(c => context.Org.OuById(c.OuId) is null).Select(c => c.OuId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            context.Diagnostics.Report(DiagnosticCodes.PlanCtTargetUnknown, $"Control Tower controls target OU {orphan}, which the organization does not have; enabling them fails", new SourceLocation(CfctPackage.ManifestFileName), "regenerate org-lock.yaml with govcfct org lock and build again");
        }

        return rows.ToImmutable();
    }
}
