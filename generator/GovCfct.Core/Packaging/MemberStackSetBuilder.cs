using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using GovCfct.Core.Catalog;
using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Resolution;

namespace GovCfct.Core.Packaging;

/// <summary>One OU target of a service-managed stack set: the OU path (empty for the organization root) and its id.</summary>
public sealed record StackSetOuTarget(string OuPath, string OuId);

/// <summary>
/// One member stack set as the management-account stack declares it: a service-managed
/// <c>AWS::CloudFormation::StackSet</c> with automatic deployment, its literal parameters, the member template it embeds,
/// the governed regions, and the highest OU ids whose whole subtree receives this control with these values.
/// </summary>
public sealed record MemberStackSet(
    string Name,
    string LogicalId,
    string ControlId,
    string Description,
    ImmutableArray<ManifestParameter> Parameters,
    string TemplateBody,
    ImmutableArray<string> Regions,
    ImmutableArray<StackSetOuTarget> Targets,
    ImmutableArray<string> Capabilities);

/// <summary>
/// Turns every stack-set control assigned to OUs into a service-managed stack set owned by one stack in the management
/// account, home region (CfCT deploys that stack to the management account only, so its manifest lists no member OU).
/// StackSets' automatic deployment then reaches every account of the target OUs and their child OUs, including accounts
/// and OUs created after the build (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_AutoDeployment.html,
/// https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DeploymentTargets.html). Targets are chosen
/// like SCP attachment points: the highest OU whose whole subtree has the same (control, values), the root id when every
/// top-level OU has it.
/// </summary>
public static class MemberStackSetBuilder
{
    /// <summary>CloudFormation's largest <c>TemplateBody</c> (bytes); larger templates need an S3 URL.</summary>
    public const int MaxTemplateBodyBytes = 51_200;

    /// <summary>At most 50 OU ids per <c>CreateStackInstances</c>/<c>UpdateStackSet</c> call: one instances group each.</summary>
    public const int MaxOusPerGroup = 50;

    /// <summary>CloudFormation's longest stack set name.</summary>
    public const int MaxStackSetNameLength = 128;

    /// <summary>Per-region concurrency as a percentage of the target accounts; StackSets caps a stack set at about 100 instances at once.</summary>
    public const int MaxConcurrentPercentage = 100;

    /// <summary>Per-region failure tolerance: a few failed accounts (suspended, closing) must not stop a rollout to thousands.</summary>
    public const int FailureTolerancePercentage = 10;

    /// <summary>The owner stack's manifest resource name.</summary>
    public static string OwnerName(string prefix) => ResourceNames.Fit($"{prefix}-member-stack-sets");

    /// <summary>Key of one (control, values) pair, as resolution groups them.</summary>
    internal static string Key(ControlInstance instance) => instance.Control.Id + "\u001d" + instance.ValueKey;

    /// <summary>
    /// The target OU paths of every stack-set (control, values) key: the highest OUs whose whole subtree has the key;
    /// <c>""</c> (the root) when every top-level OU has it. Reports GCF1875 at an OU that has the key while a child differs.
    /// </summary>
    internal static Dictionary<string, List<string>> TargetPaths(ResolutionResult resolution, OuResolver tree, DiagnosticBag diagnostics)
    {
        var uniform = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var ou in resolution.Ous.Reverse())
        {
            var keys = new HashSet<string>(ou.Controls.Where(c => c.Control.Kind == ControlKind.StackSet).Select(Key), StringComparer.Ordinal);
            foreach (var child in ou.Ou.Children)
            {
                keys.IntersectWith(uniform[child.Path]);
            }

            uniform[ou.Ou.Path] = keys;
        }

