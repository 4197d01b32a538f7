using System.Diagnostics;

namespace GovCfct.Cdk.Tests.Support;

/// <summary>Runs a command-line tool the tests depend on; a missing tool fails the test with a clear message.</summary>
internal static class ExternalTool
{
    public static (int ExitCode, string Output) Run(string tool, IEnumerable<string> arguments, string? hint = null)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"'{tool}' is required by this test but is not on PATH ({ex.Message}). {hint}", ex);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            return (process.ExitCode, stdout.Result + stderr.Result);
        }
    }
}
