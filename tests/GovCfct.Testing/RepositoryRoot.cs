namespace GovCfct.Testing;

/// <summary>Locates the repository (the folder holding GovCfct.sln) so tests read the shipped catalog, definition and oracles.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    /// <summary>
    /// The shipped definition with its placeholders replaced by real-looking values (<see cref="Fixtures.RealisticDefinition"/>):
    /// what validate and publish judge in tests, since they refuse the shipped example. Shared; copy before changing it.
    /// </summary>
    public static string RealisticDefinition => Fixtures.RealisticDefinition.Shared(Combine("manifest"));

    /// <summary>A path below the repository root.</summary>
    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "GovCfct.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("GovCfct.sln not found above " + AppContext.BaseDirectory);
    }
}
