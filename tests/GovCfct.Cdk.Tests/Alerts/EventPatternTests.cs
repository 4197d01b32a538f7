using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GovCfct.Cdk.Tests.Support;

namespace GovCfct.Cdk.Tests.Alerts;

/// <summary>One sample event for one rule, and whether the rule must fire on it.</summary>
public sealed record PatternCase(string Control, string Rule, string Name, string Source, string DetailType, string Detail, string[] Resources, bool Fires)
{
    public override string ToString() => $"{Control}/{Rule}: {Name} → {(Fires ? "fires" : "silent")}";
}

/// <summary>
/// Every EventBridge rule of the CDK controls, as deployed (intrinsics resolved with the catalog defaults), against
/// matching and non-matching sample events, with moto's EventBridge as the independent matcher: a pattern that
/// misses is a silent failure, one that is too broad drowns the real alerts.
/// </summary>
[Collection(SynthesizedCollection.Name)]
public sealed class EventPatternTests(SynthesizedCatalog catalog, MotoEvents moto)
{
    private const string Account = MotoEvents.AccountId;
    private const string Platform = $"arn:aws:sts::{Account}:assumed-role/AWSReservedSSO_GovCloudPlatformOperator_0a1b2c3d4e5f6789/taro.yamada@example.go.jp";
    private const string Admin = $"arn:aws:sts::{Account}:assumed-role/AWSReservedSSO_AWSAdministratorAccess_9f8e7d6c5b4a3210/hanako@example.lg.jp";
    private const string Repo = $"arn:aws:codecommit:ap-northeast-1:{Account}:custom-control-tower-configuration";

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rule_fires_exactly_on_the_events_it_is_for(PatternCase c)
    {
        var template = JsonNode.Parse(catalog.Templates[c.Control])!.AsObject();
        var rule = template["Resources"]!.AsObject()
            .Where(kv => Regex.IsMatch(kv.Key, $"^{c.Rule}[0-9A-F]{{8}}$") && kv.Value!["Type"]!.GetValue<string>() == "AWS::Events::Rule")
            .Select(kv => kv.Value!)
            .Single();
        var pattern = new TemplateResolver(template).Resolve(rule["Properties"]!["EventPattern"])!.ToJsonString();

        moto.Matches(pattern, c.Source, c.DetailType, c.Detail, c.Resources).Should().Be(c.Fires, $"pattern {pattern}");
    }

