using System.Text.Json;
using System.Text.RegularExpressions;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Packaging;
using YamlDotNet.RepresentationModel;

namespace GovCfct.Core.Validation.Rules;

/// <summary>
/// Parameters as CfCT really passes them: with both <c>parameters</c> and <c>parameter_file</c> neither is read;
/// yorm turns unquoted 0/null/lists into other strings; values with commas are split and re-joined (issue #135);
/// CloudFormation rejects undeclared parameters and missing ones without a default; <c>$[...]</c> tokens must be
/// whole values and known keywords (an unknown one, such as alfred_genuuid, becomes its literal name).
/// </summary>
internal sealed partial class ParameterRule : IValidationRule
{
    public IReadOnlyList<string> Codes { get; } =
    [
        DiagnosticCodes.ParametersAndParameterFile, DiagnosticCodes.ParameterValueConverted, DiagnosticCodes.ParameterValueComma,
        DiagnosticCodes.ParameterNotDeclared, DiagnosticCodes.ParameterNotSupplied, DiagnosticCodes.ParameterTokenSyntax,
        DiagnosticCodes.ParameterTokenUnknown, DiagnosticCodes.ParameterOnPolicy,
    ];

    public void Check(PackageContext context, DiagnosticBag diagnostics)
    {
        foreach (var node in context.Manifest.Resources)
        {
            var inline = node.Child("parameters") as YamlSequenceNode;
            var fileNode = node.Child("parameter_file") as YamlScalarNode;
            var hasFile = fileNode is not null && !string.IsNullOrEmpty(fileNode.Value);
            if (inline is not null && hasFile)
            {
                diagnostics.Error(DiagnosticCodes.ParametersAndParameterFile, "the resource has both 'parameters' and 'parameter_file'; CfCT then passes neither and the stack set gets no parameters", context.Manifest.At(fileNode!), "keep one of them");
            }

            if (node.Resource is { DeployMethod: not DeployMethod.StackSet } && (inline is not null || hasFile))
            {
                var at = context.Manifest.At((YamlNode?)inline ?? fileNode!);
                diagnostics.Warning(DiagnosticCodes.ParameterOnPolicy, "parameters are ignored for scp and rcp resources", at, "remove them");
            }

            var supplied = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
            foreach (var item in inline?.Children.OfType<YamlMappingNode>() ?? [])
            {
                if (ManifestReadResult.Child(item, "parameter_key") is YamlScalarNode key && !string.IsNullOrEmpty(key.Value))
                {
                    supplied.TryAdd(key.Value, context.Manifest.At(key));
                }

                if (ManifestReadResult.Child(item, "parameter_value") is { } value)
                {
                    CheckInlineValue(context, value, diagnostics);
                }
            }

            if (hasFile && inline is null)
            {
                ReadParameterFile(context, fileNode!.Value!.Trim(), supplied, diagnostics);
            }

            foreach (var output in ManifestReader.Items(node.Node, "export_outputs").OfType<YamlMappingNode>())
            {
                if (ManifestReadResult.Child(output, "value") is YamlScalarNode v && (v.Value ?? string.Empty).Contains("$[", StringComparison.Ordinal) && !OutputToken().IsMatch(v.Value!))
                {
                    diagnostics.Error(DiagnosticCodes.ParameterTokenSyntax, $"export_outputs value '{v.Value}' must be a whole $[output_<OutputKey>] token", context.Manifest.At(v), "write $[output_MyOutputKey]");
                }
            }

            if (node.Resource is { DeployMethod: DeployMethod.StackSet } resource && !(inline is not null && hasFile))
            {
                CheckAgainstTemplate(context, resource, supplied, inline is null && !hasFile ? context.Manifest.At(node.Node) : null, diagnostics);
            }
        }
    }

    private static void CheckAgainstTemplate(PackageContext context, ManifestResource resource, Dictionary<string, SourceLocation> supplied, SourceLocation? resourceAt, DiagnosticBag diagnostics)
    {
        if (context.Template(resource.ResourceFile) is not { Error: null } template || !template.LooksLikeTemplate)
        {
            return;
        }

        foreach (var (key, at) in supplied.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!template.Parameters.ContainsKey(key))
            {
                diagnostics.Error(DiagnosticCodes.ParameterNotDeclared, $"parameter '{key}' is not declared by {PackageContext.Normalize(resource.ResourceFile)}; CloudFormation rejects the stack set", at, "remove it or declare it in the template's Parameters");
            }
        }

