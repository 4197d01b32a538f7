using System.Collections.Immutable;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Policies;
using GovCfct.Core.Replay;
using GovCfct.Testing;

namespace GovCfct.Core.Tests.Replay;

/// <summary>
/// Replay's evaluator against an independent one (same-account requests: a cross-account call needs a resource policy, outside SCPs and RCPs), npm's @cloud-copilot/iam-simulate: SCPs at two levels and an RCP,
/// with conditions (string, ARN, Bool, IP, Null, ForAnyValue, IfExists), wildcards, NotAction, NotResource, and — with
/// FullAWSAccess detached — conditional allows. No KMS call: a key policy must allow it, which is outside SCPs and RCPs. Every request gives every key the policies test, so each verdict is
/// definite and must equal the simulator's.
/// </summary>
public sealed class ReplayEvaluatorOracleTests
{
    private const string Account = "222222222222";

    private static readonly string[] RootScps =
    [
        """{"Version":"2012-10-17","Statement":[{"Sid":"Regions","Effect":"Deny","NotAction":["iam:*","sts:*","s3:Get*"],"Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["ap-northeast-1","ap-northeast-3"]}}}]}""",
    ];

    private static readonly string[] OuScps =
    [
        """{"Version":"2012-10-17","Statement":[{"Sid":"Scratch","Effect":"Deny","Action":"s3:Delete*","NotResource":["arn:aws:s3:::scratch-*","arn:aws:s3:::scratch-*/*"],"Condition":{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/Admin*"}}}]}""",
        """{"Version":"2012-10-17","Statement":[{"Sid":"Owner","Effect":"Deny","Action":"ec2:RunInstances","Resource":"arn:aws:ec2:*:*:instance/*","Condition":{"Null":{"aws:RequestTag/owner":"true"}}},{"Sid":"Mfa","Effect":"Deny","Action":["secretsmanager:GetSecretValue","secretsmanager:Delete*"],"Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}]}""",
        """{"Version":"2012-10-17","Statement":[{"Sid":"Ip","Effect":"Deny","Action":"s3:PutObject","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":["203.0.113.0/24"]},"StringNotEqualsIfExists":{"aws:SourceVpce":"vpce-0abc"}}},{"Sid":"Tags","Effect":"Deny","Action":"iam:CreateRole","Resource":"*","Condition":{"ForAnyValue:StringEquals":{"aws:TagKeys":["admin"]}}}]}""",
    ];

    private static readonly string[] ConditionalAllows =
    [
        """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":"ap-northeast-1"}}},{"Effect":"Allow","Action":["iam:Get*","iam:List*","iam:CreateRole"],"Resource":"*"},{"Effect":"Allow","NotAction":["s3:*","iam:*","ec2:*"],"Resource":"*"},{"Effect":"Allow","Action":"ec2:RunInstances","NotResource":"arn:aws:ec2:*:*:instance/i-forbidden*"}]}""",
    ];

    private static readonly string[] Rcps =
    [
        """{"Version":"2012-10-17","Statement":[{"Sid":"Perimeter","Effect":"Deny","Principal":"*","Action":["s3:GetObject","secretsmanager:*"],"Resource":"*","Condition":{"ArnNotLikeIfExists":{"aws:PrincipalArn":["arn:aws:iam::*:role/Admin*","arn:aws:iam::*:role/Developer"]},"BoolIfExists":{"aws:PrincipalIsAWSService":"false"}}}]}""",
    ];

