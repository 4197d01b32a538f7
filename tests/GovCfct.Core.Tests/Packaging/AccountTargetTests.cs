using System.Collections.Immutable;
using GovCfct.Core.Catalog;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Packaging;
using GovCfct.Core.Resolution;
using static GovCfct.Core.Tests.Packaging.TestModel;

namespace GovCfct.Core.Tests.Packaging;

/// <summary>Stack-set controls assigned to the management account and named accounts: resolution, manifest text, report.</summary>
public sealed class AccountTargetTests
{
    private static readonly Dictionary<string, ParameterValue> OrgParameters = new() { ["NotificationEmail"] = Value("sec@example.go.jp") };

    /// <summary>A home-region control (like the CfCT template-change alert) next to the standard test catalog.</summary>
    private static ControlCatalog Catalog() => CatalogOf(
        [.. StandardCatalog().Controls,
        Control("template-alert", ControlKind.StackSet, Parameter("NotificationEmail", ParameterType.Email), Parameter("BranchName", ParameterType.String, "main")) with { Regions = ["home"] }]);

    private static TargetAccount Account(string id, string name, bool management, params ControlAssignment[] controls) =>
        new(id, name, management, [.. controls], new SourceLocation("manifest/organization.yaml", 20, 3));

    private static GovernanceDefinition Definition(params TargetAccount[] accounts) =>
        PackageBuilderTests.Government() with { TargetAccounts = [.. accounts] };

    private static (PackageBuildResult Result, DiagnosticBag Diagnostics) Build(GovernanceDefinition definition)
    {
        var diagnostics = new DiagnosticBag();
        return (TestModel.Build(definition, diagnostics, Catalog()), diagnostics);
    }

    private static GovernanceDefinition ManagementAndAudit() => Definition(
        Account("012345678901", "govcloud-management", true, Assign("template-alert", new() { ["BranchName"] = Value("release") }), Assign("guardduty")),
        Account("210987654321", "Audit", false, Assign("guardduty", new() { ["Frequency"] = Value("ONE_HOUR") })));

    [Fact]
    public void Account_values_resolve_assignment_over_organization_over_default()
    {
        var diagnostics = new DiagnosticBag();
        var resolution = ControlResolver.Resolve(ManagementAndAudit(), Catalog(), diagnostics);

        diagnostics.Items.Should().BeEmpty();
        var alert = resolution.Accounts.Single(a => a.Control.Id == "template-alert");
        alert.Values["BranchName"].Scalar.Should().Be("release");
        alert.Origins["BranchName"].Kind.Should().Be(ValueOriginKind.Assignment);
        alert.Values["NotificationEmail"].Scalar.Should().Be("sec@example.go.jp");
        alert.Origins["NotificationEmail"].Kind.Should().Be(ValueOriginKind.Organization);
        var audit = resolution.Accounts.Single(a => a.Account.Name == "Audit");
        audit.Values["Frequency"].Scalar.Should().Be("ONE_HOUR");
        resolution.Accounts.Single(a => a.Account.IsManagement && a.Control.Id == "guardduty").Origins["Frequency"].Kind.Should().Be(ValueOriginKind.Default);
    }

    [Fact]
    public void A_required_parameter_no_level_gives_is_an_error_naming_the_account()
    {
        var definition = Definition(Account("012345678901", "govcloud-management", true, Assign("template-alert"))) with
        {
            Parameters = ImmutableSortedDictionary<string, ParameterValue>.Empty.WithComparers(StringComparer.Ordinal),
            Root = Org(null).Root,
        };
        var diagnostics = new DiagnosticBag();

        ControlResolver.Resolve(definition, Catalog(), diagnostics);

        diagnostics.Items.Should().ContainSingle().Which.Message.Should().Contain("'NotificationEmail' for management account 'govcloud-management' (012345678901)");
    }

