using System.Collections.Immutable;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Diagnostics.Output;
using GovCfct.Core.Organization;
using GovCfct.Core.Validation;
using GovCfct.Pipeline;

namespace GovCfct.Core.Tests.Validation;

/// <summary>
/// One folder per case under Cases/: <c>package/</c> (a small broken CfCT package), optional <c>org.json</c>
/// (org snapshot), <c>previous/</c> (previous package), <c>governed-regions.txt</c>, <c>lint.txt</c> (run the real
/// cfn-lint in that mode: default or strict), and <c>expected.txt</c> with the exact compiler-form diagnostics.
/// Cases named <c>pass-*</c> reproduce a false alarm: the package is one CfCT and AWS accept, so it must report no
/// error. GOVCFCT_UPDATE_GOLDEN=1 rewrites expected.txt; review the diff.
/// </summary>
public sealed class ValidationCaseTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.EnumerateDirectories(RepositoryRoot.Combine("tests", "GovCfct.Core.Tests", "Validation", "Cases")).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(dir));
        }

        return data;
    }

    [Fact]
    public void There_are_at_least_30_cases_and_each_has_expected_output()
    {
        var cases = Directory.EnumerateDirectories(RepositoryRoot.Combine("tests", "GovCfct.Core.Tests", "Validation", "Cases")).ToList();
        cases.Should().HaveCountGreaterThanOrEqualTo(30);
        cases.Should().OnlyContain(c => File.Exists(Path.Combine(c, "expected.txt")) && Directory.Exists(Path.Combine(c, "package")));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case_reports_exactly_the_expected_diagnostics(string name)
    {
        var actual = Run(Path.Combine(RepositoryRoot.Combine("tests", "GovCfct.Core.Tests", "Validation", "Cases"), name));
        var expectedPath = Path.Combine(RepositoryRoot.Combine("tests", "GovCfct.Core.Tests", "Validation", "Cases"), name, "expected.txt");
        Golden.Text(expectedPath, actual);
    }

    [Fact]
    public void Every_code_of_the_validator_is_exercised_by_some_case_or_test()
    {
        var expected = string.Concat(Directory.EnumerateFiles(RepositoryRoot.Combine("tests", "GovCfct.Core.Tests", "Validation", "Cases"), "expected.txt", SearchOption.AllDirectories).Select(File.ReadAllText));
        // A missing or failing cfn-lint is covered by CfnLintTests; the rest must appear in a case.
        var elsewhere = new[] { DiagnosticCodes.CfnLintMissing, DiagnosticCodes.CfnLintFailed };
        // Codes of the Policies stage are tested there; validate only has to show it calls them (policy-* cases).
        var codes = PackageValidator.Rules.SelectMany(r => r.Codes).Concat(PackageValidator.ReaderCodes).Select(c => c.Id).Where(c => c.StartsWith("GCF2", StringComparison.Ordinal)).Except(elsewhere.Select(c => c.Id)).Distinct().Order(StringComparer.Ordinal);
        codes.Where(c => !expected.Contains(c, StringComparison.Ordinal)).Should().BeEmpty();
    }

    [Fact]
    public void Cfct_shipped_example_validates_without_errors_once_its_remote_template_is_allowed()
    {
        var result = new PackageValidator().Validate(new PackageValidationOptions(Path.Combine(RepositoryRoot.Combine("tests", "GovCfct.Core.Tests", "Validation", "Cases"), "cfct-example", "package")) { RunCfnLint = false, AllowRemoteFiles = true });
        result.HasErrors.Should().BeFalse(string.Join("\n", result.Diagnostics));
        result.Diagnostics.Should().NotBeEmpty("the example exports outputs from a stack set with several targets, which is worth a warning");
    }

    [Fact]
    public void Every_pass_case_reports_no_error()
    {
        var passing = Directory.EnumerateDirectories(RepositoryRoot.Combine("tests", "GovCfct.Core.Tests", "Validation", "Cases"), "pass-*").Order(StringComparer.Ordinal).ToList();
        passing.Should().HaveCountGreaterThanOrEqualTo(6, "every false alarm of issue #15 has a folder that must pass");
        foreach (var dir in passing)
        {
            Run(dir).Split('\n').Where(l => l.Contains(": error ", StringComparison.Ordinal)).Should().BeEmpty(Path.GetFileName(dir));
        }
    }

    internal static string Run(string caseDir)
    {
        var options = new PackageValidationOptions(Path.Combine(caseDir, "package")) { RunCfnLint = false };
        var lint = Path.Combine(caseDir, "lint.txt");
        if (File.Exists(lint))
        {
            _ = CfnLintProcess.FindOnPath("cfn-lint") ?? throw new Xunit.Sdk.XunitException("cfn-lint is not on PATH: install it (pip install cfn-lint); the lint cases never skip");
            options = options with { RunCfnLint = true, CfnLinter = new CfnLintProcess(), Lint = Enum.Parse<LintMode>(File.ReadAllText(lint).Trim(), ignoreCase: true) };
        }

        var bag = new DiagnosticBag();
        var org = Path.Combine(caseDir, "org.json");
        if (File.Exists(org))
        {
            var read = OrgSnapshotSerializer.ReadFile(org, "org.json");
            bag.AddRange(read.Diagnostics);
            options = options with { Organization = read.Success ? read.Snapshot : null };
        }

        var previous = Path.Combine(caseDir, "previous");
        if (Directory.Exists(previous))
        {
            options = options with { PreviousPackageDirectory = previous };
        }

        var governed = Path.Combine(caseDir, "governed-regions.txt");
        if (File.Exists(governed))
        {
            options = options with { Settings = options.Settings with { GovernedRegions = [.. File.ReadAllLines(governed).Where(l => l.Length > 0)] } };
        }

        // The break-glass role comes from a definition's settings; a case without one names it here.
        var breakGlass = Path.Combine(caseDir, "break-glass-role.txt");
        if (File.Exists(breakGlass))
        {
            options = options with { Settings = options.Settings with { BreakGlassRoleName = File.ReadAllText(breakGlass).Trim() } };
        }

        // Remote resource files are refused unless the user opts in (--allow-remote-files); a case opts in with this file.
        if (File.Exists(Path.Combine(caseDir, "allow-remote-files")))
        {
            options = options with { AllowRemoteFiles = true };
        }

        var result = new PackageValidator().Validate(options);
        ImmutableArray<Diagnostic> all = [.. bag.Sorted(), .. result.Diagnostics];
        return DiagnosticWriter.Text(all);
    }
}
