using System.Collections.Immutable;
using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Policies;

namespace GovCfct.Core.Packaging;

/// <summary>
/// The packager's policy stages, always run: packing rendered SCP/RCP controls with statement merging
/// (<see cref="PolicyPacker"/>), the lockout and escalation checks of every OU's effective SCP set
/// (<see cref="LockoutChecker"/>, <see cref="EscalationChecker"/>) and the alert-protection check of the finished package
/// (<see cref="AlertProtectionChecker"/>). None is a parameter, so no build can leave out a check that protects the organization.
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
        return ProtectedPrincipal.FromPatterns(settings.Principals, settings.BreakGlassRoleName ?? string.Empty, regions, settings.ProtectedResourcePrefix);
    }

    /// <summary>Runs <see cref="LockoutChecker"/> over the SCPs in effect at an OU (RCPs do not restrict principals' own calls).</summary>
    public static void CheckLockout(ImmutableArray<ProtectedPrincipal> principals, string ouPath, IReadOnlyList<EffectivePolicy> policies, DiagnosticBag diagnostics, LockoutChecker? checker = null)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var local = new DiagnosticBag();
        (checker ?? new LockoutChecker()).Check(ScpDocuments(policies, diagnostics), principals, local);
        AddAt(ouPath, local, diagnostics);
    }

    /// <summary>
    /// The principals the escalation check lets try to become an exempted one: an Identity Center session of the
    /// settings' Admin permission set and an ordinary system role (<see cref="EscalationChecker.DefaultAttackers"/>).
    /// </summary>
    public static ImmutableArray<string> EscalationAttackers(GovernanceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return EscalationChecker.DefaultAttackers(settings.AdminPermissionSetName);
    }

    /// <summary>
    /// Runs <see cref="EscalationChecker"/> over the SCPs in effect at an OU: every principal pattern they exempt must be
    /// one the attackers cannot create, re-trust, grant or pass. Parse errors are the lockout check's to report.
    /// </summary>
    public static void CheckEscalation(ImmutableArray<string> attackers, string ouPath, IReadOnlyList<EffectivePolicy> policies, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var local = new DiagnosticBag();
        new EscalationChecker().Check(ScpDocuments(policies, new DiagnosticBag()), attackers, local);
        AddAt(ouPath, local, diagnostics);
    }

    /// <summary>The requests a region deny leaves open unless another statement closes them: switching a region on or off.</summary>
    public static ImmutableArray<string> RegionOptInActions { get; } = ["account:EnableRegion", "account:DisableRegion"];

    /// <summary>
    /// True for Control Tower's OU region deny, CT.MULTISERVICE.PV.1, whose NotAction exempts <c>account:*</c>. (The
    /// catalog's own deny-regions denies switching regions in the same policy, so it needs no companion.)
    /// </summary>
    public static bool IsRegionDeny(Catalog.ControlDefinition control)
    {
        ArgumentNullException.ThrowIfNull(control);
        return string.Equals(control.ControlTower?.LegacyName, "CT.MULTISERVICE.PV.1", StringComparison.Ordinal);
    }

    /// <summary>
    /// Where a region deny applies, the SCPs in effect must also deny the attackers (an Admin session, a system role)
    /// enabling or disabling a region: CT.MULTISERVICE.PV.1 exempts <c>account:*</c> (its NotAction), so without another
    /// statement a member account could opt in to a region the deny never names.
    /// </summary>
    /// <returns>True when the check reported the OU.</returns>
    public static bool CheckRegionOptIn(ImmutableArray<string> attackers, string ouPath, SourceLocation? at, IReadOnlyList<EffectivePolicy> policies, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var documents = ScpDocuments(policies, new DiagnosticBag());
        var evaluator = new PolicyEvaluator();
        foreach (var attacker in attackers)
        {
            var open = RegionOptInActions.Where(action => evaluator.Evaluate(documents, RequestContext.Create(
                attacker,
                action,
                "*",
                ("aws:PrincipalAccount", EscalationChecker.SampleAccount),
                ("aws:RequestedRegion", ProtectedPrincipal.GlobalRegion),
                ("aws:PrincipalType", "AssumedRole"))).Decision != PolicyDecision.ExplicitDeny).ToList();
            if (open.Count > 0)
            {
                var where = ouPath.Length == 0 ? "the root" : $"OU '{ouPath}'";
                diagnostics.Report(DiagnosticCodes.RegionOptInNotDenied, $"a region deny applies at {where}, but no SCP in effect there denies {attacker} {string.Join(" and ", open)}", at, "assign deny-region-opt-in wherever ct-region-deny is assigned (Control Tower's region deny lists account:* in its NotAction)");
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Runs <see cref="AlertProtectionChecker"/> over the finished package: every resource an alert depends on in the
    /// stack-set templates (path → text) carries the settings' prefix name or protection tag and is protected by one of
    /// its SCPs (name → JSON); every protected name pattern matches a resource the package creates.
    /// </summary>
    public static void CheckAlertProtection(GovernanceSettings settings, IReadOnlyDictionary<string, string> templates, IReadOnlyList<(string Name, string Json)> scps, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(scps);
        var documents = new List<(string Name, PolicyDocument Doc)>();
        foreach (var (name, json) in scps)
        {
            if (PolicyParser.Parse(json, $"policies/{name}.json", new DiagnosticBag()) is { } document)
            {
                documents.Add((name, document));
            }
        }

        new AlertProtectionChecker(settings.ProtectedResourcePrefix, adminPermissionSetName: settings.AdminPermissionSetName).Check(templates, documents, diagnostics);
    }

    private static List<(string Name, PolicyDocument Doc)> ScpDocuments(IReadOnlyList<EffectivePolicy> policies, DiagnosticBag diagnostics)
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

        return documents;
    }

    private static void AddAt(string ouPath, DiagnosticBag local, DiagnosticBag diagnostics)
    {
        var where = ouPath.Length == 0 ? "the root" : $"OU '{ouPath}'";
        diagnostics.AddRange(local.Items.Select(d => d with { Message = $"{d.Message} (in effect at {where})" }));
    }
}
