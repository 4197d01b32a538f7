using System.Text.Json;
using System.Text.RegularExpressions;
using GovCfct.Aws.CodeCommit;
using GovCfct.Aws.CodePipeline;

namespace GovCfct.Aws.Tests.CodeCommit;

/// <summary>
/// moto has no CodeCommit commits, pull requests or pipeline approvals, so the least-privilege proof for them is
/// made here: a whole delivery runs against the emulator, and every call the publisher made must be allowed by
/// docs/iam/publisher-policy.json — and every CodeCommit/CodePipeline action the policy grants must have been used.
/// </summary>
public sealed class PublisherPolicyTests : IAsyncLifetime
{
    private const string RepositoryArn = "arn:aws:codecommit:ap-northeast-1:111122223333:" + CodeCommitWorld.Repository;
    private const string PipelineArn = "arn:aws:codepipeline:ap-northeast-1:111122223333:" + PipelineGate.CfctPipelineName;

    // Actions IAM authorizes without a resource type (resource "*").
    private static readonly HashSet<string> ResourceLess = new(StringComparer.Ordinal) { "codecommit:CreateApprovalRuleTemplate", "codecommit:GetApprovalRuleTemplate" };

    private CodeCommitWorld _world = null!;

    public Task InitializeAsync()
    {
        _world = new CodeCommitWorld();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task The_policy_allows_exactly_the_codecommit_and_codepipeline_calls_a_delivery_makes()
    {
        var publisher = _world.NewPublisher();
        string[] pool = ["arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_GovCloudApprover_0123456789abcdef/*"];
        await publisher.SetupGateAsync(CodeCommitWorld.Repository, "main", 1, pool, CancellationToken.None);
        var published = await publisher.PublishAsync(CodeCommitWorld.Package(), new CodeCommitPublishOptions(CodeCommitWorld.Repository, PullRequest: true, Approvals: 1, ApproverPool: pool), CancellationToken.None);
        await publisher.PublishAsync(CodeCommitWorld.Package(), new CodeCommitPublishOptions(CodeCommitWorld.Repository, PullRequest: true, Approvals: 1, ApproverPool: pool), CancellationToken.None);
        var refused = () => publisher.MergeAsync(CodeCommitWorld.Repository, published.PullRequestId!, CancellationToken.None);
        await refused.Should().ThrowAsync<Core.Diagnostics.UserException>();
        _world.CodeCommit.ApproveAs(published.PullRequestId!, CodeCommitWorld.Alice.Arn);
        await publisher.MergeAsync(CodeCommitWorld.Repository, published.PullRequestId!, CancellationToken.None);
        _world.Server.Before("CreateCommit", () => _world.CodeCommit.CommitAsOther(CodeCommitWorld.Repository, "main", new Dictionary<string, string> { ["README.md"] = "moved\n" }));
        var moved = () => publisher.PublishAsync(CodeCommitWorld.Package("2"), new CodeCommitPublishOptions(CodeCommitWorld.Repository), CancellationToken.None);
        await moved.Should().ThrowAsync<Core.Diagnostics.UserException>();
        await _world.Pipeline(CodeCommitWorld.Publisher).AnswerAsync(PipelineGate.CfctPipelineName, approve: true, "ok", CancellationToken.None);

        var statements = LoadPolicy();
        var used = _world.Server.Served.Where(s => s.CallerArn == CodeCommitWorld.Publisher.Arn).Select(s => s.Action).ToHashSet(StringComparer.Ordinal);
        var granted = statements.SelectMany(s => s.Actions).Where(a => a.StartsWith("codecommit:", StringComparison.Ordinal) || a.StartsWith("codepipeline:", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);

        foreach (var action in used)
        {
            var resource = ResourceLess.Contains(action) ? "*" : action.StartsWith("codecommit:", StringComparison.Ordinal) ? RepositoryArn : PipelineArn + "/Approval/Approval";
            statements.Should().Contain(s => s.Actions.Contains(action) && s.Resources.Any(r => Matches(r, resource)), $"{action} on {resource} is called by the publisher");
        }

        granted.Should().BeEquivalentTo(used, "the policy grants nothing the publisher does not call");
        used.Should().NotContain("codecommit:UpdatePullRequestApprovalState", "people approve, the publisher never does");
    }

    private static bool Matches(string pattern, string resource) =>
        pattern == "*" || Regex.IsMatch(resource, "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal) + "$", RegexOptions.None, TimeSpan.FromSeconds(1));

    private static List<(HashSet<string> Actions, List<string> Resources)> LoadPolicy()
    {
        var path = RepositoryRoot.Combine("docs", "iam", "publisher-policy.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return [.. document.RootElement.GetProperty("Statement").EnumerateArray()
            .Where(s => s.GetProperty("Effect").GetString() == "Allow")
            .Select(s => (Strings(s.GetProperty("Action")).ToHashSet(StringComparer.Ordinal), Strings(s.GetProperty("Resource")).ToList()))];
    }

    private static IEnumerable<string> Strings(JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray().Select(e => e.GetString()!) : [element.GetString()!];
}
