using System.Text.Json.Nodes;
using GovCfct.Core.Policies;
using GovCfct.Core.Tests.TestSupport;
using YamlDotNet.RepresentationModel;

namespace GovCfct.Core.Tests.SecurityServices;

/// <summary>
/// The two stacks of GuardDuty's organization set-up as rendered for the government cloud (home ap-northeast-1,
/// governed ap-northeast-1 and ap-northeast-3): cfn-lint clean; the management account's role allows exactly the calls
/// its state machine makes there, the audit account's role exactly the calls made through it, and trusts exactly the
/// state-machine roles the management stack creates in each governed region; the triggers reach every governed region.
/// </summary>
public sealed class GuardDutyOrganizationStackTests
{
    private static readonly Lazy<string> Management = new(() => CatalogFixture.Render("guardduty-organization", CatalogFixture.RequiredSamples));

    private static readonly Lazy<string> AuditRole = new(() => CatalogFixture.Render("guardduty-organization-role", CatalogFixture.RequiredSamples));

    [Fact]
    public void Both_templates_are_cfn_lint_clean_in_both_governed_regions()
    {
        var folder = Directory.CreateTempSubdirectory("govcfct-guardduty-").FullName;
        try
        {
            var files = new[] { ("management", Management.Value), ("audit", AuditRole.Value) }.Select(t =>
            {
                var file = Path.Combine(folder, t.Item1 + ".template");
                File.WriteAllText(file, t.Item2);
                return file;
            }).ToList();

            var (exitCode, output) = CfnLint.Lint(files);
            output.Should().BeEmpty();
            exitCode.Should().Be(0);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Each_role_allows_exactly_the_calls_made_as_it()
    {
        var definition = TestSupport.StateMachineDefinition.ToJson(Properties(Management.Value, "StateMachine")["Definition"])!;
        var tasks = definition["States"]!.AsObject().Select(s => s.Value!.AsObject()).Where(s => s["Type"]!.GetValue<string>() == "Task").ToList();
        string Action(JsonObject task) => "guardduty:" + task["Resource"]!.GetValue<string>()["arn:aws:states:::aws-sdk:guardduty:".Length..];

        var inManagement = tasks.Where(t => t["Credentials"] is null).Select(Action).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var inAudit = tasks.Where(t => t["Credentials"] is not null).Select(Action).ToHashSet(StringComparer.OrdinalIgnoreCase);
        inManagement.Should().BeEquivalentTo(["guardduty:listOrganizationAdminAccounts", "guardduty:enableOrganizationAdminAccount"]);
        inAudit.Should().HaveCount(4);
        inManagement.Concat(inAudit).Should().OnlyContain(a => IamActionCatalog.Default.Exists(a), "every SDK call is a real IAM action");
        tasks.Should().OnlyContain(t => t["Resource"]!.GetValue<string>().StartsWith("arn:aws:states:::aws-sdk:guardduty:", StringComparison.Ordinal), "no Lambda, only GuardDuty SDK integrations");

        var management = Statements(Management.Value, "StateMachineRole");
        var managementActions = management.SelectMany(s => s.Actions).ToHashSet(StringComparer.OrdinalIgnoreCase);
        inManagement.Should().OnlyContain(a => managementActions.Contains(a));
        managementActions.Where(a => a.StartsWith("guardduty:", StringComparison.OrdinalIgnoreCase)).Select(Lower).Should().BeEquivalentTo(inManagement.Select(Lower), "the management role does no GuardDuty call of the audit account's");
        management.Should().ContainSingle(s => s.Actions.Contains("sts:AssumeRole")).Which.Resource.Should().Be("!Sub arn:${AWS::Partition}:iam::${SecurityAdminAccountId}:role/gc-guardduty-organization-config");
        managementActions.Should().OnlyContain(a => IamActionCatalog.Default.Exists(a));

        var audit = Statements(AuditRole.Value, "OrganizationConfigurationRole");
        var auditActions = audit.SelectMany(s => s.Actions).ToHashSet(StringComparer.OrdinalIgnoreCase);
        auditActions.Select(Lower).Should().BeEquivalentTo(inAudit.Append("iam:CreateServiceLinkedRole").Select(Lower), "the audit role may do nothing else");
        auditActions.Should().OnlyContain(a => IamActionCatalog.Default.Exists(a));
        audit.Single(s => s.Actions.Contains("iam:CreateServiceLinkedRole")).Condition.Should().Contain("iam:AWSServiceName").And.Contain("guardduty.amazonaws.com");
    }

    [Fact]
    public void The_audit_role_trusts_exactly_the_state_machine_roles_of_every_governed_region()
    {
        // The name the management stack gives its role, resolved per region as CloudFormation's !Sub does.
        var roleName = ((YamlScalarNode)Properties(Management.Value, "StateMachineRole")["RoleName"]).Value!;
        roleName.Should().Be("gc-guardduty-organization-${AWS::Region}");
        var expected = CfnLint.GovernedRegions.Select(r => $"arn:${{AWS::Partition}}:iam::${{ManagementAccountId}}:role/{roleName.Replace("${AWS::Region}", r, StringComparison.Ordinal)}").ToList();

        var trust = (YamlMappingNode)Properties(AuditRole.Value, "OrganizationConfigurationRole")["AssumeRolePolicyDocument"];
        var statement = (YamlMappingNode)((YamlSequenceNode)trust["Statement"]).Children.Should().ContainSingle().Subject;
        ((YamlScalarNode)statement["Effect"]).Value.Should().Be("Allow");
        ((YamlScalarNode)statement["Action"]).Value.Should().Be("sts:AssumeRole");
        ((YamlScalarNode)((YamlMappingNode)statement["Principal"])["AWS"]).Value.Should().Be("arn:${AWS::Partition}:iam::${ManagementAccountId}:root");
        var condition = (YamlMappingNode)statement["Condition"];
        condition.Children.Keys.Select(k => ((YamlScalarNode)k).Value).Should().Equal("ArnEquals");
        var arns = (YamlSequenceNode)((YamlMappingNode)condition["ArnEquals"])["aws:PrincipalArn"];
        arns.Children.Select(a => ((YamlScalarNode)a).Value).Should().Equal(expected);
        ((YamlScalarNode)Properties(AuditRole.Value, "OrganizationConfigurationRole")["RoleName"]).Value.Should().Be("gc-guardduty-organization-config", "the name the state machine's Credentials and the management role's sts:AssumeRole name");
    }

    [Fact]
    public void Lifecycle_events_reach_every_governed_region_and_a_daily_schedule_runs_in_each()
    {
        var resources = TestSupport.StateMachineDefinition.Resources(Management.Value);
        var lifecycle = (YamlMappingNode)((YamlMappingNode)resources["LifecycleRule"])["Properties"];
        var pattern = TestSupport.StateMachineDefinition.ToJson(lifecycle["EventPattern"])!;
        pattern["source"]!.AsArray().Select(s => s!.GetValue<string>()).Should().Equal("aws.controltower");
        pattern["detail-type"]!.AsArray().Select(s => s!.GetValue<string>()).Should().Equal("AWS Service Event via CloudTrail");
        pattern["detail"]!["eventName"]!.AsArray().Select(s => s!.GetValue<string>()).Should().Equal("CreateManagedAccount", "UpdateManagedAccount");
        pattern["detail"]!["$or"]!.ToJsonString().Should().Contain("createManagedAccountStatus").And.Contain("updateManagedAccountStatus").And.Contain("SUCCEEDED");
        ((YamlMappingNode)resources["LifecycleRule"]).Children.Should().NotContainKey(new YamlScalarNode("Condition"), "forwarded events must start the machine outside the home region too");

        // One forwarder of Control Tower's events to the other governed regions (account-creation-hook's): a second one here
        // would start every other region's state machines twice per event. No rule of this stack targets another bus.
        foreach (var (key, resource) in resources.Children)
        {
            if (((YamlScalarNode)((YamlMappingNode)resource)["Type"]).Value != "AWS::Events::Rule")
            {
                continue;
            }

            var targets = (YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)resource)["Properties"])["Targets"];
            targets.Children.Select(t => ((YamlMappingNode)t)["Arn"].ToString()).Should().NotContain(a => a.Contains("event-bus/default", StringComparison.Ordinal), ((YamlScalarNode)key).Value);
        }

        var schedule = (YamlMappingNode)((YamlMappingNode)resources["DailySchedule"])["Properties"];
        ((YamlScalarNode)schedule["ScheduleExpression"]).Value.Should().Be("rate(1 day)");
        ((YamlMappingNode)resources["DailySchedule"]).Children.Should().NotContainKey(new YamlScalarNode("Condition"));
        Statements(Management.Value, "StartRole").Should().ContainSingle().Which.Actions.Should().Equal("states:StartExecution");
    }

