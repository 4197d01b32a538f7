using System.Collections.Immutable;
using GovCfct.Core.Catalog;
using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Policies;
using GovCfct.Core.Rendering;
using GovCfct.Core.Resolution;

namespace GovCfct.Core.Packaging;

/// <summary>
/// The stack-set section of a package build: one resource per distinct (control, values) listing every OU that holds
/// it, one per account assignment, and (with a management account and an org lock) the service-managed member stack
/// sets under one owner stack in the management account.
/// </summary>
internal sealed class StackSetResourceBuilder
{
    private readonly PackageBuildContext _context;
    private readonly DiagnosticBag _diagnostics;
    private readonly GovernanceSettings _settings;
    private readonly OuResolver _tree;
    private readonly GovernanceDefinition _definition;
    private readonly SortedDictionary<string, byte[]> _files;
    private readonly PackageBuilderOptions _options;

    public StackSetResourceBuilder(PackageBuildContext context)
    {
        _context = context;
        _diagnostics = context.Diagnostics;
        _settings = context.Settings;
        _tree = context.Tree;
        _definition = context.Definition;
        _files = context.Files;
        _options = context.Options;
    }

    private sealed record StackSetGroup(ControlDefinition Control, ControlInstance First, ImmutableArray<string> OuPaths, ImmutableArray<string> OverridesFrom, bool IsBase);

    internal sealed record StackSetOutput(ImmutableArray<ManifestResource> Resources, ImmutableArray<StackSetReport> Reports);

    /// <summary>One stack-set resource to render: OU-targeted (a group) or account-targeted (one assignment).</summary>
    private sealed record StackSetTarget(
        string Name,
        ControlDefinition Control,
        ImmutableSortedDictionary<string, ParameterValue> Values,
        SourceLocation Location,
        ImmutableArray<string> OuPaths,
        ImmutableArray<string> Accounts,
        ImmutableArray<string> OverridesFrom)
    {
        /// <summary>The (control, values) key of an OU-targeted group; null for account targets.</summary>
        public string? Key { get; init; }

        /// <summary>What the template's <c>name_suffix</c> renders: empty for the base stack set and account targets, the variant's tail otherwise.</summary>
        public string NameSuffix { get; init; } = string.Empty;
    }

