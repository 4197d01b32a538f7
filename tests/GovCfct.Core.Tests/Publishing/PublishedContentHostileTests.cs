using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Publishing;

namespace GovCfct.Core.Tests.Publishing;

/// <summary>
/// What reaches CfCT's source is only what a package is documented to hold, read without following links: a link in
/// the package folder used to publish the file it pointed at (a credentials file), and every other file of the folder
/// was sent along.
/// </summary>
public sealed class PublishedContentHostileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("govcfct-published-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Package()
    {
        var pkg = Path.Combine(_dir, "out");
        Directory.CreateDirectory(Path.Combine(pkg, "templates"));
        Directory.CreateDirectory(Path.Combine(pkg, "notes"));
        File.WriteAllText(Path.Combine(pkg, "manifest.yaml"), "region: ap-northeast-1\nversion: 2021-03-15\nresources: []\n");
        File.WriteAllText(Path.Combine(pkg, "templates", "a.template"), "{}\n");
        File.WriteAllText(Path.Combine(pkg, "notes", "meeting.txt"), "internal notes\n");
        File.WriteAllText(Path.Combine(pkg, "export.csv"), "account,owner\n");
        return pkg;
    }

    [Fact]
    public void A_symbolic_link_in_the_package_is_refused_and_never_read()
    {
        var pkg = Package();
        var secret = Path.Combine(_dir, "credentials");
        File.WriteAllText(secret, "[default]\naws_secret_access_key = release-secret\n");
        File.CreateSymbolicLink(Path.Combine(pkg, "templates", "b.template"), secret);
        Directory.CreateSymbolicLink(Path.Combine(pkg, "policies"), _dir);
        var diagnostics = new DiagnosticBag();

        var read = PackageFolder.Read(pkg, "out", diagnostics);

        read.Should().BeNull();
        diagnostics.Items.Where(d => d.Code == DiagnosticCodes.PackageSymbolicLink.Id).Select(d => d.Location!.File)
            .Should().Equal("out/policies", "out/templates/b.template");
        diagnostics.Items.Should().NotContain(d => d.Message.Contains("release-secret", StringComparison.Ordinal));
    }

    [Fact]
    public void Only_the_manifest_and_the_documented_folders_are_published()
    {
        var diagnostics = new DiagnosticBag();
        var read = PackageFolder.Read(Package(), "out", diagnostics)!;

        var published = PublishedContent.Select(read.Files);

        read.Files.Keys.Should().Contain(["notes/meeting.txt", "export.csv"], "validate still sees every file of the folder");
        published.Files.Keys.Should().Equal("manifest.yaml", "templates/a.template");
    }
}
