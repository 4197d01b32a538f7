using System.Collections.Immutable;
using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Packaging;

namespace GovCfct.Core.Planning;

/// <summary>A manifest resource's targets as CfCT resolves them against one organization.</summary>
internal sealed record ResolvedTargets(
    bool UsesRoot,
    ImmutableArray<PolicyTarget> Ous,
    ImmutableArray<string> UnresolvedOus,
    ImmutableArray<string> AccountIds,
    ImmutableArray<string> ListedAccountIds,
    ImmutableArray<string> Regions)
{
    /// <summary>Every (account, region) pair of a stack set.</summary>
    public IEnumerable<(string Account, string Region)> Instances =>
        AccountIds.SelectMany(a => Regions.Select(r => (a, r)));
}

/// <summary>
/// CfCT's target resolution (docs/facts/cfct.md §4): bare names match top-level OUs only, nested paths match level by
/// level, <c>Root</c> means every enrolled account and hides the other OUs; stack sets reach only accounts
/// DIRECTLY in a listed OU; account entries are 12-digit ids or case-insensitive names of ACTIVE accounts.
/// </summary>
internal static class TargetResolver
{
    public static ResolvedTargets Resolve(ManifestResource resource, string homeRegion, OrgIndex org, DiagnosticBag? diagnostics)
    {
        var isStackSet = resource.DeployMethod == DeployMethod.StackSet;
        var entries = resource.OrganizationalUnits.IsDefault ? [] : resource.OrganizationalUnits;
        var usesRoot = entries.Any(e => e.Trim() == OrgIndex.RootPath);
        var ous = ImmutableArray.CreateBuilder<PolicyTarget>();
        var unresolved = ImmutableArray.CreateBuilder<string>();
        var accounts = new SortedSet<string>(StringComparer.Ordinal);

        if (usesRoot && isStackSet && entries.Length > 1)
        {
            diagnostics?.Report(DiagnosticCodes.PlanRootWithOtherOus, $"stack set '{resource.Name}' lists Root and other OUs; CfCT ignores the others", resource.Location, "list Root alone, or the OUs without Root");
        }

        foreach (var entry in entries)
        {
            var segments = entry.Split(':').Select(s => s.Trim()).Where(s => s.Length > 0).ToArray();
            var text = string.Join(':', segments);
            if (text == OrgIndex.RootPath)
            {
                ous.Add(new PolicyTarget(OrgIndex.RootPath, org.RootId));
                continue;
            }

            var nested = entry.Contains(':', StringComparison.Ordinal);
            var ou = nested ? org.OuByPath(text) : org.TopLevel(text);
            if (ou is null)
            {
                unresolved.Add(entry);
                if (isStackSet && nested)
                {
                    diagnostics?.Report(DiagnosticCodes.PlanNestedOuMissing, $"stack set '{resource.Name}': OU path '{entry}' does not exist in the organization; CfCT's StackSet stage fails on it", resource.Location, "correct the path (full path from Root, without Root, separated by ':') or create the OU first");
                }
                else if (isStackSet)
                {
                    var deeper = org.Snapshot.OrganizationalUnits.FirstOrDefault(o => o.Name == text);
                    var hint = deeper is null ? "check the spelling (exact, case-sensitive)" : $"a bare name only matches top-level OUs; write the full path '{deeper.Path}'";
                    diagnostics?.Report(DiagnosticCodes.PlanBareOuMissing, $"stack set '{resource.Name}': '{entry}' is not a top-level OU; CfCT targets no account there (existing instances are deleted)", resource.Location, hint);
                }
                else
                {
                    diagnostics?.Report(DiagnosticCodes.PlanPolicyOuMissing, $"{resource.DeployMethod.ToString().ToUpperInvariant()} '{resource.Name}': OU '{entry}' does not exist; CfCT skips it and attaches the policy nowhere there", resource.Location, "correct the OU name or path");
                }

                continue;
            }

            ous.Add(new PolicyTarget(ou.Path, ou.Id));
            if (isStackSet && !usesRoot)
            {
                foreach (var account in org.AccountsIn(ou.Id).Where(OrgIndex.IsActive))
                {
                    accounts.Add(account.Id);
                }
            }
        }

        if (isStackSet && usesRoot)
        {
            foreach (var account in org.EnrolledAccounts)
            {
                accounts.Add(account.Id);
            }
        }

        var listed = ImmutableArray.CreateBuilder<string>();
        if (isStackSet && !resource.Accounts.IsDefault)
        {
            foreach (var entry in resource.Accounts)
            {
                var account = IsAccountId(entry) ? org.Account(entry) : org.ActiveAccountByName(entry);
                if (account is null || !OrgIndex.IsActive(account))
                {
                    diagnostics?.Report(DiagnosticCodes.PlanAccountUnknown, $"stack set '{resource.Name}': account '{entry}' is not an ACTIVE account of the organization; CfCT drops it silently", resource.Location, "use the 12-digit id of an enrolled account");
                    continue;
                }

                listed.Add(account.Id);
                accounts.Add(account.Id);
            }
        }

        var regions = resource.Regions.IsDefaultOrEmpty ? [homeRegion] : resource.Regions.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray();
        return new ResolvedTargets(usesRoot, ous.ToImmutable(), unresolved.ToImmutable(), [.. accounts], listed.ToImmutable(), regions);
    }

    /// <summary>CfCT's test: all digits and exactly 12 characters is an id, anything else a name.</summary>
    public static bool IsAccountId(string entry) => entry.Length == 12 && entry.All(char.IsAsciiDigit);

    /// <summary>The manifest's targets as written, for reports.</summary>
    public static ImmutableArray<string> Describe(ManifestResource resource) =>
        [.. (resource.OrganizationalUnits.IsDefault ? [] : resource.OrganizationalUnits).Select(o => "ou:" + o),
         .. (resource.Accounts.IsDefault ? [] : resource.Accounts).Select(a => "account:" + a)];

    public static string DisplayName(OrgAccount? account, string id) => account?.Name ?? id;
}
