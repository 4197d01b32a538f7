using System.Text.Json.Nodes;
using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Packaging;
using GovCfct.Core.Policies;
using GovCfct.Core.Tests.TestSupport;
using GovCfct.Pipeline;

namespace GovCfct.Core.Tests.Policies;

/// <summary>
/// "Deny enabling non-enabled regions": Control Tower's region deny (CT.MULTISERVICE.PV.1) lists account:* in its
/// NotAction, so on its own it lets an Admin session call account:EnableRegion. deny-region-opt-in closes that, and the
/// build refuses a region deny without it (GCF1750). Each may / may not is decided twice: by the repository's SCP
/// evaluator and by npm's iam-simulate.
/// </summary>
public sealed class RegionOptInTests
{
    private const string Account = "444455556666";
    private const string AdminSession = $"arn:aws:iam::{Account}:role/aws-reserved/sso.amazonaws.com/ap-northeast-1/AWSReservedSSO_AWSAdministratorAccess_0123456789abcdef";
    private const string ControlTowerRole = $"arn:aws:iam::{Account}:role/AWSControlTowerExecution";

    /// <summary>The region deny as Control Tower writes it: deny-regions' first statement is the same 86-entry NotAction.</summary>
    private static string ControlTowerRegionDeny()
    {
        var policy = JsonNode.Parse(CatalogFixture.Render("deny-regions"))!.AsObject();
        var statements = policy["Statement"]!.AsArray();
        statements.Select(s => s!["Sid"]!.GetValue<string>()).Should().Equal("DenyUnapprovedRegions", "DenyRegionOptInChanges");
        statements.RemoveAt(1);
        statements[0]!["NotAction"]!.AsArray().Select(a => a!.GetValue<string>()).Should().Contain("account:*");
        return policy.ToJsonString();
    }

    private static readonly string[] Actions = ["account:EnableRegion", "account:DisableRegion"];

    private static Dictionary<string, PolicyDecision> Repository(IReadOnlyList<string> scps, string principal)
    {
        var documents = scps.Select((json, i) => ($"scp-{i + 1}", PolicyParser.Parse(json, $"scp-{i + 1}", new DiagnosticBag())!)).ToList();
        return Actions.ToDictionary(a => a, a => new PolicyEvaluator().Evaluate(documents, RequestContext.Create(principal, a, "*", ("aws:RequestedRegion", "us-east-1"), ("aws:PrincipalAccount", Account))).Decision);
    }

    private static Dictionary<string, string?> Simulated(IReadOnlyList<string> scps, string principal) =>
        IamSimulateOracle.Decide(scps, Actions.Select(a => new IamSimulateOracle.Request(a, principal, a, $"arn:aws:account::{Account}:account", Account, new Dictionary<string, string>
        {
            ["aws:PrincipalArn"] = principal,
            ["aws:RequestedRegion"] = "us-east-1",
            ["aws:PrincipalAccount"] = Account,
        }))).ToDictionary(r => r.Name, r => r.Decision ?? r.Errors);

    [Fact]
    public void Control_Towers_region_deny_alone_lets_an_Admin_switch_regions_on_and_off()
    {
        string[] scps = [ControlTowerRegionDeny()];

        Repository(scps, AdminSession).Values.Should().AllBeEquivalentTo(PolicyDecision.Allow);
        Simulated(scps, AdminSession).Values.Should().AllBeEquivalentTo("Allowed");
    }

    [Fact]
    public void With_deny_region_opt_in_an_Admin_may_not_and_Control_Tower_still_may()
    {
        string[] scps = [ControlTowerRegionDeny(), CatalogFixture.Render("deny-region-opt-in")];

        Repository(scps, AdminSession).Values.Should().AllBeEquivalentTo(PolicyDecision.ExplicitDeny);
        Simulated(scps, AdminSession).Values.Should().AllBeEquivalentTo("ExplicitlyDenied");
        Repository(scps, ControlTowerRole).Values.Should().AllBeEquivalentTo(PolicyDecision.Allow);
        Simulated(scps, ControlTowerRole).Values.Should().AllBeEquivalentTo("Allowed");
    }

    [Fact]
    public void The_build_check_refuses_a_region_deny_without_the_opt_in_deny()
    {
        var attackers = EscalationChecker.DefaultAttackers();
        var at = new SourceLocation("manifest/ous/workloads.yaml", 5, 5);
        var open = new DiagnosticBag();
        PolicyStage.CheckRegionOptIn(attackers, "Workloads", at, [new EffectivePolicy("gc-scp-workloads-1", DeployMethod.Scp, CatalogFixture.Render("deny-leave-organization"), false)], open).Should().BeTrue();
        open.Items.Should().ContainSingle().Which.Code.Should().Be(DiagnosticCodes.RegionOptInNotDenied.Id);
        open.Items[0].Location.Should().Be(at);
        open.Items[0].Message.Should().Contain("account:EnableRegion and account:DisableRegion").And.Contain("OU 'Workloads'");

        foreach (var control in new[] { "deny-region-opt-in", "deny-regions" })
        {
            var closed = new DiagnosticBag();
            PolicyStage.CheckRegionOptIn(attackers, "Workloads", at, [new EffectivePolicy("gc-scp-workloads-1", DeployMethod.Scp, CatalogFixture.Render(control), true)], closed).Should().BeFalse(control);
            closed.Items.Should().BeEmpty(control);
        }
    }

    [Fact]
    public void In_the_shipped_definition_every_ou_under_the_region_deny_denies_switching_regions()
    {
        var diagnostics = new DiagnosticBag();
        var result = BuildPipeline.Production().Build(RepositoryRoot.Combine("manifest"), RepositoryRoot.Combine("templates"), diagnostics);
        diagnostics.Items.Where(d => d.Code == DiagnosticCodes.RegionOptInNotDenied.Id).Should().BeEmpty();
        var package = result.Package!;

        // The SCPs the manifest attaches at Workloads and Sandbox, as CfCT deploys them (policies/*.json of the package).
        foreach (var ou in new[] { "Workloads", "Sandbox" })
        {
            var scps = package.Manifest.Resources.Where(r => r.DeployMethod == DeployMethod.Scp && r.OrganizationalUnits.Contains(ou))
                .Select(r => System.Text.Encoding.UTF8.GetString(package.Files[r.ResourceFile])).ToList();
            scps.Should().NotBeEmpty(ou);
            Repository(scps, AdminSession).Values.Should().AllBeEquivalentTo(PolicyDecision.ExplicitDeny, ou);
            Simulated(scps, AdminSession).Values.Should().AllBeEquivalentTo("ExplicitlyDenied", ou);
        }
    }
}
