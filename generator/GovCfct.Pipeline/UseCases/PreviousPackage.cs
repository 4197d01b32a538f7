using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Pipeline.UseCases;

/// <summary>Where plan and replay read the previously published package from; the one place that chooses.</summary>
public static class PreviousPackage
{
    /// <summary>
    /// A folder holding a definition (organization.yaml) is built in memory through the pipeline; any other folder is read
    /// as a package; anything else is a git revision (REF or REF:folder) of <paramref name="repository"/>.
    /// </summary>
    public static CfctPackage? Read(BuildPipeline pipeline, string previous, string repository, string templates, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        if (Directory.Exists(previous))
        {
            return File.Exists(Path.Combine(previous, "organization.yaml"))
                ? Build(pipeline, previous, templates, diagnostics)
                : CfctPackage.Read(previous, previous, diagnostics);
        }

        var git = new GitCliReader(repository);
        if (DefinitionAtRevision(git, previous) is { } definition)
        {
            return BuildAtRevision(pipeline, git, definition.Revision, definition.Folder, definition.Files, diagnostics);
        }

        return PackageFolder.ReadGitRevision(git, previous, diagnostics) is { } files ? CfctPackage.Read(files, diagnostics) : null;
    }

    /// <summary>
    /// REF:folder naming a definition (a folder holding organization.yaml) at a git revision: a governance repository
    /// keeps its definition in git and its built package out of it (init's .gitignore ignores out/), so the previous
    /// package is the definition as it was, built in memory. Null when the reference names no such folder.
    /// </summary>
    private static (string Revision, string Folder, IReadOnlyList<string> Files)? DefinitionAtRevision(GitCliReader git, string reference)
    {
        var colon = reference.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return null;
        }

        var revision = reference[..colon];
        var folder = reference[(colon + 1)..].Trim('/');
        try
        {
            var files = git.ListFiles(revision, folder);
            return files.Contains("organization.yaml") ? (revision, folder, files) : null;
        }
        catch (GitReaderException)
        {
            // The package reader reports the reference git cannot read, with its own words.
            return null;
        }
    }

    /// <summary>
    /// The definition at <paramref name="revision"/> with the templates/ beside it at the same revision (the organization's
    /// own controls as they were), written to a temporary folder and built by the same pipeline as <c>govcfct build</c>.
    /// </summary>
    private static CfctPackage? BuildAtRevision(BuildPipeline pipeline, GitCliReader git, string revision, string folder, IReadOnlyList<string> files, DiagnosticBag diagnostics)
    {
        var staging = Directory.CreateTempSubdirectory("govcfct-previous-");
        try
        {
            var definition = Path.Combine(staging.FullName, "manifest");
            Extract(git, revision, folder, files, definition);
            var templatesFolder = (folder.Contains('/', StringComparison.Ordinal) ? folder[..(folder.LastIndexOf('/') + 1)] : string.Empty) + "templates";
            var templates = Path.Combine(staging.FullName, "templates");
            Directory.CreateDirectory(templates);
            try
            {
                Extract(git, revision, templatesFolder, git.ListFiles(revision, templatesFolder), templates);
            }
            catch (GitReaderException)
            {
                // No templates/ at that revision: the catalog the tool carries alone.
            }

            var built = new DiagnosticBag();
            var package = Build(pipeline, definition, templates, built);
            // A finding in a file of the definition names it at the revision (v42:manifest/ous/a.yaml); others (generated files) stay as they are.
            diagnostics.AddRange(built.Items.Select(d => d.Location is { } at && files.Contains(at.File.Replace('\\', '/')) ? d with { Location = at with { File = $"{revision}:{folder}/{at.File.Replace('\\', '/')}" } } : d));
            return package;
        }
        finally
        {
            staging.Delete(recursive: true);
        }
    }

    private static void Extract(GitCliReader git, string revision, string folder, IEnumerable<string> files, string target)
    {
        foreach (var file in files)
        {
            var path = Path.Combine(target, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, git.ReadFile(revision, folder.Length == 0 ? file : folder + "/" + file));
        }
    }

    /// <summary>The package of a definition folder, built in memory; null with diagnostics when it does not load or build.</summary>
    public static CfctPackage? Build(BuildPipeline pipeline, string definition, string templates, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        var loaded = pipeline.LoadDefinition(definition, diagnostics);
        return loaded is null || diagnostics.HasErrors ? null : pipeline.Build(loaded, templates, diagnostics).Package;
    }
}
