using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Packaging;
using YamlDotNet.RepresentationModel;

namespace GovCfct.Core.Validation.Rules;

/// <summary>
/// Things CfCT accepts and then mishandles (warnings): a removed SCP/RCP is never detached; a removed stack set
/// is deleted only with enable_stack_set_deletion; export_outputs reads one arbitrary instance. One error: a policy
/// in a manifest where no resource has a description breaks the SCP/RCP stage (yorm AttributeError).
/// </summary>
internal sealed class HazardRule : IValidationRule
{
    public IReadOnlyList<string> Codes { get; } =
    [
        DiagnosticCodes.ScpRemovedNeverDetached, DiagnosticCodes.StackSetRemovedNotDeleted,
        DiagnosticCodes.ExportOutputsMultiInstance, DiagnosticCodes.DescriptionMissing,
    ];

    public void Check(PackageContext context, DiagnosticBag diagnostics)
    {
        var manifest = context.Manifest.Manifest;
        if (manifest is null)
        {
            return;
        }

        CheckRemovals(context, manifest, diagnostics);

        // manifest.py's ResourceProps declares no description: yorm only knows the key once some resource has it, and
        // the SCP/RCP parsers read policy.description, which then raises AttributeError and fails the stage. v1's
        // Policy declares description, and stack sets never read it, so only v2 policies are at risk.
        var anyDescription = context.Manifest.Resources.Any(n => n.Child("description") is not null);
        foreach (var node in context.Manifest.Resources)
        {
            if (node.Resource is not { } resource)
            {
                continue;
            }

            if (!anyDescription && !node.Legacy && resource.DeployMethod != DeployMethod.StackSet)
            {
                diagnostics.Error(DiagnosticCodes.DescriptionMissing, $"{(resource.DeployMethod == DeployMethod.Scp ? "SCP" : "RCP")} '{resource.Name}' has no description and no resource in the manifest has one; CfCT's {(resource.DeployMethod == DeployMethod.Scp ? "SCP" : "RCP")} stage then fails with AttributeError: description", context.Manifest.At(node.Node), "add description: to the policy resource");
            }

            if (resource.DeployMethod == DeployMethod.StackSet && node.Child("export_outputs") is YamlSequenceNode { Children.Count: > 0 } exports)
            {
                var instances = resource.Accounts.Length + resource.OrganizationalUnits.Length;
                var regions = context.StackSetRegions(resource).Count();
                if (instances != 1 || resource.OrganizationalUnits.Length > 0 || regions > 1)
                {
                    diagnostics.Warning(DiagnosticCodes.ExportOutputsMultiInstance, "export_outputs on a stack set with several accounts, an OU or several regions: CfCT reads the outputs of one arbitrary instance", context.Manifest.At(exports), "export only from single-account, single-region stack sets, or outputs identical in every instance");
                }
            }
        }
    }

    private static void CheckRemovals(PackageContext context, CfctManifest manifest, DiagnosticBag diagnostics)
    {
        if (context.Previous?.Manifest is not { } previous)
        {
            return;
        }

        var current = manifest.Resources.Select(r => (r.Name, r.DeployMethod)).ToHashSet();
        var at = context.Manifest.Root is { } root && ManifestReadResult.KeyNode(root, "resources") is { } key ? context.Manifest.At(key) : context.Manifest.AtLine(1);
        foreach (var old in previous.Resources.Where(r => !current.Contains((r.Name, r.DeployMethod))).OrderBy(r => r.Name, StringComparer.Ordinal))
        {
            if (old.DeployMethod != DeployMethod.StackSet)
            {
                var kind = old.DeployMethod == DeployMethod.Scp ? "SCP" : "RCP";
                diagnostics.Warning(DiagnosticCodes.ScpRemovedNeverDetached, $"{kind} '{old.Name}' was in the previous package and is gone; CfCT never detaches or deletes it, so it stays in force", at, "detach and delete it in AWS Organizations (govcfct plan lists it)");
            }
            else if (manifest.EnableStackSetDeletion != true)
            {
                diagnostics.Warning(DiagnosticCodes.StackSetRemovedNotDeleted, $"stack set '{old.Name}' was in the previous package and is gone; without enable_stack_set_deletion: true CfCT leaves CustomControlTower-{old.Name} and its instances in place", at, "set enable_stack_set_deletion: true (it deletes every undeclared CustomControlTower- stack set) or delete it by hand");
            }
        }
    }
}
