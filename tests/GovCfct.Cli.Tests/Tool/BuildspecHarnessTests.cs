using System.Text;
using System.Xml.Linq;
using GovCfct.Aws.Http;
using GovCfct.Aws.Organizations;
using GovCfct.Testing.Aws.CodeCommit;
using GovCfct.Testing.Aws.Infrastructure;
using GovCfct.Testing;
using YamlDotNet.RepresentationModel;

namespace GovCfct.Cli.Tests.Tool;

/// <summary>
/// Runs the buildspec that <c>govcfct init</c> writes (buildspec.yml, the reference copy) the way CodeBuild does: the
/// install and build phases' commands in order in one bash shell, with the environment variables it declares and the
/// ones a CodeBuild project sets, in a governance repository made by the installed tool. AWS is moto (Organizations)
/// and the model-checked CodeCommit endpoint, reached through the SDK's AWS_ENDPOINT_URL_* settings; CfCT's repository
/// for the plan's "before" is a real bare git repository holding the package published earlier (CodeCommit's git
/// endpoint has no emulator). runtime-versions is CodeBuild's own and is not run.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class BuildspecHarnessTests(InstalledTool tool, MotoFixture moto) : IClassFixture<InstalledTool>, IAsyncLifetime
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("govcfct-buildspec-");
    private CodeCommitWorld _world = null!;

    public Task InitializeAsync()
    {
        _world = new CodeCommitWorld();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _world.DisposeAsync();
        _work.Delete(recursive: true);
    }

    [Fact]
    public async Task The_init_buildspec_validates_plans_against_CfCTs_branch_and_opens_a_pull_request_with_that_plan()
    {
        var repository = Path.Combine(_work.FullName, "governance");
        tool.Govcfct(_work.FullName, "init", "governance", "--prefix", "cc").ExitCode.Should().Be(0);

        // What CfCT's repository holds now: the package of the definition as it was, pushed to a real git remote.
        tool.Govcfct(repository, "build", "--out", Path.Combine(_work.FullName, "published")).ExitCode.Should().Be(0);
        var cfctGit = PublishToBareRepository(Path.Combine(_work.FullName, "published"));

        // The change under review: one more control on Production.
        var workloads = Path.Combine(repository, "manifest", "ous", "workloads.yaml");
        File.WriteAllText(workloads, File.ReadAllText(workloads).Replace(
            "      - name: Production\n        description: Production workloads.\n",
            "      - name: Production\n        description: Production workloads.\n        controls:\n          - restrict-iam-user-creation\n",
            StringComparison.Ordinal));
        await InitOrganization.EnsureAsync(moto.Endpoint);

        var (exit, output) = RunBuildspec(repository, cfctGit);

        exit.Should().Be(0, output);
        output.Should().Contain("HARNESS PULL_REQUEST_ID=1\n");
        var plan = File.ReadAllText(Path.Combine(repository, "reports", "plan.md"));
        plan.Should().Contain("`cc-scp-workloads-production-1` | scp | created").And.NotContain("No previous package was given");
        _world.CodeCommit.PullRequestDescription("1").Should().StartWith("# GovCfct plan\n").And.Contain("`cc-scp-workloads-production-1` | scp | created")
            .And.NotContain("No previous package was given", "the pull request shows reviewers the plan of the published files against CfCT's branch, which the merge renders again");
        _world.CodeCommit.PullRequestOwnRuleContents("1").Should().ContainSingle().Which.Should().Contain(CodeCommitWorld.ApproverRoleArn.Split('/')[^1]);
        var junit = XDocument.Load(Path.Combine(repository, "reports", "validate.xml"));
        junit.Root!.Element("testsuite")!.Attribute("failures")!.Value.Should().Be("0");
        File.ReadAllText(Path.Combine(repository, "reports", "validate.sarif")).Should().Contain("\"version\": \"2.1.0\"");
        File.Exists(Path.Combine(repository, "reports", "plan.html")).Should().BeTrue();
    }

    private (int ExitCode, string Output) RunBuildspec(string repository, string cfctGit)
    {
        var buildspec = new YamlStream();
        buildspec.Load(new StringReader(File.ReadAllText(Path.Combine(repository, "buildspec.yml"))));
        var root = (YamlMappingNode)buildspec.Documents[0].RootNode;
        var env = (YamlMappingNode)root["env"];
        var phases = (YamlMappingNode)root["phases"];

        var home = Directory.CreateDirectory(Path.Combine(_work.FullName, "home")).FullName;
        Directory.CreateDirectory(Path.Combine(home, ".nuget", "NuGet"));
        File.Copy(tool.NuGetConfig, Path.Combine(home, ".nuget", "NuGet", "NuGet.Config"));
        var credentials = Path.Combine(home, "credentials");
        var identity = CodeCommitWorld.Publisher;
        File.WriteAllText(credentials, $"[codebuild]\naws_access_key_id = {identity.AccessKeyId}\naws_secret_access_key = {identity.SecretAccessKey}\n");

        var script = new StringBuilder("cd \"$CODEBUILD_SRC_DIR\"\n");
        foreach (var (name, value) in ((YamlMappingNode)env["variables"]).Children)
        {
            script.Append($"export {name}=\"${{{name}:-{value}}}\"\n");
        }

        var number = 0;
        foreach (var phase in new[] { "install", "pre_build", "build", "post_build" })
        {
            if (!phases.Children.TryGetValue(new YamlScalarNode(phase), out var node)
                || !((YamlMappingNode)node).Children.TryGetValue(new YamlScalarNode("commands"), out var list)
                || list is not YamlSequenceNode commands)
            {
                continue;
            }

            foreach (var command in commands.Children.Cast<YamlScalarNode>())
            {
                number++;
                script.Append("{\n").Append(command.Value).Append("\n} || { rc=$?; echo \"harness: ").Append(phase).Append(" command ").Append(number).Append(" failed ($rc)\"; exit $rc; }\n");
            }
        }

        script.Append("echo \"HARNESS PULL_REQUEST_ID=$PULL_REQUEST_ID\"\n");
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = home,
            ["CODEBUILD_SRC_DIR"] = repository,
            ["CODEBUILD_BUILD_ID"] = "govcfct:harness",
            ["AWS_REGION"] = "ap-northeast-1",
            ["AWS_DEFAULT_REGION"] = "ap-northeast-1",
            ["AWS_PROFILE"] = "codebuild",
            ["AWS_SHARED_CREDENTIALS_FILE"] = credentials,
            ["AWS_CONFIG_FILE"] = credentials + ".config",
            ["AWS_ENDPOINT_URL_ORGANIZATIONS"] = moto.Endpoint.ToString(),
            ["AWS_ENDPOINT_URL_CODECOMMIT"] = _world.Server.Endpoint.ToString(),
            ["NUGET_PACKAGES"] = tool.PackagesCache,
            ["GOVCFCT_TOOL_SOURCE"] = tool.PackageSource,
            ["CFCT_GIT_URL"] = cfctGit,
            ["APPROVER_ROLE_ARNS"] = CodeCommitWorld.ApproverRoleArn,
            ["APPROVALS"] = "1",
        };
        var (exit, stdout, stderr) = ExternalTool.Run("bash", ["-c", script.ToString()], workingDirectory: repository, environment: environment);
        return (exit, stdout + stderr);
    }

    private string PublishToBareRepository(string package)
    {
        var bare = Path.Combine(_work.FullName, "cfct.git");
        Git(_work.FullName, "init", "--quiet", "--bare", "--initial-branch=main", bare);
        var clone = Path.Combine(_work.FullName, "cfct-work");
        Git(_work.FullName, "clone", "--quiet", bare, clone);
        foreach (var file in Directory.GetFiles(package, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(clone, Path.GetRelativePath(package, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        Git(clone, "add", "--all");
        Git(clone, "-c", "user.name=CfCT", "-c", "user.email=cfct@example.com", "commit", "--quiet", "-m", "published package");
        Git(clone, "push", "--quiet", "origin", "HEAD:main");
        return bare;
    }

    private static void Git(string folder, params string[] arguments)
    {
        var (exit, stdout, stderr) = ExternalTool.Run("git", arguments, workingDirectory: folder);
        exit.Should().Be(0, $"git {string.Join(' ', arguments)}: {stdout}{stderr}");
    }
}
