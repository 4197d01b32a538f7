using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GovCfct.Cdk.Tests.Support;

namespace GovCfct.Cdk.Tests.Alerts;

/// <summary>One realistic CloudTrail event for one central alert, and whether it must be forwarded and alerted on.</summary>
public sealed record CentralCase(string Alert, string Name, string Source, string DetailType, string Detail, bool Fires)
{
    public override string ToString() => $"{Alert}: {Name} → {(Fires ? "forwarded and alerted" : "silent")}";
}

/// <summary>
/// Central alerting end to end as far as an emulator reaches: each member account's forwarding rule (alert-forwarding)
/// and the audit account's alert rule (central-alerting) are matched by moto's EventBridge against realistic
/// CloudTrail events, and both must agree (an event forwarded but not alerted on, or alerted on but never forwarded,
/// is a silent gap). The cross-account resource policies are checked as written: moto does not evaluate an event
/// bus policy or aws:PrincipalOrgID on PutEvents (docs/landing-zone.md, "What the tests prove").
/// </summary>
[Collection(SynthesizedCollection.Name)]
public sealed class CentralAlertingTests(SynthesizedCatalog catalog, MotoEvents moto)
{
    private const string Member = "456789012345";
    private const string PlatformSession = $"arn:aws:sts::{Member}:assumed-role/AWSReservedSSO_GovCloudPlatformOperator_0a1b2c3d4e5f6789/taro.yamada@example.go.jp";
    private const string AdminSession = $"arn:aws:sts::{Member}:assumed-role/AWSReservedSSO_AWSAdministratorAccess_9f8e7d6c5b4a3210/hanako@example.lg.jp";
    private const string Api = "AWS API Call via CloudTrail";

    [Theory]
    [MemberData(nameof(Cases))]
    public void Forwarder_and_central_rule_agree_on_the_event(CentralCase c)
    {
        var forward = Pattern("alert-forwarding", "Forward" + c.Alert);
        var alert = Pattern("central-alerting", c.Alert + "Rule");

        moto.Matches(forward, c.Source, c.DetailType, c.Detail, []).Should().Be(c.Fires, $"forwarding pattern {forward}");
        moto.Matches(alert, c.Source, c.DetailType, c.Detail, []).Should().Be(c.Fires, $"central pattern {alert}");
    }

    [Fact]
    public void Every_central_alert_has_a_forwarder_and_every_forwarder_a_central_alert()
    {
        var forwarded = Rules("alert-forwarding").Select(kv => Regex.Replace(kv.Key, "^Forward|[0-9A-F]{8}$", string.Empty)).Order().ToList();
        var alerted = Rules("central-alerting").Select(kv => Regex.Replace(kv.Key, "Rule[0-9A-F]{8}$", string.Empty)).Order().ToList();

        forwarded.Should().NotBeEmpty().And.Equal(alerted);
    }

