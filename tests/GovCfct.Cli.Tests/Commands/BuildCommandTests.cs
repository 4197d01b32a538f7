using System.Collections.Immutable;
using GovCfct.Core.Catalog;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Packaging;
using GovCfct.Pipeline;

namespace GovCfct.Cli.Tests.Commands;

/// <summary>
/// <c>govcfct build</c> in memory on (exit code, stdout, stderr). The stages are small in-memory ones so the command's own
/// behaviour (options, exit codes, output, writing nothing on errors) is what is tested.
/// </summary>
public sealed class BuildCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("govcfct-cli-").FullName;

    public BuildCommandTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "manifest"));
        Directory.CreateDirectory(Path.Combine(_root, "templates"));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Dir(string name) => Path.Combine(_root, name);

    private static ControlDefinition LeaveOrg { get; } = new(
        "deny-leave-organization",
        ControlKind.Scp,
        ControlSource.Scriban,
        new LocalizedText("組織離脱の禁止", "Deny leaving the organization"),
        new LocalizedText("説明", "Description"),
        "seed",
        [],
        [],
        "templates/deny-leave-organization/policy.json.scriban",
        string.Empty,
        null,
        new SourceLocation("templates/deny-leave-organization/control.yaml", 1, 1));

    private static GovernanceDefinition Definition(string controlId) => new(
        new GovernanceSettings { Name = "gov", HomeRegion = "ap-northeast-1", GovernedRegions = ["ap-northeast-1", "ap-northeast-3"], ResourcePrefix = "gc", ScpLimits = PolicyLimits.DefaultScp, RcpLimits = PolicyLimits.DefaultRcp, EnableStackSetDeletion = false, Principals = PlatformPrincipals.Default, Location = new SourceLocation("organization.yaml", 1, 1) },
        ImmutableSortedDictionary<string, ParameterValue>.Empty,
        new OuNode("Root", string.Empty, [], [], ImmutableSortedDictionary<string, ParameterValue>.Empty, [], [
            new OuNode("Sandbox", "Sandbox", [new ControlAssignment(controlId, ImmutableSortedDictionary<string, ParameterValue>.Empty, new SourceLocation("ous/sandbox.yaml", 4, 7))], [], ImmutableSortedDictionary<string, ParameterValue>.Empty, [], [], new SourceLocation("ous/sandbox.yaml", 1, 1)),
        ], new SourceLocation("organization.yaml", 1, 1)),
        "manifest");

    private static BuildPipeline Stages(string controlId = "deny-leave-organization") => BuildPipeline.WithSources(new PipelineSources(
        (_, _) => Definition(controlId),
        (_, _) => new ControlCatalog([LeaveOrg]),
        (_, _, _) => """{"Version":"2012-10-17","Statement":[{"Sid":"DenyLeave","Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}""",
        null));

    private Task<CliResult> Run(BuildPipeline stages, params string[] args) =>
        CliRunner.Run(stages, ["build", "--definition", Dir("manifest"), "--templates", Dir("templates"), "--out", Dir("out"), .. args]);

    [Fact]
    public async Task Build_writes_the_package_and_lists_the_created_files()
    {
        var (exit, stdout, stderr) = await Run(Stages());

        exit.Should().Be(0);
        stderr.Should().BeEmpty();
        stdout.Should().Contain("created manifest.yaml\n").And.Contain("created policies/gc-scp-sandbox-1.json\n").And.Contain("wrote ");
        File.ReadAllText(Path.Combine(Dir("out"), "manifest.yaml")).Should().Contain("- name: gc-scp-sandbox-1");
    }

    [Fact]
    public async Task A_second_build_reports_up_to_date_and_dry_run_writes_nothing()
    {
        await Run(Stages());
        var (exit, stdout, _) = await Run(Stages());
        exit.Should().Be(0);
        stdout.Should().EndWith("is up to date\n");

        File.Delete(Path.Combine(Dir("out"), "manifest.yaml"));
        var dry = await Run(Stages(), "--dry-run");
        dry.Exit.Should().Be(0);
        dry.Out.Should().Contain("created manifest.yaml\n").And.Contain("nothing written");
        File.Exists(Path.Combine(Dir("out"), "manifest.yaml")).Should().BeFalse();
    }

    [Fact]
    public async Task Errors_print_in_compiler_form_exit_1_and_leave_the_output_untouched()
    {
        await Run(Stages());
        var before = File.ReadAllText(Path.Combine(Dir("out"), "manifest.yaml"));

        var (exit, stdout, stderr) = await Run(Stages("deny-everything"));

        exit.Should().Be(1);
        stdout.Should().BeEmpty();
        stderr.Should().Contain("ous/sandbox.yaml(4,7): error GCF1401: unknown control 'deny-everything'").And.Contain("nothing was written");
        File.ReadAllText(Path.Combine(Dir("out"), "manifest.yaml")).Should().Be(before);
    }

    [Fact]
    public async Task Json_format_gives_changes_and_diagnostics_to_machines()
    {
        var (exit, stdout, _) = await Run(Stages("deny-everything"), "--format", "json");

        exit.Should().Be(1);
        var json = System.Text.Json.JsonDocument.Parse(stdout).RootElement;
        json.GetProperty("ok").GetBoolean().Should().BeFalse();
        var diagnostic = json.GetProperty("diagnostics")[0];
        diagnostic.GetProperty("code").GetString().Should().Be("GCF1401");
        diagnostic.GetProperty("line").GetInt32().Should().Be(4);
    }

    [Fact]
    public async Task A_missing_definition_folder_or_bad_option_is_a_usage_error()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await GovCfctApp.RunAsync(["build", "--definition", Dir("nope"), "--templates", Dir("templates")], stdout, stderr, Stages(), CancellationToken.None);
        exit.Should().Be(2);
        stderr.ToString().Should().Contain("GCF9001").And.Contain("does not exist");

        var badFormat = await Run(Stages(), "--format", "xml");
        badFormat.Exit.Should().Be(2);
    }
}

/// <summary><c>govcfct build</c> with the production stages on the real catalog and a scenario definition.</summary>
public sealed class BuildCommandProductionTests : IDisposable
{
    private readonly string _out = Path.Combine(Directory.CreateTempSubdirectory("govcfct-cli-real-").FullName, "out");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_out)!, recursive: true);

    [Fact]
    public async Task Builds_the_scenario_with_the_real_catalog_and_matches_the_core_golden_package()
    {
        var root = RepositoryRoot.Path;
        var scenario = Path.Combine(root, "tests", "GovCfct.Core.Tests", "Packaging", "Scenarios", "real-catalog");
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exit = await GovCfctApp.RunAsync(["build", "--definition", Path.Combine(scenario, "definition"), "--templates", Path.Combine(root, "templates"), "--out", _out], stdout, stderr, CancellationToken.None);

        exit.Should().Be(0, stderr.ToString());
        var expected = Path.Combine(scenario, "expected");
        foreach (var file in Directory.EnumerateFiles(expected, "*", SearchOption.AllDirectories))
        {
            File.ReadAllBytes(Path.Combine(_out, Path.GetRelativePath(expected, file))).Should().Equal(File.ReadAllBytes(file), file);
        }
    }
}
