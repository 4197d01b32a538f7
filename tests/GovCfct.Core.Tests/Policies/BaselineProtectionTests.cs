using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Policies;
using GovCfct.Core.Tests.TestSupport;
using GovCfct.Pipeline;

namespace GovCfct.Core.Tests.Policies;

/// <summary>
/// What the shipped package's SCPs let whom do, decided by the repository's SCP evaluator and again by npm's
/// iam-simulate: every governed OU (Infrastructure and Security, the audit account's, included) gets the baseline (no
/// root user, no leaving the organization, the security services' organization configuration kept), without blocking
/// the roles that manage it; and nobody but the platform may step around the alert protection (re-tag the protected
/// key, change the central bus, hide the topic's messages).
/// </summary>
public sealed class BaselineProtectionTests
{
    private const string Account = "210987654321";
    private const string AdminSession = $"arn:aws:iam::{Account}:role/aws-reserved/sso.amazonaws.com/ap-northeast-1/AWSReservedSSO_AWSAdministratorAccess_0123456789abcdef";
    private const string Root = $"arn:aws:iam::{Account}:root";
    private const string GuardDutyConfigRole = $"arn:aws:iam::{Account}:role/gc-guardduty-organization-config";
    private const string SecurityHubConfigRole = $"arn:aws:iam::{Account}:role/gc-security-hub-organization-config";
    private const string StackSetRole = $"arn:aws:iam::{Account}:role/stacksets-exec-0123456789abcdef0123456789abcdef";

    private static readonly Lazy<CfctPackage> Shipped = new(() =>
    {
        var diagnostics = new DiagnosticBag();
        var result = BuildPipeline.Production().Build(RepositoryRoot.Combine("manifest"), RepositoryRoot.Combine("templates"), diagnostics);
        diagnostics.Items.Where(d => d.IsError).Should().BeEmpty();
        return result.Package!;
    });

    /// <summary>The SCPs the manifest attaches at an OU (the shipped OUs are all top-level, so nothing is inherited).</summary>
    private static List<string> ScpsAt(string ou) => [.. Shipped.Value.Manifest.Resources
        .Where(r => r.DeployMethod == DeployMethod.Scp && r.OrganizationalUnits.Contains(ou))
        .Select(r => System.Text.Encoding.UTF8.GetString(Shipped.Value.Files[r.ResourceFile]))];

    private sealed record Ask(string Principal, string Action, string Resource, bool Denied, params (string Key, string Value)[] Keys);

    private static void Decide(List<string> scps, IReadOnlyList<Ask> asks, string because)
    {
        scps.Should().NotBeEmpty(because);
        var documents = scps.Select((json, i) => ($"scp-{i + 1}", PolicyParser.Parse(json, $"scp-{i + 1}", new DiagnosticBag())!)).ToList();
        var simulated = IamSimulateOracle.Decide(scps, asks.Select((a, i) => new IamSimulateOracle.Request(
            i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            a.Principal,
            a.Action,
            a.Resource,
            Account,
            new Dictionary<string, string>(a.Keys.Select(k => KeyValuePair.Create(k.Key, k.Value))) { ["aws:PrincipalArn"] = a.Principal, ["aws:RequestedRegion"] = "ap-northeast-1", ["aws:PrincipalAccount"] = Account })));
        for (var i = 0; i < asks.Count; i++)
        {
            var a = asks[i];
            var request = RequestContext.Create(a.Principal, a.Action, a.Resource, [("aws:RequestedRegion", "ap-northeast-1"), ("aws:PrincipalAccount", Account), .. a.Keys]);
            new PolicyEvaluator().Evaluate(documents, request).Decision.Should().Be(a.Denied ? PolicyDecision.ExplicitDeny : PolicyDecision.Allow, $"{because}: {a.Principal} {a.Action}");
            // iam-simulate also applies KMS's rule that a key policy must allow the caller (none is given here), so a request
            // the SCPs leave open is "not explicitly denied" rather than always "Allowed".
            simulated[i].Errors.Should().BeNull($"{a.Principal} {a.Action}");
            if (a.Denied)
            {
                simulated[i].Decision.Should().Be("ExplicitlyDenied", $"iam-simulate, {because}: {a.Principal} {a.Action}");
            }
            else
            {
                simulated[i].Decision.Should().NotBe("ExplicitlyDenied", $"iam-simulate, {because}: {a.Principal} {a.Action}");
            }
        }
    }

