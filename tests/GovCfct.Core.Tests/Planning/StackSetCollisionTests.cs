using System.Collections.Immutable;
using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Planning;
using GovCfct.Pipeline;

namespace GovCfct.Core.Tests.Planning;

/// <summary>
/// Removing Tokyo's parameter override renames nothing of the base stack set, but Tokyo's variant
/// (<c>gc-config-rules-baseline-&lt;hash&gt;</c>) leaves the manifest and the base stack set takes over Tokyo and Chiyoda.
/// With enable_stack_set_deletion off CfCT keeps the variant's stacks, so both create the same Config rule names in
/// those two accounts: plan must show it among the dangerous changes with the safe order (hand-worked from the
/// real-catalog scenario: one account per OU, Tokyo and Chiyoda are the two OUs the variant lists).
/// </summary>
public sealed class StackSetCollisionTests : IDisposable
{
    private static readonly string ScenarioDefinition = Path.Combine(RepositoryRoot.Combine("tests", "GovCfct.Core.Tests", "Packaging", "Scenarios"), "real-catalog", "definition");

    private readonly string _work = Directory.CreateTempSubdirectory("govcfct-collision-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static (CfctPackage Package, GovernanceDefinition Definition) Build(string definitionDir)
    {
        var diagnostics = new DiagnosticBag();
        var result = BuildPipeline.Production().Build(definitionDir, RepositoryRoot.Combine("templates"), diagnostics);
        diagnostics.HasErrors.Should().BeFalse(string.Join("\n", diagnostics.Items));
        return (result.Package!, result.Definition!);
    }

    private static OrgSnapshot Organization(GovernanceDefinition definition)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal) { [string.Empty] = "r-root" };
        var ous = ImmutableArray.CreateBuilder<OrgUnit>();
        var accounts = ImmutableArray.CreateBuilder<OrgAccount>();
        var n = 0;
        foreach (var ou in definition.AllOus())
        {
            n++;
            var id = $"ou-root-{n:00000000}";
            ids[ou.Path] = id;
            var parent = ou.Path.Contains(':', StringComparison.Ordinal) ? ou.Path[..ou.Path.LastIndexOf(':')] : string.Empty;
            ous.Add(new OrgUnit(id, ou.Name, ids[parent], ou.Path));
            accounts.Add(new OrgAccount($"1000000000{n:00}", $"member-{n}", $"member-{n}@example.com", "ACTIVE", id));
        }

        return new OrgSnapshot("o-test", "999999999999", "r-root", ous.ToImmutable(), accounts.ToImmutable(), []);
    }

    private string WithoutTokyoOverride()
    {
        var copy = Path.Combine(_work, "definition");
        foreach (var file in Directory.EnumerateFiles(ScenarioDefinition, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(ScenarioDefinition, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        var workloads = Path.Combine(copy, "ous", "workloads.yaml");
        var text = File.ReadAllText(workloads);
        const string over = "            controls:\n              - id: config-rules-baseline\n                parameters:\n                  RootMfaCheckFrequency: One_Hour\n";
        text.Should().Contain(over);
        File.WriteAllText(workloads, text.Replace(over, string.Empty, StringComparison.Ordinal));
        return copy;
    }

    [Fact]
    public void A_variant_folded_into_the_base_stack_set_is_a_collision_with_the_safe_order()
    {
        var (previous, definition) = Build(ScenarioDefinition);
        var (current, _) = Build(WithoutTokyoOverride());
        var variant = previous.Manifest.Resources.Single(r => r.Name.StartsWith("gc-config-rules-baseline-", StringComparison.Ordinal)).Name;
        var org = Organization(definition);
        var tokyo = org.Accounts.Where(a => org.OrganizationalUnits.Single(o => o.Id == a.ParentId).Path.StartsWith("Workloads:Municipalities:Tokyo", StringComparison.Ordinal)).Select(a => a.Id).Order(StringComparer.Ordinal).ToList();
        tokyo.Should().HaveCount(2);
        var diagnostics = new DiagnosticBag();

        var plan = ChangePlanner.Plan(new ChangePlanOptions(current, org) { Previous = previous }, diagnostics);

        plan.StackSets.Single(s => s.Name == variant).Kind.Should().Be(ResourceChangeKind.Orphaned);
        var collision = plan.Collisions.Should().ContainSingle().Subject;
        collision.Left.Should().Be(variant);
        collision.Taking.Should().Be("gc-config-rules-baseline");
        collision.Controls.Should().Equal("config-rules-baseline");
        collision.Accounts.Should().Be(2);
        collision.SafeOrder[0].Should().Be($"aws cloudformation delete-stack-instances --stack-set-name CustomControlTower-{variant} --accounts {string.Join(' ', tokyo)} --regions ap-northeast-1 ap-northeast-3 --no-retain-stacks");
        plan.HasDangerousChanges.Should().BeTrue();
        diagnostics.Items.Should().Contain(d => d.Code == DiagnosticCodes.PlanStackSetCollision.Id);

        var markdown = PlanMarkdownWriter.Write(plan);
        markdown.Should().NotContain("No stack instance is deleted and no policy is left attached.");
        markdown.Should().Contain($"> - stack set `gc-config-rules-baseline` creates config-rules-baseline in **2 account(s)** where `{variant}` (left in place, not deleted) keeps its stacks");
        PlanHtmlWriter.Write(plan).Should().Contain("<div class=\"danger\">").And.Contain($"delete-stack-instances --stack-set-name CustomControlTower-{variant}");

        var unchanged = ChangePlanner.Plan(new ChangePlanOptions(previous, org) { Previous = previous }, new DiagnosticBag());
        unchanged.Collisions.Should().BeEmpty("nothing leaves the manifest");
    }
}
