using System.Collections.Immutable;
using GovCfct.Core.Cfct;
using GovCfct.Core.Catalog;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Replay;
using GovCfct.Core.Status;
using GovCfct.Pipeline;
using GovCfct.Pipeline.UseCases;

namespace GovCfct.Core.Tests.UseCases;

/// <summary>
/// The verbs' use cases, request in and result out, as the command line calls them: which input each one chooses
/// (definition or package, previous package or deployed state, the expected state), which live reads it asks for, and
/// the outcome the command line turns into its exit code. The pipeline's loaders are replaced by recording ones, so a
/// test sees the folder a use case chose without building anything.
/// </summary>
public sealed class UseCaseTests : IDisposable
{
    private static readonly string Fixtures = RepositoryRoot.Combine("tests", "GovCfct.Core.Tests", "Planning", "Fixtures");

    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("govcfct-usecases-");

    private readonly List<string> _definitionsLoaded = [];

    public void Dispose() => _temp.Delete(true);

    private static string Fixture(string name) => Path.Combine(Fixtures, name);

    private static DirectoryInfo Templates => new(RepositoryRoot.Combine("templates"));

    /// <summary>A pipeline whose definition loader records the folder it was asked for and refuses it with GCF1000.</summary>
    private BuildPipeline RecordingPipeline() => BuildPipeline.WithSources(new PipelineSources(
        (directory, diagnostics) =>
        {
            _definitionsLoaded.Add(directory);
            diagnostics.Report(DiagnosticCodes.DefinitionNotFound, "recorded, not loaded", new SourceLocation(directory));
            return null;
        },
        (_, _) => new ControlCatalog([]),
        (_, _, _) => null,
        null));

    private DirectoryInfo DefinitionFolder()
    {
        var folder = _temp.CreateSubdirectory("definition");
        File.WriteAllText(Path.Combine(folder.FullName, "organization.yaml"), "name: test\n");
        return folder;
    }

    [Fact]
    public void Validate_builds_a_folder_holding_organization_yaml_as_a_definition()
    {
        var folder = DefinitionFolder();

        var result = new ValidateUseCase(RecordingPipeline()).Run(new ValidateRequest(folder.FullName, Templates), new DiagnosticBag());

        result.Target.Should().Be(ValidateTarget.Definition);
        _definitionsLoaded.Should().Equal(folder.FullName);
        result.Outcome.Should().Be(UseCaseOutcome.Failed, "the recording loader refused the definition");
        result.Diagnostics.Should().Contain(d => d.Code == "GCF1000");
    }

    [Fact]
    public void Validate_of_a_governance_repository_builds_its_manifest_folder()
    {
        // As govcfct init writes it: manifest/ holds the definition, templates/ the own controls; no package at the root.
        var repository = _temp.CreateSubdirectory("repository");
        var manifest = repository.CreateSubdirectory("manifest");
        File.WriteAllText(Path.Combine(manifest.FullName, "organization.yaml"), "name: test\n");
        repository.CreateSubdirectory("templates");

        var result = new ValidateUseCase(RecordingPipeline()).Run(new ValidateRequest(repository.FullName, Templates), new DiagnosticBag());

        result.Target.Should().Be(ValidateTarget.Definition);
        _definitionsLoaded.Should().Equal(manifest.FullName);
    }

    [Fact]
    public void A_folder_without_a_package_or_a_definition_is_still_judged_as_a_package()
    {
        var empty = _temp.CreateSubdirectory("empty");

        var result = new ValidateUseCase(RecordingPipeline()).Run(new ValidateRequest(empty.FullName, Templates) { RunCfnLint = false }, new DiagnosticBag());

        result.Target.Should().Be(ValidateTarget.Package);
        result.Outcome.Should().Be(UseCaseOutcome.Failed);
        _definitionsLoaded.Should().BeEmpty();
    }

    [Fact]
    public void Validate_judges_a_package_folder_with_the_package_rules_and_loads_no_definition()
    {
        var request = new ValidateRequest(Fixture("current"), Templates) { RunCfnLint = false, CfnNagVersion = null };

        var result = new ValidateUseCase(RecordingPipeline()).Run(request, new DiagnosticBag());

        result.Target.Should().Be(ValidateTarget.Package);
        _definitionsLoaded.Should().BeEmpty();
        result.Diagnostics.Should().NotContain(d => d.Code == "GCF1000");
    }

