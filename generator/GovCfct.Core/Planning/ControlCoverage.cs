using System.Collections.Immutable;
using System.Text.Json;
using GovCfct.Core.Cfct;
using GovCfct.Core.Packaging;

namespace GovCfct.Core.Planning;

/// <summary>An opt-out (exemption) in the definition: the OU it covers (with every OU below it), the control and the written reason.</summary>
public sealed record PlanOptOut(string OuPath, string Control, string Reason);

/// <summary>How one control reaches one OU, the resources that carry it there, and the reason of an opt-out.</summary>
public sealed record ControlReach(string Control, Coverage Coverage, ImmutableArray<string> Resources, string? Reason = null);

/// <summary>
/// What the definition intended, as the build report records it: the controls each manifest resource carries, the
/// controls in effect at each defined OU, the opt-outs with their reasons, and which control each policy statement
/// (by Sid) comes from. A hand-written package has no report; the plan then judges by the manifest alone.
/// </summary>
public sealed record ControlIntent(
    ImmutableDictionary<string, ImmutableArray<string>> ResourceControls,
    ImmutableDictionary<string, ImmutableHashSet<string>> EffectiveByOu,
    ImmutableArray<PlanOptOut> OptOuts,
    ImmutableDictionary<string, string> StatementControls)
{
    /// <summary>Where <c>govcfct build</c> writes the report inside the package.</summary>
    public const string ReportPath = "report/build-report.json";

    public static ControlIntent Empty { get; } = new(
        ImmutableDictionary<string, ImmutableArray<string>>.Empty,
        ImmutableDictionary<string, ImmutableHashSet<string>>.Empty,
        [],
        ImmutableDictionary<string, string>.Empty);

    /// <summary>The intent recorded in the package's build report, or null when the package has none (or it is unreadable).</summary>
    public static ControlIntent? FromPackage(CfctPackage? package)
    {
        if (package is null || !package.Files.TryGetValue(ReportPath, out var bytes))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            var resources = ImmutableDictionary.CreateBuilder<string, ImmutableArray<string>>(StringComparer.Ordinal);
            var statements = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            foreach (var policy in Array(root, "policies"))
            {
                resources[Text(policy, "name")] = Strings(policy, "controls");
                if (policy.TryGetProperty("statement_controls", out var sids) && sids.ValueKind == JsonValueKind.Object)
                {
                    foreach (var sid in sids.EnumerateObject())
                    {
                        statements[sid.Name] = sid.Value.GetString() ?? string.Empty;
                    }
                }
            }

            foreach (var stackSet in Array(root, "stack_sets"))
            {
                resources[Text(stackSet, "name")] = [Text(stackSet, "control")];
            }

            var effective = ImmutableDictionary.CreateBuilder<string, ImmutableHashSet<string>>(StringComparer.Ordinal);
            foreach (var ou in Array(root, "ous"))
            {
                effective[Text(ou, "path")] = Strings(ou, "effective_controls").ToImmutableHashSet(StringComparer.Ordinal);
            }

            var optOuts = Array(root, "opt_outs").Select(o => new PlanOptOut(Text(o, "ou"), Text(o, "control"), Text(o, "reason"))).ToImmutableArray();
            return new ControlIntent(resources.ToImmutable(), effective.ToImmutable(), optOuts, statements.ToImmutable());
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Only the control ids each manifest resource carries, from the package's build report (empty when it has none):
    /// what status needs to speak in controls, without the per-OU effective controls <see cref="FromPackage"/> also reads.
    /// </summary>
    public static ImmutableDictionary<string, ImmutableArray<string>> ResourceControlsFromPackage(CfctPackage? package)
    {
        if (package is null || !package.Files.TryGetValue(ReportPath, out var bytes))
        {
            return ImmutableDictionary<string, ImmutableArray<string>>.Empty;
        }

        try
        {
            // Stream the report and parse only its "policies" and "stack_sets" arrays: the per-OU part, most of the report
            // at government size, is skipped without being materialized.
            var resources = ImmutableDictionary.CreateBuilder<string, ImmutableArray<string>>(StringComparer.Ordinal);
            var reader = new Utf8JsonReader(bytes);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return ImmutableDictionary<string, ImmutableArray<string>>.Empty;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var section = reader.ValueTextEquals("policies"u8) ? "policies" : reader.ValueTextEquals("stack_sets"u8) ? "stack_sets" : null;
                if (!reader.Read())
                {
                    break;
                }

                if (section is null || reader.TokenType != JsonTokenType.StartArray)
                {
                    reader.Skip();
                    continue;
                }

                using var array = JsonDocument.ParseValue(ref reader);
                foreach (var item in array.RootElement.EnumerateArray())
                {
                    resources[Text(item, "name")] = section == "policies" ? Strings(item, "controls") : [Text(item, "control")];
                }
            }

            return resources.ToImmutable();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return ImmutableDictionary<string, ImmutableArray<string>>.Empty;
        }
    }

    /// <summary>This intent with <paramref name="other"/>'s statement ids added where this one has none (a previous package's report).</summary>
    public ControlIntent WithStatementsFrom(ControlIntent? other) =>
        other is null ? this : this with { StatementControls = other.StatementControls.SetItems(StatementControls) };

    private static JsonElement.ArrayEnumerator Array(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : default;

    private static string Text(JsonElement element, string name) => element.GetProperty(name).GetString() ?? string.Empty;

    private static ImmutableArray<string> Strings(JsonElement element, string name) =>
        [.. Array(element, name).Select(e => e.GetString() ?? string.Empty)];
}

/// <summary>A Control Tower control the package enables on one OU (by path); preventive ones apply below it too.</summary>
/// <summary>A service-managed member stack set's target: its control, the target OU path (<c>Root</c> for the root), its name, the OU id and regions.</summary>
public sealed record MemberStackSetPlacement(string Control, string TargetPath, string StackSetName, string TargetId, ImmutableArray<string> Regions);

public sealed record ControlTowerPlacement(string Control, string OuPath, bool Preventive);

/// <summary>
/// Coverage per control, not per manifest resource: an OU is covered when any variant (any stack set or policy of
/// the control) reaches it; an OU that opted out shows the opt-out and its reason; "missed" only when the control
/// applies there and nothing reaches the accounts (docs/facts/cfct.md: stack sets reach only the OUs they list, never child
/// OUs). One model for the coverage matrix, <c>plan --new-account</c> and <c>accounts plan</c>.
/// </summary>
public sealed class ControlCoverage
{
    private readonly ControlIntent? _intent;
    private readonly Dictionary<string, Column> _columns = new(StringComparer.Ordinal);
    private readonly Dictionary<ManifestResource, HashSet<string>> _targets = new(ReferenceEqualityComparer.Instance);

    // Control Tower controls by control id: OU path → preventive. The stack set that enables them runs in the
    // management account only; Control Tower, not CfCT, applies them to the OU (and preventive ones below it).
    private readonly Dictionary<string, Dictionary<string, bool>> _controlTower = new(StringComparer.Ordinal);

    // Detective controls deployed as organization conformance packs: they reach every OU in the pack's scope.
    private readonly ImmutableArray<ExpectedPack> _packs;

    // Service-managed member stack sets by control id: target OU path (Root for the root id) → stack set names. StackSets
    // deploys to every account of the target and its child OUs, so an OU at or below a target is covered.
    private readonly Dictionary<string, Dictionary<string, List<string>>> _memberTargets = new(StringComparer.Ordinal);

    public ControlCoverage(
        CfctManifest manifest,
        ControlIntent? intent,
        IEnumerable<ControlTowerPlacement>? controlTower = null,
        IEnumerable<ExpectedPack>? packs = null,
        IEnumerable<MemberStackSetPlacement>? memberStackSets = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        _intent = intent;
        _packs = [.. packs ?? []];
        foreach (var placement in memberStackSets ?? [])
        {
            if (!_memberTargets.TryGetValue(placement.Control, out var byTarget))
            {
                _memberTargets[placement.Control] = byTarget = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            }

            if (!byTarget.TryGetValue(placement.TargetPath, out var names))
            {
                byTarget[placement.TargetPath] = names = [];
            }

            names.Add(placement.StackSetName);
        }

        foreach (var placement in controlTower ?? [])
        {
            if (!_controlTower.TryGetValue(placement.Control, out var at))
            {
                _controlTower[placement.Control] = at = new Dictionary<string, bool>(StringComparer.Ordinal);
            }

            at[placement.OuPath] = placement.Preventive;
        }

        var order = ImmutableArray.CreateBuilder<string>();
        foreach (var resource in manifest.Resources)
        {
            foreach (var control in ControlsOf(resource))
            {
                if (!_columns.TryGetValue(control, out var column))
                {
                    _columns[control] = column = new Column();
                    order.Add(control);
                }

                column.Resources.Add(resource);
            }
        }

        Controls = order.ToImmutable();
    }

    /// <summary>Every control the manifest carries, in the order of its first resource; a resource without a known control stands for itself.</summary>
    public ImmutableArray<string> Controls { get; }

    /// <summary>The controls a resource carries: from the build (in memory), else the build report, else its own name.</summary>
    public ImmutableArray<string> ControlsOf(ManifestResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (!resource.ControlIds.IsDefaultOrEmpty)
        {
            return resource.ControlIds;
        }

        return _intent?.ResourceControls.TryGetValue(resource.Name, out var ids) == true && !ids.IsEmpty ? ids : [resource.Name];
    }

    /// <summary>
    /// How <paramref name="control"/> reaches an account placed directly in <paramref name="ouPath"/> (<c>Root</c> or
    /// <c>A:B:C</c>). <paramref name="listsAccountIn"/> tells whether an account-targeted resource names an account there.
    /// </summary>
    public ControlReach At(string ouPath, string control, Func<ManifestResource, bool>? listsAccountIn = null)
    {
        ArgumentNullException.ThrowIfNull(ouPath);
        var column = _columns[control];
        var ancestors = Ancestors(ouPath);
        var packs = _packs.Where(p => p.Controls.Contains(control, StringComparer.Ordinal)).ToList();
        if (packs.Count > 0)
        {
            // AWS Config deploys the pack to every account it does not exclude: the OU's scope says whether it should.
            var reaching = packs.Where(p => p.InScope(ouPath)).Select(p => p.Name).ToImmutableArray();
            return reaching.IsEmpty ? NotReached(ouPath, control, column, ancestors) : new ControlReach(control, Coverage.Deployed, reaching);
        }

        if (_controlTower.TryGetValue(control, out var enabledAt))
        {
            if (enabledAt.ContainsKey(ouPath))
            {
                return new ControlReach(control, Coverage.Attached, Names(column.Resources));
            }

            if (ancestors.Any(a => enabledAt.TryGetValue(a, out var preventive) && preventive))
            {
                return new ControlReach(control, Coverage.Inherited, Names(column.Resources));
            }

            // Not enabled here: its stack set's management-account instance does not reach this OU's accounts.
            return NotReached(ouPath, control, column, ancestors);
        }

        if (_memberTargets.TryGetValue(control, out var memberTargets)
            && new[] { ouPath }.Concat(ancestors).FirstOrDefault(memberTargets.ContainsKey) is { } target)
        {
            return new ControlReach(control, Coverage.Deployed, [.. memberTargets[target].Select(n => $"{n} (service-managed, target {target})")]);
        }

        var attached = column.Resources.Where(r => r.DeployMethod != DeployMethod.StackSet && Lists(r, ouPath)).ToList();
        if (attached.Count > 0)
        {
            return new ControlReach(control, Coverage.Attached, Names(attached));
        }

        var inherited = column.Resources.Where(r => r.DeployMethod != DeployMethod.StackSet && ancestors.Any(a => Lists(r, a))).ToList();
        if (inherited.Count > 0)
        {
            return new ControlReach(control, Coverage.Inherited, Names(inherited));
        }

        var deployed = column.Resources.Where(r => r.DeployMethod == DeployMethod.StackSet && (Lists(r, OrgIndex.RootPath) || Lists(r, ouPath))).ToList();
        if (deployed.Count > 0)
        {
            return new ControlReach(control, Coverage.Deployed, Names(deployed));
        }

        var someAccounts = listsAccountIn is null ? [] : column.Resources.Where(r => r.DeployMethod == DeployMethod.StackSet && listsAccountIn(r)).ToList();
        if (someAccounts.Count > 0)
        {
            return new ControlReach(control, Coverage.AccountsOnly, Names(someAccounts));
        }

        return NotReached(ouPath, control, column, ancestors);
    }

    /// <summary>
    /// The Control Tower controls a package enables, read from its <c>AWS::ControlTower::EnabledControl</c> resources;
    /// <paramref name="ouPathOf"/> turns a target OU id into its path (from the organization or the org lock), and
    /// targets it does not know are left out.
    /// </summary>
    public static ImmutableArray<ControlTowerPlacement> ControlTowerOf(CfctPackage package, Func<string, string?> ouPathOf)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(ouPathOf);
        return [.. CtControlReader.Read(package).Select(c => ouPathOf(c.OuId) is { } path ? new ControlTowerPlacement(c.Name, path, c.Preventive) : null).OfType<ControlTowerPlacement>()];
    }

    /// <summary>
    /// The service-managed member stack sets a package declares, with their target OU ids turned into paths by
    /// <paramref name="ouPathOf"/> (the root id becomes <c>Root</c>); targets it does not know are left out.
    /// </summary>
    public static ImmutableArray<MemberStackSetPlacement> MemberStackSetsOf(CfctPackage package, string? rootId, Func<string, string?> ouPathOf)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(ouPathOf);
        return [.. ExpectedMemberStackSets.Read(package).SelectMany(m => m.TargetOuIds.Select(id =>
            (id == rootId ? OrgIndex.RootPath : ouPathOf(id)) is { } path ? new MemberStackSetPlacement(m.ControlId, path, m.Name, id, m.Regions) : null))
            .OfType<MemberStackSetPlacement>()];
    }

    private ControlReach NotReached(string ouPath, string control, Column column, ImmutableArray<string> ancestors)
    {
        if (_intent?.OptOuts.FirstOrDefault(o => o.Control == control && (o.OuPath == ouPath || ouPath.StartsWith(o.OuPath + ":", StringComparison.Ordinal))) is { } optOut)
        {
            return new ControlReach(control, Coverage.OptedOut, [], $"{optOut.Reason} (opt-out at {optOut.OuPath})");
        }

        // With the definition's intent, a control misses an OU where it is in effect and nothing reaches it. Without
        // (a hand-written package, an OU outside the definition), where a parent OU is listed and this one is not.
        var applies = _intent is not null && _intent.EffectiveByOu.TryGetValue(ouPath, out var effective)
            ? effective.Contains(control)
            : column.Resources.Any(r => r.DeployMethod == DeployMethod.StackSet && ancestors.Any(a => Lists(r, a)));
        return new ControlReach(control, applies ? Coverage.Missed : Coverage.None, []);
    }

    /// <summary>Every control at one OU, in column order.</summary>
    public ImmutableArray<ControlReach> At(string ouPath, Func<ManifestResource, bool>? listsAccountIn = null) =>
        [.. Controls.Select(c => At(ouPath, c, listsAccountIn))];

    /// <summary>The OU's parents up to and including Root, nearest first (none for Root itself).</summary>
    public static ImmutableArray<string> Ancestors(string ouPath)
    {
        ArgumentNullException.ThrowIfNull(ouPath);
        if (ouPath == OrgIndex.RootPath)
        {
            return [];
        }

        var parts = ouPath.Split(':');
        var chain = ImmutableArray.CreateBuilder<string>(parts.Length);
        for (var i = parts.Length - 1; i > 0; i--)
        {
            chain.Add(string.Join(':', parts.Take(i)));
        }

        chain.Add(OrgIndex.RootPath);
        return chain.ToImmutable();
    }

    // Target sets are built once per resource: the matrix asks for every OU of an organization of thousands.
    private bool Lists(ManifestResource resource, string path)
    {
        if (!_targets.TryGetValue(resource, out var targets))
        {
            _targets[resource] = targets = resource.OrganizationalUnits.Select(o => o.Trim()).ToHashSet(StringComparer.Ordinal);
        }

        return targets.Contains(path);
    }

    private static ImmutableArray<string> Names(List<ManifestResource> resources) => [.. resources.Select(r => r.Name)];

    private sealed class Column
    {
        public List<ManifestResource> Resources { get; } = [];
    }
}
