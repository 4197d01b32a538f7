using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using GovCfct.Core.Replay;
using GovCfct.Testing;

namespace GovCfct.Core.Tests.Replay;

/// <summary>The streaming reader: both file shapes, records across buffer refills, strings that look like structure, bad files.</summary>
public sealed class CloudTrailReaderTests
{
    private static List<CloudTrailRecord> ReadAll(byte[] bytes, RecordFilter? filter = null)
    {
        var records = new List<CloudTrailRecord>();
        CloudTrailFileReader.Read(new MemoryStream(bytes), filter, records.Add);
        return records;
    }

    [Fact]
    public void A_gzip_log_file_yields_every_record_with_the_fields_replay_needs()
    {
        var role = CloudTrailCorpus.SsoRole("222222222222", "AWSAdministratorAccess");
        var records = ReadAll(CloudTrailCorpus.LogFile(
        [
            CloudTrailCorpus.AssumedRoleCall(role, "ec2.amazonaws.com", "RunInstances", "2026-11-02T01:00:00Z", mfa: true, invokedBy: "cloudformation.amazonaws.com", vpcEndpointId: "vpce-0abc",
                requestParameters: JsonNode.Parse("""{"tagSpecificationSet":{"items":[{"resourceType":"instance","tags":[{"key":"owner","value":"team-a"},{"key":"env","value":"prod"}]}]}}""")!.AsObject()),
            CloudTrailCorpus.AssumedRoleCall(role, "s3.amazonaws.com", "PutObject", "2026-11-02T02:00:00Z", requestParameters: JsonNode.Parse("""{"bucketName":"b","key":"k/1","x":{"bucketName":"nested"}}""")!.AsObject()),
        ]));

        records.Should().HaveCount(2);
        var run = records[0];
        (run.EventSource, run.EventName, run.AwsRegion, run.EventTime, run.RecipientAccountId).Should().Be(("ec2.amazonaws.com", "RunInstances", "ap-northeast-1", "2026-11-02T01:00:00Z", "222222222222"));
        (run.IdentityType, run.SessionIssuerArn, run.MfaAuthenticated, run.InvokedBy, run.VpcEndpointId).Should().Be(("AssumedRole", role, "true", "cloudformation.amazonaws.com", "vpce-0abc"));
        run.RequestTags.Should().Equal(KeyValuePair.Create("owner", "team-a"), KeyValuePair.Create("env", "prod"));
        (records[1].BucketName, records[1].ObjectKey).Should().Be(("b", "k/1"));
    }

    [Fact]
    public void Records_larger_than_the_buffer_and_strings_with_braces_quotes_and_escapes_frame_correctly()
    {
        var big = new string('x', 200_000);
        var tricky = "a \"quoted\" {brace} [bracket] back\\slash \\\" \u00e9\u65e5";
        var records = Enumerable.Range(0, 40).Select(i => CloudTrailCorpus.AssumedRoleCall("arn:aws:iam::222222222222:role/R", "iam.amazonaws.com", "CreateUser", $"2026-11-02T01:00:{i:D2}Z",
            requestParameters: new JsonObject { ["userName"] = i % 7 == 0 ? big : tricky + i })).ToList();

        var read = ReadAll(CloudTrailCorpus.LogFile(records));

        read.Select(r => r.EventTime).Should().Equal(records.Select(r => r["eventTime"]!.GetValue<string>()));
    }

