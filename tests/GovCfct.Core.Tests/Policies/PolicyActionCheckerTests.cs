using GovCfct.Core.Diagnostics;
using GovCfct.Core.Policies;

namespace GovCfct.Core.Tests.Policies;

public sealed class PolicyActionCheckerTests
{
    [Fact]
    public void Embedded_catalog_knows_services_actions_and_wildcards_case_insensitively()
    {
        var catalog = IamActionCatalog.Default;

        catalog.ServiceCount.Should().BeGreaterThan(400);
        catalog.IsServiceKnown("cloudformation").Should().BeTrue();
        catalog.IsServiceKnown("cloudformations").Should().BeFalse();
        catalog.Exists("account:EnableRegion").Should().BeTrue();
        catalog.Exists("IAM:createaccesskey").Should().BeTrue();
        catalog.Exists("iam:CreateAccessKeys").Should().BeFalse();
        catalog.Exists("iam").Should().BeFalse();
        catalog.WildcardMatchesAny("ec2:Purchase*").Should().BeTrue();
        catalog.WildcardMatchesAny("ec2:Purchaze*").Should().BeFalse();
        catalog.WildcardMatchesAny("route53*:Register?omain").Should().BeTrue();
        catalog.WildcardMatchesAny("*").Should().BeTrue();
        IamActionCatalog.Default.Should().BeSameAs(catalog);
    }

    [Fact]
    public void Reports_unknown_services_actions_empty_wildcards_and_malformed_actions()
    {
        var document = PolicyTestData.Statement("{\"Sid\":\"Mixed\",\"Effect\":\"Deny\",\"Action\":[\"s3:GetObject\",\"S3:putobject\",\"*\",\"ec2:Purchase*\",\"s4:GetObject\",\"s3:GetObjekt\",\"s3:Gett*\",\"s3\",\"s3:Get Object\"],\"Resource\":\"*\"}");
        var bag = new DiagnosticBag();

        new PolicyActionChecker().Check(document, bag);

        bag.Items.Select(d => (d.Code, d.Message)).Should().Equal(
            (DiagnosticCodes.ActionServiceUnknown.Id, "'s4:GetObject' in the Action of statement 'Mixed' names the unknown service prefix 's4'"),
            (DiagnosticCodes.ActionUnknown.Id, "'s3:GetObjekt' in the Action of statement 'Mixed' is not an action of 's3'"),
            (DiagnosticCodes.ActionWildcardMatchesNothing.Id, "the wildcard 's3:Gett*' in the Action of statement 'Mixed' matches no action"),
            (DiagnosticCodes.ActionMalformed.Id, "'s3' in the Action of statement 'Mixed' is not of the form service:Action"),
            (DiagnosticCodes.ActionMalformed.Id, "'s3:Get Object' in the Action of statement 'Mixed' is not of the form service:Action"));
        bag.Items.Should().OnlyContain(d => d.IsError && d.Location == document.Statements[0].Location);
    }

    [Fact]
    public void Checks_NotAction_lists_too_with_a_custom_catalog()
    {
        var catalog = IamActionCatalog.From(new Dictionary<string, IEnumerable<string>> { ["iam"] = ["getuser"] });
        var bag = new DiagnosticBag();

        new PolicyActionChecker(catalog).Check(PolicyTestData.Statement("{\"Effect\":\"Deny\",\"NotAction\":[\"iam:GetUser\",\"iam:ListUsers\"],\"Resource\":\"*\"}"), bag);

        bag.Items.Should().ContainSingle().Which.Message.Should().Be("'iam:ListUsers' in the NotAction of statement #1 is not an action of 'iam'");
    }
}
