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
/// every OU that holds them (<see cref="StackSetResourceBuilder"/>); SCP/RCP controls are attached at the highest OU where
/// they apply uniformly and packed per attachment point, identical documents sharing one resource
/// (<see cref="PolicyResourceBuilder"/>); Control Tower controls come from <see cref="CtControlBuilder"/>. This class
/// orders the resources, names them and writes the manifest and the report.
/// </summary>
public sealed class PackageBuilder
{
    private readonly DiagnosticBag _diagnostics;
    private readonly GovernanceDefinition _definition;
    private readonly GovernanceSettings _settings;
    private readonly OuResolver _tree;
    private readonly SortedDictionary<string, byte[]> _files;
    private readonly PackageBuilderOptions _options;
    private readonly PackageBuildContext _context;
    private readonly StackSetResourceBuilder _stackSets;
    private readonly PolicyResourceBuilder _policies;

    private PackageBuilder(PackageBuilderOptions options, DiagnosticBag diagnostics)
    {
        _context = new PackageBuildContext(options, diagnostics);
        _options = options;
        _diagnostics = diagnostics;
        _definition = _context.Definition;
        _settings = _context.Settings;
        _tree = _context.Tree;
        _files = _context.Files;
        _stackSets = new StackSetResourceBuilder(_context);
        _policies = new PolicyResourceBuilder(_context);
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

        var stackSets = _stackSets.BuildStackSets(resolution);
        var ctControls = new CtControlBuilder(_definition, _settings, _tree, _diagnostics, _context.Unlocked).Build(resolution);
        if (!_context.Unlocked.IsEmpty && _definition.Lock is { } orgLock)
        {
            _context.Unlocked.Report(_definition, orgLock, _diagnostics);
        }

        if (ctControls.Resource is not null)
        {
            _files[ctControls.TemplateFile!] = PackageBuildContext.Utf8NoBom.GetBytes(ctControls.TemplateText!);
        }

        if (ctControls.PackResource is not null)
        {
            _files[ctControls.PackTemplateFile!] = PackageBuildContext.Utf8NoBom.GetBytes(ctControls.PackTemplateText!);
        }

        if ((ctControls.Resource ?? ctControls.PackResource) is not null && !resolution.Accounts.Any(a => a.Account.IsManagement))
        {
            _context.ManagementAccountNeedsRoleOnce(_definition.ManagementAccount!);
        }
        var scps = _policies.BuildPolicies(resolution, ControlKind.Scp, _settings.ScpLimits);
        var rcps = _policies.BuildPolicies(resolution, ControlKind.Rcp, _settings.RcpLimits);
        _policies.CheckEffectivePolicies(resolution, scps, rcps);
        if (!_diagnostics.HasErrors)
        {
            // The alerts' resources against the SCPs that keep them from being deleted: a check of the whole package.
            var templates = _files.Where(f => f.Key.StartsWith("templates/", StringComparison.Ordinal))
                .ToDictionary(f => f.Key, f => PackageBuildContext.Utf8NoBom.GetString(f.Value), StringComparer.Ordinal);
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
        _files[CfctPackage.ManifestFileName] = PackageBuildContext.Utf8NoBom.GetBytes(ManifestWriter.Write(manifest));

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
        _files["report/build-report.md"] = PackageBuildContext.Utf8NoBom.GetBytes(BuildReportWriter.ToMarkdown(report));

        var package = new CfctPackage(manifest, _files.ToImmutableSortedDictionary(StringComparer.Ordinal));
        return new PackageBuildResult(package, report, resolution);
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
