using GovCfct.Core.Policies;

namespace GovCfct.Core.Tests.Policies;

/// <summary>Hand-worked cases; each comment says the IAM rule the expectation follows from.</summary>
public sealed class PolicyEvaluatorTests
{
    private const string Role = "arn:aws:iam::111122223333:role/AppRole";
    private const string User = "arn:aws:iam::111122223333:user/alice";
    private const string Mfa = "aws:MultiFactorAuthPresent";

    private static readonly PolicyEvaluator Evaluator = new();

    private static PolicyDecision Decide(string statementJson, RequestContext request) =>
        Evaluator.Evaluate([("p", PolicyTestData.Statement(statementJson))], request).Decision;

    private static RequestContext Request(string principal = Role, string action = "s3:GetObject", string resource = "*", params (string, string)[] keys) =>
        RequestContext.Create(principal, action, resource, keys);

    // An MFA deny with BoolIfExists and no user scoping: a role session without the key is denied (IfExists → true).
    [Fact]
    public void BoolIfExists_denies_a_role_without_the_mfa_key()
    {
        const string statement = "{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"BoolIfExists\":{\"aws:MultiFactorAuthPresent\":false}}}";

        Decide(statement, Request()).Should().Be(PolicyDecision.ExplicitDeny);
        Decide(statement, Request(keys: (Mfa, "false"))).Should().Be(PolicyDecision.ExplicitDeny);
        Decide(statement, Request(keys: (Mfa, "true"))).Should().Be(PolicyDecision.Allow);
    }

    // Scoped to IAM users with ArnLike, the same deny leaves roles alone and still catches a user without MFA.
    [Fact]
    public void Mfa_deny_scoped_to_users_spares_roles()
    {
        const string statement = "{\"Effect\":\"Deny\",\"NotAction\":[\"iam:ListMFADevices\",\"sts:GetSessionToken\"],\"Resource\":\"*\",\"Condition\":{\"BoolIfExists\":{\"aws:MultiFactorAuthPresent\":false},\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:user/*\"}}}";

        Decide(statement, Request()).Should().Be(PolicyDecision.Allow);
        Decide(statement, Request(User)).Should().Be(PolicyDecision.ExplicitDeny);
        Decide(statement, Request(User, keys: (Mfa, "true"))).Should().Be(PolicyDecision.Allow);
        Decide(statement, Request(User, action: "sts:GetSessionToken")).Should().Be(PolicyDecision.Allow);
    }

    // Bool without IfExists on an absent key is false, so the deny does not apply.
    [Fact]
    public void Bool_without_IfExists_is_false_on_a_missing_key()
    {
        const string statement = "{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"false\"}}}";

        Decide(statement, Request()).Should().Be(PolicyDecision.Allow);
        Decide(statement, Request(keys: (Mfa, "FALSE"))).Should().Be(PolicyDecision.ExplicitDeny);
    }

    [Theory]
    [InlineData("arn:aws:iam::111122223333:role/aws-controltower-AdministratorExecutionRole", PolicyDecision.Allow)]
    [InlineData("arn:aws:iam::999999999999:role/AWSControlTowerExecution", PolicyDecision.Allow)]
    [InlineData("arn:aws:iam::111122223333:role/awscontroltowerexecution", PolicyDecision.ExplicitDeny)]
    [InlineData("arn:aws:iam::111122223333:role/path/AWSControlTowerExecution", PolicyDecision.ExplicitDeny)]
    [InlineData("arn:aws:iam::111122223333:role/AppRole", PolicyDecision.ExplicitDeny)]
    [InlineData("arn:aws:iam::1:2:role/AWSControlTowerExecution", PolicyDecision.ExplicitDeny)]
    public void ArnNotLike_with_wildcards_exempts_only_matching_principals(string principal, PolicyDecision expected)
    {
        // ArnLike compares part by part, case-sensitively; the account '*' must not swallow the colon in the last case.
        const string statement = "{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"ArnNotLike\":{\"aws:PrincipalArn\":[\"arn:*:iam::*:role/aws-controltower-*\",\"arn:*:iam::*:role/AWSControlTowerExecution\"]}}}";

        Decide(statement, Request(principal)).Should().Be(expected);
    }

