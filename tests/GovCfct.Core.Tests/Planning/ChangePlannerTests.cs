using System.Collections.Immutable;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Planning;

namespace GovCfct.Core.Tests.Planning;

/// <summary>Each kind of change CfCT makes (docs/facts/cfct.md §4, §6, §7.7), on the snapshot fixtures.</summary>
public sealed class ChangePlannerTests
{
    private static StackSetChange StackSet(ChangePlan plan, string name) => plan.StackSets.Single(s => s.Name == name);

    [Fact]
    public void Removed_region_deletes_the_instances_there_and_the_update_is_summarized()
    {
        var (plan, _) = PlanFixtures.Scenario();

        var config = StackSet(plan, "gc-config");
        config.Kind.Should().Be(ResourceChangeKind.Updated);
        config.TemplateChanged.Should().BeTrue();
        config.TemplateLinesAdded.Should().Be(7, "the new rule's 7 lines; 'Source:' and 'Owner: AWS' now appear twice");
        config.TemplateLinesRemoved.Should().Be(0);
        config.ParameterChanges.Should().Equal(new ParameterChange("NotificationEmail", "security@example.jp", "soc@example.jp"));
        config.InstancesDeleted.Select(i => (i.AccountId, i.Region, i.Reason)).Should().BeEquivalentTo(new[]
        {
            ("222222222222", "ap-northeast-3", "region ap-northeast-3 removed"),
            ("333333333333", "ap-northeast-3", "region ap-northeast-3 removed"),
            ("444444444444", "ap-northeast-3", "region ap-northeast-3 removed"),
            ("555555555555", "ap-northeast-3", "region ap-northeast-3 removed"),
            ("666666666666", "ap-northeast-3", "region ap-northeast-3 removed"),
        });
        config.Instances.Should().Be(5);
        plan.Summary.InstancesUpdated.Should().Be(5, "UpdateStackSet touches every instance of the stack set");
    }

    [Fact]
    public void Typo_in_a_bare_OU_name_deletes_the_instances_of_that_OU()
    {
        var (plan, diagnostics) = PlanFixtures.Scenario();

        var guardDuty = StackSet(plan, "gc-guardduty");
        guardDuty.Kind.Should().Be(ResourceChangeKind.Unchanged, "template and parameters are identical");
        guardDuty.InstancesDeleted.Should().ContainSingle();
        guardDuty.InstancesDeleted[0].AccountId.Should().Be("999999999999");
        guardDuty.InstancesDeleted[0].Reason.Should().Be("OU Workloads no longer targeted; 'Worklods' matches no OU (typo or renamed OU?)");
        guardDuty.HasOperation.Should().BeTrue();
        diagnostics.Items.Should().Contain(d => d.Code == DiagnosticCodes.PlanBareOuMissing.Id && d.Message.Contains("'Worklods'") && d.Location!.Line > 0);
        diagnostics.Items.Should().Contain(d => d.Code == DiagnosticCodes.PlanInstancesDeleted.Id && d.Message.Contains("gc-guardduty"));
        plan.Drift.Should().Contain(new DriftFinding("target-missing-in-organization", "Worklods", "listed by 'gc-guardduty' but no such OU exists"));
    }

    [Fact]
    public void Removed_SCP_stays_attached_and_the_plan_gives_the_exact_detach_command()
    {
        var (plan, diagnostics) = PlanFixtures.Scenario();

        plan.LeftAttached.Should().ContainEquivalentOf(new LeftAttachedPolicy(
            "gc-scp-old", "scp", "p-old00001", "ou-ab12-sandbox1", "Sandbox", "policy removed from the manifest",
            "aws organizations detach-policy --policy-id p-old00001 --target-id ou-ab12-sandbox1"));
        plan.LeftAttached.Should().ContainEquivalentOf(new LeftAttachedPolicy(
            "gc-scp-workloads", "scp", "p-wl000001", "ou-ab12-dev00001", "Workloads:Dev", "attached outside the manifest",
            "aws organizations detach-policy --policy-id p-wl000001 --target-id ou-ab12-dev00001"));
        plan.LeftAttached.Should().NotContain(l => l.Name == "FullAWSAccess", "AWS-managed policies are not CfCT's");
        diagnostics.Items.Where(d => d.Code == DiagnosticCodes.PlanPolicyLeftAttached.Id).Should().HaveCount(2);
        plan.HasDangerousChanges.Should().BeTrue();

        // Still in effect: the sandbox account keeps the orphaned SCP through inheritance.
        var sandbox = plan.Accounts.Single(a => a.AccountId == "777777777777");
        sandbox.Policies.Should().Contain(new ReceivedPolicy("gc-scp-old", "scp", "Sandbox", true));
    }