    [Fact]
    public void Forwarders_send_to_the_audit_accounts_central_bus_with_a_role_that_may_only_put_there()
    {
        var template = Template("alert-forwarding");
        var resolver = new TemplateResolver(template, new Dictionary<string, string> { ["AlertAccountId"] = "210987654321" });
        var busArn = "arn:aws:events:ap-northeast-1:210987654321:event-bus/gc-central-alerts";
        var resources = template["Resources"]!.AsObject();

        foreach (var (_, rule) in Rules("alert-forwarding"))
        {
            var target = rule!["Properties"]!["Targets"]!.AsArray().Single()!;
            resolver.ResolveString(target["Arn"]!).Should().Be(busArn);
            target["RoleArn"].Should().NotBeNull("a bus that grants by organization id requires the sender's role (facts §4)");
        }

        var policies = resources.Where(kv => kv.Value!["Type"]!.GetValue<string>() == "AWS::IAM::Policy").Select(kv => kv.Value!).ToList();
        var statements = policies.SelectMany(p => p["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray()).ToList();
        statements.Should().ContainSingle();
        statements[0]!["Action"]!.GetValue<string>().Should().Be("events:PutEvents");
        resolver.ResolveString(statements[0]!["Resource"]!).Should().Be(busArn);

        var role = resources.Single(kv => kv.Value!["Type"]!.GetValue<string>() == "AWS::IAM::Role").Value!;
        var trust = role["Properties"]!["AssumeRolePolicyDocument"]!["Statement"]!.AsArray().Single()!;
        trust["Principal"]!["Service"]!.GetValue<string>().Should().Be("events.amazonaws.com");
        trust["Condition"]!["StringEquals"]!["aws:SourceAccount"].Should().NotBeNull();

        // Only forwarding: no topic, no subscription, no alarm, no log group in member accounts.
        resources.Select(kv => kv.Value!["Type"]!.GetValue<string>()).Distinct().Order()
            .Should().Equal("AWS::Events::Rule", "AWS::IAM::Policy", "AWS::IAM::Role");
    }

    [Fact]
    public void The_central_bus_admits_the_organization_and_the_topic_and_key_only_this_accounts_rules()
    {
        var template = Template("central-alerting");
        var resolver = new TemplateResolver(template);
        var resources = template["Resources"]!.AsObject();
        JsonNode Single(string type) => resources.Single(kv => kv.Value!["Type"]!.GetValue<string>() == type).Value!;

        var busPolicy = Single("AWS::Events::EventBusPolicy")["Properties"]!["Statement"]!;
        busPolicy["Principal"]!.GetValue<string>().Should().Be("*");
        busPolicy["Action"]!.GetValue<string>().Should().Be("events:PutEvents");
        busPolicy["Condition"]!["StringEquals"]!["aws:PrincipalOrgID"]!["Ref"]!.GetValue<string>().Should().Be("OrganizationId");

        resources.Count(kv => kv.Value!["Type"]!.GetValue<string>() == "AWS::SNS::Topic").Should().Be(1, "one topic for the whole organization");
        resources.Where(kv => kv.Value!["Type"]!.GetValue<string>() == "AWS::SNS::Subscription")
            .Select(kv => kv.Value!["Properties"]!["Protocol"]!.GetValue<string>()).Order().Should().Equal("email", "https");

        var keyStatement = Single("AWS::KMS::Key")["Properties"]!["KeyPolicy"]!["Statement"]!.AsArray()
            .Single(s => s!["Sid"]?.GetValue<string>() == "AlertRulesOfThisAccount")!;
        var topicStatement = Single("AWS::SNS::TopicPolicy")["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray()
            .Single(s => s!["Sid"]?.GetValue<string>() == "AlertRulesOfThisAccount")!;
        foreach (var statement in new[] { keyStatement, topicStatement })
        {
            statement["Principal"]!["Service"]!.GetValue<string>().Should().Be("events.amazonaws.com");
            statement["Condition"]!["StringEquals"]!["aws:SourceAccount"].Should().NotBeNull();
            resolver.ResolveString(statement["Condition"]!["ArnLike"]!["aws:SourceArn"]!)
                .Should().Be("arn:aws:events:ap-northeast-1:123456789012:rule/gc-central-alerts/gc-central-alerting-*");
        }

        // Every alert rule name falls under the conditions' rule ARN pattern, so none is refused by the key or topic.
        foreach (var (_, rule) in Rules("central-alerting"))
        {
            rule!["Properties"]!["Name"]!.GetValue<string>().Should().StartWith("gc-central-alerting-");
            var bus = resources.Single(kv => kv.Value!["Type"]!.GetValue<string>() == "AWS::Events::EventBus");
            rule["Properties"]!["EventBusName"]!["Ref"]!.GetValue<string>().Should().Be(bus.Key);
            bus.Value!["Properties"]!["Name"]!.GetValue<string>().Should().Be("gc-central-alerts");
        }
    }

    [Fact]
    public void Every_alert_says_which_account_who_what_and_when()
    {
        foreach (var (_, rule) in Rules("central-alerting"))
        {
            var transformer = rule!["Properties"]!["Targets"]!.AsArray().Single()!["InputTransformer"]!;
            var paths = transformer["InputPathsMap"]!.AsObject().ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<string>());
            paths.Values.Should().Contain(["$.account", "$.time", "$.detail.userIdentity.arn", "$.detail.eventName", "$.detail.eventSource"]);
            var text = transformer["InputTemplate"]!.GetValue<string>();
            foreach (var key in paths.Keys)
            {
                text.Should().Contain($"<{key}>");
            }

            text.Should().Contain("Account:").And.Contain("Who:").And.Contain("What:").And.Contain("When:");
        }
    }

    public static TheoryData<CentralCase> Cases()
    {
        // A realistic CloudTrail record: an IAM call is recorded and delivered to EventBridge in us-east-1 (facts §4),
        // made by an Identity Center role session (arn assumed-role/AWSReservedSSO_<set>_<suffix>/<user>, issuer under
        // aws-reserved/sso.amazonaws.com).
        static string Call(string eventSource, string eventName, string arn = AdminSession, string region = "ap-northeast-1", string type = "AssumedRole") =>
            new JsonObject
            {
                ["eventVersion"] = "1.09",
                ["userIdentity"] = type == "Root"
                    ? new JsonObject { ["type"] = "Root", ["principalId"] = Member, ["arn"] = $"arn:aws:iam::{Member}:root", ["accountId"] = Member }
                    : new JsonObject
                    {
                        ["type"] = type,
                        ["principalId"] = "AROAEXAMPLEID:" + arn.Split('/')[^1],
                        ["arn"] = arn,
                        ["accountId"] = Member,
                        ["sessionContext"] = new JsonObject
                        {
                            ["sessionIssuer"] = new JsonObject
                            {
                                ["type"] = "Role",
                                ["arn"] = $"arn:aws:iam::{Member}:role/aws-reserved/sso.amazonaws.com/ap-northeast-1/{arn.Split('/')[1]}",
                                ["userName"] = arn.Split('/')[1],
                            },
                            ["attributes"] = new JsonObject { ["creationDate"] = "2026-12-01T01:02:03Z", ["mfaAuthenticated"] = "false" },
                        },
                    },
                ["eventTime"] = "2026-12-01T01:05:00Z",
                ["eventSource"] = eventSource,
                ["eventName"] = eventName,
                ["awsRegion"] = region,
                ["sourceIPAddress"] = "203.0.113.10",
                ["userAgent"] = "aws-cli/2.17.0",
                ["readOnly"] = false,
                ["eventType"] = "AwsApiCall",
                ["managementEvent"] = true,
                ["recipientAccountId"] = Member,
                ["eventCategory"] = "Management",
            }.ToJsonString();

        CentralCase[] cases =
        [
            new("IamPolicyChange", "access key created in us-east-1", "aws.iam", Api, Call("iam.amazonaws.com", "CreateAccessKey", region: "us-east-1"), true),
            new("IamPolicyChange", "role policy attached in us-east-1", "aws.iam", Api, Call("iam.amazonaws.com", "AttachRolePolicy", region: "us-east-1"), true),
            new("IamPolicyChange", "role listed", "aws.iam", Api, Call("iam.amazonaws.com", "ListRoles", region: "us-east-1"), false),
            new("OrganizationChange", "account leaves the organization", "aws.organizations", Api, Call("organizations.amazonaws.com", "LeaveOrganization", region: "us-east-1"), true),
            new("OrganizationChange", "alternate contact changed", "aws.account", Api, Call("account.amazonaws.com", "PutAlternateContact", region: "us-east-1"), true),
            new("OrganizationChange", "IAM call", "aws.iam", Api, Call("iam.amazonaws.com", "CreateRole", region: "us-east-1"), false),
            new("RootActivity", "root signs in", "aws.signin", "AWS Console Sign In via CloudTrail", Call("signin.amazonaws.com", "ConsoleLogin", region: "us-east-1", type: "Root"), true),
            new("RootActivity", "Identity Center user signs in", "aws.signin", "AWS Console Sign In via CloudTrail", Call("signin.amazonaws.com", "ConsoleLogin", region: "us-east-1"), false),
            new("SecurityGroupChange", "ingress opened", "aws.ec2", Api, Call("ec2.amazonaws.com", "AuthorizeSecurityGroupIngress"), true),
            new("SecurityGroupChange", "network ACL entry replaced", "aws.ec2", Api, Call("ec2.amazonaws.com", "ReplaceNetworkAclEntry"), true),
            new("SecurityGroupChange", "instance started", "aws.ec2", Api, Call("ec2.amazonaws.com", "RunInstances"), false),
            new("CloudTrailChange", "logging stopped", "aws.cloudtrail", Api, Call("cloudtrail.amazonaws.com", "StopLogging"), true),
            new("CloudTrailChange", "logging started", "aws.cloudtrail", Api, Call("cloudtrail.amazonaws.com", "StartLogging"), false),
            new("PlatformActivity", "platform Identity Center session changes an instance", "aws.ec2", Api, Call("ec2.amazonaws.com", "ModifyInstanceAttribute", PlatformSession), true),
            new("PlatformActivity", "platform Identity Center session creates a role in us-east-1", "aws.iam", Api, Call("iam.amazonaws.com", "CreateRole", PlatformSession, "us-east-1"), true),
            new("PlatformActivity", "platform user signs in", "aws.signin", "AWS Console Sign In via CloudTrail", Call("signin.amazonaws.com", "ConsoleLogin", PlatformSession, "us-east-1"), true),
            new("PlatformActivity", "system administrator changes an instance", "aws.ec2", Api, Call("ec2.amazonaws.com", "ModifyInstanceAttribute"), false),
        ];
        return [.. cases];
    }

    private JsonObject Template(string control) => JsonNode.Parse(catalog.Templates[control])!.AsObject();

    private List<KeyValuePair<string, JsonNode?>> Rules(string control) =>
        Template(control)["Resources"]!.AsObject().Where(kv => kv.Value!["Type"]!.GetValue<string>() == "AWS::Events::Rule").ToList();

    private string Pattern(string control, string logicalPrefix)
    {
        var template = Template(control);
        var rule = template["Resources"]!.AsObject()
            .Where(kv => Regex.IsMatch(kv.Key, $"^{logicalPrefix}[0-9A-F]{{8}}$") && kv.Value!["Type"]!.GetValue<string>() == "AWS::Events::Rule")
            .Select(kv => kv.Value!)
            .Single();
        return new TemplateResolver(template).Resolve(rule["Properties"]!["EventPattern"])!.ToJsonString();
    }
}