    // Negated operators are true when the key is absent: a deny conditioned on ArnNotLike/StringNotEquals applies.
    [Fact]
    public void Negated_operators_match_a_missing_key_and_positive_ones_do_not()
    {
        Decide("{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"ArnNotLike\":{\"aws:SourceArn\":\"arn:aws:*\"}}}", Request())
            .Should().Be(PolicyDecision.ExplicitDeny);
        Decide("{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"StringNotEquals\":{\"aws:RequestedRegion\":\"ap-northeast-1\"}}}", Request())
            .Should().Be(PolicyDecision.ExplicitDeny);
        Decide("{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"aws:RequestedRegion\":\"us-east-1\"}}}", Request())
            .Should().Be(PolicyDecision.Allow);
        Decide("{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"StringLikeIfExists\":{\"aws:PrincipalTag/team\":\"ops*\"}}}", Request())
            .Should().Be(PolicyDecision.ExplicitDeny);
        Decide("{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"StringLikeIfExists\":{\"aws:PrincipalTag/team\":\"ops*\"}}}", Request(keys: ("aws:PrincipalTag/team", "dev")))
            .Should().Be(PolicyDecision.Allow);
    }

    [Fact]
    public void Region_deny_uses_NotAction_for_global_services_and_case_insensitive_actions()
    {
        const string statement = "{\"Effect\":\"Deny\",\"NotAction\":[\"iam:*\",\"sts:*\"],\"Resource\":\"*\",\"Condition\":{\"StringNotEquals\":{\"aws:RequestedRegion\":[\"ap-northeast-1\",\"ap-northeast-3\"]}}}";

        Decide(statement, Request(action: "ec2:RunInstances", keys: ("aws:RequestedRegion", "us-east-1"))).Should().Be(PolicyDecision.ExplicitDeny);
        Decide(statement, Request(action: "ec2:RunInstances", keys: ("aws:RequestedRegion", "ap-northeast-3"))).Should().Be(PolicyDecision.Allow);
        Decide(statement, Request(action: "IAM:createrole", keys: ("aws:RequestedRegion", "us-east-1"))).Should().Be(PolicyDecision.Allow);
        Decide(statement, Request(action: "CloudFormation:CreateStack", keys: ("aws:RequestedRegion", "us-east-1"))).Should().Be(PolicyDecision.ExplicitDeny);
    }

    [Fact]
    public void Action_wildcards_match_case_insensitively_and_resources_case_sensitively()
    {
        const string statement = "{\"Effect\":\"Deny\",\"Action\":\"cloudtrail:Stop*\",\"Resource\":\"arn:aws:cloudtrail:*:*:trail/gc-*\"}";

        Decide(statement, Request(action: "CLOUDTRAIL:stoplogging", resource: "arn:aws:cloudtrail:ap-northeast-1:111122223333:trail/gc-org")).Should().Be(PolicyDecision.ExplicitDeny);
        Decide(statement, Request(action: "cloudtrail:StopLogging", resource: "arn:aws:cloudtrail:ap-northeast-1:111122223333:trail/GC-org")).Should().Be(PolicyDecision.Allow);
        Decide(statement, Request(action: "cloudtrail:DeleteTrail", resource: "arn:aws:cloudtrail:ap-northeast-1:111122223333:trail/gc-org")).Should().Be(PolicyDecision.Allow);
    }

    [Fact]
    public void NotResource_applies_to_every_other_resource()
    {
        const string statement = "{\"Effect\":\"Deny\",\"Action\":\"s3:PutObject\",\"NotResource\":\"arn:aws:s3:::gc-logs/*\"}";

        Decide(statement, Request(action: "s3:PutObject", resource: "arn:aws:s3:::gc-logs/a.txt")).Should().Be(PolicyDecision.Allow);
        Decide(statement, Request(action: "s3:PutObject", resource: "arn:aws:s3:::other/a.txt")).Should().Be(PolicyDecision.ExplicitDeny);
    }

