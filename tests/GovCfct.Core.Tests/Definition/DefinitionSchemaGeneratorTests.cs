using System.Text;
using System.Text.Json.Nodes;
using GovCfct.Core.Catalog;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Resolution;
using GovCfct.Core.Tests.TestSupport;
using Json.Schema;

namespace GovCfct.Core.Tests.Definition;

/// <summary>
/// The definition schemas are generated from the catalog: the committed ones are the shipped catalog's, a team's own
/// control shows up in them, and they accept and refuse what the resolver accepts and refuses. JsonSchema.Net, an
/// independent validator, is the oracle for the schema side; the resolver's diagnostics for the other.
/// </summary>
public sealed class DefinitionSchemaGeneratorTests : IDisposable
{
    private const string TeamControl = "org-deny-untagged-buckets";

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("govcfct-schema-test-");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public void The_committed_schemas_are_the_generators_output_for_the_shipped_catalog()
    {
        var generated = DefinitionSchemaGenerator.Generate(CatalogFixture.Catalog);

        generated.Keys.Should().Contain([DefinitionSchemaGenerator.OrganizationSchemaFile, DefinitionSchemaGenerator.OuSchemaFile]);
        foreach (var (name, bytes) in generated)
        {
            var committed = File.ReadAllBytes(Path.Combine(DefinitionTestFiles.ShippedDefinition, "schema", name));
            committed.SequenceEqual(bytes).Should().BeTrue($"manifest/schema/{name} is stale: run `govcfct schema --definition manifest` and commit the result");
        }
    }

    [Fact]
    public void Generating_twice_gives_the_same_bytes_and_a_second_write_touches_nothing()
    {
        var first = DefinitionSchemaGenerator.Generate(LoadCatalog(null));
        var second = DefinitionSchemaGenerator.Generate(LoadCatalog(null));
        foreach (var name in first.Keys)
        {
            second[name].Should().Equal(first[name]);
            var text = Encoding.UTF8.GetString(first[name]);
            text.Should().EndWith("}\n").And.NotContain("\r");
        }

        var folder = Path.Combine(_work.FullName, "schema");
        DefinitionSchemaWriter.Write(first, folder).Select(r => r.State).Should().AllBeEquivalentTo(SchemaFileState.Created);
        var written = File.GetLastWriteTimeUtc(Path.Combine(folder, DefinitionSchemaGenerator.OuSchemaFile));
        DefinitionSchemaWriter.Write(second, folder).Select(r => r.State).Should().AllBeEquivalentTo(SchemaFileState.Unchanged);
        File.GetLastWriteTimeUtc(Path.Combine(folder, DefinitionSchemaGenerator.OuSchemaFile)).Should().Be(written);
        Directory.GetFiles(folder).Select(Path.GetFileName).Should().BeEquivalentTo(first.Keys, "no temporary file is left behind");
    }

