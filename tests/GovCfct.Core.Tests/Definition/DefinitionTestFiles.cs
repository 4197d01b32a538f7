using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Core.Tests.Definition;

/// <summary>Locates the repository's files from the test binaries, so golden files are read and rewritten in place.</summary>
internal static class DefinitionTestFiles
{
    public static string ShippedDefinition => RepositoryRoot.Combine("manifest");

    public static string TestsFolder => RepositoryRoot.Combine("tests", "GovCfct.Core.Tests", "Definition");

    /// <summary>Loads a definition and returns the result with its diagnostics in printed (sorted) order.</summary>
    public static (GovernanceDefinition? Definition, IReadOnlyList<Diagnostic> Diagnostics) Load(string directory)
    {
        var diagnostics = new DiagnosticBag();
        var definition = new DefinitionLoader().Load(directory, diagnostics);
        return (definition, diagnostics.Sorted());
    }

    /// <summary>A copy of the shipped definition in a new folder under <paramref name="root"/>, so a test changes only the file it is about.</summary>
    public static string CopyShipped(string root)
    {
        var target = Path.Combine(root, "manifest-" + Guid.NewGuid().ToString("N"));
        foreach (var file in Directory.EnumerateFiles(ShippedDefinition, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(ShippedDefinition, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return target;
    }

    public static OuNode Find(GovernanceDefinition definition, string path) =>
        definition.AllOus().Single(ou => ou.Path == path);
}
