using System.Text.Json;
using GovCfct.Core.Catalog;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Rendering;
using GovCfct.Core.Tests.TestSupport;
using static GovCfct.Core.Tests.Catalog.PolicyJson;

namespace GovCfct.Core.Tests.Catalog;

/// <summary>What each shipped SCP/RCP denies, and the rules every policy statement must follow (Sid, exemption, real actions).</summary>
public sealed class PolicyContentTests
{
    private static IEnumerable<ControlDefinition> Policies =>
        CatalogFixture.Catalog.Controls.Where(c => c.Kind is ControlKind.Scp or ControlKind.Rcp);

    public static TheoryData<string> PolicyIds() => [.. Policies.Select(c => c.Id)];

    [Theory]
    [MemberData(nameof(PolicyIds))]
    public void Every_deny_statement_has_a_sid_and_exempts_every_protected_principal(string id)
    {
        var statements = Statements(CatalogFixture.Render(id));

        statements.Should().NotBeEmpty();
        foreach (var statement in statements)
        {
            statement.GetProperty("Effect").GetString().Should().Be("Deny", id);
            statement.GetProperty("Sid").GetString().Should().MatchRegex("^[A-Za-z0-9]+$", id);
            Condition(statement, "ArnNotLike", "aws:PrincipalARN").Should().Contain(PlatformPrincipals.Default.ProtectedRoleArns, id);
        }
    }

    [Fact]
    public void Sids_are_unique_across_the_catalog_so_merged_documents_stay_valid()
    {
        var sids = Policies.SelectMany(c => Statements(CatalogFixture.Render(c.Id))).Select(s => s.GetProperty("Sid").GetString()).ToList();

        sids.Should().OnlyHaveUniqueItems();
    }

    [Theory]
    [MemberData(nameof(PolicyIds))]
    public void Every_action_and_wildcard_names_a_real_IAM_action(string id)
    {
        IamActionData.ServiceCount.Should().BeGreaterThan(300, "the vendored action list is loaded");
        var actions = Statements(CatalogFixture.Render(id)).SelectMany(s => Strings(s, "Action").Concat(Strings(s, "NotAction"))).ToList();

        actions.Should().NotBeEmpty();
        actions.Where(a => !IamActionData.Matches(a)).Should().BeEmpty($"every action of {id} must exist in iam-actions.json");
    }

    [Theory]
    [InlineData("iam:CreateAccessKey", true)]
    [InlineData("ec2:Purchase*", true)]
    [InlineData("guardduty:Disassociate*", true)]
    [InlineData("iam:CreateAccesKey", false)]
    [InlineData("nosuchservice:*", false)]
    [InlineData("s3:Zz*", false)]
    public void Action_check_rejects_typos_and_empty_wildcards(string action, bool exists) =>
        IamActionData.Matches(action).Should().Be(exists);

    [Fact]
    public void All_SCPs_together_fit_the_three_document_budget_of_one_OU()
    {
        // The sum of the unmerged documents no longer fits (16 KB of statements for 15 KB of slots); the packer merges
        // statements with equal conditions, and what it makes of every SCP of the catalog must fit the free slots.
        var limits = PolicyLimits.DefaultScp;
        var bag = new DiagnosticBag();
        var fragments = Policies.Where(c => c.Kind == ControlKind.Scp)
            .Select(c => new GovCfct.Core.Policies.PolicyFragment(c.Id, GovCfct.Core.Policies.PolicyParser.Parse(CatalogFixture.Render(c.Id), c.Id, bag)!, new SourceLocation("manifest/ous/workloads.yaml")))
            .ToList();

        var packed = new GovCfct.Core.Policies.PolicyPacker().Pack(fragments, limits.MaxSize, limits.Available, "OU 'Workloads'", bag);

        packed.Fits.Should().BeTrue(string.Join('\n', bag.Items));
        packed.Policies.Sum(p => p.MinifiedJson.Length).Should().BeLessThan(limits.Available * limits.MaxSize);
    }

