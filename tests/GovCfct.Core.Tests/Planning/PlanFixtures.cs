using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Packaging;
using GovCfct.Core.Planning;

namespace GovCfct.Core.Tests.Planning;

/// <summary>
/// The planning fixtures: <c>org.json</c> (the organization), <c>org-after-move.json</c> (prod-b moved from
/// Workloads:Prod to Sandbox), <c>previous/</c> (the published package) and <c>current/</c> (the change under review).
/// </summary>
internal static class PlanFixtures
{
    public static string Folder { get; } = Path.Combine(RepositoryRoot.Path, "tests", "GovCfct.Core.Tests", "Planning", "Fixtures");

    public static OrgSnapshot Org(string name = "org.json")
    {
        var read = OrgSnapshotSerializer.ReadFile(Path.Combine(Folder, name), name);
        read.Success.Should().BeTrue(string.Join("\n", read.Diagnostics));
        return read.Snapshot!;
    }

    public static CfctPackage Package(string name)
    {
        var diagnostics = new DiagnosticBag();
        var package = CfctPackage.Read(Path.Combine(Folder, name), name, diagnostics);
        diagnostics.HasErrors.Should().BeFalse(string.Join("\n", diagnostics.Items));
        return package!;
    }

    /// <summary>A package with its manifest text replaced (same other files), for one-off variants.</summary>
    public static CfctPackage WithManifest(CfctPackage package, string manifest)
    {
        var diagnostics = new DiagnosticBag();
        var files = package.Files.SetItem(CfctPackage.ManifestFileName, System.Text.Encoding.UTF8.GetBytes(manifest));
        var result = CfctPackage.Read(new PackageFiles(files, string.Empty, null), diagnostics);
        diagnostics.HasErrors.Should().BeFalse(string.Join("\n", diagnostics.Items));
        return result!;
    }

    public static string ManifestText(string name) => File.ReadAllText(Path.Combine(Folder, name, CfctPackage.ManifestFileName));

    public static (ChangePlan Plan, DiagnosticBag Diagnostics) Plan(ChangePlanOptions options)
    {
        var diagnostics = new DiagnosticBag();
        return (ChangePlanner.Plan(options, diagnostics), diagnostics);
    }

    /// <summary>The scenario under review: current/ against previous/ on org.json.</summary>
    public static (ChangePlan Plan, DiagnosticBag Diagnostics) Scenario() =>
        Plan(new ChangePlanOptions(Package("current"), Org()) { Previous = Package("previous") });
}