    [Fact]
    public void Policies_are_created_updated_or_unchanged_and_new_attachments_listed()
    {
        var (plan, _) = PlanFixtures.Scenario();

        plan.Policies.Select(p => (p.Name, p.Kind)).Should().Equal(
            ("gc-scp-root", ResourceChangeKind.Unchanged),
            ("gc-scp-workloads", ResourceChangeKind.Updated),
            ("gc-rcp-tls", ResourceChangeKind.Created));
        plan.Policies.Single(p => p.Name == "gc-rcp-tls").NewAttachments.Should().Equal(new PolicyTarget("Root", "r-ab12"));
        plan.Policies.Single(p => p.Name == "gc-scp-workloads").NewAttachments.Should().BeEmpty();
        plan.Policies.Single(p => p.Name == "gc-scp-workloads").PolicyId.Should().Be("p-wl000001");
    }

    [Fact]
    public void Removed_stack_set_is_orphaned_without_deletion_and_deleted_with_it()
    {
        var (plan, diagnostics) = PlanFixtures.Scenario();
        var legacy = StackSet(plan, "gc-legacy");
        legacy.Kind.Should().Be(ResourceChangeKind.Orphaned);
        legacy.InstancesDeleted.Should().BeEmpty("CfCT leaves orphaned stack sets and their stacks in place");
        diagnostics.Items.Should().Contain(d => d.Code == DiagnosticCodes.PlanStackSetOrphaned.Id);

        var enabled = PlanFixtures.WithManifest(PlanFixtures.Package("current"), PlanFixtures.ManifestText("current").Replace("version: 2021-03-15\n", "version: 2021-03-15\nenable_stack_set_deletion: true\n", StringComparison.Ordinal));
        var (deleting, deletingDiagnostics) = PlanFixtures.Plan(new ChangePlanOptions(enabled, PlanFixtures.Org()) { Previous = PlanFixtures.Package("previous") });
        var deleted = StackSet(deleting, "gc-legacy");
        deleted.Kind.Should().Be(ResourceChangeKind.Deleted);
        deleted.InstancesDeleted.Should().Equal(new StackInstance("777777777777", "sandbox-a", "ap-northeast-1", "stack set deleted"));
        deletingDiagnostics.Items.Should().Contain(d => d.Code == DiagnosticCodes.PlanStackSetDeleted.Id);
        deleting.Summary.StackSetsDeleted.Should().Be(1);
    }

    [Fact]
    public void New_stack_set_creates_its_instances_and_account_entries_resolve_by_id()
    {
        var (plan, _) = PlanFixtures.Scenario();

        var alerts = StackSet(plan, "gc-alerts");
        alerts.Kind.Should().Be(ResourceChangeKind.Created);
        alerts.InstancesCreated.Should().Equal(new StackInstance("444444444444", "prod-a", "ap-northeast-1"));
        plan.Ous.Single(o => o.Path == "Workloads:Prod").Cells[plan.Controls.IndexOf("gc-alerts")].Should().Be(Coverage.AccountsOnly);
    }

    [Fact]
    public void Account_moved_to_another_OU_loses_the_instances_of_the_old_OU()
    {
        var package = PlanFixtures.Package("previous");
        var (plan, diagnostics) = PlanFixtures.Plan(new ChangePlanOptions(package, PlanFixtures.Org("org-after-move.json"))
        {
            Previous = package,
            PreviousOrganization = PlanFixtures.Org(),
        });

        var config = StackSet(plan, "gc-config");
        config.Kind.Should().Be(ResourceChangeKind.Unchanged);
        config.InstancesDeleted.Select(i => (i.AccountId, i.Region, i.Reason)).Should().Equal(
            ("555555555555", "ap-northeast-1", "account moved from Workloads:Prod to Sandbox"),
            ("555555555555", "ap-northeast-3", "account moved from Workloads:Prod to Sandbox"));
        StackSet(plan, "gc-guardduty").InstancesCreated.Should().Equal(new StackInstance("555555555555", "prod-b", "ap-northeast-1", "new target"));
        diagnostics.Items.Should().Contain(d => d.Code == DiagnosticCodes.PlanInstancesDeleted.Id && d.Message.Contains("gc-config"));
        plan.Summary.InstancesDeleted.Should().Be(2);
    }

