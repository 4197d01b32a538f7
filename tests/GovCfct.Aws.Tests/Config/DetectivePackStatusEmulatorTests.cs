using Amazon.Runtime;
using GovCfct.Aws.Config;
using GovCfct.Aws.Http;
using GovCfct.Testing.Aws.Emulator;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Packaging;
using GovCfct.Core.Status;

namespace GovCfct.Aws.Tests.Config;

/// <summary>
/// The packs' per-account status for the states moto cannot produce (it reports only the caller's account, always
/// successful), on the endpoint that checks every request and response against botocore's config model: a failed
/// account with AWS Config's error, more accounts than one page, a new account in an opted-out OU that received the
/// pack, and a status that cannot be read.
/// </summary>
public sealed class DetectivePackStatusEmulatorTests : IAsyncLifetime
{
    private static readonly EmulatorIdentity Reader = new("AKIACONFIGREADER0001", "config-secret-0a1b2c3d", "arn:aws:sts::111122223333:assumed-role/GovCfctStatus/codebuild");

    private readonly ConfigService _config = new();
    private AwsEmulatorServer _server = null!;

    public Task InitializeAsync()
    {
        _server = new AwsEmulatorServer(_config);
        _server.AddIdentity(Reader);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private AwsClientOptions Options(string region) => new(Region: region, EndpointUrl: _server.Endpoint, MaxAttempts: 2, Timeout: TimeSpan.FromSeconds(10))
    {
        Credentials = new BasicAWSCredentials(Reader.AccessKeyId, Reader.SecretAccessKey),
        BaseDelay = TimeSpan.FromMilliseconds(5),
    };

    private Task<ConformancePackStatusRead> ReadAsync(DetectiveWorld world) =>
        ConformancePackStatusReader.ReadAsync(world.Packs, region => new ConfigClient(Options(region)), CancellationToken.None);

    [Fact]
    public async Task Failed_and_missing_accounts_are_reported_and_an_opted_out_OUs_new_account_having_the_pack_is_stale()
    {
        using var world = new DetectiveWorld("200000000001");
        var newInB = "300000000009";
        var organization = world.Organization with { Accounts = world.Organization.Accounts.Add(new Core.Organization.OrgAccount(newInB, "b-new", "b9@example.jp", "ACTIVE", "ou-ab12-00000003")) };
        foreach (var pack in world.Packs.Select(p => p.Name))
        {
            _config.SetStatus(pack, world.AccountA);
        }

        _config.SetStatus("gc-detective-controls-1", DetectiveWorld.AccountB, "CREATE_FAILED", "NoAvailableConfigurationRecorderException", "No configuration recorder is available.");
        // Created in Workloads:B after the lock was written: ExcludedAccounts of the ssh pack does not name it.
        _config.SetStatus("gc-detective-controls-1", newInB);
        _config.SetStatus("gc-detective-controls-2", newInB);

        var read = await ReadAsync(world);
        var report = StatusEvaluator.Evaluate(new StatusOptions(world.Package, organization, DeployedState.Empty with { ConformancePacks = read.Statuses }) { ExpectedPacks = world.Packs });

        read.Read.Should().BeTrue();
        _server.Calls.Should().OnlyContain(c => c.Contains("GetOrganizationConformancePackDetailedStatus", StringComparison.Ordinal));
        var b = report.Accounts.Single(a => a.AccountId == DetectiveWorld.AccountB);
        b.State.Should().Be(CoverageState.Failed);
        b.Findings.Should().Contain(new Finding("gc-detective-controls-1", Core.Status.DeploymentKind.ConformancePack, CoverageState.Failed, "ap-northeast-1", "CREATE_FAILED: NoAvailableConfigurationRecorderException: No configuration recorder is available."));
        report.Stale.Should().Contain(s => s.Kind == "conformance-pack" && s.Name == "gc-detective-controls-2" && s.Target == $"{newInB} in ap-northeast-1" && s.Detail.Contains("'Workloads:B' is outside the pack's scope", StringComparison.Ordinal));
        report.Stale.Should().NotContain(s => s.Name == "gc-detective-controls-1", "the widest pack covers Workloads:B");
        // (The management account's CfCT stack set is not in this deployed state; only the packs are under test.)
        report.Summary.Failed.Should().Be(1);
        report.Summary.Stale.Should().Be(2, "the new account has the ssh pack in both regions");
    }

    [Fact]
    public async Task Every_page_is_read_at_AWS_Configs_largest_page_size()
    {
        using var world = new DetectiveWorld("200000000001");
        foreach (var i in Enumerable.Range(0, 250))
        {
            _config.SetStatus("gc-detective-controls-1", $"5{i:00000000000}");
        }

        _config.SetStatus("gc-detective-controls-2");

        var read = await ReadAsync(world);

        read.Statuses.Count(s => s.PackName == "gc-detective-controls-1").Should().Be(500, "250 accounts in each of the two regions");
        _server.Bodies.Where(b => b.Contains("gc-detective-controls-1", StringComparison.Ordinal)).Should().HaveCount(6, "three pages of at most 100 per region").And.OnlyContain(b => b.Contains("\"Limit\":100", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_status_that_cannot_be_read_is_GCF3521_and_leaves_the_packs_out()
    {
        using var world = new DetectiveWorld("200000000001");
        _config.SetStatus("gc-detective-controls-1", world.AccountA);
        _server.Inject(Fault.InternalError);
        _server.Inject(Fault.InternalError);

        var read = await ReadAsync(world);

        read.Read.Should().BeFalse();
        read.Statuses.Should().BeEmpty();
        read.Diagnostics.Should().ContainSingle().Which.Code.Should().Be(DiagnosticCodes.ConformancePackStatusUnreadable.Id);
    }
}
