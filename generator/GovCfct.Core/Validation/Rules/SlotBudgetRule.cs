using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Packaging;
using YamlDotNet.RepresentationModel;

namespace GovCfct.Core.Validation.Rules;

/// <summary>
/// Policies attached per OU against the per-target quota (historically 5 SCPs). Without a snapshot the
/// reserved slots (FullAWSAccess, Control Tower's guardrail policies) are assumed; with one, the policies
/// already attached there that the manifest does not re-attach are counted instead.
/// </summary>
internal sealed class SlotBudgetRule : IValidationRule
{
    public IReadOnlyList<string> Codes { get; } = [DiagnosticCodes.PolicySlotsExceeded];

    public void Check(PackageContext context, DiagnosticBag diagnostics)
    {
        CheckKind(context, DeployMethod.Scp, context.Options.Settings.ScpLimits, "SERVICE_CONTROL_POLICY", diagnostics);
        CheckKind(context, DeployMethod.Rcp, context.Options.Settings.RcpLimits, "RESOURCE_CONTROL_POLICY", diagnostics);
    }

    private static void CheckKind(PackageContext context, DeployMethod method, PolicyLimits limits, string policyType, DiagnosticBag diagnostics)
    {
        // OU reference → (policy names in the manifest, first mention for the location)
        var byOu = new Dictionary<string, (SortedSet<string> Names, YamlScalarNode At)>(StringComparer.Ordinal);
        foreach (var node in context.Manifest.Resources)
        {
            if (node.Resource?.DeployMethod != method || node.OrganizationalUnits is not { } ous)
            {
                continue;
            }

            foreach (var ou in ous.Children.OfType<YamlScalarNode>())
            {
                var key = string.Join(':', (ou.Value ?? string.Empty).Split(':').Select(s => s.Trim()).Where(s => s.Length > 0));
                if (!byOu.TryGetValue(key, out var entry))
                {
                    byOu[key] = entry = (new SortedSet<string>(StringComparer.Ordinal), ou);
                }

                entry.Names.Add(node.Resource.Name);
            }
        }

        var targetIds = TargetIds(context);
        var kind = method == DeployMethod.Scp ? "SCPs" : "RCPs";
        foreach (var (ou, (names, at)) in byOu.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            int others;
            string why;
            if (context.Organization is { } org && targetIds.TryGetValue(ou, out var id))
            {
                var attached = org.Policies.Where(p => p.Type == policyType && p.Targets.Contains(id) && !names.Contains(p.Name)).Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
                others = attached.Count;
                why = others == 0 ? "no other policy is attached there" : $"{others} already attached there ({string.Join(", ", attached)})";
            }
            else
            {
                others = limits.Reserved;
                why = $"{others} reserved for FullAWSAccess and Control Tower";
            }

            var total = names.Count + others;
            if (total > limits.MaxAttached)
            {
                diagnostics.Error(DiagnosticCodes.PolicySlotsExceeded, $"OU '{ou}' would have {total} {kind} attached ({names.Count} from this manifest: {string.Join(", ", names)}; {why}); the quota is {limits.MaxAttached}", context.Manifest.At(at), "merge policies, attach some higher in the tree, or raise the limit setting if your quota is higher");
            }
        }
    }

    private static Dictionary<string, string> TargetIds(PackageContext context)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        if (context.Organization is { } org)
        {
            ids["Root"] = org.RootId;
            foreach (var ou in org.OrganizationalUnits)
            {
                ids[ou.Path] = ou.Id;
            }
        }

        return ids;
    }
}
