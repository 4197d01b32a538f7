using GovCfct.Core.Catalog;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Tests.TestSupport;

namespace GovCfct.Core.Tests.Catalog;

/// <summary>
/// The loader against the shipped catalog and against one folder per invalid case
/// (<c>Scenarios/Invalid/&lt;reason&gt;/templates</c> with the expected diagnostics in <c>expected.txt</c>).
/// Set GOVCFCT_UPDATE_GOLDEN=1 to rewrite the expected files, then review the diff.
/// </summary>
public sealed class ControlCatalogLoaderTests
{
    private static readonly string[] AgreedIds =
    [
        "config-rules-baseline", "deny-access-keys", "deny-costly-purchases", "deny-leave-organization", "deny-regions",
        "deny-root-access-keys", "deny-root-actions", "deny-services", "guardduty", "protect-log-archive-buckets",
        "protect-security-services", "rcp-require-secure-transport", "require-iam-user-mfa", "restrict-iam-user-creation",
        "security-hub",
    ];

    public static TheoryData<string> InvalidCases() =>
        [.. Directory.GetDirectories(Path.Combine(RepositoryRoot.Combine("tests", "GovCfct.Core.Tests", "Catalog", "Scenarios"), "Invalid")).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    [Fact]
    public void Shipped_catalog_loads_without_diagnostics_and_holds_every_agreed_control()
    {
        var diagnostics = new DiagnosticBag();

        var catalog = new ControlCatalogLoader().Load(RepositoryRoot.Combine("templates"), diagnostics);

        diagnostics.Items.Should().BeEmpty();
        catalog.Should().NotBeNull();
        catalog!.Controls.Select(c => c.Id).Should().Contain(AgreedIds);
        catalog.Controls.Select(c => c.Id).Should().BeInAscendingOrder(StringComparer.Ordinal);
    }

    [Fact]
    public void Shipped_controls_have_the_agreed_kinds()
    {
        var catalog = CatalogFixture.Catalog;
        string[] scps =
        [
            "protect-security-services", "deny-regions", "deny-services", "require-iam-user-mfa", "deny-access-keys",
            "restrict-iam-user-creation", "deny-costly-purchases", "deny-root-access-keys", "deny-root-actions",
            "protect-log-archive-buckets", "deny-leave-organization",
        ];
        foreach (var id in scps)
        {
            catalog.Find(id)!.Kind.Should().Be(ControlKind.Scp, id);
        }

        catalog.Find("rcp-require-secure-transport")!.Kind.Should().Be(ControlKind.Rcp);
        foreach (var id in new[] { "config-rules-baseline", "security-hub", "guardduty" })
        {
            catalog.Find(id)!.Kind.Should().Be(ControlKind.StackSet, id);
            catalog.Find(id)!.Source.Should().Be(ControlSource.Scriban, id);
        }
    }

    [Fact]
    public void Reads_every_field_with_types_defaults_and_location()
    {
        var control = CatalogFixture.Control("config-rules-baseline");

        control.Title.Ja.Should().NotBeEmpty();
        control.Title.En.Should().StartWith("AWS Config rules");
        control.TemplateFile.Should().Be("template.yaml.sbn");
        control.TemplateText.Should().Contain("AWS::Config::ConfigRule");
        control.Location.File.Should().Be("templates/config-rules-baseline/control.yaml");
        control.Regions.Should().BeEmpty("omitted regions mean the governed regions");

        var ports = control.Parameters.Single(p => p.Name == "BlockedPorts");
        ports.Type.Should().Be(ParameterType.List);
        ports.Default!.Items.Should().Equal("20", "21", "3389", "3306", "4333");

        var frequency = control.Parameters.Single(p => p.Name == "RootMfaCheckFrequency");
        frequency.AllowedValues.Should().Contain("TwentyFour_Hours");
        frequency.Default!.Scalar.Should().Be("TwentyFour_Hours");

        var enable = control.Parameters.Single(p => p.Name == "EnableRootMfa");
        enable.Type.Should().Be(ParameterType.Boolean);
        enable.Default!.Kind.Should().Be(ParameterValueKind.Boolean);
        enable.Required.Should().BeFalse();
    }

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void Invalid_catalog_is_rejected_with_the_expected_diagnostics(string reason)
    {
        var folder = Path.Combine(RepositoryRoot.Combine("tests", "GovCfct.Core.Tests", "Catalog", "Scenarios"), "Invalid", reason);
        var diagnostics = new DiagnosticBag();

        var catalog = new ControlCatalogLoader().Load(Path.Combine(folder, "templates"), diagnostics);

        catalog.Should().BeNull();
        var actual = string.Join('\n', diagnostics.Sorted().Select(d => d.ToString())) + "\n";
        var expectedFile = Path.Combine(folder, "expected.txt");
        Golden.Text(expectedFile, actual);
        diagnostics.Items.Should().OnlyContain(d => d.IsError && d.Location != null && d.Hint != null);
    }

    [Fact]
    public void Missing_catalog_folder_is_a_diagnostic_not_an_exception()
    {
        var diagnostics = new DiagnosticBag();

        var catalog = new ControlCatalogLoader().Load(Path.Combine(Path.GetTempPath(), "govcfct-no-such-folder", "templates"), diagnostics);

        catalog.Should().BeNull();
        diagnostics.Items.Should().ContainSingle().Which.Code.Should().Be(DiagnosticCodes.CatalogFolderMissing.Id);
    }

    [Theory]
    [InlineData(ParameterType.Number, "90", true)]
    [InlineData(ParameterType.Number, "ninety", false)]
    [InlineData(ParameterType.Boolean, "false", true)]
    [InlineData(ParameterType.Boolean, "False", false)]
    [InlineData(ParameterType.Email, "security@example.go.jp", true)]
    [InlineData(ParameterType.Email, "security", false)]
    [InlineData(ParameterType.Arn, "arn:aws:iam::123456789012:role/GovCloudBreakGlass", true)]
    [InlineData(ParameterType.Arn, "GovCloudBreakGlass", false)]
    public void Type_check_accepts_only_values_of_the_type(ParameterType type, string value, bool expected) =>
        ControlCatalogLoader.MatchesType(type, value).Should().Be(expected);
}
