using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using GovCfct.Core.Catalog;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Core.Resolution;

/// <summary>
/// Expands inheritance: an OU's effective controls are the assignments on it and on every ancestor, minus opt-outs.
/// Each parameter resolves as assignment (nearest OU first) &gt; nearest OU <c>parameters</c> &gt; organization
/// <c>parameters</c> &gt; catalog default. Reports every problem at once, each diagnostic once.
/// </summary>
public sealed class ControlResolver
{
    private const string ManagementAccountOnlyHint =
        "remove the assignment: in member accounts the delegated administrator (the Audit account) already owns what it creates, so every stack instance would fail (GCF2901); assign it under management_account in organization.yaml, or configure the service organization-wide (guardduty-organization, security-hub-central)";

    private readonly GovernanceDefinition _definition;
    private readonly ControlCatalog _catalog;
    private readonly DiagnosticBag _diagnostics;
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);
    private readonly List<OuResolution> _ous = [];
    private readonly List<OptOutRecord> _optOuts = [];
    private readonly Dictionary<string, HashSet<string>> _subtreeParameterNames = new(StringComparer.Ordinal);

    // Every OU re-checks the same few (parameter, value) pairs; a check is a pure function of both, so each pair is checked once.
    private readonly Dictionary<ControlParameter, Dictionary<ParameterValue, string?>> _checked = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<object, EffectiveControls> _effective = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<InstanceKey, (ImmutableSortedDictionary<string, ParameterValue> Values, ImmutableSortedDictionary<string, ValueOrigin> Origins)> _instantiated = [];
    private int _treeIndex;

    private ControlResolver(GovernanceDefinition definition, ControlCatalog catalog, DiagnosticBag diagnostics)
    {
        _definition = definition;
        _catalog = catalog;
        _diagnostics = diagnostics;
    }

    /// <summary>Resolves every OU of the definition against the catalog.</summary>
    public static ResolutionResult Resolve(GovernanceDefinition definition, ControlCatalog catalog, DiagnosticBag diagnostics)
    {
        var resolver = new ControlResolver(definition, catalog, diagnostics);
        return resolver.Run();
    }

    private ResolutionResult Run()
    {
        var rootState = ImmutableDictionary<string, ImmutableList<(ControlAssignment Assignment, OuNode At)>>.Empty.WithComparers(StringComparer.Ordinal);
        Visit(_definition.Root, rootState, []);
        var accounts = ResolveAccounts();
        ReportUnusedParameters();
        return new ResolutionResult([.. _ous], [.. _optOuts])
        {
            OrganizationValueKeys = OrganizationValues(),
            Accounts = accounts,
        };
    }

    /// <summary>
    /// Account assignments: only stack sets, because CfCT attaches SCPs and RCPs to OUs only. Values come from the
    /// assignment, then the organization, then the catalog default (an account has no OU parameters to inherit).
    /// </summary>
    private ImmutableArray<AccountControlInstance> ResolveAccounts()
    {
        var result = ImmutableArray.CreateBuilder<AccountControlInstance>();
        var used = _subtreeParameterNames.GetValueOrDefault(string.Empty) ?? [];
        _subtreeParameterNames[string.Empty] = used;
        foreach (var account in _definition.TargetAccounts)
        {
            foreach (var assignment in account.Controls)
            {
                var control = _catalog.Find(assignment.ControlId);
                if (control is null)
                {
                    _diagnostics.Report(DiagnosticCodes.UnknownControl, $"unknown control '{assignment.ControlId}' assigned to {account.Display}", assignment.Location, UnknownControlHint(assignment.ControlId, "use a control id from 'govcfct controls' (the folder names under templates/)"));
                    continue;
                }

                if (control.Kind != ControlKind.StackSet)
                {
                    var kind = control.Kind switch
                    {
                        ControlKind.Scp => "an SCP",
                        ControlKind.Rcp => "an RCP",
                        _ => "a Control Tower control",
                    };
                    var hint = control.Kind == ControlKind.CtControl ? "assign it to the OU that holds the account: Control Tower enables controls on OUs only"
                        : account.IsManagement ? "remove it: SCPs and RCPs never apply to the management account"
                        : "assign it to the OU that holds the account instead: CfCT attaches SCPs and RCPs to OUs only";
                    _diagnostics.Report(DiagnosticCodes.AccountControlNotStackSet, $"control '{control.Id}' is {kind}; it cannot be assigned to {account.Display}", assignment.Location, hint);
                    continue;
                }

                if (control.ManagementAccountOnly && !account.IsManagement)
                {
                    _diagnostics.Report(DiagnosticCodes.ManagementAccountOnlyControl, $"control '{control.Id}' can never be assigned to {account.Display}: it is for the management account only", assignment.Location, ManagementAccountOnlyHint);
                    continue;
                }

                foreach (var (name, value) in assignment.Parameters)
                {
                    if (!control.Parameters.Any(p => p.Name == name))
                    {
                        var declared = control.Parameters.IsEmpty ? "none" : string.Join(", ", control.Parameters.Select(p => p.Name));
                        _diagnostics.Report(DiagnosticCodes.UnknownAssignmentParameter, $"control '{control.Id}' has no parameter '{name}'", value.Location ?? assignment.Location, $"remove it or use one of the declared parameters: {declared}");
                    }
                }

                used.UnionWith(control.Parameters.Select(p => p.Name));
                if (InstantiateForAccount(control, account, assignment) is { } instance)
                {
                    result.Add(instance);
                }
            }
        }

        return result.ToImmutable();
    }

    private AccountControlInstance? InstantiateForAccount(ControlDefinition control, TargetAccount account, ControlAssignment assignment)
    {
        var values = ImmutableSortedDictionary.CreateBuilder<string, ParameterValue>(StringComparer.Ordinal);
        var origins = ImmutableSortedDictionary.CreateBuilder<string, ValueOrigin>(StringComparer.Ordinal);
        var complete = true;
        foreach (var parameter in control.Parameters)
        {
            (ParameterValue Value, ValueOrigin Origin)? found =
                assignment.Parameters.TryGetValue(parameter.Name, out var own) ? (own, new ValueOrigin(ValueOriginKind.Assignment, string.Empty))
                : _definition.Parameters.TryGetValue(parameter.Name, out var org) ? (org, new ValueOrigin(ValueOriginKind.Organization, string.Empty))
                : parameter.Default is { } fallback ? (fallback, new ValueOrigin(ValueOriginKind.Default, string.Empty))
                : null;
            if (found is not { } hit)
            {
                complete = false;
                _diagnostics.Report(DiagnosticCodes.MissingRequiredParameter, $"control '{control.Id}' needs parameter '{parameter.Name}' for {account.Display}, and neither the assignment, the organization nor a default gives it", assignment.Location, $"set '{parameter.Name}' in the assignment's parameters or the organization's parameters");
                continue;
            }

            values[parameter.Name] = hit.Value;
            origins[parameter.Name] = hit.Origin;
            if (ParameterValueChecker.Check(parameter, hit.Value) is { } problem)
            {
                complete = false;
                var where = hit.Origin.Kind == ValueOriginKind.Assignment ? "assignment" : hit.Origin.ToString();
                _diagnostics.Report(DiagnosticCodes.InvalidParameterValue, $"parameter '{parameter.Name}' of control '{control.Id}' for {account.Display} ({where}): {problem}", hit.Value.Location ?? (hit.Origin.Kind == ValueOriginKind.Default ? control.Location : assignment.Location), "correct the value where it is set");
            }
        }

        return complete ? new AccountControlInstance(account, control, values.ToImmutable(), origins.ToImmutable(), assignment.Location) : null;
    }

    /// <summary>Depth-first walk; returns the parameter names declared by the controls in effect in this subtree.</summary>
    private HashSet<string> Visit(
        OuNode ou,
        ImmutableDictionary<string, ImmutableList<(ControlAssignment Assignment, OuNode At)>> inherited,
        ImmutableList<OuNode> chain)
    {
        var state = inherited;
        foreach (var exemption in ou.Exemptions)
        {
            if (_catalog.Find(exemption.ControlId) is null)
            {
                _diagnostics.Report(DiagnosticCodes.UnknownControl, $"opt-out names unknown control '{exemption.ControlId}'", exemption.Location, UnknownControlHint(exemption.ControlId, "use a control id from 'govcfct controls' or remove the opt-out"));
                continue;
            }

            if (!state.ContainsKey(exemption.ControlId))
            {
                _diagnostics.Report(DiagnosticCodes.OptOutNotInherited, $"OU '{Display(ou)}' opts out of '{exemption.ControlId}', which it does not inherit from any parent OU", exemption.Location, "remove the opt-out, or assign the control on an ancestor OU");
                continue;
            }

            state = state.Remove(exemption.ControlId);
            _optOuts.Add(new OptOutRecord(ou.Path, exemption.ControlId, exemption.Reason, exemption.Location));
        }

        foreach (var assignment in ou.Controls)
        {
            var control = _catalog.Find(assignment.ControlId);
            if (control is null)
            {
                _diagnostics.Report(DiagnosticCodes.UnknownControl, $"unknown control '{assignment.ControlId}' assigned at OU '{Display(ou)}'", assignment.Location, UnknownControlHint(assignment.ControlId, "use a control id from 'govcfct controls' (the folder names under templates/)"));
                continue;
            }

            if (control.ManagementAccountOnly)
            {
                _diagnostics.Report(DiagnosticCodes.ManagementAccountOnlyControl, $"control '{control.Id}' can never be assigned to an OU (here OU '{Display(ou)}'): it is for the management account only", assignment.Location, ManagementAccountOnlyHint);
                continue;
            }

            foreach (var (name, value) in assignment.Parameters)
            {
                if (!control.Parameters.Any(p => p.Name == name))
                {
                    var declared = control.Parameters.IsEmpty ? "none" : string.Join(", ", control.Parameters.Select(p => p.Name));
                    _diagnostics.Report(DiagnosticCodes.UnknownAssignmentParameter, $"control '{control.Id}' has no parameter '{name}'", value.Location ?? assignment.Location, $"remove it or use one of the declared parameters: {declared}");
                }
            }

            var previous = state.GetValueOrDefault(assignment.ControlId) ?? [];
            state = state.SetItem(assignment.ControlId, previous.Insert(0, (assignment, ou)));
        }

        var ouChain = chain.Insert(0, ou);
        HashSet<string> used;
        if (!ou.IsRoot)
        {
            var index = _treeIndex++;
            var effective = Effective(state);
            var parameterSource = ouChain.FirstOrDefault(o => o.Parameters.Count > 0);
            var instances = ImmutableArray.CreateBuilder<ControlInstance>(effective.Controls.Length);
            foreach (var (control, assignments) in effective.Controls)
            {
                instances.Add(Instantiate(control, ou, assignments, ouChain, parameterSource));
            }

            _ous.Add(new OuResolution(ou, index, instances.MoveToImmutable()));

            // A leaf shares its state's set of names (nobody adds to it); an OU with children unions theirs into a copy.
            used = ou.Children.IsEmpty ? effective.ParameterNames : new HashSet<string>(effective.ParameterNames, StringComparer.Ordinal);
        }
        else
        {
            used = new HashSet<string>(StringComparer.Ordinal);
        }

        foreach (var child in ou.Children)
        {
            used.UnionWith(Visit(child, state, ouChain));
        }

        _subtreeParameterNames[ou.Path] = used;
        return used;
    }

    // An OU inherits its parent's state object unless it assigns or opts out of something, so most OUs share one: its
    // controls in id order and the parameter names they declare are computed once per state.
    private EffectiveControls Effective(ImmutableDictionary<string, ImmutableList<(ControlAssignment Assignment, OuNode At)>> state)
    {
        if (!_effective.TryGetValue(state, out var effective))
        {
            var controls = state.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (_catalog.Find(kv.Key)!, kv.Value)).ToImmutableArray();
            effective = new EffectiveControls(controls, controls.SelectMany(c => c.Item1.Parameters).Select(p => p.Name).ToHashSet(StringComparer.Ordinal));
            _effective[state] = effective;
        }

        return effective;
    }

    // The values of a control depend only on its assignments (a list shared down the tree until an OU adds one) and on
    // the nearest OU of the chain that sets parameters (the chain above it is fixed); OUs between add nothing. So an
    // instance whose control, assignments and parameter source were seen before takes the same values, unless they
    // were reported as missing or invalid there (then every OU is resolved, and reported, as before).
    private ControlInstance Instantiate(
        ControlDefinition control,
        OuNode ou,
        ImmutableList<(ControlAssignment Assignment, OuNode At)> assignments,
        ImmutableList<OuNode> ouChain,
        OuNode? parameterSource)
    {
        var key = new InstanceKey(control, assignments, parameterSource);
        if (_instantiated.TryGetValue(key, out var known))
        {
            return new ControlInstance(control, ou, known.Values, known.Origins, assignments[0].At.Path);
        }

        var reportedBefore = _diagnostics.Items.Count;
        var instance = Resolve(control, ou, assignments, ouChain);
        if (_diagnostics.Items.Count == reportedBefore && instance.Values.Count == control.Parameters.Length && instance.Values.All(v => Problem(control.Parameters.First(p => p.Name == v.Key), v.Value) is null))
        {
            _instantiated[key] = (instance.Values, instance.Origins);
        }

        return instance;
    }

    private ControlInstance Resolve(
        ControlDefinition control,
        OuNode ou,
        ImmutableList<(ControlAssignment Assignment, OuNode At)> assignments,
        ImmutableList<OuNode> ouChain)
    {
        var values = ImmutableSortedDictionary.CreateBuilder<string, ParameterValue>(StringComparer.Ordinal);
        var origins = ImmutableSortedDictionary.CreateBuilder<string, ValueOrigin>(StringComparer.Ordinal);
        foreach (var parameter in control.Parameters)
        {
            var found = Lookup(parameter.Name, assignments, ouChain);
            if (found is null && parameter.Default is { } fallback)
            {
                found = (fallback, new ValueOrigin(ValueOriginKind.Default, string.Empty));
            }

            if (found is not { } hit)
            {
                var assignment = assignments[0];
                if (_reported.Add($"missing\u001f{control.Id}\u001f{parameter.Name}\u001f{assignment.Assignment.Location}"))
                {
                    _diagnostics.Report(DiagnosticCodes.MissingRequiredParameter, $"control '{control.Id}' needs parameter '{parameter.Name}' at OU '{Display(ou)}' (assigned at '{Display(assignment.At)}'), and no assignment, OU, organization or default gives it", assignment.Assignment.Location, $"set '{parameter.Name}' in the organization's parameters, the OU's parameters, or the assignment");
                }

                continue;
            }

            values[parameter.Name] = hit.Value;
            origins[parameter.Name] = hit.Origin;
            Validate(control, parameter, hit.Value, hit.Origin, ou);
        }

        return new ControlInstance(control, ou, values.ToImmutable(), origins.ToImmutable(), assignments[0].At.Path);
    }

    private (ParameterValue Value, ValueOrigin Origin)? Lookup(
        string name,
        ImmutableList<(ControlAssignment Assignment, OuNode At)> assignments,
        ImmutableList<OuNode> ouChain)
    {
        foreach (var (assignment, at) in assignments)
        {
            if (assignment.Parameters.TryGetValue(name, out var value))
            {
                return (value, new ValueOrigin(ValueOriginKind.Assignment, at.Path));
            }
        }

        foreach (var ou in ouChain)
        {
            if (ou.Parameters.TryGetValue(name, out var value))
            {
                return (value, new ValueOrigin(ValueOriginKind.OuParameter, ou.Path));
            }
        }

        return _definition.Parameters.TryGetValue(name, out var org)
            ? (org, new ValueOrigin(ValueOriginKind.Organization, string.Empty))
            : null;
    }

    private string? Problem(ControlParameter parameter, ParameterValue value)
    {
        if (!_checked.TryGetValue(parameter, out var byValue))
        {
            byValue = [];
            _checked[parameter] = byValue;
        }

        if (!byValue.TryGetValue(value, out var problem))
        {
            problem = ParameterValueChecker.Check(parameter, value);
            byValue[value] = problem;
        }

        return problem;
    }

    private void Validate(ControlDefinition control, ControlParameter parameter, ParameterValue value, ValueOrigin origin, OuNode ou)
    {
        var problem = Problem(parameter, value);
        if (problem is null)
        {
            return;
        }

        var location = value.Location ?? (origin.Kind == ValueOriginKind.Default ? control.Location : ou.Location);
        if (_reported.Add($"invalid\u001f{control.Id}\u001f{parameter.Name}\u001f{location}\u001f{value.Canonical}"))
        {
            _diagnostics.Report(DiagnosticCodes.InvalidParameterValue, $"parameter '{parameter.Name}' of control '{control.Id}' at OU '{Display(ou)}' ({origin}): {problem}", location, "correct the value where it is set");
        }
    }

    private void ReportUnusedParameters()
    {
        // A name no control in the catalog declares is a typo whose override would be lost: an error. A name some
        // control declares, only not one in effect here, does no harm: a warning.
        var declared = _catalog.Controls.SelectMany(c => c.Parameters).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var ou in _definition.AllOus())
        {
            var used = _subtreeParameterNames.GetValueOrDefault(ou.Path) ?? [];
            foreach (var (name, value) in ou.Parameters)
            {
                if (!declared.Contains(name) && !PlatformParameterNames.IsPlatform(name))
                {
                    _diagnostics.Report(DiagnosticCodes.UnknownParameter, $"parameter '{name}' of OU '{ou.Path}' is declared by no control in the catalog, so its value would be lost", value.Location ?? ou.Location, $"check its spelling against the controls' parameters{Closest(name, declared)}");
                }
                else if (!used.Contains(name))
                {
                    _diagnostics.Report(DiagnosticCodes.UnusedParameter, $"parameter '{name}' of OU '{ou.Path}' is used by no control assigned to this OU or below it", value.Location ?? ou.Location, "remove it, or check its spelling against the controls' parameters");
                }
            }
        }

        var all = _subtreeParameterNames.GetValueOrDefault(string.Empty) ?? [];
        foreach (var (name, value) in _definition.Parameters)
        {
            if (PlatformParameterNames.IsPlatform(name))
            {
                CheckPlatformParameter(name, value);
                continue;
            }

            if (_definition.DerivedParameterNames.Contains(name))
            {
                continue;
            }

            if (!declared.Contains(name))
            {
                _diagnostics.Report(DiagnosticCodes.UnknownParameter, $"organization parameter '{name}' is declared by no control in the catalog, so its value would be lost", value.Location ?? _definition.Organization.Location, $"check its spelling against the controls' parameters{Closest(name, declared)}");
            }
            else if (!all.Contains(name))
            {
                _diagnostics.Report(DiagnosticCodes.UnusedParameter, $"organization parameter '{name}' is used by no assigned control", value.Location ?? _definition.Organization.Location, "remove it, or check its spelling against the controls' parameters");
            }
        }
    }

    // The exemptions every generated deny carries are built from these values: a break-glass role name with a trailing
    // newline would exempt no role at all, silently. IAM role names (and paths) are IAM User Guide, "IAM object quotas"
    // and "IAM identifiers": letters, digits and +=,.@_- , at most 64 characters for the name.
    private void CheckPlatformParameter(string name, ParameterValue value)
    {
        IEnumerable<string> items = value.Kind == ParameterValueKind.List ? value.Items : [value.Scalar];
        foreach (var item in items)
        {
            var problem = ParameterValueChecker.ControlCharacter(item)
                ?? (name == PlatformParameterNames.BreakGlassRoleName && item.Length > 0 && !ParameterValueChecker.IsIamRoleName(item)
                    ? $"'{item}' is not an IAM role name (letters, digits and +=,.@_- , at most 64 characters, after an optional path)"
                    : null);
            if (problem is not null)
            {
                _diagnostics.Report(DiagnosticCodes.InvalidParameterValue, $"organization parameter '{name}': {problem}", value.Location ?? _definition.Organization.Location, "write the value on one line, exactly as IAM shows it");
            }
        }
    }

    /// <summary>The catalog's ids nearest a mistyped control id first ("did you mean 'deny-regions'?"), then <paramref name="otherwise"/>.</summary>
    private string UnknownControlHint(string controlId, string otherwise) =>
        NearestNames.DidYouMean(controlId, _catalog.Controls.Select(c => c.Id)) is { } near ? $"{near} Otherwise {otherwise}" : otherwise;

    /// <summary>" (did you mean 'X'?)" for the declared name that differs only in case, or is the closest by edit distance (at most 2).</summary>
    private static string Closest(string name, HashSet<string> declared)
    {
        var best = declared
            .Select(d => (Name: d, Distance: string.Equals(d, name, StringComparison.OrdinalIgnoreCase) ? 0 : NearestNames.Distance(d, name)))
            .Where(d => d.Distance <= 2)
            .OrderBy(d => d.Distance)
            .ThenBy(d => d.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        return best.Name is null ? string.Empty : $" (did you mean '{best.Name}'?)";
    }

    private ImmutableDictionary<string, string> OrganizationValues()
    {
        var result = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var rootAssignments = _definition.Root.Controls;
        foreach (var control in _catalog.Controls)
        {
            var values = ImmutableSortedDictionary.CreateBuilder<string, ParameterValue>(StringComparer.Ordinal);
            foreach (var parameter in control.Parameters)
            {
                var fromRoot = rootAssignments.Where(a => a.ControlId == control.Id).Select(a => a.Parameters.GetValueOrDefault(parameter.Name)).LastOrDefault(v => v is not null);
                var value = fromRoot ?? _definition.Root.Parameters.GetValueOrDefault(parameter.Name) ?? _definition.Parameters.GetValueOrDefault(parameter.Name) ?? parameter.Default;
                if (value is not null)
                {
                    values[parameter.Name] = value;
                }
            }

            result[control.Id] = ValueKeys.Of(values.ToImmutable());
        }

        return result.ToImmutable();
    }

    private static string Display(OuNode ou) => ou.IsRoot ? OuNode.RootName : ou.Path;

    private sealed record EffectiveControls(ImmutableArray<(ControlDefinition Control, ImmutableList<(ControlAssignment Assignment, OuNode At)> Assignments)> Controls, HashSet<string> ParameterNames);

    // Compared by reference: the same catalog entry, the same assignments list, the same OU object.
    private readonly struct InstanceKey(ControlDefinition control, object assignments, OuNode? parameterSource) : IEquatable<InstanceKey>
    {
        private readonly ControlDefinition _control = control;
        private readonly object _assignments = assignments;
        private readonly OuNode? _parameterSource = parameterSource;

        public bool Equals(InstanceKey other) =>
            ReferenceEquals(_control, other._control) && ReferenceEquals(_assignments, other._assignments) && ReferenceEquals(_parameterSource, other._parameterSource);

        public override bool Equals(object? obj) => obj is InstanceKey other && Equals(other);

        public override int GetHashCode() =>
            HashCode.Combine(RuntimeHelpers.GetHashCode(_control), RuntimeHelpers.GetHashCode(_assignments), _parameterSource is null ? 0 : RuntimeHelpers.GetHashCode(_parameterSource));
    }
}
