using System.Text.Json.Nodes;
using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Replay;
using GovCfct.Testing;
using static GovCfct.Core.Tests.Replay.ReplayFixture;

namespace GovCfct.Core.Tests.Replay;

/// <summary>
/// Hand-checked verdicts: every verdict kind, every kind of skipped record, the calibration and what cannot be seen, on
/// a corpus whose expected outcome is worked out by hand below (each record says why).
/// </summary>
public sealed class ReplayVerdictTests
{
    private const string RegionDeny = """{"Sid":"DenyRegions","Effect":"Deny","NotAction":["iam:*","sts:*","organizations:*"],"Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["ap-northeast-1","ap-northeast-3"]}}}""";

    private static readonly string PlatformAdmin = Role(Prod, "PlatformAdmin");
    private static readonly string Developer = Role(Prod, "Developer");
    private static readonly string SsoAdmin = CloudTrailCorpus.SsoRole(Prod, "AWSAdministratorAccess");
    private static readonly string SsoReadOnly = CloudTrailCorpus.SsoRole(Prod, "ReadOnly");

    private static CfctPackage Previous() => Package(
        ("gc-scp-workloads", DeployMethod.Scp, ["Workloads"], $$$$"""
        {"Version":"2012-10-17","Statement":[
          {"Sid":"DenyIamUsers","Effect":"Deny","Action":["iam:CreateUser","iam:CreateAccessKey"],"Resource":"*","Condition":{"ArnNotLike":{"aws:PrincipalArn":["arn:aws:iam::*:role/PlatformAdmin","arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_AWSAdministratorAccess_*"]}}},
          {"Sid":"DenyBucketDeletion","Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"},
          {{{{RegionDeny}}}}]}
        """));

    private static CfctPackage Current() => Package(
        ("gc-scp-workloads", DeployMethod.Scp, ["Workloads"], $$$$"""
        {"Version":"2012-10-17","Statement":[
          {"Sid":"DenyIamUsers","Effect":"Deny","Action":["iam:CreateUser","iam:CreateAccessKey"],"Resource":"*","Condition":{"ArnNotLike":{"aws:PrincipalArn":["arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_AWSAdministratorAccess_*"]}}},
          {"Sid":"DenyProtectedTermination","Effect":"Deny","Action":"ec2:TerminateInstances","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/protected":"true"}}},
          {"Sid":"DenyRoleChanges","Effect":"Deny","Action":["iam:PassRole","iam:DeleteRole"],"Resource":"arn:aws:iam::*:role/gc-*"},
          {{{{RegionDeny}}}}]}
        """),
        ("gc-rcp-workloads", DeployMethod.Rcp, ["Workloads"], """
        {"Version":"2012-10-17","Statement":[
          {"Sid":"DenyOutsideReads","Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"*","Condition":{"StringNotEqualsIfExists":{"aws:PrincipalAccount":["222222222222","333333333333","444444444444"]},"BoolIfExists":{"aws:PrincipalIsAWSService":"false"}}}]}
        """));

