using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using GovCfct.Core.Catalog;
using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Resolution;

namespace GovCfct.Core.Packaging;

/// <summary>One Control Tower control enabled on one OU: where, what, and why there (preventive at the highest OU).</summary>
public sealed record CtPlacement(
    string ControlId,
    CtControlSpec Spec,
    string OuPath,
    string TargetArn,
    string LogicalId,
    ImmutableArray<(string Key, ImmutableArray<string> Values, bool IsList)> Parameters);

/// <summary>The management-account stack of Control Tower controls, or nothing when no OU has one.</summary>
public sealed record CtControlOutput(ManifestResource? Resource, string? TemplateFile, string? TemplateText, ImmutableArray<CtPlacement> Placements)
{
    /// <summary>How detective controls reach accounts; null when none is assigned.</summary>
    public DetectiveDecision? Detective { get; init; }

    /// <summary>The management-account stack of organization conformance packs (mechanism <c>organization</c>).</summary>
    public ManifestResource? PackResource { get; init; }

    public string? PackTemplateFile { get; init; }

    public string? PackTemplateText { get; init; }
}

/// <summary>
/// Renders every <c>ct_control</c> assignment into <c>AWS::ControlTower::EnabledControl</c> resources in one stack for
/// the management account, home region only (docs/facts/landing-zone.md §1.1: member-account stacks fail with "not registered").
/// Preventive controls go to the highest OU where every OU below has them (Control Tower shows them as inherited
/// below, §1.5); detective controls go to every OU that holds accounts, because they are not inherited. Targets are
/// OU ARNs from the org lock. Operations are chained with DependsOn into at most
/// <see cref="LandingZone.MaxConcurrentControlOperations"/> parallel chains so CloudFormation never starts more control
/// operations than Control Tower runs at once (§1.4).
/// </summary>
internal sealed class CtControlBuilder(GovernanceDefinition definition, GovernanceSettings settings, OuResolver tree, DiagnosticBag diagnostics, UnlockedOus unlocked)
{
    /// <summary>CloudFormation's limit of resources per template.</summary>
    public const int MaxResources = 500;

    private const string ResourceType = "AWS::ControlTower::EnabledControl";

