using System.Text;
using System.Text.Json;

namespace GovCfct.Core.Replay;

/// <summary>One resource of a record's <c>resources[]</c>.</summary>
public sealed record TrailResource(string? Arn, string? AccountId, string? Type);

/// <summary>
/// The fields of one CloudTrail record that SCP/RCP evaluation needs, as documented in the CloudTrail record contents
/// (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html) and the
/// userIdentity element (…/cloudtrail-event-reference-user-identity.html). Everything else of the record is skipped
/// unread. Property names are matched case-insensitively so that an Athena UNLOAD's lower-case JSON lines read the same.
/// </summary>
public sealed class CloudTrailRecord
{
    public string? EventTime { get; set; }

    public string? EventSource { get; set; }

    public string? EventName { get; set; }

    public string? EventType { get; set; }

    public string? AwsRegion { get; set; }

    public string? SourceIpAddress { get; set; }

    public string? ErrorCode { get; set; }

    public string? ErrorMessage { get; set; }

    public string? RecipientAccountId { get; set; }

    public string? VpcEndpointId { get; set; }

    public string? SharedEventId { get; set; }

    public string? IdentityType { get; set; }

    public string? IdentityArn { get; set; }

    public string? IdentityAccountId { get; set; }

    public string? IdentityPrincipalId { get; set; }

    public string? InvokedBy { get; set; }

    public string? SessionIssuerArn { get; set; }

    public string? SessionIssuerType { get; set; }

    public string? MfaAuthenticated { get; set; }

    public string? SourceIdentity { get; set; }

    public string? BucketName { get; set; }

    public string? ObjectKey { get; set; }

    public List<TrailResource> Resources { get; } = [];

    /// <summary>Tags the request sets (aws:RequestTag/KEY), in the order found.</summary>
    public List<KeyValuePair<string, string>> RequestTags { get; } = [];
}

