using System.Text;
using Xunit.Sdk;

namespace GovCfct.Testing;

/// <summary>
/// Golden files: the expected output lives in the source tree and is compared byte for byte. With
/// GOVCFCT_UPDATE_GOLDEN=1 the files are rewritten from the current output instead (review the diff before
/// committing it). Update mode is refused under CI=true, so a CI run can never accept its own output.
/// </summary>
public static class Golden
{
    public const string UpdateVariable = "GOVCFCT_UPDATE_GOLDEN";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>True when the expected files are to be rewritten; throws when that is asked for under CI.</summary>
    public static bool Update => UpdateRequested(Environment.GetEnvironmentVariable(UpdateVariable), Environment.GetEnvironmentVariable("CI"));

    /// <summary>The rule behind <see cref="Update"/>, on explicit values so it can be tested without touching the process environment.</summary>
    public static bool UpdateRequested(string? update, string? ci)
    {
        if (update != "1")
        {
            return false;
        }

        if (string.Equals(ci, "true", StringComparison.OrdinalIgnoreCase) || ci == "1")
        {
            throw new InvalidOperationException(
                $"{UpdateVariable}=1 is refused when CI=true: golden files are rewritten on a workstation and their diff reviewed in the commit.");
        }

        return true;
    }

    /// <summary>Compares <paramref name="actual"/> with the text file (rewriting it first in update mode).</summary>
    public static void Text(string expectedFile, string actual, string? because = null)
    {
        if (Update)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(expectedFile)!);
            File.WriteAllText(expectedFile, actual, Utf8);
        }

        if (!File.Exists(expectedFile))
        {
            throw new XunitException($"{expectedFile} is missing: run the test with {UpdateVariable}=1 to create it, then review it.");
        }

        var expected = File.ReadAllText(expectedFile, Encoding.UTF8);
        if (!actual.Contains('\r', StringComparison.Ordinal))
        {
            // A checkout with CRLF line endings still compares equal to output that has none.
            expected = expected.ReplaceLineEndings("\n");
        }

        if (!string.Equals(expected, actual, StringComparison.Ordinal))
        {
            throw new XunitException(
                $"{because ?? "the output changed"}: differs from {expectedFile} at {FirstDifference(expected, actual)} (run with {UpdateVariable}=1 to accept, then review the diff).\n--- actual ---\n{actual}");
        }
    }

    /// <summary>Compares a set of files (relative path with '/' → bytes) with a folder (rewriting it first in update mode).</summary>
    public static void Folder(string expectedFolder, IEnumerable<KeyValuePair<string, byte[]>> actual, string? because = null)
    {
        var files = actual.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        if (Update)
        {
            if (Directory.Exists(expectedFolder))
            {
                Directory.Delete(expectedFolder, recursive: true);
            }

            foreach (var (path, bytes) in files)
            {
                var target = Path.Combine(expectedFolder, path);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.WriteAllBytes(target, bytes);
            }
        }

        var expected = ReadFolder(expectedFolder);
        var problems = new List<string>();
        problems.AddRange(files.Keys.Except(expected.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(p => "unexpected " + p));
        problems.AddRange(expected.Keys.Except(files.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(p => "missing " + p));
        problems.AddRange(files.Keys.Intersect(expected.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Where(p => !files[p].AsSpan().SequenceEqual(expected[p])).Select(p => "changed " + p));
        if (problems.Count > 0)
        {
            throw new XunitException(
                $"{because ?? "the output changed"}: differs from {expectedFolder} (run with {UpdateVariable}=1 to accept, then review the diff):\n  {string.Join("\n  ", problems)}");
        }
    }

    /// <summary>Every file below <paramref name="folder"/> by its relative path with '/' separators.</summary>
    public static SortedDictionary<string, byte[]> ReadFolder(string folder) =>
        !Directory.Exists(folder)
            ? new(StringComparer.Ordinal)
            : new(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), File.ReadAllBytes), StringComparer.Ordinal);

    private static string FirstDifference(string expected, string actual)
    {
        var index = 0;
        while (index < expected.Length && index < actual.Length && expected[index] == actual[index])
        {
            index++;
        }

        var line = 1 + expected.AsSpan(0, index).Count('\n');
        return $"line {line}";
    }
}
