using System.Text.Json;

namespace GovCfct.Cli.Tests.Commands;

/// <summary><c>govcfct validate</c> in memory: exit codes 0/1/2 and the three output formats.</summary>
public sealed class ValidateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("govcfct-validate-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Package(string name, string resourceName)
    {
        var pkg = Path.Combine(_dir, name);
        Directory.CreateDirectory(Path.Combine(pkg, "policies"));
        File.WriteAllText(Path.Combine(pkg, "policies", "p.json"), """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}""");
        File.WriteAllText(Path.Combine(pkg, "manifest.yaml"), $"""
            region: ap-northeast-1
            version: 2021-03-15
            resources:
              - name: {resourceName}
                description: Deny leaving the organization
                resource_file: policies/p.json
                deploy_method: scp
                deployment_targets:
                  organizational_units:
                    - "Workloads"
            """);
        return pkg;
    }

    private static Task<CliResult> Run(params string[] args) => CliRunner.Run(["validate", .. args]);

    [Fact]
    public async Task Clean_package_exits_0()
    {
        var (exit, output, error) = await Run(Package("ok", "gc-deny-leave"), "--no-cfn-lint");
        exit.Should().Be(0, error);
        output.Should().Contain("validate: ok");
    }

    [Fact]
    public async Task Cfn_nag_names_the_pinned_release_or_off()
    {
        var pkg = Path.Combine(_dir, "nag");
        Directory.CreateDirectory(Path.Combine(pkg, "templates"));
        File.WriteAllText(Path.Combine(pkg, "templates", "key.template"), """
            Resources:
              Key:
                Type: AWS::KMS::Key
                Properties:
                  KeyPolicy: {Version: '2012-10-17', Statement: []}
            """);
        File.WriteAllText(Path.Combine(pkg, "manifest.yaml"), """
            region: ap-northeast-1
            version: 2021-03-15
            resources:
              - name: gc-key
                resource_file: templates/key.template
                deploy_method: stack_set
                deployment_targets:
                  organizational_units:
                    - "Workloads"
                regions:
                  - ap-northeast-1
            """);

        var pinned = await Run(pkg, "--no-cfn-lint");
        pinned.Exit.Should().Be(1);
        pinned.Err.Should().Contain("templates/key.template(3,1): error GCF2200: cfn_nag 0.7.2 FAIL F19 on Key (AWS::KMS::Key)");
        (await Run(pkg, "--no-cfn-lint", "--cfn-nag", "0.7.2")).Exit.Should().Be(1);
        (await Run(pkg, "--no-cfn-lint", "--cfn-nag", "off")).Exit.Should().Be(0);
        (await Run(pkg, "--no-cfn-lint", "--cfn-nag", "0.8.0")).Exit.Should().Be(2, "only a release whose FAIL rules are implemented may be named");
    }

    [Fact]
    public async Task Errors_exit_1_with_compiler_form_diagnostics_on_stderr()
    {
        var (exit, _, error) = await Run(Package("bad", "gc_deny_leave"), "--no-cfn-lint");
        exit.Should().Be(1);
        error.Should().Contain("manifest.yaml(4,11): error GCF2010: resource name 'gc_deny_leave'");
    }

    [Fact]
    public async Task Json_format_writes_the_report_on_stdout()
    {
        var (exit, output, _) = await Run(Package("bad", "gc_deny_leave"), "--no-cfn-lint", "--format", "json");
        exit.Should().Be(1);
        using var doc = JsonDocument.Parse(output);
        doc.RootElement.GetProperty("summary").GetProperty("errors").GetInt32().Should().Be(1);
        doc.RootElement.GetProperty("diagnostics")[0].GetProperty("code").GetString().Should().Be("GCF2010");
    }

    [Fact]
    public async Task Sarif_format_writes_sarif_210()
    {
        var (exit, output, _) = await Run(Package("bad", "gc_deny_leave"), "--no-cfn-lint", "--format", "sarif");
        exit.Should().Be(1);
        using var doc = JsonDocument.Parse(output);
        doc.RootElement.GetProperty("version").GetString().Should().Be("2.1.0");
        doc.RootElement.GetProperty("runs")[0].GetProperty("results")[0].GetProperty("ruleId").GetString().Should().Be("GCF2010");

        // The driver version is the built assembly's (Directory.Build.props VersionPrefix), never a constant.
        var version = doc.RootElement.GetProperty("runs")[0].GetProperty("tool").GetProperty("driver").GetProperty("version").GetString();
        version.Should().StartWith(typeof(GovCfctApp).Assembly.GetName().Version!.ToString(3)).And.NotBe("1.0.0");
    }

    [Fact]
    public async Task Slot_setting_changes_the_verdict()
    {
        var pkg = Package("ok", "gc-deny-leave");
        (await Run(pkg, "--no-cfn-lint", "--scp-slots", "2")).Exit.Should().Be(1);
        (await Run(pkg, "--no-cfn-lint", "--scp-slots", "3")).Exit.Should().Be(0);
    }

    [Fact]
    public async Task Unreadable_org_snapshot_exits_1_with_its_diagnostic()
    {
        var org = Path.Combine(_dir, "org.json");
        File.WriteAllText(org, "{");
        var (exit, _, error) = await Run(Package("ok", "gc-deny-leave"), "--no-cfn-lint", "--org", org);
        exit.Should().Be(1);
        error.Should().Contain("org.json(").And.Contain("GCF3001");
    }

    [Theory]
    [InlineData("--format", "xml")]
    [InlineData("--scp-max-size", "0")]
    [InlineData("--no-such-option")]
    public async Task Usage_errors_exit_2(params string[] args)
    {
        var (exit, _, _) = await Run([Package("ok", "gc-deny-leave"), .. args]);
        exit.Should().Be(2);
    }

    [Fact]
    public async Task Missing_folder_exits_2()
    {
        (await Run(Path.Combine(_dir, "nope"))).Exit.Should().Be(2);
    }

    [Fact]
    public async Task Lint_strict_shows_what_the_default_hides_and_fails_on_linter_errors()
    {
        var pkg = Package("lint", "deny-leave");
        Directory.CreateDirectory(Path.Combine(pkg, "templates"));
        File.WriteAllText(Path.Combine(pkg, "templates", "t.yaml"), """
            AWSTemplateFormatVersion: "2010-09-09"
            Metadata:
              AWS::CloudFormation::Interface:
                ParameterGroups: "not a list"
            Resources:
              Topic:
                Type: AWS::SNS::Topic
            """);
        File.AppendAllText(Path.Combine(pkg, "manifest.yaml"), "\n  - name: topic\n    resource_file: templates/t.yaml\n    deploy_method: stack_set\n    deployment_targets:\n      organizational_units:\n        - \"Workloads\"\n");

        var byDefault = await Run(pkg);
        var strict = await Run(pkg, "--lint", "strict");
        var off = await Run(pkg, "--lint", "off");

        byDefault.Exit.Should().Be(0, byDefault.Err);
        byDefault.Err.Should().NotContain("cfn-lint E4001").And.Contain("GCF2077");
        strict.Exit.Should().Be(1);
        strict.Err.Should().Contain("error GCF2072: cfn-lint E4001");
        off.Err.Should().NotContain("cfn-lint");
    }

    [Fact]
    public async Task The_s3_source_zip_and_its_parent_folder_are_packages_too()
    {
        var pkg = Package("source", "gc_deny_leave");
        var zip = Path.Combine(_dir, "custom-control-tower-configuration.zip");
        System.IO.Compression.ZipFile.CreateFromDirectory(pkg, zip);
        var parent = Path.Combine(_dir, "checkout");
        Directory.CreateDirectory(parent);
        Directory.Move(pkg, Path.Combine(parent, "custom-control-tower-configuration"));

        var fromZip = await Run(zip, "--no-cfn-lint");
        var fromParent = await Run(parent, "--no-cfn-lint");

        fromZip.Exit.Should().Be(1);
        fromZip.Err.Should().Contain("manifest.yaml(4,11): error GCF2010: resource name 'gc_deny_leave'");
        fromParent.Exit.Should().Be(1);
        fromParent.Err.Should().Be(fromZip.Err);
    }
}
