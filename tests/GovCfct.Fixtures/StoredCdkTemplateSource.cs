using System.Text;
using GovCfct.Core.Catalog;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Rendering;

namespace GovCfct.Fixtures;

/// <summary>
/// Stands in for CDK synthesis in benchmarks and scale tests: returns stored CloudFormation text per request (one small
/// template per control declaring its non-list parameters), so a build measures GovCfct and not node.
/// </summary>
public sealed class StoredCdkTemplateSource : ICdkTemplateSource
{
    public IReadOnlyDictionary<string, string> Synthesize(IReadOnlyList<(ControlDefinition Control, RenderContext Context)> requests, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (control, context) in requests)
        {
            result[CdkTemplateRequest.KeyOf(control, context)] = TemplateOf(control);
        }

        return result;
    }

    /// <summary>The stored text: parameters as CloudFormation parameters (the catalog's contract) and one SNS topic.</summary>
    public static string TemplateOf(ControlDefinition control)
    {
        ArgumentNullException.ThrowIfNull(control);
        var text = new StringBuilder();
        text.Append("AWSTemplateFormatVersion: '2010-09-09'\n");
        text.Append("Description: ").Append(control.Id).Append(" (stored template for benchmarks)\n");
        var parameters = control.Parameters.Where(p => p.Type != ParameterType.List).ToList();
        if (parameters.Count > 0)
        {
            text.Append("Parameters:\n");
            foreach (var parameter in parameters)
            {
                text.Append("  ").Append(parameter.Name).Append(":\n    Type: String\n");
            }
        }

        text.Append("Resources:\n  AlertTopic:\n    Type: AWS::SNS::Topic\n");
        return text.ToString();
    }
}
