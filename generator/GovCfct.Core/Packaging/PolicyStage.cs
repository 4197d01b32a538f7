using System.Collections.Immutable;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Policies;

namespace GovCfct.Core.Packaging;

/// <summary>
/// The packager's two policy stages, always run: packing rendered SCP/RCP controls with statement merging
/// (<see cref="PolicyPacker"/>) and the lockout check of every OU's effective SCP set (<see cref="LockoutChecker"/>).
/// Neither is a parameter, so no build can leave out the check that protects the organization.
/// </summary>
public static class PolicyStage
{
    /// <summary>
    /// Parses each rendered control policy, checks its actions, then packs with <see cref="PolicyPacker"/>. A control
    /// whose policy does not parse makes the outcome not fit.
    /// </summary>
    public static PolicyPackOutcome Pack(IReadOnlyList<PolicyPackInput> fragments, int maxSize, int slots, string target, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(fragments);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var parsed = new List<PolicyFragment>();
        var ok = true;
        var checker = new PolicyActionChecker();
        foreach (var fragment in fragments)
        {
            var location = fragment.Location ?? new SourceLocation(target);
            var local = new DiagnosticBag();
            var document = PolicyParser.Parse(fragment.Json, fragment.ControlId, local);
            if (document is not null)
            {
                checker.Check(document, local);
            }

            // Positions inside rendered JSON mean nothing to the user; point at the control assignment instead.
            diagnostics.AddRange(local.Items.Select(d => d with { Message = $"rendered policy of control '{fragment.ControlId}': {d.Message}", Location = location }));
            if (document is null || local.HasErrors)
            {
                ok = false;
                continue;
            }

            parsed.Add(new PolicyFragment(fragment.ControlId, document with { Location = location }, location));
        }

        var packed = new PolicyPacker().Pack(parsed, maxSize, slots, target, diagnostics);
        return new PolicyPackOutcome([.. packed.Policies.Select(p => new PackedDocument(p.ControlIds, p.MinifiedJson))], ok && packed.Fits);
    }

    /// <summary>The principals the lockout check protects: the settings' platform principals and break-glass role, in its governed regions.</summary>
    public static ImmutableArray<ProtectedPrincipal> ProtectedPrincipals(GovernanceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        IEnumerable<string>? regions = settings.GovernedRegions.IsDefaultOrEmpty ? null : settings.GovernedRegions;
        return ProtectedPrincipal.FromPatterns(settings.Principals, settings.BreakGlassRoleName ?? string.Empty, regions, settings.ResourcePrefix.Length > 0 ? settings.ResourcePrefix : "gc");
    }

    /// <summary>Runs <see cref="LockoutChecker"/> over the SCPs in effect at an OU (RCPs do not restrict principals' own calls).</summary>
    public static void CheckLockout(ImmutableArray<ProtectedPrincipal> principals, string ouPath, IReadOnlyList<EffectivePolicy> policies, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var documents = new List<(string Name, PolicyDocument Doc)>();
        foreach (var policy in policies.Where(p => p.Kind == DeployMethod.Scp))
        {
            var document = PolicyParser.Parse(policy.Json, $"policies/{policy.Name}.json", diagnostics);
            if (document is not null)
            {
                documents.Add((policy.Name, document));
            }
        }

        var local = new DiagnosticBag();
        new LockoutChecker().Check(documents, principals, local);
        var where = ouPath.Length == 0 ? "the root" : $"OU '{ouPath}'";
        diagnostics.AddRange(local.Items.Select(d => d with { Message = $"{d.Message} (in effect at {where})" }));
    }
}