    [Theory]
    [InlineData("CreateManagedAccount", "createManagedAccountStatus", "SUCCEEDED", true)]
    [InlineData("UpdateManagedAccount", "updateManagedAccountStatus", "SUCCEEDED", true)]
    [InlineData("CreateManagedAccount", "createManagedAccountStatus", "FAILED", false)]
    [InlineData("UpdateManagedAccount", "updateManagedAccountStatus", "FAILED", false)]
    [InlineData("RegisterOrganizationalUnit", "registerOrganizationalUnitStatus", "SUCCEEDED", false)]
    public void The_lifecycle_rule_matches_only_accounts_control_tower_finished(string eventName, string statusKey, string state, bool matches)
    {
        // A Control Tower lifecycle event as the Control Tower guide shows it (docs/facts/landing-zone.md §4), matched by moto's EventBridge.
        var pattern = TestSupport.StateMachineDefinition.ToJson(Properties(Management.Value, "LifecycleRule")["EventPattern"])!.ToJsonString();
        var detail = new JsonObject
        {
            ["eventVersion"] = "1.08",
            ["eventSource"] = "controltower.amazonaws.com",
            ["eventName"] = eventName,
            ["eventType"] = "AwsServiceEvent",
            ["awsRegion"] = "ap-northeast-1",
            ["serviceEventDetails"] = new JsonObject
            {
                [statusKey] = new JsonObject
                {
                    ["organizationalUnit"] = new JsonObject { ["organizationalUnitName"] = "Workloads", ["organizationalUnitId"] = "ou-ab12-11111111" },
                    ["account"] = new JsonObject { ["accountName"] = "digital", ["accountId"] = "444455556666" },
                    ["state"] = state,
                    ["message"] = "AWS Control Tower finished the operation.",
                    ["requestedTimestamp"] = "2026-12-01T01:00:00+0000",
                    ["completedTimestamp"] = "2026-12-01T01:25:00+0000",
                },
            },
        };

        using var moto = new MotoEvents();
        moto.Matches(pattern, "aws.controltower", "AWS Service Event via CloudTrail", detail.ToJsonString(), []).Should().Be(matches);
    }