    public CtControlOutput Build(ResolutionResult resolution)
    {
        var instances = resolution.Ous.SelectMany(o => o.Controls).Where(c => c.Control.Kind == ControlKind.CtControl).ToList();
        if (instances.Count == 0)
        {
            return new CtControlOutput(null, null, null, []);
        }

        var first = instances[0];
        if (definition.ManagementAccount is not { } management)
        {
            diagnostics.Report(DiagnosticCodes.CtControlsNeedManagementAccount, $"Control Tower controls (e.g. '{first.Control.Id}' at {first.Ou.Path}) are enabled from the management account, which organization.yaml does not name", definition.Organization.Location, "add management_account (id and name) and landing_zone to organization.yaml");
            return new CtControlOutput(null, null, null, []);
        }

        if (definition.Lock is not { } orgLock)
        {
            diagnostics.Report(DiagnosticCodes.OrgLockMissing, $"Control Tower controls (e.g. '{first.Control.Id}' at {first.Ou.Path}) target OU ARNs, and the definition has no {OrgLock.FileName}", new SourceLocation(OrgLock.FileName) { Root = definition.Organization.Location?.Root }, $"run 'govcfct org snapshot --out org.json' and 'govcfct org lock --org org.json --out {Path.GetFileName(definition.SourceDirectory.TrimEnd('/', '\\'))}/{OrgLock.FileName}', then review and commit it");
            return new CtControlOutput(null, null, null, []);
        }

        if (orgLock.ManagementAccountId != management.Id)
        {
            diagnostics.Report(DiagnosticCodes.OrgLockMismatch, $"{OrgLock.FileName} was written for management account {orgLock.ManagementAccountId}, organization.yaml names {management.Id}", orgLock.Location, "regenerate the lock from a snapshot of this organization, or correct management_account");
            return new CtControlOutput(null, null, null, []);
        }

        // The per-OU enablements Control Tower would need decide the mechanism; only then are they placed (at the
        // largest organizations tens of thousands, which organization conformance packs replace).
        var detectiveCount = resolution.Ous
            .Where(o => HoldsAccounts(o, orgLock))
            .Sum(o => o.Controls.Count(c => c.Control.Kind == ControlKind.CtControl && c.Control.ControlTower is { Behavior: CtBehavior.Detective }));
        var detective = Decide(detectiveCount, instances.Any(i => i.Control.ControlTower!.Behavior == CtBehavior.Detective));
        var (placements, missing) = Place(resolution, orgLock, withDetective: detective?.Mechanism != DetectiveMechanism.Organization);
        // The builder reports them once per OU, with the member stack sets that target the same OUs.
        foreach (var (path, controlId, location, _) in missing)
        {
            unlocked.Control(path, location, controlId);
        }

        if (missing.Count > 0 || diagnostics.HasErrors)
        {
            return new CtControlOutput(null, null, null, []);
        }

        if (placements.Count > MaxResources)
        {
            var hint = detective?.Mechanism == DetectiveMechanism.ControlTower && detectiveCount > 0
                ? $"set landing_zone.detective_mechanism: organization (or auto): detective controls then reach every account through AWS Config organization conformance packs instead of {detectiveCount} per-OU enablements"
                : "enable preventive controls on fewer OUs, or keep accounts in fewer OUs";
            diagnostics.Report(DiagnosticCodes.TooManyCtControls, $"{placements.Count} Control Tower control enablements exceed CloudFormation's {MaxResources} resources per stack", definition.Organization.Location, hint);
            return new CtControlOutput(null, null, null, []);
        }

        if (detective is { Mechanism: DetectiveMechanism.ControlTower, Setting: DetectiveMechanism.ControlTower } && detectiveCount > detective.Threshold)
        {
            diagnostics.Report(DiagnosticCodes.ControlTowerDetectiveQueue, $"detective_mechanism: control_tower enables {detectiveCount} detective controls per OU, more than max_control_tower_detective_enablements ({detective.Threshold}): the first run queues {detectiveCount} Control Tower operations and a new OU gets none until the package is rebuilt", definition.LandingZone?.Location ?? definition.Organization.Location, "use detective_mechanism: auto or organization");
        }

        ManifestResource? packResource = null;
        string? packFile = null, packText = null;
        if (detective?.Mechanism == DetectiveMechanism.Organization)
        {
            var detectiveInstances = instances.Where(i => i.Control.ControlTower!.Behavior == CtBehavior.Detective).ToList();
            var built = new DetectivePackBuilder(definition, settings, diagnostics).Build(detectiveInstances, orgLock, management);
            if (diagnostics.HasErrors)
            {
                return new CtControlOutput(null, null, null, []);
            }

            (packResource, packFile, packText) = (built.Resource, built.File, built.Text);
            detective = detective with { Packs = built.Packs };
        }

        if (placements.Count == 0)
        {
            return new CtControlOutput(null, null, null, []) { Detective = detective, PackResource = packResource, PackTemplateFile = packFile, PackTemplateText = packText };
        }

        var prefix = definition.Organization.ResourcePrefix;
        var name = ResourceNames.Fit($"{prefix}-ct-controls");
        var file = $"templates/{name}.template";
        var text = Render(placements);
        var controlIds = placements.Select(p => p.ControlId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray();
        var resource = new ManifestResource(
            name,
            $"Control Tower controls enabled on OUs from the management account ({prefix})",
            file,
            DeployMethod.StackSet,
            [],
            null,
            [],
            [management.Id],
            [definition.Organization.HomeRegion],
            [],
            controlIds);
        return new CtControlOutput(resource, file, text, [.. placements]) { Detective = detective, PackResource = packResource, PackTemplateFile = packFile, PackTemplateText = packText };
    }

    /// <summary>
    /// The detective mechanism: the setting, or for <c>auto</c> Control Tower only while its per-OU enablements stay
    /// within <c>max_control_tower_detective_enablements</c> (they are not inherited: one per control and OU that holds
    /// accounts, and again for every new OU), else organization conformance packs. Null when no detective control is assigned.
    /// </summary>
    private DetectiveDecision? Decide(int count, bool anyDetective)
    {
        if (!anyDetective)
        {
            return null;
        }

        var setting = definition.LandingZone?.DetectiveMechanism ?? DetectiveMechanism.Auto;
        var threshold = definition.LandingZone?.MaxControlTowerDetectiveEnablements ?? LandingZone.DefaultMaxControlTowerDetectiveEnablements;
        var perOu = string.Create(CultureInfo.InvariantCulture, $"{count} per-OU Control Tower enablement(s)");
        return setting switch
        {
            DetectiveMechanism.Organization => new DetectiveDecision(setting, DetectiveMechanism.Organization, count, threshold, $"set in organization.yaml; Control Tower would need {perOu}", []),
            DetectiveMechanism.ControlTower => new DetectiveDecision(setting, DetectiveMechanism.ControlTower, count, threshold, $"set in organization.yaml: {perOu}", []),
            _ when count <= threshold => new DetectiveDecision(setting, DetectiveMechanism.ControlTower, count, threshold, string.Create(CultureInfo.InvariantCulture, $"auto: {perOu}, within max_control_tower_detective_enablements {threshold}"), []),
            _ => new DetectiveDecision(setting, DetectiveMechanism.Organization, count, threshold, string.Create(CultureInfo.InvariantCulture, $"auto: {perOu} would exceed max_control_tower_detective_enablements {threshold}; AWS Config organization conformance packs reach every account, new ones included"), []),
        };
    }

    private static bool HoldsAccounts(OuResolution ou, OrgLock orgLock) =>
        !ou.Ou.Accounts.IsEmpty || orgLock.Ous.GetValueOrDefault(ou.Ou.Path)?.HoldsAccounts == true;

    private (List<CtPlacement> Placements, List<(string Path, string ControlId, SourceLocation Location, bool Detective)> Missing) Place(ResolutionResult resolution, OrgLock orgLock, bool withDetective)
    {
        static string Key(ControlInstance instance) => instance.Control.Id + "\u001d" + instance.ValueKey;

        // uniform[ou] = keys every OU at or below has: only there may a preventive control sit and be inherited.
        var uniform = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var ou in resolution.Ous.Reverse())
        {
            var keys = new HashSet<string>(ou.Controls.Where(c => c.Control.ControlTower is { Behavior: CtBehavior.Preventive }).Select(Key), StringComparer.Ordinal);
            foreach (var child in ou.Ou.Children)
            {
                keys.IntersectWith(uniform[child.Path]);
            }

            uniform[ou.Ou.Path] = keys;
        }

        var result = new List<CtPlacement>();
        var missing = new List<(string, string, SourceLocation, bool)>();
        foreach (var ou in resolution.Ous)
        {
            var parent = tree.Parent(ou.Ou)!;
            var holdsAccounts = HoldsAccounts(ou, orgLock);
            foreach (var instance in ou.Controls.Where(c => c.Control.Kind == ControlKind.CtControl && (withDetective || c.Control.ControlTower!.Behavior != CtBehavior.Detective)))
            {
                var spec = instance.Control.ControlTower!;
                bool here;
                if (spec.Behavior == CtBehavior.Preventive)
                {
                    var key = Key(instance);
                    here = uniform[ou.Ou.Path].Contains(key) && (parent.IsRoot || !uniform[parent.Path].Contains(key));
                    if (!uniform[ou.Ou.Path].Contains(key) && holdsAccounts)
                    {
                        diagnostics.Report(DiagnosticCodes.CtControlNotOnOuAccounts, $"'{instance.Control.Id}' is enabled on the child OUs of '{ou.Ou.Path}', not on the OU itself, because an OU below opts out or uses other values; the accounts directly in '{ou.Ou.Path}' do not get it", ou.Ou.Location, "move the accounts into a child OU, or give every child the same control and values");
                    }
                }
                else
                {
                    here = holdsAccounts;
                }

                if (!here)
                {
                    continue;
                }

                if (!orgLock.Ous.TryGetValue(ou.Ou.Path, out var locked))
                {
                    // Counted (Control Tower would need it) but reported only if it stays a Control Tower enablement.
                    result.Add(new CtPlacement(instance.Control.Id, spec, ou.Ou.Path, string.Empty, string.Empty, []));
                    missing.Add((ou.Ou.Path, instance.Control.Id, ou.Ou.Location, spec.Behavior == CtBehavior.Detective));

                    continue;
                }

                result.Add(new CtPlacement(instance.Control.Id, spec, ou.Ou.Path, orgLock.OuArn(locked), LogicalId(instance.Control.Id, locked.Id), Parameters(instance)));
            }
        }

        return (result, missing);
    }