    [Fact]
    public void Region_deny_allows_only_the_allowed_regions_keeps_global_services_and_denies_opt_in_changes()
    {
        var text = CatalogFixture.Render("deny-regions");

        var regions = Statement(text, "DenyUnapprovedRegions");
        Condition(regions, "StringNotEquals", "aws:RequestedRegion").Should().Equal("ap-northeast-1", "ap-northeast-3");
        regions.TryGetProperty("Action", out _).Should().BeFalse("the region deny is a NotAction statement");
        Strings(regions, "NotAction").Should().Contain(["iam:*", "organizations:*", "route53:*", "cloudfront:*", "support:*", "sts:*", "aws-portal:*", "budgets:*"]);
        Strings(Statement(text, "DenyRegionOptInChanges"), "Action").Should().BeEquivalentTo("account:EnableRegion", "account:DisableRegion");
    }

    [Fact]
    public void Region_deny_takes_the_allowed_regions_from_the_parameter()
    {
        var text = CatalogFixture.Render("deny-regions", ("AllowedRegions", ParameterValue.OfList(["ap-northeast-1"])));

        Condition(Statement(text, "DenyUnapprovedRegions"), "StringNotEquals", "aws:RequestedRegion").Should().Equal("ap-northeast-1");
    }

    [Fact]
    public void Mfa_deny_is_scoped_to_IAM_users_and_leaves_MFA_self_service()
    {
        var statement = Statement(CatalogFixture.Render("require-iam-user-mfa"), "DenyIamUsersWithoutMfa");

        Condition(statement, "ArnLike", "aws:PrincipalARN").Should().Equal("arn:*:iam::*:user/*");
        Condition(statement, "BoolIfExists", "aws:MultiFactorAuthPresent").Should().Equal("false");
        statement.TryGetProperty("Action", out _).Should().BeFalse();
        Strings(statement, "NotAction").Should().Contain(["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "sts:GetSessionToken", "iam:ChangePassword"]);
    }

    [Fact]
    public void Access_key_deny_covers_access_keys_and_service_specific_credentials()
    {
        var statement = Statement(CatalogFixture.Render("deny-access-keys"), "DenyAccessKeyCreation");

        Strings(statement, "Action").Should().BeEquivalentTo("iam:CreateAccessKey", "iam:CreateServiceSpecificCredential");
    }

    [Fact]
    public void Iam_user_creation_is_left_to_the_admin_permission_set_role_with_the_sso_path()
    {
        var text = CatalogFixture.Render("restrict-iam-user-creation", ("AdminPermissionSetName", ParameterValue.Of("SystemAdmin")));

        var statement = Statement(text, "RestrictIamUserCreation");
        Strings(statement, "Action").Should().Contain(["iam:CreateUser", "iam:CreateLoginProfile"]);
        Condition(statement, "ArnNotLike", "aws:PrincipalARN").Should().Contain("arn:*:iam::*:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_SystemAdmin_*");
    }

    [Fact]
    public void Security_service_protection_covers_the_five_services_and_the_platform_resources_by_prefix()
    {
        var diagnostics = new DiagnosticBag();
        var context = CatalogFixture.Context() with { Organization = CatalogFixture.Organization("mof") };
        var text = new TemplateRenderer().Render(CatalogFixture.Control("protect-security-services"), context, diagnostics)!;

        var services = Strings(Statement(text, "ProtectSecurityServices"), "Action").Select(a => a.Split(':')[0]).Distinct();
        services.Should().Contain(["cloudtrail", "config", "guardduty", "securityhub", "access-analyzer"]);
        var resources = Strings(Statement(text, "ProtectPlatformResources"), "Resource");
        resources.Should().Contain("arn:*:cloudformation:*:*:stack/StackSet-CustomControlTower-*");
        resources.Should().NotContain(r => r.Contains("gc-", StringComparison.Ordinal));

        // The alert resources moved to protect-alert-resources, keyed on the same prefix.
        var alerts = new TemplateRenderer().Render(CatalogFixture.Control("protect-alert-resources"), context, diagnostics)!;
        Strings(Statement(alerts, "ProtectAlertResources"), "Resource").Should().Contain(["arn:*:events:*:*:rule/mof-*", "arn:*:sns:*:*:mof-*", "arn:*:cloudwatch:*:*:alarm:mof-*"])
            .And.NotContain(r => r.Contains("gc-", StringComparison.Ordinal));
        alerts.Should().Contain("\"aws:ResourceTag/mof-protected\": \"true\"");
    }

    [Fact]
    public void Costly_purchase_deny_covers_reservations_savings_plans_shield_domains_and_capacity_blocks()
    {
        var actions = Strings(Statement(CatalogFixture.Render("deny-costly-purchases"), "DenyCostlyPurchases"), "Action");
        var real = new[]
        {
            "ec2:PurchaseReservedInstancesOffering", "ec2:PurchaseCapacityBlock", "rds:PurchaseReservedDBInstancesOffering",
            "elasticache:PurchaseReservedCacheNodesOffering", "es:PurchaseReservedInstanceOffering", "redshift:PurchaseReservedNodeOffering",
            "memorydb:PurchaseReservedNodesOffering", "dynamodb:PurchaseReservedCapacityOfferings", "savingsplans:CreateSavingsPlan",
            "shield:CreateSubscription", "route53domains:RegisterDomain",
        };

        foreach (var action in real)
        {
            actions.Should().Contain(pattern => Glob(pattern, action), action);
        }
    }

    [Fact]
    public void Root_controls_apply_to_the_root_user_only()
    {
        var keys = Statement(CatalogFixture.Render("deny-root-access-keys"), "DenyRootAccessKeys");
        var actions = Statement(CatalogFixture.Render("deny-root-actions"), "DenyRootActions");

        Strings(keys, "Action").Should().Equal("iam:CreateAccessKey");
        Condition(keys, "ArnLike", "aws:PrincipalARN").Should().Equal("arn:*:iam::*:root");
        Strings(actions, "Action").Should().Equal("*");
        Condition(actions, "ArnLike", "aws:PrincipalARN").Should().Equal("arn:*:iam::*:root");
    }

    [Fact]
    public void Log_archive_protection_is_scoped_to_the_log_archive_buckets()
    {
        var statement = Statement(CatalogFixture.Render("protect-log-archive-buckets"), "ProtectLogArchiveBuckets");

        Strings(statement, "Action").Should().BeEquivalentTo("s3:PutEncryptionConfiguration", "s3:PutBucketLogging");
        Strings(statement, "Resource").Should().Equal("arn:*:s3:::aws-controltower-logs-*", "arn:*:s3:::aws-controltower-s3-access-logs-*");
    }

    [Fact]
    public void Service_deny_turns_service_prefixes_into_wildcards_keeps_actions_and_an_empty_list_denies_nothing()
    {
        Strings(Statement(CatalogFixture.Render("deny-services"), "DenyHardToGovernServices"), "Action").Should().Contain("lightsail:*");
        Strings(Statement(CatalogFixture.Render("deny-services", ("DeniedServices", ParameterValue.OfList(["sagemaker", "ec2:RunInstances"]))), "DenyHardToGovernServices"), "Action").Should().Equal("sagemaker:*", "ec2:RunInstances");

        Statements(CatalogFixture.Render("deny-services", ("DeniedServices", ParameterValue.OfList([])))).Should().BeEmpty();
    }

    [Fact]
    public void Leave_organization_is_denied()
    {
        Strings(Statement(CatalogFixture.Render("deny-leave-organization"), "DenyLeaveOrganization"), "Action").Should().Equal("organizations:LeaveOrganization");
    }

    [Fact]
    public void Secure_transport_rcp_denies_every_principal_without_TLS()
    {
        var statement = Statement(CatalogFixture.Render("rcp-require-secure-transport"), "EnforceSecureTransport");

        statement.GetProperty("Principal").GetString().Should().Be("*");
        Condition(statement, "BoolIfExists", "aws:SecureTransport").Should().Equal("false");
        Strings(statement, "Action").Should().Contain(["s3:*", "kms:*"]);
    }

    private static bool Glob(string pattern, string action) =>
        System.Text.RegularExpressions.Regex.IsMatch(action, "^" + System.Text.RegularExpressions.Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal) + "$");

}
