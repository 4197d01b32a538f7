namespace GovCfct.Cli.Commands;

/// <summary>The production stages of <c>govcfct build</c>: the definition loader, the catalog loader and the Scriban renderer.</summary>
internal static class BuildStagesFactory
{
    public static Core.Packaging.BuildStages Create() => new(
        new Core.Definition.DefinitionLoader().Load,
        new Core.Catalog.ControlCatalogLoader().Load,
        new Core.Rendering.TemplateRenderer().Render);
}
