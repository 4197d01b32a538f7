using System.Collections.Immutable;
using GovCfct.Core.Catalog;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Rendering;

namespace GovCfct.Core.Tests.TestSupport;

/// <summary>The shipped catalog, loaded once, and render contexts shaped like the government cloud's.</summary>
internal static class CatalogFixture
{
    private static readonly Lazy<ControlCatalog> Shipped = new(() =>
    {
        var diagnostics = new DiagnosticBag();
        var catalog = new ControlCatalogLoader().Load(RepositoryRoot.Combine("templates"), diagnostics);
        return catalog ?? throw new InvalidOperationException("shipped catalog does not load:\n" + string.Join('\n', diagnostics.Items));
    });

    public static ControlCatalog Catalog => Shipped.Value;

    public static ControlDefinition Control(string id) =>
        Catalog.Find(id) ?? throw new InvalidOperationException($"control '{id}' not in the shipped catalog");

    public static GovernanceSettings Organization(string prefix = "gc") => new() { Name = "government-cloud", HomeRegion = "ap-northeast-1", GovernedRegions = ["ap-northeast-1", "ap-northeast-3"], ResourcePrefix = prefix, ScpLimits = PolicyLimits.DefaultScp, RcpLimits = PolicyLimits.DefaultRcp, EnableStackSetDeletion = false, Principals = PlatformPrincipals.Default, Location = new SourceLocation("manifest/organization.yaml", 1, 1) };

    /// <summary>
    /// Values for catalog parameters that have no default because they name things of the organization
    /// (account-vending's Account Factory product and Identity Center instance), so every control renders in tests.
    /// </summary>
    public static (string Name, ParameterValue Value)[] RequiredSamples { get; } =
    [
        ("AccountFactoryProductId", ParameterValue.Of("prod-abcdefgh12345")),
        ("AccountFactoryArtifactId", ParameterValue.Of("pa-abcdefgh12345")),
        ("AccountFactoryPortfolioId", ParameterValue.Of("port-abcdefgh12345")),
        ("SsoInstanceArn", ParameterValue.Of("arn:aws:sso:::instance/ssoins-1234567890abcdef")),
        ("IdentityStoreId", ParameterValue.Of("d-1234567890")),
        ("PolicyTargetId", ParameterValue.Of("r-ab12")),
        ("SecurityAdminAccountId", ParameterValue.Of("210987654321")),
        ("ManagementAccountId", ParameterValue.Of("111122223333")),
        ("AlertAccountId", ParameterValue.Of("210987654321")),
    ];

    public static RenderContext Context(params (string Name, ParameterValue Value)[] parameters) => new(
        Organization(),
        parameters.ToImmutableSortedDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal),
        Settings.ProtectedPrincipalArns);

    /// <summary>The shipped definition's break-glass role (manifest/organization.yaml), as the build adds it to every exemption.</summary>
    public static GovernanceSettings Settings { get; } = GovernanceSettings.Unknown with { BreakGlassRoleName = "GovCloudBreakGlass" };

    /// <summary>Renders a shipped control; fails the test with the diagnostics when rendering fails.</summary>
    public static string Render(string id, params (string Name, ParameterValue Value)[] parameters)
    {
        var diagnostics = new DiagnosticBag();
        var text = new TemplateRenderer().Render(Control(id), Context(parameters), diagnostics);
        diagnostics.Items.Should().BeEmpty();
        return text ?? throw new InvalidOperationException("render returned null");
    }
}
