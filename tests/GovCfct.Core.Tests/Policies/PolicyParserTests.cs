using GovCfct.Core.Diagnostics;
using GovCfct.Core.Policies;

namespace GovCfct.Core.Tests.Policies;

public sealed class PolicyParserTests
{
    [Fact]
    public void Reads_statements_with_conditions_and_positions()
    {
        const string json = """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Sid": "DenyRegions",
                  "Effect": "Deny",
                  "NotAction": ["iam:*", "sts:*"],
                  "Resource": "*",
                  "Condition": {
                    "StringNotEquals": { "aws:RequestedRegion": ["ap-northeast-1", "ap-northeast-3"] },
                    "BoolIfExists": { "aws:MultiFactorAuthPresent": false }
                  }
                },
                  {"Effect": "Allow", "Action": "*", "Resource": "*"}
              ]
            }
            """;
        var bag = new DiagnosticBag();

        var document = PolicyParser.Parse(json, "policies/a.json", bag);

        bag.Items.Should().BeEmpty();
        document.Should().NotBeNull();
        document!.Version.Should().Be("2012-10-17");
        document.Statements.Should().HaveCount(2);
        var deny = document.Statements[0];
        deny.Sid.Should().Be("DenyRegions");
        deny.Effect.Should().Be(PolicyEffect.Deny);
        deny.IsNotAction.Should().BeTrue();
        deny.Actions.Should().Equal("iam:*", "sts:*");
        deny.Resources.Should().Equal("*");
        deny.Conditions.Should().HaveCount(2);
        deny.Conditions[0].Should().Be(deny.Conditions[0] with { Operator = "StringNotEquals", Key = "aws:RequestedRegion" });
        deny.Conditions[0].Values.Should().Equal("ap-northeast-1", "ap-northeast-3");
        deny.Conditions[1].Literal.Should().BeTrue();
        deny.Conditions[1].Values.Should().Equal("false");
        deny.Location.Should().Be(new SourceLocation("policies/a.json", 4, 5));
        document.Statements[1].Location.Should().Be(new SourceLocation("policies/a.json", 14, 7));
        document.Statements[1].Effect.Should().Be(PolicyEffect.Allow);
    }

    [Fact]
    public void Accepts_a_single_statement_object()
    {
        var document = PolicyTestData.Doc("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}");

        document.Statements.Should().ContainSingle().Which.Actions.Should().Equal("s3:*");
    }

    [Fact]
    public void Reports_invalid_json_with_line_and_column()
    {
        var bag = new DiagnosticBag();

        var document = PolicyParser.Parse("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [,]\n}", "p.json", bag);

        document.Should().BeNull();
        var error = bag.Items.Should().ContainSingle().Subject;
        error.Code.Should().Be(DiagnosticCodes.PolicyJsonInvalid.Id);
        error.Location.Should().Be(new SourceLocation("p.json", 3, 17));
    }

    [Theory]
    [InlineData("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"NotAction\":\"s3:Get*\",\"Resource\":\"*\"}]}", "GCF1705")]
    [InlineData("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Resource\":\"*\"}]}", "GCF1705")]
    [InlineData("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"deny\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}", "GCF1704")]
    [InlineData("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"NotResource\":\"*\"}]}", "GCF1706")]
    [InlineData("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"action\":\"s3:*\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}", "GCF1701")]
    [InlineData("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":\"x\"}}]}", "GCF1709")]
    [InlineData("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"k\":null}}}]}", "GCF1709")]
    [InlineData("{\"Version\":\"2008-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}", "GCF1703")]
    [InlineData("{\"Version\":\"2012-10-17\",\"Statement\":[]}", "GCF1701")]
    [InlineData("[1]", "GCF1701")]
    [InlineData("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":[],\"Resource\":\"*\"}]}", "GCF1701")]
    public void Rejects_malformed_policies_with_their_code(string json, string code)
    {
        var bag = new DiagnosticBag();

        PolicyParser.Parse(json, "p.json", bag);

        bag.Items.Where(d => d.IsError).Select(d => d.Code).Should().Contain(code);
        bag.Items.Should().OnlyContain(d => d.Location != null && d.Location.File == "p.json");
    }

    [Fact]
    public void A_statement_without_resource_is_its_own_warning_code_and_the_document_is_still_read()
    {
        var bag = new DiagnosticBag();

        var document = PolicyParser.Parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"s3:*\"}]}", "p.json", bag);

        document.Should().NotBeNull();
        var warning = bag.Items.Should().ContainSingle().Subject;
        warning.Code.Should().Be(DiagnosticCodes.PolicyResourceMissing.Id);
        warning.Severity.Should().Be(Severity.Warning);
    }

    [Fact]
    public void Missing_version_is_a_warning_and_the_document_is_still_read()
    {
        var bag = new DiagnosticBag();

        var document = PolicyParser.Parse("{\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}", "p.json", bag);

        document.Should().NotBeNull();
        bag.Items.Should().ContainSingle().Which.Should().Match<Diagnostic>(d => d.Code == DiagnosticCodes.PolicyVersionMissing.Id && d.Severity == Severity.Warning);
    }

    [Fact]
    public void Principal_is_an_error_in_an_scp_and_required_in_an_rcp()
    {
        var withPrincipal = PolicyTestData.Statement("{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"*\"}");
        var withoutPrincipal = PolicyTestData.Statement("{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\"}");
        var bag = new DiagnosticBag();

        PolicyParser.CheckKind(withPrincipal, PolicyKind.Scp, bag);
        PolicyParser.CheckKind(withPrincipal, PolicyKind.Rcp, bag);
        PolicyParser.CheckKind(withoutPrincipal, PolicyKind.Scp, bag);
        PolicyParser.CheckKind(withoutPrincipal, PolicyKind.Rcp, bag);

        bag.Items.Select(d => d.Code).Should().Equal(DiagnosticCodes.ScpPrincipalNotAllowed.Id, DiagnosticCodes.RcpPrincipalMissing.Id);
        withPrincipal.Statements[0].PrincipalJson.Should().Be("\"*\"");
    }
}