    public static TheoryData<PatternCase> Cases()
    {
        const string api = "AWS API Call via CloudTrail";
        static string Call(string eventSource, string eventName, string arn = Admin, bool readOnly = false) =>
            new JsonObject
            {
                ["eventVersion"] = "1.09",
                ["userIdentity"] = new JsonObject { ["type"] = "AssumedRole", ["arn"] = arn, ["accountId"] = Account },
                ["eventSource"] = eventSource,
                ["eventName"] = eventName,
                ["awsRegion"] = "ap-northeast-1",
                ["readOnly"] = readOnly,
                ["eventType"] = "AwsApiCall",
                ["managementEvent"] = true,
            }.ToJsonString();
        // Security Hub sends "findings" as an array of finding objects; EventBridge matches into such arrays, but
        // moto 5.2 does not descend into arrays of objects, so the samples carry the one finding as an object. The
        // field paths and values are what is tested here; the array semantics are EventBridge's documented behaviour.
        static string Finding(string label, string record = "ACTIVE", string workflow = "NEW") =>
            $$$"""{"findings":{"SchemaVersion":"2018-10-08","Severity":{"Label":"{{{label}}}","Normalized":70},"Workflow":{"Status":"{{{workflow}}}"},"RecordState":"{{{record}}}","Compliance":{"Status":"FAILED"} } }""";
        static string Duty(string severity) => $$"""{"schemaVersion":"2.0","type":"Recon:EC2/PortProbeUnprotectedPort","severity":{{severity}}}""";
        static string Push(string evt, string branch, string caller) =>
            $$"""{"event":"{{evt}}","repositoryName":"custom-control-tower-configuration","referenceType":"branch","referenceName":"{{branch}}","referenceFullName":"refs/heads/{{branch}}","callerUserArn":"{{caller}}","commitId":"0123456789abcdef0123456789abcdef01234567"}""";
        static string Lifecycle(string eventName, string statusKey, string state) =>
            new JsonObject
            {
                ["eventName"] = eventName,
                ["eventSource"] = "controltower.amazonaws.com",
                ["serviceEventDetails"] = new JsonObject
                {
                    [statusKey] = new JsonObject
                    {
                        ["state"] = state,
                        ["account"] = new JsonObject { ["accountName"] = "city-a-system", ["accountId"] = "210987654321" },
                        ["organizationalUnit"] = new JsonObject { ["organizationalUnitName"] = "Systems" },
                    },
                },
            }.ToJsonString();
        var machineArn = $"arn:aws:states:ap-northeast-1:{Account}:stateMachine:gc-account-creation-hook";

        PatternCase[] cases =
        [
            new("security-alerts", "SecurityGroupChangeRule", "ingress opened", "aws.ec2", api, Call("ec2.amazonaws.com", "AuthorizeSecurityGroupIngress"), [], true),
            new("security-alerts", "SecurityGroupChangeRule", "group deleted", "aws.ec2", api, Call("ec2.amazonaws.com", "DeleteSecurityGroup"), [], true),
            new("security-alerts", "SecurityGroupChangeRule", "instance started", "aws.ec2", api, Call("ec2.amazonaws.com", "RunInstances"), [], false),
            new("security-alerts", "SecurityGroupChangeRule", "network ACL entry", "aws.ec2", api, Call("ec2.amazonaws.com", "CreateNetworkAclEntry"), [], false),
            new("security-alerts", "NetworkAclChangeRule", "entry replaced", "aws.ec2", api, Call("ec2.amazonaws.com", "ReplaceNetworkAclEntry"), [], true),
            new("security-alerts", "NetworkAclChangeRule", "security group rule", "aws.ec2", api, Call("ec2.amazonaws.com", "AuthorizeSecurityGroupIngress"), [], false),
            new("security-alerts", "CloudTrailChangeRule", "logging stopped", "aws.cloudtrail", api, Call("cloudtrail.amazonaws.com", "StopLogging"), [], true),
            new("security-alerts", "CloudTrailChangeRule", "trail deleted", "aws.cloudtrail", api, Call("cloudtrail.amazonaws.com", "DeleteTrail"), [], true),
            new("security-alerts", "CloudTrailChangeRule", "logging started", "aws.cloudtrail", api, Call("cloudtrail.amazonaws.com", "StartLogging"), [], false),
            new("security-alerts", "SecurityHubFindingRule", "critical new", "aws.securityhub", "Security Hub Findings - Imported", Finding("CRITICAL"), [], true),
            new("security-alerts", "SecurityHubFindingRule", "high new", "aws.securityhub", "Security Hub Findings - Imported", Finding("HIGH"), [], true),
            new("security-alerts", "SecurityHubFindingRule", "medium", "aws.securityhub", "Security Hub Findings - Imported", Finding("MEDIUM"), [], false),
            new("security-alerts", "SecurityHubFindingRule", "critical archived", "aws.securityhub", "Security Hub Findings - Imported", Finding("CRITICAL", record: "ARCHIVED"), [], false),
            new("security-alerts", "SecurityHubFindingRule", "critical suppressed", "aws.securityhub", "Security Hub Findings - Imported", Finding("CRITICAL", workflow: "SUPPRESSED"), [], false),
            new("security-alerts", "GuardDutyFindingRule", "severity 4", "aws.guardduty", "GuardDuty Finding", Duty("4"), [], true),
            new("security-alerts", "GuardDutyFindingRule", "severity 8.5", "aws.guardduty", "GuardDuty Finding", Duty("8.5"), [], true),
            new("security-alerts", "GuardDutyFindingRule", "severity 3.9", "aws.guardduty", "GuardDuty Finding", Duty("3.9"), [], false),
            new("security-alerts", "GuardDutyFindingRule", "severity 2", "aws.guardduty", "GuardDuty Finding", Duty("2"), [], false),
            new("unexpected-platform-access", "PlatformActivityRule", "platform user changes", "aws.ec2", api, Call("ec2.amazonaws.com", "ModifyInstanceAttribute", Platform), [], true),
            new("unexpected-platform-access", "PlatformActivityRule", "platform user signs in", "aws.signin", "AWS Console Sign In via CloudTrail", Call("signin.amazonaws.com", "ConsoleLogin", Platform), [], true),
            new("unexpected-platform-access", "PlatformActivityRule", "system admin changes", "aws.ec2", api, Call("ec2.amazonaws.com", "ModifyInstanceAttribute", Admin), [], false),
            new("unexpected-platform-access", "PlatformActivityRule", "look-alike permission set", "aws.ec2", api, Call("ec2.amazonaws.com", "ModifyInstanceAttribute", Platform.Replace("Operator_", "OperatorTest_", StringComparison.Ordinal)), [], false),
            new("unannounced-operations", "UnannouncedChangeRule", "platform write", "aws.s3", api, Call("s3.amazonaws.com", "PutBucketPolicy", Platform), [], true),
            new("unannounced-operations", "UnannouncedChangeRule", "platform read", "aws.s3", api, Call("s3.amazonaws.com", "GetBucketPolicy", Platform, readOnly: true), [], false),
            new("unannounced-operations", "UnannouncedChangeRule", "system admin write", "aws.s3", api, Call("s3.amazonaws.com", "PutBucketPolicy", Admin), [], false),
            new("cfct-template-change-alert", "UnapprovedTemplateChangeRule", "direct push by a user", "aws.codecommit", "CodeCommit Repository State Change", Push("referenceUpdated", "main", $"arn:aws:iam::{Account}:user/someone"), [Repo], true),
            new("cfct-template-change-alert", "UnapprovedTemplateChangeRule", "push by an admin role", "aws.codecommit", "CodeCommit Repository State Change", Push("referenceUpdated", "main", Admin), [Repo], true),
            new("cfct-template-change-alert", "UnapprovedTemplateChangeRule", "branch deleted", "aws.codecommit", "CodeCommit Repository State Change", Push("referenceDeleted", "main", Admin), [Repo], true),
            new("cfct-template-change-alert", "UnapprovedTemplateChangeRule", "merge by the approved role", "aws.codecommit", "CodeCommit Repository State Change", Push("referenceUpdated", "main", $"arn:aws:sts::{Account}:assumed-role/GovCloudCfctApprover/approver-1"), [Repo], false),
            new("cfct-template-change-alert", "UnapprovedTemplateChangeRule", "look-alike approved role", "aws.codecommit", "CodeCommit Repository State Change", Push("referenceUpdated", "main", $"arn:aws:sts::{Account}:assumed-role/GovCloudCfctApproverX/x"), [Repo], true),
            new("cfct-template-change-alert", "UnapprovedTemplateChangeRule", "feature branch", "aws.codecommit", "CodeCommit Repository State Change", Push("referenceUpdated", "feature/new-scp", Admin), [Repo], false),
            new("cfct-template-change-alert", "UnapprovedTemplateChangeRule", "other repository", "aws.codecommit", "CodeCommit Repository State Change", Push("referenceUpdated", "main", Admin), [$"arn:aws:codecommit:ap-northeast-1:{Account}:application"], false),
            new("account-creation-hook", "CreateManagedAccountRule", "account created", "aws.controltower", "AWS Service Event via CloudTrail", Lifecycle("CreateManagedAccount", "createManagedAccountStatus", "SUCCEEDED"), [], true),
            new("account-creation-hook", "CreateManagedAccountRule", "creation failed", "aws.controltower", "AWS Service Event via CloudTrail", Lifecycle("CreateManagedAccount", "createManagedAccountStatus", "FAILED"), [], false),
            new("account-creation-hook", "CreateManagedAccountRule", "account updated", "aws.controltower", "AWS Service Event via CloudTrail", Lifecycle("UpdateManagedAccount", "updateManagedAccountStatus", "SUCCEEDED"), [], false),
            new("account-creation-hook", "UpdateManagedAccountRule", "account updated", "aws.controltower", "AWS Service Event via CloudTrail", Lifecycle("UpdateManagedAccount", "updateManagedAccountStatus", "SUCCEEDED"), [], true),
            new("account-creation-hook", "UpdateManagedAccountRule", "update in progress", "aws.controltower", "AWS Service Event via CloudTrail", Lifecycle("UpdateManagedAccount", "updateManagedAccountStatus", "IN_PROGRESS"), [], false),
            new("account-creation-hook", "ForwardCreateManagedAccountRule", "account created", "aws.controltower", "AWS Service Event via CloudTrail", Lifecycle("CreateManagedAccount", "createManagedAccountStatus", "SUCCEEDED"), [], true),
            new("account-creation-hook", "HookExecutionFailedRule", "hook failed", "aws.states", "Step Functions Execution Status Change", $$"""{"status":"FAILED","stateMachineArn":"{{machineArn}}"}""", [], true),
            new("account-creation-hook", "HookExecutionFailedRule", "hook succeeded", "aws.states", "Step Functions Execution Status Change", $$"""{"status":"SUCCEEDED","stateMachineArn":"{{machineArn}}"}""", [], false),
            new("account-creation-hook", "HookExecutionFailedRule", "other machine failed", "aws.states", "Step Functions Execution Status Change", $$"""{"status":"FAILED","stateMachineArn":"{{machineArn}}-other"}""", [], false),
        ];
        return [.. cases];
    }
}