        // The root: keys every top-level OU has (an organization without OUs has none).
        var topLevel = tree.Definition.Root.Children;
        var rootUniform = new HashSet<string>(StringComparer.Ordinal);
        if (!topLevel.IsEmpty)
        {
            rootUniform.UnionWith(uniform.GetValueOrDefault(topLevel[0].Path) ?? []);
            foreach (var child in topLevel.Skip(1))
            {
                rootUniform.IntersectWith(uniform.GetValueOrDefault(child.Path) ?? []);
            }
        }

        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var key in rootUniform)
        {
            result[key] = [string.Empty];
        }

        foreach (var ou in resolution.Ous)
        {
            var parent = tree.Parent(ou.Ou)!;
            var parentUniform = parent.IsRoot ? rootUniform : uniform[parent.Path];
            foreach (var instance in ou.Controls.Where(c => c.Control.Kind == ControlKind.StackSet))
            {
                var key = Key(instance);
                if (!uniform[ou.Ou.Path].Contains(key))
                {
                    var differing = ou.Ou.Children.Where(c => !uniform[c.Path].Contains(key)).Select(c => c.Name).ToList();
                    diagnostics.Report(DiagnosticCodes.StackSetNotOnOuAccounts, $"stack set '{instance.Control.Id}' targets the child OUs of '{ou.Ou.Path}' instead of the OU itself, because {string.Join(", ", differing)} {(differing.Count == 1 ? "opts out or uses" : "opt out or use")} other values; accounts directly in '{ou.Ou.Path}' do not get it", ou.Ou.Location, "keep accounts out of this OU, or give the children the same control and values");
                }
                else if (!parentUniform.Contains(key))
                {
                    if (!result.TryGetValue(key, out var list))
                    {
                        result[key] = list = [];
                    }

                    list.Add(ou.Ou.Path);
                }
            }
        }

        return result;
    }

    /// <summary>Stack set logical id: the name in PascalCase, letters and digits only.</summary>
    internal static string LogicalId(string name)
    {
        var builder = new StringBuilder("StackSet");
        foreach (var part in name.Split('-', StringSplitOptions.RemoveEmptyEntries))
        {
            builder.Append(char.ToUpperInvariant(part[0])).Append(part.AsSpan(1));
        }

        return builder.ToString();
    }

    /// <summary>IAM capabilities when the member template creates IAM resources; none otherwise (macros are not allowed).</summary>
    internal static ImmutableArray<string> CapabilitiesOf(string templateBody) =>
        templateBody.Contains("AWS::IAM::", StringComparison.Ordinal) ? ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"] : [];

    /// <summary>True when the template declares a top-level <c>Transform</c> (JSON or YAML).</summary>
    internal static bool DeclaresTransform(string templateBody)
    {
        var trimmed = templateBody.TrimStart();
        if (trimmed.StartsWith('{'))
        {
            try
            {
                using var document = JsonDocument.Parse(templateBody);
                return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("Transform", out _);
            }
            catch (JsonException)
            {
                return false;
            }
        }

        return templateBody.Split('\n').Any(l => l.StartsWith("Transform:", StringComparison.Ordinal));
    }

    /// <summary>
    /// The management-account stack: one <c>AWS::CloudFormation::StackSet</c> per member stack set, JSON with a fixed
    /// property order so the same input gives the same bytes.
    /// </summary>
    public static string RenderOwnerTemplate(string prefix, IReadOnlyList<MemberStackSet> stackSets)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("AWSTemplateFormatVersion", "2010-09-09");
            json.WriteString("Description", $"{prefix}: service-managed stack sets with automatic deployment for member accounts. Management account, home region only.");
            json.WriteStartObject("Resources");
            foreach (var set in stackSets)
            {
                json.WriteStartObject(set.LogicalId);
                json.WriteString("Type", "AWS::CloudFormation::StackSet");
                json.WriteStartObject("Metadata");
                json.WriteStartObject("GovCfct");
                json.WriteString("Control", set.ControlId);
                json.WriteStartArray("TargetOuPaths");
                foreach (var target in set.Targets)
                {
                    json.WriteStringValue(target.OuPath.Length == 0 ? OuNode.RootName : target.OuPath);
                }

                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteStartObject("Properties");
                json.WriteString("StackSetName", set.Name);
                json.WriteString("Description", set.Description);
                json.WriteString("PermissionModel", "SERVICE_MANAGED");
                json.WriteStartObject("AutoDeployment");
                json.WriteBoolean("Enabled", true);
                json.WriteBoolean("RetainStacksOnAccountRemoval", false);
                json.WriteEndObject();
                json.WriteStartObject("ManagedExecution");
                json.WriteBoolean("Active", true);
                json.WriteEndObject();
                if (!set.Capabilities.IsEmpty)
                {
                    json.WriteStartArray("Capabilities");
                    foreach (var capability in set.Capabilities)
                    {
                        json.WriteStringValue(capability);
                    }

                    json.WriteEndArray();
                }

                json.WriteStartObject("OperationPreferences");
                json.WriteString("ConcurrencyMode", "SOFT_FAILURE_TOLERANCE");
                json.WriteNumber("FailureTolerancePercentage", FailureTolerancePercentage);
                json.WriteNumber("MaxConcurrentPercentage", MaxConcurrentPercentage);
                json.WriteString("RegionConcurrencyType", "PARALLEL");
                json.WriteEndObject();
                if (!set.Parameters.IsEmpty)
                {
                    json.WriteStartArray("Parameters");
                    foreach (var parameter in set.Parameters)
                    {
                        json.WriteStartObject();
                        json.WriteString("ParameterKey", parameter.Key);
                        json.WriteString("ParameterValue", parameter.Value);
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                }

                json.WriteStartArray("StackInstancesGroup");
                foreach (var chunk in set.Targets.Chunk(MaxOusPerGroup))
                {
                    json.WriteStartObject();
                    json.WriteStartObject("DeploymentTargets");
                    json.WriteStartArray("OrganizationalUnitIds");
                    foreach (var target in chunk)
                    {
                        json.WriteStringValue(target.OuId);
                    }

                    json.WriteEndArray();
                    json.WriteEndObject();
                    json.WriteStartArray("Regions");
                    foreach (var region in set.Regions)
                    {
                        json.WriteStringValue(region);
                    }

                    json.WriteEndArray();
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteString("TemplateBody", set.TemplateBody);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }
}
