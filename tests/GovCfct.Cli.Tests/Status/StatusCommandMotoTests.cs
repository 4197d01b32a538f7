using System.Text.Json;
using GovCfct.Testing.Aws.Infrastructure;

namespace GovCfct.Cli.Tests.Status;

/// <summary>
/// <c>govcfct status</c> end to end on moto's Organizations and CloudFormation (a dedicated moto per test, so each
/// organization is its own): a covered organization exits 0, and each injected gap shows up as what it is with exit 1.
/// Credentials come through the SDK's chain from a test profile, as a user's would.
/// </summary>
public sealed class StatusCommandMotoTests : IDisposable
{
    private const string Profile = CliAwsProfiles.Moto;

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("govcfct-status-");


    private string PackageDir => Path.Combine(_work.FullName, "package");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public async Task A_covered_organization_exits_0()
    {
        await using var world = await CfctWorld.CoveredAsync();

        var (exit, output, error) = await StatusAsync(world);

        exit.Should().Be(0, error + output);
        output.Should().Contain("**COVERED: all 2 account(s) have every control, current; nothing stale**");
        output.Should().Contain("| gc-baseline | stack set | 2 | 2 | 0 | 0 | 0 | 0 |");
        output.Should().Contain("| gc-scp-workloads | SCP | 2 | 2 | 0 | 0 | 0 | 0 |");
        output.Should().Contain("| CustomControlTower-gc-baseline | 4 | 4 | 0 | 0 | 0 | 0 | CREATE SUCCEEDED");
        output.Should().NotContain("## Accounts").And.NotContain("## Stale");
    }

    [Fact]
    public async Task A_new_account_without_instances_is_missing_and_listed_as_new()
    {
        await using var world = await CfctWorld.CoveredAsync();
        var fresh = await world.CreateAccountAsync("municipality-new", "Workloads");

        var (exit, output, error) = await StatusAsync(world, "--since", "1d", "--as-of", DateTimeOffset.UtcNow.AddMinutes(5).ToString("O"));

        exit.Should().Be(1, error);
        output.Should().Contain("**NOT COVERED: 1 account(s) missing controls**");
        output.Should().Contain($"| {fresh} | municipality-new | Workloads | missing | gc-baseline | ap-northeast-1 | no stack instance |");
        output.Should().Contain($"| {fresh} | municipality-new | Workloads | missing | gc-baseline | ap-northeast-3 | no stack instance |");
        output.Should().Contain("## New accounts not yet covered").And.Contain($"| {fresh} | municipality-new | Workloads |");
        output.Should().Contain("| gc-baseline | stack set | 3 | 2 | 0 | 1 | 0 | 0 |");
        output.Should().Contain("| gc-scp-workloads | SCP | 3 | 3 | 0 | 0 | 0 | 0 |", "the SCP reaches the new account through its OU");

        // Outside the --since window the account is still missing, but not "new".
        var (_, later, _) = await StatusAsync(world, "--since", "1d", "--as-of", DateTimeOffset.UtcNow.AddDays(3).ToString("O"));
        later.Should().NotContain("## New accounts not yet covered").And.Contain("missing | gc-baseline");
    }

    [Fact]
    public async Task A_stack_set_the_definition_no_longer_has_is_stale_with_its_removal_command()
    {
        await using var world = await CfctWorld.CoveredAsync();
        await world.CreateStackSetAsync("CustomControlTower-gc-retired", [world.WorkloadAccounts[0]], [CfctWorld.Region]);

        var (exit, output, error) = await StatusAsync(world);

        exit.Should().Be(1, error);
        output.Should().Contain("**NOT COVERED: 1 stale item(s)**");
        output.Should().Contain($"| stack-set | CustomControlTower-gc-retired |  | 1 instance(s) in 1 account(s); the manifest no longer has it | `aws cloudformation delete-stack-instances --stack-set-name CustomControlTower-gc-retired --accounts {world.WorkloadAccounts[0]} --regions ap-northeast-1 --no-retain-stacks && aws cloudformation delete-stack-set --stack-set-name CustomControlTower-gc-retired` |");
    }

