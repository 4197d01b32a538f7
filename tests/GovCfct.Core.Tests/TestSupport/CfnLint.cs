using System.ComponentModel;
using System.Diagnostics;

namespace GovCfct.Core.Tests.TestSupport;

/// <summary>
/// Runs the real cfn-lint for tests. A missing cfn-lint fails the test with a clear message; it is never skipped.
/// </summary>
internal static class CfnLint
{
    /// <summary>The governed regions every generated template must lint clean in.</summary>
    public static readonly string[] GovernedRegions = ["ap-northeast-1", "ap-northeast-3"];

    /// <summary>One cfn-lint process over all <paramref name="templates"/> for the governed regions, parseable output.</summary>
    public static (int ExitCode, string Output) Lint(IEnumerable<string> templates) =>
        Run(["--format", "parseable", "--regions", .. GovernedRegions, "--", .. templates]);

    public static (int ExitCode, string Output) Run(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("cfn-lint") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("cfn-lint did not start");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException("cfn-lint is required for this test and was not found on PATH (it comes from the machine's pyenv; .ci/run checks for it): " + ex.Message, ex);
        }

        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, (stdout + stderr.Result).Trim());
        }
    }
}