    /// <summary>The control's parameters as Control Tower takes them; empty lists are left out (Control Tower wants at least one item).</summary>
    private ImmutableArray<(string Key, ImmutableArray<string> Values, bool IsList)> Parameters(ControlInstance instance)
    {
        var spec = instance.Control.ControlTower!;
        var result = ImmutableArray.CreateBuilder<(string, ImmutableArray<string>, bool)>();
        foreach (var parameter in instance.Control.Parameters)
        {
            if (!instance.Values.TryGetValue(parameter.Name, out var value))
            {
                continue;
            }

            if (parameter.Type == ParameterType.List)
            {
                IEnumerable<string> items = value.Items;
                if (spec.PlatformExemptionsParameter == parameter.Name)
                {
                    // Control Tower's own deny must never lock out CfCT, Control Tower or break-glass (docs/facts/landing-zone.md §2.4).
                    items = settings.ProtectedPrincipalArns.Concat(items);
                }

                var list = items.Where(i => i.Length > 0).Distinct(StringComparer.Ordinal).ToImmutableArray();
                if (parameter.Name == "AllowedRegions")
                {
                    foreach (var region in list.Where(r => !settings.GovernedRegions.Contains(r, StringComparer.Ordinal)))
                    {
                        diagnostics.Report(DiagnosticCodes.CtRegionNotGoverned, $"'{instance.Control.Id}' allows region '{region}', which Control Tower does not govern ({string.Join(", ", settings.GovernedRegions)})", value.Location ?? instance.Ou.Location, "AllowedRegions must be a subset of governed_regions (docs/facts/landing-zone.md §1.6); govern the region in Control Tower first or remove it");
                    }
                }

                if (list.Length > 0)
                {
                    result.Add((parameter.Name, list, true));
                }
            }
            else if (value.Scalar.Length > 0)
            {
                result.Add((parameter.Name, [value.Scalar], false));
            }
        }

        return result.ToImmutable();
    }