    public StackSetOutput BuildStackSets(ResolutionResult resolution)
    {
        // Group every OU's instance of a stack-set control by its values: one stack set per distinct (control, values).
        var groups = resolution.Ous
            .SelectMany(o => o.Controls)
            .Where(i => i.Control.Kind == ControlKind.StackSet)
            .GroupBy(i => (i.Control.Id, i.ValueKey))
            .Select(g =>
            {
                var instances = g.ToList();
                var overrides = instances.SelectMany(i => i.Origins.Values).Where(o => o.IsOuOverride).Select(o => o.OuPath);
                var isBase = resolution.OrganizationValueKeys.GetValueOrDefault(g.Key.Id) == g.Key.ValueKey;
                return new StackSetGroup(instances[0].Control, instances[0], _tree.InTreeOrder(instances.Select(i => i.Ou.Path)), _tree.InTreeOrder(overrides), isBase);
            })
            .ToList();

        var named = new List<(string Name, StackSetGroup Group)>();
        var prefix = _settings.ResourcePrefix;
        foreach (var group in groups)
        {
            // Base group: the organization's values. Variants: a hash of the OUs whose values make them differ, so editing
            // one OU's value renames nothing and changes only the resource that OU's override feeds.
            var name = group.IsBase || group.OverridesFrom.IsEmpty
                ? $"{prefix}-{group.Control.Id}"
                : $"{prefix}-{group.Control.Id}-{ResourceNames.Hash8(group.OverridesFrom)}";
            named.Add((ResourceNames.Fit(name), group));
        }

        // Two groups can only share a name if their override OUs hash alike; number them in a stable order.
        var final = new List<(string Name, StackSetGroup Group)>();
        foreach (var clash in named.GroupBy(n => n.Name, StringComparer.Ordinal))
        {
            var ordered = clash.OrderBy(n => n.Group.First.ValueKey, StringComparer.Ordinal).ToList();
            for (var i = 0; i < ordered.Count; i++)
            {
                final.Add((i == 0 ? ordered[i].Name : ResourceNames.Fit($"{ordered[i].Name}-{i + 1}"), ordered[i].Group));
            }
        }

        var targets = final
            .Select(f => new StackSetTarget(f.Name, f.Group.Control, f.Group.First.Values, f.Group.First.Ou.Location, f.Group.OuPaths, [], f.Group.OverridesFrom) { Key = MemberStackSetBuilder.Key(f.Group.First), NameSuffix = NameSuffix(f.Name, $"{prefix}-{f.Group.Control.Id}") })
            .Concat(AccountTargets(resolution))
            .ToList();
        targets.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        var targetPaths = ServiceManagedTargets(resolution, final.Count > 0);
        var texts = RenderStackSets(targets);
        var members = new List<MemberStackSet>();
        var fileByText = new Dictionary<string, string>(StringComparer.Ordinal);
        var resources = ImmutableArray.CreateBuilder<ManifestResource>();
        var reports = ImmutableArray.CreateBuilder<StackSetReport>();
        for (var i = 0; i < targets.Count; i++)
        {
            var target = targets[i];
            var name = target.Name;
            var text = texts[i];
            if (text is null)
            {
                continue;
            }

            // One file per distinct text, named after the first resource (by name) that uses it: the base sorts first.
            if (!fileByText.TryGetValue(text, out var file))
            {
                file = $"templates/{name}.template";
                fileByText[text] = file;
                _files[file] = PackageBuildContext.Utf8NoBom.GetBytes(NormalizeText(text));
            }

            reports.Add(new StackSetReport(name, target.Control.Id, target.OuPaths, target.OverridesFrom) { Accounts = target.Accounts });
            if (targetPaths is not null && !target.OuPaths.IsEmpty)
            {
                // Service-managed: the management-account stack owns it; CfCT's manifest lists no member OU.
                if (MemberStackSet(target, text, targetPaths) is { } member)
                {
                    members.Add(member);
                }

                continue;
            }

            resources.Add(new ManifestResource(
                name,
                Describe(target.Control),
                file,
                DeployMethod.StackSet,
                StackSetParameters(target.Control, target.Values, target.Location),
                null,
                [.. target.OuPaths.Select(p => OuResolver.CfctReference(_tree.Find(p)!))],
                target.Accounts,
                Regions(target.Control),
                [],
                [target.Control.Id]));
        }

        if (members.Count > 0)
        {
            resources.Add(OwnerResource(members));
        }

        return new StackSetOutput(resources.ToImmutable(), reports.ToImmutable());
    }

    /// <summary>
    /// The part of a variant's name after <c>&lt;prefix&gt;-&lt;control&gt;</c> (<c>-84bd9e2a</c>, <c>-84bd9e2a-2</c>): the
    /// template appends it to every physical name through <c>name_suffix</c>, so the variant and the base stack set never
    /// name a resource alike. Adding or removing an override moves accounts between them (and, with
    /// enable_stack_set_deletion off, leaves the old stacks in place): distinct names let both stacks exist in one account.
    /// </summary>
    private static string NameSuffix(string name, string baseName) =>
        name == baseName ? string.Empty
        : name.StartsWith(baseName + "-", StringComparison.Ordinal) ? name[baseName.Length..]
        : "-" + ResourceNames.Hash8([name]);

    /// <summary>
    /// Target OU paths per (control, values) key when member stack sets can be service-managed (a management account
    /// and an org lock of that account), else null: without OU ids the package falls back to CfCT's listed OUs (GCF1870).
    /// </summary>
    private Dictionary<string, List<string>>? ServiceManagedTargets(ResolutionResult resolution, bool any)
    {
        if (!any)
        {
            return null;
        }

        if (_definition.ManagementAccount is not { } management || _definition.Lock is not { } orgLock || orgLock.ManagementAccountId != management.Id)
        {
            var missing = _definition.ManagementAccount is null ? "organization.yaml names no management_account"
                : _definition.Lock is null ? $"the definition has no {OrgLock.FileName}"
                : $"{OrgLock.FileName} was written for another management account";
            _diagnostics.Report(DiagnosticCodes.MemberStackSetsSelfManaged, $"stack-set controls assigned to OUs are deployed as CfCT's own stack sets over listed OUs, because {missing}; new OUs and accounts are covered only after a rebuild and a CfCT run", _definition.Organization.Location, $"add management_account and {OrgLock.FileName} (govcfct org lock) to get service-managed stack sets with automatic deployment");
            return null;
        }

        return MemberStackSetBuilder.TargetPaths(resolution, _tree, _diagnostics);
    }

