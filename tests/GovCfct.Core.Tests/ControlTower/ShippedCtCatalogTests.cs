using GovCfct.Core.Catalog;
using GovCfct.Core.Tests.TestSupport;

namespace GovCfct.Core.Tests.ControlTower;

/// <summary>
/// The shipped Control Tower entries against the identifier table of docs/facts/landing-zone.md §1.3 (global ids from the
/// Control Catalog export and the aws-samples Terraform controls): the talk's 15 items and the OU region deny.
/// </summary>
public sealed class ShippedCtCatalogTests
{
    public static TheoryData<string, string, string, string> Table() => new()
    {
        { "ct-restrict-root-access-keys", "AWS-GR_RESTRICT_ROOT_USER_ACCESS_KEYS", "8ui9y3oace2513xarz8aqojl7", "preventive" },
        { "ct-restrict-root-user", "AWS-GR_RESTRICT_ROOT_USER", "5kvme4m5d2b4d7if2fs5yg2ui", "preventive" },
        { "ct-encrypted-volumes", "AWS-GR_ENCRYPTED_VOLUMES", "503uicglhjkokaajywfpt6ros", "detective" },
        { "ct-restricted-common-ports", "AWS-GR_RESTRICTED_COMMON_PORTS", "df2ta5ytg2zatj1q7y5e09u32", "detective" },
        { "ct-restricted-ssh", "AWS-GR_RESTRICTED_SSH", "6rilu41n0gb9w6mxrkyewoer4", "detective" },
        { "ct-root-account-mfa", "AWS-GR_ROOT_ACCOUNT_MFA_ENABLED", "24izmu4k16gv9tvd7sexnyrfy", "detective" },
        { "ct-s3-public-read-prohibited", "AWS-GR_S3_BUCKET_PUBLIC_READ_PROHIBITED", "8sw3pbid15t9cbww8d2w2qwgf", "detective" },
        { "ct-s3-public-write-prohibited", "AWS-GR_S3_BUCKET_PUBLIC_WRITE_PROHIBITED", "9j9nwxj789d82sypnukhyyowy", "detective" },
        { "ct-ec2-volume-inuse-check", "AWS-GR_EC2_VOLUME_INUSE_CHECK", "8c3i4catfgmyy1e19476v06rr", "detective" },
        { "ct-ebs-optimized-instance", "AWS-GR_EBS_OPTIMIZED_INSTANCE", "2j9gjxqfo040xtx8kd1jf4ni6", "detective" },
        { "ct-rds-instance-public-access", "AWS-GR_RDS_INSTANCE_PUBLIC_ACCESS_CHECK", "4jc77cq1lcr7g64xywwypykv8", "detective" },
        { "ct-rds-snapshots-public", "AWS-GR_RDS_SNAPSHOTS_PUBLIC_PROHIBITED", "1h4eyqyyonp19dlrreqf1i3w0", "detective" },
        { "ct-rds-storage-encrypted", "AWS-GR_RDS_STORAGE_ENCRYPTED", "e34kieahgkm0lggs5g0s412jt", "detective" },
        { "ct-audit-bucket-encryption", "AWS-GR_AUDIT_BUCKET_ENCRYPTION_ENABLED", "k4izcjxhukijhajp6ks5mjxk", "preventive" },
        { "ct-audit-bucket-logging", "AWS-GR_AUDIT_BUCKET_LOGGING_ENABLED", "kr15xvw9oltta064g3o80ppk", "preventive" },
        { "ct-region-deny", "CT.MULTISERVICE.PV.1", "ka8e3pkqefnjsxuyc26ji580", "preventive" },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Each_talk_item_is_the_Control_Tower_control_of_the_facts_table(string id, string legacyName, string globalId, string behavior)
    {
        var control = CatalogFixture.Control(id);

        control.Kind.Should().Be(ControlKind.CtControl);
        control.ControlTower!.LegacyName.Should().Be(legacyName);
        control.ControlTower.IdentifierArn.Should().Be($"arn:aws:controlcatalog:::control/{globalId}");
        control.ControlTower.Behavior.ToString().ToLowerInvariant().Should().Be(behavior);
    }

    [Fact]
    public void The_region_deny_takes_allowed_regions_and_exempts_the_platform_principals()
    {
        var control = CatalogFixture.Control("ct-region-deny");

        control.Parameters.Select(p => p.Name).Should().Equal("AllowedRegions", "ExemptedPrincipalArns", "ExemptedActions");
        control.Parameters[0].Required.Should().BeTrue("AllowedRegions is mandatory for CT.MULTISERVICE.PV.1 (docs/facts/landing-zone.md §1.6)");
        control.ControlTower!.PlatformExemptionsParameter.Should().Be("ExemptedPrincipalArns");
    }

    [Fact]
    public void The_optional_SCP_region_deny_has_exactly_Control_Towers_NotAction_list()
    {
        using var document = System.Text.Json.JsonDocument.Parse(CatalogFixture.Render("deny-regions"));
        var statement = document.RootElement.GetProperty("Statement").EnumerateArray().Single(s => s.GetProperty("Sid").GetString() == "DenyUnapprovedRegions");
        var notAction = statement.GetProperty("NotAction").EnumerateArray().Select(a => a.GetString()!).ToList();

        // Facts §1.6: 86 entries, identical in the landing-zone GRREGIONDENY and the applied CTMULTISERVICEPV1.
        notAction.Should().HaveCount(86).And.OnlyHaveUniqueItems();
        notAction.Should().Contain(["a4b:*", "billingconductor:*", "cloudtrail:LookupEvents", "datapipeline:GetAccountLimits", "lightsail:Get*", "s3:PutMultiRegionAccessPointPolicy", "vendor-insights:ListEntitledSecurityProfiles", "waf-regional:*", "wafv2:*"]);
        notAction.Should().NotContain(["wellarchitected:*", "s3:GetAccountPublic*"]);
        notAction[0].Should().Be("a4b:*");
        notAction[^1].Should().Be("wafv2:*");
    }
}
