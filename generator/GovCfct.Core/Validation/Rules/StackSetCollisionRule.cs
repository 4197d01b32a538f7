using System.Collections.Immutable;
using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Core.Validation.Rules;

/// <summary>
/// With <c>--previous</c>: a stack set that left the manifest while enable_stack_set_deletion is off keeps its stacks, and
/// a stack set of this package that reaches the same OUs or accounts in the same regions with a template claiming the
/// same names cannot be created beside them (GCF2092). Without an organization snapshot the overlap is judged on the
/// manifest's targets as written; <c>govcfct plan</c> resolves them to accounts (GCF3200) and prints the safe order.
/// </summary>
internal sealed class StackSetCollisionRule : IValidationRule
{
    public IReadOnlyList<DiagnosticDescriptor> Codes { get; } = [DiagnosticCodes.StackSetRenameCollision];

    public void Check(PackageContext context, DiagnosticBag diagnostics)
    {
        if (context.Manifest.Manifest is not { } manifest || manifest.EnableStackSetDeletion == true
            || context.Previous?.Manifest is not { } previous || context.PreviousFiles is not { } previousFiles)
        {
            return;
        }

        var stackSets = manifest.Resources.Where(r => r.DeployMethod == DeployMethod.StackSet).ToList();
        var current = stackSets.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var old in previous.Resources.Where(r => r.DeployMethod == DeployMethod.StackSet && !current.Contains(r.Name)).OrderBy(r => r.Name, StringComparer.Ordinal))
        {
            if (!previousFiles.Files.TryGetValue(PackageContext.Normalize(old.ResourceFile), out var oldTemplate))
            {
                continue;
            }

            var oldRegions = (old.Regions.IsDefaultOrEmpty ? [previous.Region] : old.Regions).ToHashSet(StringComparer.Ordinal);
            foreach (var resource in stackSets)
            {
                var ous = Targets(old.OrganizationalUnits).Intersect(Targets(resource.OrganizationalUnits), StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                var accounts = old.Accounts.Intersect(resource.Accounts, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                var regions = context.StackSetRegions(resource).Where(oldRegions.Contains).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                if ((ous.Count == 0 && accounts.Count == 0) || regions.Count == 0
                    || !context.Package.Files.TryGetValue(PackageContext.Normalize(resource.ResourceFile), out var template))
                {
                    continue;
                }

                var shared = NamedResources.Shared(oldTemplate, Inline(old), template, Inline(resource));
                if (shared is not { IsEmpty: false } names)
                {
                    continue;
                }

                var where = string.Join("; ", new[] { ous.Count > 0 ? $"OU(s) {string.Join(", ", ous)}" : null, accounts.Count > 0 ? $"account(s) {string.Join(", ", accounts)}" : null }.OfType<string>());
                var at = context.Manifest.Resources.FirstOrDefault(n => n.Resource?.Name == resource.Name) is { } node ? context.Manifest.At(node.Node) : context.Manifest.AtLine(1);
                diagnostics.Report(
                    DiagnosticCodes.StackSetRenameCollision,
                    $"stack set '{resource.Name}' reaches {where} in {string.Join(", ", regions)}, where '{old.Name}', which left the manifest without enable_stack_set_deletion, keeps its stacks: both templates claim {Describe(names)}",
                    at,
                    $"safe order: 1. aws cloudformation delete-stack-instances --stack-set-name {old.DeployedName} --accounts <the accounts of {where}> --regions {string.Join(' ', regions)} --no-retain-stacks (govcfct plan --previous lists them); 2. wait for the operation, then publish; 3. aws cloudformation delete-stack-set --stack-set-name {old.DeployedName}. Or end the template's physical names with {{{{ name_suffix }}}}");
            }
        }
    }

    // CfCT's OU reference: a path "A:B", or "Name (ou-id)"; the id identifies it when present.
    private static IEnumerable<string> Targets(ImmutableArray<string> ous) =>
        ous.IsDefault ? [] : ous.Select(o => o.Trim()).Select(o => o.EndsWith(')') && o.LastIndexOf('(') is var open and > 0 ? o[(open + 1)..^1].Trim() : o);

    private static Dictionary<string, string> Inline(ManifestResource resource) =>
        resource.Parameters.IsDefault ? [] : resource.Parameters.GroupBy(p => p.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);

    private static string Describe(ImmutableArray<string> names) =>
        string.Join(", ", names.Take(3)) + (names.Length > 3 ? $" and {names.Length - 3} more" : string.Empty);
}