        foreach (var parameter in template.Parameters.Values.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            if (!parameter.HasDefault && !supplied.ContainsKey(parameter.Name))
            {
                diagnostics.Error(DiagnosticCodes.ParameterNotSupplied, $"template parameter '{parameter.Name}' has no Default and resource '{resource.Name}' does not supply it", resourceAt ?? resource.Location, "add it to the resource's parameters");
            }
        }
    }

    private static void CheckInlineValue(PackageContext context, YamlNode value, DiagnosticBag diagnostics)
    {
        var at = context.Manifest.At(value);
        if (value is YamlSequenceNode seq)
        {
            diagnostics.Error(DiagnosticCodes.ParameterValueConverted, $"parameter_value is a YAML list; CfCT turns it into '{ManifestReader.ParameterValue(seq)}' and then splits it on commas", at, "write one quoted string, e.g. \"a,b\"");
            return;
        }

        if (value is not YamlScalarNode scalar)
        {
            diagnostics.Error(DiagnosticCodes.ParameterValueConverted, "parameter_value is a mapping; CfCT turns it into an empty string", at, "write one quoted string");
            return;
        }

        var kind = YamlScalars.Resolve(scalar);
        if (kind != YamlScalarKind.String)
        {
            var becomes = YamlScalars.AsYormString(scalar);
            var text = scalar.Value ?? string.Empty;
            if (becomes != text)
            {
                diagnostics.Error(DiagnosticCodes.ParameterValueConverted, $"parameter_value {(text.Length == 0 ? "(empty)" : text)} is {YamlScalars.KindName(kind)} in YAML; CfCT passes '{becomes}'", at, $"quote it: \"{text}\"");
            }
            else
            {
                diagnostics.Warning(DiagnosticCodes.ParameterValueConverted, $"parameter_value {text} is {YamlScalars.KindName(kind)} in YAML, not a string", at, $"quote it: \"{text}\"");
            }
        }

        CheckText(scalar.Value ?? string.Empty, at, diagnostics);
    }

    private static void ReadParameterFile(PackageContext context, string path, Dictionary<string, SourceLocation> supplied, DiagnosticBag diagnostics)
    {
        if (PackageContext.IsRemote(path) || context.ReadText(path) is not { } text)
        {
            return;
        }

        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
            {
                return;
            }

            foreach (var item in doc.RootElement.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object))
            {
                if (!item.TryGetProperty("ParameterKey", out var key) || key.ValueKind != JsonValueKind.String)
                {
                    continue;
                }

                var name = key.GetString()!;
                var at = context.At(path, LineOf(text, $"\"{name}\""), 1);
                supplied.TryAdd(name, at);
                if (item.TryGetProperty("ParameterValue", out var value) && value.ValueKind == JsonValueKind.String)
                {
                    CheckText(value.GetString()!, at, diagnostics);
                }
            }
        }
        catch (JsonException)
        {
            // Reported by the file rule.
        }
    }

    private static int LineOf(string text, string needle)
    {
        var i = text.IndexOf(needle, StringComparison.Ordinal);
        return i < 0 ? 1 : text.AsSpan(0, i).Count('\n') + 1;
    }

    /// <summary>Commas and $[...] tokens, for inline values and parameter-file values alike.</summary>
    private static void CheckText(string text, SourceLocation at, DiagnosticBag diagnostics)
    {
        if (text.Contains(',', StringComparison.Ordinal))
        {
            var rejoined = string.Join(",", text.Split(',').Select(s => s.Trim()));
            if (rejoined != text)
            {
                diagnostics.Error(DiagnosticCodes.ParameterValueComma, $"CfCT splits '{text}' on commas and passes '{rejoined}'", at, "remove the spaces around the commas or avoid commas");
            }
            else
            {
                diagnostics.Warning(DiagnosticCodes.ParameterValueComma, $"CfCT splits '{text}' on commas; the stack set then looks changed and is updated on every pipeline run", at, "avoid commas in parameter values where you can");
            }
        }

        if (!text.Contains("$[", StringComparison.Ordinal))
        {
            return;
        }

        foreach (var element in text.Split(',').Select(s => s.Trim()).Where(s => s.Contains("$[", StringComparison.Ordinal) || s.Contains(']', StringComparison.Ordinal)))
        {
            if (!element.StartsWith("$[", StringComparison.Ordinal) || !element.EndsWith(']') || element.IndexOf("$[", 1, StringComparison.Ordinal) > 0)
            {
                diagnostics.Error(DiagnosticCodes.ParameterTokenSyntax, $"'{element}' is not a whole $[...] token; CfCT only replaces a token that is the entire value (or a whole comma-separated element)", at, "write the token alone, e.g. $[alfred_ssm_/org/name]");
                continue;
            }

            var keyword = element[2..^1];
            if (keyword == "alfred_ssm_" || (keyword.StartsWith("alfred_ssm_", StringComparison.Ordinal) && keyword.Length == "alfred_ssm_".Length))
            {
                diagnostics.Error(DiagnosticCodes.ParameterTokenSyntax, "$[alfred_ssm_] names no SSM parameter; CfCT fails the stage", at, "write $[alfred_ssm_/path/to/parameter]");
            }
            else if (!KnownToken().IsMatch(keyword))
            {
                diagnostics.Error(DiagnosticCodes.ParameterTokenUnknown, $"'{element}' is not a CfCT token; CfCT passes the literal text '{keyword}'", at, "use $[alfred_ssm_<name>], $[alfred_genkeypair], $[alfred_genpass_<N>] or $[alfred_genaz_<N>]");
            }
        }
    }

    [GeneratedRegex(@"^\$\[output_[A-Za-z0-9]+\]$")]
    private static partial Regex OutputToken();

    [GeneratedRegex(@"^(alfred_ssm_.+|alfred_genkeypair|alfred_genpass(_[0-9]+)?|alfred_genaz(_[0-9]+)?)$")]
    private static partial Regex KnownToken();
}