    [Fact]
    public void Validate_loads_the_definition_a_package_names_and_stops_when_it_does_not_load()
    {
        var folder = DefinitionFolder();
        var request = new ValidateRequest(Fixture("current"), Templates) { Definition = folder, RunCfnLint = false, CfnNagVersion = null };

        var result = new ValidateUseCase(RecordingPipeline()).Run(request, new DiagnosticBag());

        result.Target.Should().Be(ValidateTarget.Package);
        _definitionsLoaded.Should().Equal(folder.FullName);
        result.Outcome.Should().Be(UseCaseOutcome.Failed);
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(null, 0)]
    public void Validate_refuses_a_non_positive_override_as_a_usage_error(int? maxSize, int? slots)
    {
        var request = new ValidateRequest(Fixture("current"), Templates) { Overrides = new SettingsOverrides(MaxPolicySize: maxSize, ScpSlots: slots) };

        var result = new ValidateUseCase(RecordingPipeline()).Run(request, new DiagnosticBag());

        result.Outcome.Should().Be(UseCaseOutcome.Usage);
        result.Target.Should().Be(ValidateTarget.None);
        result.Diagnostics.Should().ContainSingle().Which.Code.Should().Be(DiagnosticCodes.UsageError.Id);
    }

    [Fact]
    public void The_previous_package_is_a_package_folder_read_as_is_or_a_definition_folder_built()
    {
        var diagnostics = new DiagnosticBag();
        var pipeline = RecordingPipeline();

        var read = PreviousPackage.Read(pipeline, Fixture("previous"), _temp.FullName, Templates.FullName, diagnostics);

        read.Should().NotBeNull();
        read!.Files.Keys.Should().Equal(CfctPackage.Read(Fixture("previous"), "previous", new DiagnosticBag())!.Files.Keys);
        _definitionsLoaded.Should().BeEmpty();

        var definition = DefinitionFolder();
        PreviousPackage.Read(pipeline, definition.FullName, _temp.FullName, Templates.FullName, diagnostics).Should().BeNull();
        _definitionsLoaded.Should().Equal(definition.FullName);
    }

    [Fact]
    public async Task Plan_against_the_live_deployed_state_reads_stack_sets_only_and_plans()
    {
        var live = new RecordedLive();
        var request = new PlanRequest(new FileInfo(Fixture("org.json")), Templates) { Package = new DirectoryInfo(Fixture("current")), Deployed = PlanRequest.Live };

        var result = await new PlanUseCase(RecordingPipeline(), live).RunAsync(request, new DiagnosticBag(), CancellationToken.None);

        result.Plan.Should().NotBeNull(string.Join("\n", result.Diagnostics));
        live.DeployedQueries.Should().ContainSingle().Which.IncludeControls.Should().BeFalse("plan compares stack sets; status reads the controls");
        _definitionsLoaded.Should().BeEmpty();
    }

    [Fact]
    public async Task Plan_refuses_deployed_and_previous_together_before_reading_anything()
    {
        var live = new RecordedLive();
        var request = new PlanRequest(new FileInfo(Fixture("org.json")), Templates) { Package = new DirectoryInfo(Fixture("current")), Deployed = PlanRequest.Live, Previous = Fixture("previous") };

        var result = await new PlanUseCase(RecordingPipeline(), live).RunAsync(request, new DiagnosticBag(), CancellationToken.None);

        result.Outcome.Should().Be(UseCaseOutcome.Usage);
        result.Plan.Should().BeNull();
        live.DeployedQueries.Should().BeEmpty();
    }

    [Fact]
    public async Task Plan_builds_the_definition_when_no_package_is_given()
    {
        var definition = DefinitionFolder();
        var request = new PlanRequest(new FileInfo(Fixture("org.json")), Templates) { Definition = definition };

        var result = await new PlanUseCase(RecordingPipeline()).RunAsync(request, new DiagnosticBag(), CancellationToken.None);

        _definitionsLoaded.Should().Equal(definition.FullName);
        result.Outcome.Should().Be(UseCaseOutcome.Failed);
        result.Plan.Should().BeNull();
    }

