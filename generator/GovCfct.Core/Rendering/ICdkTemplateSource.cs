using GovCfct.Core.Catalog;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Core.Rendering;

/// <summary>
/// Turns catalog controls with <c>source: cdk</c> into CloudFormation template text. Core only knows this
/// seam so that it never depends on jsii/node; GovCfct.Cdk implements it. All requests of one build come in
/// one call so the implementation can synthesize them in a single node process.
/// </summary>
public interface ICdkTemplateSource
{
    /// <summary>Template text per control id; failures are reported into <paramref name="diagnostics"/>.</summary>
    IReadOnlyDictionary<string, string> Synthesize(IReadOnlyList<(ControlDefinition Control, RenderContext Context)> requests, DiagnosticBag diagnostics);
}