    private static readonly (string Action, string Resource)[] Calls =
    [
        ("s3:GetObject", "arn:aws:s3:::data/report.csv"),
        ("s3:PutObject", "arn:aws:s3:::data/report.csv"),
        ("s3:DeleteObject", "arn:aws:s3:::data/report.csv"),
        ("s3:DeleteObject", "arn:aws:s3:::scratch-1/tmp.txt"),
        ("s3:DeleteBucket", "arn:aws:s3:::scratch-1"),
        ("ec2:RunInstances", "arn:aws:ec2:ap-northeast-1:222222222222:instance/i-0123456789abcdef0"),
        ("ec2:RunInstances", "arn:aws:ec2:ap-northeast-1:222222222222:instance/i-forbidden01"),
        ("secretsmanager:GetSecretValue", "arn:aws:secretsmanager:ap-northeast-1:222222222222:secret:db-AbCdEf"),
        ("secretsmanager:DeleteSecret", "arn:aws:secretsmanager:ap-northeast-1:222222222222:secret:db-AbCdEf"),
        ("iam:CreateRole", "arn:aws:iam::222222222222:role/app"),
        ("iam:GetRole", "arn:aws:iam::222222222222:role/app"),
        ("sns:Publish", "arn:aws:sns:ap-northeast-1:222222222222:topic"),
    ];

    private static IEnumerable<(IamSimulateLevelsOracle.Request Oracle, RequestContext Ours)> Requests()
    {
        var n = 0;
        foreach (var principal in new[] { $"arn:aws:iam::{Account}:role/AdminOps", $"arn:aws:iam::{Account}:role/Developer", $"arn:aws:iam::{Account}:role/Partner" })
        {
            foreach (var (action, resource) in Calls)
            {
                foreach (var region in new[] { "ap-northeast-1", "us-west-2" })
                {
                    foreach (var variant in Enumerable.Range(0, 4))
                    {
                        var context = new Dictionary<string, string[]>(StringComparer.Ordinal)
                        {
                            ["aws:PrincipalArn"] = [principal],
                            ["aws:RequestedRegion"] = [region],
                            ["aws:PrincipalAccount"] = [principal.Split(':')[4]],
                            ["aws:PrincipalIsAWSService"] = ["false"],
                            ["aws:MultiFactorAuthPresent"] = [variant % 2 == 0 ? "true" : "false"],
                            ["aws:SourceIp"] = [variant < 2 ? "203.0.113.50" : "198.51.100.9"],
                        };
                        if (variant == 3)
                        {
                            context["aws:SourceVpce"] = ["vpce-0abc"];
                            context["aws:RequestTag/owner"] = ["team-a"];
                            context["aws:TagKeys"] = ["owner", "admin"];
                        }
                        else if (variant == 1)
                        {
                            context["aws:TagKeys"] = ["owner"];
                            context["aws:RequestTag/owner"] = ["team-b"];
                        }

                        var name = $"r{n++}";
                        var keys = context.ToImmutableDictionary(kv => kv.Key, kv => kv.Value.ToImmutableArray(), StringComparer.OrdinalIgnoreCase);
                        yield return (new IamSimulateLevelsOracle.Request(name, principal, action, resource, Account, context), new RequestContext(principal, action, resource, keys));
                    }
                }
            }
        }
    }

