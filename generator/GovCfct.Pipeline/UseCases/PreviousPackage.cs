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

        return PackageFolder.ReadGitRevision(new GitCliReader(repository), previous, diagnostics) is { } files ? CfctPackage.Read(files, diagnostics) : null;
    }

    /// <summary>The package of a definition folder, built in memory; null with diagnostics when it does not load or build.</summary>
    public static CfctPackage? Build(BuildPipeline pipeline, string definition, string templates, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        var loaded = pipeline.LoadDefinition(definition, diagnostics);
        return loaded is null || diagnostics.HasErrors ? null : pipeline.Build(loaded, templates, diagnostics).Package;
    }
}
