using System.Text.Json;
using GovCfct.Testing.Aws.Emulator;

namespace GovCfct.Aws.Tests.Emulator;

/// <summary>The emulator itself: it must refuse what AWS refuses, or tests against it prove nothing.</summary>
public sealed class EmulatorTests : IAsyncLifetime
{
    private static readonly EmulatorIdentity Publisher = new("AKIAPUBLISHER0000001", "publisher-secret", "arn:aws:sts::111122223333:assumed-role/GovCfctPublisher/build");
    private readonly CodeCommitService _codeCommit = new();
    private AwsEmulatorServer _server = null!;
    private RawSignedClient _client = null!;

    public Task InitializeAsync()
    {
        _codeCommit.CreateRepository("cfct-config");
        _codeCommit.CommitAsOther("cfct-config", "main", new Dictionary<string, string> { ["manifest.yaml"] = "region: ap-northeast-1\n" });
        _server = new AwsEmulatorServer(_codeCommit, new CodePipelineService());
        _server.AddIdentity(Publisher);
        _client = new RawSignedClient(_server.Endpoint, Publisher);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData("NoSuchOperation", "{}", "UnknownOperationException")]
    [InlineData("GetRepository", "{}", "RepositoryNameRequiredException")]
    [InlineData("GetRepository", """{"repositoryName":"bad name!"}""", "InvalidRepositoryNameException")]
    [InlineData("GetRepository", """{"repositoryName":42}""", "SerializationException")]
    [InlineData("GetRepository", """{"repositoryName":"cfct-config","extra":1}""", "ValidationException")]
    [InlineData("GetRepository", """{"repositoryName":"missing-repo"}""", "RepositoryDoesNotExistException")]
    [InlineData("UpdatePullRequestApprovalState", """{"pullRequestId":"1","revisionId":"r","approvalState":"MAYBE"}""", "InvalidApprovalStateException")]
    [InlineData("CreateCommit", """{"repositoryName":"cfct-config","branchName":"main","putFiles":[{"filePath":"a","fileContent":"***"}]}""", "SerializationException")]
    [InlineData("CreateCommit", """{"repositoryName":"cfct-config","branchName":"main","putFiles":[{"fileContent":"YQ=="}]}""", "PathRequiredException")]
    [InlineData("CreateCommit", """{"repositoryName":"cfct-config","branchName":"main","putFiles":[{"filePath":"a","fileContent":"YQ=="}]}""", "ParentCommitIdRequiredException")]
    [InlineData("CreateBranch", """{"repositoryName":"cfct-config","branchName":"main","commitId":"x"}""", "BranchNameExistsException")]
    [InlineData("CreatePullRequest", """{"title":"t","targets":[{"repositoryName":"cfct-config","sourceReference":"nope"}]}""", "ReferenceDoesNotExistException")]
    public async Task Rejects_requests_the_model_or_the_service_rejects(string operation, string body, string expectedType)
    {
        var (status, response) = await _client.CodeCommitAsync(operation, body);

        status.Should().Be(400);
        response.GetProperty("__type").GetString().Should().Be(expectedType);
    }

    [Fact]
    public async Task Rejects_a_signature_made_with_another_secret()
    {
        var (status, response) = await _client.CodeCommitAsync("GetRepository", """{"repositoryName":"cfct-config"}""", secretOverride: "wrong");

        status.Should().Be(403);
        response.GetProperty("__type").GetString().Should().Be("InvalidSignatureException");
    }

    [Fact]
    public async Task Rejects_a_pipeline_approval_token_that_breaks_the_model_pattern()
    {
        var (status, response) = await _client.SendAsync(
            "CodePipeline_20150709.PutApprovalResult",
            "codepipeline",
            """{"pipelineName":"p","stageName":"Approval","actionName":"Approval","result":{"summary":"ok","status":"Approved"},"token":"not-a-uuid"}""");

        status.Should().Be(400);
        response.GetProperty("__type").GetString().Should().Be("InvalidApprovalTokenException", "the model names the error after the token's shape");
    }

    [Fact]
    public async Task Commits_pinned_to_the_head_and_refuses_an_outdated_parent()
    {
        var head = _codeCommit.BranchHead("cfct-config", "main");

        var (status, response) = await _client.CodeCommitAsync("CreateCommit", $$"""{"repositoryName":"cfct-config","branchName":"main","parentCommitId":"{{head}}","putFiles":[{"filePath":"templates/a.template","fileContent":"YQ=="}]}""");
        var (staleStatus, stale) = await _client.CodeCommitAsync("CreateCommit", $$"""{"repositoryName":"cfct-config","branchName":"main","parentCommitId":"{{head}}","deleteFiles":[{"filePath":"manifest.yaml"}]}""");

        status.Should().Be(200, response.ToString());
        response.GetProperty("filesAdded")[0].GetProperty("blobId").GetString().Should().Be("2e65efe2a145dda7ee51d1741299f848e5bf752e", "blob ids are git blob ids (git hash-object of 'a')");
        staleStatus.Should().Be(400);
        stale.GetProperty("__type").GetString().Should().Be("ParentCommitIdOutdatedException");
        _codeCommit.FilesAt("cfct-config", "main").Keys.Should().BeEquivalentTo("manifest.yaml", "templates/a.template");
    }

    [Fact]
    public async Task Faults_are_served_once_then_the_operation_works()
    {
        _server.Inject(Fault.Throttling, "GetRepository");

        var (first, body) = await _client.CodeCommitAsync("GetRepository", """{"repositoryName":"cfct-config"}""");
        var (second, _) = await _client.CodeCommitAsync("GetRepository", """{"repositoryName":"cfct-config"}""");

        first.Should().Be(400);
        body.GetProperty("__type").GetString().Should().Be("ThrottlingException");
        second.Should().Be(200);
        _ = JsonSerializer.Serialize(body);
    }
}