    [Theory]
    [InlineData("FAILED", true)]
    [InlineData("TIMED_OUT", true)]
    [InlineData("ABORTED", true)]
    [InlineData("SUCCEEDED", false)]
    [InlineData("RUNNING", false)]
    public void A_run_that_does_not_finish_is_forwarded_to_the_central_alert_bus(string status, bool forwarded)
    {
        // A Step Functions execution status change as Step Functions puts it on the default bus, matched by moto's EventBridge.
        var rule = Properties(Management.Value, "ExecutionFailedRule");
        const string machine = "arn:aws:states:ap-northeast-3:111122223333:stateMachine:gc-guardduty-organization";
        var pattern = TestSupport.StateMachineDefinition.ToJson(rule["EventPattern"])!;
        pattern["detail"]!["stateMachineArn"] = new JsonArray(machine);
        var detail = new JsonObject
        {
            ["executionArn"] = machine.Replace("stateMachine", "execution", StringComparison.Ordinal) + ":daily-1",
            ["stateMachineArn"] = machine,
            ["name"] = "daily-1",
            ["status"] = status,
            ["input"] = "{\"trigger\": \"daily\"}",
        };

        using var moto = new MotoEvents();
        moto.Matches(pattern.ToJsonString(), "aws.states", "Step Functions Execution Status Change", detail.ToJsonString(), []).Should().Be(forwarded);
        moto.Matches(pattern.ToJsonString(), "aws.states", "Step Functions Execution Status Change", detail.ToJsonString().Replace("gc-guardduty-organization\"", "other-machine\"", StringComparison.Ordinal), []).Should().BeFalse("another state machine");

        var target = (YamlMappingNode)((YamlSequenceNode)rule["Targets"]).Children.Should().ContainSingle().Subject;
        ((YamlScalarNode)target["Arn"]).Value.Should().Be("arn:${AWS::Partition}:events:ap-northeast-1:${AlertAccountId}:event-bus/gc-central-alerts");
        ((YamlScalarNode)Properties(Management.Value, "AlertSenderRole")["RoleName"]).Value.Should().Be("gc-guardduty-organization-sender-${AWS::Region}");
        Statements(Management.Value, "AlertSenderRole").Should().ContainSingle().Which.Actions.Should().Equal("events:PutEvents");
    }

