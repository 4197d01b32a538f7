using GovCfct.Core.Catalog;
using GovCfct.Core.Definition;
using GovCfct.Core.Packaging;
using GovCfct.Core.Policies;
using GovCfct.Core.Rendering;

namespace GovCfct.Cli.Commands;

/// <summary>The production stages of <c>govcfct build</c>: the loaders, the Scriban renderer, the statement-merging packer, the lockout and escalation checks and the alert-protection check.</summary>
internal static class BuildStagesFactory
{
    public static BuildStages Create()
    {
        var renderer = new TemplateRenderer();
        return new BuildStages(new DefinitionLoader().Load, new ControlCatalogLoader().Load, renderer.Render)
        {
            Packer = PackagingAdapters.Pack,
            LockoutCheck = PackagingAdapters.LockoutCheck,
            EscalationCheck = PackagingAdapters.EscalationCheck,
            ProtectionCheck = PackagingAdapters.ProtectionCheck,

            // CDK controls: one synth per build, cached under the working folder so unchanged builds never start node.
            CdkSource = new Cdk.Synthesis.CdkSynthesizer(new Cdk.Synthesis.CdkSynthesizerOptions(Path.GetFullPath(Cdk.Synthesis.CdkSynthesizerOptions.DefaultCacheFolder))),
        };
    }
}
