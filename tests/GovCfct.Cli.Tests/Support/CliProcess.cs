using System.Diagnostics;

namespace GovCfct.Cli.Tests.Support;

/// <summary>
/// Runs the built <c>govcfct</c> as a child process, for what an in-memory run cannot show: a private
/// environment (HOME, AWS config files, endpoint variables) and real signals (Ctrl-C).
/// </summary>
public sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;

    private CliProcess(Process process)
    {
        _process = process;
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public int Id => _process.Id;

    /// <summary>Starts <c>dotnet govcfct.dll args</c>; <paramref name="environment"/> entries with a null value are removed.</summary>
    public static CliProcess Start(IReadOnlyDictionary<string, string?> environment, params string[] args) => Start(environment, false, null, args);

    /// <summary>
    /// Starts <c>govcfct</c> as a command typed in a terminal: with SIGINT at its default disposition. A test run that is
    /// itself a background job of a non-interactive shell (a CI runner, <c>cmd &amp;</c>) inherits SIGINT ignored, and
    /// the runtime rightly leaves an ignored signal ignored; python3 (on the machine for moto and cfn-lint) restores
    /// the default and execs the command under the same process id, so <see cref="Interrupt"/> reaches it as Ctrl-C would.
    /// </summary>
    public static CliProcess StartAsInTerminal(IReadOnlyDictionary<string, string?> environment, params string[] args) => Start(environment, true, null, args);

    private static CliProcess Start(IReadOnlyDictionary<string, string?> environment, bool defaultSigint, string? workingDirectory, string[] args)
    {
        var start = new ProcessStartInfo(defaultSigint ? "python3" : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        if (defaultSigint)
        {
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])");
            start.ArgumentList.Add("dotnet");
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "govcfct.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Nothing of the test process's AWS setup leaks in; each test says what the child sees.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        return new CliProcess(Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start"));
    }

    /// <summary>Runs to the end (bounded) and returns what it printed.</summary>
    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        using var process = Start(environment, args);
        return await process.WaitAsync(TimeSpan.FromSeconds(120));
    }

    /// <summary>Runs to the end (bounded) in <paramref name="workingDirectory"/>, as a command typed there would.</summary>
    public static async Task<CliResult> RunInAsync(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        using var process = Start(environment, false, workingDirectory, args);
        return await process.WaitAsync(TimeSpan.FromSeconds(300));
    }

    /// <summary>Sends SIGINT, as Ctrl-C in a terminal does.</summary>
    public void Interrupt()
    {
        var (exitCode, _, stderr) = ExternalTool.Run("kill", ["-INT", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"kill -INT {Id} failed: {stderr}");
        }
    }

    public async Task<CliResult> WaitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"govcfct did not end within {timeout.TotalSeconds} s; stderr so far: {(_stderr.IsCompleted ? _stderr.Result : string.Empty)}");
        }

        return new CliResult(_process.ExitCode, await _stdout, await _stderr);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
