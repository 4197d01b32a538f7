using System.Collections.Immutable;
using System.Text.Json.Nodes;
using GovCfct.Testing.Aws.Infrastructure;
using GovCfct.Cli.Tests.Support;
using GovCfct.Core.Organization;
using GovCfct.Testing;

namespace GovCfct.Cli.Tests.Commands;

/// <summary>
/// <c>govcfct replay</c> and <c>plan --trail</c> on the shipped definition: removing one exemption (Control Tower's
/// Config recorder role) from every SCP shows exactly that role's protected calls as newly denied, with counts, and the
/// calibration agrees with the recorded denials. The corpus is served from a folder and from moto's S3.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class ReplayCommandTests(MotoFixture moto) : IDisposable
{
    private const string Account = "222233334444";
    private const string Removed = "arn:*:iam::*:role/aws-controltower-ConfigRecorderRole";

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("govcfct-replay-");

    public void Dispose() => _work.Delete(recursive: true);

    /// <summary>The shipped definition, and a copy without the recorder role in protected_principals.</summary>
    private (string Previous, string Current) Definitions()
    {
        var current = Path.Combine(_work.FullName, "manifest-new");
        Copy(RepositoryRoot.Combine("manifest"), current);
        var organization = Path.Combine(current, "organization.yaml");
        var text = File.ReadAllText(organization);
        var line = $"    - {Removed}\n";
        text.Should().Contain(line);
        File.WriteAllText(organization, text.Replace(line, string.Empty, StringComparison.Ordinal));
        return (RepositoryRoot.Combine("manifest"), current);
    }

    /// <summary>The shipped organization with one workload account directly in Workloads.</summary>
    private string Organization()
    {
        var path = ShippedOrganization.Write(Path.Combine(_work.FullName, "org.json"));
        var snapshot = OrgSnapshotSerializer.ReadFile(path, path).Snapshot!;
        var workloads = snapshot.OrganizationalUnits.Single(o => o.Path == "Workloads");
        snapshot = snapshot with { Accounts = snapshot.Accounts.Add(new OrgAccount(Account, "digital-app", "app@govcloud.example.com", "ACTIVE", workloads.Id)) };
        File.WriteAllBytes(path, OrgSnapshotSerializer.SerializeToUtf8(snapshot));
        return path;
    }

    private static List<JsonObject> Corpus()
    {
        var recorder = $"arn:aws:iam::{Account}:role/aws-controltower-ConfigRecorderRole";
        var execution = $"arn:aws:iam::{Account}:role/AWSControlTowerExecution";
        var admin = CloudTrailCorpus.SsoRole(Account, "AWSAdministratorAccess");
        return
        [
            // The recorder role works: two protected calls (newly denied) and calls nothing denies (unchanged).
            CloudTrailCorpus.AssumedRoleCall(recorder, "config.amazonaws.com", "StopConfigurationRecorder", "2026-11-20T01:00:00Z"),
            CloudTrailCorpus.AssumedRoleCall(recorder, "config.amazonaws.com", "StopConfigurationRecorder", "2026-11-22T01:00:00Z"),
            CloudTrailCorpus.AssumedRoleCall(recorder, "config.amazonaws.com", "DeleteConfigurationRecorder", "2026-11-21T01:00:00Z"),
            CloudTrailCorpus.AssumedRoleCall(recorder, "config.amazonaws.com", "DescribeConfigurationRecorders", "2026-11-21T02:00:00Z"),
            CloudTrailCorpus.AssumedRoleCall(recorder, "config.amazonaws.com", "PutEvaluations", "2026-11-21T03:00:00Z"),

            // CfCT's role stays exempt.
            CloudTrailCorpus.AssumedRoleCall(execution, "config.amazonaws.com", "StopConfigurationRecorder", "2026-11-21T04:00:00Z"),

            // The Admin session was denied, and still is: the calibration must agree.
            CloudTrailCorpus.AssumedRoleCall(admin, "config.amazonaws.com", "StopConfigurationRecorder", "2026-11-21T05:00:00Z", errorCode: "AccessDeniedException",
                errorMessage: CloudTrailCorpus.ScpDenyMessage($"arn:aws:sts::{Account}:assumed-role/AWSReservedSSO_AWSAdministratorAccess_0123456789abcdef/someone", "config:StopConfigurationRecorder", null)),

            // Outside the window.
            CloudTrailCorpus.AssumedRoleCall(recorder, "config.amazonaws.com", "StopConfigurationRecorder", "2026-10-01T01:00:00Z"),

            // Not governed: a service principal.
            CloudTrailCorpus.ServiceCall("config.amazonaws.com", Account, "sts.amazonaws.com", "AssumeRole", "2026-11-21T06:00:00Z"),
        ];
    }

    private static void AssertDoneWhen(JsonNode report)
    {
        var denied = report["groups"]!.AsArray().Where(g => g!["verdict"]!.GetValue<string>() == "newly_denied")
            .Select(g => (Principal: g!["principal"]!.GetValue<string>(), Action: g["action"]!.GetValue<string>(), Calls: g["calls"]!.GetValue<long>(), First: g["first_seen"]!.GetValue<string>(), Last: g["last_seen"]!.GetValue<string>()))
            .ToList();
        var recorder = $"arn:aws:iam::{Account}:role/aws-controltower-ConfigRecorderRole";
        denied.Should().BeEquivalentTo(new[]
        {
            (recorder, "config:StopConfigurationRecorder", 2L, "2026-11-20T01:00:00Z", "2026-11-22T01:00:00Z"),
            (recorder, "config:DeleteConfigurationRecorder", 1L, "2026-11-21T01:00:00Z", "2026-11-21T01:00:00Z"),
        });
        report["verdicts"]!["newly_denied"]!.GetValue<long>().Should().Be(3);
        report["verdicts"]!["maybe_newly_denied"]!.GetValue<long>().Should().Be(0);
        report["verdicts"]!["newly_allowed"]!.GetValue<long>().Should().Be(0);
        report["calibration"]!["denials"]!.GetValue<long>().Should().Be(1);
        report["calibration"]!["agreed"]!.GetValue<long>().Should().Be(1);
        report["calibration"]!["agreement_percent"]!.GetValue<double>().Should().Be(100.0);
    }

    [Fact]
    public async Task Removing_an_exemption_shows_exactly_that_roles_calls_as_newly_denied()
    {
        var (previous, current) = Definitions();
        var trail = Path.Combine(_work.FullName, "trail");
        CloudTrailCorpus.WriteFolder(trail, "o-gc01example", Corpus());

        var (exit, output, error) = await CliRunner.Run("replay", "--previous", previous, "--definition", current, "--org", Organization(), "--trail", trail,
            "--since", "30d", "--until", "2026-12-01T00:00:00Z", "--format", "json", "--fail-on", "newly-denied");

        exit.Should().Be(1, error);
        error.Should().Contain("GCF7010").And.Contain("1 of 1 recorded SCP/RCP denial(s) are denied by the previous package (100.0% agreement");
        AssertDoneWhen(JsonNode.Parse(output)!);
    }

    [Fact]
    public async Task The_same_corpus_read_from_the_log_archive_bucket_in_S3_gives_the_same_report()
    {
        var (previous, current) = Definitions();
        var bucket = $"aws-controltower-logs-012345678901-ap-northeast-1-{Guid.NewGuid():N}"[..63];
        using (var s3 = new Amazon.S3.AmazonS3Client(TestAccounts.Basic, new Amazon.S3.AmazonS3Config { ServiceURL = moto.Endpoint.ToString(), ForcePathStyle = true, AuthenticationRegion = TestAccounts.Region }))
        {
            await s3.PutBucketAsync(new Amazon.S3.Model.PutBucketRequest { BucketName = bucket, BucketRegion = Amazon.S3.S3Region.APNortheast1 });
            foreach (var (key, bytes) in CloudTrailCorpus.Files("o-gc01example", Corpus()))
            {
                await s3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = bucket, Key = key, InputStream = new MemoryStream(bytes) });
            }

            // A digest file is not a log file.
            await s3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = bucket, Key = $"o-gc01example/AWSLogs/o-gc01example/{Account}/CloudTrail-Digest/ap-northeast-1/2026/11/21/digest.json.gz", ContentBody = "{}" });
        }

        var (exit, output, error) = await CliRunner.Run("replay", "--previous", previous, "--definition", current, "--org", Organization(), "--trail", $"s3://{bucket}/o-gc01example/AWSLogs/",
            "--since", "30d", "--until", "2026-12-01T00:00:00Z", "--format", "json", "--profile", CliAwsProfiles.Moto, "--endpoint-url", moto.Endpoint.ToString());

        exit.Should().Be(0, error);
        var report = JsonNode.Parse(output)!;
        AssertDoneWhen(report);
        report["unreadable_files"]!.GetValue<long>().Should().Be(0);
    }

    [Fact]
    public async Task Plan_carries_the_replay_summary_into_the_pull_request_description()
    {
        var (previous, current) = Definitions();
        var trail = Path.Combine(_work.FullName, "trail");
        CloudTrailCorpus.WriteFolder(trail, "o-gc01example", Corpus());

        var (exit, output, error) = await CliRunner.Run("plan", "--org", Organization(), "--definition", current, "--previous", previous,
            "--trail", trail, "--trail-until", "2026-12-01T00:00:00Z");

        // The workload account added to the shipped organization makes its org lock stale (plan's own check, exit 1); the
        // plan and its replay section are written all the same.
        exit.Should().BeOneOf(0, 1);
        error.Should().NotContain("GCF70");
        output.Should().Contain("## Replay of CloudTrail calls: previous vs new SCPs and RCPs");
        output.Should().Contain("3 call(s) newly denied");
        output.Should().Contain("| 2 | `arn:aws:iam::222233334444:role/aws-controltower-ConfigRecorderRole` | 222233334444 (digital-app) | Workloads | `config:StopConfigurationRecorder` |");
    }

    [Fact]
    public async Task The_Athena_query_of_the_shipped_change_keeps_the_whole_window()
    {
        // The recorder role is also exempt from NotAction statements (the region opt-in deny): a NotAction statement
        // names almost every action, so the query cannot narrow by event and selects the window.
        var (previous, current) = Definitions();

        var (exit, output, error) = await CliRunner.Run("replay", "--previous", previous, "--definition", current, "--org", Organization(), "--athena-query",
            "--since", "30d", "--until", "2026-12-01T00:00:00Z", "--athena-table", "governance.org_trail", "--athena-output", "s3://athena-results/replay/");

        exit.Should().Be(0, error);
        output.Should().StartWith("-- govcfct replay:");
        output.Should().Contain("FROM governance.org_trail");
        output.Should().Contain("WHERE eventtime >= '2026-11-01T00:00:00Z'\n  AND eventtime < '2026-12-01T00:00:00Z'\n)");
        output.Should().Contain("TO 's3://athena-results/replay/'").And.Contain("format = 'JSON', compression = 'GZIP'");
    }

    [Fact]
    public async Task Bad_inputs_are_refused_with_a_code()
    {
        var org = Organization();
        var (exit, _, error) = await CliRunner.Run("replay", "--previous", RepositoryRoot.Combine("manifest"), "--definition", RepositoryRoot.Combine("manifest"), "--org", org, "--trail", Path.Combine(_work.FullName, "missing"));
        exit.Should().Be(1);
        error.Should().Contain("GCF7003");

        (exit, _, error) = await CliRunner.Run("replay", "--previous", RepositoryRoot.Combine("manifest"), "--definition", RepositoryRoot.Combine("manifest"), "--org", org, "--trail", _work.FullName, "--since", "soon");
        exit.Should().Be(2);
        error.Should().Contain("GCF9001").And.Contain("--since");

        var trail = Path.Combine(_work.FullName, "bad");
        Directory.CreateDirectory(trail);
        File.WriteAllText(Path.Combine(trail, "x.json.gz"), "garbage");
        (exit, _, error) = await CliRunner.Run("replay", "--previous", RepositoryRoot.Combine("manifest"), "--definition", RepositoryRoot.Combine("manifest"), "--org", org, "--trail", trail);
        exit.Should().Be(1);
        error.Should().Contain("GCF7001").And.Contain("x.json.gz").And.Contain("GCF7002").And.Contain("GCF7012");
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