    [Fact]
    public void Same_package_on_the_same_organization_changes_nothing()
    {
        var package = PlanFixtures.Package("previous");
        var (plan, _) = PlanFixtures.Plan(new ChangePlanOptions(package, PlanFixtures.Org()) { Previous = package });

        plan.StackSets.Should().OnlyContain(s => s.Kind == ResourceChangeKind.Unchanged && !s.HasOperation);
        plan.Summary.InstancesDeleted.Should().Be(0);
        plan.Cost.StackSetOperations.Should().Be(0);
        plan.Cost.StackSetsSkipped.Should().Be(3);
        plan.LeftAttached.Should().ContainSingle(l => l.Name == "gc-scp-workloads", "its Dev attachment was made outside the manifest");
    }

    [Fact]
    public void Targets_that_resolve_to_no_account_keep_the_existing_instances()
    {
        var previous = PlanFixtures.Package("previous");
        var typo = PlanFixtures.WithManifest(previous, PlanFixtures.ManifestText("previous").Replace("        - \"Sandbox\"\n    regions:\n      - \"ap-northeast-1\"\n", "        - \"Sandbx\"\n    regions:\n      - \"ap-northeast-1\"\n", StringComparison.Ordinal));
        var (plan, diagnostics) = PlanFixtures.Plan(new ChangePlanOptions(typo, PlanFixtures.Org()) { Previous = previous });

        var legacy = StackSet(plan, "gc-legacy");
        legacy.InstancesDeleted.Should().BeEmpty("CfCT skips instance operations when the target list is empty");
        legacy.Notes.Should().Contain("targets resolve to no account: instance operations skipped, 1 existing instance(s) kept");
        diagnostics.Items.Should().Contain(d => d.Code == DiagnosticCodes.PlanTargetsEmpty.Id);
    }

    [Fact]
    public void Nested_OU_path_that_does_not_exist_is_an_error_because_CfCT_fails_on_it()
    {
        var package = PlanFixtures.WithManifest(PlanFixtures.Package("current"), PlanFixtures.ManifestText("current").Replace("\"Workloads:Dev\"", "\"Workloads:Develop\"", StringComparison.Ordinal));
        var (_, diagnostics) = PlanFixtures.Plan(new ChangePlanOptions(package, PlanFixtures.Org()));

        diagnostics.Items.Should().ContainSingle(d => d.Code == DiagnosticCodes.PlanNestedOuMissing.Id)
            .Which.Severity.Should().Be(Severity.Error);
    }

    [Fact]
    public void Effective_controls_inherit_SCPs_but_stack_sets_only_reach_directly_listed_OUs()
    {
        var (plan, _) = PlanFixtures.Plan(new ChangePlanOptions(PlanFixtures.Package("previous"), PlanFixtures.Org()));

        var prod = plan.Accounts.Single(a => a.AccountId == "444444444444");
        prod.OuPath.Should().Be("Workloads:Prod");
        prod.Policies.Select(p => (p.Name, p.AttachedAt)).Should().Equal(("gc-scp-root", "Root"), ("gc-scp-workloads", "Workloads"));
        prod.StackSets.Should().BeEquivalentTo([new ReceivedStackSet("gc-config", ["ap-northeast-1", "ap-northeast-3"])], o => o.WithStrictOrdering());
        plan.Accounts.Single(a => a.AccountId == "111111111111").Policies.Should().BeEmpty("SCPs never restrict the management account");

        var column = plan.Controls.IndexOf("gc-guardduty");
        plan.Ous.Single(o => o.Path == "Workloads").Cells[column].Should().Be(Coverage.Deployed);
        plan.Ous.Single(o => o.Path == "Workloads:Prod").Cells[column].Should().Be(Coverage.Missed, "a parent OU is listed, which never reaches child OUs");
        plan.Ous.Single(o => o.Path == "Workloads:Prod").Cells[plan.Controls.IndexOf("gc-scp-workloads")].Should().Be(Coverage.Inherited);
        plan.Ous.Single(o => o.Path == "Root").Cells[plan.Controls.IndexOf("gc-scp-root")].Should().Be(Coverage.Attached);
        plan.HasPrevious.Should().BeFalse();
        StackSet(plan, "gc-config").Kind.Should().Be(ResourceChangeKind.Created);
    }

