using System.Collections.Immutable;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Packaging;

namespace GovCfct.Core.Policies;

/// <summary>
/// Plugs the policy stage into the package builder's extension points (<see cref="PolicyPackFunction"/> and
/// <see cref="PolicySetCheck"/>), so <c>govcfct build</c> packs with statement merging and fails on a lockout.
/// </summary>
public static class PackagingAdapters
{
    /// <summary>The break-glass role name when the definition does not set the BreakGlassRoleName parameter.</summary>
    public const string DefaultBreakGlassRoleName = "GovCloudBreakGlass";

    /// <summary>
    /// A <see cref="PolicyPackFunction"/>: parses each rendered control policy, checks its actions, then packs with
    /// <see cref="PolicyPacker"/>. A control whose policy does not parse makes the outcome not fit.
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

    /// <summary>A <see cref="PolicySetCheck"/> for the definition's platform principals, break-glass role, regions and prefix.</summary>
    public static PolicySetCheck LockoutCheck(GovernanceDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var breakGlass = definition.Parameters.TryGetValue("BreakGlassRoleName", out var value) && !string.IsNullOrEmpty(value.Scalar)
            ? value.Scalar
            : DefaultBreakGlassRoleName;
        var organization = definition.Organization;
        return LockoutCheck(ProtectedPrincipal.FromPatterns(organization.Principals, breakGlass, organization.GovernedRegions, organization.ResourcePrefix));
    }

    /// <summary>
    /// A <see cref="PolicySetCheck"/> that runs <see cref="EscalationChecker"/> over the SCPs in effect at an OU, with an
    /// Identity Center session of the definition's Admin permission set (AdminPermissionSetName) as the would-be impostor.
    /// </summary>
    public static PolicySetCheck EscalationCheck(GovernanceDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var admin = definition.Parameters.TryGetValue("AdminPermissionSetName", out var value) && !string.IsNullOrEmpty(value.Scalar)
            ? value.Scalar
            : "AWSAdministratorAccess";
        return EscalationCheck(EscalationChecker.DefaultAttackers(admin));
    }

    /// <summary>A <see cref="PolicySetCheck"/> that runs <see cref="EscalationChecker"/> for the given would-be impostors over the SCPs in effect at an OU.</summary>
    public static PolicySetCheck EscalationCheck(ImmutableArray<string> attackers)
    {
        var checker = new EscalationChecker();
        return (ouPath, policies, diagnostics) =>
        {
            var documents = new List<(string Name, PolicyDocument Doc)>();
            foreach (var policy in policies.Where(p => p.Kind == DeployMethod.Scp))
            {
                var document = PolicyParser.Parse(policy.Json, $"policies/{policy.Name}.json", new DiagnosticBag());
                if (document is not null)
                {
                    documents.Add((policy.Name, document));
                }
            }

            var local = new DiagnosticBag();
            checker.Check(documents, attackers, local);
            var where = ouPath.Length == 0 ? "the root" : $"OU '{ouPath}'";
            diagnostics.AddRange(local.Items.Select(d => d with { Message = $"{d.Message} (in effect at {where})" }));
        };
    }

    /// <summary>A <see cref="PackageProtectionCheck"/> that runs <see cref="AlertProtectionChecker"/> with the definition's resource prefix.</summary>
    public static PackageProtectionCheck ProtectionCheck(GovernanceDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var checker = new AlertProtectionChecker(definition.Organization.ResourcePrefix);
        return (templates, scps, diagnostics) =>
        {
            var documents = new List<(string Name, PolicyDocument Doc)>();
            foreach (var (name, json) in scps)
            {
                if (PolicyParser.Parse(json, $"policies/{name}.json", new DiagnosticBag()) is { } document)
                {
                    documents.Add((name, document));
                }
            }

            checker.Check(templates, documents, diagnostics);
        };
    }

    /// <summary>A <see cref="PolicySetCheck"/> that runs <see cref="LockoutChecker"/> over the SCPs in effect at an OU (RCPs do not restrict principals' own calls).</summary>
    public static PolicySetCheck LockoutCheck(ImmutableArray<ProtectedPrincipal> principals)
    {
        var checker = new LockoutChecker();
        return (ouPath, policies, diagnostics) =>
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

            var local = new DiagnosticBag();
            checker.Check(documents, principals, local);
            var where = ouPath.Length == 0 ? "the root" : $"OU '{ouPath}'";
            diagnostics.AddRange(local.Items.Select(d => d with { Message = $"{d.Message} (in effect at {where})" }));
        };
    }
}