    [Fact]
    public void Plain_json_and_athena_unload_json_lines_read_the_same_fields()
    {
        var plain = Encoding.UTF8.GetBytes("""{ "Records" : [ {"eventSource":"iam.amazonaws.com","eventName":"CreateRole","eventTime":"2026-11-02T01:00:00Z","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::222222222222:user/u","accountId":"222222222222"}} ] }""");
        var lines = Encoding.UTF8.GetBytes("""
            {"eventsource":"iam.amazonaws.com","eventname":"CreateRole","eventtime":"2026-11-02T01:00:00Z","useridentity":{"type":"IAMUser","arn":"arn:aws:iam::222222222222:user/u","accountid":"222222222222"},"requestparameters":"{\"roleName\":\"r\",\"tags\":[{\"key\":\"k\",\"value\":\"v\"}]}"}
            {"eventsource":"s3.amazonaws.com","eventname":"GetObject","eventtime":"2026-11-02T02:00:00Z","useridentity":{"type":"IAMUser","arn":"arn:aws:iam::222222222222:user/u","accountid":"222222222222"}}

            """);

        var fromPlain = ReadAll(plain).Single();
        var fromLines = ReadAll(lines);

        fromLines.Should().HaveCount(2);
        (fromLines[0].EventSource, fromLines[0].EventName, fromLines[0].IdentityArn, fromLines[0].IdentityAccountId).Should().Be((fromPlain.EventSource, fromPlain.EventName, fromPlain.IdentityArn, fromPlain.IdentityAccountId));
        fromLines[0].RequestTags.Should().ContainSingle().Which.Should().Be(KeyValuePair.Create("k", "v"));
    }

    [Fact]
    public void The_filter_sees_each_record_and_only_kept_records_are_parsed()
    {
        var records = Enumerable.Range(0, 10).Select(i => CloudTrailCorpus.AssumedRoleCall("arn:aws:iam::222222222222:role/R", "iam.amazonaws.com", i % 2 == 0 ? "CreateUser" : "ListUsers", $"2026-11-02T01:00:{i:D2}Z")).ToList();
        var seen = 0;

        var counts = CloudTrailFileReader.Read(new MemoryStream(CloudTrailCorpus.LogFile(records)), span =>
        {
            seen++;
            return span.IndexOf("\"CreateUser\""u8) >= 0;
        }, _ => { });

        seen.Should().Be(10);
        counts.Should().Be(new CloudTrailFileReader.FileCounts(10, 5));
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("[1,2,3]")]
    public void A_file_that_is_not_a_log_file_is_refused(string text)
    {
        var act = () => ReadAll(Encoding.UTF8.GetBytes(text));
        act.Should().Throw<InvalidDataException>().WithMessage("not a CloudTrail log file*");
    }

    [Fact]
    public void A_cut_off_file_is_refused_after_its_complete_records()
    {
        var whole = Encoding.UTF8.GetBytes(new JsonObject { ["Records"] = new JsonArray(CloudTrailCorpus.AssumedRoleCall("arn:aws:iam::222222222222:role/R", "iam.amazonaws.com", "CreateUser", "2026-11-02T01:00:00Z"), CloudTrailCorpus.AssumedRoleCall("arn:aws:iam::222222222222:role/R", "iam.amazonaws.com", "CreateUser", "2026-11-02T01:00:01Z")) }.ToJsonString());
        var cut = whole[..(whole.Length - 40)];
        var read = new List<CloudTrailRecord>();

        var act = () => CloudTrailFileReader.Read(new MemoryStream(cut), null, read.Add);

        act.Should().Throw<InvalidDataException>().WithMessage("*cut off*");
        read.Should().HaveCount(1);
    }

    [Fact]
    public void A_corrupt_gzip_stream_is_refused()
    {
        var bytes = CloudTrailCorpus.LogFile([CloudTrailCorpus.AssumedRoleCall("arn:aws:iam::222222222222:role/R", "iam.amazonaws.com", "CreateUser", "2026-11-02T01:00:00Z")]);
        bytes[20] ^= 0xff;
        bytes[21] ^= 0xff;

        var act = () => ReadAll(bytes);

        act.Should().Throw<InvalidDataException>();
    }

    [Fact]
    public void A_stream_that_cannot_seek_reads_the_same()
    {
        var bytes = CloudTrailCorpus.LogFile([CloudTrailCorpus.AssumedRoleCall("arn:aws:iam::222222222222:role/R", "iam.amazonaws.com", "CreateUser", "2026-11-02T01:00:00Z")]);
        var records = new List<CloudTrailRecord>();
        using var gz = new GZipStream(new MemoryStream(new MemoryStream(bytes).ToArray()), CompressionMode.Decompress);

        CloudTrailFileReader.Read(gz, null, records.Add);

        records.Single().EventName.Should().Be("CreateUser");
    }
}
