using GovCfct.Testing;

namespace GovCfct.Cli.Tests.Tool;

/// <summary>
/// GovCfct packed with <c>dotnet pack</c> from this build and installed with <c>dotnet tool install</c> into a temporary
/// tool path from that package alone (a nuget.config that clears every other source: it installs offline), once per
/// test run. The tests then drive the installed <c>govcfct</c>, as a governance repository's CodeBuild would.
/// </summary>
public sealed class InstalledTool : IDisposable
{
    public InstalledTool()
    {
        Root = Directory.CreateTempSubdirectory("govcfct-tool-");
        PackageSource = Directory.CreateDirectory(Path.Combine(Root.FullName, "packages")).FullName;
        PackagesCache = Directory.CreateDirectory(Path.Combine(Root.FullName, "nuget-cache")).FullName;
        NuGetConfig = Path.Combine(Root.FullName, "nuget.config");
        File.WriteAllText(NuGetConfig, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{PackageSource}" />
              </packageSources>
            </configuration>
            """);

        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var project = RepositoryRoot.Combine("generator", "GovCfct.Cli", "GovCfct.Cli.csproj");
        Run("dotnet", ["pack", project, "-c", configuration, "--no-build", "-o", PackageSource, "-p:NoWarn=NU1603"]);
        Package = Directory.GetFiles(PackageSource, "GovCfct.*.nupkg").Single();

        ToolPath = Path.Combine(Root.FullName, "tools");
        Run("dotnet", ["tool", "install", "GovCfct", "--tool-path", ToolPath, "--version", ToolIdentity.Version, "--configfile", NuGetConfig]);
        Executable = Path.Combine(ToolPath, OperatingSystem.IsWindows() ? "govcfct.exe" : "govcfct");
    }

    public DirectoryInfo Root { get; }

    /// <summary>The folder holding GovCfct.VERSION.nupkg: a NuGet source.</summary>
    public string PackageSource { get; }

    public string Package { get; }

    public string PackagesCache { get; }

    public string NuGetConfig { get; }

    public string ToolPath { get; }

    public string Executable { get; }

    /// <summary>Runs the installed govcfct in <paramref name="folder"/>.</summary>
    public (int ExitCode, string Out, string Err) Govcfct(string folder, params string[] arguments)
    {
        var (exit, stdout, stderr) = ExternalTool.Run(Executable, arguments, workingDirectory: folder);
        return (exit, stdout, stderr);
    }

    public void Dispose() => Root.Delete(recursive: true);

    private void Run(string tool, string[] arguments)
    {
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = PackagesCache };
        var (exit, stdout, stderr) = ExternalTool.Run(tool, arguments, workingDirectory: Root.FullName, environment: environment);
        if (exit != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} failed ({exit}):\n{stdout}\n{stderr}");
        }
    }
}
