namespace GovCfct.Core.Tests.TestSupport;

/// <summary>Locates the repository (the folder holding GovCfct.sln) so tests read the shipped catalog and scenario folders.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Templates => Path.Combine(Root, "templates");

    public static string Scenarios(string stage) => Path.Combine(Root, "tests", "GovCfct.Core.Tests", stage, "Scenarios");

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "GovCfct.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("GovCfct.sln not found above " + AppContext.BaseDirectory);
    }
}
