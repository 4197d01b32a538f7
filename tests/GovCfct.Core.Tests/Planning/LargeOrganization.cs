using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Packaging;
using GovCfct.Core.Planning;

namespace GovCfct.Core.Tests.Planning;

/// <summary>
/// Generates an organization of the target size (default 5,000 accounts in 2,000 OUs, five levels deep) and a
/// package listing every OU, so tests and benchmarks can plan at the scale of the government cloud.
/// </summary>
internal static class LargeOrganization
{
    public static OrgSnapshot Snapshot(int ous = 2000, int accounts = 5000)
    {
        const string root = "r-big0";
        var units = new List<OrgUnit>(ous);
        for (var i = 0; i < ous; i++)
        {
            // 20 top-level OUs, then each OU hangs under one created earlier (depth stays within Organizations' 5).
            var parent = i < 20 ? null : units[(i - 20) / 5];
            if (parent is not null && parent.Path.Count(c => c == ':') >= 4)
            {
                parent = units[i % 20];
            }

            var name = string.Create(CultureInfo.InvariantCulture, $"ou{i:0000}");
            units.Add(new OrgUnit($"ou-big0-{i:00000000}", name, parent?.Id ?? root, parent is null ? name : parent.Path + ":" + name));
        }

        var list = new List<OrgAccount> { new("100000000000", "management", "mgmt@example.jp", "ACTIVE", root) };
        for (var i = 1; i < accounts; i++)
        {
            var status = i % 500 == 0 ? "SUSPENDED" : "ACTIVE";
            list.Add(new OrgAccount(string.Create(CultureInfo.InvariantCulture, $"{100000000000 + i}"), $"account-{i}", $"a{i}@example.jp", status, units[i % ous].Id));
        }

        var policies = ImmutableArray.Create(
            new OrgPolicy("p-root", "gc-scp-root", "SERVICE_CONTROL_POLICY", false, [root, units[0].Id, units[1].Id]));
        return OrgSnapshotSerializer.Normalize(new OrgSnapshot("o-big", "100000000000", root, [.. units], [.. list], policies));
    }

    /// <summary>Three stack sets listing every OU (two regions), one per top-level OU, and a Root SCP.</summary>
    public static CfctPackage Package(OrgSnapshot snapshot, string templateSuffix = "")
    {
        var manifest = new StringBuilder("region: \"ap-northeast-1\"\nversion: 2021-03-15\nresources:\n");
        manifest.Append("  - name: gc-scp-root\n    description: \"root\"\n    resource_file: policies/root.json\n    deploy_method: scp\n    deployment_targets:\n      organizational_units:\n        - \"Root\"\n");
        foreach (var name in new[] { "gc-config", "gc-guardduty", "gc-security-hub" })
        {
            manifest.Append(CultureInfo.InvariantCulture, $"  - name: {name}\n    description: \"everywhere\"\n    resource_file: templates/{name}.template\n    deploy_method: stack_set\n    deployment_targets:\n      organizational_units:\n");
            foreach (var ou in snapshot.OrganizationalUnits)
            {
                manifest.Append("        - \"").Append(ou.Path).Append("\"\n");
            }

            manifest.Append("    regions:\n      - \"ap-northeast-1\"\n      - \"ap-northeast-3\"\n");
        }

        var files = ImmutableSortedDictionary.CreateBuilder<string, byte[]>(StringComparer.Ordinal);
        files["manifest.yaml"] = Encoding.UTF8.GetBytes(manifest.ToString());
        files["policies/root.json"] = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"u8.ToArray();
        foreach (var name in new[] { "gc-config", "gc-guardduty", "gc-security-hub" })
        {
            files[$"templates/{name}.template"] = Encoding.UTF8.GetBytes($"Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n{templateSuffix}");
        }

        var diagnostics = new DiagnosticBag();
        var package = CfctPackage.Read(new PackageFiles(files.ToImmutable(), string.Empty, null), diagnostics);
        diagnostics.HasErrors.Should().BeFalse(string.Join("\n", diagnostics.Items.Take(5)));
        return package!;
    }
}

/// <summary>Plans at full scale: correctness of the counts only; timing lives in the benchmarks, not in unit tests.</summary>
public sealed class LargeOrganizationTests
{
    [Fact]
    public void Plans_5000_accounts_in_2000_OUs()
    {
        var snapshot = LargeOrganization.Snapshot();
        snapshot.OrganizationalUnits.Max(o => o.Path.Count(c => c == ':')).Should().BeLessThanOrEqualTo(4);
        var previous = LargeOrganization.Package(snapshot);
        var current = LargeOrganization.Package(snapshot, "Outputs: {}\n");
        var diagnostics = new DiagnosticBag();

        var plan = ChangePlanner.Plan(new ChangePlanOptions(current, snapshot) { Previous = previous, NewAccountOu = snapshot.OrganizationalUnits[^1].Path }, diagnostics);

        var active = snapshot.Accounts.Count(a => a.Status == "ACTIVE") - 1;
        plan.Accounts.Should().HaveCount(5000);
        plan.Ous.Should().HaveCount(2001);
        plan.StackSets.Should().HaveCount(3).And.OnlyContain(s => s.Kind == ResourceChangeKind.Updated && s.Instances == active * 2);
        plan.Summary.InstancesDeleted.Should().Be(0);
        plan.Summary.AccountsUncovered.Should().Be(0);
        plan.LeftAttached.Select(l => l.TargetId).Should().Equal(snapshot.OrganizationalUnits.Select(o => o.Id).Where(id => id is "ou-big0-00000000" or "ou-big0-00000001"));
        plan.NewAccount!.StackSets.Should().HaveCount(3);
        PlanMarkdownWriter.Write(plan).Length.Should().BeLessThan(400_000, "the Markdown stays usable as a PR description: long lists are cut");
    }
}
