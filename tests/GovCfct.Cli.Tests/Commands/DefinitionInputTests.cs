using System.Runtime.CompilerServices;

namespace GovCfct.Cli.Tests.Commands;

/// <summary>
/// Definitions a team writes on its first day, through the production command line and the shipped catalog: names
/// in any script build and validate, and inputs that would lose part of the governance without a word are refused.
/// </summary>
public sealed class DefinitionInputTests : IDisposable
{
    private const string Organization = """
        organization:
          name: inputs
          home_region: ap-northeast-1
          resource_prefix: gc
        parameters:
          AllowedRegions: [ap-northeast-1, ap-northeast-3]
        """;

    private readonly string _work = Directory.CreateTempSubdirectory("govcfct-inputs-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static string Templates([CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", "..", "templates"));

    private string Definition(params (string Path, string Text)[] files)
    {
        var folder = Path.Combine(_work, "definition");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "organization.yaml"), Organization);
        foreach (var (path, text) in files)
        {
            var full = Path.Combine(folder, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }

        return folder;
    }

    private static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await GovCfctApp.RunAsync(args, stdout, stderr, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private Task<(int Exit, string Out, string Err)> Build(string definition, params string[] more) =>
        Run(["build", "--definition", definition, "--templates", Templates(), "--out", Path.Combine(_work, "out"), .. more]);

    [Fact]
    public async Task A_Japanese_OU_nested_under_an_SCP_carrying_OU_builds_and_validates()
    {
        var definition = Definition(("ous/finance.yaml", """
            parent: Root
            ous:
              - name: Finance
                controls:
                  - deny-leave-organization
                  - protect-exempt-principals
                children:
                  - name: 経理
                    controls:
                      - deny-access-keys
                  - name: 会計
                    controls:
                      - deny-root-access-keys
            """));

        var build = await Build(definition);
        build.Exit.Should().Be(0, build.Err);
        var policies = Directory.GetFiles(Path.Combine(_work, "out", "policies")).Select(Path.GetFileNameWithoutExtension).ToList();
        policies.Should().HaveCount(3, "Finance, 経理 and 会計 each get their own document");
        policies.Should().OnlyHaveUniqueItems();
        policies.Where(p => p!.StartsWith("gc-scp-finance-", StringComparison.Ordinal)).Should().HaveCount(3);
        policies.Should().Contain("gc-scp-finance-1", "an ASCII path keeps its readable name");
        var manifest = File.ReadAllText(Path.Combine(_work, "out", "manifest.yaml"));
        manifest.Should().Contain("\"Finance:経理\"").And.Contain("\"Finance:会計\"");

        var again = await Build(definition);
        again.Exit.Should().Be(0, again.Err);
        Directory.GetFiles(Path.Combine(_work, "out", "policies")).Select(Path.GetFileNameWithoutExtension).Should().BeEquivalentTo(policies, "names are stable across builds");

        var validate = await Run("validate", Path.Combine(_work, "out"));
        validate.Exit.Should().Be(0, validate.Out + validate.Err);
        (validate.Out + validate.Err).Should().NotContain("error GCF");
    }

    [Fact]
    public async Task OU_paths_that_slug_alike_get_distinct_policy_names()
    {
        var definition = Definition(("ous/a.yaml", """
            parent: Root
            ous:
              - name: A-B
                controls: [deny-leave-organization, protect-exempt-principals]
              - name: A
                controls: [deny-access-keys, protect-exempt-principals]
                children:
                  - name: B
                    controls: [deny-root-access-keys]
            """));

        var build = await Build(definition);

        build.Exit.Should().Be(0, build.Err);
        var policies = Directory.GetFiles(Path.Combine(_work, "out", "policies")).Select(Path.GetFileNameWithoutExtension).ToList();
        policies.Should().HaveCount(3).And.OnlyHaveUniqueItems();
        policies.Should().Contain("gc-scp-a-b-1", "the first OU in tree order keeps the plain name");
    }

    [Fact]
    public async Task A_definition_error_names_the_file_so_it_opens_from_where_the_command_ran()
    {
        // Issue #27 item 9: the error said 'organization.yaml(5,3)', relative to the definition folder. The command runs
        // in the test's folder, outside the temporary definition, so the file is named absolutely, in text and SARIF.
        var definition = Definition(("ous/sandbox.yaml", "parent: Root\nous:\n  - name: Sandbox\n"));
        File.WriteAllText(Path.Combine(definition, "organization.yaml"), Organization.Replace("  resource_prefix: gc\n", "  resource_prefix: gc\n  bogus_key: 1\n", StringComparison.Ordinal));
        var file = Path.Combine(definition, "organization.yaml");
        File.ReadAllLines(file)[4].Should().Be("  bogus_key: 1");

        var validate = await Run("validate", definition, "--templates", Templates());
        var sarif = await Run("validate", definition, "--templates", Templates(), "--format", "sarif");

        validate.Exit.Should().Be(1);
        validate.Err.Should().Contain($"{file}(5,3): error GCF1002");
        using var doc = System.Text.Json.JsonDocument.Parse(sarif.Out);
        var artifact = doc.RootElement.GetProperty("runs")[0].GetProperty("results")[0].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation");
        new Uri(artifact.GetProperty("uri").GetString()!).LocalPath.Should().Be(file);
    }

    [Fact]
    public async Task A_definition_without_OUs_is_an_error_and_nothing_is_written()
    {
        var definition = Definition();

        var build = await Build(definition);

        build.Exit.Should().Be(1);
        build.Err.Should().Contain("error GCF1030").And.Contain("no ous/ folder");
        Directory.Exists(Path.Combine(_work, "out")).Should().BeFalse();
        var validate = await Run("validate", definition, "--templates", Templates());
        validate.Exit.Should().Be(1);
        (validate.Out + validate.Err).Should().Contain("GCF1030");
    }

    [Fact]
    public async Task A_yml_subtree_file_is_an_error_naming_the_file()
    {
        var definition = Definition(
            ("ous/sandbox.yaml", "parent: Root\nous:\n  - name: Sandbox\n    controls: [deny-leave-organization]\n"),
            ("ous/finance.yml", "parent: Root\nous:\n  - name: Finance\n    controls: [deny-access-keys]\n"),
            ("ous/README.md", "notes are not OU files\n"));

        var build = await Build(definition);

        build.Exit.Should().Be(1);
        build.Err.Should().Contain("ous/finance.yml: error GCF1027").And.Contain("rename it to finance.yaml");
        build.Err.Should().NotContain("README");
        Directory.Exists(Path.Combine(_work, "out")).Should().BeFalse();
    }

    [Fact]
    public async Task A_misspelt_OU_parameter_is_an_error_with_the_closest_name()
    {
        var definition = Definition(("ous/sandbox.yaml", """
            parent: Root
            ous:
              - name: Sandbox
                parameters:
                  AllowedRegion: [ap-northeast-1]
                controls: [deny-regions]
            """));

        var build = await Build(definition);

        build.Exit.Should().Be(1);
        build.Err.Should().Contain("ous/sandbox.yaml(5,22): error GCF1409").And.Contain("did you mean 'AllowedRegions'?");
    }

    [Fact]
    public async Task A_parameter_declared_elsewhere_in_the_catalog_only_warns_and_warnings_as_errors_fails_it()
    {
        var definition = Definition(("ous/sandbox.yaml", """
            parent: Root
            ous:
              - name: Sandbox
                parameters:
                  FindingPublishingFrequency: ONE_HOUR
                controls: [deny-regions, protect-exempt-principals]
            """));

        var build = await Build(definition);
        build.Exit.Should().Be(0, build.Err);
        build.Err.Should().Contain("warning GCF1403");

        Directory.Delete(Path.Combine(_work, "out"), recursive: true);
        var strict = await Build(definition, "--warnings-as-errors");
        strict.Exit.Should().Be(1);
        strict.Err.Should().Contain("error GCF1403");
        Directory.Exists(Path.Combine(_work, "out")).Should().BeFalse("a build failed by --warnings-as-errors writes nothing");
    }

    [Fact]
    public async Task More_OUs_than_Organizations_allows_stop_the_load_with_a_quota_error()
    {
        var files = Enumerable.Range(0, 21)
            .Select(f => ($"ous/part{f:00}.yaml", "parent: Root\nous:\n" + string.Concat(Enumerable.Range(0, 100).Select(i => $"  - name: OU{f:00}x{i:000}\n"))))
            .ToArray();
        var definition = Definition(files);

        var build = await Build(definition);

        build.Exit.Should().Be(1);
        build.Err.Should().Contain("ous/part20.yaml: error GCF1031").And.Contain("more than 2000 OUs");
    }

    [Theory]
    [InlineData("guardduty")]
    [InlineData("security-hub")]
    public async Task A_management_account_only_control_at_an_OU_fails_build_and_validate_at_the_assignment_line(string control)
    {
        var definition = Definition(("ous/workloads.yaml", $"""
            parent: Root
            ous:
              - name: Workloads
                controls:
                  - deny-regions
                  - {control}
            """));

        var build = await Build(definition);
        build.Exit.Should().Be(1, "validate PACKAGE and publish refuse such a package (GCF2901), so build must too");
        build.Err.Should().Contain($"ous/workloads.yaml(6,9): error GCF1060: control '{control}' can never be assigned to an OU (here OU 'Workloads')");
        Directory.Exists(Path.Combine(_work, "out")).Should().BeFalse("nothing is written");

        var validate = await Run("validate", definition, "--templates", Templates());
        validate.Exit.Should().Be(1);
        validate.Err.Should().Contain($"ous/workloads.yaml(6,9): error GCF1060");

        var controls = await Run("controls");
        controls.Out.Should().Contain($"{control}  [stack_set, management account only]");
    }

    [Fact]
    public async Task A_teams_own_control_that_validate_package_refuses_fails_the_build_with_the_same_code()
    {
        // A team's own control with a GuardDuty detector, not marked management_account_only: validate PACKAGE refuses
        // the package it builds (GCF2901), so the build runs the same landing-zone rules and refuses it too.
        var templates = Path.Combine(_work, "templates", "org-detector");
        Directory.CreateDirectory(templates);
        File.WriteAllText(Path.Combine(templates, "control.yaml"), """
            id: org-detector
            kind: stack_set
            title: {ja: ディテクター, en: Detector}
            description: {ja: ディテクターを作成します。, en: Creates a detector.}
            template: template.yaml.sbn
            """);
        File.WriteAllText(Path.Combine(templates, "template.yaml.sbn"), """
            AWSTemplateFormatVersion: '2010-09-09'
            Resources:
              Detector:
                Type: AWS::GuardDuty::Detector
                Properties:
                  Enable: true
            """);
        var definition = Definition(("ous/workloads.yaml", """
            parent: Root
            ous:
              - name: Workloads
                controls: [org-detector]
            """));

        var build = await Run("build", "--definition", definition, "--templates", Path.Combine(_work, "templates"), "--out", Path.Combine(_work, "out"));
        build.Exit.Should().Be(1, build.Err);
        build.Err.Should().Contain("error GCF2901").And.Contain("templates/gc-org-detector.template");
        Directory.Exists(Path.Combine(_work, "out")).Should().BeFalse();

        var validate = await Run("validate", definition, "--templates", Path.Combine(_work, "templates"));
        validate.Exit.Should().Be(1);
        validate.Err.Should().Contain("error GCF2901");
    }
}

