using GovCfct.Core.Diagnostics;

namespace GovCfct.Cli.Commands;

/// <summary>
/// What <c>build --out</c> may replace. The output is swapped in as a whole, so whatever the folder held is deleted:
/// only a folder GovCfct wrote before (its <c>report/build-report.md</c>, which every build writes, is the marker) or an
/// empty or missing one is replaced, and never one that is, or contains, the working directory, a git repository's
/// root, the definition or the templates folder.
/// </summary>
internal static class OutputGuard
{
    private const string Marker = "report/build-report.md";

    public static Diagnostic? Refusal(DirectoryInfo output, IReadOnlyList<DirectoryInfo> inputs)
    {
        var target = Full(output.FullName);
        var protectedFolders = inputs.Select(i => ("the " + (i == inputs[0] ? "definition" : "templates") + " folder", Full(i.FullName)))
            .Append(("the working directory", Full(Environment.CurrentDirectory)));
        foreach (var (what, folder) in protectedFolders)
        {
            if (Contains(target, folder))
            {
                return Refuse(output, $"it is or contains {what} ({folder})");
            }
        }

        if (!Directory.Exists(target))
        {
            return null;
        }

        if (Directory.Exists(Path.Combine(target, ".git")) || File.Exists(Path.Combine(target, ".git")))
        {
            return Refuse(output, "it is the root of a git repository");
        }

        var entries = Directory.EnumerateFileSystemEntries(target).Any();
        if (!entries)
        {
            return null;
        }

        var report = Path.Combine(target, Marker);
        return File.Exists(report) && File.ReadLines(report).FirstOrDefault() == "# Build report" && File.Exists(Path.Combine(target, "manifest.yaml"))
            ? null
            : Refuse(output, $"it is not empty and holds no {Marker} of an earlier build");
    }

    private static string Full(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));

    private static bool Contains(string folder, string inner) =>
        string.Equals(folder, inner, StringComparison.Ordinal)
        || inner.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal)
        || folder == Path.GetPathRoot(folder);

    private static Diagnostic Refuse(DirectoryInfo output, string why) => new(
        DiagnosticCodes.OutputFolderNotOurs,
        $"--out '{output}' would be replaced as a whole, but {why}: nothing was written",
        new SourceLocation(output.ToString()),
        "point --out at a new folder or an earlier build's output; --force replaces it anyway");
}
