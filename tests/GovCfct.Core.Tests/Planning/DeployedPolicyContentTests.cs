using System.Collections.Immutable;
using System.Text.Json.Nodes;
using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Planning;
using GovCfct.Pipeline;

namespace GovCfct.Core.Tests.Planning;

/// <summary>
/// plan without a previous package (as with <c>--deployed live|status.json</c>) compares each SCP/RCP with the content
/// the organization holds (DescribePolicy, kept in the snapshot): an unchanged policy is unchanged even when Organizations
/// keeps other whitespace, a changed one is updated with its statement diff, and a snapshot without content says
/// "content not compared" instead of a bare "updated". Hand-worked: the package is the real-catalog scenario's.
/// </summary>
public sealed class DeployedPolicyContentTests
{
    private static readonly string ScenarioDefinition = Path.Combine(RepositoryRoot.Combine("tests", "GovCfct.Core.Tests", "Packaging", "Scenarios"), "real-catalog", "definition");

    private static CfctPackage Build()
    {
        var diagnostics = new DiagnosticBag();
        var result = BuildPipeline.Production().Build(ScenarioDefinition, RepositoryRoot.Combine("templates"), diagnostics);
        diagnostics.HasErrors.Should().BeFalse(string.Join("\n", diagnostics.Items));
        return result.Package!;
    }

    /// <summary>The scenario's OUs with the package's policies attached, each holding <paramref name="content"/>'s answer.</summary>
    private static OrgSnapshot Organization(CfctPackage package, Func<ManifestResource, string?> content)
    {
        var paths = package.Manifest.Resources.SelectMany(r => r.OrganizationalUnits).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var ids = paths.Select((p, i) => (p, Id: $"ou-root-{i:00000000}")).ToDictionary(x => x.p, x => x.Id, StringComparer.Ordinal);
        var ous = paths.Select(p => new OrgUnit(ids[p], p.Split(':')[^1], p.Contains(':', StringComparison.Ordinal) && ids.TryGetValue(p[..p.LastIndexOf(':')], out var parent) ? parent : "r-root", p)).ToImmutableArray();
        var policies = package.Manifest.Resources
            .Where(r => r.DeployMethod != DeployMethod.StackSet)
            .Select((r, i) => new OrgPolicy($"p-{i:00000000}", r.Name, OrgIndex.PolicyType(r.DeployMethod), false, [.. r.OrganizationalUnits.Select(o => ids[o])]) { Content = content(r) })
            .ToImmutableArray();
        return new OrgSnapshot("o-test", "999999999999", "r-root", ous, [], policies);
    }

    private static ChangePlan Plan(CfctPackage package, OrgSnapshot org) =>
        ChangePlanner.Plan(new ChangePlanOptions(package, org), new DiagnosticBag());

    [Fact]
    public void Deployed_content_decides_unchanged_or_updated_and_missing_content_is_said()
    {
        var package = Build();
        var policies = package.Manifest.Resources.Where(r => r.DeployMethod != DeployMethod.StackSet).ToList();
        policies.Should().HaveCountGreaterThan(1);
        var changed = policies[0];

        // Organizations returns the document re-indented: the same JSON, other bytes.
        string Reformatted(ManifestResource r) => JsonNode.Parse(package.Files[r.ResourceFile])!.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
        var deployed = Organization(package, r => r == changed ? WithoutLastStatement(JsonNode.Parse(package.Files[r.ResourceFile])!.AsObject()) : Reformatted(r));

        var plan = Plan(package, deployed);

        plan.Policies.Where(p => p.Name != changed.Name).Should().OnlyContain(p => p.Kind == ResourceChangeKind.Unchanged, "the organization holds the same documents");
        var updated = plan.Policies.Single(p => p.Name == changed.Name);
        updated.Kind.Should().Be(ResourceChangeKind.Updated);
        updated.Statements.Should().Contain(s => s.Change == StatementChangeKind.Added, "the statement missing in the organization comes back with this publish");

        var unknown = Plan(package, Organization(package, _ => null));
        unknown.Policies.Should().OnlyContain(p => p.Kind == ResourceChangeKind.Updated && p.Notes.Any(n => n.Contains("content not compared", StringComparison.Ordinal)));
    }

    private static string WithoutLastStatement(JsonObject document)
    {
        var statements = document["Statement"]!.AsArray();
        statements.RemoveAt(statements.Count - 1);
        return document.ToJsonString();
    }
}