    private MemberStackSet? MemberStackSet(StackSetTarget target, string text, Dictionary<string, List<string>> targetPaths)
    {
        var orgLock = _definition.Lock!;
        var body = NormalizeText(text);
        var ok = true;
        var bytes = PackageBuildContext.Utf8NoBom.GetByteCount(body);
        if (bytes > MemberStackSetBuilder.MaxTemplateBodyBytes)
        {
            _diagnostics.Report(DiagnosticCodes.StackSetTemplateTooLarge, $"the template of '{target.Name}' ({target.Control.Id}) is {bytes} bytes; a stack set's TemplateBody holds at most {MemberStackSetBuilder.MaxTemplateBodyBytes}", target.Control.Location, "make the control's template smaller, or split the control");
            ok = false;
        }

        if (MemberStackSetBuilder.DeclaresTransform(body))
        {
            _diagnostics.Report(DiagnosticCodes.StackSetTemplateTransform, $"the template of '{target.Name}' ({target.Control.Id}) declares Transform; service-managed stack sets cannot use macros", target.Control.Location, "expand the template and remove Transform");
            ok = false;
        }

        var regions = Regions(target.Control);
        foreach (var region in regions.Where(r => !_settings.GovernedRegions.Contains(r, StringComparer.Ordinal)))
        {
            _diagnostics.Report(DiagnosticCodes.StackSetRegionNotGoverned, $"control '{target.Control.Id}' deploys to region '{region}', which is not governed ({string.Join(", ", _settings.GovernedRegions)}); its service-managed instances run as stacksets-exec-*, which the region deny does not exempt", target.Control.Location, "remove the region from the control's regions (default: every governed region)");
            ok = false;
        }

        var targets = ImmutableArray.CreateBuilder<StackSetOuTarget>();
        foreach (var path in targetPaths.GetValueOrDefault(target.Key!) ?? [])
        {
            if (path.Length == 0)
            {
                targets.Add(new StackSetOuTarget(path, orgLock.RootId));
            }
            else if (orgLock.Ous.TryGetValue(path, out var locked))
            {
                targets.Add(new StackSetOuTarget(path, locked.Id));
            }
            else
            {
                _context.Unlocked.StackSet(path, _tree.Find(path)?.Location ?? target.Location, target.Name);
                ok = false;
            }
        }

        if (!ok || targets.Count == 0)
        {
            return null;
        }

        return new MemberStackSet(
            target.Name,
            MemberStackSetBuilder.LogicalId(target.Name),
            target.Control.Id,
            Describe(target.Control),
            StackSetParameters(target.Control, target.Values, target.Location),
            body,
            regions,
            targets.ToImmutable(),
            MemberStackSetBuilder.CapabilitiesOf(body));
    }