    [Fact]
    public void Accounts_in_scope_receiving_nothing_are_listed()
    {
        var package = PlanFixtures.WithManifest(PlanFixtures.Package("previous"), """
            region: "ap-northeast-1"
            version: 2021-03-15
            resources:
              - name: gc-config
                description: "only Security"
                resource_file: templates/gc-config.template
                deploy_method: stack_set
                deployment_targets:
                  organizational_units:
                    - "Security"
            """);
        var (plan, diagnostics) = PlanFixtures.Plan(new ChangePlanOptions(package, PlanFixtures.Org()));

        plan.UncoveredAccounts.Should().Equal(
            "444444444444 (prod-a) in Workloads:Prod",
            "555555555555 (prod-b) in Workloads:Prod",
            "666666666666 (dev-a) in Workloads:Dev",
            "777777777777 (sandbox-a) in Sandbox",
            "999999999999 (workloads-shared) in Workloads");
        plan.Summary.AccountsInScope.Should().Be(7, "ACTIVE member accounts only: not the management account, not suspended ones");
        diagnostics.Items.Should().ContainSingle(d => d.Code == DiagnosticCodes.PlanAccountsUncovered.Id);
    }

    [Fact]
    public void Drift_lists_suspended_and_closing_accounts_and_OUs_missing_on_either_side()
    {
        var definition = Definition(
            Ou("Security", "Security", accounts: [new AccountRef("222222222222", "log-archive", null, new("ous/security.yaml", 3, 5))]),
            Ou("Workloads", "Workloads", Ou("Prod", "Workloads:Prod", accounts: [new AccountRef("999999999999", "workloads-shared", null, new("ous/workloads.yaml", 9, 7))])),
            Ou("Archive", "Archive"));
        var (plan, diagnostics) = PlanFixtures.Plan(new ChangePlanOptions(PlanFixtures.Package("previous"), PlanFixtures.Org()) { Definition = definition });

        plan.Drift.Select(d => (d.Kind, d.Subject)).Should().Contain(
        [
            ("ou-missing-in-organization", "Archive"),
            ("ou-not-in-definition", "Sandbox"),
            ("ou-not-in-definition", "Workloads:Dev"),
            ("account-moved", "999999999999"),
            ("account-suspended", "888888888888"),
            ("account-pending-closure", "888888888889"),
        ]);
        plan.Drift.Should().NotContain(d => d.Subject == "222222222222");
        diagnostics.Items.Should().Contain(d => d.Code == DiagnosticCodes.PlanDefinitionOuMissing.Id && d.Location!.File == "ous/archive.yaml");
        diagnostics.Items.Should().Contain(d => d.Code == DiagnosticCodes.PlanAccountMoved.Id && d.Location!.Line == 9);
        diagnostics.Items.Where(d => d.Code == DiagnosticCodes.PlanAccountNotActive.Id).Should().HaveCount(2);
        diagnostics.Items.Where(d => d.Code == DiagnosticCodes.PlanOrgOuNotDefined.Id).Should().OnlyContain(d => d.Severity == Severity.Info)
            .And.Subject.Select(d => d.Message[..d.Message.IndexOf(" (", StringComparison.Ordinal)]).Should().Equal("OU 'Sandbox'", "OU 'Suspended'", "OU 'Workloads:Dev'");

        // Scope = accounts directly in a defined OU: Sandbox and Workloads:Dev are outside it.
        plan.Summary.AccountsInScope.Should().Be(5);
    }