    [Fact]
    public void Each_account_assignment_is_one_resource_targeting_the_quoted_account_id_in_the_controls_regions()
    {
        var (result, diagnostics) = Build(ManagementAndAudit());

        diagnostics.HasErrors.Should().BeFalse();
        var manifest = result.Package!.Text("manifest.yaml");
        manifest.Should().Contain("""
              - name: gc-template-alert-mgmt
                description: "Title template-alert (template-alert)"
                resource_file: templates/gc-template-alert-mgmt.template
                parameters:
                  - parameter_key: "NotificationEmail"
                    parameter_value: "sec@example.go.jp"
                  - parameter_key: "BranchName"
                    parameter_value: "release"
                deploy_method: stack_set
                deployment_targets:
                  accounts:
                    - "012345678901"
                regions:
                  - "ap-northeast-1"

            """.ReplaceLineEndings("\n"));
        manifest.Should().Contain("""
              - name: gc-guardduty-mgmt
                description: "Title guardduty (guardduty)"
                resource_file: templates/gc-guardduty.template
            """.ReplaceLineEndings("\n"));
        manifest.Should().Contain("""
                deploy_method: stack_set
                deployment_targets:
                  accounts:
                    - "210987654321"
                regions:
                  - "ap-northeast-1"
                  - "ap-northeast-3"
            """.ReplaceLineEndings("\n"));
        result.Package!.Manifest.Resources.Select(r => r.Name).Should().Contain(["gc-guardduty-210987654321", "gc-guardduty-mgmt", "gc-template-alert-mgmt"]);
    }

    [Fact]
    public void Account_resources_leave_the_ou_targeted_resources_unchanged()
    {
        var (without, _) = Build(Definition());
        var (with, _) = Build(ManagementAndAudit());

        var ouResources = with.Package!.Manifest.Resources.Where(r => r.Accounts.IsDefaultOrEmpty).ToList();
        ouResources.Should().BeEquivalentTo(without.Package!.Manifest.Resources, options => options.WithStrictOrdering());
        with.Package!.Manifest.Resources.Where(r => !r.Accounts.IsDefaultOrEmpty).Should().OnlyContain(r => r.OrganizationalUnits.IsDefaultOrEmpty);
    }

    [Fact]
    public void The_report_lists_account_resources_with_their_accounts()
    {
        var (result, _) = Build(ManagementAndAudit());

        var report = result.Report!;
        report.StackSets.Single(s => s.Name == "gc-template-alert-mgmt").Accounts.Should().Equal("012345678901");
        result.Package!.Text("report/build-report.json").Should().Contain("\"name\": \"gc-guardduty-210987654321\",\n      \"control\": \"guardduty\",\n      \"organizational_units\": [],\n      \"accounts\": [\n        \"210987654321\"\n      ],");
        result.Package!.Text("report/build-report.md").Should().Contain("| gc-template-alert-mgmt | template-alert | account 012345678901 |");
    }

    [Fact]
    public void The_management_account_role_reminder_is_one_info_per_build()
    {
        var (_, diagnostics) = Build(ManagementAndAudit());

        var info = diagnostics.Items.Should().ContainSingle(d => d.Code == DiagnosticCodes.ManagementAccountNeedsExecutionRole.Id).Which;
        info.Severity.Should().Be(Severity.Info);
        info.Message.Should().Contain("AWSControlTowerExecution").And.Contain("service-role/AWSControlTowerStackSetRole");
        info.Location.Should().Be(new SourceLocation("manifest/organization.yaml", 20, 3));
    }

    [Fact]
    public void Named_accounts_alone_need_no_management_role_reminder()
    {
        var (result, diagnostics) = Build(Definition(Account("210987654321", "Audit", false, Assign("guardduty"))));

        result.Package!.Manifest.Resources.Select(r => r.Name).Should().Contain("gc-guardduty-210987654321");
        diagnostics.Items.Should().NotContain(d => d.Code == DiagnosticCodes.ManagementAccountNeedsExecutionRole.Id);
    }
}
