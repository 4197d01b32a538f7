using GovCfct.Core.Catalog;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Tests.TestSupport;

namespace GovCfct.Core.Tests.Catalog;

/// <summary>
/// The installed tool carries its catalog; a governance repository's templates/ adds only its own controls. A local
/// control may share a carried id only when it is the same control byte for byte.
/// </summary>
public sealed class CarriedCatalogTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("govcfct-carried-");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public void Local_controls_are_added_to_the_carried_catalog()
    {
        var local = Directory.CreateDirectory(Path.Combine(_work.FullName, "templates"));
        CopyControl("deny-leave-organization", local.FullName, "org-deny-leave-organization");

        var (catalog, diagnostics) = Load(local.FullName);

        diagnostics.HasErrors.Should().BeFalse(string.Join("\n", diagnostics.Items));
        var shipped = Directory.GetDirectories(RepositoryRoot.Combine("templates")).Count(d => File.Exists(Path.Combine(d, "control.yaml")));
        catalog!.Controls.Should().HaveCount(shipped + 1);
        catalog.Controls.Select(c => c.Id).Should().Contain("org-deny-leave-organization").And.Contain("deny-leave-organization").And.BeInAscendingOrder(StringComparer.Ordinal);
    }

    [Fact]
    public void A_missing_local_folder_uses_the_carried_catalog_alone()
    {
        var (catalog, diagnostics) = Load(Path.Combine(_work.FullName, "no-such-folder"));

        diagnostics.HasErrors.Should().BeFalse(string.Join("\n", diagnostics.Items));
        catalog!.Controls.Should().NotBeEmpty();
    }

    [Fact]
    public void An_identical_local_copy_of_a_carried_control_is_accepted_once()
    {
        var local = Directory.CreateDirectory(Path.Combine(_work.FullName, "templates"));
        CopyControl("deny-access-keys", local.FullName, "deny-access-keys");

        var (catalog, diagnostics) = Load(local.FullName);

        diagnostics.HasErrors.Should().BeFalse(string.Join("\n", diagnostics.Items));
        catalog!.Controls.Count(c => c.Id == "deny-access-keys").Should().Be(1);
    }

    [Fact]
    public void A_changed_local_copy_of_a_carried_control_is_refused_with_its_file()
    {
        var local = Directory.CreateDirectory(Path.Combine(_work.FullName, "templates"));
        var folder = CopyControl("deny-access-keys", local.FullName, "deny-access-keys");
        File.AppendAllText(Path.Combine(folder, "control.yaml"), "# changed\n");

        var (catalog, diagnostics) = Load(local.FullName);

        catalog.Should().BeNull();
        var error = diagnostics.Items.Should().ContainSingle(d => d.Code == DiagnosticCodes.ControlShadowsCarried.Id).Subject;
        error.Severity.Should().Be(Severity.Error);
        error.Location!.File.Should().Be("templates/deny-access-keys/control.yaml");
        error.Message.Should().Contain("deny-access-keys");
    }

    private static (ControlCatalog? Catalog, DiagnosticBag Diagnostics) Load(string local)
    {
        var diagnostics = new DiagnosticBag();
        var catalog = new ControlCatalogLoader(RepositoryRoot.Combine("templates")).Load(local, diagnostics);
        return (catalog, diagnostics);
    }

    // Copies a shipped control under a new id (rewriting its id line), as a team adapting one would.
    private static string CopyControl(string id, string root, string newId)
    {
        var source = Path.Combine(RepositoryRoot.Combine("templates"), id);
        var target = Directory.CreateDirectory(Path.Combine(root, newId)).FullName;
        foreach (var file in Directory.GetFiles(source))
        {
            if (newId == id)
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
                continue;
            }

            var text = File.ReadAllText(file);
            if (Path.GetFileName(file) == "control.yaml")
            {
                text = text.Replace($"id: {id}\n", $"id: {newId}\n", StringComparison.Ordinal);
            }

            File.WriteAllText(Path.Combine(target, Path.GetFileName(file)), text);
        }

        return target;
    }
}
