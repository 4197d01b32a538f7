using System.Collections.Immutable;
using GovCfct.Core.Accounts;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Planning;
using GovCfct.Core.Tests.Definition;
using GovCfct.Core.Tests.Planning;

namespace GovCfct.Core.Tests.Accounts;

/// <summary>
/// Whether a new account in an OU is covered, on the shipped definition and its lock: accounts check refuses the
/// request and plan --new-account reports the same codes. HealthLabourWelfare's Verification OU opts out of
/// ct-ec2-volume-inuse-check (manifest/ous/workloads-ministries.yaml), so that control is attached below
/// HealthLabourWelfare and below Ministries.
/// </summary>
public sealed class NewAccountCoverageTests
{
    private static readonly Lazy<GovernanceDefinition> Shipped = new(() =>
    {
        var diagnostics = new DiagnosticBag();
        var definition = new DefinitionLoader().Load(DefinitionTestFiles.ShippedDefinition, diagnostics);
        diagnostics.HasErrors.Should().BeFalse(string.Join('\n', diagnostics.Items));
        return definition!;
    });

    [Theory]
    [InlineData("Workloads:Ministries:DigitalAgency:Production", "")]
    [InlineData("Workloads:Ministries:HealthLabourWelfare:Production", "")]
    [InlineData("Workloads:Ministries:HealthLabourWelfare", "GCF3160")]
    [InlineData("Workloads:Ministries:NewAgency", "GCF3160 GCF3161")]
    [InlineData("Workloads:Municipalities:Tokyo:Chiyoda:Staging", "GCF3161")]
    [InlineData("Suspended", "GCF6022")]
    [InlineData("Experiments", "GCF6022")]
    public void A_new_account_is_covered_only_under_a_governed_uniform_registered_OU(string ouPath, string codes)
    {
        var findings = NewAccountCoverage.Check(Shipped.Value, ouPath);

        string.Join(' ', findings.Select(f => f.Code.Id)).Should().Be(codes);
    }

    [Theory]
    [InlineData("Workloads:Ministries:HealthLabourWelfare", "")]
    [InlineData("Workloads:Ministries:NewAgency", "GCF3161")]
    [InlineData("Workloads:Ministries:HealthLabourWelfare:Verification", "")]
    public void An_opt_out_of_an_organization_wide_control_splits_nothing(string ouPath, string codes)
    {
        // With the organization mechanism ct-ec2-volume-inuse-check is a conformance pack that excludes only the
        // opted-out OU's accounts: an account placed directly in HealthLabourWelfare, or in a new OU beside
        // Verification, is in the pack's scope and receives it.
        var organizationWide = new HashSet<string>(StringComparer.Ordinal) { "ct-ec2-volume-inuse-check" };

        var findings = NewAccountCoverage.Check(Shipped.Value, ouPath, organizationWide);

        string.Join(' ', findings.Select(f => f.Code.Id)).Should().Be(codes);
    }

    [Fact]
    public void The_refusals_say_why_and_that_a_new_OU_under_a_governed_subtree_needs_no_rebuild()
    {
        var split = NewAccountCoverage.Check(Shipped.Value, "Workloads:Ministries:HealthLabourWelfare").Single();
        split.Message.Should().Be("ct-ec2-volume-inuse-check reach only the child OUs of 'Workloads:Ministries:HealthLabourWelfare' that keep them ('Workloads:Ministries:HealthLabourWelfare:Verification' opts out of ct-ec2-volume-inuse-check): a new account placed directly in 'Workloads:Ministries:HealthLabourWelfare' would miss them");

        var unlocked = NewAccountCoverage.Check(Shipped.Value, "Workloads:Municipalities:Tokyo:Chiyoda:Staging").Single();
        unlocked.Message.Should().Be("OU 'Workloads:Municipalities:Tokyo:Chiyoda:Staging' is not in org-lock.yaml: it was not in the organization when the lock was written, so it is not known to be registered with Control Tower");
        unlocked.Hint.Should().Contain("covered by inheritance and automatic deployment without a rebuild");
    }

    [Theory]
    [InlineData("Workloads:Ministries:HealthLabourWelfare")]
    [InlineData("Workloads:Municipalities:Tokyo:Chiyoda:Staging")]
    [InlineData("Suspended")]
    [InlineData("Workloads:Ministries:DigitalAgency:Production")]
    public void Accounts_check_and_plan_new_account_report_the_same_codes(string ouPath)
    {
        var snapshot = SnapshotOf(Shipped.Value, extraOu: "Workloads:Municipalities:Tokyo:Chiyoda:Staging");
        var requests = new AccountRequestReader().Read(
            System.Text.Encoding.UTF8.GetBytes(
                string.Join(',', AccountColumns.Required) + "\n" +
                string.Join(',', AccountColumns.Required.Select(c => c switch
                {
                    AccountColumns.AccountName => "new-system",
                    AccountColumns.AccountEmail => "new-system@govcloud.example.com",
                    AccountColumns.OrganizationalUnit => ouPath,
                    AccountColumns.AdminEmail => "admin@govcloud.example.com",
                    AccountColumns.AdminFirstName => "Taro",
                    _ => "Yamada",
                })) + "\n"),
            "requests.csv");
        requests.Diagnostics.Should().BeEmpty();
        var check = new AccountRequestChecker().Check(new AccountRequestCheckOptions(requests.Requests!, Shipped.Value) { Organization = snapshot, OrganizationDisplayPath = "org.json" });
        var planDiagnostics = new DiagnosticBag();
        ChangePlanner.Plan(new ChangePlanOptions(PlanFixtures.Package("current"), snapshot) { Definition = Shipped.Value, NewAccountOu = ouPath }, planDiagnostics);

        var coverageCodes = new[] { DiagnosticCodes.NewAccountControlsAttachedBelow.Id, DiagnosticCodes.NewAccountOuNotLocked.Id, DiagnosticCodes.AccountOuUngoverned.Id };
        var fromCheck = check.Diagnostics.Select(d => d.Code).Where(coverageCodes.Contains).ToList();
        var fromPlan = planDiagnostics.Items.Select(d => d.Code).Where(coverageCodes.Contains).ToList();
        fromCheck.Should().Equal(fromPlan);
        check.HasErrors.Should().Be(fromCheck.Count > 0);
    }

    /// <summary>The organization the shipped lock describes, plus one OU created since (under Chiyoda).</summary>
    private static OrgSnapshot SnapshotOf(GovernanceDefinition definition, string extraOu)
    {
        var orgLock = definition.Lock!;
        var idByPath = orgLock.Ous.ToDictionary(o => o.Key, o => o.Value.Id, StringComparer.Ordinal);
        idByPath[extraOu] = "ou-0exa-99999999";
        var ous = idByPath.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new OrgUnit(p.Value, p.Key[(p.Key.LastIndexOf(':') + 1)..], p.Key.Contains(':', StringComparison.Ordinal) ? idByPath[p.Key[..p.Key.LastIndexOf(':')]] : orgLock.RootId, p.Key))
            .ToImmutableArray();
        return new OrgSnapshot(orgLock.OrganizationId, orgLock.ManagementAccountId, orgLock.RootId, ous, [new OrgAccount(orgLock.ManagementAccountId, "management", "management@govcloud.example.com", "ACTIVE", orgLock.RootId)], []);
    }
}