/// <summary>Parses one complete record (a JSON object) with <see cref="Utf8JsonReader"/>, allocating only the strings it keeps.</summary>
internal static class CloudTrailRecordParser
{
    public static CloudTrailRecord Parse(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 256 });
        Expect(ref reader, JsonTokenType.StartObject);
        var record = new CloudTrailRecord();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Lower(ref reader);
            reader.Read();
            switch (name)
            {
                case "eventtime": record.EventTime = Text(ref reader); break;
                case "eventsource": record.EventSource = Text(ref reader); break;
                case "eventname": record.EventName = Text(ref reader); break;
                case "eventtype": record.EventType = Text(ref reader); break;
                case "awsregion": record.AwsRegion = Text(ref reader); break;
                case "sourceipaddress": record.SourceIpAddress = Text(ref reader); break;
                case "errorcode": record.ErrorCode = Text(ref reader); break;
                case "errormessage": record.ErrorMessage = Text(ref reader); break;
                case "recipientaccountid": record.RecipientAccountId = Text(ref reader); break;
                case "vpcendpointid": record.VpcEndpointId = Text(ref reader); break;
                case "sharedeventid": record.SharedEventId = Text(ref reader); break;
                case "useridentity": ReadIdentity(ref reader, record); break;
                case "resources": ReadResources(ref reader, record); break;
                case "requestparameters": ReadRequestParameters(ref reader, record); break;
                default: reader.Skip(); break;
            }
        }

        return record;
    }

    private static void ReadIdentity(ref Utf8JsonReader reader, CloudTrailRecord record)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Lower(ref reader);
            reader.Read();
            switch (name)
            {
                case "type": record.IdentityType = Text(ref reader); break;
                case "arn": record.IdentityArn = Text(ref reader); break;
                case "accountid": record.IdentityAccountId = Text(ref reader); break;
                case "principalid": record.IdentityPrincipalId = Text(ref reader); break;
                case "invokedby": record.InvokedBy = Text(ref reader); break;
                case "sessioncontext": ReadSessionContext(ref reader, record); break;
                default: reader.Skip(); break;
            }
        }
    }

    private static void ReadSessionContext(ref Utf8JsonReader reader, CloudTrailRecord record)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Lower(ref reader);
            reader.Read();
            switch (name)
            {
                case "sourceidentity": record.SourceIdentity = Text(ref reader); break;
                case "sessionissuer" when reader.TokenType == JsonTokenType.StartObject:
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var field = Lower(ref reader);
                        reader.Read();
                        switch (field)
                        {
                            case "arn": record.SessionIssuerArn = Text(ref reader); break;
                            case "type": record.SessionIssuerType = Text(ref reader); break;
                            default: reader.Skip(); break;
                        }
                    }

                    break;
                case "attributes" when reader.TokenType == JsonTokenType.StartObject:
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var field = Lower(ref reader);
                        reader.Read();
                        if (field == "mfaauthenticated")
                        {
                            record.MfaAuthenticated = Text(ref reader);
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }

                    break;
                default: reader.Skip(); break;
            }
        }
    }

    private static void ReadResources(ref Utf8JsonReader reader, CloudTrailRecord record)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            string? arn = null, account = null, type = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = Lower(ref reader);
                reader.Read();
                switch (name)
                {
                    case "arn": arn = Text(ref reader); break;
                    case "accountid": account = Text(ref reader); break;
                    case "type": type = Text(ref reader); break;
                    default: reader.Skip(); break;
                }
            }

            record.Resources.Add(new TrailResource(arn, account, type));
        }
    }

    /// <summary>
    /// requestParameters: the S3 bucket and key, and the tags the request sets, in the shapes services record them:
    /// <c>"tags": {"k": "v"}</c>, <c>"tags"/"Tags"/"tagSet": [{"key"|"Key": k, "value"|"Value": v}]</c>, EC2's
    /// <c>{"items": [...]}</c> wrappers and <c>tagSpecificationSet</c>. An Athena UNLOAD writes the element as a JSON
    /// string; it is parsed the same way.
    /// </summary>
    private static void ReadRequestParameters(ref Utf8JsonReader reader, CloudTrailRecord record)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            var text = reader.GetString();
            if (!string.IsNullOrEmpty(text) && text[0] == '{')
            {
                var inner = new Utf8JsonReader(Encoding.UTF8.GetBytes(text));
                inner.Read();
                ReadParameterObject(ref inner, record, 0);
            }

            return;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        ReadParameterObject(ref reader, record, 0);
    }

    private static void ReadParameterObject(ref Utf8JsonReader reader, CloudTrailRecord record, int depth)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Lower(ref reader);
            reader.Read();
            if (depth == 0 && name == "bucketname" && reader.TokenType == JsonTokenType.String)
            {
                record.BucketName = reader.GetString();
            }
            else if (depth == 0 && name == "key" && reader.TokenType == JsonTokenType.String)
            {
                record.ObjectKey = reader.GetString();
            }
            else if (name is "tags" or "tagset" or "tagging")
            {
                ReadTags(ref reader, record, depth);
            }
            else if ((name is "tagspecificationset" or "tagspecifications" || (name == "items" && depth > 0)) && depth < 4)
            {
                ReadNested(ref reader, record, depth + 1);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    /// <summary>Walks arrays and objects (EC2's items wrappers) looking for tag lists.</summary>
    private static void ReadNested(ref Utf8JsonReader reader, CloudTrailRecord record, int depth)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            ReadParameterObject(ref reader, record, depth);
        }
        else if (reader.TokenType == JsonTokenType.StartArray)
        {
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                ReadNested(ref reader, record, depth + 1);
            }
        }
        else
        {
            reader.Skip();
        }
    }

    private static void ReadTags(ref Utf8JsonReader reader, CloudTrailRecord record, int depth)
    {
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                string? key = null, value = null;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = Lower(ref reader);
                    reader.Read();
                    switch (name)
                    {
                        case "key" when reader.TokenType == JsonTokenType.String: key = reader.GetString(); break;
                        case "value" when reader.TokenType == JsonTokenType.String: value = reader.GetString(); break;
                        default: reader.Skip(); break;
                    }
                }

                if (key is not null)
                {
                    record.RequestTags.Add(KeyValuePair.Create(key, value ?? string.Empty));
                }
            }
        }
        else if (reader.TokenType == JsonTokenType.StartObject)
        {
            var isMap = true;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                if (reader.TokenType == JsonTokenType.String && isMap)
                {
                    record.RequestTags.Add(KeyValuePair.Create(name, reader.GetString()!));
                }
                else if (name.Equals("items", StringComparison.OrdinalIgnoreCase) || name.Equals("tagSet", StringComparison.OrdinalIgnoreCase) || name.Equals("tags", StringComparison.OrdinalIgnoreCase))
                {
                    isMap = false;
                    ReadTags(ref reader, record, depth + 1);
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        else
        {
            reader.Skip();
        }
    }

    private static string? Text(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.True:
                return "true";
            case JsonTokenType.False:
                return "false";
            case JsonTokenType.Number:
                return Encoding.UTF8.GetString(reader.ValueSpan);
            default:
                reader.Skip();
                return null;
        }
    }

    /// <summary>The property name in lower case, for names up to 64 ASCII characters (every name matched is); longer names never match.</summary>
    private static string Lower(ref Utf8JsonReader reader)
    {
        var span = reader.HasValueSequence || reader.ValueIsEscaped ? Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;
        if (span.Length > 64)
        {
            return string.Empty;
        }

        Span<char> chars = stackalloc char[span.Length];
        for (var i = 0; i < span.Length; i++)
        {
            var b = span[i];
            chars[i] = (char)(b is >= (byte)'A' and <= (byte)'Z' ? b + 32 : b);
        }

        return Names.Intern(chars);
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (!reader.Read() || reader.TokenType != type)
        {
            throw new JsonException($"expected {type}");
        }
    }

    /// <summary>The property names the parser compares, so that a lower-cased name is never allocated twice.</summary>
    private static class Names
    {
        private static readonly string[] Known =
        [
            "eventtime", "eventsource", "eventname", "eventtype", "awsregion", "sourceipaddress", "errorcode", "errormessage",
            "recipientaccountid", "vpcendpointid", "sharedeventid", "useridentity", "resources", "requestparameters", "type",
            "arn", "accountid", "principalid", "invokedby", "sessioncontext", "sourceidentity", "sessionissuer", "attributes",
            "mfaauthenticated", "bucketname", "key", "value", "tags", "tagset", "tagging", "tagspecificationset", "tagspecifications", "items",
        ];

        private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Lookup =
            Known.ToDictionary(k => k, k => k, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

        public static string Intern(ReadOnlySpan<char> name) => Lookup.TryGetValue(name, out var known) ? known : string.Empty;
    }
}
