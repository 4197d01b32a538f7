namespace GovCfct.Core.Tests.Validation;

/// <summary>Finds test data in the source tree, so golden files can be rewritten in place (GOVCFCT_UPDATE_GOLDEN=1).</summary>
internal static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Cases => Path.Combine(RepositoryRoot, "tests", "GovCfct.Core.Tests", "Validation", "Cases");

    public static bool UpdateGolden => Environment.GetEnvironmentVariable("GOVCFCT_UPDATE_GOLDEN") == "1";

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GovCfct.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("GovCfct.sln not found above " + AppContext.BaseDirectory);
    }
}