    /// <summary>Named after the control and the OU id (not its path), so renaming or moving an OU does not replace the resource.</summary>
    private static string LogicalId(string controlId, string ouId)
    {
        var builder = new StringBuilder();
        foreach (var part in controlId.Split('-', StringSplitOptions.RemoveEmptyEntries))
        {
            builder.Append(char.ToUpperInvariant(part[0])).Append(part.AsSpan(1));
        }

        // ou-ab12-abcdefgh → Ouab12abcdefgh: letters and digits only, as logical ids require.
        builder.Append('O');
        foreach (var c in ouId.AsSpan(1))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private string Render(List<CtPlacement> placements)
    {
        var concurrency = definition.LandingZone?.MaxConcurrentControlOperations ?? LandingZone.DefaultMaxConcurrentControlOperations;
        var text = new StringBuilder();
        text.Append("AWSTemplateFormatVersion: \"2010-09-09\"\n");
        text.Append("Description: \"").Append(definition.Organization.ResourcePrefix)
            .Append(": Control Tower controls enabled on OUs. Management account, home region only; at most ")
            .Append(concurrency.ToString(CultureInfo.InvariantCulture)).Append(" control operations at a time.\"\n");
        text.Append("Resources:\n");
        for (var i = 0; i < placements.Count; i++)
        {
            var p = placements[i];
            text.Append("  # ").Append(p.ControlId).Append(" (").Append(p.Spec.LegacyName).Append(") on ").Append(p.OuPath).Append('\n');
            text.Append("  ").Append(p.LogicalId).Append(":\n");
            text.Append("    Type: ").Append(ResourceType).Append('\n');
            if (i >= concurrency)
            {
                // Chain i waits for i - concurrency: never more than `concurrency` operations in flight (docs/facts/landing-zone.md §1.4).
                text.Append("    DependsOn: ").Append(placements[i - concurrency].LogicalId).Append('\n');
            }

            // Behaviour travels with the package so plan can tell inherited (preventive) from per-OU (detective) controls.
            text.Append("    Metadata:\n      GovCfct:\n        Control: ").Append(p.ControlId)
                .Append("\n        Behavior: ").Append(p.Spec.Behavior == CtBehavior.Preventive ? "preventive" : "detective").Append('\n');
            text.Append("    Properties:\n");
            text.Append("      ControlIdentifier: ").Append(p.Spec.IdentifierArn).Append('\n');
            text.Append("      TargetIdentifier: ").Append(p.TargetArn).Append('\n');
            if (!p.Parameters.IsEmpty)
            {
                text.Append("      Parameters:\n");
                foreach (var (key, values, isList) in p.Parameters)
                {
                    text.Append("        - Key: ").Append(key).Append('\n');
                    if (isList)
                    {
                        text.Append("          Value:\n");
                        foreach (var value in values)
                        {
                            text.Append("            - \"").Append(value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append("\"\n");
                        }
                    }
                    else
                    {
                        text.Append("          Value: \"").Append(values[0].Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append("\"\n");
                    }
                }
            }
        }

        return text.ToString();
    }
}