    [Fact]
    public async Task An_scp_left_attached_is_stale_with_the_detach_command()
    {
        await using var world = await CfctWorld.CoveredAsync();
        await world.AttachScpAsync("Sandbox");

        var (exit, output, error) = await StatusAsync(world, "--format", "json");

        exit.Should().Be(1, error);
        using var json = JsonDocument.Parse(output);
        var stale = json.RootElement.GetProperty("stale").EnumerateArray().Should().ContainSingle().Subject;
        stale.GetProperty("kind").GetString().Should().Be("SCP");
        stale.GetProperty("target").GetString().Should().Be("Sandbox");
        stale.GetProperty("command").GetString().Should().Be($"aws organizations detach-policy --policy-id {world.ScpId} --target-id {world.Ous["Sandbox"]}");
        json.RootElement.GetProperty("summary").GetProperty("covered").GetInt32().Should().Be(2, "the accounts themselves have everything");
    }

    [Fact]
    public async Task An_scp_detached_from_its_ou_is_missing_in_every_account_below()
    {
        await using var world = await CfctWorld.CoveredAsync();
        await world.DetachScpAsync("Workloads");

        var (exit, output, error) = await StatusAsync(world);

        exit.Should().Be(1, error);
        output.Should().Contain("**NOT COVERED: 2 account(s) missing controls**");
        output.Should().Contain($"| {world.WorkloadAccounts[0]} | ministry-a | Workloads | missing | gc-scp-workloads |  | SCP gc-scp-workloads is not attached to Workloads |");
    }

    [Fact]
    public async Task Plan_deployed_compares_against_the_stack_instances_that_exist()
    {
        await using var world = await CfctWorld.CoveredAsync();
        var fresh = await world.CreateAccountAsync("municipality-new", "Workloads");
        await world.CreateStackSetAsync("CustomControlTower-gc-retired", [world.WorkloadAccounts[0]], [CfctWorld.Region]);
        var statusFile = Path.Combine(_work.FullName, "status.json");
        var snapshot = Path.Combine(_work.FullName, "org.json");
        (await RunAsync("org", "snapshot", "--out", snapshot, "--profile", Profile, "--endpoint-url", world.Endpoint.ToString())).Exit.Should().Be(0);
        var (statusExit, _, statusError) = await StatusAsync(world, "--format", "json", "--out", statusFile);
        statusExit.Should().Be(1, statusError);

        var (exit, output, error) = await RunAsync("plan", "--org", snapshot, "--package", PackageDir, "--deployed", statusFile, "--format", "json");
        var (liveExit, liveOutput, liveError) = await RunAsync("plan", "--org", snapshot, "--package", PackageDir, "--deployed", "live", "--format", "json", "--profile", Profile, "--endpoint-url", world.Endpoint.ToString());

        exit.Should().Be(0, error);
        liveExit.Should().Be(0, liveError);
        liveOutput.Should().Be(output, "the saved status and the live read are the same deployed state");
        using var plan = JsonDocument.Parse(output);
        var stackSets = plan.RootElement.GetProperty("stackSets").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        var baseline = stackSets["gc-baseline"];
        baseline.GetProperty("kind").GetString().Should().Be("unchanged", "the deployed template body is the package's");
        baseline.GetProperty("instancesCreated").EnumerateArray().Select(i => i.GetProperty("accountId").GetString() + "/" + i.GetProperty("region").GetString())
            .Should().BeEquivalentTo([$"{fresh}/ap-northeast-1", $"{fresh}/ap-northeast-3"], "only the new account lacks instances");
        stackSets["gc-retired"].GetProperty("kind").GetString().Should().Be("orphaned");
    }

    private async Task<(int Exit, string Out, string Err)> StatusAsync(CfctWorld world, params string[] extra)
    {
        if (!Directory.Exists(PackageDir))
        {
            CfctWorld.WritePackage(PackageDir);
        }

        return await RunAsync(["status", "--package", PackageDir, "--profile", Profile, "--endpoint-url", world.Endpoint.ToString(), .. extra]);
    }

    private static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await GovCfctApp.RunAsync(args, stdout, stderr, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
