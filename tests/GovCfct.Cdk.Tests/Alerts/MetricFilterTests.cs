using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GovCfct.Cdk.Tests.Support;

namespace GovCfct.Cdk.Tests.Alerts;

/// <summary>One CloudTrail record for one metric filter, and whether the filter must count it.</summary>
public sealed record FilterCase(string Control, string Filter, string Name, string Record, bool Counts)
{
    public override string ToString() => $"{Control}/{Filter}: {Name} → {(Counts ? "counts" : "ignored")}";
}

/// <summary>
/// The metric filters on the trail's log group (the alerts that must see us-east-1 IAM/STS/sign-in events), as
/// deployed, against matching and non-matching CloudTrail records (see <see cref="MetricFilterMatcher"/> for why
/// these are not matched by moto).
/// </summary>
[Collection(SynthesizedCollection.Name)]
public sealed class MetricFilterTests(SynthesizedCatalog catalog)
{
    // Moto's account: the management account in which the filters run against moto's CloudWatch Logs.
    private const string MotoAccountId = "123456789012";
    private const string Platform = "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_GovCloudPlatformOperator_0a1b2c3d4e5f6789/taro";
    private const string Admin = "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_AWSAdministratorAccess_9f8e7d6c5b4a3210/hanako";

    [Theory]
    [MemberData(nameof(Cases))]
    public void Filter_counts_exactly_the_records_it_is_for(FilterCase c)
    {
        var template = JsonNode.Parse(catalog.Templates[c.Control])!.AsObject();
        var filter = template["Resources"]!.AsObject()
            .Where(kv => Regex.IsMatch(kv.Key, $"^{c.Filter}[0-9A-F]{{8}}$") && kv.Value!["Type"]!.GetValue<string>() == "AWS::Logs::MetricFilter")
            .Select(kv => kv.Value!)
            .Single();
        var pattern = new TemplateResolver(template, new Dictionary<string, string> { ["BreakGlassRoleName"] = "GovCloudBreakGlass" }).ResolveString(filter["Properties"]!["FilterPattern"]!);
        pattern.Length.Should().BeLessThanOrEqualTo(1024, "CloudWatch Logs refuses a filter pattern over 1,024 characters (PutMetricFilter)");

        MetricFilterMatcher.Matches(pattern, c.Record).Should().Be(c.Counts, $"pattern {pattern}");
    }

    [Fact]
    public void The_matcher_rejects_patterns_outside_its_subset()
    {
        var act = () => MetricFilterMatcher.Matches("{ $.a > 3 }", "{\"a\":4}");
        act.Should().Throw<FormatException>();
    }

