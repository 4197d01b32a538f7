using GovCfct.Core.Accounts;
using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Packaging;
using GovCfct.Core.Tests.TestSupport;
using GovCfct.Pipeline;

namespace GovCfct.Core.Tests.Accounts;

/// <summary>The account tests' definition (Accounts/Definition), its package built with the shipped catalog, and scenario helpers.</summary>
internal static class AccountsFixture
{
    private static readonly Lazy<GovernanceDefinition> LoadedDefinition = new(() =>
    {
        var diagnostics = new DiagnosticBag();
        var definition = new DefinitionLoader().Load(DefinitionDirectory, diagnostics);
        diagnostics.HasErrors.Should().BeFalse(string.Join('\n', diagnostics.Items));
        return definition!;
    });

    private static readonly Lazy<CfctPackage> BuiltPackage = new(() =>
    {
        var diagnostics = new DiagnosticBag();
        var package = BuildPipeline.Production().Build(DefinitionDirectory, RepositoryRoot.Combine("templates"), diagnostics).Package;
        diagnostics.HasErrors.Should().BeFalse(string.Join('\n', diagnostics.Items));
        return package!;
    });

    public static string DefinitionDirectory => Path.Combine(RepositoryRoot.Path, "tests", "GovCfct.Core.Tests", "Accounts", "Definition");

    public static string ScenarioRoot => RepositoryRoot.Combine("tests", "GovCfct.Core.Tests", "Accounts", "Scenarios");

    public static GovernanceDefinition Definition => LoadedDefinition.Value;

    public static CfctPackage Package => BuiltPackage.Value;

    /// <summary>Reads and checks a scenario's requests.csv (and org.json when present), as <c>govcfct accounts check</c> does.</summary>
    public static (AccountRequestReadResult Read, AccountRequestCheckResult? Check) Run(string scenario)
    {
        var folder = Path.Combine(ScenarioRoot, scenario);
        var read = new AccountRequestReader().ReadFile(Path.Combine(folder, "requests.csv"), "requests.csv");
        if (read.Requests is null)
        {
            return (read, null);
        }

        OrgSnapshot? snapshot = null;
        var orgPath = Path.Combine(folder, "org.json");
        if (File.Exists(orgPath))
        {
            var org = OrgSnapshotSerializer.ReadFile(orgPath, "org.json");
            org.Success.Should().BeTrue(string.Join('\n', org.Diagnostics));
            snapshot = org.Snapshot;
        }

        var check = new AccountRequestChecker().Check(new AccountRequestCheckOptions(read.Requests, Definition)
        {
            Organization = snapshot,
            OrganizationDisplayPath = snapshot is null ? null : "org.json",
            ReadDiagnostics = read.Diagnostics,
        });
        return (read, check);
    }

    /// <summary>Compares with a golden file, or rewrites it when GOVCFCT_UPDATE_GOLDEN=1 (review the diff).</summary>
    public static void AssertGolden(string path, string actual) => Golden.Text(path, actual);
}
