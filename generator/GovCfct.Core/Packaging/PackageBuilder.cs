using System.Collections.Immutable;
using System.Text;
using GovCfct.Core.Catalog;
using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Policies;
using GovCfct.Core.Rendering;
using GovCfct.Core.Resolution;

namespace GovCfct.Core.Packaging;

/// <summary>A built package with its report; <see cref="Package"/> is null when errors were found (nothing may be written then).</summary>
public sealed record PackageBuildResult(CfctPackage? Package, BuildReport? Report, ResolutionResult? Resolution);

/// <summary>
/// Definition + catalog → CfCT package. Stack-set controls become one resource per distinct (control, values) listing
/// every OU that holds them; SCP/RCP controls are attached at the highest OU where they apply uniformly and packed per
/// attachment point; identical documents share one resource.
/// </summary>
public sealed class PackageBuilder
{
    private static readonly UTF8Encoding Utf8NoBom = new(false);

    private readonly PackageBuilderOptions _options;
    private readonly DiagnosticBag _diagnostics;
    private readonly GovernanceDefinition _definition;
    private readonly GovernanceSettings _settings;
    private readonly OuResolver _tree;
    private readonly SortedDictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly UnlockedOus _unlocked = new();

    private PackageBuilder(PackageBuilderOptions options, DiagnosticBag diagnostics)
    {
        _options = options;
        _diagnostics = diagnostics;
        _definition = options.Definition;
        _settings = GovernanceSettings.From(options.Definition);
        _tree = new OuResolver(options.Definition);
    }

    public static PackageBuildResult Build(PackageBuilderOptions options, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new PackageBuilder(options, diagnostics);
        return builder.Run();
    }

