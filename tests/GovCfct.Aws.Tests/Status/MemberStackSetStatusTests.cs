using System.Collections.Immutable;
using System.Text;
using GovCfct.Aws.CloudFormation;
using GovCfct.Testing.Aws.Emulator;
using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Packaging;
using GovCfct.Core.Status;

namespace GovCfct.Aws.Tests.Status;

/// <summary>
/// status over a service-managed member stack set, read from the model-checked CloudFormation endpoint (every request
/// and response checked against botocore's model; instances scripted in the shape automatic deployment leaves them).
/// What is proven here: the reader finds the stack set by our name (no CfCT prefix), checks trusted access with
/// DescribeOrganizationsAccess, and the evaluator expects an instance in every account below the target OU at any
/// depth — an account in an OU created after the build under Workloads is expected and, once StackSets' automatic
/// deployment has created its instances, covered — never in the management account. That StackSets really creates
/// those instances is AWS's documented behaviour (API_AutoDeployment, API_DeploymentTargets), not emulated here.
/// </summary>
public sealed class MemberStackSetStatusTests : IAsyncLifetime
{
    private const string Forwarding = "gc-alert-forwarding";
    private const string NewOu = "ou-ab12-99999999";
    private const string NewAccount = "510987654321";

    private StatusWorld _world = null!;

