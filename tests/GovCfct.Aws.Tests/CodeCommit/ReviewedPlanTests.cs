using GovCfct.Aws.CodeCommit;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Publishing;
using GovCfct.Testing.Aws.CodeCommit;

namespace GovCfct.Aws.Tests.CodeCommit;

/// <summary>
/// Reviewers read the pull request's description, and the build writes it. A build role held to
/// docs/iam/publisher-policy.json opened a pull request whose package weakens the organization under a description
/// saying nothing changes; the approver approved what they read, and the merge, which never looked at the description,
/// merged. With <c>--verify-plan</c> the release role (docs/iam/release-policy.json) renders the plan again from the
/// approved source commit and its destination and merges only when the description is exactly that plan (GCF4310).
/// </summary>
public sealed class ReviewedPlanTests : CodeCommitWorldTests
{
    private const string Repo = CodeCommitWorld.Repository;

    private static readonly OrgSnapshot Organization = OrgSnapshotSerializer.ReadFile(Fixture("org.json"), "org.json").Snapshot!;

    [Fact]
    public async Task A_description_the_build_wrote_instead_of_the_plan_is_not_merged()
    {
        var package = Package();
        var build = World.PublisherAs(CodeCommitWorld.BuildRole);
        var published = await build.PublishAsync(package, new CodeCommitPublishOptions(Repo, PullRequest: true, Description: "# GovCfct plan\n\nNo stack instance is deleted and no policy is left attached.\n"), CancellationToken.None);
        var id = published.PullRequestId!;
        World.CodeCommit.ApproveAs(id, CodeCommitWorld.Alice.Arn);
        var head = World.CodeCommit.BranchHead(Repo, "main");
        var release = World.PublisherAs(CodeCommitWorld.ReleaseRole);

        var act = () => release.MergeAsync(Repo, id, CancellationToken.None, reviewedPlan: Render);

        var error = (await act.Should().ThrowAsync<UserException>()).Which;
        error.Diagnostics[0].Code.Should().Be(DiagnosticCodes.PublishPlanMismatch.Id);
        error.Diagnostics[0].Message.Should().Contain("description is not the plan of its source commit").And.Contain("line 3");
        World.CodeCommit.MergedBy(id).Should().BeNull();
        World.CodeCommit.BranchHead(Repo, "main").Should().Be(head);
    }

    [Fact]
    public async Task The_plan_rendered_from_the_published_files_is_merged_and_a_later_change_of_the_organization_is_refused()
    {
        var package = Package();
        var build = World.PublisherAs(CodeCommitWorld.BuildRole);
        var destination = await build.ReadPublishedFilesAsync(Repo, World.CodeCommit.BranchHead(Repo, "main")!, CancellationToken.None);
        var description = ReviewedPlan.Render(package, destination, Organization, new DiagnosticBag())!;
        description.Should().StartWith("# GovCfct plan\n").And.Contain("gc-config");
        var published = await build.PublishAsync(package, new CodeCommitPublishOptions(Repo, PullRequest: true, Description: description), CancellationToken.None);
        var id = published.PullRequestId!;
        World.CodeCommit.ApproveAs(id, CodeCommitWorld.Alice.Arn);
        var release = World.PublisherAs(CodeCommitWorld.ReleaseRole);

        // The organization gained an OU since the build: the plan the reviewers read is no longer what the merge renders.
        var moved = OrgSnapshotSerializer.ReadFile(Fixture("org-after-move.json"), "org-after-move.json").Snapshot!;
        var stale = () => release.MergeAsync(Repo, id, CancellationToken.None, reviewedPlan: (source, target) => ReviewedPlan.Render(source, target, moved, new DiagnosticBag()));
        (await stale.Should().ThrowAsync<UserException>()).Which.Diagnostics[0].Code.Should().Be(DiagnosticCodes.PublishPlanMismatch.Id);

        var merged = await release.MergeAsync(Repo, id, CancellationToken.None, reviewedPlan: Render);

        merged.AlreadyMerged.Should().BeFalse();
        World.CodeCommit.MergedBy(id).Should().Be(CodeCommitWorld.ReleaseRole.Arn);
    }

    private static string? Render(IReadOnlyDictionary<string, byte[]> source, IReadOnlyDictionary<string, byte[]> destination) =>
        ReviewedPlan.Render(source, destination, Organization, new DiagnosticBag());

    private static string Fixture(string name) => RepositoryPath("tests/GovCfct.Core.Tests/Planning/Fixtures/" + name);

    private static string RepositoryPath(string relative)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "GovCfct.sln")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory!.FullName, relative);
    }

    /// <summary>The planning fixture's package: SCPs at Root and Workloads, an RCP and the Config stack set.</summary>
    private static Dictionary<string, byte[]> Package()
    {
        var root = RepositoryPath("tests/GovCfct.Core.Tests/Planning/Fixtures/current");
        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllBytes, StringComparer.Ordinal);
    }
}
