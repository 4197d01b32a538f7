using System.Diagnostics;
using Xunit;

namespace GovCfct.Testing;

/// <summary>
/// A moto_server process on a free loopback port, stopped on dispose. Tests that need moto fail with a
/// clear message when it is missing; they never skip.
/// </summary>
public sealed class MotoServer : IAsyncDisposable
{
    private readonly Process? _process;

    private MotoServer(Uri endpoint, Process? process)
    {
        Endpoint = endpoint;
        _process = process;
    }

    public Uri Endpoint { get; }

    /// <summary>The moto started by .ci/run (GOVCFCT_MOTO_ENDPOINT) or, when unset, a new one.</summary>
    public static async Task<MotoServer> SharedOrStartAsync()
    {
        var configured = Environment.GetEnvironmentVariable("GOVCFCT_MOTO_ENDPOINT");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var endpoint = new Uri(configured.TrimEnd('/') + "/");
            await WaitUntilUpAsync(endpoint, null).ConfigureAwait(false);
            return new MotoServer(endpoint, null);
        }

        return await StartAsync().ConfigureAwait(false);
    }

    /// <summary>Starts a dedicated moto_server with extra environment (e.g. INITIAL_NO_AUTH_ACTION_COUNT).</summary>
    public static async Task<MotoServer> StartAsync(IReadOnlyDictionary<string, string>? environment = null)
    {
        var port = LoopbackPort.Free();
        var start = new ProcessStartInfo("moto_server")
        {
            ArgumentList = { "-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // moto's botocore reads the shared AWS config like any SDK; the tests' own profile files are not for it.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("moto_server did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException(
                "moto_server is not on PATH: these tests need moto (pip install 'moto[server]'), or set GOVCFCT_MOTO_ENDPOINT to a running moto_server", ex);
        }

        // Drain output so a chatty server never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var endpoint = new Uri($"http://127.0.0.1:{port}/");
        try
        {
            await WaitUntilUpAsync(endpoint, process).ConfigureAwait(false);
        }
        catch
        {
            Stop(process);
            throw;
        }

        return new MotoServer(endpoint, process);
    }

    public ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            Stop(_process);
        }

        return ValueTask.CompletedTask;
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        process.Dispose();
    }

    private static async Task WaitUntilUpAsync(Uri endpoint, Process? process)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process is { HasExited: true })
            {
                throw new InvalidOperationException($"moto_server exited with code {process.ExitCode} before it answered on {endpoint}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(endpoint, "moto-api/")).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200).ConfigureAwait(false);
        }

        throw new InvalidOperationException($"moto_server did not answer on {endpoint} within 60 s");
    }
}

/// <summary>One moto for a test collection (xunit wants the collection definition in the test assembly itself).</summary>
public sealed class MotoFixture : IAsyncLifetime
{
    private MotoServer? _server;

    public Uri Endpoint => _server?.Endpoint ?? throw new InvalidOperationException("moto not started");

    public async Task InitializeAsync() => _server = await MotoServer.SharedOrStartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

