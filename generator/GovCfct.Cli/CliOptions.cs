using System.CommandLine;

namespace GovCfct.Cli;

/// <summary>Options shared by several verbs.</summary>
internal static class CliOptions
{
    public static Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Print details, including stack traces of internal errors.",
        Recursive = true,
    };

    public static Option<bool> WarningsAsErrors { get; } = new("--warnings-as-errors")
    {
        Description = "Treat every warning as an error: exit 1, and write or publish nothing (for CI).",
        Recursive = true,
    };
}
