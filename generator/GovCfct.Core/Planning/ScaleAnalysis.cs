using System.Collections.Immutable;
using System.Globalization;
using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using GovCfct.Core.Yaml;

namespace GovCfct.Core.Planning;

/// <summary>How close one count is to its quota: below 90 %, at 90 % or more, or beyond.</summary>
public enum QuotaState
{
    Ok,
    Near,
    Exceeded,
}

/// <summary>One quota compared: its <c>limits:</c> key, what is counted, the largest count and where it was found, the limit and its public source.</summary>
public sealed record QuotaUsage(string Key, string Quota, long Used, int Limit, string Subject, string Source)
{
    /// <summary>Warning at 90 % or more, error beyond the limit.</summary>
    public QuotaState State => Used > Limit ? QuotaState.Exceeded : Used * 10 >= (long)Limit * 9 ? QuotaState.Near : QuotaState.Ok;

    /// <summary>The count as a whole percentage of the limit.</summary>
    public int Percent => Limit <= 0 ? 0 : (int)Math.Min(int.MaxValue, Used * 100 / Limit);
}

/// <summary>
/// The work a package starts at this organization's size, estimated (docs/plan.md, "Scale and quotas"): stack instances
/// (CfCT's self-managed stack sets and service-managed <c>AWS::CloudFormation::StackSet</c> resources), CfCT's
/// sequential stack-set executions and their time, the first service-managed deployment at StackSets' concurrency,
/// Control Tower control operations at its concurrency, and how a new account is covered.
/// </summary>
public sealed record ScaleEstimate(
    int MemberAccounts,
    int Regions,
    int CfctStackSets,
    int CfctListedOuTargets,
    long CfctInstances,
    int CfctExecutions,
    int CfctSeconds,
    int ServiceManagedStackSets,
    int ServiceManagedTargets,
    int AutoDeploymentStackSets,
    long ServiceManagedInstances,
    int FirstDeploymentSeconds,
    long MemberInstances,
    int ControlTowerOperations,
    int ControlTowerConcurrency,
    int ControlTowerSeconds,
    int NewAccountCfctStackSets,
    int NewAccountCfctSeconds)
{
    /// <summary>First-run stack instances in member accounts per member account and region (1 means one stack per account-region).</summary>
    public double InstancesPerAccountRegion => MemberAccounts == 0 || Regions == 0 ? 0 : MemberInstances / (double)((long)MemberAccounts * Regions);
}

/// <summary>The quotas compared (every one, in documentation order) and the estimates; <see cref="Closest"/> is the quota the organization is about to hit.</summary>
public sealed record ScaleReport(ImmutableArray<QuotaUsage> Quotas, ScaleEstimate Estimate)
{
    /// <summary>The quota with the highest use, beyond or near its limit first.</summary>
    public QuotaUsage? Closest => Quotas.OrderByDescending(q => q.Percent).ThenBy(q => q.Key, StringComparer.Ordinal).FirstOrDefault();
}

/// <summary>Inputs of <see cref="ScaleAnalysis"/>: the organization always; the package, the previous package and the definition when known.</summary>
public sealed record ScaleOptions(OrgSnapshot Organization)
{
    public CfctPackage? Package { get; init; }

    /// <summary>The previous package: Control Tower operations are the enablements that changed since it.</summary>
    public CfctPackage? Previous { get; init; }

    public GovernanceDefinition? Definition { get; init; }

    /// <summary>The quotas to compare with; by default the definition's <c>limits:</c>, else AWS's published values.</summary>
    public OrganizationLimits? Limits { get; init; }

    /// <summary>How diagnostics about the organization name the snapshot.</summary>
    public string OrganizationDisplayPath { get; init; } = "organization snapshot";

    public PipelineCostModel CostModel { get; init; } = PipelineCostModel.Default;
}

/// <summary>
/// Compares an organization and a package with the AWS quotas of <see cref="OrganizationLimits"/> and estimates the
/// work the package starts. Reads the package, never assumes its design: service-managed stack sets are counted from
/// the <c>AWS::CloudFormation::StackSet</c> resources of its templates (<c>StackInstancesGroup[].DeploymentTargets</c>
/// OU ids and <c>Regions</c>, every account below those OUs but the management account), CfCT's own stack sets from the
/// manifest (accounts directly in the listed OUs × regions), Control Tower operations from its
/// <c>AWS::ControlTower::EnabledControl</c> resources. Pure: no I/O.
/// </summary>
public static class ScaleAnalysis
{
    private const string ServiceManaged = "SERVICE_MANAGED";

