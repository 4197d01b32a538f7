using System.CommandLine;
using GovCfct.Core.Diagnostics;

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

    /// <summary>
    /// <c>--allow-remote-files</c>, the same on validate, plan and publish: a remote resource or parameter file is refused
    /// (GCF2110) unless the user opts in, because CfCT downloads it at run time, outside what the reviewers saw.
    /// </summary>
    public static Option<bool> AllowRemoteFiles() => new("--allow-remote-files")
    {
        Description = "Accept s3:// and https:// resource and parameter files (shown as dangerous: their content is not in the package and can change after the approval).",
    };

    /// <summary>
    /// <c>--templates</c>, the same on every command: the organization's own controls, added to the catalog the tool carries
    /// (in GovCfct's own repository, the catalog itself). <paramref name="when"/> says when the command reads it.
    /// </summary>
    public static Option<DirectoryInfo> Templates(string? when = null) => new("--templates", "-t")
    {
        Description = "The organization's own controls, added to the catalog this GovCfct carries (default ./templates)" + (when is null ? "." : $"; {when}."),
        DefaultValueFactory = _ => new DirectoryInfo("templates"),
    };

    /// <summary><c>--definition</c> where a command always reads a definition (default ./manifest).</summary>
    public static Option<DirectoryInfo> Definition() => new("--definition", "-d")
    {
        Description = "The governance definition folder (default ./manifest).",
        DefaultValueFactory = _ => new DirectoryInfo("manifest"),
    };

    /// <summary><c>--definition</c> where a definition is one input among others; <paramref name="description"/> says what it adds.</summary>
    public static Option<DirectoryInfo?> OptionalDefinition(string description) => new("--definition", "-d") { Description = description };

    /// <summary>
    /// The one check of the folders these options name, before any work starts: a definition folder must exist; a missing
    /// templates folder is fine when the tool carries a catalog. Null when the folder is usable.
    /// </summary>
    public static Diagnostic? MissingFolder(string option, DirectoryInfo folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var templates = option == "--templates";
        if (templates ? ToolIdentity.CatalogAvailable(folder) : folder.Exists)
        {
            return null;
        }

        return new Diagnostic(
            DiagnosticCodes.UsageError,
            $"{option}: folder '{folder}' does not exist",
            hint: templates
                ? "run from the folder that holds templates/, or pass your controls' folder with --templates (-t)"
                : "run from the folder that holds manifest/, or pass the definition folder with --definition (-d)");
    }
}
