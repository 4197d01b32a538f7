using System.Diagnostics;
using System.Text.Json.Nodes;

namespace GovCfct.Testing;

/// <summary>
/// The real jsonata package in one long-running node process (tests/node/jsonata-session.js), for callers that
/// evaluate many small batches in sequence, such as <see cref="JsonataWalker"/>. Same evaluation and results as
/// <see cref="StepFunctionsOracle.Evaluate"/>; node or the package missing fails the test loudly.
/// </summary>
public sealed class JsonataSession : IDisposable
{
    private static readonly string NodeFolder = RepositoryRoot.Combine("tests", "node");
    private readonly Process _process;

    public JsonataSession()
    {
        if (!Directory.Exists(Path.Combine(NodeFolder, "node_modules", "jsonata")))
        {
            throw new InvalidOperationException($"The Step Functions oracles are not installed: run 'npm ci' in {NodeFolder} (scripts/test does).");
        }

        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = NodeFolder,
        };
        start.ArgumentList.Add(Path.Combine(NodeFolder, "jsonata-session.js"));
        try
        {
            _process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"'node' is required by this test but is not on PATH ({ex.Message}). node comes with this machine kind.", ex);
        }
    }

    public IReadOnlyList<StepFunctionsOracle.JsonataResult> Evaluate(IEnumerable<StepFunctionsOracle.JsonataCase> cases)
    {
        _process.StandardInput.WriteLine(StepFunctionsOracle.JsonataBatch(cases));
        _process.StandardInput.Flush();
        var line = _process.StandardOutput.ReadLine()
            ?? throw new InvalidOperationException($"jsonata-session.js stopped: {_process.StandardError.ReadToEnd()}");
        return StepFunctionsOracle.ParseJsonataBatch(line);
    }

    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(5000))
            {
                _process.Kill();
            }
        }
        finally
        {
            _process.Dispose();
        }
    }
}