    public static ScaleReport Analyze(ScaleOptions options, DiagnosticBag? diagnostics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var limits = options.Limits ?? options.Definition?.Limits ?? OrganizationLimits.Default;
        var org = new OrgIndex(options.Organization);
        var quotas = ImmutableArray.CreateBuilder<QuotaUsage>();
        var snapshot = options.Organization;

        Add("accounts_per_landing_zone", "accounts in the organization", snapshot.Accounts.Length, "the organization");
        Add("ous_per_organization", "OUs in the organization", snapshot.OrganizationalUnits.Length, "the organization");
        var fullestOu = snapshot.OrganizationalUnits.Select(o => (Ou: o, Accounts: org.AccountsIn(o.Id).Length))
            .OrderByDescending(p => p.Accounts).ThenBy(p => p.Ou.Path, StringComparer.Ordinal).FirstOrDefault();
        Add("accounts_per_ou", "accounts directly in one OU", fullestOu.Ou is null ? 0 : fullestOu.Accounts, fullestOu.Ou?.Path ?? "no OU");
        var deepest = snapshot.OrganizationalUnits.Select(o => (Ou: o, Depth: o.Path.Count(c => c == ':') + 1))
            .OrderByDescending(p => p.Depth).ThenBy(p => p.Ou.Path, StringComparer.Ordinal).FirstOrDefault();
        Add("ou_depth", "levels of OUs below the root", deepest.Ou is null ? 0 : deepest.Depth, deepest.Ou?.Path ?? "no OU");

        var estimate = new ScaleEstimate(org.EnrolledAccounts.Length, GovernedRegions(options), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        if (options.Package is { } package)
        {
            estimate = AnalyzePackage(package, options, limits, org, estimate, Add);
        }

        var report = new ScaleReport(quotas.ToImmutable(), estimate);
        if (diagnostics is not null)
        {
            foreach (var quota in report.Quotas.Where(q => q.State != QuotaState.Ok))
            {
                var exceeded = quota.State == QuotaState.Exceeded;
                diagnostics.Report(
                    exceeded ? DiagnosticCodes.QuotaExceeded : DiagnosticCodes.QuotaNear,
                    string.Create(CultureInfo.InvariantCulture, $"{quota.Quota}: {quota.Used:N0} ({quota.Subject}) {(exceeded ? "exceeds" : "is " + quota.Percent + " % of")} the quota of {quota.Limit:N0} (limits.{quota.Key}; {quota.Source})"),
                    new SourceLocation(quota.Key is "resources_per_stack" or "instances_per_stack_set" or "organization_config_rules" or "organization_conformance_packs" or "excluded_accounts" ? CfctPackage.ManifestFileName : options.OrganizationDisplayPath),
                    exceeded
                        ? $"bring the count under {quota.Limit:N0}, or set limits.{quota.Key} in organization.yaml only if AWS raised this quota for the organization"
                        : "plan for this quota now: the next accounts or OUs reach it");
            }
        }

        return report;

        void Add(string key, string quota, long used, string subject) =>
            quotas.Add(new QuotaUsage(key, quota, used, limits.Get(key), subject, OrganizationLimits.SourceOf(key)));
    }

    private static int GovernedRegions(ScaleOptions options) =>
        options.Definition is { } definition && !definition.Organization.GovernedRegions.IsDefaultOrEmpty
            ? definition.Organization.GovernedRegions.Length
            : options.Package is { } package
                ? Math.Max(1, package.Manifest.Resources.Where(r => r.DeployMethod == DeployMethod.StackSet).SelectMany(r => r.Regions.IsDefaultOrEmpty ? [package.Manifest.Region] : r.Regions).Distinct(StringComparer.Ordinal).Count())
                : 1;

    private static ScaleEstimate AnalyzePackage(CfctPackage package, ScaleOptions options, OrganizationLimits limits, OrgIndex org, ScaleEstimate estimate, Action<string, string, long, string> add)
    {
        var manifest = package.Manifest;
        var management = org.Snapshot.ManagementAccountId;
        var model = options.CostModel;
        var stackSets = manifest.Resources.Where(r => r.DeployMethod == DeployMethod.StackSet).ToList();

        // CfCT's own stack sets: accounts directly in the listed OUs (or every enrolled account for Root) and listed accounts, per region.
        long cfctInstances = 0;
        long memberInstances = 0;
        var cfctSeconds = model.FixedSeconds(manifest.Resources.Count(r => r.DeployMethod != DeployMethod.StackSet));
        var newAccountSeconds = cfctSeconds;
        var newAccountStackSets = 0;
        var largestInstances = (Count: 0L, Name: "no stack set");
        foreach (var resource in stackSets)
        {
            var resolved = TargetResolver.Resolve(resource, manifest.Region, org, null);
            var instances = (long)resolved.AccountIds.Length * resolved.Regions.Length;
            cfctInstances += instances;
            memberInstances += (long)resolved.AccountIds.Count(a => a != management) * resolved.Regions.Length;
            cfctSeconds += model.StackSetSeconds(true, resolved.AccountIds.Length);
            var listsOus = !resource.OrganizationalUnits.IsDefaultOrEmpty;
            newAccountSeconds += listsOus ? model.StackSetSeconds(true, 1) : model.SkippedStackSetSeconds;
            newAccountStackSets += listsOus ? 1 : 0;
            if (instances > largestInstances.Count)
            {
                largestInstances = (instances, $"CfCT stack set {resource.Name}");
            }
        }

        // The templates: resources per stack, service-managed stack sets, organization rules and packs, Control Tower controls.
        var largestStack = (Count: 0, Name: "no template");
        var rulesPerRegion = new Dictionary<string, int>(StringComparer.Ordinal);
        var packsPerRegion = new Dictionary<string, int>(StringComparer.Ordinal);
        var longestExclusion = (Count: 0, Name: "no organization rule or pack");
        var serviceManaged = 0;
        var targets = 0;
        var autoDeployment = 0;
        long serviceInstances = 0;
        var firstDeployment = 0;
        foreach (var resource in stackSets.DistinctBy(r => r.ResourceFile + "\n" + string.Join(',', r.Regions.IsDefault ? [] : r.Regions)))
        {
            if (!package.Files.TryGetValue(Validation.PackageContext.Normalize(resource.ResourceFile), out var bytes) || Load(bytes) is not { } template
                || Child(template, "Resources") is not YamlMappingNode resources)
            {
                continue;
            }

            if (resources.Children.Count > largestStack.Count)
            {
                largestStack = (resources.Children.Count, resource.ResourceFile);
            }

            var regions = resource.Regions.IsDefaultOrEmpty ? [manifest.Region] : resource.Regions;
            var parameters = Parameters(template, resource);
            foreach (var (_, node) in resources.Children)
            {
                if (node is not YamlMappingNode body || Child(body, "Properties") is not YamlMappingNode properties)
                {
                    continue;
                }

                switch (Scalar(Child(body, "Type")))
                {
                    case "AWS::Config::OrganizationConfigRule":
                    case "AWS::Config::OrganizationConformancePack":
                        var rule = Scalar(Child(body, "Type")) == "AWS::Config::OrganizationConfigRule";
                        foreach (var region in regions)
                        {
                            var counts = rule ? rulesPerRegion : packsPerRegion;
                            counts[region] = counts.GetValueOrDefault(region) + 1;
                        }

                        var excluded = Strings(Child(properties, "ExcludedAccounts"), parameters).Count;
                        if (excluded > longestExclusion.Count)
                        {
                            longestExclusion = (excluded, resource.ResourceFile);
                        }

                        break;
                    case "AWS::CloudFormation::StackSet" when Scalar(Child(properties, "PermissionModel")) == ServiceManaged:
                        serviceManaged++;
                        var (count, members, ous, seconds) = ServiceManagedInstances(properties, parameters, org, limits);
                        serviceInstances += count;
                        memberInstances += members;
                        targets += ous;
                        firstDeployment = Math.Max(firstDeployment, seconds);
                        autoDeployment += Child(properties, "AutoDeployment") is YamlMappingNode auto && Scalar(Child(auto, "Enabled")) is "true" or "True" ? 1 : 0;
                        if (count > largestInstances.Count)
                        {
                            largestInstances = (count, $"stack set {Scalar(Child(properties, "StackSetName")) ?? resource.Name}");
                        }

                        break;
                }
            }
        }

        add("resources_per_stack", "resources in one stack", largestStack.Count, largestStack.Name);
        add("instances_per_stack_set", "stack instances of one stack set", largestInstances.Count, largestInstances.Name);
        var rules = rulesPerRegion.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).FirstOrDefault();
        add("organization_config_rules", "organization Config rules in one region", rules.Value, rules.Key is null ? "none" : "in " + rules.Key);
        var packs = packsPerRegion.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).FirstOrDefault();
        add("organization_conformance_packs", "organization conformance packs in one region", packs.Value, packs.Key is null ? "none" : "in " + packs.Key);
        add("excluded_accounts", "accounts in one ExcludedAccounts list", longestExclusion.Count, longestExclusion.Name);