    [Fact]
    public void Set_operators_follow_their_rules_for_missing_and_multiple_values()
    {
        const string anyValue = "{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"ForAnyValue:StringLike\":{\"aws:TagKeys\":\"gc-*\"}}}";
        const string allValues = "{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"Owner\",\"Project\"]}}}";

        // ForAnyValue on a missing key is false; ForAllValues on a missing key is true.
        Decide(anyValue, Request()).Should().Be(PolicyDecision.Allow);
        Decide(anyValue, Request(keys: [("aws:TagKeys", "Owner"), ("aws:TagKeys", "gc-system")])).Should().Be(PolicyDecision.ExplicitDeny);
        Decide(allValues, Request()).Should().Be(PolicyDecision.ExplicitDeny);
        Decide(allValues, Request(keys: [("aws:TagKeys", "Owner"), ("aws:TagKeys", "Project")])).Should().Be(PolicyDecision.ExplicitDeny);
        Decide(allValues, Request(keys: [("aws:TagKeys", "Owner"), ("aws:TagKeys", "Cost")])).Should().Be(PolicyDecision.Allow);
    }

    [Fact]
    public void Null_tests_presence_and_numeric_and_ignore_case_operators_compare_values()
    {
        const string rootOnlyWithoutAssumedRoot = "{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:*:iam::*:root\"},\"Null\":{\"aws:AssumedRoot\":\"true\"}}}";
        const string root = "arn:aws:iam::111122223333:root";

        Decide(rootOnlyWithoutAssumedRoot, Request(root)).Should().Be(PolicyDecision.ExplicitDeny);
        Decide(rootOnlyWithoutAssumedRoot, Request(root, keys: ("aws:AssumedRoot", "true"))).Should().Be(PolicyDecision.Allow);
        Decide(rootOnlyWithoutAssumedRoot, Request()).Should().Be(PolicyDecision.Allow);

        const string oldMfa = "{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"NumericGreaterThan\":{\"aws:MultiFactorAuthAge\":3600}}}";
        Decide(oldMfa, Request(keys: ("aws:MultiFactorAuthAge", "7200"))).Should().Be(PolicyDecision.ExplicitDeny);
        Decide(oldMfa, Request(keys: ("aws:MultiFactorAuthAge", "60"))).Should().Be(PolicyDecision.Allow);
        Decide(oldMfa, Request()).Should().Be(PolicyDecision.Allow);

        const string ignoreCase = "{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"StringEqualsIgnoreCase\":{\"aws:PrincipalTag/role\":\"ADMIN\"}}}";
        Decide(ignoreCase, Request(keys: ("aws:principaltag/role", "admin"))).Should().Be(PolicyDecision.ExplicitDeny);
    }

    [Fact]
    public void Without_FullAWSAccess_an_allow_is_needed()
    {
        var deny = PolicyTestData.Statement("{\"Effect\":\"Deny\",\"Action\":\"ec2:*\",\"Resource\":\"*\"}");
        var allowS3 = PolicyTestData.Statement("{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}");
        var strict = new PolicyEvaluator(new EvaluationOptions(AssumeFullAwsAccess: false));

        strict.Evaluate([("deny", deny)], Request()).Decision.Should().Be(PolicyDecision.ImplicitDeny);
        strict.Evaluate([("deny", deny), ("allow", allowS3)], Request()).Decision.Should().Be(PolicyDecision.Allow);
        strict.Evaluate([("deny", deny), ("allow", allowS3)], Request(action: "ec2:RunInstances")).Decision.Should().Be(PolicyDecision.ExplicitDeny);
        Evaluator.Evaluate([("deny", deny)], Request()).Decision.Should().Be(PolicyDecision.Allow);
    }

    [Fact]
    public void Reports_every_matching_deny_and_unsupported_operators()
    {
        var first = PolicyTestData.Statement("{\"Sid\":\"A\",\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\"}");
        var second = PolicyTestData.Doc("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"},{\"Effect\":\"Deny\",\"Action\":\"s3:Get*\",\"Resource\":\"*\",\"Condition\":{\"StringMatchesRegex\":{\"k\":\"x\"}}}]}");

        var result = Evaluator.Evaluate([("one", first), ("two", second)], Request());

        result.Decision.Should().Be(PolicyDecision.ExplicitDeny);
        result.Denies.Select(d => $"{d.PolicyName} {d.StatementName}").Should().Equal("one 'A'", "two #2");
        result.UnsupportedOperators.Should().Equal("StringMatchesRegex");
    }
}
