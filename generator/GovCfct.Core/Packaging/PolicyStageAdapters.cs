using System.Collections.Immutable;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Policies;

namespace GovCfct.Core.Packaging;

/// <summary>Connects the policy stage (parser, statement-merging packer, lockout checker) to the package builder's seams.</summary>
public static class PolicyStageAdapters
{
    /// <summary>The break-glass role when the definition does not set <c>BreakGlassRoleName</c> (the catalog's default).</summary>
    public const string DefaultBreakGlassRoleName = "GovCloudBreakGlass";

    /// <summary>Parses each rendered control policy and packs them with <see cref="PolicyPacker"/>.</summary>
    public static PolicyPackFunction Packer(PolicyPacker packer) => (fragments, maxSize, slots, target, diagnostics) =>
    {
        var parsed = new List<PolicyFragment>();
        var ok = true;
        foreach (var fragment in fragments)
        {
            var location = fragment.Location ?? new SourceLocation(fragment.ControlId);
            var document = PolicyParser.Parse(fragment.Json, location.File, diagnostics);
            if (document is null)
            {
                ok = false;
                continue;
            }

            parsed.Add(new PolicyFragment(fragment.ControlId, document, location));
        }

        var result = packer.Pack(parsed, maxSize, slots, $"OU '{target}'", diagnostics);
        return new PolicyPackOutcome([.. result.Policies.Select(p => new PackedDocument(p.ControlIds, p.MinifiedJson))], ok && result.Fits);
    };

    /// <summary>Runs the lockout check on the SCPs in effect at an OU (RCPs restrict resources, not the platform's principals).</summary>
    public static PolicySetCheck Lockout(LockoutChecker checker) => (definition, ouPath, policies, diagnostics) =>
    {
        var documents = new List<(string Name, PolicyDocument Doc)>();
        foreach (var policy in policies.Where(p => p.Kind == DeployMethod.Scp))
        {
            var document = PolicyParser.Parse(policy.Json, $"policies/{policy.Name}.json", diagnostics);
            if (document is not null)
            {
                documents.Add((policy.Name, document));
            }
        }

        if (documents.Count == 0)
        {
            return;
        }

        var principals = Principals(definition);
        checker.Check(documents, principals, diagnostics);
    };

    private static ImmutableArray<ProtectedPrincipal> Principals(GovernanceDefinition definition)
    {
        var breakGlass = definition.Parameters.GetValueOrDefault("BreakGlassRoleName")?.Scalar ?? DefaultBreakGlassRoleName;
        var organization = definition.Organization;
        return ProtectedPrincipal.FromPatterns(organization.Principals, breakGlass, organization.GovernedRegions, organization.ResourcePrefix);
    }
}
