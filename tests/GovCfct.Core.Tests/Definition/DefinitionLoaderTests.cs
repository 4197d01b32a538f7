using System.Text;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Core.Tests.Definition;

/// <summary>Valid definitions: defaults, file splitting, parameter forms and positions, scale.</summary>
public sealed class DefinitionLoaderTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "govcfct-def-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void Applies_the_documented_defaults_when_optional_keys_are_left_out()
    {
        Write("organization.yaml", """
            organization:
              name: minimal
              home_region: ap-northeast-1
              resource_prefix: gc
            """);
        Write("ous/sandbox.yaml", "parent: Root\nous:\n  - name: Sandbox\n");

        var (definition, diagnostics) = DefinitionTestFiles.Load(_directory);

        diagnostics.Should().BeEmpty();
        definition!.Organization.GovernedRegions.Should().Equal("ap-northeast-1", "ap-northeast-3");
        definition.Organization.ScpLimits.Should().Be(PolicyLimits.DefaultScp);
        definition.Organization.RcpLimits.Should().Be(PolicyLimits.DefaultRcp);
        definition.Organization.EnableStackSetDeletion.Should().BeFalse();
        definition.Organization.Principals.Should().Be(PlatformPrincipals.Default);
        definition.Organization.Location.Should().Be(new SourceLocation("organization.yaml", 2, 3));
        definition.Organization.MaxOus.Should().Be(2000);
        definition.Root.IsRoot.Should().BeTrue();
        definition.Root.Children.Select(c => c.Name).Should().Equal("Sandbox");
    }

    [Fact]
    public void Assembles_split_files_by_parent_depth_whatever_their_names()
    {
        var folder = Path.Combine(DefinitionTestFiles.TestsFolder, "Scenarios", "file-split");

        var (definition, diagnostics) = DefinitionTestFiles.Load(folder);

        diagnostics.Should().BeEmpty();
        // a-municipalities.yaml sorts before workloads.yaml but hangs below an OU that workloads.yaml declares.
        definition!.AllOus().Select(ou => ou.Path).Should().Equal(
            "Sandbox",
            "Workloads",
            "Workloads:Ministries",
            "Workloads:Ministries:Justice",
            "Workloads:Ministries:Justice:Production",
            "Workloads:Municipalities",
            "Workloads:Municipalities:Hokkaido",
            "Workloads:Municipalities:Hokkaido:Sapporo",
            "Workloads:Municipalities:Tokyo",
            "Workloads:Municipalities:Tokyo:Chiyoda");
        DefinitionTestFiles.Find(definition, "Workloads:Municipalities:Tokyo:Chiyoda").Location
            .Should().Be(new SourceLocation("ous/municipalities/tokyo.yaml", 5, 9));
    }

    [Fact]
    public void Keeps_parameter_overrides_with_their_kind_source_text_and_position()
    {
        var folder = Path.Combine(DefinitionTestFiles.TestsFolder, "Scenarios", "overrides");

        var (definition, diagnostics) = DefinitionTestFiles.Load(folder);

        diagnostics.Should().BeEmpty();
        var parameters = definition!.Parameters;
        parameters["NotificationEmail"].Should().Be(ParameterValue.Of("org@example.com"));
        parameters["RetentionDays"].Kind.Should().Be(ParameterValueKind.Number);
        parameters["RetentionDays"].Scalar.Should().Be("0365", "scalars keep their source text");
        parameters["Enabled"].Kind.Should().Be(ParameterValueKind.Boolean);
        parameters["QuotedNumber"].Kind.Should().Be(ParameterValueKind.String);
        parameters["AllowedRegions"].Items.Should().Equal("ap-northeast-1", "ap-northeast-3");
        parameters["AllowedRegions"].Location.Should().Be(new SourceLocation("organization.yaml", 10, 5));

        var ministry = DefinitionTestFiles.Find(definition, "Workloads:Ministries");
        ministry.Parameters["NotificationEmail"].Scalar.Should().Be("ministries@example.com");
        ministry.Parameters["NotificationEmail"].Location.Should().Be(new SourceLocation("ous/workloads.yaml", 12, 30));

        var workloads = DefinitionTestFiles.Find(definition, "Workloads");
        var regions = workloads.Controls.Single(c => c.ControlId == "deny-regions");
        regions.Parameters["AllowedRegions"].Items.Should().Equal("ap-northeast-1");
        regions.Location.Should().Be(new SourceLocation("ous/workloads.yaml", 5, 13));
        workloads.Controls.Select(c => c.ControlId).Should().Equal("deny-regions", "guardduty");
        workloads.Controls.Single(c => c.ControlId == "guardduty").Parameters.Should().BeEmpty();

        var verification = DefinitionTestFiles.Find(definition, "Workloads:Ministries:Verification");
        verification.Exemptions.Should().ContainSingle().Which.Should().Be(
            new ControlExemption("guardduty", "GuardDuty is managed from the Audit account.", new SourceLocation("ous/workloads.yaml", 16, 17)));
        verification.Accounts.Should().ContainSingle().Which.Should().Be(
            new AccountRef("000011112222", "verify", "verify@example.com", new SourceLocation("ous/workloads.yaml", 19, 17)));
    }

    [Fact]
    public void Loads_thousands_of_ous_in_one_pass()
    {
        Write("organization.yaml", """
            organization:
              name: large
              home_region: ap-northeast-1
              resource_prefix: gc
              max_ous: 10000
            """);
        Write("ous/workloads.yaml", """
            parent: Root
            ous:
              - name: Workloads
                children:
                  - name: Municipalities
            """);

        // 47 prefectures x 40 municipalities x 2 = 3,760 OUs below the prefectures, one file per prefecture.
        for (var p = 0; p < 47; p++)
        {
            var text = new StringBuilder($"parent: Workloads:Municipalities\nous:\n  - name: Pref{p:D2}\n    children:\n");
            for (var m = 0; m < 40; m++)
            {
                text.Append($"      - name: City{m:D2}\n        children:\n          - name: Production\n          - name: Verification\n");
            }

            Write($"ous/municipalities/pref{p:D2}.yaml", text.ToString());
        }

        var (definition, diagnostics) = DefinitionTestFiles.Load(_directory);

        diagnostics.Should().BeEmpty();
        definition!.AllOus().Should().HaveCount(2 + 47 + (47 * 40 * 3));
        definition.AllOus().Select(ou => ou.Path).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Refuses_a_yml_file_rather_than_dropping_its_OUs()
    {
        Write("organization.yaml", "organization:\n  name: n\n  home_region: ap-northeast-1\n  resource_prefix: gc\n");
        Write("ous/sandbox.yaml", "parent: Root\nous:\n  - name: Sandbox\n");
        Write("ous/workloads.yml", "parent: Root\nous:\n  - name: Workloads\n");
        Write("ous/README.md", "notes for reviewers\n");

        var (definition, diagnostics) = DefinitionTestFiles.Load(_directory);

        definition.Should().BeNull();
        diagnostics.Select(d => d.ToString()).Should().Equal(
            "ous/workloads.yml: error GCF1027: 'ous/workloads.yml' looks like an OU file but only *.yaml (lower case) files under ous/ are read; its OUs would be missing from the package Fix: rename it to workloads.yaml");
    }

    [Fact]
    public void Reports_a_tab_at_its_own_line_and_column()
    {
        Write("organization.yaml", "organization:\n  name: n\n\thome_region: ap-northeast-1\n  resource_prefix: gc\n");
        Write("ous/sandbox.yaml", "parent: Root\nous:\n  - name: Sandbox\n");

        var (_, diagnostics) = DefinitionTestFiles.Load(_directory);

        diagnostics.Should().ContainSingle().Which.Location.Should().Be(new SourceLocation("organization.yaml", 3, 1));
    }

    [Fact]
    public void A_file_that_does_not_parse_adds_no_error_about_the_files_hanging_below_it()
    {
        Write("organization.yaml", "organization:\n  name: n\n  home_region: ap-northeast-1\n  resource_prefix: gc\n");
        Write("ous/a.yaml", "parent: Root\nous:\n  - name: A\n\t  - name: B\n");
        Write("ous/c.yaml", "parent: A\nous:\n  - name: C\n");

        var (definition, diagnostics) = DefinitionTestFiles.Load(_directory);

        definition.Should().BeNull();
        diagnostics.Select(d => d.ToString()).Should().ContainSingle().Which.Should().StartWith("ous/a.yaml(4,1): error GCF1001:");
    }

    [Fact]
    public void Refuses_a_definition_without_OUs()
    {
        Write("organization.yaml", "organization:\n  name: n\n  home_region: ap-northeast-1\n  resource_prefix: gc\n");

        var (definition, diagnostics) = DefinitionTestFiles.Load(_directory);

        definition.Should().BeNull();
        diagnostics.Should().ContainSingle().Which.Code.Should().Be(DiagnosticCodes.NoOus.Id);
    }

    [Fact]
    public void Reads_the_quotas_under_limits_and_keeps_the_published_values_for_the_others()
    {
        Write("organization.yaml", "organization:\n  name: n\n  home_region: ap-northeast-1\n  resource_prefix: gc\nlimits:\n  accounts_per_ou: 300\n  concurrent_control_operations: 10\n");
        Write("ous/a.yaml", "parent: Root\nous:\n  - name: A\n");

        var (definition, diagnostics) = DefinitionTestFiles.Load(_directory);

        diagnostics.Should().BeEmpty();
        definition!.Limits.AccountsPerOu.Should().Be(300);
        definition.Limits.ConcurrentControlOperations.Should().Be(10);
        definition.Limits.AccountsPerLandingZone.Should().Be(10_000);
        definition.Limits.OusPerOrganization.Should().Be(2_000);
        definition.Limits.InstancesPerStackSet.Should().Be(100_000);
    }

    [Theory]
    [InlineData("limits:\n  ou_depth: 0\n", "organization.yaml(6,13): error GCF3062: limits: ou_depth is 0")]
    [InlineData("limits:\n  stack_instances: 5\n", "organization.yaml(6,3): error GCF1")]
    public void Refuses_a_limit_below_1_and_an_unknown_limit(string limits, string expected)
    {
        Write("organization.yaml", "organization:\n  name: n\n  home_region: ap-northeast-1\n  resource_prefix: gc\n" + limits);
        Write("ous/a.yaml", "parent: Root\nous:\n  - name: A\n");

        var (definition, diagnostics) = DefinitionTestFiles.Load(_directory);

        definition.Should().BeNull();
        diagnostics.Should().ContainSingle().Which.ToString().Should().StartWith(expected);
    }

    [Fact]
    public void Stops_reading_at_the_file_that_crosses_the_OU_quota()
    {
        Write("organization.yaml", "organization:\n  name: n\n  home_region: ap-northeast-1\n  resource_prefix: gc\n  max_ous: 3\n");
        Write("ous/a.yaml", "parent: Root\nous:\n  - name: A\n    children:\n      - name: B\n");
        Write("ous/c.yaml", "parent: Root\nous:\n  - name: C\n  - name: D\n");
        Write("ous/e.yaml", "parent: Root\nous:\n  - name: E\n  - name: [not read\n");

        var (definition, diagnostics) = DefinitionTestFiles.Load(_directory);

        definition.Should().BeNull();
        diagnostics.Should().ContainSingle().Which.ToString().Should().StartWith("ous/c.yaml: error GCF1031: the definition has more than 3 OUs");
    }

    [Fact]
    public void Refuses_an_account_id_with_a_trailing_line_break()
    {
        // A double-quoted "\n" would slip past a '$' anchor, which also matches before a final newline.
        Write("organization.yaml", "organization:\n  name: n\n  home_region: ap-northeast-1\n  resource_prefix: gc\n");
        Write("ous/workloads.yaml", "parent: Root\nous:\n  - name: Workloads\n    accounts:\n      - id: \"123456789012\\n\"\n        name: a\n");

        var (definition, diagnostics) = DefinitionTestFiles.Load(_directory);

        definition.Should().BeNull();
        diagnostics.Should().ContainSingle().Which.Code.Should().Be(DiagnosticCodes.InvalidAccountId.Id);
    }

    [Fact]
    public void Reports_a_missing_definition_folder()
    {
        var (definition, diagnostics) = DefinitionTestFiles.Load(Path.Combine(_directory, "absent"));

        definition.Should().BeNull();
        diagnostics.Should().ContainSingle().Which.Code.Should().Be(DiagnosticCodes.DefinitionNotFound.Id);
    }

    [Fact]
    public void Returns_a_definition_when_the_bag_already_held_errors_from_another_stage()
    {
        Write("organization.yaml", "organization:\n  name: n\n  home_region: ap-northeast-1\n  resource_prefix: gc\n");
        var diagnostics = new DiagnosticBag();
        diagnostics.Report(DiagnosticCodes.InternalError, "an earlier failure");
        Write("ous/sandbox.yaml", "parent: Root\nous:\n  - name: Sandbox\n");

        new DefinitionLoader().Load(_directory, diagnostics).Should().NotBeNull();
        diagnostics.Items.Should().ContainSingle();
    }

    [Fact]
    public void Reads_the_management_account_and_named_accounts_with_their_controls_and_positions()
    {
        Write("organization.yaml", """
            organization:
              name: accounts
              home_region: ap-northeast-1
              resource_prefix: gc
            management_account:
              id: "012345678901"
              name: govcloud-management
              controls:
                - cfct-template-change-alert
                - id: account-vending
                  parameters:
                    IdentityStoreId: d-1234567890
            accounts:
              - id: "210987654321"
                name: Audit
                controls: [security-alerts]
              - id: "333344445555"
                name: Log Archive
            """);
        Write("ous/sandbox.yaml", "parent: Root\nous:\n  - name: Sandbox\n");

        var (definition, diagnostics) = DefinitionTestFiles.Load(_directory);

        diagnostics.Should().BeEmpty();
        var accounts = definition!.TargetAccounts;
        accounts.Select(a => (a.Id, a.Name, a.IsManagement)).Should().Equal(
            ("012345678901", "govcloud-management", true),
            ("210987654321", "Audit", false),
            ("333344445555", "Log Archive", false));
        accounts[0].Location.Should().Be(new SourceLocation("organization.yaml", 6, 3));
        accounts[0].Controls.Select(c => c.ControlId).Should().Equal("cfct-template-change-alert", "account-vending");
        accounts[0].Controls[1].Location.Should().Be(new SourceLocation("organization.yaml", 10, 11));
        accounts[0].Controls[1].Parameters["IdentityStoreId"].Scalar.Should().Be("d-1234567890");
        accounts[1].Controls.Select(c => c.ControlId).Should().Equal("security-alerts");
        accounts[2].Controls.Should().BeEmpty();
    }

    [Fact]
    public void A_definition_without_accounts_has_no_target_accounts()
    {
        Write("organization.yaml", """
            organization:
              name: minimal
              home_region: ap-northeast-1
              resource_prefix: gc
            """);
        Write("ous/sandbox.yaml", "parent: Root\nous:\n  - name: Sandbox\n");

        var (definition, _) = DefinitionTestFiles.Load(_directory);

        definition!.TargetAccounts.Should().BeEmpty();
    }

    private void Write(string relativePath, string text)
    {
        var path = Path.Combine(_directory, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, new UTF8Encoding(false));
    }
}