    [Fact]
    public async Task Plan_turns_a_failed_live_read_into_the_aws_failure_outcome()
    {
        var live = new RecordedLive { Failure = new LiveSourceException([new Diagnostic(DiagnosticCodes.AwsAccessDenied, "reading the deployed state: AccessDenied")]) };
        var request = new PlanRequest(new FileInfo(Fixture("org.json")), Templates) { Package = new DirectoryInfo(Fixture("current")), Deployed = PlanRequest.Live };

        var result = await new PlanUseCase(RecordingPipeline(), live).RunAsync(request, new DiagnosticBag(), CancellationToken.None);

        result.Outcome.Should().Be(UseCaseOutcome.AwsFailure);
        result.Diagnostics.Should().Contain(d => d.Code == DiagnosticCodes.AwsAccessDenied.Id);
    }

    [Fact]
    public void Status_expects_the_manifest_folder_unless_a_package_is_given()
    {
        StatusUseCase.ExpectedDefinition(new StatusRequest(Templates))!.ToString().Should().Be("manifest");
        StatusUseCase.ExpectedDefinition(new StatusRequest(Templates) { Package = new DirectoryInfo(Fixture("current")) }).Should().BeNull();
        StatusUseCase.ExpectedDefinition(new StatusRequest(Templates) { Definition = new DirectoryInfo("elsewhere") })!.ToString().Should().Be("elsewhere");
    }

    [Fact]
    public async Task Status_reads_the_organization_and_the_deployed_state_live_and_is_not_covered_when_nothing_is_deployed()
    {
        var live = new RecordedLive();
        var request = new StatusRequest(Templates) { Package = new DirectoryInfo(Fixture("current")) };

        var result = await new StatusUseCase(RecordingPipeline(), live).RunAsync(request, new DiagnosticBag(), CancellationToken.None);

        live.OrganizationReads.Should().Be(1);
        live.DeployedQueries.Should().ContainSingle().Which.IncludeControls.Should().BeTrue();
        result.Report.Should().NotBeNull(string.Join("\n", result.Diagnostics));
        result.Report!.IsCovered.Should().BeFalse("the package's stack sets are deployed nowhere");
        result.Outcome.Should().Be(UseCaseOutcome.Failed);
        _definitionsLoaded.Should().BeEmpty();
    }

    [Theory]
    [InlineData(WatchResult.Finished, null)]
    [InlineData(WatchResult.TimedOut, "GCF3510")]
    [InlineData(WatchResult.PipelineFailed, "GCF3511")]
    public async Task Status_watch_follows_the_package_stack_sets_and_says_when_the_deployment_did_not_finish(WatchResult watched, string? code)
    {
        var live = new RecordedLive { Watched = watched };
        var request = new StatusRequest(Templates) { Package = new DirectoryInfo(Fixture("current")), Watch = true, PipelineName = "cfct-pipeline" };

        var result = await new StatusUseCase(RecordingPipeline(), live).RunAsync(request, new DiagnosticBag(), CancellationToken.None);

        live.WatchedStackSets.Should().NotBeEmpty("--watch follows the stack sets of the expected package");
        live.OrganizationReads.Should().Be(1, "the verdict after the watch is read live");
        var watchCodes = result.Diagnostics.Select(d => d.Code).Where(c => c is "GCF3510" or "GCF3511").ToList();
        if (code is null)
        {
            watchCodes.Should().BeEmpty();
        }
        else
        {
            watchCodes.Should().Equal(code);
        }

        if (watched == WatchResult.PipelineFailed)
        {
            result.Diagnostics.Single(d => d.Code == "GCF3511").Message.Should().Contain("'cfct-pipeline'");
        }
    }

    [Fact]
    public async Task Status_refuses_a_definition_and_a_package_together_and_watch_without_the_live_deployment()
    {
        var live = new RecordedLive();
        var both = new StatusRequest(Templates) { Definition = new DirectoryInfo(Fixture("current")), Package = new DirectoryInfo(Fixture("current")) };
        var watch = new StatusRequest(Templates) { Package = new DirectoryInfo(Fixture("current")), Deployed = Fixture("org.json"), Watch = true };

        (await new StatusUseCase(RecordingPipeline(), live).RunAsync(both, new DiagnosticBag(), CancellationToken.None)).Outcome.Should().Be(UseCaseOutcome.Usage);
        (await new StatusUseCase(RecordingPipeline(), live).RunAsync(watch, new DiagnosticBag(), CancellationToken.None)).Outcome.Should().Be(UseCaseOutcome.Usage);
        live.OrganizationReads.Should().Be(0);
    }

