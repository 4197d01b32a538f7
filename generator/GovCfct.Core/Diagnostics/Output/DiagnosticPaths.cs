namespace GovCfct.Core.Diagnostics.Output;

/// <summary>
/// Names the file of every printed diagnostic from the current directory, so a terminal or an editor can open
/// <c>manifest/organization.yaml(75,3)</c> where the definition stage knows it as <c>organization.yaml</c>. The one place
/// every output form (text, JSON, SARIF, JUnit) takes its paths from: a location with a <see cref="SourceLocation.Root"/>
/// is resolved against it, an absolute path is shortened; either is printed relative to the current directory when it
/// lies inside it, and absolute (never <c>../</c>) when it does not. A relative name without a root is already relative
/// to the current directory (a path given on the command line) and stays as it is, as do names that are no file
/// (<c>--ou</c>).
/// </summary>
public static class DiagnosticPaths
{
    /// <summary>The diagnostics with their files named from <paramref name="currentDirectory"/>; the order is kept.</summary>
    public static IReadOnlyList<Diagnostic> FromDirectory(IReadOnlyList<Diagnostic> diagnostics, string currentDirectory)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        return diagnostics.Any(d => Resolvable(d.Location)) ? [.. diagnostics.Select(d => FromDirectory(d, currentDirectory))] : diagnostics;
    }

    /// <summary>The diagnostic with its file named from <paramref name="currentDirectory"/>.</summary>
    public static Diagnostic FromDirectory(Diagnostic diagnostic, string currentDirectory)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        return diagnostic.Location is { } location && Resolvable(location)
            ? diagnostic with { Location = location with { File = Display(location, currentDirectory), Root = null } }
            : diagnostic;
    }

    /// <summary>How <paramref name="location"/>'s file is printed when the command runs in <paramref name="currentDirectory"/>.</summary>
    public static string Display(SourceLocation location, string currentDirectory)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentException.ThrowIfNullOrEmpty(currentDirectory);
        if (!Resolvable(location))
        {
            return location.File;
        }

        var full = Path.GetFullPath(location.Root is null ? location.File : Path.Combine(location.Root, location.File));
        var relative = Path.GetRelativePath(Path.GetFullPath(currentDirectory), full);
        var outside = Path.IsPathRooted(relative) || relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        return Slashed(outside ? full : relative);
    }

    private static bool Resolvable(SourceLocation? location) =>
        location is { File.Length: > 0 } && (location.Root is not null || Path.IsPathRooted(location.File));

    private static string Slashed(string path) =>
        Path.DirectorySeparatorChar == '/' ? path : path.Replace(Path.DirectorySeparatorChar, '/');
}
