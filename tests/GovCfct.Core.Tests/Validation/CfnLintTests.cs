using GovCfct.Core.Diagnostics;
using GovCfct.Core.Validation;
using GovCfct.Core.Validation.Rules;
using GovCfct.Pipeline;

namespace GovCfct.Core.Tests.Validation;

/// <summary>cfn-lint runs once for all templates and regions; its findings land on our diagnostics with file and line.</summary>
public sealed class CfnLintTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("govcfct-lint-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string RealCfnLint() =>
        CfnLintProcess.FindOnPath("cfn-lint")
        ?? throw new Xunit.Sdk.XunitException("cfn-lint is not on PATH: install it (pip install cfn-lint) to run the cfn-lint tests; they never skip");

    private string Package()
    {
        var pkg = Path.Combine(_dir, "pkg");
        Directory.CreateDirectory(Path.Combine(pkg, "templates", "nested"));
        File.WriteAllText(Path.Combine(pkg, "manifest.yaml"), """
            region: ap-northeast-1
            version: 2021-03-15
            resources:
              - name: gc-a
                description: a
                resource_file: templates/a.template
                deploy_method: stack_set
                deployment_targets:
                  organizational_units:
                    - "Workloads"
                regions:
                  - ap-northeast-1
              - name: gc-b
                description: b
                resource_file: templates/nested/b.yaml
                deploy_method: stack_set
                deployment_targets:
                  organizational_units:
                    - "Workloads"
                regions:
                  - ap-northeast-3
            """);
        File.WriteAllText(Path.Combine(pkg, "templates", "a.template"), """
            AWSTemplateFormatVersion: "2010-09-09"
            Resources:
              Bucket:
                Type: AWS::S3::Bucket
                Properties:
                  NoSuchProperty: 1
            """);
        File.WriteAllText(Path.Combine(pkg, "templates", "nested", "b.yaml"), """
            AWSTemplateFormatVersion: "2010-09-09"
            Resources:
              Topic:
                Type: AWS::SNS::Topic
                Properties:
                  TopicName: !Sub "${AWS::StackName}-t"
            """);
        return pkg;
    }

    /// <summary>A wrapper that records its arguments, then runs the real cfn-lint.</summary>
    private string Recorder(string realCfnLint, string log)
    {
        var script = Path.Combine(_dir, "cfn-lint-recorder");
        File.WriteAllText(script, $"#!/bin/sh\necho \"$@\" >> '{log}'\nexec '{realCfnLint}' \"$@\"\n");
        MakeExecutable(script);
        return script;
    }

    private static void MakeExecutable(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public void One_cfn_lint_process_covers_every_template_and_region_and_findings_point_into_the_template()
    {
        var log = Path.Combine(_dir, "calls.log");
        var options = new PackageValidationOptions(Package()) { CfnLinter = new CfnLintProcess(Recorder(RealCfnLint(), log)) };

        var result = new PackageValidator().Validate(options);

        var calls = File.ReadAllLines(log);
        calls.Should().ContainSingle();
        calls[0].Should().MatchRegex(@"^--config-file /\S+/govcfct\.cfnlintrc --format json --regions ap-northeast-1 ap-northeast-3 -- templates/a\.template templates/nested/b\.yaml$");
        var finding = result.Diagnostics.Should().ContainSingle(d => d.Code == DiagnosticCodes.CfnLintError.Id).Subject;
        finding.Location.Should().Be(new SourceLocation("templates/a.template", 6, 7));
        finding.Message.Should().StartWith("cfn-lint E3002: ");
        result.HasErrors.Should().BeTrue();
    }

    [Fact]
    public void A_cfnlintrc_in_the_package_neither_runs_python_nor_silences_errors()
    {
        // The attack: a package under review carries cfn-lint's project configuration; cfn-lint 1.x loads it from its
        // working directory, imports append_rules as Python and drops ignore_checks findings.
        var pkg = Package();
        var marker = Path.Combine(_dir, "pwned");
        Directory.CreateDirectory(Path.Combine(pkg, "rules"));
        File.WriteAllText(Path.Combine(pkg, "rules", "evil.py"), $"import os\nopen({System.Text.Json.JsonSerializer.Serialize(marker)}, 'w').write(repr(dict(os.environ)))\n");
        File.WriteAllText(Path.Combine(pkg, ".cfnlintrc"), "append_rules:\n  - rules\nignore_checks:\n  - E\n");
        var realCfnLint = RealCfnLint();
        var start = new System.Diagnostics.ProcessStartInfo(realCfnLint) { WorkingDirectory = pkg, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--format", "json", "--", "templates/a.template" })
        {
            start.ArgumentList.Add(argument);
        }

        using (var attack = System.Diagnostics.Process.Start(start)!)
        {
            attack.StandardOutput.ReadToEnd().Trim().Should().Be("[]", "run in the package folder, cfn-lint takes the package's configuration and hides the error");
            attack.WaitForExit();
        }

        File.Exists(marker).Should().BeTrue("run in the package folder, cfn-lint imports the package's Python");
        File.Delete(marker);

        var result = new PackageValidator().Validate(new PackageValidationOptions(pkg) { CfnLinter = new CfnLintProcess(realCfnLint) });

        File.Exists(marker).Should().BeFalse("validate never lets the package configure cfn-lint");
        result.Diagnostics.Should().Contain(d => d.Code == DiagnosticCodes.CfnLintError.Id && d.Message.StartsWith("cfn-lint E3002", StringComparison.Ordinal));
    }

    [Fact]
    public void Cfn_lint_runs_in_a_folder_of_template_copies_without_aws_credentials()
    {
        var pkg = Package();
        File.WriteAllText(Path.Combine(pkg, ".cfnlintrc"), "ignore_checks:\n  - E\n");
        var record = Path.Combine(_dir, "seen");
        var spy = Path.Combine(_dir, "cfn-lint-spy");
        File.WriteAllText(spy, $"#!/bin/sh\n{{ pwd; find . | sort; env | grep '^AWS_' | sort; }} > '{record}'\necho '[]'\n");
        MakeExecutable(spy);
        var saved = Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "release-role-secret-of-the-caller");
        try
        {
            new PackageValidator().Validate(new PackageValidationOptions(pkg) { CfnLinter = new CfnLintProcess(spy) });
        }
        finally
        {
            Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", saved);
        }

        var seen = File.ReadAllLines(record);
        seen[0].Should().NotStartWith(pkg).And.Contain("govcfct-cfnlint-");
        seen.Skip(1).Where(l => l.StartsWith('.')).Should().Equal(".", "./templates", "./templates/a.template", "./templates/nested", "./templates/nested/b.yaml");
        seen.Should().NotContain(l => l.Contains("release-role-secret", StringComparison.Ordinal) || l.StartsWith("AWS_SECRET", StringComparison.Ordinal) || l.StartsWith("AWS_ACCESS", StringComparison.Ordinal) || l.StartsWith("AWS_PROFILE", StringComparison.Ordinal));
        Directory.GetDirectories(Path.GetTempPath(), "govcfct-cfnlint-*").Should().NotContain(d => seen[0].StartsWith(d, StringComparison.Ordinal), "the copies are removed after the run");
    }

    [Fact]
    public void Missing_cfn_lint_is_said_and_the_other_rules_still_run()
    {
        var pkg = Package();
        File.AppendAllText(Path.Combine(pkg, "manifest.yaml"), "\n  - name: bad_name\n    description: x\n    resource_file: templates/a.template\n    deploy_method: stack_set\n    deployment_targets:\n      accounts:\n        - \"123456789012\"\n");
        var options = new PackageValidationOptions(pkg) { CfnLinter = new CfnLintProcess(Path.Combine(_dir, "no-such-cfn-lint")) };

        var result = new PackageValidator().Validate(options);

        result.Diagnostics.Should().Contain(d => d.Code == DiagnosticCodes.CfnLintMissing.Id && d.Severity == Severity.Warning && d.Message.Contains("2 template(s) were not linted"));
        result.Diagnostics.Should().Contain(d => d.Code == DiagnosticCodes.NameInvalid.Id);
    }

    [Fact]
    public void Unreadable_cfn_lint_output_is_a_warning_not_a_crash()
    {
        var script = Path.Combine(_dir, "broken-cfn-lint");
        File.WriteAllText(script, "#!/bin/sh\necho 'Traceback: boom' >&2\nexit 1\n");
        MakeExecutable(script);

        var result = new PackageValidator().Validate(new PackageValidationOptions(Package()) { CfnLinter = new CfnLintProcess(script) });

        result.Diagnostics.Should().ContainSingle(d => d.Code == DiagnosticCodes.CfnLintFailed.Id)
            .Which.Message.Should().Contain("Traceback: boom");
    }

    [Fact]
    public void No_cfn_lint_option_runs_nothing()
    {
        var result = new PackageValidator().Validate(new PackageValidationOptions(Package()) { RunCfnLint = false, CfnLinter = new CfnLintProcess(Path.Combine(_dir, "absent")) });

        result.Diagnostics.Should().NotContain(d => d.Code == DiagnosticCodes.CfnLintMissing.Id || d.Code == DiagnosticCodes.CfnLintError.Id);
    }

    /// <summary>A linter that records what it was given and answers with a run decided by the test: no process at all.</summary>
    private sealed class FakeLinter(CfnLintRun answer) : ICfnLinter
    {
        public List<CfnLintRequest> Requests { get; } = [];

        public CfnLintRun Lint(CfnLintRequest request)
        {
            Requests.Add(request);
            return answer;
        }
    }

    [Fact]
    public void The_rule_hands_the_linter_the_package_templates_as_data_and_reads_its_findings_back()
    {
        var pkg = Package();
        File.WriteAllText(Path.Combine(pkg, "templates", "not-listed.txt"), "not a template");
        // cfn-lint's JSON format: one finding with its rule, level, file and position (https://github.com/aws-cloudformation/cfn-lint#output).
        const string findings = """
            [{"Filename": "templates/nested/b.yaml", "Level": "Error", "Message": "Additional properties are not allowed ('X' was unexpected)",
              "Rule": {"Id": "E3002"}, "Location": {"Start": {"LineNumber": 4, "ColumnNumber": 5}}}]
            """;
        var linter = new FakeLinter(CfnLintRun.Finished(2, findings, string.Empty));

        var result = new PackageValidator().Validate(new PackageValidationOptions(pkg) { CfnLinter = linter, Lint = LintMode.Strict });

        var request = linter.Requests.Should().ContainSingle().Subject;
        request.Templates.Keys.Should().Equal("templates/a.template", "templates/nested/b.yaml");
        request.Templates["templates/nested/b.yaml"].ToArray().Should().Equal(File.ReadAllBytes(Path.Combine(pkg, "templates", "nested", "b.yaml")));
        request.Regions.Should().Equal("ap-northeast-1", "ap-northeast-3");
        request.IncludeInformational.Should().BeTrue("strict asks for cfn-lint's informational rules");
        result.Diagnostics.Should().ContainSingle(d => d.Code == DiagnosticCodes.CfnLintError.Id)
            .Which.Location.Should().Be(new SourceLocation("templates/nested/b.yaml", 4, 5));
    }

    [Fact]
    public void A_linter_that_is_missing_failed_or_not_given_is_said_as_a_warning_with_the_count_of_unlinted_templates()
    {
        var pkg = Package();

        Validate(CfnLintRun.NotFound("at /opt/cfn-lint")).Should().ContainSingle(d => d.Code == DiagnosticCodes.CfnLintMissing.Id)
            .Which.Message.Should().Be("cfn-lint was not found at /opt/cfn-lint: 2 template(s) were not linted");
        Validate(CfnLintRun.Failed("cfn-lint did not finish within 5 minutes; templates were not linted")).Should().ContainSingle(d => d.Code == DiagnosticCodes.CfnLintFailed.Id)
            .Which.Message.Should().Be("cfn-lint did not finish within 5 minutes; templates were not linted");
        Validate(CfnLintRun.Finished(1, string.Empty, "Traceback: boom")).Should().ContainSingle(d => d.Code == DiagnosticCodes.CfnLintFailed.Id)
            .Which.Message.Should().Be("cfn-lint output could not be read: Traceback: boom");
        new PackageValidator().Validate(new PackageValidationOptions(pkg)).Diagnostics.Should().ContainSingle(d => d.Code == DiagnosticCodes.CfnLintMissing.Id)
            .Which.Message.Should().Be("no cfn-lint was given to this validation: 2 template(s) were not linted");

        IEnumerable<Diagnostic> Validate(CfnLintRun answer) =>
            new PackageValidator().Validate(new PackageValidationOptions(pkg) { CfnLinter = new FakeLinter(answer) }).Diagnostics.Where(d => d.Severity == Severity.Warning);
    }

    [Fact]
    public void The_process_adapter_says_where_it_looked_when_cfn_lint_is_absent()
    {
        var request = new CfnLintRequest(System.Collections.Immutable.ImmutableSortedDictionary<string, System.Collections.Immutable.ImmutableArray<byte>>.Empty, [], IncludeInformational: false);

        new CfnLintProcess(Path.Combine(_dir, "absent")).Lint(request).Should().Be(CfnLintRun.NotFound($"at {Path.Combine(_dir, "absent")}"));
    }

    [Fact]
    public void Every_rule_the_installed_cfn_lint_can_emit_is_mapped_or_falls_into_a_documented_default()
    {
        var start = new System.Diagnostics.ProcessStartInfo(RealCfnLint(), "--list-rules") { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = System.Diagnostics.Process.Start(start)!;
        var listing = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var installed = System.Text.RegularExpressions.Regex.Matches(listing, "^([EWI][0-9]{4}):", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        installed.Should().HaveCountGreaterThan(200, "cfn-lint --list-rules lists every rule it has");

        var doc = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "validate.md"));

        // The defaults the code applies are the ones the docs state, for every level the installed cfn-lint has.
        foreach (var level in installed.Select(r => r[0]).Distinct())
        {
            var expected = CfnLintSeverities.Default(level) == LintSeverity.Warning ? "warning" : "hidden";
            doc.Should().Contain($"| other {level} rules | {expected} |", $"docs/validate.md states the default for unlisted {level} rules");
        }

        // Every explicit mapping names a rule cfn-lint really has (no stale ids) and is in the docs table with its severity.
        foreach (var (rule, severity, _) in CfnLintSeverities.Table)
        {
            installed.Should().Contain(rule, $"{rule} is mapped in CfnLintSeverities but the installed cfn-lint has no such rule");
            doc.Should().Contain($"| {rule} | {severity.ToString().ToLowerInvariant()} |", $"docs/validate.md lists {rule}");
        }

        // Every installed rule gets a severity: mapped, or its level's default (never an error unless listed).
        foreach (var rule in installed)
        {
            var severity = CfnLintSeverities.For(rule, null, LintMode.Default);
            if (!CfnLintSeverities.IsMapped(rule))
            {
                severity.Should().NotBe(LintSeverity.Error, $"{rule} is not listed, so it must not fail a run");
            }
        }

        // The linter opinion the issue names (E4002 on Metadata) is hidden; an unknown property stays an error.
        CfnLintSeverities.For("E4002", "Error", LintMode.Default).Should().Be(LintSeverity.Hidden);
        CfnLintSeverities.For("E1020", "Error", LintMode.Default, "{'Ref': 'p'} is not of type 'array'").Should().Be(LintSeverity.Warning);
        CfnLintSeverities.For("E1020", "Error", LintMode.Default, "'X' is not one of ['A']").Should().Be(LintSeverity.Error);
        CfnLintSeverities.For("E3002", "Error", LintMode.Default).Should().Be(LintSeverity.Error);
        CfnLintSeverities.For("W2001", "Warning", LintMode.Default).Should().Be(LintSeverity.Hidden);
        CfnLintSeverities.For("W2001", "Warning", LintMode.Strict).Should().Be(LintSeverity.Warning);
    }

    [Fact]
    public void Long_messages_are_cut_at_a_word_and_say_how_much_is_left_out()
    {
        var values = string.Join(", ", Enumerable.Range(0, 200).Select(i => $"'runtime{i}'"));
        var message = $"'python3.99' is not one of [{values}]";

        var cut = CfnLintRule.Truncate(message);

        cut.Length.Should().BeLessThan(CfnLintRule.MaxMessageLength + 80);
        cut.Should().StartWith("'python3.99' is not one of ['runtime0'");
        cut.Should().EndWith("more characters; run cfn-lint on the file for the full text)");
        cut.Should().NotContain("\n");
        CfnLintRule.Truncate("short\nmessage").Should().Be("short message");
    }
}