/// <summary>The command line agrees with itself: validate finds the catalog where build and plan do, formats are lower case, usage errors name the command's help.</summary>
public sealed class CommandLineConsistencyTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("govcfct-cli-consistency-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static string Repository([CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", ".."));

    private static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await GovCfctApp.RunAsync(args, stdout, stderr, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Validate_of_a_definition_takes_t_like_build_and_plan()
    {
        var definition = Path.Combine(_work, "my-definition");
        Directory.CreateDirectory(Path.Combine(definition, "ous"));
        File.WriteAllText(Path.Combine(definition, "organization.yaml"), "organization:\n  name: n\n  home_region: ap-northeast-1\n  resource_prefix: gc\n");
        File.WriteAllText(Path.Combine(definition, "ous", "sandbox.yaml"), "parent: Root\nous:\n  - name: Sandbox\n    controls: [deny-leave-organization, protect-exempt-principals]\n");

        var shortOption = await Run("validate", definition, "-t", Path.Combine(Repository(), "templates"));
        shortOption.Exit.Should().Be(0, shortOption.Err);

        // No ./templates in the test's working folder and none is looked for beside the definition: the catalog the
        // tool carries (catalog/ beside govcfct.dll) is used, as an installed tool in a governance repository does.
        var defaulted = await Run("validate", definition);
        defaulted.Exit.Should().Be(0, defaulted.Err);
        defaulted.Err.Should().NotContain("--templates: folder 'templates' does not exist");
    }

    [Fact]
    public async Task Formats_are_lower_case_and_anything_else_is_a_usage_error_naming_the_command()
    {
        var result = await Run("validate", _work, "--format", "XML");

        result.Exit.Should().Be(2);
        result.Err.Should().Contain("error GCF9001").And.Contain("'XML'").And.Contain("text").And.Contain("sarif");
        result.Err.Should().NotContain("DiagnosticFormat").And.NotContain("Sarif");
        result.Err.Should().Contain("Run 'govcfct validate --help' for usage.");
        (await Run("plan", "--format", "XML")).Err.Should().Contain("Run 'govcfct plan --help' for usage.");
    }

    [Fact]
    public async Task Gate_setup_needs_its_approvals_stated()
    {
        var result = await Run("gate", "setup", "--codecommit", "repo", "--approver", "arn:aws:iam::111122223333:role/Approver");

        result.Exit.Should().Be(2);
        result.Err.Should().Contain("--approvals").And.Contain("Run 'govcfct gate setup --help' for usage.");
    }
}
