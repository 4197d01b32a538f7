using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Replay;

namespace GovCfct.Benchmarks;

/// <summary>
/// A generated organization-trail corpus of realistic records (assumed-role and Identity Center sessions, the userIdentity,
/// requestParameters, responseElements, resources and tlsDetails CloudTrail writes, gzip files of 500 records) and a
/// change whose diff surface is one exemption removed from an SCP statement of 18 security-service actions: most calls
/// lie outside it, as in a real change.
/// </summary>
public static class ReplayCorpus
{
    private const string OrgId = "o-bench00001";

    private static readonly (string Source, string Name, bool ReadOnly)[] Calls =
    [
        ("ec2.amazonaws.com", "DescribeInstances", true), ("ec2.amazonaws.com", "DescribeSecurityGroups", true), ("ec2.amazonaws.com", "RunInstances", false),
        ("s3.amazonaws.com", "ListBuckets", true), ("s3.amazonaws.com", "GetBucketPolicy", true), ("s3.amazonaws.com", "PutBucketTagging", false),
        ("sts.amazonaws.com", "AssumeRole", true), ("kms.amazonaws.com", "Decrypt", true), ("kms.amazonaws.com", "GenerateDataKey", true),
        ("iam.amazonaws.com", "GetRole", true), ("iam.amazonaws.com", "ListRoles", true), ("lambda.amazonaws.com", "GetFunction20150331v2", true),
        ("cloudformation.amazonaws.com", "DescribeStacks", true), ("logs.amazonaws.com", "CreateLogStream", false), ("monitoring.amazonaws.com", "PutMetricData", false),
        ("ssm.amazonaws.com", "GetParameter", true), ("config.amazonaws.com", "PutEvaluations", false), ("config.amazonaws.com", "DescribeConfigRules", true),
        ("config.amazonaws.com", "StopConfigurationRecorder", false), ("guardduty.amazonaws.com", "UpdateDetector", false),
    ];

    public static OrgSnapshot Organization(int accounts)
    {
        var ous = Enumerable.Range(0, 20).Select(i => new OrgUnit($"ou-bnch-{i:D8}", $"Ministry{i}", "r-bnch", $"Workloads:Ministry{i}")).Prepend(new OrgUnit("ou-bnch-workload", "Workloads", "r-bnch", "Workloads"));
        var list = Enumerable.Range(0, accounts).Select(i => new OrgAccount(Account(i), $"app-{i}", $"a{i}@example.com", "ACTIVE", $"ou-bnch-{i % 20:D8}"));
        return new OrgSnapshot(OrgId, "100000000000", "r-bnch", [.. ous.Select(o => o.Path == "Workloads" ? o with { ParentId = "r-bnch" } : o with { ParentId = "ou-bnch-workload" })], [.. list], []);
    }

    /// <summary>The previous and the new package: the new one no longer exempts the Config recorder role.</summary>
    public static (CfctPackage Previous, CfctPackage Current) Packages()
    {
        static CfctPackage Package(string exemptions)
        {
            var json = $$$$"""
                {"Version":"2012-10-17","Statement":[
                {"Sid":"ProtectSecurityServices","Effect":"Deny","Action":["access-analyzer:DeleteAnalyzer","cloudtrail:DeleteTrail","cloudtrail:StopLogging","config:DeleteConfigRule","config:DeleteConfigurationRecorder","config:DeleteDeliveryChannel","config:DeleteEvaluationResults","config:DeleteRetentionConfiguration","config:StopConfigurationRecorder","guardduty:DeleteDetector","guardduty:DeleteMembers","guardduty:Disassociate*","guardduty:StopMonitoringMembers","guardduty:UpdateDetector","securityhub:BatchDisableStandards","securityhub:DeleteMembers","securityhub:DisableSecurityHub","securityhub:Disassociate*"],"Resource":"*","Condition":{"ArnNotLike":{"aws:PrincipalARN":[{{{{exemptions}}}}]}}},
                {"Sid":"DenyRegions","Effect":"Deny","NotAction":["iam:*","sts:*","organizations:*","support:*"],"Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["ap-northeast-1","ap-northeast-3"]}}},
                {"Sid":"DenyLeave","Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}
                """;
            var resource = new ManifestResource("gc-scp-workloads", null, "policies/gc-scp-workloads.json", DeployMethod.Scp, [], null, ["Workloads"], [], [], [], []);
            return new CfctPackage(new CfctManifest("ap-northeast-1", null, [resource]), ImmutableSortedDictionary<string, byte[]>.Empty.Add(resource.ResourceFile, Encoding.UTF8.GetBytes(json)));
        }

        const string Execution = "\"arn:*:iam::*:role/AWSControlTowerExecution\"";
        return (Package(Execution + ",\"arn:*:iam::*:role/aws-controltower-ConfigRecorderRole\""), Package(Execution));
    }