    private static List<PolicyLevel> Levels(IEnumerable<string>[] levels) =>
        [.. levels.Select((l, i) => new PolicyLevel($"level-{i}", [.. l.Select((json, j) => ($"p{i}-{j}", PolicyParser.Parse(json, $"p{i}-{j}.json", new DiagnosticBag())!))]))];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Replay_decides_every_request_as_iam_simulate_does(bool fullAccess)
    {
        IEnumerable<string>[] scpLevels = fullAccess ? [RootScps, OuScps] : [["""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""", .. RootScps], [.. ConditionalAllows, .. OuScps]];
        IEnumerable<string>[] rcpLevels = [Rcps];
        var requests = Requests().ToList();

        var simulated = IamSimulateLevelsOracle.Decide(fullAccess, scpLevels, rcpLevels, requests.Select(r => r.Oracle)).ToDictionary(r => r.Name);

        var evaluator = new ReplayEvaluator(fullAccess);
        var rcpEvaluator = new ReplayEvaluator();
        var scps = Levels(scpLevels);
        var rcps = Levels(rcpLevels);
        requests.Should().HaveCountGreaterThan(250);
        var mismatches = new List<string>();
        var decisions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (oracle, ours) in requests)
        {
            var scp = evaluator.Evaluate(scps, ours, resourceKnown: true);
            var rcp = rcpEvaluator.Evaluate(rcps, ours, resourceKnown: true);
            scp.Decision.Should().NotBe(ReplayDecision.MaybeDeny, "every key is given");
            var denied = scp.Decision == ReplayDecision.Deny || rcp.Decision == ReplayDecision.Deny;
            var theirs = simulated[oracle.Name];
            theirs.Errors.Should().BeNull();
            var expected = theirs.Decision == "Allowed" ? "Allowed" : "Denied";
            var actual = denied ? "Denied" : "Allowed";
            decisions[expected] = decisions.GetValueOrDefault(expected) + 1;
            if (expected != actual)
            {
                mismatches.Add($"{oracle.Principal} {oracle.Action} {oracle.Resource} {string.Join(",", oracle.Context.Select(kv => $"{kv.Key}={string.Join("|", kv.Value)}"))}: iam-simulate {theirs.Decision}, replay {scp.Decision}/{rcp.Decision} ({scp.By ?? rcp.By})");
            }
        }

        mismatches.Should().BeEmpty();
        decisions.Should().ContainKeys("Allowed", "Denied");
        decisions.Values.Should().OnlyContain(v => v > 30, "both outcomes are well represented");
    }

    [Fact]
    public void A_key_the_record_cannot_give_makes_a_deny_a_maybe_and_names_the_key()
    {
        var deny = PolicyParser.Parse("""{"Version":"2012-10-17","Statement":[{"Sid":"Tagged","Effect":"Deny","Action":"ec2:TerminateInstances","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/protected":"true"},"StringNotEquals":{"aws:RequestedRegion":"us-east-1"}}}]}""", "p.json", new DiagnosticBag())!;
        var levels = new[] { new PolicyLevel("Root", [("p", deny)]) };
        var evaluator = new ReplayEvaluator();

        evaluator.Evaluate(levels, RequestContext.Create("arn:aws:iam::1:role/R", "ec2:TerminateInstances", "*", ("aws:RequestedRegion", "ap-northeast-1")), resourceKnown: false)
            .Should().Be(new ReplayOutcome(ReplayDecision.MaybeDeny, "p/Tagged", "aws:ResourceTag/protected"));

        // A known key that rules the statement out wins over the unknown one.
        evaluator.Evaluate(levels, RequestContext.Create("arn:aws:iam::1:role/R", "ec2:TerminateInstances", "*", ("aws:RequestedRegion", "us-east-1")), resourceKnown: false)
            .Decision.Should().Be(ReplayDecision.Allow);
    }

    [Fact]
    public void An_unknown_resource_is_a_maybe_only_for_statements_that_name_resources()
    {
        var deny = PolicyParser.Parse("""{"Version":"2012-10-17","Statement":[{"Sid":"Named","Effect":"Deny","Action":"iam:DeleteRole","Resource":"arn:aws:iam::*:role/gc-*"},{"Sid":"All","Effect":"Deny","Action":"iam:DeleteUser","Resource":"*"}]}""", "p.json", new DiagnosticBag())!;
        var levels = new[] { new PolicyLevel("Root", [("p", deny)]) };
        var evaluator = new ReplayEvaluator();

        evaluator.Evaluate(levels, RequestContext.Create("arn:aws:iam::1:role/R", "iam:DeleteRole", "*"), resourceKnown: false)
            .Should().Be(new ReplayOutcome(ReplayDecision.MaybeDeny, "p/Named", "resource ARN"));
        evaluator.Evaluate(levels, RequestContext.Create("arn:aws:iam::1:role/R", "iam:DeleteUser", "*"), resourceKnown: false)
            .Decision.Should().Be(ReplayDecision.Deny);
    }
}
