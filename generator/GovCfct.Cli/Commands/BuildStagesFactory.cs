using GovCfct.Core.Diagnostics;
using GovCfct.Core.Packaging;

namespace GovCfct.Cli.Commands;

/// <summary>
/// The production stages of <c>govcfct build</c>. The definition loader, catalog loader and renderer are wired here as
/// their stages land; until then each reports GCF9002 so the command fails clearly instead of writing a partial package.
/// </summary>
internal static class BuildStagesFactory
{
    public static BuildStages Create() => new(
        new Core.Definition.DefinitionLoader().Load,
        (dir, diagnostics) => Missing<Core.Catalog.ControlCatalog>("control catalog loader", dir, diagnostics),
        (control, _, diagnostics) => Missing<string>("template renderer", control.Id, diagnostics));

    private static T? Missing<T>(string stage, string subject, DiagnosticBag diagnostics)
        where T : class
    {
        diagnostics.Error(DiagnosticCodes.IoError, $"the {stage} is not part of this build of govcfct (needed for '{subject}')");
        return null;
    }
}
