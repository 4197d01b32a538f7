using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Core.Tests.Definition;

/// <summary>Locates the repository's files from the test binaries, so golden files are read and rewritten in place.</summary>
internal static class DefinitionTestFiles
{
    /// <summary>Set to 1 to rewrite every expected.txt from the current output; review the diff before committing.</summary>
    public const string UpdateGoldenVariable = "GOVCFCT_UPDATE_GOLDEN";

    private static readonly Lazy<string> RepositoryRootLazy = new(FindRepositoryRoot);

    public static string RepositoryRoot => RepositoryRootLazy.Value;

    public static string ShippedDefinition => Path.Combine(RepositoryRoot, "manifest");

    public static string TestsFolder => Path.Combine(RepositoryRoot, "tests", "GovCfct.Core.Tests", "Definition");

    public static bool UpdateGolden => Environment.GetEnvironmentVariable(UpdateGoldenVariable) == "1";

    /// <summary>Loads a definition and returns the result with its diagnostics in printed (sorted) order.</summary>
    public static (GovernanceDefinition? Definition, IReadOnlyList<Diagnostic> Diagnostics) Load(string directory)
    {
        var diagnostics = new DiagnosticBag();
        var definition = new DefinitionLoader().Load(directory, diagnostics);
        return (definition, diagnostics.Sorted());
    }

    public static OuNode Find(GovernanceDefinition definition, string path) =>
        definition.AllOus().Single(ou => ou.Path == path);

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "GovCfct.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"GovCfct.sln not found above {AppContext.BaseDirectory}");
    }
}
