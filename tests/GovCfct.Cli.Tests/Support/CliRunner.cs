using GovCfct.Pipeline;

namespace GovCfct.Cli.Tests.Support;

/// <summary>What one in-memory run of the command printed and returned.</summary>
public sealed record CliResult(int Exit, string Out, string Err)
{
    /// <summary>The same text as <see cref="Err"/>, under the name the publish tests use.</summary>
    public string Stderr => Err;

    /// <summary>The same text as <see cref="Out"/>, under the name the publish tests use.</summary>
    public string Stdout => Out;
}

/// <summary>Runs <c>govcfct</c> in memory on (exit code, stdout, stderr), as the spectre.console.cli tests do.</summary>
public static class CliRunner
{
    public static Task<CliResult> Run(params string[] args) => Run(null, args);

    public static async Task<CliResult> Run(BuildPipeline? pipeline, params string[] args)
    {
        using var stdout = new StringWriter { NewLine = "\n" };
        using var stderr = new StringWriter { NewLine = "\n" };
        var exit = await GovCfctApp.RunAsync(args, stdout, stderr, pipeline, CancellationToken.None);
        return new CliResult(exit, stdout.ToString(), stderr.ToString());
    }
}
