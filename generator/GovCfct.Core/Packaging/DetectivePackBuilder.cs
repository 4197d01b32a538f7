using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using GovCfct.Core.Catalog;
using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Resolution;

namespace GovCfct.Core.Packaging;

/// <summary>One organization conformance pack of detective controls: one scope (the same excluded accounts) and its rules.</summary>
public sealed record ConformancePackReport(
    string Name,
    ImmutableArray<string> Controls,
    ImmutableArray<string> ExcludedAccounts,
    ImmutableArray<string> InScopeOus,
    ImmutableArray<string> OutOfScopeOus,
    ImmutableArray<string> Regions);

/// <summary>
/// How detective controls reach accounts in this build and why (the build report and the console say it): the setting,
/// the mechanism chosen, the per-OU enablement count the choice rests on, and the packs when the mechanism is
/// <c>organization</c>.
/// </summary>
public sealed record DetectiveDecision(
    DetectiveMechanism Setting,
    DetectiveMechanism Mechanism,
    int PerOuEnablements,
    int Threshold,
    string Reason,
    ImmutableArray<ConformancePackReport> Packs)
{
    /// <summary>The mechanism's name as organization.yaml writes it.</summary>
    public static string Name(DetectiveMechanism mechanism) => mechanism switch
    {
        DetectiveMechanism.Organization => "organization",
        DetectiveMechanism.ControlTower => "control_tower",
        _ => "auto",
    };

    /// <summary>The one line the build prints.</summary>
    public string Line => $"detective controls: {Name(Mechanism)} ({Reason})";
}

/// <summary>
/// Renders detective Control Tower controls as AWS Config managed rules in organization conformance packs, deployed by
/// one management-account stack in every governed region. A pack reaches every member account of the organization,
/// future ones included, except <c>ExcludedAccounts</c>: so each distinct scope (the accounts a control does not apply
/// to) is one pack, and its exclusions are the org lock's accounts of every OU outside the scope, the accounts under
/// the root and the management account (which has no configuration recorder in a Control Tower landing zone).
/// </summary>
internal sealed class DetectivePackBuilder(GovernanceDefinition definition, GovernanceSettings settings, DiagnosticBag diagnostics)
{
    /// <summary>AWS Config's quotas (docs/landing-zone.md gives the sources).</summary>
    public const int MaxExcludedAccounts = 1000;

    public const int MaxPacksPerRegion = 50;

    public const int MaxRulesPerPack = 130;

    public const int MaxTemplateBodyBytes = 51200;

    private const string ResourceType = "AWS::Config::OrganizationConformancePack";

    public (ManifestResource? Resource, string? File, string? Text, ImmutableArray<ConformancePackReport> Packs) Build(IReadOnlyList<ControlInstance> instances, OrgLock orgLock, TargetAccount management)
    {
        var missingRule = instances.Where(i => i.Control.ControlTower!.ConfigRule is null).GroupBy(i => i.Control.Id, StringComparer.Ordinal).ToList();
        foreach (var group in missingRule)
        {
            var control = group.First().Control;
            diagnostics.Report(DiagnosticCodes.DetectiveControlWithoutConfigRule, $"detective control '{control.Id}' is deployed organization-wide, but its catalog entry names no AWS Config managed rule", control.Location, "add control_tower.config_rule to its control.yaml, or set landing_zone.detective_mechanism: control_tower");
        }

        var unknown = orgLock.Ous.Values.Where(o => !o.AccountsKnown).Select(o => o.Path).ToList();
        if (unknown.Count > 0)
        {
            diagnostics.Report(DiagnosticCodes.OrgLockWithoutAccounts, $"{orgLock.DisplayPath} says {unknown.Count} OU(s) hold accounts without listing them (e.g. '{unknown[0]}'); organization-wide detective controls exclude accounts by id", orgLock.Location, $"regenerate the lock: govcfct org snapshot --out org.json, then govcfct org lock --org org.json --out {Path.GetFileName(definition.SourceDirectory.TrimEnd('/', '\\'))}/{OrgLock.FileName}");
        }

        if (missingRule.Count > 0 || unknown.Count > 0)
        {
            return (null, null, null, []);
        }

        // The accounts of each OU (the lock's, and the definition's own lists), and the OUs that list each account.
        var accountsOf = new Dictionary<string, IReadOnlyCollection<string>>(StringComparer.Ordinal);
        foreach (var (path, ou) in orgLock.Ous)
        {
            accountsOf[path] = ou.Accounts;
        }

        foreach (var ou in definition.AllOus().Where(o => !o.Accounts.IsEmpty))
        {
            var set = new HashSet<string>(accountsOf.GetValueOrDefault(ou.Path) ?? [], StringComparer.Ordinal);
            set.UnionWith(ou.Accounts.Select(a => a.Id));
            accountsOf[ou.Path] = set;
        }

        var listedIn = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (path, accounts) in accountsOf)
        {
            foreach (var account in accounts)
            {
                if (!listedIn.TryGetValue(account, out var paths))
                {
                    listedIn[account] = paths = new List<string>(1);
                }

                paths.Add(path);
            }
        }