    public static TheoryData<FilterCase> Cases()
    {
        static string Record(string eventSource, string eventName, string type = "AssumedRole", string arn = Admin, string? invokedBy = null, string? errorCode = null, bool readOnly = false, string eventType = "AwsApiCall", string recipient = "555566667777", JsonObject? request = null)
        {
            var identity = new JsonObject { ["type"] = type, ["arn"] = arn, ["accountId"] = "123456789012" };
            if (invokedBy is not null)
            {
                identity["invokedBy"] = invokedBy;
            }

            var record = new JsonObject
            {
                ["eventVersion"] = "1.09",
                ["userIdentity"] = identity,
                ["eventSource"] = eventSource,
                ["eventName"] = eventName,
                ["awsRegion"] = "us-east-1",
                ["readOnly"] = readOnly,
                ["eventType"] = eventType,
                // The account the organization trail recorded the event for (the filters run on the management account's trail).
                ["recipientAccountId"] = recipient,
            };
            if (errorCode is not null)
            {
                record["errorCode"] = errorCode;
            }

            if (request is not null)
            {
                record["requestParameters"] = request;
            }

            return record.ToJsonString();
        }

        const string root = "arn:aws:iam::123456789012:root";
        const string member = "555566667777";
        const string stackSetRole = $"arn:aws:sts::{member}:assumed-role/stacksets-exec-0a1b2c3d4e5f67890a1b2c3d4e5f6789/1733000000000";
        const string ctExecution = $"arn:aws:sts::{member}:assumed-role/AWSControlTowerExecution/AWSCloudFormation-StackSet";
        const string cfctInMember = $"arn:aws:sts::{member}:assumed-role/CustomControlTowerLookAlike/mallory";
        const string cfct = "arn:aws:sts::123456789012:assumed-role/CustomControlTowerStateMachineLambdaRole/CustomControlTowerStateMachineLambda";
        const string ctService = "arn:aws:sts::123456789012:assumed-role/AWSControlTowerAdmin/AWSControlTower";
        const string gdMachine = "arn:aws:sts::123456789012:assumed-role/gc-guardduty-organization-ap-northeast-1/1733000000000";
        const string breakGlass = $"arn:aws:sts::{member}:assumed-role/GovCloudBreakGlass/incident-2026-12";
        FilterCase[] cases =
        [
            new("security-alerts", "RootActivityFilter", "root signs in", Record("signin.amazonaws.com", "ConsoleLogin", "Root", root, eventType: "AwsConsoleSignIn"), true),
            new("security-alerts", "RootActivityFilter", "root calls an API", Record("s3.amazonaws.com", "DeleteBucket", "Root", root), true),
            new("security-alerts", "RootActivityFilter", "service on behalf of root", Record("s3.amazonaws.com", "PutObject", "Root", root, invokedBy: "cloudtrail.amazonaws.com"), false),
            new("security-alerts", "RootActivityFilter", "service event", Record("health.amazonaws.com", "AWSHealthEvent", "Root", root, eventType: "AwsServiceEvent"), false),
            new("security-alerts", "RootActivityFilter", "role session", Record("s3.amazonaws.com", "DeleteBucket"), false),
            new("security-alerts", "IamPolicyChangeFilter", "inline role policy", Record("iam.amazonaws.com", "PutRolePolicy"), true),
            new("security-alerts", "IamPolicyChangeFilter", "managed policy attached", Record("iam.amazonaws.com", "AttachUserPolicy"), true),
            new("security-alerts", "IamPolicyChangeFilter", "default version switched", Record("iam.amazonaws.com", "SetDefaultPolicyVersion"), true),
            new("security-alerts", "IamPolicyChangeFilter", "policy read", Record("iam.amazonaws.com", "GetPolicy", readOnly: true), false),
            new("security-alerts", "IamPolicyChangeFilter", "bucket policy (not IAM)", Record("s3.amazonaws.com", "PutBucketPolicy"), false),
            new("security-alerts", "IamPolicyChangeFilter", "a role's trust policy changed", Record("iam.amazonaws.com", "UpdateAssumeRolePolicy"), true),
            new("security-alerts", "IamPolicyChangeFilter", "a policy simulated (read-only)", Record("iam.amazonaws.com", "SimulatePrincipalPolicy", readOnly: true), false),
            new("security-alerts", "IamPolicyChangeFilter", "a service-managed stack set's role puts a role policy (every CfCT run)", Record("iam.amazonaws.com", "PutRolePolicy", arn: stackSetRole, recipient: member), false),
            new("security-alerts", "IamPolicyChangeFilter", "Control Tower's execution role attaches a policy", Record("iam.amazonaws.com", "AttachRolePolicy", arn: ctExecution, recipient: member), false),
            new("security-alerts", "IamPolicyChangeFilter", "CfCT's own role in the management account", Record("iam.amazonaws.com", "PutRolePolicy", arn: cfct, recipient: MotoAccountId), false),
            new("security-alerts", "IamPolicyChangeFilter", "a CfCT look-alike role in a member account still alerts", Record("iam.amazonaws.com", "PutRolePolicy", arn: cfctInMember, recipient: member), true),
            new("security-alerts", "IamPolicyChangeFilter", "an Admin in the management account", Record("iam.amazonaws.com", "AttachRolePolicy", recipient: MotoAccountId), true),
            new("security-alerts", "ManagementControlPlaneChangeFilter", "an Admin detaches an SCP in the management account", Record("organizations.amazonaws.com", "DetachPolicy", recipient: MotoAccountId), true),
            new("security-alerts", "ManagementControlPlaneChangeFilter", "an Admin disables a Control Tower control", Record("controltower.amazonaws.com", "DisableControl", recipient: MotoAccountId), true),
            new("security-alerts", "ManagementControlPlaneChangeFilter", "an Admin disables a baseline", Record("controltower.amazonaws.com", "DisableBaseline", recipient: MotoAccountId), true),
            new("security-alerts", "ManagementControlPlaneChangeFilter", "an Admin moves an account", Record("organizations.amazonaws.com", "MoveAccount", recipient: MotoAccountId), true),
            new("security-alerts", "ManagementControlPlaneChangeFilter", "an Admin deregisters a delegated administrator", Record("organizations.amazonaws.com", "DeregisterDelegatedAdministrator", recipient: MotoAccountId), true),
            new("security-alerts", "ManagementControlPlaneChangeFilter", "an Admin disables a service's trusted access", Record("organizations.amazonaws.com", "DisableAWSServiceAccess", recipient: MotoAccountId), true),
            new("security-alerts", "ManagementControlPlaneChangeFilter", "an Admin disables the SCP policy type", Record("organizations.amazonaws.com", "DisablePolicyType", recipient: MotoAccountId), true),
            new("security-alerts", "ManagementControlPlaneChangeFilter", "an Admin deletes an SCP, even when refused", Record("organizations.amazonaws.com", "DeletePolicy", errorCode: "PolicyInUseException", recipient: MotoAccountId), true),
            new("security-alerts", "ManagementControlPlaneChangeFilter", "the platform permission set detaches an SCP", Record("organizations.amazonaws.com", "DetachPolicy", arn: Platform, recipient: MotoAccountId), false),
            new("security-alerts", "ManagementControlPlaneChangeFilter", "root detaches an SCP (RootActivity reports root)", Record("organizations.amazonaws.com", "DetachPolicy", "Root", root, recipient: MotoAccountId), false),
            new("security-alerts", "ManagementControlPlaneChangeFilter", "CfCT's SCP state machine detaches an SCP", Record("organizations.amazonaws.com", "DetachPolicy", arn: cfct, recipient: MotoAccountId), false),
            new("security-alerts", "ManagementControlPlaneChangeFilter", "Control Tower's service role", Record("organizations.amazonaws.com", "DetachPolicy", arn: ctService, recipient: MotoAccountId), false),
            new("security-alerts", "ManagementControlPlaneChangeFilter", "a CT control disabled by CfCT's stack (AWSControlTowerExecution)", Record("controltower.amazonaws.com", "DisableControl", arn: ctExecution.Replace(member, MotoAccountId, StringComparison.Ordinal), recipient: MotoAccountId), false),
            new("security-alerts", "ManagementControlPlaneChangeFilter", "the platform's GuardDuty state machine", Record("organizations.amazonaws.com", "DeregisterDelegatedAdministrator", arn: gdMachine, recipient: MotoAccountId), false),
            new("security-alerts", "ManagementControlPlaneChangeFilter", "an Admin attaches an SCP (not an undoing call)", Record("organizations.amazonaws.com", "AttachPolicy", recipient: MotoAccountId), false),
            new("security-alerts", "ManagementControlPlaneChangeFilter", "an IAM DeletePolicy is not an Organizations call", Record("iam.amazonaws.com", "DeletePolicy", recipient: MotoAccountId), false),
            new("security-alerts", "ManagementControlPlaneChangeFilter", "a member account's own Organizations call (MemberOrganizationChange reports it)", Record("organizations.amazonaws.com", "DetachPolicy", recipient: member), false),
            new("security-alerts", "BreakGlassUseFilter", "someone assumes the break-glass role", Record("sts.amazonaws.com", "AssumeRole", recipient: member, request: new JsonObject { ["roleArn"] = $"arn:aws:iam::{member}:role/GovCloudBreakGlass", ["roleSessionName"] = "incident-2026-12" }), true),
            new("security-alerts", "BreakGlassUseFilter", "a break-glass session calls an API", Record("ec2.amazonaws.com", "TerminateInstances", arn: breakGlass, recipient: member), true),
            new("security-alerts", "BreakGlassUseFilter", "a break-glass session signs in", Record("signin.amazonaws.com", "ConsoleLogin", arn: breakGlass, eventType: "AwsConsoleSignIn", recipient: member), true),
            new("security-alerts", "BreakGlassUseFilter", "another role is assumed", Record("sts.amazonaws.com", "AssumeRole", recipient: member, request: new JsonObject { ["roleArn"] = $"arn:aws:iam::{member}:role/GovCloudBreakGlassTest" }), false),
            new("security-alerts", "BreakGlassUseFilter", "an Admin works", Record("ec2.amazonaws.com", "TerminateInstances", recipient: member), false),
            new("security-alerts", "AccessKeyCreatedFilter", "key created", Record("iam.amazonaws.com", "CreateAccessKey"), true),
            new("security-alerts", "AccessKeyCreatedFilter", "key deleted", Record("iam.amazonaws.com", "DeleteAccessKey"), false),
            new("security-alerts", "UnauthorizedCallsFilter", "access denied", Record("s3.amazonaws.com", "ListBuckets", errorCode: "AccessDenied"), true),
            new("security-alerts", "UnauthorizedCallsFilter", "EC2 unauthorized", Record("ec2.amazonaws.com", "RunInstances", errorCode: "Client.UnauthorizedOperation"), true),
            new("security-alerts", "UnauthorizedCallsFilter", "successful call", Record("s3.amazonaws.com", "ListBuckets"), false),
            new("security-alerts", "UnauthorizedCallsFilter", "Config's own KMS decrypt", Record("kms.amazonaws.com", "Decrypt", invokedBy: "config.amazonaws.com", errorCode: "AccessDenied"), false),
            new("security-alerts", "UnauthorizedCallsFilter", "throttled", Record("s3.amazonaws.com", "ListBuckets", errorCode: "ThrottlingException"), false),
            new("unexpected-platform-access", "PlatformAccessFilter", "platform user signs in", Record("signin.amazonaws.com", "ConsoleLogin", arn: Platform, eventType: "AwsConsoleSignIn"), true),
            new("unexpected-platform-access", "PlatformAccessFilter", "platform user reads", Record("ec2.amazonaws.com", "DescribeInstances", arn: Platform, readOnly: true), true),
            new("unexpected-platform-access", "PlatformAccessFilter", "platform user works in the management account itself", Record("iam.amazonaws.com", "CreateRole", arn: Platform, recipient: MotoAccountId), false),
            new("unexpected-platform-access", "PlatformAccessFilter", "system admin signs in", Record("signin.amazonaws.com", "ConsoleLogin", arn: Admin, eventType: "AwsConsoleSignIn"), false),
            new("unannounced-operations", "UnannouncedGlobalChangeFilter", "platform creates a role", Record("iam.amazonaws.com", "CreateRole", arn: Platform), true),
            new("unannounced-operations", "UnannouncedGlobalChangeFilter", "platform lists roles", Record("iam.amazonaws.com", "ListRoles", arn: Platform, readOnly: true), false),
            new("unannounced-operations", "UnannouncedGlobalChangeFilter", "system admin creates a role", Record("iam.amazonaws.com", "CreateRole"), false),
        ];
        return [.. cases];
    }
}
