using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;

namespace GovCfct.Testing;

/// <summary>
/// CloudTrail records written from the documented shapes (record contents:
/// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html, userIdentity:
/// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html), and log files in
/// the organization trail's layout (<c>&lt;o-id&gt;/AWSLogs/&lt;o-id&gt;/&lt;account&gt;/CloudTrail/&lt;region&gt;/yyyy/mm/dd/…json.gz</c>).
/// </summary>
public static class CloudTrailCorpus
{
    /// <summary>An IAM Identity Center permission set's role (path /aws-reserved/sso.amazonaws.com/REGION/).</summary>
    public static string SsoRole(string account, string permissionSet, string region = "ap-northeast-1") =>
        $"arn:aws:iam::{account}:role/aws-reserved/sso.amazonaws.com/{region}/AWSReservedSSO_{permissionSet}_0123456789abcdef";

    /// <summary>A call by an assumed-role session of <paramref name="roleArn"/> (the documented AssumedRole identity with sessionIssuer).</summary>
    public static JsonObject AssumedRoleCall(string roleArn, string eventSource, string eventName, string time, string region = "ap-northeast-1", string? recipient = null, JsonObject? requestParameters = null, string? sourceIp = "203.0.113.10", bool mfa = false, string? invokedBy = null, string? errorCode = null, string? errorMessage = null, JsonArray? resources = null, string? vpcEndpointId = null)
    {
        var account = roleArn.Split(':')[4];
        var name = roleArn[(roleArn.LastIndexOf('/') + 1)..];
        var identity = new JsonObject
        {
            ["type"] = "AssumedRole",
            ["principalId"] = "AROAEXAMPLEID:session",
            ["arn"] = $"arn:aws:sts::{account}:assumed-role/{name}/session",
            ["accountId"] = account,
            ["accessKeyId"] = "ASIAEXAMPLE",
            ["sessionContext"] = new JsonObject
            {
                ["sessionIssuer"] = new JsonObject
                {
                    ["type"] = "Role",
                    ["principalId"] = "AROAEXAMPLEID",
                    ["arn"] = roleArn,
                    ["accountId"] = account,
                    ["userName"] = name,
                },
                ["attributes"] = new JsonObject { ["creationDate"] = time, ["mfaAuthenticated"] = mfa ? "true" : "false" },
            },
        };
        if (invokedBy is not null)
        {
            identity["invokedBy"] = invokedBy;
        }

        return Record(identity, eventSource, eventName, time, region, recipient ?? account, requestParameters, invokedBy ?? sourceIp, errorCode, errorMessage, resources, vpcEndpointId);
    }

    /// <summary>A call by an AWS service itself (userIdentity type AWSService), e.g. CloudTrail's own bucket checks.</summary>
    public static JsonObject ServiceCall(string service, string account, string eventSource, string eventName, string time) =>
        Record(new JsonObject { ["type"] = "AWSService", ["invokedBy"] = service }, eventSource, eventName, time, "ap-northeast-1", account, null, service, null, null, null, null);

    /// <summary>The resource owner's copy of a cross-account call: the caller is another account (type AWSAccount).</summary>
    public static JsonObject CrossAccountOwnerCopy(string callerAccount, string ownerAccount, string eventSource, string eventName, string time, JsonObject? requestParameters = null) =>
        Record(new JsonObject { ["type"] = "AWSAccount", ["principalId"] = "AROAEXAMPLEID:session", ["accountId"] = callerAccount }, eventSource, eventName, time, "ap-northeast-1", ownerAccount, requestParameters, "198.51.100.7", null, null, null, null);

    /// <summary>The message AWS returns for an SCP denial, with the policy ARN newer messages carry.</summary>
    public static string ScpDenyMessage(string sessionArn, string action, string? policyArn) =>
        $"User: {sessionArn} is not authorized to perform: {action} with an explicit deny in a service control policy" + (policyArn is null ? string.Empty : $": {policyArn}");