    [Fact]
    public void New_account_receives_inherited_SCPs_and_only_stack_sets_listing_its_OU()
    {
        var (plan, diagnostics) = PlanFixtures.Plan(new ChangePlanOptions(PlanFixtures.Package("previous"), PlanFixtures.Org()) { NewAccountOu = "Workloads:Prod" });

        var preview = plan.NewAccount!;
        preview.OuId.Should().Be("ou-ab12-prod0001");
        preview.Policies.Select(p => p.Name).Should().Equal("gc-scp-root", "gc-scp-workloads");
        preview.StackSets.Should().BeEquivalentTo([new ReceivedStackSet("gc-config", ["ap-northeast-1", "ap-northeast-3"])], o => o.WithStrictOrdering());
        preview.NotReached.Should().Equal("gc-guardduty");
        preview.Instances.Should().Be(2);
        preview.EstimatedSeconds.Should().BeGreaterThan(PipelineCostModel.Default.FixedSeconds(3));
        diagnostics.HasErrors.Should().BeFalse();

        // gc-config lists the OU itself: that one waits for CfCT's re-run on the lifecycle event, and the preview says so.
        preview.CfctStackSets.Should().Be(1);
        PlanMarkdownWriter.Write(plan).Should().Contain("1 CfCT stack set(s) that list its OU reach it when CfCT re-runs on the account's lifecycle event (");
    }

    [Fact]
    public void New_account_in_an_OU_no_stack_set_lists_gets_a_warning_and_an_unknown_OU_an_error()
    {
        var (plan, diagnostics) = PlanFixtures.Plan(new ChangePlanOptions(PlanFixtures.Package("previous"), PlanFixtures.Org()) { NewAccountOu = "Suspended" });
        plan.NewAccount!.StackSets.Should().BeEmpty();
        plan.NewAccount.Policies.Select(p => p.Name).Should().Equal("gc-scp-root");
        diagnostics.Items.Should().ContainSingle(d => d.Code == DiagnosticCodes.PlanNewAccountNoStackSets.Id);

        var (missing, missingDiagnostics) = PlanFixtures.Plan(new ChangePlanOptions(PlanFixtures.Package("previous"), PlanFixtures.Org()) { NewAccountOu = "Workloads:Staging" });
        missing.NewAccount.Should().BeNull();
        missingDiagnostics.Items.Should().ContainSingle(d => d.Code == DiagnosticCodes.PlanNewAccountOuUnknown.Id && d.IsError);
    }

    [Fact]
    public void Root_reaches_every_enrolled_account_but_not_the_management_account()
    {
        var package = PlanFixtures.WithManifest(PlanFixtures.Package("previous"), """
            region: "ap-northeast-1"
            version: 2021-03-15
            resources:
              - name: gc-config
                description: "everywhere"
                resource_file: templates/gc-config.template
                deploy_method: stack_set
                deployment_targets:
                  organizational_units:
                    - "Root"
            """);
        var (plan, _) = PlanFixtures.Plan(new ChangePlanOptions(package, PlanFixtures.Org()));

        StackSet(plan, "gc-config").InstancesCreated.Select(i => i.AccountId).Should().Equal(
            "222222222222", "333333333333", "444444444444", "555555555555", "666666666666", "777777777777", "999999999999");
        StackSet(plan, "gc-config").Regions.Should().Equal("ap-northeast-1");
    }

    [Fact]
    public void Cost_grows_with_operations_and_instances()
    {
        var (plan, _) = PlanFixtures.Scenario();
        var model = PipelineCostModel.Default;

        // gc-config (5 updated + 5 deleted over 1 region... counted per region), gc-guardduty (1 deleted), gc-alerts (1 created).
        plan.Cost.StackSetOperations.Should().Be(3);
        plan.Cost.StackSetsSkipped.Should().Be(0);
        plan.Cost.InstancesTouched.Should().Be(5 + 5 + 1 + 1);
        plan.Cost.EstimatedSeconds.Should().Be(model.FixedSeconds(3) + model.StackSetSeconds(true, 10) + model.StackSetSeconds(true, 1) + model.StackSetSeconds(true, 1));
    }

