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
        var pattern = new TemplateResolver(template).ResolveString(filter["Properties"]!["FilterPattern"]!);

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
        static string Record(string eventSource, string eventName, string type = "AssumedRole", string arn = Admin, string? invokedBy = null, string? errorCode = null, bool readOnly = false, string eventType = "AwsApiCall", string recipient = "555566667777")
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

            return record.ToJsonString();
        }

        const string root = "arn:aws:iam::123456789012:root";
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
