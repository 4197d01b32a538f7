using System.Collections.Immutable;
using GovCfct.Core.Catalog;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Rendering;

namespace GovCfct.Cdk.Tests.Support;

/// <summary>
/// The repository's CDK controls as the catalog loader reads them, so the tests synthesize exactly what the
/// catalog ships (a construct and its control.yaml drifting apart fails here).
/// </summary>
internal static class TestCatalog
{
    public static readonly string[] CdkControlIds =
    [
        "account-creation-hook",
        "alert-forwarding",
        "central-alerting",
        "cfct-template-change-alert",
        "example-cdk-bucket-policy-check",
        "security-alerts",
        "unannounced-operations",
        "unexpected-platform-access",
    ];

    public static RenderContext Context(string homeRegion = "ap-northeast-1", params string[] governed) => new(
        new GovernanceSettings { Name = "government-cloud", HomeRegion = homeRegion, GovernedRegions = governed.Length == 0 ? ["ap-northeast-1", "ap-northeast-3"] : [.. governed], ResourcePrefix = "gc", ScpLimits = PolicyLimits.DefaultScp, RcpLimits = PolicyLimits.DefaultRcp, EnableStackSetDeletion = false, Principals = PlatformPrincipals.Default, Location = new SourceLocation("manifest/organization.yaml", 1, 1) },
        ImmutableSortedDictionary<string, ParameterValue>.Empty,
        []);

    /// <summary>The shipped catalog, read by the real catalog loader once per test run.</summary>
    public static ControlCatalog Catalog { get; } = LoadCatalog();

    public static ControlDefinition Load(string id) => Catalog.Find(id) ?? throw new InvalidOperationException($"templates/{id} is not in the catalog");

    public static List<(ControlDefinition Control, RenderContext Context)> AllRequests() =>
        [.. CdkControlIds.Select(id => (Load(id), Context()))];

    private static ControlCatalog LoadCatalog()
    {
        var diagnostics = new DiagnosticBag();
        var catalog = new ControlCatalogLoader().Load(RepositoryRoot.Combine("templates"), diagnostics);
        if (catalog is null || diagnostics.HasErrors)
        {
            throw new InvalidOperationException("the shipped catalog does not load: " + string.Join("; ", diagnostics.Items));
        }

        return catalog;
    }
}