    /// <summary><paramref name="files"/> gzip log files of 500 records each (seeded, so the corpus is the same every run).</summary>
    public static List<byte[]> Files(int files, int accounts)
    {
        var random = new Random(20261208);
        var result = new List<byte[]>(files);
        var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        for (var f = 0; f < files; f++)
        {
            using var output = new MemoryStream();
            using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
            using (var json = new Utf8JsonWriter(gzip))
            {
                json.WriteStartObject();
                json.WriteStartArray("Records");
                for (var r = 0; r < 500; r++)
                {
                    WriteRecord(json, random, Account(random.Next(accounts)), start.AddSeconds(random.Next(30 * 86400)));
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            result.Add(output.ToArray());
        }

        return result;
    }

    private static string Account(int i) => (200000000000L + (i * 7919L)).ToString(CultureInfo.InvariantCulture);

    private static void WriteRecord(Utf8JsonWriter json, Random random, string account, DateTimeOffset time)
    {
        var call = Calls[random.Next(Calls.Length)];
        var sso = random.Next(4) == 0;
        var roleName = sso ? "AWSReservedSSO_AWSReadOnlyAccess_0123456789abcdef" : random.Next(10) == 0 ? "aws-controltower-ConfigRecorderRole" : $"app-role-{random.Next(40)}";
        var roleArn = sso ? $"arn:aws:iam::{account}:role/aws-reserved/sso.amazonaws.com/ap-northeast-1/{roleName}" : $"arn:aws:iam::{account}:role/{roleName}";
        var stamp = time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var region = random.Next(50) == 0 ? "us-east-1" : "ap-northeast-1";
        json.WriteStartObject();
        json.WriteString("eventVersion", "1.09");
        json.WriteStartObject("userIdentity");
        json.WriteString("type", "AssumedRole");
        json.WriteString("principalId", $"AROA{random.Next():X8}EXAMPLE:session-{random.Next(1000)}");
        json.WriteString("arn", $"arn:aws:sts::{account}:assumed-role/{roleName}/session-{random.Next(1000)}");
        json.WriteString("accountId", account);
        json.WriteString("accessKeyId", $"ASIA{random.Next():X8}EXAMPLE");
        json.WriteStartObject("sessionContext");
        json.WriteStartObject("sessionIssuer");
        json.WriteString("type", "Role");
        json.WriteString("principalId", "AROAEXAMPLEROLEID");
        json.WriteString("arn", roleArn);
        json.WriteString("accountId", account);
        json.WriteString("userName", roleName);
        json.WriteEndObject();
        json.WriteStartObject("webIdFederationData");
        json.WriteEndObject();
        json.WriteStartObject("attributes");
        json.WriteString("creationDate", stamp);
        json.WriteString("mfaAuthenticated", "false");
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteString("eventTime", stamp);
        json.WriteString("eventSource", call.Source);
        json.WriteString("eventName", call.Name);
        json.WriteString("awsRegion", region);
        json.WriteString("sourceIPAddress", $"203.0.113.{random.Next(255)}");
        json.WriteString("userAgent", "aws-sdk-java/2.25.0 Linux/5.10 OpenJDK_64-Bit_Server_VM/17.0.9+9-LTS Java/17.0.9 vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/standard");
        var denied = random.Next(100) == 0;
        if (denied)
        {
            json.WriteString("errorCode", "AccessDenied");
            json.WriteString("errorMessage", $"User: arn:aws:sts::{account}:assumed-role/{roleName}/s is not authorized to perform: {call.Source.Split('.')[0]}:{call.Name} with an explicit deny in a service control policy");
        }

        json.WriteStartObject("requestParameters");
        json.WriteString("roleArn", $"arn:aws:iam::{account}:role/app-role-{random.Next(40)}");
        json.WriteString("resourceId", $"res-{random.Next():x8}");
        json.WriteStartObject("filterSet");
        json.WriteStartArray("items");
        json.WriteStartObject();
        json.WriteString("name", "tag:Environment");
        json.WriteStartObject("valueSet");
        json.WriteStartArray("items");
        json.WriteStartObject();
        json.WriteString("value", "production");
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteStartObject("responseElements");
        json.WriteString("requestId", $"{random.Next():x8}-1111-2222-3333-{random.Next():x8}");
        json.WriteBoolean("return", true);
        json.WriteEndObject();
        json.WriteString("requestID", $"{random.Next():x8}-aaaa-bbbb-cccc-{random.Next():x8}");
        json.WriteString("eventID", $"{random.Next():x8}-dddd-eeee-ffff-{random.Next():x8}");
        json.WriteBoolean("readOnly", call.ReadOnly);
        json.WriteString("eventType", "AwsApiCall");
        json.WriteBoolean("managementEvent", true);
        json.WriteString("recipientAccountId", account);
        json.WriteString("eventCategory", "Management");
        json.WriteStartObject("tlsDetails");
        json.WriteString("tlsVersion", "TLSv1.3");
        json.WriteString("cipherSuite", "TLS_AES_128_GCM_SHA256");
        json.WriteString("clientProvidedHostHeader", $"{call.Source.Split('.')[0]}.{region}.amazonaws.com");
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>
    /// <c>report replay</c>: one replay of the generated corpus on one thread, timed, with the records per second, the
    /// bytes read, the allocation per record and the process's peak working set.
    /// </summary>
    public static int Report(TextWriter output, int files = 400, int accounts = 2000)
    {
        var org = Organization(accounts);
        var (previous, current) = Packages();
        var corpus = Files(files, accounts);
        var compressed = corpus.Sum(f => (long)f.Length);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"replay corpus: {files} files x 500 records = {files * 500:N0} records, {compressed / 1048576.0:F1} MiB gzip, {accounts:N0} accounts"));
        foreach (var fast in new[] { true, false })
        {
            Run(corpus, previous, current, org, fast);
            GC.Collect();
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var report = Run(corpus, previous, current, org, fast);
            clock.Stop();
            var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            var perRecord = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)report.Records;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"replay ({(fast ? "fast path" : "full parse")}): {report.Records:N0} records in {clock.Elapsed.TotalSeconds:F2} s = {report.Records / clock.Elapsed.TotalSeconds:N0} records/s on one thread (CPU {cpuUsed.TotalSeconds:F2} s), {report.Judged:N0} judged in full, {perRecord:F0} bytes allocated per record; {ReplayWriters.SummaryLine(report)}"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"replay peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MB (corpus held in memory: {compressed / 1048576.0:F1} MiB)"));
        return 0;
    }

    public static ReplayReport Run(IReadOnlyList<byte[]> corpus, CfctPackage previous, CfctPackage current, OrgSnapshot org, bool fastPath)
    {
        var session = new ReplaySession(new ReplayOptions(previous, current, org) { FastPath = fastPath }, new DiagnosticBag());
        foreach (var file in corpus)
        {
            using var stream = new MemoryStream(file, writable: false);
            session.ReadFile(stream, "bench.json.gz");
        }

        return session.Finish();
    }
}

/// <summary>BenchmarkDotNet: the replay of 100 generated log files (50,000 records), fast path and full parse.</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class ReplayBenchmarks
{
    private List<byte[]> _corpus = [];
    private CfctPackage _previous = null!;
    private CfctPackage _current = null!;
    private OrgSnapshot _org = null!;

    [Params(true, false)]
    public bool FastPath { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _org = ReplayCorpus.Organization(2000);
        (_previous, _current) = ReplayCorpus.Packages();
        _corpus = ReplayCorpus.Files(100, 2000);
    }

    [Benchmark]
    public long Replay() => ReplayCorpus.Run(_corpus, _previous, _current, _org, FastPath).Records;
}
