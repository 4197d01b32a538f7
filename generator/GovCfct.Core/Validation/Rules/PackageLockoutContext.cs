using System.Collections.Immutable;
using GovCfct.Core.Cfct;
using GovCfct.Core.Packaging;
using GovCfct.Core.Policies;

namespace GovCfct.Core.Validation.Rules;

/// <summary>
/// Who the package's SCPs must not lock out, and where, when nothing but the package is known (no definition): the
/// role CfCT and Control Tower deploy through, <c>AWSControlTowerExecution</c> (CfCT's stack sets are self-managed
/// with that execution role, docs/facts/cfct.md §7.6; Control Tower enrolls accounts through it, docs/facts/landing-zone.md §2), doing
/// what the package's own stack sets need (CloudFormation stacks named <c>StackSet-CustomControlTower-&lt;name&gt;-*</c>,
/// and creating each resource type their templates declare) in the regions they deploy to, plus Control Tower's
/// baseline in the manifest's home region. No break-glass role, no resource prefix, no governed regions are assumed:
/// the package's own SCP exemptions are evaluated as written.
/// </summary>
internal static class PackageLockoutContext
{
    public const string ExecutionRolePattern = "arn:*:iam::*:role/AWSControlTowerExecution";

    // IAM prefixes that differ from the lower-cased CloudFormation service name.
    private static readonly Dictionary<string, string> Prefixes = new(StringComparer.Ordinal)
    {
        ["AccessAnalyzer"] = "access-analyzer",
        ["ApiGatewayV2"] = "apigateway",
        ["CertificateManager"] = "acm",
        ["EFS"] = "elasticfilesystem",
        ["ElasticLoadBalancingV2"] = "elasticloadbalancing",
        ["Elasticsearch"] = "es",
        ["EventSchemas"] = "schemas",
        ["InspectorV2"] = "inspector2",
        ["KinesisFirehose"] = "firehose",
        ["Macie"] = "macie2",
        ["NetworkFirewall"] = "network-firewall",
        ["OpenSearchService"] = "es",
        ["ResourceGroups"] = "resource-groups",
        ["StepFunctions"] = "states",
    };

    // Services whose API calls AWS records in us-east-1 (global endpoints).
    private static readonly HashSet<string> GlobalServices = new(StringComparer.Ordinal)
    {
        "iam", "organizations", "route53", "cloudfront", "globalaccelerator", "budgets", "ce", "waf", "shield",
    };

    public static ImmutableArray<ProtectedPrincipal> Derive(PackageContext context)
    {
        var catalog = IamActionCatalog.Default;
        var home = context.Manifest.Manifest?.Region;
        var regions = new SortedSet<string>(StringComparer.Ordinal);
        if (home is not null && RegionRule.IsKnown(home))
        {
            regions.Add(home);
        }

        regions.UnionWith(context.Options.Settings.GovernedRegions);
        var actions = new List<ProtectedAction>();
        foreach (var resource in context.Manifest.Manifest?.Resources ?? [])
        {
            if (resource.DeployMethod != DeployMethod.StackSet)
            {
                continue;
            }

            regions.UnionWith(context.StackSetRegions(resource).Where(RegionRule.IsKnown));
            var stack = $"arn:aws:cloudformation:{{region}}:{{account}}:stack/StackSet-{resource.DeployedName}-0a1b2c3d/00000000-0000-0000-0000-000000000000";
            actions.AddRange(StackSetInstanceActions.Select(a => new ProtectedAction("cloudformation:" + a, stack)));
            foreach (var type in context.Template(resource.ResourceFile)?.ResourceTypes ?? [])
            {
                if (CreateAction(type, catalog) is { } action)
                {
                    actions.Add(new ProtectedAction(action, "*", GlobalServices.Contains(action[..action.IndexOf(':', StringComparison.Ordinal)])));
                }
            }
        }

        // Control Tower's baseline for enrolled accounts, in the home region.
        const string baseline = "arn:aws:cloudformation:{region}:{account}:stack/StackSet-AWSControlTowerBP-BASELINE-CONFIG-0a1b2c3d/00000000-0000-0000-0000-000000000000";
        actions.AddRange(BaselineActions.Select(a => new ProtectedAction("cloudformation:" + a, baseline)));
        actions.Add(new ProtectedAction("config:PutConfigurationRecorder", "*"));
        actions.Add(new ProtectedAction("config:PutDeliveryChannel", "*"));
        actions.Add(new ProtectedAction("iam:CreateRole", "arn:aws:iam::{account}:role/aws-controltower-ConfigRecorderRole", Global: true));

        var distinct = actions.DistinctBy(a => (a.Action, a.ResourceTemplate)).ToImmutableArray();
        if (regions.Count == 0)
        {
            regions.Add(ProtectedPrincipal.GlobalRegion);
        }

        var sample = ProtectedPrincipal.SampleFor(ExecutionRolePattern);
        return [new ProtectedPrincipal(ExecutionRolePattern, sample, [.. regions], distinct)];
    }

    // What CfCT's execution role does to each stack-set instance, and to Control Tower's baseline stack.
    private static readonly string[] StackSetInstanceActions = ["CreateStack", "UpdateStack", "DeleteStack", "DescribeStacks"];
    private static readonly string[] BaselineActions = ["CreateStack", "UpdateStack"];

    // The verbs IAM uses for an action that creates a resource, in the order they are tried.
    private static readonly string[] CreateVerbs = ["Create", "Put", "Enable"];

    /// <summary>The IAM action that creates a resource of <paramref name="type"/> (Create, Put or Enable + the type's last part), if IAM knows it.</summary>
    internal static string? CreateAction(string type, IamActionCatalog catalog)
    {
        var parts = type.Split("::");
        if (parts.Length != 3 || parts[0] != "AWS" || parts[1] is "CloudFormation" or "Serverless")
        {
            return null;
        }

        var prefix = Prefixes.TryGetValue(parts[1], out var known) ? known : parts[1].ToLowerInvariant();
        if (!catalog.IsServiceKnown(prefix))
        {
            return null;
        }

        return CreateVerbs.Select(verb => $"{prefix}:{verb}{parts[2]}").FirstOrDefault(catalog.Exists);
    }
}
