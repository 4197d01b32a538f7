using GovCfct.Core.Definition;

namespace GovCfct.Core.Tests.Definition;

/// <summary>The government cloud's definition in manifest/ loads cleanly and carries what issues 2 and 3 require.</summary>
public sealed class ShippedDefinitionTests
{
    // Preventive: Control Tower's region deny and root controls, then our SCPs.
    private static readonly string[] PreventiveControls =
    [
        "ct-region-deny", "deny-region-opt-in", "ct-restrict-root-access-keys", "ct-restrict-root-user",
        "protect-security-services", "protect-alert-resources", "protect-exempt-principals", "deny-services",
        "require-iam-user-mfa", "deny-access-keys", "restrict-iam-user-creation", "deny-costly-purchases", "deny-leave-organization",
    ];

    // Detective Control Tower controls (the talk's eleven Config rules) and the RCP.
    private static readonly string[] WorkloadsOnlyControls =
    [
        "rcp-require-secure-transport", "ct-encrypted-volumes", "ct-restricted-common-ports", "ct-restricted-ssh",
        "ct-root-account-mfa", "ct-s3-public-read-prohibited", "ct-s3-public-write-prohibited", "ct-ec2-volume-inuse-check",
        "ct-ebs-optimized-instance", "ct-rds-instance-public-access", "ct-rds-snapshots-public", "ct-rds-storage-encrypted",
        // Forwarding to the audit account's central alerting (docs/landing-zone.md); sandbox accounts get no detective controls.
        "alert-forwarding",
    ];

    // Retired from the definition: re-implementations of Control Tower controls, and services the audit account runs
    // organization-wide (docs/facts/landing-zone.md §1.3, §5).
    private static readonly string[] Retired =
    [
        "config-rules-baseline", "deny-root-access-keys", "protect-log-archive-buckets", "deny-regions",
        "guardduty", "security-hub",
    ];

    private static readonly Lazy<GovernanceDefinition> Shipped = new(() =>
    {
        var (definition, diagnostics) = DefinitionTestFiles.Load(DefinitionTestFiles.ShippedDefinition);
        diagnostics.Should().BeEmpty();
        return definition!;
    });

    [Fact]
    public void Loads_without_any_diagnostic()
    {
        var (definition, diagnostics) = DefinitionTestFiles.Load(DefinitionTestFiles.ShippedDefinition);

        diagnostics.Select(d => d.ToString()).Should().BeEmpty();
        definition.Should().NotBeNull();
    }

    [Fact]
    public void Describes_the_government_cloud_organization()
    {
        var organization = Shipped.Value.Organization;

        organization.Name.Should().Be("government-cloud");
        organization.HomeRegion.Should().Be("ap-northeast-1");
        organization.GovernedRegions.Should().Equal("ap-northeast-1", "ap-northeast-3");
        organization.ResourcePrefix.Should().Be("gc");
        organization.ScpLimits.Should().Be(PolicyLimits.DefaultScp);
        organization.Principals.ProtectedRoleArns.Should().Contain("arn:*:iam::*:role/AWSControlTowerExecution");
        Shipped.Value.Parameters.Keys.Should().Equal(
            "AdminPermissionSetName", "AlertAccountId", "AllowedRegions", "BreakGlassRoleName", "ChatWebhookUrl", "DeniedServices",
            "ExemptPrincipalArns", "ManagementAccountId", "NotificationEmail", "OrganizationId", "PlatformPermissionSetName", "PolicyTargetId",
            "SecurityAdminAccountId");
        // GuardDuty's and Security Hub's delegated administrator is the audit account, and its GuardDuty role trusts the
        // management account's state machines (docs/landing-zone.md, "Security services").
        Shipped.Value.Parameters["SecurityAdminAccountId"].Scalar.Should().Be(Shipped.Value.LandingZone!.AuditAccountId);
        Shipped.Value.Parameters["ManagementAccountId"].Scalar.Should().Be(Shipped.Value.ManagementAccount!.Id, "the central bus tells the management account's forwarded alerts apart by it, and GuardDuty's audit role trusts its state machines");
        Shipped.Value.Parameters["AlertAccountId"].Scalar.Should().Be(Shipped.Value.LandingZone!.AuditAccountId, "central alerting lives in the audit account");
        Shipped.Value.Parameters["OrganizationId"].Scalar.Should().Be(Shipped.Value.Lock!.OrganizationId, "the central bus admits this organization");
        Shipped.Value.Parameters["ExemptPrincipalArns"].Items.Should().BeEmpty();
        Shipped.Value.Parameters["ChatWebhookUrl"].Scalar.Should().BeEmpty();
    }

    [Fact]
    public void Assigns_the_management_account_controls_to_the_management_account()
    {
        var management = Shipped.Value.TargetAccounts.Should().ContainSingle(a => a.IsManagement).Which;

        management.Id.Should().Be("111122223333");
        management.Name.Should().Be("govcloud-management");
        // The trail alarms live where the organization trail's log group is (docs/facts/landing-zone.md §3); only the
        // management account can register Security Hub's and GuardDuty's delegated administrator (§5.2, §5.3).
        management.Controls.Select(c => c.ControlId).Should().Equal(
            "cfct-template-change-alert", "security-alerts", "unexpected-platform-access", "unannounced-operations", "account-creation-hook",
            "ebs-encryption-backfill", "security-hub-organization", "guardduty-organization", "account-vending");
        management.Controls[8].Parameters.Keys.Should().Equal("AccountFactoryArtifactId", "AccountFactoryPortfolioId", "AccountFactoryProductId", "IdentityStoreId", "SsoInstanceArn");
    }

