namespace GovCfct.Core.Cfct;

/// <summary>
/// Reads files of a git revision; behind an interface so Core never starts a process: the adapter that runs git
/// (<c>GitCliReader</c>) lives in GovCfct.Pipeline, beside the other edges.
/// </summary>
public interface IGitReader
{
    /// <summary>Every file path (forward slashes, relative to <paramref name="folder"/>) at <paramref name="revision"/>.</summary>
    IReadOnlyList<string> ListFiles(string revision, string folder);

    /// <summary>The bytes of <paramref name="path"/> (repository-relative) at <paramref name="revision"/>.</summary>
    byte[] ReadFile(string revision, string path);
}

/// <summary>git failed: not installed, not a repository, unknown revision or path. The message is git's own.</summary>
public sealed class GitReaderException(string message) : Exception(message);
