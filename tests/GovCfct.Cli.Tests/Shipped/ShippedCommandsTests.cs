using System.Runtime.CompilerServices;
using System.Text;

namespace GovCfct.Cli.Tests.Shipped;

/// <summary>
/// Every command that reads the definition, in memory on the shipped definition with the production pipeline (exit
/// code and output): build, validate (definition, package, package with --definition), plan, accounts check and plan,
/// and controls. The commands share one pipeline and one settings object; these tests are where a command wired
/// differently from build would show. Publishing is run end to end against moto in the AWS command tests.
/// </summary>
public sealed class ShippedCommandsTests : IDisposable
{
    private static readonly string Root = RepositoryRoot();

    private readonly string _work = Directory.CreateTempSubdirectory("govcfct-shipped-commands-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static string Manifest => Path.Combine(Root, "manifest");

    /// <summary>The shipped definition with real-looking ids in place of its placeholders: what validate judges clean.</summary>
    private static string Realistic => GovCfct.Testing.RepositoryRoot.RealisticDefinition;

    private static string Templates => Path.Combine(Root, "templates");

    private static string RepositoryRoot([CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", ".."));

    private static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await GovCfctApp.RunAsync(args, stdout, stderr, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private async Task<string> Build(string? definition = null)
    {
        var output = Path.Combine(_work, "out");
        var (exit, _, err) = await Run("build", "--definition", definition ?? Realistic, "--templates", Templates, "--out", output);
        exit.Should().Be(0, err);
        return output;
    }

    private string RequestsCsv()
    {
        var csv = Path.Combine(_work, "requests.csv");
        File.WriteAllText(csv, """
            AccountName,AccountEmail,OrganizationalUnit,AdminEmail,AdminFirstName,AdminLastName,PermissionSet,Tags
            mynaportal-stg,mynaportal-stg@govcloud.example.com,Workloads:Ministries:DigitalAgency:Verification,yamada.taro@digital.example.jp,太郎,山田,,
            """ + "\n", new UTF8Encoding(false));
        return csv;
    }

    [Fact]
    public async Task Accounts_plan_builds_the_shipped_definition_with_its_cdk_controls_and_lists_what_the_account_receives()
    {
        var (exit, output, error) = await Run("accounts", "plan", RequestsCsv(), "--definition", Manifest, "--templates", Templates);

        exit.Should().Be(0, error);
        error.Should().NotContain("GCF1504", "accounts plan runs the production pipeline, CDK synthesizer included");
        output.Should().Contain("mynaportal-stg").And.Contain("Workloads:Ministries:DigitalAgency:Verification").And.Contain("gc-");
    }

    [Fact]
    public async Task Accounts_check_accepts_a_request_for_a_shipped_ou()
    {
        var (exit, output, error) = await Run("accounts", "check", RequestsCsv(), "--definition", Manifest);

        exit.Should().Be(0, error);
        output.Should().Be("accounts check: ok, 1 account request(s) accepted\n");
    }

    [Fact]
    public async Task Validate_with_the_definition_is_clean_on_the_build_and_reports_a_stack_set_in_an_ungoverned_region()
    {
        var output = await Build();

        var clean = await Run("validate", output, "--definition", Realistic, "--no-cfn-lint");
        clean.Exit.Should().Be(0, clean.Err + clean.Out);
        clean.Out.Should().Be("validate: ok (0 warning(s))\n");

        // A stack set edited to deploy to Virginia, which organization.yaml does not govern.
        var manifest = Path.Combine(output, "manifest.yaml");
        var text = File.ReadAllText(manifest);
        var edited = text.Replace("      - \"ap-northeast-3\"\n", "      - \"ap-northeast-3\"\n      - \"us-west-2\"\n", StringComparison.Ordinal);
        edited.Should().NotBe(text);
        File.WriteAllText(manifest, edited, new UTF8Encoding(false));

        var withoutDefinition = await Run("validate", output, "--no-cfn-lint");
        withoutDefinition.Err.Should().NotContain("GCF2051", "without the definition the governed regions are unknown");

        var withDefinition = await Run("validate", output, "--definition", Realistic, "--no-cfn-lint");
        withDefinition.Exit.Should().Be(1);
        withDefinition.Err.Should().Contain("error GCF2051").And.Contain("us-west-2");
        withDefinition.Out.Should().StartWith("validate: ");
    }

    [Fact]
    public async Task Validate_a_definition_folder_runs_the_build_pipeline_as_a_dry_run()
    {
        var (exit, output, error) = await Run("validate", Realistic, "--templates", Templates);

        exit.Should().Be(0, error);
        output.Should().Be("validate: ok (0 warning(s))\n");
        Directory.Exists(Path.Combine(_work, "out")).Should().BeFalse();
    }

    [Fact]
    public async Task Build_of_the_shipped_definition_warns_about_its_placeholders_and_succeeds()
    {
        var output = Path.Combine(_work, "out");
        var (exit, stdout, err) = await Run("build", "--definition", Manifest, "--templates", Templates, "--out", output);

        exit.Should().Be(0, err);
        err.Should().Contain("organization.yaml(").And.Contain("warning GCF1050").And.Contain("prod-replaceme000000");
        err.Should().Contain("org-lock.yaml(").And.Contain("warning GCF1051");
        err.Should().NotContain("error");
        stdout.Should().Contain("wrote ");
    }

    [Fact]
    public async Task Validate_refuses_the_shipped_definition_its_build_and_the_build_with_the_definition()
    {
        var definition = await Run("validate", Manifest, "--templates", Templates);
        definition.Exit.Should().Be(1);
        definition.Err.Should().Contain("error GCF2086").And.Contain("error GCF2087").And.Contain("prod-replaceme000000").And.Contain("d-0000000000");

        var output = await Build(Manifest);
        var package = await Run("validate", output, "--no-cfn-lint");
        package.Exit.Should().Be(1, "the built package still holds the shipped ids");
        package.Err.Should().Contain("manifest.yaml(").And.Contain("error GCF2085").And.Contain("port-replaceme000000").And.Contain("o-0example000");

        var withDefinition = await Run("validate", output, "--definition", Manifest, "--no-cfn-lint");
        withDefinition.Exit.Should().Be(1);
        withDefinition.Err.Should().Contain("organization.yaml(").And.Contain("error GCF2086").And.Contain("error GCF2087");
    }

    [Fact]
    public async Task Publish_refuses_the_build_of_the_shipped_definition_before_calling_aws()
    {
        var output = await Build(Manifest);

        // An endpoint nothing listens on: publish must stop at its validation, before any request.
        string[] aws = ["--s3-bucket", "custom-control-tower-configuration-402916581730-ap-northeast-1", "--package", output, "--no-cfn-lint", "--region", "ap-northeast-1", "--endpoint-url", "http://127.0.0.1:9"];
        var package = await Run(["publish", .. aws]);
        package.Exit.Should().Be(1, package.Err);
        package.Err.Should().Contain("error GCF2085").And.Contain("prod-replaceme000000");

        var withDefinition = await Run(["publish", .. aws, "--definition", Manifest]);
        withDefinition.Exit.Should().Be(1, withDefinition.Err);
        withDefinition.Err.Should().Contain("organization.yaml(").And.Contain("error GCF2086").And.Contain("error GCF2087");
    }

    [Fact]
    public async Task Plan_from_the_definition_builds_in_memory_and_previews_a_new_account()
    {
        var org = OrganizationOfTheDefinition();

        var (exit, output, error) = await Run("plan", "--org", org, "--definition", Manifest, "--templates", Templates);

        exit.Should().Be(0, error);
        error.Should().NotContain("error GCF");
        output.Should().StartWith("# GovCfct plan\n").And.Contain("gc-scp-");

        var preview = await Run("plan", "--org", org, "--definition", Manifest, "--templates", Templates, "--new-account", "--ou", "Workloads:Ministries:DigitalAgency:Production", "--format", "json");
        preview.Exit.Should().Be(0, preview.Err);
        preview.Out.Should().StartWith("{").And.Contain("Workloads:Ministries:DigitalAgency:Production");
    }

    private string OrganizationOfTheDefinition() => ShippedOrganization.Write(Path.Combine(_work, "org.json"));

    [Fact]
    public async Task Controls_lists_the_shipped_catalog()
    {
        var (exit, output, error) = await Run("controls", "--templates", Templates);

        exit.Should().Be(0, error);
        output.Should().Contain("deny-regions").And.Contain("security-alerts");
    }
}
