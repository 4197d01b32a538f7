using System.Text;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Publishing;

namespace GovCfct.Core.Tests.Publishing;

public sealed class PublishPlannerTests
{
    private static readonly PublishPlanner Planner = new();

    private static Dictionary<string, byte[]> Package(params (string Path, string Content)[] files) =>
        files.ToDictionary(f => f.Path, f => Encoding.UTF8.GetBytes(f.Content), StringComparer.Ordinal);

    [Fact]
    public void Git_blob_ids_match_git_hash_object()
    {
        // `printf 'a' | git hash-object --stdin` and `git hash-object /dev/null`
        GitBlob.Id("a"u8).Should().Be("2e65efe2a145dda7ee51d1741299f848e5bf752e");
        GitBlob.Id([]).Should().Be("e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
    }

    [Fact]
    public void Puts_only_changed_files_and_deletes_only_files_of_the_package_folders()
    {
        var package = Package(("manifest.yaml", "v2"), ("templates/a.template", "same"), ("policies/new.json", "{}"));
        var remote = new[]
        {
            new RemoteFile("manifest.yaml", GitBlob.Id("v1"u8)),
            new RemoteFile("templates/a.template", GitBlob.Id("same"u8)),
            new RemoteFile("templates/old.template", GitBlob.Id("x"u8)),
            new RemoteFile("README.md", GitBlob.Id("readme"u8)),
            new RemoteFile("docs/notes.md", GitBlob.Id("n"u8)),
        };

        var plan = Planner.Plan(package, remote);

        plan.Changes.Select(c => $"{c.Kind} {c.Path}").Should().Equal(
            "Update manifest.yaml", "Add policies/new.json", "Delete templates/old.template");
        plan.Unchanged.Should().Be(1);
        plan.IsEmpty.Should().BeFalse();
    }

    [Fact]
    public void Files_of_a_folder_the_package_no_longer_has_are_deleted_and_the_report_never_travels()
    {
        // CfCT's Build stage validates every JSON under parameters/ it finds (docs/facts/cfct.md §7.4): a stale one must go.
        var content = PublishedContent.Select(Package(("manifest.yaml", "m"), ("templates/a.template", "t"), ("report/build-report.json", "{}"), (".DS_Store", "x")));
        var remote = new[]
        {
            new RemoteFile("parameters/old.json", GitBlob.Id("[]"u8)),
            new RemoteFile("report/build-report.json", GitBlob.Id("{}"u8)),
            new RemoteFile("add-on/legacy.yaml", GitBlob.Id("l"u8)),
        };

        var plan = Planner.Plan(content.Files, remote);

        content.Files.Keys.Should().Equal("manifest.yaml", "templates/a.template");
        plan.Changes.Select(c => $"{c.Kind} {c.Path}").Should().Equal(
            "Add manifest.yaml", "Delete parameters/old.json", "Delete report/build-report.json", "Add templates/a.template");
        plan.ContentHash.Should().Be(content.ContentHash);
    }

    [Fact]
    public void An_identical_branch_gives_an_empty_plan_and_the_same_feature_branch_every_time()
    {
        var package = Package(("manifest.yaml", "m"), ("templates/a.template", "t"));
        var remote = package.Select(p => new RemoteFile(p.Key, GitBlob.Id(p.Value))).ToArray();

        var first = Planner.Plan(package, remote);
        var again = Planner.Plan(package, []);

        first.IsEmpty.Should().BeTrue();
        again.FeatureBranch.Should().Be(first.FeatureBranch).And.StartWith("govcfct/publish-");
        Planner.Plan(Package(("manifest.yaml", "other")), []).FeatureBranch.Should().NotBe(first.FeatureBranch);
    }

    [Theory]
    [InlineData("arn:aws:iam::123456789012:role/Approver", "arn:aws:sts::123456789012:assumed-role/Approver/*")]
    [InlineData("arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/ap-northeast-1/AWSReservedSSO_Approver_0a1b2c3d4e5f6789", "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Approver_0a1b2c3d4e5f6789/*")]
    [InlineData("arn:aws:sts::123456789012:assumed-role/Approver/alice", "arn:aws:sts::123456789012:assumed-role/Approver/alice")]
    [InlineData("arn:aws:iam::123456789012:user/alice", "arn:aws:iam::123456789012:user/alice")]
    public void Approvers_become_pool_members_that_match_their_sessions(string arn, string expected)
    {
        var diagnostics = new DiagnosticBag();

        ApprovalRules.ToPoolMember(arn, diagnostics).Should().Be(expected);
        diagnostics.Items.Should().BeEmpty();
    }

    [Fact]
    public void A_wrong_approver_is_a_diagnostic_with_an_example()
    {
        var diagnostics = new DiagnosticBag();

        ApprovalRules.ToPoolMember("Approver", diagnostics).Should().BeNull();

        diagnostics.Items.Should().ContainSingle().Which.Code.Should().Be(DiagnosticCodes.PublishInvalidApprover.Id);
    }

    [Fact]
    public void Rule_content_is_codecommit_json()
    {
        ApprovalRules.Content(2, ["arn:aws:sts::1:assumed-role/B/*", "arn:aws:sts::1:assumed-role/A/*"], "main").Should().Be(
            """{"Version":"2018-11-08","DestinationReferences":["refs/heads/main"],"Statements":[{"Type":"Approvers","NumberOfApprovalsNeeded":2,"ApprovalPoolMembers":["arn:aws:sts::1:assumed-role/A/*","arn:aws:sts::1:assumed-role/B/*"]}]}""");
    }

    [Fact]
    public void Long_descriptions_are_cut_to_codecommits_limit_with_a_note()
    {
        var (text, truncated) = PullRequestDescription.Fit(string.Join('\n', Enumerable.Repeat("| update | `templates/some-long-file-name.template` |", 400)));

        truncated.Should().BeTrue();
        text.Length.Should().BeLessThanOrEqualTo(PullRequestDescription.MaxLength);
        text.Should().Contain("shortened");
        PullRequestDescription.Fit("short").Should().Be(("short", false));
    }
}
