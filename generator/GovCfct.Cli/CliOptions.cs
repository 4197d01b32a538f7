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
}