    [Fact]
    public void With_one_governed_region_nothing_is_forwarded()
    {
        var context = CatalogFixture.Context(CatalogFixture.RequiredSamples) with { Organization = CatalogFixture.Organization() with { GovernedRegions = ["ap-northeast-1"] } };
        var diagnostics = new Core.Diagnostics.DiagnosticBag();
        var text = new Core.Rendering.TemplateRenderer().Render(CatalogFixture.Control("guardduty-organization"), context, diagnostics);

        diagnostics.Items.Should().BeEmpty();
        var resources = TestSupport.StateMachineDefinition.Resources(text!);
        resources.Children.Keys.Select(k => ((YamlScalarNode)k).Value).Should().NotContain(["ForwardLifecycleRule", "ForwardRole"]).And.Contain(["LifecycleRule", "DailySchedule"]);
    }

    [Fact]
    public void Every_alert_resource_carries_the_control_name()
    {
        var resources = TestSupport.StateMachineDefinition.Resources(Management.Value);
        var named = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["StateMachine"] = "StateMachineName",
            ["LifecycleRule"] = "Name",
            ["ExecutionFailedRule"] = "Name",
            ["DailySchedule"] = "Name",
        };
        foreach (var (logicalId, property) in named)
        {
            ((YamlScalarNode)((YamlMappingNode)((YamlMappingNode)resources[logicalId])["Properties"])[property]).Value.Should().StartWith("gc-guardduty-organization");
        }
    }

    private static string Lower(string action) => action.ToLowerInvariant();

    private static YamlMappingNode Properties(string template, string logicalId) =>
        (YamlMappingNode)((YamlMappingNode)TestSupport.StateMachineDefinition.Resources(template)[logicalId])["Properties"];

    private sealed record Statement(IReadOnlyList<string> Actions, string Resource, string Condition);

    /// <summary>Every statement of the role's inline policies; !Sub resources as "!Sub text".</summary>
    private static List<Statement> Statements(string template, string logicalId)
    {
        var result = new List<Statement>();
        foreach (var policy in ((YamlSequenceNode)Properties(template, logicalId)["Policies"]).Cast<YamlMappingNode>())
        {
            foreach (var statement in ((YamlSequenceNode)((YamlMappingNode)policy["PolicyDocument"])["Statement"]).Cast<YamlMappingNode>())
            {
                var action = statement["Action"];
                var actions = action is YamlSequenceNode list ? list.Select(a => ((YamlScalarNode)a).Value!).ToList() : [((YamlScalarNode)action).Value!];
                var resource = statement["Resource"] switch
                {
                    YamlScalarNode { Tag.IsEmpty: false } sub => $"{sub.Tag.Value} {sub.Value}",
                    YamlScalarNode scalar => scalar.Value!,
                    YamlSequenceNode many => string.Join(' ', many.Cast<YamlScalarNode>().Select(s => s.Value)),
                    _ => string.Empty,
                };
                var condition = statement.Children.TryGetValue(new YamlScalarNode("Condition"), out var node) ? TestSupport.StateMachineDefinition.ToJson(node)!.ToJsonString() : string.Empty;
                result.Add(new Statement(actions, resource, condition));
            }
        }

        return result;
    }
}