        // Scope of each (control, values): the OUs that have it. Same scope → same pack.
        var scopes = instances
            .GroupBy(i => (i.Control.Id, i.ValueKey))
            .Select(g => (Instance: g.First(), Ous: g.Select(i => i.Ou.Path).ToHashSet(StringComparer.Ordinal)))
            .ToList();
        // Most detective controls share one scope (every OU but the opt-outs): its thousands of paths are sorted once.
        var scopeTexts = new List<(HashSet<string> Ous, string Text)>();
        string ScopeText(HashSet<string> ous)
        {
            foreach (var (known, text) in scopeTexts)
            {
                if (known.Count == ous.Count && known.SetEquals(ous))
                {
                    return text;
                }
            }

            var joined = string.Join(',', ous.Order(StringComparer.Ordinal));
            scopeTexts.Add((ous, joined));
            return joined;
        }

        var packs = new List<PackDraft>();
        foreach (var (instance, ous) in scopes.OrderBy(s => s.Instance.Control.Id, StringComparer.Ordinal).ThenBy(s => s.Instance.ValueKey, StringComparer.Ordinal))
        {
            // Excluded: every account the build knows of that no OU of the scope lists, and always the management
            // account. Only accounts of OUs outside the scope, of the root and the management account can be excluded,
            // so the search starts there instead of at every account of the organization.
            var excludedSet = new HashSet<string>(StringComparer.Ordinal) { management.Id };
            foreach (var (path, accounts) in accountsOf)
            {
                if (!ous.Contains(path))
                {
                    excludedSet.UnionWith(accounts.Where(a => !listedIn[a].Exists(ous.Contains)));
                }
            }

            excludedSet.UnionWith(orgLock.RootAccounts.Where(a => !listedIn.TryGetValue(a, out var paths) || !paths.Exists(ous.Contains)));
            var excluded = excludedSet.Order(StringComparer.Ordinal).ToImmutableArray();
            var key = string.Join(',', excluded) + "|" + ScopeText(ous);
            var pack = packs.FirstOrDefault(p => p.Key == key && !p.Rules.Any(r => r.Control.Id == instance.Control.Id));
            if (pack is null)
            {
                pack = new PackDraft(key, excluded, ous);
                packs.Add(pack);
            }

            pack.Rules.Add(instance);
        }

