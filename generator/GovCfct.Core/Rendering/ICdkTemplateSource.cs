using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using GovCfct.Core.Catalog;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Core.Rendering;

/// <summary>
/// Turns CDK-authored stack-set controls into plain CloudFormation text. One call per build with every request, so
/// an implementation can synthesize once (a synth costs seconds). Results are keyed by <see cref="CdkTemplateRequest.KeyOf"/>;
/// a missing key means the request failed and a diagnostic was added.
/// </summary>
public interface ICdkTemplateSource
{
    IReadOnlyDictionary<string, string> Synthesize(
        IReadOnlyList<(ControlDefinition Control, RenderContext Context)> requests,
        DiagnosticBag diagnostics);
}

/// <summary>The key of one CDK synthesis request: the control id plus a hash of its resolved parameter values.</summary>
public static class CdkTemplateRequest
{
    /// <summary><c>&lt;control-id&gt;#&lt;16 hex&gt;</c>; equal for equal parameter values, so one synth serves every OU group with them.</summary>
    public static string KeyOf(ControlDefinition control, RenderContext context)
    {
        var text = new StringBuilder();
        foreach (var (name, value) in context.Parameters)
        {
            text.Append(name).Append('\u001e').Append((int)value.Kind).Append('\u001e').Append(value.Canonical).Append('\u001f');
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        return control.Id + "#" + Convert.ToHexStringLower(hash.AsSpan(0, 8));
    }

    /// <summary>Empty request list helper for callers with nothing to synthesize.</summary>
    public static ImmutableArray<(ControlDefinition Control, RenderContext Context)> None { get; } = [];
}
