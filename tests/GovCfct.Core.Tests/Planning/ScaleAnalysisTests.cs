using System.Collections.Immutable;
using System.Text;
using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Planning;

namespace GovCfct.Core.Tests.Planning;

/// <summary>
/// Quotas and estimates against a hand-counted organization: Workloads (2 accounts) ⊃ Prod (3) ⊃ Deep (1), Sandbox (1),
/// the management account at the root. Every expected figure below is counted by hand from that tree and the templates.
/// </summary>
public sealed class ScaleAnalysisTests
{
    private const string Management = "111111111111";

    private static readonly OrgSnapshot Org = new(
        "o-test",
        Management,
        "r-root",
        [
            new OrgUnit("ou-w", "Workloads", "r-root", "Workloads"),
            new OrgUnit("ou-p", "Prod", "ou-w", "Workloads:Prod"),
            new OrgUnit("ou-d", "Deep", "ou-p", "Workloads:Prod:Deep"),
            new OrgUnit("ou-s", "Sandbox", "r-root", "Sandbox"),
        ],
        [
            Account(Management, "r-root"),
            Account("200000000001", "ou-w"), Account("200000000002", "ou-w"),
            Account("300000000001", "ou-p"), Account("300000000002", "ou-p"), Account("300000000003", "ou-p"),
            Account("400000000001", "ou-d"),
            Account("500000000001", "ou-s"),
        ],
        []);

    // The management-account stack: one service-managed stack set over Workloads (6 accounts below it) in two regions,
    // an organization rule whose ExcludedAccounts come from a list parameter, and three Control Tower enablements.
    private const string ManagementTemplate = """
        AWSTemplateFormatVersion: '2010-09-09'
        Parameters:
          Excluded:
            Type: CommaDelimitedList
            Default: ''
        Resources:
          Forwarding:
            Type: AWS::CloudFormation::StackSet
            Properties:
              StackSetName: gc-forwarding
              PermissionModel: SERVICE_MANAGED
              AutoDeployment:
                Enabled: true
                RetainStacksOnAccountRemoval: false
              OperationPreferences:
                MaxConcurrentCount: 4
                FailureToleranceCount: 3
              StackInstancesGroup:
                - DeploymentTargets:
                    OrganizationalUnitIds: [ou-w]
                  Regions: [ap-northeast-1, ap-northeast-3]
              TemplateBody: '{}'
          Rule:
            Type: AWS::Config::OrganizationConfigRule
            Properties:
              OrganizationConfigRuleName: gc-encrypted-volumes
              ExcludedAccounts: !Ref Excluded
              OrganizationManagedRuleMetadata:
                RuleIdentifier: ENCRYPTED_VOLUMES
          ControlA:
            Type: AWS::ControlTower::EnabledControl
            Properties:
              ControlIdentifier: arn:aws:controltower:ap-northeast-1::control/A
              TargetIdentifier: arn:aws:organizations::111111111111:ou/o-test/ou-w
          ControlB:
            Type: AWS::ControlTower::EnabledControl
            Properties:
              ControlIdentifier: arn:aws:controltower:ap-northeast-1::control/B
              TargetIdentifier: arn:aws:organizations::111111111111:ou/o-test/ou-w
          ControlC:
            Type: AWS::ControlTower::EnabledControl
            Properties:
              ControlIdentifier: arn:aws:controltower:ap-northeast-1::control/C
              TargetIdentifier: arn:aws:organizations::111111111111:ou/o-test/ou-p
        """;

    private const string PreviousTemplate = """
        Resources:
          ControlA:
            Type: AWS::ControlTower::EnabledControl
            Properties:
              ControlIdentifier: arn:aws:controltower:ap-northeast-1::control/A
              TargetIdentifier: arn:aws:organizations::111111111111:ou/o-test/ou-w
          ControlD:
            Type: AWS::ControlTower::EnabledControl
            Properties:
              ControlIdentifier: arn:aws:controltower:ap-northeast-1::control/D
              TargetIdentifier: arn:aws:organizations::111111111111:ou/o-test/ou-s
        """;

    // CfCT's own stack set: accounts directly in Workloads:Prod (3; never Deep below it) in two regions.
    private const string MemberTemplate = "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n";

