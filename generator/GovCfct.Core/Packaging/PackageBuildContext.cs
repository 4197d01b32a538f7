using System.Collections.Immutable;
using System.Text;
using GovCfct.Core.Catalog;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Rendering;
using GovCfct.Core.Resolution;

namespace GovCfct.Core.Packaging;

/// <summary>
/// What the sections of one package build share: the inputs, the settings, the OU tree, the diagnostics, the files
/// written so far, rendering, and the management-account role warning (said once per build).
/// </summary>
internal sealed class PackageBuildContext
{
    public static readonly UTF8Encoding Utf8NoBom = new(false);

    private bool _managementRoleReported;

    public PackageBuildContext(PackageBuilderOptions options, DiagnosticBag diagnostics)
    {
        Options = options;
        Diagnostics = diagnostics;
        Definition = options.Definition;
        Settings = GovernanceSettings.From(options.Definition);
        Tree = new OuResolver(options.Definition);
    }

    public PackageBuilderOptions Options { get; }

    public DiagnosticBag Diagnostics { get; }

    public GovernanceDefinition Definition { get; }

    public GovernanceSettings Settings { get; }

    public OuResolver Tree { get; }

    public SortedDictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);

    /// <summary>The OUs the sections target that the org lock does not hold, reported once per OU after the sections ran.</summary>
    public UnlockedOus Unlocked { get; } = new();

    public RenderContext ContextFor(ControlInstance instance) => ContextFor(instance.Values);

    public RenderContext ContextFor(ImmutableSortedDictionary<string, ParameterValue> values) =>
        new(Definition.Organization, values, Settings.ProtectedPrincipalArns);

    public string? Render(ControlDefinition control, RenderContext context)
    {
        var before = Diagnostics.Items.Count;
        var text = Options.Renderer(control, context, Diagnostics);
        if (text is null && Diagnostics.Items.Count == before)
        {
            Diagnostics.Report(DiagnosticCodes.RenderFailed, $"template of control '{control.Id}' rendered nothing", control.Location, "check the control's template");
        }

        return text;
    }

    public void ManagementAccountNeedsRoleOnce(TargetAccount management)
    {
        if (!_managementRoleReported)
        {
            ManagementAccountNeedsRole(management);
        }
    }

    // CfCT reaches the management account through a role Control Tower does not create there (CfCT issue #109).
    public void ManagementAccountNeedsRole(TargetAccount management)
    {
        _managementRoleReported = true;
        Diagnostics.Add(new Diagnostic(
            DiagnosticCodes.ManagementAccountNeedsExecutionRole,
            $"this package deploys stack sets to the {management.Display}; its stack instances fail unless that account has the role AWSControlTowerExecution trusting service-role/AWSControlTowerStackSetRole",
            management.Location,
            "create the role once in the management account (see docs/definition.md, 'Management account and named accounts')"));
    }
}
