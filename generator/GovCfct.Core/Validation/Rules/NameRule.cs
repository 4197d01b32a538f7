using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Packaging;
using YamlDotNet.RepresentationModel;

namespace GovCfct.Core.Validation.Rules;

/// <summary>
/// Resource names: CloudFormation's stack set pattern (CfCT does not sanitise, issue #31), the 128-character
/// limit including <c>CustomControlTower-</c>, uniqueness, and clashes with policies the organization has
/// (CfCT finds policies by name and would overwrite a foreign one).
/// </summary>
internal sealed class NameRule : IValidationRule
{
    private const string StackSetPrefix = "CustomControlTower-";
    private const int MaxNameLength = 128;

    public IReadOnlyList<string> Codes { get; } =
        [DiagnosticCodes.NameInvalid, DiagnosticCodes.NameTooLong, DiagnosticCodes.NameDuplicate, DiagnosticCodes.NameClashesWithOrgPolicy];

    public void Check(PackageContext context, DiagnosticBag diagnostics)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in context.Manifest.Resources)
        {
            if (node.Child("name") is not YamlScalarNode nameNode || string.IsNullOrEmpty(nameNode.Value))
            {
                continue;
            }

            var name = nameNode.Value;
            var at = context.Manifest.At(nameNode);
            if (!NameRules.IsResourceName(name))
            {
                diagnostics.Error(DiagnosticCodes.NameInvalid, $"resource name '{name}' must start with a letter and contain only letters, digits and hyphens", at, "CloudFormation rejects other characters in stack set names (underscores too); rename it");
            }

            var method = node.Resource?.DeployMethod;
            var deployed = method == DeployMethod.StackSet ? StackSetPrefix + name : name;
            if (deployed.Length > MaxNameLength)
            {
                var limit = method == DeployMethod.StackSet ? $"{MaxNameLength - StackSetPrefix.Length} characters (CfCT adds '{StackSetPrefix}')" : $"{MaxNameLength} characters";
                diagnostics.Error(DiagnosticCodes.NameTooLong, $"resource name '{name}' is {name.Length} characters; the limit is {limit}", at, "shorten the name");
            }

            if (seen.TryGetValue(name, out var firstLine))
            {
                diagnostics.Error(DiagnosticCodes.NameDuplicate, $"resource name '{name}' is already used on line {firstLine}", at, "give every resource its own name");
            }
            else
            {
                seen[name] = (int)nameNode.Start.Line;
            }

            CheckOrgClash(context, node, name, at, diagnostics);
        }
    }

    private static void CheckOrgClash(PackageContext context, ResourceNode node, string name, SourceLocation at, DiagnosticBag diagnostics)
    {
        if (context.Organization is not { } org || node.Resource is not { DeployMethod: not DeployMethod.StackSet } resource)
        {
            return;
        }

        var type = resource.DeployMethod == DeployMethod.Scp ? "SERVICE_CONTROL_POLICY" : "RESOURCE_CONTROL_POLICY";
        var existing = org.Policies.FirstOrDefault(p => p.Type == type && p.Name == name);
        if (existing is null)
        {
            return;
        }

        if (existing.AwsManaged)
        {
            diagnostics.Error(DiagnosticCodes.NameClashesWithOrgPolicy, $"'{name}' is the name of the AWS managed policy {existing.Id}; CfCT would try to update it and fail", at, "rename the resource (prefix it with your resource prefix)");
            return;
        }

        // A policy published by the previous package is ours; only foreign policies are at risk.
        var ours = context.Previous?.Manifest?.Resources.Any(r => r.Name == name && r.DeployMethod == resource.DeployMethod) ?? false;
        if (!ours)
        {
            diagnostics.Warning(DiagnosticCodes.NameClashesWithOrgPolicy, $"the organization already has a policy named '{name}' ({existing.Id}); CfCT matches policies by name and will overwrite its content", at, "if CfCT did not create that policy, rename the resource; pass --previous to confirm it is ours");
        }
    }
}