    private static CfctPackage Package(string managementTemplate, string? parallel = null)
    {
        var manifest = $"""
            region: ap-northeast-1
            version: 2021-03-15
            resources:
              - name: gc-management
                resource_file: templates/management.template
                deploy_method: stack_set
                parameters:
                  - parameter_key: Excluded
                    parameter_value: "600000000001,600000000002"
                deployment_targets:
                  accounts:
                    - "{Management}"
                regions:
                  - ap-northeast-1
              - name: gc-member
                resource_file: templates/member.template
                deploy_method: stack_set
                deployment_targets:
                  organizational_units:
                    - Workloads:Prod
                regions:
                  - ap-northeast-1
                  - ap-northeast-3
            """;
        var template = parallel is null ? managementTemplate : managementTemplate.Replace("FailureToleranceCount: 3", "FailureToleranceCount: 3\n        RegionConcurrencyType: PARALLEL", StringComparison.Ordinal);
        var files = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, byte[]>
        {
            [CfctPackage.ManifestFileName] = Encoding.UTF8.GetBytes(manifest),
            ["templates/management.template"] = Encoding.UTF8.GetBytes(template),
            ["templates/member.template"] = Encoding.UTF8.GetBytes(MemberTemplate),
        });
        var diagnostics = new DiagnosticBag();
        var package = CfctPackage.Read(new PackageFiles(files, string.Empty, null), diagnostics);
        diagnostics.HasErrors.Should().BeFalse(string.Join("\n", diagnostics.Items));
        return package!;
    }

    [Fact]
    public void Counts_service_managed_instances_below_the_target_OUs_and_CfCT_instances_directly_in_the_listed_OUs()
    {
        var report = ScaleAnalysis.Analyze(new ScaleOptions(Org) { Package = Package(ManagementTemplate) });
        var e = report.Estimate;

        e.MemberAccounts.Should().Be(7);
        e.ServiceManagedStackSets.Should().Be(1);
        e.AutoDeploymentStackSets.Should().Be(1);
        e.ServiceManagedTargets.Should().Be(1);
        e.ServiceManagedInstances.Should().Be(12, "Workloads, Prod and Deep hold 2 + 3 + 1 accounts, in 2 regions");
        e.CfctStackSets.Should().Be(2);
        e.CfctListedOuTargets.Should().Be(1);
        e.CfctInstances.Should().Be(1 + 6, "the management stack once, and Prod's 3 accounts (not Deep's) in 2 regions");
        e.MemberInstances.Should().Be(12 + 6);
        e.Regions.Should().Be(2);
        e.InstancesPerAccountRegion.Should().BeApproximately(18.0 / 14, 1e-9);

        // 6 accounts per region at MaxConcurrentCount 4: 2 waves of 60 s per region, the regions one after another.
        e.FirstDeploymentSeconds.Should().Be(2 * 2 * 60);
        e.ControlTowerOperations.Should().Be(3, "a first deployment enables every control");
    }

    [Fact]
    public void Regions_in_parallel_take_as_long_as_the_slowest_region()
    {
        var report = ScaleAnalysis.Analyze(new ScaleOptions(Org) { Package = Package(ManagementTemplate, parallel: "yes") });

        report.Estimate.FirstDeploymentSeconds.Should().Be(2 * 60);
    }

    [Fact]
    public void Control_Tower_operations_are_the_enablements_added_and_removed_at_the_concurrency_quota()
    {
        var previous = Package(PreviousTemplate);
        var report = ScaleAnalysis.Analyze(new ScaleOptions(Org)
        {
            Package = Package(ManagementTemplate),
            Previous = previous,
            Limits = OrganizationLimits.Default with { ConcurrentControlOperations = 2, ControlOperationMinutes = 10 },
        });

        // B and C are added, D is removed: 3 operations, 2 at once, so 2 rounds of 10 minutes.
        report.Estimate.ControlTowerOperations.Should().Be(3);
        report.Estimate.ControlTowerConcurrency.Should().Be(2);
        report.Estimate.ControlTowerSeconds.Should().Be(2 * 10 * 60);
    }

    [Fact]
    public void Reports_a_quota_beyond_its_limit_as_an_error_and_one_at_90_percent_as_a_warning()
    {
        var diagnostics = new DiagnosticBag();
        var report = ScaleAnalysis.Analyze(
            new ScaleOptions(Org)
            {
                Package = Package(ManagementTemplate),
                Limits = OrganizationLimits.Default with { OuDepth = 2, AccountsPerOu = 3, InstancesPerStackSet = 13, ExcludedAccounts = 2 },
                OrganizationDisplayPath = "org.json",
            },
            diagnostics);

        report.Quotas.Single(q => q.Key == "ou_depth").Should().Match<QuotaUsage>(q => q.Used == 3 && q.Subject == "Workloads:Prod:Deep" && q.State == QuotaState.Exceeded);
        report.Quotas.Single(q => q.Key == "accounts_per_ou").Should().Match<QuotaUsage>(q => q.Used == 3 && q.Subject == "Workloads:Prod" && q.State == QuotaState.Near);
        report.Quotas.Single(q => q.Key == "instances_per_stack_set").Should().Match<QuotaUsage>(q => q.Used == 12 && q.State == QuotaState.Near);
        report.Quotas.Single(q => q.Key == "excluded_accounts").Used.Should().Be(2, "the manifest's parameter lists two accounts");
        report.Quotas.Single(q => q.Key == "organization_config_rules").Used.Should().Be(1);
        report.Quotas.Single(q => q.Key == "resources_per_stack").Used.Should().Be(5);
        report.Quotas.Single(q => q.Key == "accounts_per_landing_zone").Used.Should().Be(8);
        report.Quotas.Single(q => q.Key == "ous_per_organization").State.Should().Be(QuotaState.Ok);
        report.Closest!.Key.Should().Be("ou_depth");

        diagnostics.Items.Where(d => d.Code == DiagnosticCodes.QuotaExceeded.Id).Select(d => d.ToString()).Should().ContainSingle()
            .Which.Should().StartWith("org.json: error GCF3060: levels of OUs below the root: 3 (Workloads:Prod:Deep) exceeds the quota of 2 (limits.ou_depth; https://docs.aws.amazon.com/controltower/latest/userguide/limits.html)");
        diagnostics.Items.Where(d => d.Code == DiagnosticCodes.QuotaNear.Id).Should().HaveCount(3, "accounts per OU, instances per stack set and ExcludedAccounts are at 90 % or more");
    }

    [Fact]
    public void An_organization_within_the_published_quotas_reports_nothing()
    {
        var diagnostics = new DiagnosticBag();
        ScaleAnalysis.Analyze(new ScaleOptions(Org) { Package = Package(ManagementTemplate) }, diagnostics);

        diagnostics.Items.Should().BeEmpty();
    }

    private static OrgAccount Account(string id, string parent) => new(id, "a" + id, $"a{id}@example.com", "ACTIVE", parent);
}
