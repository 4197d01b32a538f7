using System.ComponentModel;
using System.Diagnostics;

namespace GovCfct.Testing;

/// <summary>Runs a command-line tool a test depends on; a missing tool fails the test with a clear message, never a skip.</summary>
public static class ExternalTool
{
    public static (int ExitCode, string StandardOutput, string StandardError) Run(
        string tool,
        IEnumerable<string> arguments,
        string? standardInput = null,
        string? workingDirectory = null,
        string? hint = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException($"'{tool}' is required by this test but is not on PATH ({ex.Message}). {hint}", ex);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (standardInput is not null)
            {
                process.StandardInput.Write(standardInput);
                process.StandardInput.Close();
            }

            process.WaitForExit();
            return (process.ExitCode, stdout.Result, stderr.Result);
        }
    }
}