    [Fact]
    public void Configures_security_hub_centrally_from_the_audit_account_only()
    {
        var others = Shipped.Value.TargetAccounts.Where(a => !a.IsManagement).ToList();

        // The audit account is the delegated administrator (docs/facts/landing-zone.md §5.1, §5.3) and holds central alerting:
        // the bus, the rules and the one topic (docs/landing-zone.md, "Central alerting").
        var audit = others.Should().ContainSingle().Which;
        audit.Id.Should().Be(Shipped.Value.LandingZone!.AuditAccountId);
        audit.Controls.Select(c => c.ControlId).Should().Equal("security-hub-organization-role", "central-alerting", "guardduty-organization-role");
        Shipped.Value.Parameters["PolicyTargetId"].Scalar.Should().Be(Shipped.Value.Lock!.RootId, "the policy is associated with the root of org-lock.yaml (a derived parameter)");
    }

    [Fact]
    public void Has_the_top_level_ous_of_the_landing_zone()
    {
        Shipped.Value.Root.Children.Select(ou => ou.Path).Order(StringComparer.Ordinal)
            .Should().Equal("Infrastructure", "Sandbox", "Security", "Suspended", "Workloads");
        DefinitionTestFiles.Find(Shipped.Value, "Security").Accounts.Select(a => a.Name).Should().Equal("Audit", "Log Archive");
        DefinitionTestFiles.Find(Shipped.Value, "Security").Accounts.Select(a => a.Id).Should().Contain("012345678901", "leading zeros survive because ids are quoted");
    }

    [Fact]
    public void Carries_the_full_catalog_on_workloads_and_the_preventive_set_on_sandbox()
    {
        DefinitionTestFiles.Find(Shipped.Value, "Workloads").Controls.Select(c => c.ControlId)
            .Should().BeEquivalentTo(PreventiveControls.Concat(WorkloadsOnlyControls));
        DefinitionTestFiles.Find(Shipped.Value, "Sandbox").Controls.Select(c => c.ControlId)
            .Should().BeEquivalentTo(PreventiveControls);
        DefinitionTestFiles.Find(Shipped.Value, "Security").Controls.Select(c => c.ControlId)
            .Should().Equal("ct-audit-bucket-encryption", "ct-audit-bucket-logging", "alert-forwarding", "protect-alert-resources", "protect-exempt-principals", "deny-root-actions", "deny-leave-organization", "protect-security-services");
        DefinitionTestFiles.Find(Shipped.Value, "Infrastructure").Controls.Select(c => c.ControlId)
            .Should().Equal("alert-forwarding", "protect-alert-resources", "protect-exempt-principals", "deny-root-actions", "deny-leave-organization", "protect-security-services");
        // Control Tower's root controls cover Workloads and Sandbox; the SCP deny-root-actions gives the Security and
        // Infrastructure OUs the same baseline.
        DefinitionTestFiles.Find(Shipped.Value, "Workloads").Controls.Select(c => c.ControlId).Should().NotContain("deny-root-actions");
        Shipped.Value.AllOus().SelectMany(ou => ou.Controls).Select(c => c.ControlId).Should().NotContain(Retired);

        // Management-account controls are targeted by the CDK stream, not through OUs.
        Shipped.Value.AllOus().SelectMany(ou => ou.Controls).Select(c => c.ControlId)
            .Should().NotContain(["cfct-template-change-alert", "account-creation-hook"]);
    }

    [Fact]
    public void Nests_municipalities_five_levels_deep_with_production_and_verification()
    {
        var municipalities = Shipped.Value.AllOus().Where(ou => ou.Depth == 4 && ou.Path.StartsWith("Workloads:Municipalities:", StringComparison.Ordinal)).ToList();

        municipalities.Should().HaveCountGreaterThanOrEqualTo(20);
        municipalities.Select(ou => ou.Name).Should().Contain(["Sapporo", "Hakodate", "Chiyoda", "Shinjuku", "Hachioji", "OsakaCity", "Sakai", "FukuokaCity", "Kitakyushu"]);
        municipalities.Should().AllSatisfy(ou => ou.Children.Select(c => c.Name).Should().Equal("Production", "Verification"));
        DefinitionTestFiles.Find(Shipped.Value, "Workloads:Municipalities:Tokyo:Chiyoda:Production").Depth.Should().Be(5);
        Shipped.Value.AllOus().Max(ou => ou.Depth).Should().Be(DefinitionLoader.MaxOuDepth);
    }

    [Fact]
    public void Gives_every_ministry_production_and_verification()
    {
        var ministries = DefinitionTestFiles.Find(Shipped.Value, "Workloads:Ministries").Children;

        ministries.Select(m => m.Name).Should().Contain(["DigitalAgency", "InternalAffairs", "HealthLabourWelfare", "Education", "Justice"]);
        ministries.Should().AllSatisfy(m => m.Children.Select(c => c.Name).Should().Equal("Production", "Verification"));
    }

    [Fact]
    public void Shows_an_opt_out_with_a_reason_and_a_per_ou_override()
    {
        var exemption = DefinitionTestFiles.Find(Shipped.Value, "Workloads:Ministries:HealthLabourWelfare:Verification").Exemptions.Should().ContainSingle().Subject;
        exemption.ControlId.Should().Be("ct-ec2-volume-inuse-check");
        exemption.Reason.Should().Contain("detached");
        exemption.Location.File.Should().Be("ous/workloads-ministries.yaml");

        var sandbox = DefinitionTestFiles.Find(Shipped.Value, "Sandbox");
        sandbox.Parameters["AllowedRegions"].Items.Should().Equal("ap-northeast-1");
        Shipped.Value.Parameters["AllowedRegions"].Items.Should().Equal("ap-northeast-1", "ap-northeast-3");
    }
}
