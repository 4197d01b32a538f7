using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GovCfct.Cdk.Tests.Support;

namespace GovCfct.Cdk.Tests.Alerts;

/// <summary>One realistic event a management-account alert control forwards, the central kind that must report it, or null when it must be neither forwarded nor reported.</summary>
public sealed record ManagementCase(string Control, string Forwarder, string Name, string Source, string DetailType, string Detail, string[] Resources, string? Kind)
{
    public override string ToString() => $"{Control}/{Forwarder}: {Name} → {Kind ?? "silent"}";
}

/// <summary>One realistic Security Hub finding event on the audit account's default bus, and the one rule that must report it (or none).</summary>
public sealed record FindingCase(string Name, string Detail, string[] Resources, string? Rule)
{
    public override string ToString() => $"{Name} → {Rule ?? "silent"}";
}

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

    // moto puts every event as its own account: as the management account in the management cases, and with another
    // management account id in the member cases.
    private const string Management = MotoEvents.AccountId;
    private const string OtherManagement = "111122223333";

    [Theory]
    [MemberData(nameof(Cases))]
    public void Forwarder_and_central_rule_agree_on_the_event(CentralCase c)
    {
        var forward = Pattern("alert-forwarding", "Forward" + c.Alert);
        var alert = Pattern("central-alerting", c.Alert + "Rule", OtherManagement);

        moto.Matches(forward, c.Source, c.DetailType, c.Detail, []).Should().Be(c.Fires, $"forwarding pattern {forward}");
        moto.Matches(alert, c.Source, c.DetailType, c.Detail, []).Should().Be(c.Fires, $"central pattern {alert}");
    }

    [Fact]
    public void Every_central_alert_has_a_forwarder_and_every_forwarder_a_central_alert()
    {
        var forwarded = Rules("alert-forwarding").Where(kv => !kv.Key.StartsWith("FailedDeliveries", StringComparison.Ordinal)).Select(kv => Regex.Replace(kv.Key, "^Forward|[0-9A-F]{8}$", string.Empty)).Order().ToList();
        var alerted = Rules("central-alerting").Select(kv => Regex.Replace(kv.Key, "Rule[0-9A-F]{8}$", string.Empty)).Where(id => !id.StartsWith("Management", StringComparison.Ordinal) && !id.StartsWith("Audit", StringComparison.Ordinal)).Order().ToList();

        forwarded.Should().NotBeEmpty().And.Equal(alerted);
    }

    [Fact]
    public void Forwarders_send_to_the_audit_accounts_central_bus_with_a_role_that_may_only_put_there()
    {
        var template = Template("alert-forwarding");
        var resolver = new TemplateResolver(template, new Dictionary<string, string> { ["AlertAccountId"] = "210987654321" });
        var busArn = "arn:aws:events:ap-northeast-1:210987654321:event-bus/gc-central-alerts";
        var resources = template["Resources"]!.AsObject();

        foreach (var (_, rule) in Rules("alert-forwarding").Where(kv => !kv.Key.StartsWith("FailedDeliveries", StringComparison.Ordinal)))
        {
            var target = rule!["Properties"]!["Targets"]!.AsArray().Single()!;
            resolver.ResolveString(target["Arn"]!).Should().Be(busArn);
            target["RoleArn"].Should().NotBeNull("a bus that grants by organization id requires the sender's role (docs/facts/landing-zone.md §4)");
        }

        var policies = resources.Where(kv => kv.Value!["Type"]!.GetValue<string>() == "AWS::IAM::Policy" && !kv.Key.StartsWith("FailedDeliveries", StringComparison.Ordinal)).Select(kv => kv.Value!).ToList();
        var statements = policies.SelectMany(p => p["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray()).ToList();
        statements.Should().ContainSingle();
        statements[0]!["Action"]!.GetValue<string>().Should().Be("events:PutEvents");
        resolver.ResolveString(statements[0]!["Resource"]!).Should().Be(busArn);

        var role = resources.Single(kv => kv.Value!["Type"]!.GetValue<string>() == "AWS::IAM::Role").Value!;
        var trust = role["Properties"]!["AssumeRolePolicyDocument"]!["Statement"]!.AsArray().Single()!;
        trust["Principal"]!["Service"]!.GetValue<string>().Should().Be("events.amazonaws.com");
        trust["Condition"]!["StringEquals"]!["aws:SourceAccount"].Should().NotBeNull();

        // Only forwarding, and the watch on its own deliveries: no topic, no subscription, no log group in member accounts.
        resources.Select(kv => kv.Value!["Type"]!.GetValue<string>()).Distinct().Order()
            .Should().Equal("AWS::CloudWatch::Alarm", "AWS::Events::Rule", "AWS::IAM::Policy", "AWS::IAM::Role");
    }

    [Fact]
    public void The_central_bus_admits_the_organization_and_the_topic_and_key_only_this_accounts_rules()
    {
        var template = Template("central-alerting");
        var resolver = new TemplateResolver(template);
        var resources = template["Resources"]!.AsObject();
        JsonNode Single(string type) => resources.Single(kv => kv.Value!["Type"]!.GetValue<string>() == type && !kv.Key.StartsWith("Delivery", StringComparison.Ordinal) && !kv.Key.StartsWith("AlertQueue", StringComparison.Ordinal)).Value!;

        var busPolicy = Single("AWS::Events::EventBusPolicy")["Properties"]!["Statement"]!;
        busPolicy["Principal"]!.GetValue<string>().Should().Be("*");
        busPolicy["Action"]!.GetValue<string>().Should().Be("events:PutEvents");
        busPolicy["Condition"]!["StringEquals"]!["aws:PrincipalOrgID"]!["Ref"]!.GetValue<string>().Should().Be("OrganizationId");

        // Only the sender roles may put events: every sender role a forwarding stack creates matches the condition, and an
        // ordinary role or an Identity Center session of the organization does not (IAM's ArnLike, as the SCP evaluator
        // implements it). moto does not evaluate bus policies, so the condition is checked as written.
        var senders = busPolicy["Condition"]!["ArnLike"]!["aws:PrincipalArn"]!.GetValue<string>();
        senders.Should().Be("arn:*:iam::*:role/gc-*-sender-*");
        foreach (var control in new[] { "alert-forwarding", "security-alerts", "unexpected-platform-access", "unannounced-operations", "cfct-template-change-alert", "account-creation-hook" })
        {
            var forwarder = Template(control);
            var role = forwarder["Resources"]!.AsObject().Single(kv => kv.Value!["Type"]!.GetValue<string>() == "AWS::IAM::Role" && kv.Key.StartsWith("CentralAlertsSenderRole", StringComparison.Ordinal)).Value!;
            var name = new TemplateResolver(forwarder).ResolveString(role["Properties"]!["RoleName"]!);
            name.Should().EndWith("-sender-ap-northeast-1");
            foreach (var region in new[] { "ap-northeast-1", "ap-northeast-3", "us-east-1" })
            {
                var inRegion = name.Replace("ap-northeast-1", region, StringComparison.Ordinal);
                GovCfct.Core.Policies.IamWildcard.ArnMatch(senders, $"arn:aws:iam::{Member}:role/{inRegion}").Should().BeTrue($"{control} {inRegion}");
            }
        }

        GovCfct.Core.Policies.IamWildcard.ArnMatch(senders, $"arn:aws:iam::{Member}:role/SystemAdministrator").Should().BeFalse();
        GovCfct.Core.Policies.IamWildcard.ArnMatch(senders, $"arn:aws:iam::{Member}:role/aws-reserved/sso.amazonaws.com/ap-northeast-1/AWSReservedSSO_AWSAdministratorAccess_9f8e7d6c5b4a3210").Should().BeFalse();

        resources.Count(kv => kv.Value!["Type"]!.GetValue<string>() == "AWS::SNS::Topic").Should().Be(2, "one alert topic for the whole organization, and one for broken deliveries");
        resources.Where(kv => kv.Value!["Type"]!.GetValue<string>() == "AWS::SNS::Subscription")
            .Select(kv => kv.Value!["Properties"]!["Protocol"]!.GetValue<string>()).Order().Should().Equal("email", "email", "https", "sqs");

        var keyStatement = Single("AWS::KMS::Key")["Properties"]!["KeyPolicy"]!["Statement"]!.AsArray()
            .Single(s => s!["Sid"]?.GetValue<string>() == "AlertRulesOfThisAccount")!;
        var topicStatement = Single("AWS::SNS::TopicPolicy")["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray()
            .Single(s => s!["Sid"]?.GetValue<string>() == "AlertRulesOfThisAccount")!;
        foreach (var statement in new[] { keyStatement, topicStatement })
        {
            statement["Principal"]!["Service"]!.GetValue<string>().Should().Be("events.amazonaws.com");
            statement["Condition"]!["StringEquals"]!["aws:SourceAccount"].Should().NotBeNull();
            statement["Condition"]!["ArnLike"]!["aws:SourceArn"]!.AsArray().Select(a => resolver.ResolveString(a!))
                .Should().Equal("arn:aws:events:ap-northeast-1:123456789012:rule/gc-central-alerts/gc-central-alerting-*", "arn:aws:events:ap-northeast-1:123456789012:rule/gc-central-alerting-*");
        }

        // Every alert rule name falls under the conditions' rule ARN pattern, so none is refused by the key or topic.
        foreach (var (_, rule) in Rules("central-alerting").Where(kv => kv.Value!["Properties"]!["EventBusName"] is not null))
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
        foreach (var (id, rule) in Rules("central-alerting"))
        {
            var transformer = rule!["Properties"]!["Targets"]!.AsArray().Single()!["InputTransformer"]!;
            var paths = transformer["InputPathsMap"]!.AsObject().ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<string>());
            var text = transformer["InputTemplate"]!.GetValue<string>();
            foreach (var key in paths.Keys)
            {
                text.Should().Contain($"<{key}>");
            }

            text.Should().Contain("What:").And.Contain("When:");
            paths.Values.Should().Contain("$.time");
            // A finding names its own region (the event's is the home region that aggregated it).
            paths.Values.Should().Contain(p => p == "$.region" || p == "$.detail.findings[0].Region");
            if (id.StartsWith("ManagementAlarm", StringComparison.Ordinal))
            {
                // The alarm is in the management account; the contributor names the account the records are for (recipientAccountId).
                text.Should().Contain("Alarm:").And.Contain("Account:");
                paths.Values.Should().Contain(["$.account", "$.detail.alarmName", "$.detail.configuration.description", "$.detail.state.reason", "$.detail.alarmContributor.attributes.Account"]);
            }
            else if (id.StartsWith("Management", StringComparison.Ordinal) || id.StartsWith("Audit", StringComparison.Ordinal) || id.StartsWith("ConfigNonCompliance", StringComparison.Ordinal))
            {
                text.Should().Contain("Account:");
                paths.Values.Should().Contain(p => p == "$.account" || p.EndsWith("AccountId", StringComparison.Ordinal) || p.EndsWith(".accountId", StringComparison.Ordinal));
            }
            else
            {
                paths.Values.Should().Contain(["$.account", "$.detail.userIdentity.arn", "$.detail.eventName", "$.detail.eventSource"]);
                text.Should().Contain("Account:").And.Contain("Who:");
            }
        }
    }

    [Theory]
    [MemberData(nameof(ManagementCases))]
    public void What_the_management_account_forwards_is_reported_once_by_its_kind_and_never_as_a_member_alert(ManagementCase c)
    {
        var forward = Pattern(c.Control, c.Forwarder);
        moto.Matches(forward, c.Source, c.DetailType, c.Detail, c.Resources).Should().Be(c.Kind is not null, $"forwarding pattern {forward}");

        // Every central rule, member alerts and management kinds, against the event as the management account's. Not the
        // audit account's watch of its own rules being disabled: it is on that account's default bus, where no forwarded
        // event arrives.
        var fired = Rules("central-alerting")
            .Select(kv => Regex.Replace(kv.Key, "Rule[0-9A-F]{8}$", string.Empty))
            .Where(id => id != "AuditAlertRuleDisabled")
            .Where(id => moto.Matches(Pattern("central-alerting", id + "Rule", Management), c.Source, c.DetailType, c.Detail, c.Resources))
            .ToList();
        if (c.Kind is null)
        {
            fired.Where(id => !id.StartsWith("Management", StringComparison.Ordinal)).Should().BeEmpty("member alerts never match the management account's events");
        }
        else
        {
            fired.Should().Equal([c.Kind], "one central rule, of the event's kind, reports what the management account forwards");
        }
    }

    // The announced window silences the platform team's changes where member accounts' events arrive: one-time schedules
    // disable the central PlatformChange rule at the start and enable it at the end, with a role only they use, named as
    // protect-alert-resources exempts it (<prefix>-*-scheduler-*); and the disable itself is reported from the audit
    // account's default bus, so a window never opens unseen.
    [Fact]
    public void An_announced_window_silences_member_platform_changes_on_the_central_bus_and_its_opening_is_reported()
    {
        var template = Template("central-alerting");
        var resolver = new TemplateResolver(template);
        var resources = template["Resources"]!.AsObject();
        var changeRule = resources.Single(kv => Regex.IsMatch(kv.Key, "^PlatformChangeRule[0-9A-F]{8}$")).Value!["Properties"]!;
        var ruleName = changeRule["Name"]!.GetValue<string>();
        resources[changeRule["EventBusName"]!["Ref"]!.GetValue<string>()]!["Properties"]!["Name"]!.GetValue<string>().Should().Be("gc-central-alerts");

        var schedules = resources.Where(kv => kv.Value!["Type"]!.GetValue<string>() == "AWS::Scheduler::Schedule").ToDictionary(kv => Regex.Replace(kv.Key, "[0-9A-F]{8}$", string.Empty), kv => kv.Value!);
        schedules.Keys.Order().Should().Equal("WindowEndPlatformChange", "WindowStartPlatformChange");
        foreach (var (id, action) in new[] { ("WindowStartPlatformChange", "disableRule"), ("WindowEndPlatformChange", "enableRule") })
        {
            var schedule = schedules[id];
            schedule["Condition"]!.GetValue<string>().Should().Be("HasAnnouncedWindow", "no window, no schedule");
            var target = schedule["Properties"]!["Target"]!;
            resolver.ResolveString(target["Arn"]!).Should().Be("arn:aws:scheduler:::aws-sdk:eventbridge:" + action);
            JsonNode.Parse(resolver.ResolveString(target["Input"]!))!.ToJsonString().Should().Be("{\"Name\":\"" + ruleName + "\",\"EventBusName\":\"gc-central-alerts\"}");
            schedule["Properties"]!["Name"]!.GetValue<string>().Should().StartWith("gc-", "protect-alert-resources protects schedules named <prefix>-*");
        }

        var role = resources.Single(kv => kv.Value!["Type"]!.GetValue<string>() == "AWS::IAM::Role" && kv.Key.StartsWith("WindowSchedulerRole", StringComparison.Ordinal)).Value!;
        role["Condition"]!.GetValue<string>().Should().Be("HasAnnouncedWindow");
        resolver.ResolveString(role["Properties"]!["RoleName"]!).Should().MatchRegex("^gc-.*-scheduler-ap-northeast-1$", "protect-alert-resources exempts exactly <prefix>-*-scheduler-* roles");
        var policy = resources.Single(kv => kv.Value!["Type"]!.GetValue<string>() == "AWS::IAM::Policy" && kv.Key.StartsWith("WindowSchedulerRole", StringComparison.Ordinal)).Value!;
        var statement = policy["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray().Should().ContainSingle().Subject!;
        statement["Action"]!.AsArray().Select(a => a!.GetValue<string>()).Should().Equal("events:DisableRule", "events:EnableRule");
        statement["Resource"]!.ToJsonString().Should().Contain("PlatformChangeRule", "the role may switch the platform-change rule and nothing else");

        // The opening, as CloudTrail records the scheduler's call in the audit account, is reported; a rule that is not the
        // organization's alerting is not.
        var disabled = Pattern("central-alerting", "AuditAlertRuleDisabledRule", Management);
        moto.Matches(disabled, "aws.events", Api, DisableRuleCall(ruleName), []).Should().BeTrue(disabled);
        moto.Matches(disabled, "aws.events", Api, DisableRuleCall("orders-nightly-batch"), []).Should().BeFalse(disabled);
    }

    private static string DisableRuleCall(string name) => new JsonObject
    {
        ["eventVersion"] = "1.09",
        ["userIdentity"] = new JsonObject { ["type"] = "AssumedRole", ["arn"] = $"arn:aws:sts::{Management}:assumed-role/gc-central-alerting-scheduler-ap-northeast-1/0123456789abcdef" },
        ["eventSource"] = "events.amazonaws.com",
        ["eventName"] = "DisableRule",
        ["awsRegion"] = "ap-northeast-1",
        ["requestParameters"] = new JsonObject { ["name"] = name, ["eventBusName"] = "gc-central-alerts" },
        ["readOnly"] = false,
        ["eventType"] = "AwsApiCall",
        ["managementEvent"] = true,
        ["recipientAccountId"] = Management,
    }.ToJsonString();

    [Theory]
    [MemberData(nameof(FindingCases))]
    public void Member_findings_alert_from_the_audit_accounts_default_bus(FindingCase c)
    {
        // The audit account, Security Hub's delegated administrator, receives every account's findings on its default bus
        // (GuardDuty's through Security Hub's integration). Every finding rule is tried: exactly the expected one fires.
        var fired = Rules("central-alerting")
            .Where(kv => kv.Value!["Properties"]!["EventBusName"] is null)
            .Select(kv => Regex.Replace(kv.Key, "Rule[0-9A-F]{8}$", string.Empty))
            .Where(id => moto.Matches(Pattern("central-alerting", id + "Rule", Management), "aws.securityhub", "Security Hub Findings - Imported", c.Detail, c.Resources))
            .ToList();

        fired.Should().Equal(c.Rule is null ? [] : [c.Rule], c.Name);
    }

    [Fact]
    public void Finding_rules_are_on_the_default_bus_and_may_publish_to_the_topic()
    {
        var template = Template("central-alerting");
        var resolver = new TemplateResolver(template);
        var findingRules = Rules("central-alerting").Where(kv => kv.Value!["Properties"]!["EventBusName"] is null).ToList();
        findingRules.Select(kv => Regex.Replace(kv.Key, "Rule[0-9A-F]{8}$", string.Empty)).Order().Should().Equal("AuditAlertRuleDisabled", "AuditGuardDutyFinding", "AuditSecurityHubFinding");

        var topicStatement = template["Resources"]!.AsObject().Single(kv => kv.Value!["Type"]!.GetValue<string>() == "AWS::SNS::TopicPolicy" && !kv.Key.StartsWith("Delivery", StringComparison.Ordinal)).Value!["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray()
            .Single(s => s!["Sid"]?.GetValue<string>() == "AlertRulesOfThisAccount")!;
        var allowed = topicStatement["Condition"]!["ArnLike"]!["aws:SourceArn"]!.AsArray().Select(a => resolver.ResolveString(a!)).ToList();
        foreach (var (_, rule) in findingRules)
        {
            var arn = "arn:aws:events:ap-northeast-1:123456789012:rule/" + rule!["Properties"]!["Name"]!.GetValue<string>();
            allowed.Should().Contain(p => Regex.IsMatch(arn, "^" + Regex.Escape(p).Replace("\\*", ".*", StringComparison.Ordinal) + "$"), arn);
        }
    }

    /// <summary>
    /// moto 5.2 does not match a pattern into an array of objects. EventBridge matches a pattern field inside an array of
    /// objects when any element matches, and Security Hub puts exactly one finding in each "Security Hub Findings -
    /// Imported" event, so the one-element array is handed to moto as its element. More than one element is refused.
    /// </summary>
    private static string OneFinding(JsonObject detail)
    {
        var findings = detail["findings"]!.AsArray();
        findings.Should().ContainSingle("Security Hub sends one finding per event");
        var copy = detail.DeepClone().AsObject();
        copy["findings"] = findings[0]!.DeepClone();
        return copy.ToJsonString();
    }

    public static TheoryData<FindingCase> FindingCases()
    {
        const string audit = "210987654321";
        static JsonObject Asff(string account, string region, string product, string label, double normalized, string workflow = "NEW", string record = "ACTIVE") => new()
        {
            ["findings"] = new JsonArray(new JsonObject
            {
                ["SchemaVersion"] = "2018-10-08",
                ["Id"] = $"arn:aws:securityhub:{region}:{account}:finding/0a1b2c3d",
                ["ProductArn"] = product == "GuardDuty" ? $"arn:aws:securityhub:{region}::product/aws/guardduty" : $"arn:aws:securityhub:{region}::product/aws/securityhub",
                ["ProductName"] = product,
                ["CompanyName"] = "AWS",
                ["Region"] = region,
                ["GeneratorId"] = product == "GuardDuty" ? "arn:aws:guardduty:" + region + ":" + account + ":detector/12abc34d567e8fa901bc2d34e56789f0" : "security-control/S3.8",
                ["AwsAccountId"] = account,
                ["Types"] = new JsonArray(product == "GuardDuty" ? "TTPs/Initial Access/UnauthorizedAccess:IAMUser-InstanceCredentialExfiltration.OutsideAWS" : "Software and Configuration Checks/Industry and Regulatory Standards"),
                ["CreatedAt"] = "2026-12-01T01:00:00.000Z",
                ["UpdatedAt"] = "2026-12-01T01:05:00.000Z",
                ["Severity"] = new JsonObject { ["Label"] = label, ["Normalized"] = normalized },
                ["Title"] = product == "GuardDuty" ? "Credentials for an instance role were used from an external IP address" : "S3 general purpose buckets should block public access",
                ["Resources"] = new JsonArray(new JsonObject { ["Type"] = "AwsS3Bucket", ["Id"] = "arn:aws:s3:::city-a-data", ["Region"] = region }),
                ["Workflow"] = new JsonObject { ["Status"] = workflow },
                ["WorkflowState"] = workflow,
                ["RecordState"] = record,
            }),
        };
        static string Of(JsonObject detail) => OneFinding(detail);
        FindingCase[] cases =
        [
            new("critical Security Hub control finding of a member, Tokyo", Of(Asff(Member, "ap-northeast-1", "Security Hub", "CRITICAL", 90)), [], "AuditSecurityHubFinding"),
            new("high finding of a member in Osaka, aggregated to the home region", Of(Asff(Member, "ap-northeast-3", "Security Hub", "HIGH", 70)), [], "AuditSecurityHubFinding"),
            new("the audit account's own high finding", Of(Asff(audit, "ap-northeast-1", "Security Hub", "HIGH", 70)), [], "AuditSecurityHubFinding"),
            new("medium Security Hub finding", Of(Asff(Member, "ap-northeast-1", "Security Hub", "MEDIUM", 40)), [], null),
            new("GuardDuty severity 5 (MEDIUM) in a member, Osaka", Of(Asff(Member, "ap-northeast-3", "GuardDuty", "MEDIUM", 50)), [], "AuditGuardDutyFinding"),
            new("GuardDuty severity 8 (HIGH) in a member: once, as GuardDuty", Of(Asff(Member, "ap-northeast-1", "GuardDuty", "HIGH", 80)), [], "AuditGuardDutyFinding"),
            new("GuardDuty severity 2 (LOW)", Of(Asff(Member, "ap-northeast-1", "GuardDuty", "LOW", 20)), [], null),
            new("the management account's finding: its own security-alerts forwards it", Of(Asff(Management, "ap-northeast-1", "Security Hub", "CRITICAL", 90)), [], null),
            new("a Config finding: ConfigNonCompliance reports it from the account", Of(Asff(Member, "ap-northeast-1", "Config", "HIGH", 70)), [], null),
            new("a finding already being handled", Of(Asff(Member, "ap-northeast-1", "Security Hub", "CRITICAL", 90, workflow: "NOTIFIED")), [], null),
            new("an archived finding", Of(Asff(Member, "ap-northeast-1", "GuardDuty", "HIGH", 80, record: "ARCHIVED")), [], null),
        ];
        return [.. cases];
    }

    [Fact]
    public void An_application_cannot_raise_an_alert_with_a_forged_CloudTrail_record()
    {
        // PutEvents refuses a source starting with "aws." from anyone but AWS services, so every alert requires one: a
        // custom event shaped like a root sign-in or a platform-team call matches no forwarding and no central rule.
        var forged = CentralCaseDetail();
        foreach (var (control, prefix) in Rules("alert-forwarding").Select(kv => ("alert-forwarding", Regex.Replace(kv.Key, "[0-9A-F]{8}$", string.Empty)))
            .Concat(Rules("central-alerting").Select(kv => ("central-alerting", Regex.Replace(kv.Key, "[0-9A-F]{8}$", string.Empty)))))
        {
            foreach (var detailType in new[] { "AWS Console Sign In via CloudTrail", Api })
            {
                moto.Matches(Pattern(control, prefix), "custom.forged", detailType, forged, []).Should().BeFalse($"{control}/{prefix} on a forged {detailType}");
            }
        }

        moto.Matches(Pattern("central-alerting", "RootActivityRule"), "aws.signin", "AWS Console Sign In via CloudTrail", forged, []).Should().BeTrue("the real event still alerts");
    }

    [Fact]
    public void Member_alerts_exclude_the_management_account_and_management_kinds_match_only_it()
    {
        var root = CentralCaseDetail();
        moto.Matches(Pattern("central-alerting", "RootActivityRule", Management), "aws.signin", "AWS Console Sign In via CloudTrail", root, []).Should().BeFalse();
        moto.Matches(Pattern("central-alerting", "RootActivityRule", OtherManagement), "aws.signin", "AWS Console Sign In via CloudTrail", root, []).Should().BeTrue();
        moto.Matches(Pattern("central-alerting", "ManagementActivityRule", OtherManagement), "aws.signin", "AWS Console Sign In via CloudTrail", root, []).Should().BeFalse();
        moto.Matches(Pattern("central-alerting", "ManagementActivityRule", Management), "aws.signin", "AWS Console Sign In via CloudTrail", root, []).Should().BeTrue();
    }

    [Fact]
    public void Management_alert_controls_have_no_topic_and_forward_with_a_named_sender_role()
    {
        foreach (var control in new[] { "security-alerts", "unexpected-platform-access", "unannounced-operations", "cfct-template-change-alert", "account-creation-hook" })
        {
            var template = Template(control);
            var resolver = new TemplateResolver(template, new Dictionary<string, string> { ["AlertAccountId"] = "210987654321" });
            var resources = template["Resources"]!.AsObject();
            resources.Select(kv => kv.Value!["Type"]!.GetValue<string>()).Should().NotContain(["AWS::SNS::Topic", "AWS::SNS::Subscription", "AWS::KMS::Key"], control);
            template["Parameters"]!.AsObject().Select(p => p.Key).Should().NotContain(["NotificationEmail", "ChatWebhookUrl"], control).And.Contain("AlertAccountId");

            var senders = resources.Where(kv => kv.Value!["Type"]!.GetValue<string>() == "AWS::IAM::Role" && kv.Key.StartsWith("CentralAlertsSenderRole", StringComparison.Ordinal)).ToList();
            senders.Should().ContainSingle(control);
            resolver.ResolveString(senders[0].Value!["Properties"]!["RoleName"]!).Should().Be($"gc-{control}-sender-ap-northeast-1");
            foreach (var (id, rule) in Rules(control).Where(kv => !kv.Key.StartsWith("FailedDeliveries", StringComparison.Ordinal) && kv.Value!["Properties"]!["Targets"]!.AsArray().Any(t => t!["RoleArn"]?["Fn::GetAtt"]?[0]?.GetValue<string>() == senders[0].Key)))
            {
                resolver.ResolveString(rule!["Properties"]!["Targets"]!.AsArray().Single()!["Arn"]!).Should().Be("arn:aws:events:ap-northeast-1:210987654321:event-bus/gc-central-alerts", id);
            }

            // Alarms have no action of their own: their contributors' state changes are forwarded. Each groups by account, so
            // each account is a contributor of its own (no sum over the organization that masks a second account).
            foreach (var (_, alarm) in resources.Where(kv => kv.Value!["Type"]!.GetValue<string>() == "AWS::CloudWatch::Alarm" && !kv.Key.StartsWith("FailedDeliveries", StringComparison.Ordinal)))
            {
                alarm!["Properties"]!["AlarmActions"].Should().BeNull(control);
                alarm["Properties"]!["Metrics"]!.AsArray().Single()!["Expression"]!.GetValue<string>().Should().Contain("GROUP BY Account", control);
            }
        }
    }

    private static string CentralCaseDetail() => new JsonObject
    {
        ["eventVersion"] = "1.09",
        ["userIdentity"] = new JsonObject { ["type"] = "Root", ["principalId"] = Member, ["arn"] = $"arn:aws:iam::{Member}:root", ["accountId"] = Member },
        ["eventSource"] = "signin.amazonaws.com",
        ["eventName"] = "ConsoleLogin",
        ["awsRegion"] = "us-east-1",
        ["sourceIPAddress"] = "203.0.113.10",
        ["eventType"] = "AwsConsoleSignIn",
        ["recipientAccountId"] = Member,
    }.ToJsonString();

    public static TheoryData<ManagementCase> ManagementCases()
    {
        const string change = "CloudWatch Alarm State Change";
        const string contributor = "CloudWatch Alarm Contributor State Change";
        // The documented shape of both events of a multi-time-series (Metrics Insights GROUP BY) alarm: the alarm-level change
        // says how many series breach; each contributor's change names its dimensions (CloudWatch user guide, "Alarm events
        // and EventBridge", Multi Time Series Alarm).
        static string Alarm(string name, string state, string? account = "555566667777")
        {
            var detail = new JsonObject
            {
                ["alarmName"] = name,
                ["state"] = new JsonObject
                {
                    ["value"] = state,
                    ["reason"] = account is null ? "2 out of 2 time series evaluated to ALARM" : "Threshold Crossed: 1 datapoint was greater than or equal to the threshold (1.0). The most recent datapoint which crossed the threshold: [2.0 (01/12/26 01:00:00)].",
                    ["timestamp"] = "2026-12-01T01:05:00.000+0000",
                },
                ["configuration"] = new JsonObject
                {
                    ["metrics"] = new JsonArray(new JsonObject
                    {
                        ["id"] = "q1",
                        ["expression"] = "SELECT SUM(RootActivityCount) FROM SCHEMA(\"GovCfct/CloudTrailMetrics\", Account) GROUP BY Account ORDER BY SUM() DESC",
                        ["period"] = 300,
                        ["returnData"] = true,
                    }),
                    ["description"] = "Root user activity detected. Which account: the contributor's dimension Account of metric RootActivityCount in GovCfct/CloudTrailMetrics",
                },
            };
            if (account is null)
            {
                detail["previousState"] = new JsonObject { ["value"] = state == "ALARM" ? "OK" : "ALARM", ["timestamp"] = "2026-12-01T00:55:00.000+0000" };
            }
            else
            {
                detail["alarmContributor"] = new JsonObject { ["id"] = "6d442278dba546f6", ["attributes"] = new JsonObject { ["Account"] = account } };
            }

            return detail.ToJsonString();
        }

        static string[] AlarmArn(string name) => [$"arn:aws:cloudwatch:ap-northeast-1:{Management}:alarm:{name}"];
        static string DisableRule(string arn, string rule) => new JsonObject
        {
            ["eventVersion"] = "1.09",
            ["userIdentity"] = new JsonObject { ["type"] = "AssumedRole", ["arn"] = arn, ["accountId"] = Management },
            ["eventTime"] = "2026-12-01T01:00:00Z",
            ["eventSource"] = "events.amazonaws.com",
            ["eventName"] = "DisableRule",
            ["awsRegion"] = "ap-northeast-1",
            ["sourceIPAddress"] = "scheduler.amazonaws.com",
            ["requestParameters"] = new JsonObject { ["name"] = rule },
            ["responseElements"] = null,
            ["readOnly"] = false,
            ["eventType"] = "AwsApiCall",
            ["managementEvent"] = true,
            ["recipientAccountId"] = Management,
            ["eventCategory"] = "Management",
        }.ToJsonString();
        static string Call(string eventSource, string eventName, string arn, bool readOnly = false) => new JsonObject
        {
            ["eventVersion"] = "1.09",
            ["userIdentity"] = new JsonObject { ["type"] = "AssumedRole", ["arn"] = arn, ["accountId"] = Management },
            ["eventSource"] = eventSource,
            ["eventName"] = eventName,
            ["awsRegion"] = "ap-northeast-1",
            ["sourceIPAddress"] = "203.0.113.10",
            ["readOnly"] = readOnly,
            ["eventType"] = "AwsApiCall",
            ["recipientAccountId"] = Management,
        }.ToJsonString();
        const string platform = $"arn:aws:sts::{Management}:assumed-role/AWSReservedSSO_GovCloudPlatformOperator_0a1b2c3d4e5f6789/taro.yamada@example.go.jp";
        const string admin = $"arn:aws:sts::{Management}:assumed-role/AWSReservedSSO_AWSAdministratorAccess_9f8e7d6c5b4a3210/hanako@example.lg.jp";
        const string repo = $"arn:aws:codecommit:ap-northeast-1:{Management}:custom-control-tower-configuration";
        const string machine = $"arn:aws:states:ap-northeast-1:{Management}:stateMachine:gc-account-creation-hook";
        const string approverSso = $"arn:aws:sts::{Management}:assumed-role/AWSReservedSSO_GovCloudCfctApprover_0a1b2c3d4e5f6789/jiro.suzuki@example.go.jp";
        // A CloudTrail S3 data event as CfCT's own trail records it for its source object (bucket custom-control-tower-configuration-<account>-<region>).
        static string S3Write(string eventName, string arn, string key) => new JsonObject
        {
            ["eventVersion"] = "1.09",
            ["userIdentity"] = new JsonObject { ["type"] = "AssumedRole", ["arn"] = arn, ["accountId"] = Management },
            ["eventSource"] = "s3.amazonaws.com",
            ["eventName"] = eventName,
            ["awsRegion"] = "ap-northeast-1",
            ["sourceIPAddress"] = "203.0.113.10",
            ["requestParameters"] = new JsonObject { ["bucketName"] = $"custom-control-tower-configuration-{Management}-ap-northeast-1", ["Host"] = $"custom-control-tower-configuration-{Management}-ap-northeast-1.s3.ap-northeast-1.amazonaws.com", ["key"] = key },
            ["readOnly"] = false,
            ["eventType"] = "AwsApiCall",
            ["managementEvent"] = false,
            ["eventCategory"] = "Data",
            ["recipientAccountId"] = Management,
        }.ToJsonString();
        const string push = $$"""{"event":"referenceUpdated","repositoryName":"custom-control-tower-configuration","referenceType":"branch","referenceName":"main","referenceFullName":"refs/heads/main","callerUserArn":"{{admin}}","commitId":"0123456789abcdef0123456789abcdef01234567"}""";

        ManagementCase[] cases =
        [
            new("security-alerts", "ForwardAlarms", "root activity in one account: its series goes into ALARM", "aws.cloudwatch", contributor, Alarm("gc-security-alerts-root-activity", "ALARM"), AlarmArn("gc-security-alerts-root-activity"), "ManagementAlarm"),
            new("security-alerts", "ForwardAlarms", "a second account while the first is still in ALARM: its own contributor event", "aws.cloudwatch", contributor, Alarm("gc-security-alerts-root-activity", "ALARM", "666677778888"), AlarmArn("gc-security-alerts-root-activity"), "ManagementAlarm"),
            new("security-alerts", "ForwardAlarms", "the alarm-level change (the first account is reported by its contributor event)", "aws.cloudwatch", change, Alarm("gc-security-alerts-root-activity", "ALARM", null), AlarmArn("gc-security-alerts-root-activity"), null),
            new("security-alerts", "ForwardAlarms", "an account's series back to OK", "aws.cloudwatch", contributor, Alarm("gc-security-alerts-root-activity", "OK"), AlarmArn("gc-security-alerts-root-activity"), null),
            new("security-alerts", "ForwardAlarms", "another control's alarm", "aws.cloudwatch", contributor, Alarm("gc-unannounced-operations-unannounced-global-change", "ALARM"), AlarmArn("gc-unannounced-operations-unannounced-global-change"), null),
            new("security-alerts", "ForwardAlarms", "an alarm that is not ours", "aws.cloudwatch", contributor, Alarm("billing-estimated-charges", "ALARM"), AlarmArn("billing-estimated-charges"), null),
            new("unexpected-platform-access", "ForwardAlarms", "platform access in an account", "aws.cloudwatch", contributor, Alarm("gc-unexpected-platform-access-platform-access", "ALARM"), AlarmArn("gc-unexpected-platform-access-platform-access"), "ManagementAlarm"),
            new("unannounced-operations", "ForwardAlarms", "global change in an account", "aws.cloudwatch", contributor, Alarm("gc-unannounced-operations-unannounced-global-change", "ALARM"), AlarmArn("gc-unannounced-operations-unannounced-global-change"), "ManagementAlarm"),
            new("security-alerts", "SecurityGroupChangeRule", "ingress opened in the management account", "aws.ec2", Api, Call("ec2.amazonaws.com", "AuthorizeSecurityGroupIngress", admin), [], "ManagementActivity"),
            new("security-alerts", "CloudTrailChangeRule", "logging stopped in the management account", "aws.cloudtrail", Api, Call("cloudtrail.amazonaws.com", "StopLogging", admin), [], "ManagementActivity"),
            new("security-alerts", "SecurityHubFindingRule", "critical finding", "aws.securityhub", "Security Hub Findings - Imported", $$"""{"findings":{"AwsAccountId":"{{Management}}","Title":"S3 bucket is public","Severity":{"Label":"CRITICAL"},"Workflow":{"Status":"NEW"},"RecordState":"ACTIVE"} }""", [], "ManagementSecurityHubFinding"),
            new("security-alerts", "GuardDutyFindingRule", "severity 8 finding", "aws.guardduty", "GuardDuty Finding", $$"""{"accountId":"{{Management}}","type":"UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS","title":"Credentials used outside AWS","severity":8}""", [], "ManagementGuardDutyFinding"),
            new("unannounced-operations", "UnannouncedChangeRule", "platform write in the management account", "aws.s3", Api, Call("s3.amazonaws.com", "PutBucketPolicy", platform), [], "ManagementActivity"),
            new("unannounced-operations", "UnannouncedChangeRule", "platform read", "aws.s3", Api, Call("s3.amazonaws.com", "GetBucketPolicy", platform, readOnly: true), [], null),
            new("unannounced-operations", "AlertRuleDisabledRule", "the announced window opens: the scheduler disables the unannounced-change rule", "aws.events", Api, DisableRule($"arn:aws:sts::{Management}:assumed-role/gc-unannounced-operations-scheduler-ap-northeast-1/0123456789abcdef", "gc-unannounced-operations-unannounced-change-rule"), [], "ManagementActivity"),
            new("unannounced-operations", "AlertRuleDisabledRule", "an Admin disables an alert rule", "aws.events", Api, DisableRule(admin, "gc-security-alerts-cloud-trail-change-rule"), [], "ManagementActivity"),
            new("unannounced-operations", "AlertRuleDisabledRule", "an application disables a rule of its own", "aws.events", Api, DisableRule(admin, "orders-nightly-batch"), [], null),
            new("unexpected-platform-access", "PlatformActivityRule", "platform user changes", "aws.ec2", Api, Call("ec2.amazonaws.com", "ModifyInstanceAttribute", platform), [], "ManagementActivity"),
            new("cfct-template-change-alert", "UnapprovedTemplateChangeRule", "direct push to the configuration branch", "aws.codecommit", "CodeCommit Repository State Change", push, [repo], "ManagementRepositoryChange"),
            new("cfct-template-change-alert", "UnapprovedTemplateChangeRule", "merge by an Identity Center user of the approver permission set", "aws.codecommit", "CodeCommit Repository State Change", push.Replace(admin, approverSso, StringComparison.Ordinal), [repo], null),
            new("cfct-template-change-alert", "UnapprovedTemplateChangeRule", "merge by the approver role", "aws.codecommit", "CodeCommit Repository State Change", push.Replace(admin, $"arn:aws:sts::{Management}:assumed-role/GovCloudCfctApprover/release-bot", StringComparison.Ordinal), [repo], null),
            new("cfct-template-change-alert", "UnapprovedS3SourceChangeRule", "an Admin uploads the S3 source zip", "aws.s3", Api, S3Write("PutObject", admin, "custom-control-tower-configuration.zip"), [], "ManagementActivity"),
            new("cfct-template-change-alert", "UnapprovedS3SourceChangeRule", "an Admin deletes the S3 source zip", "aws.s3", Api, S3Write("DeleteObject", admin, "custom-control-tower-configuration.zip"), [], "ManagementActivity"),
            new("cfct-template-change-alert", "UnapprovedS3SourceChangeRule", "the approver's Identity Center user releases", "aws.s3", Api, S3Write("PutObject", approverSso, "custom-control-tower-configuration.zip"), [], null),
            new("cfct-template-change-alert", "UnapprovedS3SourceChangeRule", "another object in the bucket", "aws.s3", Api, S3Write("PutObject", admin, "_custom-control-tower-configuration.zip"), [], null),
            new("account-creation-hook", "HookExecutionFailedRule", "hook failed", "aws.states", "Step Functions Execution Status Change", $$"""{"executionArn":"{{machine.Replace("stateMachine", "execution", StringComparison.Ordinal)}}:run-1","stateMachineArn":"{{machine}}","status":"FAILED","input":"{\"accountId\":\"456789012345\"}"}""", [], "ManagementExecutionFailed"),
            new("account-creation-hook", "HookExecutionFailedRule", "hook succeeded", "aws.states", "Step Functions Execution Status Change", $$"""{"stateMachineArn":"{{machine}}","status":"SUCCEEDED"}""", [], null),
        ];
        return [.. cases];
    }

    public static TheoryData<CentralCase> Cases()
    {
        // A realistic CloudTrail record: an IAM call is recorded and delivered to EventBridge in us-east-1 (docs/facts/landing-zone.md §4),
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
            new("IamPolicyChange", "a service-managed stack set's role puts a role policy (every CfCT run)", "aws.iam", Api, Call("iam.amazonaws.com", "PutRolePolicy", $"arn:aws:sts::{Member}:assumed-role/stacksets-exec-0a1b2c3d4e5f67890a1b2c3d4e5f6789/1733000000000", "us-east-1"), false),
            new("IamPolicyChange", "Control Tower's execution role attaches a policy", "aws.iam", Api, Call("iam.amazonaws.com", "AttachRolePolicy", $"arn:aws:sts::{Member}:assumed-role/AWSControlTowerExecution/AWSCloudFormation-StackSet", "us-east-1"), false),
            new("IamPolicyChange", "a role named like the automation but not it", "aws.iam", Api, Call("iam.amazonaws.com", "AttachRolePolicy", $"arn:aws:sts::{Member}:assumed-role/AWSControlTowerExecutionCopy/mallory", "us-east-1"), true),
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
            // A sign-in is an access (PlatformActivity, announced or not); a change is an operation (PlatformChange, which an
            // announced window silences on the central bus). Each event of the platform team is one of the two, never both.
            new("PlatformActivity", "platform user signs in", "aws.signin", "AWS Console Sign In via CloudTrail", Call("signin.amazonaws.com", "ConsoleLogin", PlatformSession, "us-east-1"), true),
            new("PlatformActivity", "platform Identity Center session changes an instance (a change, not an access)", "aws.ec2", Api, Call("ec2.amazonaws.com", "ModifyInstanceAttribute", PlatformSession), false),
            new("PlatformActivity", "system administrator signs in", "aws.signin", "AWS Console Sign In via CloudTrail", Call("signin.amazonaws.com", "ConsoleLogin", region: "us-east-1"), false),
            new("PlatformChange", "platform Identity Center session changes an instance", "aws.ec2", Api, Call("ec2.amazonaws.com", "ModifyInstanceAttribute", PlatformSession), true),
            new("PlatformChange", "platform Identity Center session creates a role in us-east-1", "aws.iam", Api, Call("iam.amazonaws.com", "CreateRole", PlatformSession, "us-east-1"), true),
            new("PlatformChange", "platform user signs in (an access, not a change)", "aws.signin", "AWS Console Sign In via CloudTrail", Call("signin.amazonaws.com", "ConsoleLogin", PlatformSession, "us-east-1"), false),
            new("PlatformChange", "platform read recorded as read-only", "aws.ec2", Api, Call("ec2.amazonaws.com", "DescribeInstances", PlatformSession).Replace("\"readOnly\":false", "\"readOnly\":true", StringComparison.Ordinal), false),
            new("PlatformChange", "system administrator changes an instance", "aws.ec2", Api, Call("ec2.amazonaws.com", "ModifyInstanceAttribute"), false),
            new("ConfigNonCompliance", "a detective check finds an unencrypted volume", "aws.config", "Config Rules Compliance Change", Compliance("NON_COMPLIANT", "COMPLIANT"), true),
            new("ConfigNonCompliance", "the volume is compliant again", "aws.config", "Config Rules Compliance Change", Compliance("COMPLIANT", "NON_COMPLIANT"), false),
            new("ConfigNonCompliance", "a CloudTrail record of a Config call", "aws.config", Api, Call("config.amazonaws.com", "PutConfigRule"), false),
        ];
        return [.. cases];
    }

    /// <summary>
    /// A Config compliance change as Config puts it on the evaluated account's default bus (the Config developer guide's
    /// example "Config Rules Compliance Change" event): a Control Tower detective control's rule found a resource.
    /// </summary>
    private static string Compliance(string now, string before) => new JsonObject
    {
        ["resourceId"] = "vol-0a1b2c3d4e5f67890",
        ["awsRegion"] = "ap-northeast-3",
        ["awsAccountId"] = Member,
        ["configRuleName"] = "AWSControlTower_AWS-GR_ENCRYPTED_VOLUMES",
        ["recordVersion"] = "1.0",
        ["configRuleARN"] = $"arn:aws:config:ap-northeast-3:{Member}:config-rule/config-rule-abcdef",
        ["messageType"] = "ComplianceChangeNotification",
        ["newEvaluationResult"] = new JsonObject
        {
            ["evaluationResultIdentifier"] = new JsonObject
            {
                ["evaluationResultQualifier"] = new JsonObject { ["configRuleName"] = "AWSControlTower_AWS-GR_ENCRYPTED_VOLUMES", ["resourceType"] = "AWS::EC2::Volume", ["resourceId"] = "vol-0a1b2c3d4e5f67890" },
                ["orderingTimestamp"] = "2026-12-01T01:05:00.000Z",
            },
            ["complianceType"] = now,
            ["resultRecordedTime"] = "2026-12-01T01:05:10.000Z",
            ["configRuleInvokedTime"] = "2026-12-01T01:05:05.000Z",
        },
        ["oldEvaluationResult"] = new JsonObject { ["complianceType"] = before },
        ["notificationCreationTime"] = "2026-12-01T01:05:11.000Z",
        ["resourceType"] = "AWS::EC2::Volume",
    }.ToJsonString();

    private JsonObject Template(string control) => JsonNode.Parse(catalog.Templates[control])!.AsObject();

    private List<KeyValuePair<string, JsonNode?>> Rules(string control) =>
        Template(control)["Resources"]!.AsObject().Where(kv => kv.Value!["Type"]!.GetValue<string>() == "AWS::Events::Rule").ToList();

    private string Pattern(string control, string logicalPrefix, string management = OtherManagement)
    {
        var template = Template(control);
        var rule = template["Resources"]!.AsObject()
            .Where(kv => Regex.IsMatch(kv.Key, $"^{logicalPrefix}([0-9A-F]{{8}})?$") && kv.Value!["Type"]!.GetValue<string>() == "AWS::Events::Rule")
            .Select(kv => kv.Value!)
            .Single();
        return new TemplateResolver(template, new Dictionary<string, string> { ["ManagementAccountId"] = management }).Resolve(rule["Properties"]!["EventPattern"])!.ToJsonString();
    }
}