    private PackageBuildResult Run()
    {
        var resolution = _options.Resolution;
        if (_diagnostics.HasErrors)
        {
            return new PackageBuildResult(null, null, resolution);
        }

        var stackSets = BuildStackSets(resolution);
        var ctControls = new CtControlBuilder(_definition, _settings, _tree, _diagnostics, _unlocked).Build(resolution);
        if (!_unlocked.IsEmpty && _definition.Lock is { } orgLock)
        {
            _unlocked.Report(_definition, orgLock, _diagnostics);
        }

        if (ctControls.Resource is not null)
        {
            _files[ctControls.TemplateFile!] = Utf8NoBom.GetBytes(ctControls.TemplateText!);
        }

        if (ctControls.PackResource is not null)
        {
            _files[ctControls.PackTemplateFile!] = Utf8NoBom.GetBytes(ctControls.PackTemplateText!);
        }

        if ((ctControls.Resource ?? ctControls.PackResource) is not null && !resolution.Accounts.Any(a => a.Account.IsManagement))
        {
            ManagementAccountNeedsRoleOnce(_definition.ManagementAccount!);
        }
        var scps = BuildPolicies(resolution, ControlKind.Scp, _settings.ScpLimits);
        var rcps = BuildPolicies(resolution, ControlKind.Rcp, _settings.RcpLimits);
        CheckEffectivePolicies(resolution, scps, rcps);
        if (!_diagnostics.HasErrors)
        {
            // The alerts' resources against the SCPs that keep them from being deleted: a check of the whole package.
            var templates = _files.Where(f => f.Key.StartsWith("templates/", StringComparison.Ordinal))
                .ToDictionary(f => f.Key, f => Utf8NoBom.GetString(f.Value), StringComparer.Ordinal);
            PolicyStage.CheckAlertProtection(_settings, templates, [.. scps.JsonByName.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value))], _diagnostics);
        }

        if (_diagnostics.HasErrors)
        {
            return new PackageBuildResult(null, null, resolution);
        }

        // The stacks that reach every OU (member stack sets, Control Tower controls, conformance packs) fail as a whole
        // when enough accounts fail; CfCT would then never reach the stacks the organization depends on.
        var fanOuts = new HashSet<string>(StringComparer.Ordinal) { MemberStackSetBuilder.OwnerName(_settings.ResourcePrefix) };
        fanOuts.UnionWith(new[] { ctControls.Resource, ctControls.PackResource }.OfType<ManifestResource>().Select(r => r.Name));
        var resources = scps.Resources.OrderBy(r => r.Name, StringComparer.Ordinal)
            .Concat(rcps.Resources.OrderBy(r => r.Name, StringComparer.Ordinal))
            .Concat(stackSets.Resources.Concat(ctControls.Resource is { } ct ? [ct] : []).Concat(ctControls.PackResource is { } pack ? [pack] : [])
                .OrderBy(r => DeploymentTier(r, fanOuts))
                .ThenBy(r => r.Name, StringComparer.Ordinal))
            .ToImmutableArray();
        CheckNames(resources);
        if (_diagnostics.HasErrors)
        {
            return new PackageBuildResult(null, null, resolution);
        }

        var manifest = new CfctManifest(_settings.HomeRegion, _settings.EnableStackSetDeletion, resources);
        _files[CfctPackage.ManifestFileName] = Utf8NoBom.GetBytes(ManifestWriter.Write(manifest));

        var report = new BuildReport(
            [.. resolution.Ous.Select(o => new OuReport(
                o.Ou.Path,
                [.. o.Controls.Select(c => c.Control.Id)],
                scps.AttachedAt.GetValueOrDefault(o.Ou.Path, []),
                scps.InheritedCount(o.Ou, _tree),
                rcps.AttachedAt.GetValueOrDefault(o.Ou.Path, []),
                rcps.InheritedCount(o.Ou, _tree)))],
            resolution.OptOuts,
            [.. scps.Reports.Concat(rcps.Reports)],
            stackSets.Reports,
            _settings.ScpLimits.Available,
            _settings.RcpLimits.Available)
        {
            Detective = ctControls.Detective,
        };
        _files["report/build-report.json"] = BuildReportWriter.ToJsonUtf8(report);
        _files["report/build-report.md"] = Utf8NoBom.GetBytes(BuildReportWriter.ToMarkdown(report));

        var package = new CfctPackage(manifest, _files.ToImmutableSortedDictionary(StringComparer.Ordinal));
        return new PackageBuildResult(package, report, resolution);
    }

    private RenderContext ContextFor(ControlInstance instance) => ContextFor(instance.Values);

    private RenderContext ContextFor(ImmutableSortedDictionary<string, ParameterValue> values) =>
        new(_definition.Organization, values, _settings.ProtectedPrincipalArns);

    // ---- stack sets -------------------------------------------------------------------------------------------

    private sealed record StackSetGroup(ControlDefinition Control, ControlInstance First, ImmutableArray<string> OuPaths, ImmutableArray<string> OverridesFrom, bool IsBase);

    private sealed record StackSetOutput(ImmutableArray<ManifestResource> Resources, ImmutableArray<StackSetReport> Reports);

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
    }

    private StackSetOutput BuildStackSets(ResolutionResult resolution)
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
            .Select(f => new StackSetTarget(f.Name, f.Group.Control, f.Group.First.Values, f.Group.First.Ou.Location, f.Group.OuPaths, [], f.Group.OverridesFrom) { Key = MemberStackSetBuilder.Key(f.Group.First) })
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
                _files[file] = Utf8NoBom.GetBytes(NormalizeText(text));
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
        var bytes = Utf8NoBom.GetByteCount(body);
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
                _unlocked.StackSet(path, _tree.Find(path)?.Location ?? target.Location, target.Name);
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
        _files[file] = Utf8NoBom.GetBytes(MemberStackSetBuilder.RenderOwnerTemplate(_settings.ResourcePrefix, members));
        ManagementAccountNeedsRoleOnce(management);
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
            ManagementAccountNeedsRole(management.Account);
        }
    }

    private bool _managementRoleReported;

    private void ManagementAccountNeedsRoleOnce(TargetAccount management)
    {
        if (!_managementRoleReported)
        {
            ManagementAccountNeedsRole(management);
        }
    }

    // CfCT reaches the management account through a role Control Tower does not create there (CfCT issue #109).
    private void ManagementAccountNeedsRole(TargetAccount management)
    {
        _managementRoleReported = true;
        _diagnostics.Add(new Diagnostic(
            DiagnosticCodes.ManagementAccountNeedsExecutionRole,
            $"this package deploys stack sets to the {management.Display}; its stack instances fail unless that account has the role AWSControlTowerExecution trusting service-role/AWSControlTowerStackSetRole",
            management.Location,
            "create the role once in the management account (see docs/definition.md, 'Management account and named accounts')"));
    }

    private List<string?> RenderStackSets(IReadOnlyList<StackSetTarget> instances)
    {
        var results = new List<string?>(instances.Count);
        var cdkRequests = new List<(ControlDefinition Control, RenderContext Context)>();
        foreach (var instance in instances.Where(i => i.Control.Source == ControlSource.Cdk))
        {
            cdkRequests.Add((instance.Control, ContextFor(instance.Values)));
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
            var context = ContextFor(instance.Values);
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
                text = Render(instance.Control, context);
            }

            results.Add(text);
        }

        return results;
    }

    private string? Render(ControlDefinition control, RenderContext context)
    {
        var before = _diagnostics.Items.Count;
        var text = _options.Renderer(control, context, _diagnostics);
        if (text is null && _diagnostics.Items.Count == before)
        {
            _diagnostics.Report(DiagnosticCodes.RenderFailed, $"template of control '{control.Id}' rendered nothing", control.Location, "check the control's template");
        }

        return text;
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

    // ---- SCP / RCP ---------------------------------------------------------------------------------------------

    private sealed class PolicyOutput
    {
        public List<ManifestResource> Resources { get; } = [];

        public List<PolicyReport> Reports { get; } = [];

        public Dictionary<string, ImmutableArray<string>> AttachedAt { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> JsonByName { get; } = new(StringComparer.Ordinal);

        public int InheritedCount(OuNode ou, OuResolver tree)
        {
            var count = 0;
            for (var parent = tree.Parent(ou); parent is { IsRoot: false }; parent = tree.Parent(parent))
            {
                count += AttachedAt.GetValueOrDefault(parent.Path, []).Length;
            }

            return count;
        }
    }

    private PolicyOutput BuildPolicies(ResolutionResult resolution, ControlKind kind, PolicyLimits limits)
    {
        var output = new PolicyOutput();

        // uniform[ou] = the (control, values) keys every account at or below the OU gets: only those may be attached there.
        var uniform = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var ou in resolution.Ous.Reverse())
        {
            var keys = new HashSet<string>(ou.Controls.Where(c => c.Control.Kind == kind).Select(Key), StringComparer.Ordinal);
            foreach (var child in ou.Ou.Children)
            {
                keys.IntersectWith(uniform[child.Path]);
            }

            uniform[ou.Ou.Path] = keys;
        }

        var attachments = new List<(OuResolution Ou, List<ControlInstance> Controls)>();
        foreach (var ou in resolution.Ous)
        {
            var parent = _tree.Parent(ou.Ou)!;
            var parentUniform = parent.IsRoot ? [] : uniform[parent.Path];
            var here = new List<ControlInstance>();
            foreach (var instance in ou.Controls.Where(c => c.Control.Kind == kind))
            {
                var key = Key(instance);
                if (!uniform[ou.Ou.Path].Contains(key))
                {
                    if (ou.Ou.HoldsNoAccounts)
                    {
                        // Answered in the definition (holds_accounts: false, checked against the lock and the snapshot).
                        continue;
                    }

                    var differing = ou.Ou.Children.Where(c => !uniform[c.Path].Contains(key)).Select(c => c.Name).ToList();
                    _diagnostics.Report(DiagnosticCodes.PolicyNotOnOuAccounts, $"'{instance.Control.Id}' is attached to the child OUs of '{ou.Ou.Path}' instead of the OU itself, because {string.Join(", ", differing)} {(differing.Count == 1 ? "opts out or uses" : "opt out or use")} other values; accounts directly in '{ou.Ou.Path}' do not get it", ou.Ou.Location, "keep accounts out of this OU, or give the children the same control and values");
                }
                else if (!parentUniform.Contains(key))
                {
                    here.Add(instance);
                }
            }

            if (here.Count > 0)
            {
                attachments.Add((ou, here));
            }
        }

        var method = kind == ControlKind.Scp ? DeployMethod.Scp : DeployMethod.Rcp;
        var kindName = kind == ControlKind.Scp ? "scp" : "rcp";
        var rendered = new Dictionary<string, string?>(StringComparer.Ordinal);
        var documents = new Dictionary<string, (string Name, List<string> Ous, ImmutableArray<string> ControlIds)>(StringComparer.Ordinal);
        var slugOwners = new Dictionary<string, string>(StringComparer.Ordinal);
        var sidControls = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (ou, controls) in attachments)
        {
            var fragments = new List<PolicyPackInput>();
            foreach (var instance in controls)
            {
                var key = Key(instance);
                if (!rendered.TryGetValue(key, out var json))
                {
                    json = Render(instance.Control, ContextFor(instance));
                    rendered[key] = json;
                }

                if (json is not null)
                {
                    fragments.Add(new PolicyPackInput(instance.Control.Id, json, instance.Control.Location));
                    foreach (var sid in StatementIds(json))
                    {
                        sidControls.TryAdd(sid, instance.Control.Id);
                    }
                }
            }

            var outcome = PolicyStage.Pack(fragments, limits.MaxSize, limits.Available, ou.Ou.Path, _diagnostics);
            var names = ImmutableArray.CreateBuilder<string>();
            for (var n = 0; n < outcome.Documents.Length; n++)
            {
                var document = outcome.Documents[n];
                if (!documents.TryGetValue(document.MinifiedJson, out var entry))
                {
                    // Named after the first OU it is attached at (tree order) and its position there: stable across unrelated edits.
                    entry = (ResourceNames.Fit($"{_settings.ResourcePrefix}-{kindName}-{SlugOf(ou.Ou.Path)}-{n + 1}"), [], document.ControlIds);
                    documents[document.MinifiedJson] = entry;
                }

                entry.Ous.Add(ou.Ou.Path);
                names.Add(entry.Name);
            }

            output.AttachedAt[ou.Ou.Path] = names.ToImmutable();
        }

        foreach (var (json, (name, ous, controlIds)) in documents)
        {
            var file = $"policies/{name}.json";
            _files[file] = Utf8NoBom.GetBytes(json + "\n");
            output.JsonByName[name] = json;
            var ordered = _tree.InTreeOrder(ous);
            var description = $"{_settings.ResourcePrefix} {kindName.ToUpperInvariant()}: {string.Join(", ", controlIds)}";
            output.Resources.Add(new ManifestResource(
                name,
                description.Length <= 512 ? description : description[..512],
                file,
                method,
                [],
                null,
                [.. ordered.Select(p => OuResolver.CfctReference(_tree.Find(p)!))],
                [],
                [],
                [],
                controlIds));
            output.Reports.Add(new PolicyReport(name, method, json.Length, controlIds, ordered)
            {
                StatementControls = sidControls.Where(kv => controlIds.Contains(kv.Value)).ToImmutableSortedDictionary(StringComparer.Ordinal),
            });
        }

        output.Reports.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return output;

        static string Key(ControlInstance instance) => instance.Control.Id + "\u001d" + instance.ValueKey;

        // Two OU paths with one slug ("A:B" and "A-B", or names differing only in case): the first in tree order keeps
        // it, the others add a hash of their own path, so every attachment point gets its own names.
        string SlugOf(string path)
        {
            var slug = ResourceNames.Slug(path);
            if (!slugOwners.TryGetValue(slug, out var owner))
            {
                slugOwners[slug] = owner = path;
            }

            return owner == path ? slug : slug + "-" + ResourceNames.Hash8([path]);
        }
    }

    /// <summary>The Sids of a control's rendered policy: the plan attributes each statement of a document to its control by them.</summary>
    private static IEnumerable<string> StatementIds(string json)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(json);
            if (!document.RootElement.TryGetProperty("Statement", out var statements))
            {
                return [];
            }

            var list = statements.ValueKind == System.Text.Json.JsonValueKind.Array ? statements.EnumerateArray().ToList() : [statements];
            return [.. list.Where(s => s.ValueKind == System.Text.Json.JsonValueKind.Object && s.TryGetProperty("Sid", out var sid) && sid.ValueKind == System.Text.Json.JsonValueKind.String)
                .Select(s => s.GetProperty("Sid").GetString()!)];
        }
        catch (System.Text.Json.JsonException)
        {
            // The packer reports documents that do not parse.
            return [];
        }
    }

    private void CheckEffectivePolicies(ResolutionResult resolution, PolicyOutput scps, PolicyOutput rcps)
    {
        // Many OUs share one effective set; check each distinct set once, reported at its first OU.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var principals = PolicyStage.ProtectedPrincipals(_settings);
        var attackers = PolicyStage.EscalationAttackers(_settings);
        var lockout = new LockoutChecker();
        var openRegionOptIn = new List<string>();
        var regionOptInOpen = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var ou in resolution.Ous)
        {
            var policies = new List<EffectivePolicy>();
            var inherited = false;
            for (var node = ou.Ou; node is { IsRoot: false }; node = _tree.Parent(node)!)
            {
                foreach (var name in scps.AttachedAt.GetValueOrDefault(node.Path, []))
                {
                    policies.Add(new EffectivePolicy(name, DeployMethod.Scp, scps.JsonByName[name], inherited));
                }

                foreach (var name in rcps.AttachedAt.GetValueOrDefault(node.Path, []))
                {
                    policies.Add(new EffectivePolicy(name, DeployMethod.Rcp, rcps.JsonByName[name], inherited));
                }

                inherited = true;
            }

            var key = string.Join('\n', policies.Select(p => p.Name).Order(StringComparer.Ordinal));

            // Reported once, at the highest OU: the OUs below inherit both the region deny and the missing deny. Many OUs
            // share one effective set, so each distinct set is evaluated once; only an open set is evaluated again, to
            // report at this OU.
            if (ou.Controls.Any(c => PolicyStage.IsRegionDeny(c.Control))
                && !openRegionOptIn.Any(upper => ou.Ou.Path.StartsWith(upper + ":", StringComparison.Ordinal)))
            {
                if (!regionOptInOpen.TryGetValue(key, out var open))
                {
                    regionOptInOpen[key] = open = PolicyStage.CheckRegionOptIn(attackers, ou.Ou.Path, ou.Ou.Location, policies, new DiagnosticBag());
                }

                if (open && PolicyStage.CheckRegionOptIn(attackers, ou.Ou.Path, ou.Ou.Location, policies, _diagnostics))
                {
                    openRegionOptIn.Add(ou.Ou.Path);
                }
            }

            if (policies.Count > 0 && seen.Add(key))
            {
                PolicyStage.CheckLockout(principals, ou.Ou.Path, policies, _diagnostics, lockout);
                PolicyStage.CheckEscalation(attackers, ou.Ou.Path, policies, _diagnostics);
            }
        }
    }

    /// <summary>
    /// CfCT deploys the manifest's resources one after another and stops at the first failure, so what the management
    /// account sets up for the others (delegated administrators, the Control Tower controls) comes first: Security
    /// Hub's central configuration in the audit account fails until the management account has registered it as
    /// delegated administrator (docs/facts/landing-zone.md §5.3).
    /// </summary>
    private bool TargetsOnlyManagementAccount(ManifestResource resource) =>
        _definition.ManagementAccount is { } management && resource.OrganizationalUnits.IsEmpty
        && resource.Accounts.Length == 1 && resource.Accounts[0] == management.Id;

    /// <summary>
    /// CfCT runs stack sets one after another and stops at the first that fails, and a stack set that reaches every OU
    /// fails once more than its failure tolerance of accounts fail (10 %, CfCT's default). So what the organization
    /// depends on goes first: the management account's own stacks (delegated administrators, alerts), then the other
    /// accounts' stacks (the audit account's central bus and roles), and only then the stacks that fan out to every
    /// OU: the member stack sets' owner, the Control Tower controls, the conformance packs and CfCT stack sets over OUs.
    /// </summary>
    private int DeploymentTier(ManifestResource resource, HashSet<string> fanOuts) =>
        fanOuts.Contains(resource.Name) || !resource.OrganizationalUnits.IsEmpty ? 2
        : TargetsOnlyManagementAccount(resource) ? 0
        : 1;

    private void CheckNames(ImmutableArray<ManifestResource> resources)
    {
        foreach (var resource in resources)
        {
            if (!ResourceNames.IsValid(resource.Name))
            {
                _diagnostics.Report(DiagnosticCodes.InvalidResourceName, $"resource name '{resource.Name}' is not [A-Za-z][A-Za-z0-9-]* of at most {ResourceNames.MaxLength} characters", _definition.Organization.Location, "use a resource_prefix of letters, digits and hyphens that starts with a letter");
            }
        }

        foreach (var duplicate in resources.GroupBy(r => r.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            _diagnostics.Report(DiagnosticCodes.InvalidResourceName, $"resource name '{duplicate.Key}' is used {duplicate.Count()} times", _definition.Organization.Location, "report this; names must be unique in the manifest");
        }
    }
}