        // Control Tower: every enablement added or removed since the previous package is one control operation.
        var current = CtControlReader.Read(package).Select(c => (c.Identifier, c.OuId)).ToHashSet();
        var previous = options.Previous is { } before ? CtControlReader.Read(before).Select(c => (c.Identifier, c.OuId)).ToHashSet() : [];
        var operations = current.Count(c => !previous.Contains(c)) + previous.Count(p => !current.Contains(p));
        var concurrency = Math.Max(1, Math.Min(limits.ConcurrentControlOperations, options.Definition?.LandingZone?.MaxConcurrentControlOperations ?? limits.ConcurrentControlOperations));
        var ctSeconds = (int)Math.Min(int.MaxValue, (long)Math.Ceiling(operations / (double)concurrency) * limits.ControlOperationMinutes * 60);

        return estimate with
        {
            CfctStackSets = stackSets.Count,
            CfctListedOuTargets = stackSets.Sum(r => r.OrganizationalUnits.IsDefault ? 0 : r.OrganizationalUnits.Length),
            CfctInstances = cfctInstances,
            CfctExecutions = stackSets.Count,
            CfctSeconds = cfctSeconds,
            ServiceManagedStackSets = serviceManaged,
            ServiceManagedTargets = targets,
            AutoDeploymentStackSets = autoDeployment,
            ServiceManagedInstances = serviceInstances,
            FirstDeploymentSeconds = firstDeployment,
            MemberInstances = memberInstances,
            ControlTowerOperations = operations,
            ControlTowerConcurrency = concurrency,
            ControlTowerSeconds = ctSeconds,
            NewAccountCfctStackSets = newAccountStackSets,
            NewAccountCfctSeconds = newAccountSeconds,
        };
    }

    /// <summary>
    /// One service-managed stack set: the (account, region) pairs its instance groups reach (every account below the
    /// target OUs but the management account, filtered as AccountFilterType says), how many are member accounts, how
    /// many OU targets it lists, and its first deployment's seconds: waves of at most the concurrency per region,
    /// regions one after another unless RegionConcurrencyType is PARALLEL.
    /// </summary>
    private static (long Instances, long Members, int Targets, int Seconds) ServiceManagedInstances(YamlMappingNode properties, Dictionary<string, List<string>> parameters, OrgIndex org, OrganizationLimits limits)
    {
        var pairs = new HashSet<(string Account, string Region)>();
        var targets = 0;
        foreach (var group in (Child(properties, "StackInstancesGroup") as YamlSequenceNode)?.Children.OfType<YamlMappingNode>() ?? [])
        {
            var deployment = Child(group, "DeploymentTargets") as YamlMappingNode;
            var ous = Strings(deployment is null ? null : Child(deployment, "OrganizationalUnitIds"), parameters);
            targets += ous.Count;
            var listed = Strings(deployment is null ? null : Child(deployment, "Accounts"), parameters).ToHashSet(StringComparer.Ordinal);
            var filter = deployment is null ? null : Scalar(Child(deployment, "AccountFilterType"));
            var accounts = new HashSet<string>(StringComparer.Ordinal);
            foreach (var ou in ous)
            {
                foreach (var account in Below(org, ou))
                {
                    accounts.Add(account);
                }
            }

            accounts.Remove(org.Snapshot.ManagementAccountId);
            if (filter == "DIFFERENCE")
            {
                accounts.ExceptWith(listed);
            }
            else if (filter == "INTERSECTION")
            {
                accounts.IntersectWith(listed);
            }
            else if (ous.Count == 0)
            {
                accounts.UnionWith(listed);
            }

            foreach (var region in Strings(Child(group, "Regions"), parameters))
            {
                foreach (var account in accounts)
                {
                    pairs.Add((account, region));
                }
            }
        }

        var preferences = Child(properties, "OperationPreferences") as YamlMappingNode;
        var perRegion = pairs.GroupBy(p => p.Region, StringComparer.Ordinal).Select(g => g.Count()).ToList();
        var seconds = 0L;
        foreach (var count in perRegion)
        {
            var concurrent = Concurrency(preferences, count, limits.StackSetConcurrency);
            var waves = (long)Math.Ceiling(count / (double)concurrent) * limits.InstanceWaveSeconds;
            seconds = preferences is not null && Scalar(Child(preferences, "RegionConcurrencyType")) == "PARALLEL" ? Math.Max(seconds, waves) : seconds + waves;
        }

        return (pairs.Count, pairs.Count, targets, (int)Math.Min(int.MaxValue, seconds));
    }

    /// <summary>Instances at once in one region: MaxConcurrentCount, or MaxConcurrentPercentage of the region's accounts (rounded down, at least 1), never above StackSets' own maximum.</summary>
    private static int Concurrency(YamlMappingNode? preferences, int accounts, int maximum)
    {
        var wanted = 1;
        if (preferences is not null)
        {
            if (int.TryParse(Scalar(Child(preferences, "MaxConcurrentCount")), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                wanted = count;
            }
            else if (int.TryParse(Scalar(Child(preferences, "MaxConcurrentPercentage")), NumberStyles.None, CultureInfo.InvariantCulture, out var percentage))
            {
                wanted = (int)(accounts * (long)percentage / 100);
            }
        }

        return Math.Clamp(wanted, 1, Math.Max(1, maximum));
    }

    /// <summary>Every account directly in the target (the root or an OU id) or in any OU below it.</summary>
    private static IEnumerable<string> Below(OrgIndex org, string targetId)
    {
        var pending = new Stack<string>([targetId]);
        var children = org.Snapshot.OrganizationalUnits.ToLookup(o => o.ParentId, StringComparer.Ordinal);
        while (pending.Count > 0)
        {
            var id = pending.Pop();
            foreach (var account in org.AccountsIn(id))
            {
                yield return account.Id;
            }

            foreach (var child in children[id])
            {
                pending.Push(child.Id);
            }
        }
    }

    /// <summary>Parameter values a template's <c>Ref</c>s may resolve to: the manifest's values, else the template's defaults; lists split at commas.</summary>
    private static Dictionary<string, List<string>> Parameters(YamlMappingNode template, ManifestResource resource)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (Child(template, "Parameters") is YamlMappingNode declared)
        {
            foreach (var (key, node) in declared.Children)
            {
                if (key is YamlScalarNode { Value: { } name } && node is YamlMappingNode body && Child(body, "Default") is { } value)
                {
                    result[name] = value is YamlSequenceNode list ? [.. list.Children.Select(Scalar).OfType<string>()] : Split(Scalar(value));
                }
            }
        }

        foreach (var parameter in resource.Parameters.IsDefault ? [] : resource.Parameters)
        {
            result[parameter.Key] = Split(parameter.Value);
        }

        return result;

        static List<string> Split(string? text) => text is null ? [] : [.. text.Split(',').Select(s => s.Trim()).Where(s => s.Length > 0)];
    }

    /// <summary>A list property: literal items, <c>Ref</c>s to list parameters (either form), <c>!Split</c> and <c>Fn::Split</c> are not followed.</summary>
    private static List<string> Strings(YamlNode? node, Dictionary<string, List<string>> parameters)
    {
        var result = new List<string>();
        switch (node)
        {
            case YamlSequenceNode list:
                foreach (var item in list.Children)
                {
                    result.AddRange(Strings(item, parameters));
                }

                break;
            case YamlScalarNode { Tag.IsEmpty: false } tagged when tagged.Tag.Value == "!Ref" && tagged.Value is { } name:
                result.AddRange(parameters.GetValueOrDefault(name) ?? []);
                break;
            case YamlScalarNode { Value: { } value }:
                result.Add(value);
                break;
            case YamlMappingNode mapping when Scalar(Child(mapping, "Ref")) is { } reference:
                result.AddRange(parameters.GetValueOrDefault(reference) ?? []);
                break;
        }

        return result;
    }

    private static YamlNode? Child(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    private static string? Scalar(YamlNode? node) => node is YamlScalarNode scalar ? scalar.Value : null;

    // Unreadable templates are validate's to report; the estimate counts what it can read.
    private static YamlMappingNode? Load(byte[] bytes) => TemplateYaml.Read(bytes).Root;
}
