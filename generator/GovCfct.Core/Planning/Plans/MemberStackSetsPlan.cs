using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Packaging;

namespace GovCfct.Core.Planning.Plans;

/// <summary>Service-managed member stack sets that appear, disappear or change targets.</summary>
internal sealed class MemberStackSetsPlan(PlanContext context)
{
    /// <summary>Member stack sets that appear, disappear or change targets: instances follow the targets, not CfCT.</summary>
    public ImmutableArray<MemberStackSetChange> Plan()
    {
        if (context.Options.Previous is null)
        {
            return [];
        }

        var before = ExpectedMemberStackSets.Read(context.Options.Previous).ToDictionary(m => m.Name, StringComparer.Ordinal);
        var after = ExpectedMemberStackSets.Read(context.Options.Package).ToDictionary(m => m.Name, StringComparer.Ordinal);
        var result = ImmutableArray.CreateBuilder<MemberStackSetChange>();
        foreach (var name in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            var was = before.GetValueOrDefault(name);
            var now = after.GetValueOrDefault(name);
            if (was is not null && now is not null && was.TargetOuIds.Order(StringComparer.Ordinal).SequenceEqual(now.TargetOuIds.Order(StringComparer.Ordinal)))
            {
                continue;
            }

            var control = (now ?? was)!.ControlId;
            var from = was?.TargetOuIds ?? [];
            var to = now?.TargetOuIds ?? [];
            var replaced = now is null ? after.Values.FirstOrDefault(m => m.ControlId == control && !before.ContainsKey(m.Name))?.Name
                : was is null ? before.Values.FirstOrDefault(m => m.ControlId == control && !after.ContainsKey(m.Name))?.Name
                : null;
            var (change, accounts, detail) = (was, now) switch
            {
                (null, _) => ("created", AccountsBelow(to), replaced is null
                    ? "StackSets creates its instances in every account below the targets"
                    : $"replaces {replaced}: where both templates give a resource the same name, its instances collide with the old ones until those are deleted (a variant's name_suffix keeps shipped templates apart)"),
                (_, null) => ("deleted", AccountsBelow(from), replaced is null
                    ? "the owner stack's delete handler deletes every instance and its resources"
                    : $"replaced by {replaced} (a rename: StackSetName is create-only); every instance is deleted"),
                _ => ("targets changed", AccountsBelow(from.Except(to, StringComparer.Ordinal)), "accounts below a removed target lose their instances; accounts below an added target get them"),
            };
            result.Add(new MemberStackSetChange(name, control, change, [.. from.Select(TargetName)], [.. to.Select(TargetName)], accounts, detail));
        }

        return result.ToImmutable();

        string TargetName(string id) => id == context.Org.RootId ? $"{OrgIndex.RootPath} ({id})" : context.Org.OuById(id) is { } ou ? $"{ou.Path} ({id})" : id;

        int AccountsBelow(IEnumerable<string> targets)
        {
            var set = targets.ToHashSet(StringComparer.Ordinal);
            return set.Count == 0 ? 0 : context.Org.EnrolledAccounts.Count(a => set.Contains(a.ParentId) || context.Org.AncestorsOf(a.ParentId).Any(set.Contains));
        }
    }
}