    [Theory]
    [InlineData("Security")]
    [InlineData("Infrastructure")]
    [InlineData("Workloads")]
    public void Every_governed_ou_keeps_the_baseline_and_lets_the_managing_roles_work(string ou)
    {
        const string detector = $"arn:aws:guardduty:ap-northeast-1:{Account}:detector/12abc34d567e8fa901bc2d34e56789f0";
        const string policy = $"arn:aws:securityhub:ap-northeast-1:{Account}:configuration-policy/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111";
        List<Ask> asks =
        [
            new(AdminSession, "organizations:LeaveOrganization", "*", true),
            new(AdminSession, "guardduty:UpdateOrganizationConfiguration", "*", true),
            new(AdminSession, "guardduty:DeleteDetector", detector, true),
            new(AdminSession, "securityhub:UpdateConfigurationPolicy", policy, true),
            new(AdminSession, "securityhub:StartConfigurationPolicyDisassociation", "*", true),
            new(AdminSession, "securityhub:UpdateOrganizationConfiguration", "*", true),
            new(AdminSession, "securityhub:UpdateFindingAggregator", "*", true),
            new(AdminSession, "securityhub:DeleteFindingAggregator", $"arn:aws:securityhub:ap-northeast-1:{Account}:finding-aggregator/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111", true),
            // guardduty-organization's state machines, through the audit account's role.
            new(GuardDutyConfigRole, "guardduty:UpdateOrganizationConfiguration", "*", false),
            new(GuardDutyConfigRole, "guardduty:CreateDetector", "*", false),
            new(GuardDutyConfigRole, "guardduty:DescribeOrganizationConfiguration", "*", false),
            // security-hub-organization's state machine, through the audit account's role, and CfCT's stack sets.
            new(SecurityHubConfigRole, "securityhub:UpdateOrganizationConfiguration", "*", false),
            new(SecurityHubConfigRole, "securityhub:UpdateFindingAggregator", "*", false),
            new(SecurityHubConfigRole, "securityhub:CreateConfigurationPolicy", "*", false),
            new(SecurityHubConfigRole, "securityhub:UpdateConfigurationPolicy", policy, false),
            new(SecurityHubConfigRole, "securityhub:StartConfigurationPolicyAssociation", "*", false),
            new(StackSetRole, "securityhub:CreateConfigurationPolicy", "*", false),
            new(StackSetRole, "securityhub:StartConfigurationPolicyAssociation", "*", false),
        ];
        if (ou != "Workloads")
        {
            // Workloads gets Control Tower's own root controls (ct-restrict-root-user), which are not in the package.
            asks.Add(new(Root, "s3:ListAllMyBuckets", "*", true));
        }

        Decide(ScpsAt(ou), asks, $"OU {ou}");
    }

    [Fact]
    public void Nobody_but_the_platform_may_re_tag_the_protected_key_change_the_bus_or_hide_the_topics_messages()
    {
        const string key = $"arn:aws:kms:ap-northeast-1:{Account}:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        Ask[] asks =
        [
            new(AdminSession, "kms:TagResource", key, true, ("aws:ResourceTag/gc-protected", "true")),
            new(AdminSession, "kms:UntagResource", key, true, ("aws:ResourceTag/gc-protected", "true")),
            new(AdminSession, "events:UpdateEventBus", $"arn:aws:events:ap-northeast-1:{Account}:event-bus/gc-central-alerts", true),
            new(AdminSession, "sns:PutDataProtectionPolicy", $"arn:aws:sns:ap-northeast-1:{Account}:gc-central-alerting", true),
            new(StackSetRole, "kms:TagResource", key, false, ("aws:ResourceTag/gc-protected", "true")),
            new(StackSetRole, "events:UpdateEventBus", $"arn:aws:events:ap-northeast-1:{Account}:event-bus/gc-central-alerts", false),
        ];

        Decide(ScpsAt("Security"), asks, "OU Security (the audit account)");
    }
    [Theory]
    [InlineData("Security")]
    [InlineData("Infrastructure")]
    [InlineData("Workloads")]
    [InlineData("Sandbox")]
    public void Nobody_in_a_governed_account_but_the_exempted_roles_may_assume_the_break_glass_role(string ou)
    {
        // The break-glass role is entered from the management account, which no SCP governs; in a governed account an
        // Admin session or an application role assuming it (in its own or any other account) would step around every
        // exemption. SCPs limit what the caller's account may do, so the deny follows the caller wherever the role is.
        const string breakGlass = "arn:aws:iam::012345678901:role/GovCloudBreakGlass";
        const string appRole = $"arn:aws:iam::{Account}:role/ministry-app";
        Ask[] asks =
        [
            new(AdminSession, "sts:AssumeRole", breakGlass, true),
            new(AdminSession, "sts:AssumeRole", $"arn:aws:iam::{Account}:role/GovCloudBreakGlass", true),
            new(appRole, "sts:AssumeRole", breakGlass, true),
            // Control Tower, CfCT and break-glass itself (role chaining into another account) keep working ...
            new($"arn:aws:iam::{Account}:role/AWSControlTowerExecution", "sts:AssumeRole", breakGlass, false),
            new(StackSetRole, "sts:AssumeRole", breakGlass, false),
            new($"arn:aws:iam::{Account}:role/GovCloudBreakGlass", "sts:AssumeRole", breakGlass, false),
            // ... and nobody is kept from assuming any other role.
            new(AdminSession, "sts:AssumeRole", appRole, false),
            new(AdminSession, "sts:AssumeRole", "arn:aws:iam::012345678901:role/GovCloudBreakGlassReadOnly", false),
        ];

        Decide(ScpsAt(ou), asks, $"OU {ou}");
    }
}