    [Fact]
    public void Odd_targets_are_reported_the_way_CfCT_treats_them()
    {
        var package = PlanFixtures.WithManifest(PlanFixtures.Package("previous"), """
            region: "ap-northeast-1"
            version: 2021-03-15
            resources:
              - name: gc-scp-root
                description: "a missing OU"
                resource_file: policies/gc-scp-root.json
                deploy_method: scp
                deployment_targets:
                  organizational_units:
                    - "Archive"
              - name: gc-config
                description: "Root with others, unknown and suspended accounts, a name"
                resource_file: templates/gc-config.template
                deploy_method: stack_set
                deployment_targets:
                  organizational_units:
                    - "Root"
                    - "Security"
                  accounts:
                    - "123456789012"
                    - "888888888888"
                    - "PROD-A"
              - name: gc-guardduty
                description: "a nested OU written bare"
                resource_file: templates/gc-guardduty.template
                deploy_method: stack_set
                deployment_targets:
                  organizational_units:
                    - "Prod"
            """);
        var (plan, diagnostics) = PlanFixtures.Plan(new ChangePlanOptions(package, PlanFixtures.Org()));

        diagnostics.Items.Should().ContainSingle(d => d.Code == DiagnosticCodes.PlanPolicyOuMissing.Id && d.Message.Contains("'Archive'"));
        diagnostics.Items.Should().ContainSingle(d => d.Code == DiagnosticCodes.PlanRootWithOtherOus.Id);
        diagnostics.Items.Where(d => d.Code == DiagnosticCodes.PlanAccountUnknown.Id).Select(d => d.Message).Should().SatisfyRespectively(
            m => m.Should().Contain("'123456789012'"),
            m => m.Should().Contain("'888888888888'"));
        diagnostics.Items.Should().ContainSingle(d => d.Code == DiagnosticCodes.PlanBareOuMissing.Id)
            .Which.Hint.Should().Be("a bare name only matches top-level OUs; write the full path 'Workloads:Prod'");
        plan.Policies.Single().Targets.Should().BeEmpty();
        StackSet(plan, "gc-guardduty").Instances.Should().Be(0);
        StackSet(plan, "gc-config").Instances.Should().Be(7, "Root reaches every enrolled account; PROD-A matches prod-a case-insensitively");
    }

    [Fact]
    public void Removed_parameter_is_not_an_update_because_CfCT_does_not_notice()
    {
        var previous = PlanFixtures.Package("previous");
        var current = PlanFixtures.WithManifest(previous, PlanFixtures.ManifestText("previous").Replace("      - parameter_key: \"MaximumExecutionFrequency\"\n        parameter_value: \"TwentyFour_Hours\"\n", string.Empty, StringComparison.Ordinal));
        var (plan, diagnostics) = PlanFixtures.Plan(new ChangePlanOptions(current, PlanFixtures.Org()) { Previous = previous });

        var config = StackSet(plan, "gc-config");
        config.Kind.Should().Be(ResourceChangeKind.Unchanged);
        config.ParameterChanges.Should().Equal(new ParameterChange("MaximumExecutionFrequency", "TwentyFour_Hours", null));
        diagnostics.Items.Should().ContainSingle(d => d.Code == DiagnosticCodes.PlanParameterRemoved.Id);
    }

    [Fact]
    public void Line_diff_counts_added_and_removed_lines()
    {
        ChangePlanner.LineDiff("a\nb\nc\n"u8.ToArray(), "a\nc\nd\ne\n"u8.ToArray()).Should().Be((2, 1));
        ChangePlanner.LineDiff([], "x\n"u8.ToArray()).Should().Be((1, 0));
    }

    private static GovernanceDefinition Definition(params OuNode[] children)
    {
        var location = new SourceLocation("organization.yaml", 1, 1);
        var settings = new GovernanceSettings { Name = "test", HomeRegion = "ap-northeast-1", GovernedRegions = ["ap-northeast-1"], ResourcePrefix = "gc", ScpLimits = PolicyLimits.DefaultScp, RcpLimits = PolicyLimits.DefaultRcp, EnableStackSetDeletion = false, Principals = PlatformPrincipals.Default, Location = location };
        var root = new OuNode("Root", string.Empty, [], [], ImmutableSortedDictionary<string, ParameterValue>.Empty, [], [.. children], location);
        return new GovernanceDefinition(settings, ImmutableSortedDictionary<string, ParameterValue>.Empty, root, "/definition");
    }

    private static OuNode Ou(string name, string path, params OuNode[] children) => Ou(name, path, [], children);

    private static OuNode Ou(string name, string path, ImmutableArray<AccountRef> accounts, params OuNode[] children) =>
        new(name, path, [], [], ImmutableSortedDictionary<string, ParameterValue>.Empty, accounts.IsDefault ? [] : accounts, [.. children], new SourceLocation($"ous/{name.ToLowerInvariant()}.yaml", 1, 1));
}
