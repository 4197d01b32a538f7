using System.Collections.Immutable;
using GovCfct.Core.IO;

namespace GovCfct.Core.Catalog;

/// <summary>What writing one schema file did.</summary>
public enum SchemaFileState
{
    Created,
    Changed,
    Unchanged,
}

/// <summary>One schema file and what the write did to it.</summary>
public sealed record SchemaFileResult(string FileName, SchemaFileState State);

/// <summary>
/// Writes generated schemas into a folder. Every new file goes to a temporary file beside its target first and is then
/// renamed over it, so an editor never reads half a schema and a failed run leaves the previous files as they were.
/// Other files in the folder are left alone; an unchanged file is not touched.
/// </summary>
public static class DefinitionSchemaWriter
{
    /// <summary>Writes <paramref name="files"/> (name → bytes) into <paramref name="folder"/>, ordinal by name.</summary>
    public static ImmutableArray<SchemaFileResult> Write(IReadOnlyDictionary<string, byte[]> files, string folder)
    {
        ArgumentNullException.ThrowIfNull(files);
        Directory.CreateDirectory(folder);
        var results = ImmutableArray.CreateBuilder<SchemaFileResult>();
        var staged = new List<(string Temporary, string Target)>();
        try
        {
            foreach (var (name, bytes) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                var target = Path.Combine(folder, name);
                var state = !File.Exists(target) ? SchemaFileState.Created
                    : File.ReadAllBytes(target).AsSpan().SequenceEqual(bytes) ? SchemaFileState.Unchanged
                    : SchemaFileState.Changed;
                results.Add(new SchemaFileResult(name, state));
                if (state == SchemaFileState.Unchanged)
                {
                    continue;
                }

                staged.Add((AtomicFile.Stage(target, bytes), target));
            }

            foreach (var (temporary, target) in staged)
            {
                File.Move(temporary, target, overwrite: true);
            }
        }
        finally
        {
            foreach (var (temporary, _) in staged.Where(s => File.Exists(s.Temporary)))
            {
                File.Delete(temporary);
            }
        }

        return results.ToImmutable();
    }
}
