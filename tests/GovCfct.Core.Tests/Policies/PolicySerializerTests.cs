using GovCfct.Core.Diagnostics;
using GovCfct.Core.Policies;

namespace GovCfct.Core.Tests.Policies;

public sealed class PolicySerializerTests
{
    [Fact]
    public void Minify_writes_keys_in_canonical_order_on_one_line()
    {
        const string json = """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Condition": { "BoolIfExists": { "aws:MultiFactorAuthPresent": false }, "ArnLike": { "aws:PrincipalArn": ["arn:aws:iam::*:user/*"] } },
                  "Resource": ["*"],
                  "NotAction": ["iam:ListMFADevices", "sts:GetSessionToken"],
                  "Effect": "Deny",
                  "Sid": "RequireMfa"
                }
              ]
            }
            """;

        var minified = PolicySerializer.Minify(PolicyTestData.Doc(json));

        minified.Should().Be(
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"RequireMfa\",\"Effect\":\"Deny\",\"NotAction\":[\"iam:ListMFADevices\",\"sts:GetSessionToken\"],"
            + "\"Resource\":\"*\",\"Condition\":{\"BoolIfExists\":{\"aws:MultiFactorAuthPresent\":false},\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:user/*\"}}}]}");
    }

    [Fact]
    public void Minify_round_trips_and_keeps_principals_and_characters_unescaped()
    {
        const string json = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":{ \"AWS\" : \"*\" },\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::a+b<c>/*\",\"Condition\":{\"NumericLessThan\":{\"s3:TlsVersion\":1.2}}}]}";

        var once = PolicySerializer.Minify(PolicyTestData.Doc(json));
        var twice = PolicySerializer.Minify(PolicyTestData.Doc(once));

        once.Should().Be("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::a+b<c>/*\",\"Condition\":{\"NumericLessThan\":{\"s3:TlsVersion\":1.2}}}]}");
        twice.Should().Be(once);
    }

    [Theory]
    [InlineData("{}", 2)]
    [InlineData("{\n}", 4)]
    [InlineData("{\r\n}", 5)]
    [InlineData("{  }", 2)]
    [InlineData("{   }", 3)]
    [InlineData("{\n    \"a\": 1\n}", 12)]
    public void Size_is_counted_as_cfct_submits_the_text(string text, int expected)
    {
        PolicySize.AsSubmittedByCfct(text).Should().Be(expected);
    }

    [Fact]
    public void Size_check_reports_characters_over_and_suggests_minifying_when_that_is_enough()
    {
        var document = PolicyTestData.Statement("{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\"}");
        var pretty = "{\n" + string.Join("\n", Enumerable.Repeat("  ", 40)) + "\n\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Deny\", \"Action\": \"s3:*\", \"Resource\": \"*\"}]}";
        var bag = new DiagnosticBag();

        PolicySize.Check(pretty, document, 100, "policies/p.json", bag);

        var error = bag.Items.Should().ContainSingle().Subject;
        error.Code.Should().Be(DiagnosticCodes.PolicyTooLarge.Id);
        var size = PolicySize.AsSubmittedByCfct(pretty);
        error.Message.Should().Contain($"{size} characters").And.Contain($"{size - 100} over the limit of 100");
        error.Hint.Should().StartWith("minify it");
    }

    [Fact]
    public void Size_check_warns_about_double_spaces_that_cfct_would_delete()
    {
        var document = PolicyTestData.Statement("{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"aws:PrincipalTag/team\":\"a  b\"}}}");
        var bag = new DiagnosticBag();

        PolicySize.Check(PolicySerializer.Minify(document), document, 5120, "p.json", bag);

        bag.Items.Should().ContainSingle().Which.Code.Should().Be(DiagnosticCodes.PolicyDoubleSpace.Id);
    }
}