    public Task InitializeAsync()
    {
        _world = new StatusWorld();
        _world.CloudFormation.ServiceManaged.Add(Forwarding);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    // Workloads (two accounts) → Agency (created after the build, not in the lock) → one new account.
    private static OrgSnapshot Organization => StatusWorld.Organization with
    {
        OrganizationalUnits = [.. StatusWorld.Organization.OrganizationalUnits, new OrgUnit(NewOu, "NewAgency", StatusWorld.WorkloadsOu, "Workloads:NewAgency")],
        Accounts = [.. StatusWorld.Organization.Accounts, new OrgAccount(NewAccount, "new-agency-prod", "n@example.jp", "ACTIVE", NewOu, DateTimeOffset.Parse("2026-12-07T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture))],
    };

    private static CfctPackage Package()
    {
        var owner = $$"""
            {
              "Resources": {
                "StackSetGcAlertForwarding": {
                  "Type": "AWS::CloudFormation::StackSet",
                  "Metadata": { "GovCfct": { "Control": "alert-forwarding", "TargetOuPaths": ["Workloads"] } },
                  "Properties": {
                    "StackSetName": "{{Forwarding}}",
                    "PermissionModel": "SERVICE_MANAGED",
                    "AutoDeployment": { "Enabled": true, "RetainStacksOnAccountRemoval": false },
                    "StackInstancesGroup": [
                      { "DeploymentTargets": { "OrganizationalUnitIds": ["{{StatusWorld.WorkloadsOu}}"] }, "Regions": ["ap-northeast-1", "ap-northeast-3"] }
                    ],
                    "TemplateBody": "{}"
                  }
                }
              }
            }
            """;
        var resource = new ManifestResource("gc-member-stack-sets", "owner", "templates/gc-member-stack-sets.template", DeployMethod.StackSet, [], null, [], [StatusWorld.Management], ["ap-northeast-1"], [], ["alert-forwarding"]);
        return new CfctPackage(
            new CfctManifest("ap-northeast-1", null, [resource]),
            ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, byte[]>
            {
                ["manifest.yaml"] = [],
                ["templates/gc-member-stack-sets.template"] = Encoding.UTF8.GetBytes(owner),
            }));
    }

    private void Deploy(params string[] accounts)
    {
        _world.CloudFormation.AddStackSet(Forwarding, StatusWorld.Template);
        foreach (var account in accounts)
        {
            foreach (var region in new[] { "ap-northeast-1", "ap-northeast-3" })
            {
                _world.CloudFormation.SetInstance(Forwarding, account, region, "CURRENT", "SUCCEEDED");
            }
        }
    }

    private async Task<(StatusReport Report, ImmutableArray<Diagnostic> Diagnostics)> EvaluateAsync()
    {
        // The owner stack CfCT deploys to the management account.
        _world.CloudFormation.AddStackSet("CustomControlTower-gc-member-stack-sets", "{}");
        _world.CloudFormation.SetInstance("CustomControlTower-gc-member-stack-sets", StatusWorld.Management, "ap-northeast-1", "CURRENT", "SUCCEEDED");
        var package = Package();
        var members = ExpectedMemberStackSets.Read(package);
        members.Should().ContainSingle().Which.Should().Match<ExpectedMemberStackSet>(m => m.Name == Forwarding && m.TargetOuIds.SequenceEqual(new[] { StatusWorld.WorkloadsOu }));
        var read = await new DeployedStateReader(_world.CloudFormationClient(), null, new DeployedStateReaderOptions { ServiceManagedNames = [Forwarding] }).ReadAsync(CancellationToken.None);
        var report = StatusEvaluator.Evaluate(new StatusOptions(package, Organization, read.State) { MemberStackSets = members });
        return (report, read.Diagnostics);
    }

    [Fact]
    public async Task An_account_in_an_OU_created_after_the_build_under_a_target_OU_is_expected_and_covered_by_the_automatic_deployment()
    {
        Deploy(StatusWorld.AccountA, StatusWorld.AccountB, NewAccount);

        var (report, diagnostics) = await EvaluateAsync();

        diagnostics.Should().BeEmpty();
        // (The world's other CfCT stack sets are stale for this package; only the member stack set is under test.)
        report.Accounts.SelectMany(a => a.Findings).Should().NotContain(f => f.Control == Forwarding);
        var status = report.StackSets.Single(s => s.Name == Forwarding);
        status.DeployedName.Should().Be(Forwarding, "service-managed stack sets keep our own name");
        status.Expected.Should().Be(6, "Workloads' two accounts and the new nested OU's account, in both governed regions; not Sandbox, not the management account");
        status.Current.Should().Be(6);
    }

    [Fact]
    public async Task A_new_account_automatic_deployment_has_not_reached_is_missing_per_region_with_its_target_OU()
    {
        Deploy(StatusWorld.AccountA, StatusWorld.AccountB);
        _world.CloudFormation.SetInstance(Forwarding, NewAccount, "ap-northeast-1", "CURRENT", "SUCCEEDED");

        var (report, _) = await EvaluateAsync();

        var account = report.Accounts.Single(a => a.AccountId == NewAccount);
        account.OuPath.Should().Be("Workloads:NewAgency");
        account.Findings.Should().ContainSingle().Which.Should().Be(new Finding(
            Forwarding, DeploymentKind.StackSet, CoverageState.Missing, "ap-northeast-3",
            $"no stack instance (automatic deployment from target {StatusWorld.WorkloadsOu} has not reached this account)"));
    }

    [Fact]
    public async Task Trusted_access_switched_off_is_reported_with_what_to_do()
    {
        Deploy(StatusWorld.AccountA, StatusWorld.AccountB, NewAccount);
        _world.CloudFormation.OrganizationsAccess = "DISABLED";

        var (_, diagnostics) = await EvaluateAsync();

        diagnostics.Should().ContainSingle().Which.Should().Match<Diagnostic>(d =>
            d.Code == DiagnosticCodes.StackSetsTrustedAccessDisabled.Id && d.Hint!.Contains("activate-organizations-access", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Trusted_access_that_cannot_be_read_is_a_warning_and_the_instances_are_still_read()
    {
        Deploy(StatusWorld.AccountA, StatusWorld.AccountB, NewAccount);
        _world.Server.Before("DescribeOrganizationsAccess", () => throw new EmulatedAwsError("AccessDeniedException", $"User: {StatusWorld.Reader.Arn} is not authorized to perform: cloudformation:DescribeOrganizationsAccess"));

        var (report, diagnostics) = await EvaluateAsync();

        diagnostics.Should().ContainSingle().Which.Should().Match<Diagnostic>(d =>
            d.Code == DiagnosticCodes.StackSetsTrustedAccessUnknown.Id && d.Severity == Severity.Warning && d.Message.Contains("AccessDeniedException", StringComparison.Ordinal));
        report.StackSets.Single(s => s.Name == Forwarding).Deployed.Should().BeTrue();
    }

    [Fact]
    public async Task A_stack_set_that_does_not_exist_yet_leaves_every_expected_account_missing()
    {
        var (report, _) = await EvaluateAsync();

        report.StackSets.Single(s => s.Name == Forwarding).Should().Match<StackSetStatus>(s => !s.Deployed && s.Missing == 6);
        report.Accounts.Single(a => a.AccountId == StatusWorld.AccountA).Findings.Should().OnlyContain(f => f.Detail == $"service-managed stack set {Forwarding} does not exist");
    }
}
