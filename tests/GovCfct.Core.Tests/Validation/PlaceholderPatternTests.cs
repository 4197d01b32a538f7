using GovCfct.Core.Validation.Rules;

namespace GovCfct.Core.Tests.Validation;

/// <summary>The one placeholder rule: what samples and readmes leave behind, and real values it must leave alone.</summary>
public sealed class PlaceholderPatternTests
{
    [Theory]
    [InlineData("arn:aws:iam::111111111111:role/DATASYNC_ROLE_NAME", "DATASYNC_ROLE_NAME")]
    [InlineData("arn:aws:s3:::BUCKET_NAME/*", "BUCKET_NAME")]
    [InlineData("XX", "XX")]
    [InlineData("xxx", "xxx")]
    [InlineData("TODO", "TODO")]
    [InlineData("set this TODO later", "TODO")]
    [InlineData("REPLACE_WITH_YOUR_ORG_ID", "REPLACE_WITH_YOUR_ORG_ID")]
    [InlineData("REPLACEME", "REPLACEME")]
    [InlineData("replace-me", "replace-me")]
    [InlineData("<AccountID>", "<AccountID>")]
    [InlineData("arn:aws:iam::444455556666:root", "444455556666")]
    [InlineData("123456789012", "123456789012")]
    public void Finds_the_placeholder(string value, string placeholder) =>
        Placeholders.Find(value).Should().Be(placeholder);

    [Theory]
    [InlineData("arn:aws:iam::*:role/AWSControlTowerExecution")]
    [InlineData("arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_AWSAdministratorAccess_*")]
    [InlineData("arn:aws:iam::737373737373:role/OrganizationAccountAccessRole")]
    [InlineData("arn:aws:sns:ap-northeast-1:737373737373:gc-ALERTS")]
    [InlineData("TODOS")]
    [InlineData("XXL")]
    [InlineData("o-abcdefghij")]
    [InlineData("1234567890123")]
    [InlineData("a <= b")]
    [InlineData("ReplaceOnUpdate")]
    public void Leaves_real_values_alone(string value) =>
        Placeholders.Find(value).Should().BeNull();
}
