namespace GovCfct.Testing;

/// <summary>
/// Runs the real cfn-lint for tests. A missing cfn-lint fails the test with a clear message; it is never skipped.
/// </summary>
public static class CfnLint
{
    /// <summary>The governed regions every generated template must lint clean in.</summary>
    public static readonly string[] GovernedRegions = ["ap-northeast-1", "ap-northeast-3"];

    /// <summary>One cfn-lint process over all <paramref name="templates"/> for the governed regions, parseable output.</summary>
    public static (int ExitCode, string Output) Lint(IEnumerable<string> templates) =>
        Run(["--format", "parseable", "--regions", .. GovernedRegions, "--", .. templates]);

    /// <summary>cfn-lint's default output over <paramref name="templates"/> for the governed regions.</summary>
    public static (int ExitCode, string Output) LintDefault(IEnumerable<string> templates) =>
        Run(["--regions", .. GovernedRegions, "--", .. templates]);

    public static (int ExitCode, string Output) Run(IEnumerable<string> arguments)
    {
        var (exitCode, stdout, stderr) = ExternalTool.Run(
            "cfn-lint", arguments, hint: "cfn-lint comes from the machine's pyenv (pip install cfn-lint); .ci/run checks for it.");
        return (exitCode, (stdout + stderr).Trim());
    }
}