        // The pack of the widest scope (fewest exclusions) first; names are stable while scopes keep their order.
        packs = [.. packs.OrderBy(p => p.Excluded.Length).ThenBy(p => p.Key, StringComparer.Ordinal)];
        var prefix = settings.ResourcePrefix;
        var reports = ImmutableArray.CreateBuilder<ConformancePackReport>();
        var resources = new List<(PackDraft Pack, string Name, ImmutableArray<string> InScope, ImmutableArray<string> OutOfScope, List<(ImmutableArray<string> Regions, string Body)> Bodies)>();
        for (var i = 0; i < packs.Count; i++)
        {
            var pack = packs[i];
            var name = ResourceNames.Fit(packs.Count == 1 ? $"{prefix}-detective-controls" : $"{prefix}-detective-controls-{i + 1}");
            if (pack.Excluded.Length > MaxExcludedAccounts)
            {
                diagnostics.Report(DiagnosticCodes.TooManyExcludedAccounts, $"organization conformance pack {name} ({string.Join(", ", pack.Rules.Select(r => r.Control.Id))}) would exclude {pack.Excluded.Length} accounts; AWS Config takes at most {MaxExcludedAccounts} in ExcludedAccounts", pack.Rules[0].Ou.Location, "assign the detective controls to more of the organization or opt fewer OUs out, or use landing_zone.detective_mechanism: control_tower where the per-OU enablements fit");
            }

            if (pack.Rules.Count > MaxRulesPerPack)
            {
                diagnostics.Report(DiagnosticCodes.ConformancePackQuota, $"organization conformance pack {name} holds {pack.Rules.Count} rules; AWS Config allows {MaxRulesPerPack} per pack", pack.Rules[0].Ou.Location, "assign fewer detective controls");
            }

            var (inScope, outOfScope) = ScopeBoundaries(pack.Ous, orgLock);
            var bodies = new List<(ImmutableArray<string> Regions, string Body)>();
            foreach (var group in settings.GovernedRegions.GroupBy(r => string.Join(',', pack.Rules.Where(x => x.Control.ControlTower!.ConfigRule!.AvailableIn(r)).Select(x => x.Control.Id))))
            {
                var rules = pack.Rules.Where(x => x.Control.ControlTower!.ConfigRule!.AvailableIn(group.First())).ToList();
                if (rules.Count == 0)
                {
                    continue;
                }

                var body = Body(rules);
                if (Encoding.UTF8.GetByteCount(body) > MaxTemplateBodyBytes)
                {
                    diagnostics.Report(DiagnosticCodes.ConformancePackQuota, $"organization conformance pack {name} has a {Encoding.UTF8.GetByteCount(body)}-byte template; AWS Config takes at most {MaxTemplateBodyBytes}", pack.Rules[0].Ou.Location, "assign fewer detective controls");
                }

                bodies.Add(([.. group], body));
            }

            foreach (var rule in pack.Rules)
            {
                foreach (var region in settings.GovernedRegions.Where(r => !rule.Control.ControlTower!.ConfigRule!.AvailableIn(r)))
                {
                    diagnostics.Report(DiagnosticCodes.ConfigRuleUnavailableInRegion, $"'{rule.Control.Id}' (AWS Config rule {rule.Control.ControlTower!.ConfigRule!.SourceIdentifier}) is not offered in governed region {region}: pack {name} leaves it out there", rule.Control.Location, "accept the gap, or cover the region with a Config rule of your own");
                }
            }

            resources.Add((pack, name, inScope, outOfScope, bodies));
            reports.Add(new ConformancePackReport(name, [.. pack.Rules.Select(r => r.Control.Id)], pack.Excluded, inScope, outOfScope, [.. bodies.SelectMany(b => b.Regions)]));
        }

        foreach (var region in settings.GovernedRegions)
        {
            var count = resources.Count(r => r.Bodies.Any(b => b.Regions.Contains(region, StringComparer.Ordinal)));
            if (count > MaxPacksPerRegion)
            {
                diagnostics.Report(DiagnosticCodes.ConformancePackQuota, $"the detective controls need {count} organization conformance packs in {region}; AWS Config allows {MaxPacksPerRegion} per organization", definition.Organization.Location, "give more OUs the same detective controls and values: each distinct scope is one pack");
            }
        }

        if (diagnostics.HasErrors || resources.Count == 0)
        {
            return (null, null, null, []);
        }

