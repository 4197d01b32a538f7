using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace GovCfct.Cli.Tests.Tool;

/// <summary>
/// The nuget.config <c>govcfct init</c> writes, judged by the real <c>dotnet tool restore</c> (NuGet's package source
/// mapping, https://learn.microsoft.com/nuget/consume-packages/package-source-mapping): the pinned GovCfct comes from the
/// agency's feed only. Two local folder feeds stand in for the agency's feed and for nuget.org (no network); each
/// holds a tool package named GovCfct at the pinned version, told apart by a marker file. With the package on the
/// agency's feed, restore takes that one; with it only on "nuget.org", restore fails instead of taking the public one
/// (dependency confusion). init's next step says to put the package on the feed until the folder holds it.
/// </summary>
public sealed class InitNuGetConfigTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("govcfct-init-nuget-");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public async Task Restore_takes_GovCfct_from_the_agency_feed_and_never_from_nuget_org()
    {
        var repository = Path.Combine(_work.FullName, "governance");
        var init = await Run("init", repository, "--tool-source", "tool-feed");
        init.Exit.Should().Be(0, init.Err);
        var version = PinnedVersion(repository);

        // Before the package is on the feed, the next step says to put it there first; restore alone would fail.
        init.Out.Should().Contain($"  1. put GovCfct.{version}.nupkg into tool-feed (the 'agency' feed of nuget.config, the only source of the GovCfct package)")
            .And.Contain("  2. dotnet tool restore && dotnet govcfct build");

        // nuget.org's stand-in: a folder feed holding a same-named, same-version package (what an attacker would publish).
        var publicFeed = Directory.CreateDirectory(Path.Combine(_work.FullName, "public-feed")).FullName;
        WriteToolPackage(Path.Combine(publicFeed, $"GovCfct.{version}.nupkg"), version, "public");
        Dotnet(repository, "nuget", "update", "source", "nuget.org", "--source", publicFeed, "--configfile", "nuget.config").Exit.Should().Be(0);

        var withoutAgencyPackage = Restore(repository, "cache-1");
        withoutAgencyPackage.Exit.Should().NotBe(0, "GovCfct is mapped to the agency feed alone, which does not hold it: {0}", withoutAgencyPackage.Output);
        Directory.Exists(Path.Combine(_work.FullName, "cache-1", "govcfct")).Should().BeFalse("the public package must never be restored");

        var agencyFeed = Directory.CreateDirectory(Path.Combine(repository, "tool-feed")).FullName;
        WriteToolPackage(Path.Combine(agencyFeed, $"GovCfct.{version}.nupkg"), version, "agency");
        var restored = Restore(repository, "cache-2");
        restored.Exit.Should().Be(0, restored.Output);
        var extracted = Path.Combine(_work.FullName, "cache-2", "govcfct", version.ToLowerInvariant(), "tools", "net10.0", "any");
        File.Exists(Path.Combine(extracted, "from-agency.txt")).Should().BeTrue(restored.Output);
        File.Exists(Path.Combine(extracted, "from-public.txt")).Should().BeFalse();

        // Once the folder holds the pinned package, init's next step is the restore itself.
        var second = await Run("init", Path.Combine(_work.FullName, "second"), "--tool-source", agencyFeed);
        second.Exit.Should().Be(0, second.Err);
        second.Out.Should().Contain("  1. dotnet tool restore && dotnet govcfct build").And.NotContain("  2.");
    }

    [Fact]
    public async Task The_feed_given_to_init_is_the_only_source_mapped_to_GovCfct_and_nuget_org_serves_the_rest()
    {
        var repository = Path.Combine(_work.FullName, "governance");
        var init = await Run("init", repository, "--tool-source", "https://pkgs.example.go.jp/nuget/v3/index.json?a=1&b=2");
        init.Exit.Should().Be(0, init.Err);

        var config = System.Xml.Linq.XDocument.Load(Path.Combine(repository, "nuget.config")).Root!;
        var sources = config.Element("packageSources")!.Elements().ToList();
        sources[0].Name.LocalName.Should().Be("clear", "no machine- or user-level source may serve the build");
        sources.Skip(1).Select(e => $"{e.Attribute("key")!.Value}={e.Attribute("value")!.Value}").Should().Equal(
            "agency=https://pkgs.example.go.jp/nuget/v3/index.json?a=1&b=2",
            "nuget.org=https://api.nuget.org/v3/index.json");
        config.Element("packageSourceMapping")!.Elements("packageSource")
            .Select(s => $"{s.Attribute("key")!.Value}:{string.Join(',', s.Elements("package").Select(p => p.Attribute("pattern")!.Value))}")
            .Should().Equal("agency:GovCfct", "nuget.org:*");
        init.Out.Should().Contain("holds GovCfct.").And.Contain("dotnet nuget push GovCfct.");

        // The real dotnet reads the file as written (the '&' escaped): the agency source is listed as given.
        var listed = Dotnet(repository, "nuget", "list", "source", "--configfile", "nuget.config");
        listed.Exit.Should().Be(0, listed.Output);
        listed.Output.Should().Contain("https://pkgs.example.go.jp/nuget/v3/index.json?a=1&b=2");
    }

    private static string PinnedVersion(string repository)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(repository, ".config", "dotnet-tools.json")));
        return manifest.RootElement.GetProperty("tools").GetProperty("govcfct").GetProperty("version").GetString()!;
    }

    private (int Exit, string Output) Restore(string repository, string cache)
    {
        var home = Directory.CreateDirectory(Path.Combine(_work.FullName, "home-" + cache)).FullName;
        return Dotnet(repository, new Dictionary<string, string>
        {
            ["NUGET_PACKAGES"] = Path.Combine(_work.FullName, cache),
            ["HOME"] = home,
            ["DOTNET_CLI_HOME"] = home,
        }, "tool", "restore");
    }

    private (int Exit, string Output) Dotnet(string folder, params string[] arguments) =>
        Dotnet(folder, new Dictionary<string, string> { ["HOME"] = Directory.CreateDirectory(Path.Combine(_work.FullName, "home")).FullName }, arguments);

    private static (int Exit, string Output) Dotnet(string folder, Dictionary<string, string> environment, params string[] arguments)
    {
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["DOTNET_NOLOGO"] = "1";
        var (exit, stdout, stderr) = ExternalTool.Run("dotnet", arguments, workingDirectory: folder, environment: environment);
        return (exit, stdout + stderr);
    }

    /// <summary>A minimal .NET tool package (packageType DotnetTool, the settings file naming the govcfct command) with a marker file saying which feed it is on.</summary>
    private static void WriteToolPackage(string path, string version, string feed)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        Entry(zip, "GovCfct.nuspec", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
              <metadata>
                <id>GovCfct</id>
                <version>{version}</version>
                <authors>{feed}</authors>
                <description>GovCfct as published on the {feed} feed</description>
                <packageTypes>
                  <packageType name="DotnetTool" />
                </packageTypes>
              </metadata>
            </package>
            """);
        Entry(zip, "tools/net10.0/any/DotnetToolSettings.xml", """
            <?xml version="1.0" encoding="utf-8"?>
            <DotNetCliTool Version="1">
              <Commands>
                <Command Name="govcfct" EntryPoint="govcfct.dll" Runner="dotnet" />
              </Commands>
            </DotNetCliTool>
            """);
        Entry(zip, "tools/net10.0/any/govcfct.dll", "not run by restore");
        Entry(zip, $"tools/net10.0/any/from-{feed}.txt", feed);
    }

    private static void Entry(ZipArchive zip, string name, string text)
    {
        using var stream = zip.CreateEntry(name).Open();
        stream.Write(new UTF8Encoding(false).GetBytes(text));
    }
}