    [Fact]
    public void Control_ids_are_an_enum_with_one_description_each_for_completion()
    {
        var ou = Schema(CatalogFixture.Catalog, DefinitionSchemaGenerator.OuSchemaFile);
        var controlId = ou["$defs"]!["controlId"]!;
        var ids = controlId["enum"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();

        ids.Should().Equal(CatalogFixture.Catalog.Controls.Select(c => c.Id).Order(StringComparer.Ordinal));
        controlId["enumDescriptions"]!.AsArray().Should().HaveCount(ids.Count);
        controlId["enumDescriptions"]![ids.IndexOf("deny-regions")]!.GetValue<string>()
            .Should().Be($"{CatalogFixture.Control("deny-regions").Title.En} (SCP)");
    }

    [Fact]
    public void Parameters_are_typed_from_the_catalog_and_name_the_controls_that_use_them()
    {
        var parameters = Schema(CatalogFixture.Catalog, DefinitionSchemaGenerator.OuSchemaFile)["$defs"]!["parameters"]!["properties"]!;

        var ports = parameters["BlockedPorts"]!;
        ports["type"]!.GetValue<string>().Should().Be("array");
        ports["items"]!["pattern"]!.GetValue<string>().Should().Be("^(?:[0-9]{1,5})$");
        ports["default"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal("20", "21", "3389", "3306", "4333");
        ports["description"]!.GetValue<string>().Should().EndWith("Used by: config-rules-baseline.");
        parameters["AllowedRegions"]!["description"]!.GetValue<string>().Should().EndWith("Used by: ct-region-deny, deny-regions.");

        parameters["NotificationEmail"]!["description"]!.GetValue<string>().Should().EndWith("Used by: account-vending, central-alerting.");
        parameters["NotificationEmail"]!["pattern"]!.GetValue<string>().Should().Be(ControlCatalogLoader.EmailPattern);
        parameters["FindingPublishingFrequency"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>())
            .Should().Equal("FIFTEEN_MINUTES", "ONE_HOUR", "SIX_HOURS", "");
        parameters["EnableS3Protection"]!["default"]!.GetValue<bool>().Should().BeTrue();
        parameters.AsObject().Select(p => p.Key).Should().BeInAscendingOrder(StringComparer.Ordinal)
            .And.Contain([PlatformParameterNames.BreakGlassRoleName, PlatformParameterNames.ExemptPrincipalArns]);
    }

    [Fact]
    public void A_teams_own_control_and_its_parameter_appear_in_the_schemas()
    {
        var catalog = LoadCatalog(TeamTemplates());

        foreach (var name in new[] { DefinitionSchemaGenerator.OrganizationSchemaFile, DefinitionSchemaGenerator.OuSchemaFile })
        {
            var schema = Schema(catalog, name);
            schema["$defs"]!["controlId"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Contain([TeamControl, "deny-regions"]);
            schema["$defs"]!["parameters"]!["properties"]!["RequiredTagKeys"]!["description"]!.GetValue<string>().Should().EndWith($"Used by: {TeamControl}.");
        }
    }

    public static TheoryData<string, string, bool, string?> Cases() => new()
    {
        // name, OU file body, schema accepts, resolver's error code (null: no error)
        { "team control with its parameter", $"      - id: {TeamControl}\n        parameters:\n          RequiredTagKeys: [owner, cost-center]\n", true, null },
        { "team control by id", $"      - {TeamControl}\n      - deny-regions\n", true, null },
        { "misspelt control id", "      - deny-region\n", false, DiagnosticCodes.UnknownControl.Id },
        { "misspelt team control id", "      - org-deny-untagged-bucket\n", false, DiagnosticCodes.UnknownControl.Id },
        { "parameter the control does not declare", "      - id: deny-regions\n        parameters:\n          RequiredTagKeys: [owner]\n", false, DiagnosticCodes.UnknownAssignmentParameter.Id },
        { "list item against the pattern", "      - id: deny-regions\n        parameters:\n          AllowedRegions: [tokyo]\n", false, DiagnosticCodes.InvalidParameterValue.Id },
        { "single value for a list", "      - id: deny-regions\n        parameters:\n          AllowedRegions: ap-northeast-1\n", false, DiagnosticCodes.InvalidParameterValue.Id },
        { "numbers in a list, unquoted", "      - id: config-rules-baseline\n        parameters:\n          BlockedPorts: [22, 3389]\n", true, null },
        { "boolean quoted", "      - id: config-rules-baseline\n        parameters:\n          EnableRootMfa: 'false'\n", true, null },
        { "not a boolean", "      - id: config-rules-baseline\n        parameters:\n          EnableRootMfa: maybe\n", false, DiagnosticCodes.InvalidParameterValue.Id },
        { "value outside the allowed values", "      - id: config-rules-baseline\n        parameters:\n          RootMfaCheckFrequency: DAILY\n", false, DiagnosticCodes.InvalidParameterValue.Id },
        { "management-account-only control at an OU", "      - guardduty\n", false, DiagnosticCodes.ManagementAccountOnlyControl.Id },
        { "management-account-only control with parameters at an OU", "      - id: security-hub\n        parameters:\n          EnableFsbpStandard: true\n", false, DiagnosticCodes.ManagementAccountOnlyControl.Id },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_generated_schema_and_the_resolver_agree(string name, string controls, bool schemaAccepts, string? resolverError)
    {
        var catalog = LoadCatalog(TeamTemplates());
        var ouYaml = $"parent: Root\nous:\n  - name: Workloads\n    controls:\n{controls}";
        var definition = WriteDefinition(ouYaml, organizationParameters: null);

        var schemaErrors = DefinitionSchemaTests.Errors(JsonSchemaOf(catalog, DefinitionSchemaGenerator.OuSchemaFile), ouYaml);
        (schemaErrors.Count == 0).Should().Be(schemaAccepts, $"{name}: schema errors {string.Join("; ", schemaErrors)}");

        var errors = ResolverErrors(definition, catalog);
        if (resolverError is null)
        {
            errors.Should().BeEmpty(name);
        }
        else
        {
            errors.Should().Contain(resolverError, name);
        }
    }

    [Fact]
    public void An_unknown_parameter_name_is_refused_by_both_and_platform_parameters_by_neither()
    {
        var catalog = LoadCatalog(TeamTemplates());
        const string ouYaml = "parent: Root\nous:\n  - name: Workloads\n    controls: [deny-regions]\n";
        var organization = Organization("  AllowedRegoins: [ap-northeast-1]\n");

        DefinitionSchemaTests.Errors(JsonSchemaOf(catalog, DefinitionSchemaGenerator.OrganizationSchemaFile), organization)
            .Should().Contain(e => e.Contains("/parameters", StringComparison.Ordinal));
        ResolverErrors(WriteDefinition(ouYaml, "  AllowedRegoins: [ap-northeast-1]\n"), catalog).Should().Contain(DiagnosticCodes.UnknownParameter.Id);

        const string platform = "  BreakGlassRoleName: CityBreakGlass\n  ExemptPrincipalArns: ['arn:aws:iam::123456789012:role/Ops']\n  RequiredTagKeys: [owner]\n";
        DefinitionSchemaTests.Errors(JsonSchemaOf(catalog, DefinitionSchemaGenerator.OrganizationSchemaFile), Organization(platform)).Should().BeEmpty();
        ResolverErrors(WriteDefinition(ouYaml, platform), catalog).Should().BeEmpty();
    }

    [Fact]
    public void The_shipped_definition_conforms_to_the_schemas_generated_with_a_team_control_added()
    {
        var catalog = LoadCatalog(TeamTemplates());
        var root = DefinitionTestFiles.ShippedDefinition;
        foreach (var file in Directory.EnumerateFiles(root, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var schema = Path.GetRelativePath(root, file).Replace('\\', '/') switch
            {
                "organization.yaml" => DefinitionSchemaGenerator.OrganizationSchemaFile,
                "org-lock.yaml" => "org-lock.schema.json",
                _ => DefinitionSchemaGenerator.OuSchemaFile,
            };
            DefinitionSchemaTests.Errors(JsonSchemaOf(catalog, schema), File.ReadAllText(file)).Should().BeEmpty(Path.GetRelativePath(root, file));
        }
    }

    private static string Organization(string parameters) =>
        "organization:\n  name: test\n  home_region: ap-northeast-1\n  resource_prefix: gc\nparameters:\n" + parameters;

    private string WriteDefinition(string ouYaml, string? organizationParameters)
    {
        var folder = Path.Combine(_work.FullName, "manifest-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(folder, "ous"));
        File.WriteAllText(Path.Combine(folder, "organization.yaml"), organizationParameters is null
            ? "organization:\n  name: test\n  home_region: ap-northeast-1\n  resource_prefix: gc\n"
            : Organization(organizationParameters));
        File.WriteAllText(Path.Combine(folder, "ous", "workloads.yaml"), ouYaml);
        return folder;
    }

    private static List<string> ResolverErrors(string definitionFolder, ControlCatalog catalog)
    {
        var diagnostics = new DiagnosticBag();
        var definition = new DefinitionLoader().Load(definitionFolder, diagnostics);
        definition.Should().NotBeNull(string.Join("\n", diagnostics.Items));
        ControlResolver.Resolve(definition!, catalog, diagnostics);
        return [.. diagnostics.Items.Where(d => d.IsError).Select(d => d.Code)];
    }

    // A team repository's templates/ with one SCP of its own, as docs/catalog.md describes.
    private string TeamTemplates()
    {
        var folder = Path.Combine(_work.FullName, "templates", TeamControl);
        if (!Directory.Exists(folder))
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "control.yaml"), $"""
                id: {TeamControl}
                kind: scp
                title:
                  ja: タグのない S3 バケットの作成禁止
                  en: Deny creating S3 buckets without the required tags
                description:
                  ja: 必須タグのない S3 バケットの作成を拒否します。
                  en: Denies s3:CreateBucket unless every required tag key is set.
                parameters:
                  - name: RequiredTagKeys
                    type: list
                    default: [owner]
                    pattern: '[a-z][a-z0-9-]*'
                    description:
                      ja: 必須のタグキー
                      en: Tag keys every new bucket must carry.
                template: policy.json.sbn

                """);
            File.WriteAllText(Path.Combine(folder, "policy.json.sbn"), """
                {
                  "Version": "2012-10-17",
                  "Statement": [
                    {
                      "Sid": "DenyUntaggedBuckets",
                      "Effect": "Deny",
                      "Action": "s3:CreateBucket",
                      "Resource": "*",
                      "Condition": {"Null": {"aws:RequestTag/owner": "true"}, "ArnNotLike": {"aws:PrincipalARN": {{ json_array protected_principal_arns }}}}
                    }
                  ]
                }

                """);
        }

        return Path.GetDirectoryName(folder)!;
    }

    // The same union build and validate use: the local folder's controls added to the carried (shipped) catalog.
    private static ControlCatalog LoadCatalog(string? localTemplates)
    {
        var diagnostics = new DiagnosticBag();
        var carried = RepositoryRoot.Combine("templates");
        var catalog = new ControlCatalogLoader(carried).Load(localTemplates ?? carried, diagnostics);
        return catalog ?? throw new InvalidOperationException(string.Join('\n', diagnostics.Items));
    }

    private static JsonNode Schema(ControlCatalog catalog, string name) =>
        JsonNode.Parse(DefinitionSchemaGenerator.Generate(catalog)[name])!;

    private static JsonSchema JsonSchemaOf(ControlCatalog catalog, string name) =>
        JsonSchema.FromText(Encoding.UTF8.GetString(DefinitionSchemaGenerator.Generate(catalog)[name]), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
}