    [Fact]
    public async Task Status_that_cannot_build_the_expected_state_reads_nothing_live()
    {
        var live = new RecordedLive();
        var definition = DefinitionFolder();

        var result = await new StatusUseCase(RecordingPipeline(), live).RunAsync(new StatusRequest(Templates) { Definition = definition }, new DiagnosticBag(), CancellationToken.None);

        result.ExpectedStateBuilt.Should().BeFalse();
        result.Outcome.Should().Be(UseCaseOutcome.Failed);
        live.OrganizationReads.Should().Be(0);
        _definitionsLoaded.Should().Equal(definition.FullName);
    }

    [Fact]
    public void Publish_preflight_refuses_a_folder_without_a_package_as_a_usage_error_and_reads_the_definition_through_the_pipeline()
    {
        var publish = new PublishUseCase(RecordingPipeline());

        var missing = publish.Preflight(new PublishRequest(_temp));
        missing.Outcome.Should().Be(UseCaseOutcome.Usage);
        missing.Diagnostics.Should().ContainSingle().Which.Code.Should().Be(DiagnosticCodes.PublishPackageMissing.Id);

        var definition = DefinitionFolder();
        var refused = publish.Preflight(new PublishRequest(new DirectoryInfo(Fixture("current"))) { Definition = definition, RunCfnLint = false });
        refused.Outcome.Should().Be(UseCaseOutcome.Failed);
        refused.Content.Should().BeNull();
        _definitionsLoaded.Should().Equal(definition.FullName);
    }

    [Fact]
    public async Task Publish_delivers_only_what_the_preflight_let_through()
    {
        var delivered = 0;
        var result = await new PublishUseCase(RecordingPipeline()).PublishAsync(
            new PublishRequest(_temp),
            (_, _) => Task.FromResult(++delivered),
            CancellationToken.None);

        result.Outcome.Should().Be(UseCaseOutcome.Usage);
        delivered.Should().Be(0);
    }

    [Fact]
    public void Accounts_refuse_every_request_when_the_definition_does_not_load()
    {
        var csv = Path.Combine(_temp.FullName, "requests.csv");
        File.WriteAllText(csv, "name,email,ou\n");
        var definition = DefinitionFolder();

        var result = new AccountsUseCase(RecordingPipeline()).Plan(new AccountsRequest(new FileInfo(csv), definition, Templates));

        result.Failure.Should().Be(AccountsFailure.Requests);
        result.Outcome.Should().Be(UseCaseOutcome.Failed);
        result.Accepted.Should().BeEmpty();
        result.Plan.Should().BeNull();
        _definitionsLoaded.Should().Equal(definition.FullName);
    }

    /// <summary>Live answers recorded in memory: the organization of the planning fixtures, nothing deployed.</summary>
    private sealed class RecordedLive : ILiveSources
    {
        public List<DeployedQuery> DeployedQueries { get; } = [];

        public int OrganizationReads { get; private set; }

        public LiveSourceException? Failure { get; init; }

        public Task<LiveRead<OrgSnapshot>> ReadOrganizationAsync(CancellationToken cancellationToken)
        {
            OrganizationReads++;
            var read = OrgSnapshotSerializer.ReadFile(Fixture("org.json"), "org.json");
            return Task.FromResult(new LiveRead<OrgSnapshot>(read.Snapshot!, [.. read.Diagnostics]));
        }

        public Task<DeployedRead> ReadDeployedAsync(DeployedQuery query, CancellationToken cancellationToken)
        {
            DeployedQueries.Add(query);
            return Failure is { } failure ? throw failure : Task.FromResult(new DeployedRead(DeployedState.Empty, true, true, []));
        }

        public WatchResult Watched { get; init; } = WatchResult.Finished;

        public ImmutableArray<string> WatchedStackSets { get; private set; } = [];

        public Task<WatchResult> WatchAsync(ImmutableArray<string> stackSets, CancellationToken cancellationToken)
        {
            WatchedStackSets = stackSets;
            return Task.FromResult(Watched);
        }

        public Task<bool> ReadTrailAsync(ReplaySession session, string trail, DiagnosticBag diagnostics, CancellationToken cancellationToken) => Task.FromResult(false);
    }
}