    /// <summary>The management-account stack that owns every member stack set: CfCT deploys it to the management account, home region.</summary>
    private ManifestResource OwnerResource(List<MemberStackSet> members)
    {
        var management = _definition.ManagementAccount!;
        var name = MemberStackSetBuilder.OwnerName(_settings.ResourcePrefix);
        var file = $"templates/{name}.template";
        _files[file] = PackageBuildContext.Utf8NoBom.GetBytes(MemberStackSetBuilder.RenderOwnerTemplate(_settings.ResourcePrefix, members));
        _context.ManagementAccountNeedsRoleOnce(management);
        return new ManifestResource(
            name,
            $"Service-managed stack sets with automatic deployment for member accounts ({_settings.ResourcePrefix})",
            file,
            DeployMethod.StackSet,
            [],
            null,
            [],
            [management.Id],
            [_settings.HomeRegion],
            [],
            [.. members.Select(m => m.ControlId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]);
    }

    /// <summary>
    /// One resource per account assignment, never grouped: CfCT matches 12-digit ids exactly, and a per-account name
    /// (<c>-mgmt</c> for the management account, <c>-&lt;id&gt;</c> otherwise) stays stable when other accounts change.
    /// </summary>
    private IEnumerable<StackSetTarget> AccountTargets(ResolutionResult resolution)
    {
        var prefix = _settings.ResourcePrefix;
        foreach (var instance in resolution.Accounts)
        {
            var suffix = instance.Account.IsManagement ? "mgmt" : instance.Account.Id;
            yield return new StackSetTarget(
                ResourceNames.Fit($"{prefix}-{instance.Control.Id}-{suffix}"),
                instance.Control,
                instance.Values,
                instance.Location,
                [],
                [instance.Account.Id],
                []);
        }

        if (resolution.Accounts.FirstOrDefault(a => a.Account.IsManagement) is { } management)
        {
            _context.ManagementAccountNeedsRole(management.Account);
        }
    }

    private List<string?> RenderStackSets(IReadOnlyList<StackSetTarget> instances)
    {
        var results = new List<string?>(instances.Count);
        var cdkRequests = new List<(ControlDefinition Control, RenderContext Context)>();
        foreach (var instance in instances.Where(i => i.Control.Source == ControlSource.Cdk))
        {
            cdkRequests.Add((instance.Control, _context.ContextFor(instance.Values)));
        }

        IReadOnlyDictionary<string, string> synthesized = new Dictionary<string, string>();
        if (cdkRequests.Count > 0)
        {
            if (_options.CdkSource is null)
            {
                foreach (var control in cdkRequests.Select(r => r.Control).DistinctBy(c => c.Id))
                {
                    _diagnostics.Report(DiagnosticCodes.CdkSourceMissing, $"control '{control.Id}' is authored with CDK but this build has no CDK synthesizer", control.Location, "run the govcfct command line (it includes GovCfct.Cdk) or remove the assignment");
                }
            }
            else
            {
                synthesized = _options.CdkSource.Synthesize(cdkRequests, _diagnostics);
            }
        }

        foreach (var instance in instances)
        {
            var context = _context.ContextFor(instance.Values) with { NameSuffix = instance.NameSuffix };
            string? text;
            if (instance.Control.Source == ControlSource.Cdk)
            {
                text = _options.CdkSource is null ? null : synthesized.GetValueOrDefault(CdkTemplateRequest.KeyOf(instance.Control, context));
                if (text is null && _options.CdkSource is not null && !_diagnostics.HasErrors)
                {
                    _diagnostics.Report(DiagnosticCodes.RenderFailed, $"CDK synthesis gave no template for control '{instance.Control.Id}'", instance.Control.Location, "check the CDK construct of this control");
                }
            }
            else
            {
                text = _context.Render(instance.Control, context);
            }

            results.Add(text);
        }

        return results;
    }

    private ImmutableArray<ManifestParameter> StackSetParameters(ControlDefinition control, ImmutableSortedDictionary<string, ParameterValue> values, SourceLocation fallback)
    {
        // Contract with the catalog: every non-list parameter is a CloudFormation parameter of the same name. Emit all of
        // them explicitly (CfCT does not notice a parameter removed in favour of a template default).
        var result = ImmutableArray.CreateBuilder<ManifestParameter>();
        foreach (var parameter in control.Parameters.Where(p => p.Type != ParameterType.List))
        {
            if (!values.TryGetValue(parameter.Name, out var value))
            {
                continue;
            }

            if (value.Scalar.Contains(',', StringComparison.Ordinal))
            {
                _diagnostics.Report(DiagnosticCodes.CommaInParameterValue, $"parameter '{parameter.Name}' of control '{control.Id}' contains a comma ('{value.Scalar}'); CfCT would split it into a list and update the stack set on every run", value.Location ?? fallback, "remove the comma from the value");
                continue;
            }

            result.Add(new ManifestParameter(parameter.Name, value.Scalar));
        }

        return result.ToImmutable();
    }

    private ImmutableArray<string> Regions(ControlDefinition control)
    {
        var organization = _settings;
        var regions = control.Regions.IsDefaultOrEmpty ? organization.GovernedRegions : control.Regions;
        return [.. regions.Select(r => r == "home" ? organization.HomeRegion : r).Distinct(StringComparer.Ordinal)];
    }

    private static string Describe(ControlDefinition control)
    {
        var text = $"{control.Title.En} ({control.Id})";
        return text.Length <= 512 ? text : text[..512];
    }

    /// <summary>LF line endings and one final newline, so the bytes do not depend on how a template file was saved.</summary>
    private static string NormalizeText(string text)
    {
        var lf = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        return lf.EndsWith('\n') ? lf : lf + "\n";
    }
}