    private static JsonObject Record(JsonObject identity, string eventSource, string eventName, string time, string region, string recipient, JsonObject? requestParameters, string? sourceIp, string? errorCode, string? errorMessage, JsonArray? resources, string? vpcEndpointId)
    {
        var record = new JsonObject
        {
            ["eventVersion"] = "1.09",
            ["userIdentity"] = identity,
            ["eventTime"] = time,
            ["eventSource"] = eventSource,
            ["eventName"] = eventName,
            ["awsRegion"] = region,
            ["sourceIPAddress"] = sourceIp,
            ["userAgent"] = "aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64.amzn.2023",
        };
        if (errorCode is not null)
        {
            record["errorCode"] = errorCode;
            record["errorMessage"] = errorMessage;
        }

        record["requestParameters"] = requestParameters?.DeepClone();
        record["responseElements"] = null;
        record["requestID"] = "c0ffee00-0000-4000-8000-000000000000";
        record["eventID"] = $"{time}-{eventName}-{recipient}";
        record["readOnly"] = eventName.StartsWith("Get", StringComparison.Ordinal) || eventName.StartsWith("List", StringComparison.Ordinal) || eventName.StartsWith("Describe", StringComparison.Ordinal);
        if (resources is not null)
        {
            record["resources"] = resources.DeepClone();
        }

        record["eventType"] = "AwsApiCall";
        record["managementEvent"] = true;
        record["recipientAccountId"] = recipient;
        if (vpcEndpointId is not null)
        {
            record["vpcEndpointId"] = vpcEndpointId;
        }

        record["eventCategory"] = "Management";
        record["tlsDetails"] = new JsonObject { ["tlsVersion"] = "TLSv1.3", ["cipherSuite"] = "TLS_AES_128_GCM_SHA256", ["clientProvidedHostHeader"] = $"{eventSource.Split('.')[0]}.{region}.amazonaws.com" };
        return record;
    }

    /// <summary>One log file's bytes: <c>{"Records":[…]}</c> compact, gzip-compressed as CloudTrail delivers it.</summary>
    public static byte[] LogFile(IEnumerable<JsonObject> records)
    {
        var json = new JsonObject { ["Records"] = new JsonArray([.. records.Select(r => (JsonNode)r.DeepClone())]) }.ToJsonString();
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(json));
        }

        return output.ToArray();
    }

    /// <summary>The object key of a log file in the organization trail's layout, for the record's recipient account, region and date.</summary>
    public static string Key(string organizationId, string account, string region, DateTimeOffset day, string unique) =>
        $"{organizationId}/AWSLogs/{organizationId}/{account}/CloudTrail/{region}/{day:yyyy}/{day:MM}/{day:dd}/{account}_CloudTrail_{region}_{day:yyyyMMdd}T0000Z_{unique}.json.gz";

    /// <summary>Writes the records into a folder in the organization trail's layout, one file per (recipient account, region, day).</summary>
    public static void WriteFolder(string root, string organizationId, IEnumerable<JsonObject> records)
    {
        foreach (var (key, bytes) in Files(organizationId, records))
        {
            var path = Path.Combine(root, key.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
        }
    }

    /// <summary>The log files (key → gzip bytes) the records make, one per (recipient account, region, day).</summary>
    public static IEnumerable<(string Key, byte[] Bytes)> Files(string organizationId, IEnumerable<JsonObject> records)
    {
        var index = 0;
        foreach (var group in records.GroupBy(r => (Account: r["recipientAccountId"]!.GetValue<string>(), Region: r["awsRegion"]!.GetValue<string>(), Day: r["eventTime"]!.GetValue<string>()[..10])).OrderBy(g => g.Key.Account, StringComparer.Ordinal).ThenBy(g => g.Key.Region, StringComparer.Ordinal).ThenBy(g => g.Key.Day, StringComparer.Ordinal))
        {
            var day = DateTimeOffset.Parse(group.Key.Day + "T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
            yield return (Key(organizationId, group.Key.Account, group.Key.Region, day, $"U{index++:D15}"), LogFile(group));
        }
    }
}