        var stackName = ResourceNames.Fit($"{prefix}-detective-controls");
        var file = $"templates/{stackName}.template";
        var text = Render(resources);
        var resource = new ManifestResource(
            stackName,
            $"Detective controls as AWS Config organization conformance packs, from the management account ({prefix})",
            file,
            DeployMethod.StackSet,
            [],
            null,
            [],
            [management.Id],
            [.. settings.GovernedRegions],
            [],
            [.. instances.Select(i => i.Control.Id).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]);
        return (resource, file, text, reports.ToImmutable());
    }

    /// <summary>
    /// The scope written compactly for status and plan: OUs in scope whose parent is not (the root counts as out of
    /// scope), and OUs out of scope whose parent is in. An OU's nearest listed ancestor-or-self decides; so an OU created
    /// later below Workloads is in scope, one below an opted-out OU or under the root is not. The lock's OUs that the
    /// definition does not name are out of scope (no control is assigned to them).
    /// </summary>
    private (ImmutableArray<string> InScope, ImmutableArray<string> OutOfScope) ScopeBoundaries(HashSet<string> scope, OrgLock orgLock)
    {
        var paths = new SortedSet<string>(orgLock.Ous.Keys, StringComparer.Ordinal);
        paths.UnionWith(definition.AllOus().Select(o => o.Path));
        var inScope = ImmutableArray.CreateBuilder<string>();
        var outOfScope = ImmutableArray.CreateBuilder<string>();
        foreach (var path in paths)
        {
            var parent = path.LastIndexOf(':') is var colon and > 0 ? path[..colon] : null;
            var here = scope.Contains(path);
            var above = parent is not null && scope.Contains(parent);
            if (here && !above)
            {
                inScope.Add(path);
            }
            else if (!here && above)
            {
                outOfScope.Add(path);
            }
        }

        return (inScope.ToImmutable(), outOfScope.ToImmutable());
    }

    /// <summary>The conformance pack template: one AWS Config managed rule per control, as Control Tower runs it.</summary>
    private static string Body(List<ControlInstance> rules)
    {
        var text = new StringBuilder();
        text.Append("Resources:\n");
        foreach (var instance in rules.OrderBy(r => r.Control.Id, StringComparer.Ordinal))
        {
            var spec = instance.Control.ControlTower!;
            var rule = spec.ConfigRule!;
            text.Append("  ").Append(LogicalId(instance.Control.Id)).Append(":\n");
            text.Append("    Type: AWS::Config::ConfigRule\n");
            text.Append("    Properties:\n");
            text.Append("      ConfigRuleName: ").Append(instance.Control.Id).Append('\n');
            text.Append("      Description: ").Append(Quote($"{spec.LegacyName}: {instance.Control.Title.En}")).Append('\n');
            text.Append("      Source:\n        Owner: AWS\n        SourceIdentifier: ").Append(rule.SourceIdentifier).Append('\n');
            if (!rule.InputParameters.IsEmpty)
            {
                text.Append("      InputParameters:\n");
                foreach (var (key, value) in rule.InputParameters)
                {
                    text.Append("        ").Append(key).Append(": ").Append(Quote(value)).Append('\n');
                }
            }

            if (rule.MaximumExecutionFrequency is { } frequency)
            {
                text.Append("      MaximumExecutionFrequency: ").Append(frequency).Append('\n');
            }
        }

        return text.ToString();
    }

    private string Render(List<(PackDraft Pack, string Name, ImmutableArray<string> InScope, ImmutableArray<string> OutOfScope, List<(ImmutableArray<string> Regions, string Body)> Bodies)> packs)
    {
        var governed = settings.GovernedRegions;
        var conditions = new SortedDictionary<string, ImmutableArray<string>>(StringComparer.Ordinal);
        string? Condition(ImmutableArray<string> regions)
        {
            if (regions.Length == governed.Length)
            {
                return null;
            }

            var name = "In" + string.Concat(regions.Select(r => string.Concat(r.Split('-').Select(p => char.ToUpperInvariant(p[0]) + p[1..]))));
            conditions[name] = regions;
            return name;
        }

        var resources = new StringBuilder();
        for (var p = 0; p < packs.Count; p++)
        {
            var (pack, name, inScope, outOfScope, bodies) = packs[p];
            for (var b = 0; b < bodies.Count; b++)
            {
                var (regions, body) = bodies[b];
                var condition = Condition(regions);
                var logicalId = "DetectivePack" + (p + 1).ToString(CultureInfo.InvariantCulture) + (bodies.Count > 1 ? "R" + (b + 1).ToString(CultureInfo.InvariantCulture) : string.Empty);
                resources.Append("  # ").Append(string.Join(", ", pack.Rules.Select(r => r.Control.Id))).Append('\n');
                resources.Append("  ").Append(logicalId).Append(":\n");
                resources.Append("    Type: ").Append(ResourceType).Append('\n');
                if (condition is not null)
                {
                    resources.Append("    Condition: ").Append(condition).Append('\n');
                }

                // Status and plan read the scope from here: which OUs a new account must be in to receive the pack.
                resources.Append("    Metadata:\n      GovCfct:\n        Controls:\n");
                foreach (var rule in pack.Rules.Where(r => r.Control.ControlTower!.ConfigRule!.AvailableIn(regions[0])))
                {
                    resources.Append("          - ").Append(rule.Control.Id).Append('\n');
                }

                AppendList(resources, "        Regions:", regions);
                AppendList(resources, "        InScopeOus:", inScope);
                AppendList(resources, "        OutOfScopeOus:", outOfScope);
                resources.Append("    Properties:\n");
                resources.Append("      OrganizationConformancePackName: ").Append(name).Append('\n');
                AppendList(resources, "      ExcludedAccounts:", pack.Excluded, indent: "        ");
                resources.Append("      TemplateBody: |\n");
                foreach (var line in body.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    resources.Append("        ").Append(line).Append('\n');
                }
            }
        }

        var text = new StringBuilder();
        text.Append("AWSTemplateFormatVersion: \"2010-09-09\"\n");
        text.Append("Description: \"").Append(definition.Organization.ResourcePrefix)
            .Append(": detective controls as AWS Config organization conformance packs. Management account, every governed region; every member account except ExcludedAccounts, future accounts included.\"\n");
        if (conditions.Count > 0)
        {
            text.Append("Conditions:\n");
            foreach (var (name, regions) in conditions)
            {
                text.Append("  ").Append(name).Append(":\n");
                if (regions.Length == 1)
                {
                    text.Append("    Fn::Equals: [{Ref: \"AWS::Region\"}, ").Append(regions[0]).Append("]\n");
                }
                else
                {
                    text.Append("    Fn::Or:\n");
                    foreach (var region in regions)
                    {
                        text.Append("      - Fn::Equals: [{Ref: \"AWS::Region\"}, ").Append(region).Append("]\n");
                    }
                }
            }
        }

        text.Append("Resources:\n").Append(resources);
        return text.ToString();
    }

    private static void AppendList(StringBuilder text, string key, IReadOnlyCollection<string> items, string indent = "          ")
    {
        if (items.Count == 0)
        {
            text.Append(key).Append(" []\n");
            return;
        }

        text.Append(key).Append('\n');
        foreach (var item in items)
        {
            text.Append(indent).Append("- ").Append(Quote(item)).Append('\n');
        }
    }

    private static string LogicalId(string controlId)
    {
        var builder = new StringBuilder();
        foreach (var part in controlId.Split('-', StringSplitOptions.RemoveEmptyEntries))
        {
            builder.Append(char.ToUpperInvariant(part[0])).Append(part.AsSpan(1));
        }

        return builder.ToString();
    }

    private static string Quote(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private sealed class PackDraft(string key, ImmutableArray<string> excluded, HashSet<string> ous)
    {
        public string Key { get; } = key;

        public ImmutableArray<string> Excluded { get; } = excluded;

        public HashSet<string> Ous { get; } = ous;

        public List<ControlInstance> Rules { get; } = [];
    }
}