    private static List<JsonObject> Corpus()
    {
        JsonObject Bucket(string name, string? key = null) => key is null ? new JsonObject { ["bucketName"] = name } : new JsonObject { ["bucketName"] = name, ["key"] = key };
        return
        [
            // 3 + 1 newly denied: PlatformAdmin loses its exemption (IAM is recorded in us-east-1).
            CloudTrailCorpus.AssumedRoleCall(PlatformAdmin, "iam.amazonaws.com", "CreateUser", "2026-11-02T01:00:00Z", "us-east-1", requestParameters: new JsonObject { ["userName"] = "ci" }),
            CloudTrailCorpus.AssumedRoleCall(PlatformAdmin, "iam.amazonaws.com", "CreateUser", "2026-11-05T01:00:00Z", "us-east-1"),
            CloudTrailCorpus.AssumedRoleCall(PlatformAdmin, "iam.amazonaws.com", "CreateUser", "2026-11-03T01:00:00Z", "us-east-1"),
            CloudTrailCorpus.AssumedRoleCall(PlatformAdmin, "iam.amazonaws.com", "CreateAccessKey", "2026-11-04T01:00:00Z", "us-east-1"),

            // Unchanged: Sandbox has no policy; the Admin permission set stays exempt.
            CloudTrailCorpus.AssumedRoleCall(Role(Sandbox, "PlatformAdmin"), "iam.amazonaws.com", "CreateUser", "2026-11-02T02:00:00Z", "us-east-1"),
            CloudTrailCorpus.AssumedRoleCall(SsoAdmin, "iam.amazonaws.com", "CreateUser", "2026-11-02T03:00:00Z", "us-east-1", mfa: true),

            // Recorded SCP denials: ReadOnly's CreateUser (denied before and after: unchanged, calibration agrees), Developer's
            // DeleteBucket (newly allowed: the guardrail is removed; calibration agrees), Developer's RunInstances denied by a
            // policy outside the package (calibration disagrees).
            CloudTrailCorpus.AssumedRoleCall(SsoReadOnly, "iam.amazonaws.com", "CreateUser", "2026-11-06T01:00:00Z", "us-east-1", errorCode: "AccessDenied",
                errorMessage: CloudTrailCorpus.ScpDenyMessage($"arn:aws:sts::{Prod}:assumed-role/AWSReservedSSO_ReadOnly_0123456789abcdef/someone", "iam:CreateUser", $"arn:aws:organizations::{Management}:policy/{OrgId}/service_control_policy/p-gcscp0001")),
            CloudTrailCorpus.AssumedRoleCall(Developer, "s3.amazonaws.com", "DeleteBucket", "2026-11-07T01:00:00Z", requestParameters: Bucket("prod-app-logs"), errorCode: "AccessDenied",
                errorMessage: CloudTrailCorpus.ScpDenyMessage($"arn:aws:sts::{Prod}:assumed-role/Developer/dev", "s3:DeleteBucket", null)),
            CloudTrailCorpus.AssumedRoleCall(Developer, "ec2.amazonaws.com", "RunInstances", "2026-11-07T02:00:00Z", errorCode: "Client.UnauthorizedOperation",
                errorMessage: CloudTrailCorpus.ScpDenyMessage($"arn:aws:sts::{Prod}:assumed-role/Developer/dev", "ec2:RunInstances", $"arn:aws:organizations::{Management}:policy/{OrgId}/service_control_policy/p-handmade01")),

            // Maybe newly denied: the new Deny needs aws:ResourceTag/protected, which CloudTrail does not record.
            CloudTrailCorpus.AssumedRoleCall(Developer, "ec2.amazonaws.com", "TerminateInstances", "2026-11-08T01:00:00Z", requestParameters: new JsonObject { ["instancesSet"] = new JsonObject { ["items"] = new JsonArray(new JsonObject { ["instanceId"] = "i-0abc" }) } }),

            // RCP: the owner's copy of an outside account's read is newly denied; an in-organization reader's is not, and
            // the reader's own copy is judged by SCPs only.
            CloudTrailCorpus.CrossAccountOwnerCopy(External, Workloads, "s3.amazonaws.com", "GetObject", "2026-11-09T01:00:00Z", Bucket("shared-data", "exports/a.csv")),
            CloudTrailCorpus.CrossAccountOwnerCopy(Prod, Workloads, "s3.amazonaws.com", "GetObject", "2026-11-09T02:00:00Z", Bucket("shared-data", "exports/b.csv")),
            CloudTrailCorpus.AssumedRoleCall(Developer, "s3.amazonaws.com", "GetObject", "2026-11-09T02:00:00Z", requestParameters: Bucket("shared-data", "exports/b.csv"),
                resources: new JsonArray(new JsonObject { ["type"] = "AWS::S3::Object", ["ARN"] = "arn:aws:s3:::shared-data/exports/b.csv" }, new JsonObject { ["accountId"] = Workloads, ["type"] = "AWS::S3::Bucket", ["ARN"] = "arn:aws:s3:::shared-data" })),

            // Outside the diff surface: denied before and after by the unchanged region deny.
            CloudTrailCorpus.AssumedRoleCall(Developer, "s3.amazonaws.com", "ListBuckets", "2026-11-10T01:00:00Z", "us-west-2"),

            // Not governed by SCPs or RCPs, or needing no permission.
            CloudTrailCorpus.AssumedRoleCall(Role(Management, "PlatformAdmin"), "iam.amazonaws.com", "CreateUser", "2026-11-02T04:00:00Z", "us-east-1"),
            CloudTrailCorpus.AssumedRoleCall($"arn:aws:iam::{Prod}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig", "iam.amazonaws.com", "CreateAccessKey", "2026-11-02T05:00:00Z", "us-east-1"),
            CloudTrailCorpus.ServiceCall("cloudtrail.amazonaws.com", Prod, "s3.amazonaws.com", "GetObject", "2026-11-02T06:00:00Z"),
            CloudTrailCorpus.AssumedRoleCall(Developer, "sts.amazonaws.com", "GetCallerIdentity", "2026-11-02T07:00:00Z"),
        ];
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Every_verdict_kind_comes_out_as_worked_out_by_hand(bool fastPath)
    {
        var (report, diagnostics) = ReplayFixture.Replay(Previous(), Current(), Corpus(), fastPath);

        report.Count(ReplayVerdict.NewlyDenied).Should().Be(5);
        report.Count(ReplayVerdict.MaybeNewlyDenied).Should().Be(1);
        report.Count(ReplayVerdict.NewlyAllowed).Should().Be(1);
        report.Records.Should().Be(18);

        var groups = report.Groups.Select(g => (g.Verdict, g.Principal, g.Account, g.Action, g.ResourcePattern, g.PolicyType, g.Count, g.FirstSeen, g.LastSeen, g.MissingKey)).ToList();
        groups.Should().Equal(
            (ReplayVerdict.NewlyDenied, PlatformAdmin, Prod, "iam:CreateUser", "*", "SCP", 3L, "2026-11-02T01:00:00Z", "2026-11-05T01:00:00Z", (string?)null),
            (ReplayVerdict.NewlyDenied, PlatformAdmin, Prod, "iam:CreateAccessKey", "*", "SCP", 1L, "2026-11-04T01:00:00Z", "2026-11-04T01:00:00Z", null),
            (ReplayVerdict.NewlyDenied, $"arn:aws:iam::{External}:root", Workloads, "s3:GetObject", "arn:aws:s3:::shared-data/*", "RCP", 1L, "2026-11-09T01:00:00Z", "2026-11-09T01:00:00Z", null),
            (ReplayVerdict.MaybeNewlyDenied, Developer, Prod, "ec2:TerminateInstances", "*", "SCP", 1L, "2026-11-08T01:00:00Z", "2026-11-08T01:00:00Z", "aws:ResourceTag/protected"),
            (ReplayVerdict.NewlyAllowed, Developer, Prod, "s3:DeleteBucket", "arn:aws:s3:::prod-app-logs", "SCP", 1L, "2026-11-07T01:00:00Z", "2026-11-07T01:00:00Z", null));
        report.Groups[0].By.Should().Be("gc-scp-workloads/DenyIamUsers");
        report.Groups[0].OuPath.Should().Be("Workloads:Prod");
        report.Groups[4].By.Should().Be("gc-scp-workloads/DenyBucketDeletion");

        report.Calibration.Denials.Should().Be(3);
        report.Calibration.Agreed.Should().Be(2);
        report.Calibration.DisagreementCount.Should().Be(1);
        report.Calibration.Disagreements.Single().Reason.Should().Be("denied by 'hand-attached-deny', which the package does not hold");
        ReplayWriters.CalibrationLine(report.Calibration).Should().Contain("2 of 3").And.Contain("66.7% agreement");
        diagnostics.Items.Select(d => d.Code).Should().Contain(DiagnosticCodes.ReplayCalibrationDisagreement.Id);

        report.Skipped.Should().ContainKey("management account (SCPs and RCPs do not apply)").WhoseValue.Should().Be(1);
        report.Skipped.Should().ContainKey("service-linked role (not governed by SCPs or RCPs)").WhoseValue.Should().Be(1);
        report.Skipped.Should().ContainKey("AWS service principal (not governed by SCPs or RCPs)").WhoseValue.Should().Be(1);
        report.Skipped.Should().ContainKey("needs no permission (sts:GetCallerIdentity)").WhoseValue.Should().Be(1);

        report.Unseen.Should().Equal("iam:PassRole, iam:DeleteRole");
        report.Notes.Should().Contain(n => n.StartsWith("iam:PassRole is in the diff surface", StringComparison.Ordinal));
    }

    [Fact]
    public void The_fast_path_parses_only_the_surface_and_the_errors()
    {
        var (fast, _) = ReplayFixture.Replay(Previous(), Current(), Corpus(), fastPath: true);
        var (full, _) = ReplayFixture.Replay(Previous(), Current(), Corpus(), fastPath: false);

        fast.Groups.Should().Equal(full.Groups);
        fast.Calibration.Should().BeEquivalentTo(full.Calibration);
        fast.Count(ReplayVerdict.Unchanged).Should().Be(full.Count(ReplayVerdict.Unchanged));
        fast.Skipped.Should().ContainKey("outside the diff surface (verdict cannot change)");
        fast.Parsed.Should().BeLessThan(full.Parsed);
    }

    [Fact]
    public void The_same_packages_have_no_surface_and_only_calibrate()
    {
        var (report, diagnostics) = ReplayFixture.Replay(Previous(), Previous(), Corpus());

        report.Groups.Should().BeEmpty();
        report.Surface.Should().BeEmpty();
        report.Calibration.Denials.Should().Be(3);
        diagnostics.Items.Select(d => d.Code).Should().Contain(DiagnosticCodes.ReplayNoDiffSurface.Id);
    }

    [Fact]
    public void Filters_and_the_window_keep_only_what_they_name()
    {
        var (byOu, _) = ReplayFixture.Replay(Previous(), Current(), Corpus(), configure: o => o with { Ous = ["Workloads:Prod"], Since = DateTimeOffset.Parse("2026-11-03T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture) });
        byOu.Groups.Where(g => g.Verdict == ReplayVerdict.NewlyDenied).Select(g => (g.Action, g.Count)).Should().Equal(("iam:CreateUser", 2L), ("iam:CreateAccessKey", 1L));
        byOu.Groups.Should().OnlyContain(g => g.Account == Prod);

        var (byAccount, _) = ReplayFixture.Replay(Previous(), Current(), Corpus(), configure: o => o with { Accounts = [Workloads] });
        byAccount.Groups.Select(g => (g.Verdict, g.Action)).Should().Equal((ReplayVerdict.NewlyDenied, "s3:GetObject"));
    }

    [Fact]
    public void The_Athena_query_selects_the_surface_events_and_every_denial()
    {
        var diagnostics = new DiagnosticBag();
        var session = new ReplaySession(new ReplayOptions(Previous(), Current(), ReplayFixture.Organization), diagnostics);

        var sql = AthenaQuery.Build(session.Surface, "org_trail", DateTimeOffset.Parse("2026-11-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), null, "s3://results/replay/");

        sql.Should().Contain("errorcode IN ('AccessDenied', 'AccessDeniedException', 'Client.UnauthorizedOperation', 'UnauthorizedOperation')");
        sql.Should().Contain("(eventsource = 'iam.amazonaws.com' AND lower(eventname) IN ('createaccesskey', 'createuser', 'deleterole', 'passrole'))");
        sql.Should().Contain("(eventsource = 's3.amazonaws.com' AND lower(eventname) IN ('copyobject', 'deletebucket', 'getobject', 'getobjectattributes', 'headobject', 'uploadpartcopy'))");
        sql.Should().Contain("(eventsource = 'ec2.amazonaws.com' AND lower(eventname) IN ('terminateinstances'))");
        sql.Should().Contain("eventtime >= '2026-11-01T00:00:00Z'").And.NotContain("eventtime <");
    }

    [Fact]
    public void Reports_are_deterministic_and_name_every_verdict()
    {
        var (report, _) = ReplayFixture.Replay(Previous(), Current(), Corpus());
        var (again, _) = ReplayFixture.Replay(Previous(), Current(), Corpus());

        ReplayWriters.Markdown(report).Should().Be(ReplayWriters.Markdown(again));
        ReplayWriters.Json(report).Should().Be(ReplayWriters.Json(again));
        ReplayWriters.Html(report).Should().Be(ReplayWriters.Html(again));
        var md = ReplayWriters.Markdown(report);
        md.Should().Contain("5 call(s) newly denied, 1 maybe newly denied, 1 newly allowed");
        md.Should().Contain("| 3 | `" + PlatformAdmin + "` | 222222222222 (prod-app) | Workloads:Prod | `iam:CreateUser` |");
        md.Should().Contain("`aws:ResourceTag/protected`");
        var json = JsonNode.Parse(ReplayWriters.Json(report))!;
        json["verdicts"]!["newly_denied"]!.GetValue<long>().Should().Be(5);
        json["calibration"]!["agreement_percent"]!.GetValue<double>().Should().Be(66.7);
    }

    [Fact]
    public void An_account_or_ou_name_cannot_forge_a_row_or_raw_html_in_the_markdown_report()
    {
        var (report, _) = ReplayFixture.Replay(Previous(), Current(), Corpus());
        var first = report.Groups.First(g => g.Verdict == ReplayVerdict.NewlyDenied);
        var hostile = report with
        {
            Groups = report.Groups.Replace(first, first with { AccountName = "prod\r\n| 999 | `forged` | <img src=x>", OuPath = "Workloads:Prod|`x" }),
        };

        var md = ReplayWriters.Markdown(hostile);

        md.Split('\n').Should().NotContain(l => l.StartsWith("| 999 |", StringComparison.Ordinal), "a line break in a name must not start a row");
        md.Should().NotContain("<img").And.Contain("&lt;img src=x&gt;");
        var row = md.Split('\n').Single(l => l.Contains("prod", StringComparison.Ordinal) && l.Contains("999", StringComparison.Ordinal));
        row.Should().Contain(@"\| 999 \| \`forged\`").And.Contain(@"Workloads:Prod\|\`x");
    }

    [Fact]
    public void A_policy_file_the_manifest_names_but_the_package_lacks_is_said_and_left_out_of_the_replay()
    {
        var current = Current();
        var broken = current with { Files = current.Files.Remove("policies/gc-rcp-workloads.json") };

        var (_, diagnostics) = ReplayFixture.Replay(Previous(), broken, Corpus());

        diagnostics.Items.Should().ContainSingle(d => d.Code == DiagnosticCodes.PlanPackageFileMissing.Id)
            .Which.Message.Should().Be("'policies/gc-rcp-workloads.json' is named by the manifest but not in the package; its policy is not replayed");
    }
}
