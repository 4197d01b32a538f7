using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using GovCfct.Core.Catalog;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using GovCfct.Core.Yaml;

namespace GovCfct.Core.Rendering;

/// <summary>
/// Renders a Scriban control template with strict variables into normalized text (LF, no trailing whitespace,
/// one final newline). Parse and runtime errors become diagnostics pointing into the template; each template
/// is parsed once per renderer (keyed by path and text), because one build renders the same control for many OU groups.
/// </summary>
public sealed class TemplateRenderer
{
    private readonly ConcurrentDictionary<string, Template> _parsed = new(StringComparer.Ordinal);

    /// <summary>Renders <paramref name="control"/>; null when any error was reported.</summary>
    public string? Render(ControlDefinition control, RenderContext context, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var path = TemplatePath(control);
        if (control.Source != ControlSource.Scriban)
        {
            diagnostics.Report(DiagnosticCodes.TemplateNotScriban, $"control '{control.Id}' is synthesized from CDK ({control.CdkConstruct}), not rendered from a Scriban template", control.Location, "render it with the CDK synthesizer");
            return null;
        }

        var template = _parsed.GetOrAdd($"{path}\0{control.TemplateText}", _ => Template.Parse(control.TemplateText, path));
        if (template.HasErrors)
        {
            foreach (var message in template.Messages.Where(m => m.Type == ParserMessageType.Error))
            {
                diagnostics.Report(DiagnosticCodes.TemplateParseError, $"template does not parse: {message.Message}", At(path, message.Span), "fix the Scriban syntax at this position");
            }

            return null;
        }

        var parameters = ResolveParameters(control, context, diagnostics);
        if (parameters is null)
        {
            return null;
        }

        var model = new ScriptObject();
        var org = new ScriptObject
        {
            ["name"] = context.Organization.Name,
            ["home_region"] = context.Organization.HomeRegion,
            ["governed_regions"] = new ScriptArray(context.Organization.GovernedRegions),
            ["resource_prefix"] = context.Organization.ResourcePrefix,
        };
        model["org"] = org;
        model["params"] = parameters;
        model["name_suffix"] = context.NameSuffix;
        model["protected_principal_arns"] = new ScriptArray(context.ProtectedPrincipalArns);
        model.Import("json_string", new Func<object?, string>(TemplateFunctions.JsonString));
        model.Import("json_array", new Func<object?, string>(TemplateFunctions.JsonArray));

        var scriptContext = new TemplateContext
        {
            StrictVariables = true,
            EnableRelaxedMemberAccess = false,
            LoopLimit = 10_000,
            RecursiveLimit = 50,
            MemberRenamer = member => member.Name,
        };
        scriptContext.PushGlobal(model);

        string text;
        try
        {
            text = template.Render(scriptContext);
        }
        catch (ScriptRuntimeException ex)
        {
            diagnostics.Report(DiagnosticCodes.TemplateRuntimeError, $"template failed: {ex.OriginalMessage}", At(path, ex.Span), "use only org.*, params.<declared parameter>, protected_principal_arns and name_suffix");
            return null;
        }

        var normalized = Normalize(text);
        return Check(control, normalized, path, diagnostics) ? normalized : null;
    }

    /// <summary>The template's path as shown in diagnostics: beside its control.yaml.</summary>
    public static string TemplatePath(ControlDefinition control)
    {
        ArgumentNullException.ThrowIfNull(control);
        var file = control.Location.File;
        var slash = file.LastIndexOf('/');
        return slash < 0 ? control.TemplateFile : $"{file[..slash]}/{control.TemplateFile}";
    }

    /// <summary>LF line ends, no trailing whitespace, exactly one final newline: stable bytes for CfCT's change detection.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var builder = new StringBuilder(text.Length);
        foreach (var line in lines)
        {
            builder.Append(line.TrimEnd()).Append('\n');
        }

        var result = builder.ToString().TrimEnd('\n');
        return result.Length == 0 ? string.Empty : result + "\n";
    }

    private static SourceLocation At(string path, SourceSpan span) =>
        new(path, span.Start.Line + 1, span.Start.Column + 1);

    // Catalog defaults fill what the context leaves out, so a template sees every declared parameter.
    private static ScriptObject? ResolveParameters(ControlDefinition control, RenderContext context, DiagnosticBag diagnostics)
    {
        var result = new ScriptObject();
        var missing = false;
        foreach (var parameter in control.Parameters)
        {
            var value = context.Parameters.GetValueOrDefault(parameter.Name) ?? parameter.Default;
            if (value is null)
            {
                diagnostics.Report(DiagnosticCodes.RenderParameterMissing, $"control '{control.Id}' needs a value for parameter '{parameter.Name}'", control.Location, $"set '{parameter.Name}' in the definition (organization parameters, the OU or the assignment)");
                missing = true;
                continue;
            }

            if (ParameterValueChecker.Check(parameter, value) is { } problem)
            {
                diagnostics.Report(DiagnosticCodes.RenderParameterInvalid, $"control '{control.Id}' parameter '{parameter.Name}': {problem}", value.Location ?? control.Location, "fix the value in the definition; the catalog declares what it accepts (govcfct controls)");
                missing = true;
                continue;
            }

            result[parameter.Name] = parameter.Type == ParameterType.List ? new ScriptArray(value.Items) : value.Scalar;
        }

        return missing ? null : result;
    }

    private static bool Check(ControlDefinition control, string text, string path, DiagnosticBag diagnostics) =>
        control.Kind == ControlKind.StackSet ? CheckStackSet(control, text, path, diagnostics) : CheckPolicy(text, path, diagnostics);

    private static bool CheckPolicy(string text, string path, DiagnosticBag diagnostics)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("Version", out var version) && version.ValueKind == JsonValueKind.String
                && root.TryGetProperty("Statement", out var statements) && statements.ValueKind == JsonValueKind.Array
                && statements.EnumerateArray().All(s => s.ValueKind == JsonValueKind.Object))
            {
                return true;
            }

            diagnostics.Report(DiagnosticCodes.RenderedPolicyInvalid, "rendered policy must be one object with \"Version\" and a \"Statement\" array of objects", new SourceLocation(path, 1, 1), "render {\"Version\":\"2012-10-17\",\"Statement\":[...]}");
            return false;
        }
        catch (JsonException ex)
        {
            diagnostics.Report(DiagnosticCodes.RenderedPolicyInvalid, $"rendered policy is not valid JSON: {ex.Message}", new SourceLocation(path, 1, 1), "use json_string and json_array for values; check commas between statements");
            return false;
        }
    }

    // The packager passes every non-list parameter through the manifest; CloudFormation rejects unknown ones.
    private static bool CheckStackSet(ControlDefinition control, string text, string path, DiagnosticBag diagnostics)
    {
        var document = TemplateYaml.Read(text);
        if (document.Error is { } ex)
        {
            diagnostics.Report(DiagnosticCodes.RenderedTemplateInvalid, $"rendered template is not valid YAML (rendered line {ex.Start.Line}): {ex.Message}", new SourceLocation(path, 1, 1), "check indentation produced by loops and conditions");
            return false;
        }

        if (document.Root is not { } root
            || !root.Children.TryGetValue(new YamlScalarNode("Resources"), out var resources) || resources is not YamlMappingNode)
        {
            diagnostics.Report(DiagnosticCodes.RenderedTemplateInvalid, "rendered template has no 'Resources' mapping", new SourceLocation(path, 1, 1), "a CloudFormation template needs at least one resource");
            return false;
        }

        var cfnParameters = root.Children.TryGetValue(new YamlScalarNode("Parameters"), out var node) && node is YamlMappingNode parameters
            ? parameters.Children.Where(p => p.Key is YamlScalarNode).ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => p.Value, StringComparer.Ordinal)
            : [];
        var declared = cfnParameters.Keys.ToHashSet(StringComparer.Ordinal);
        var ok = true;

        // The packager passes only catalog parameters; a CloudFormation parameter without a default and without a
        // catalog parameter of the same name would make every stack instance fail to create.
        var scalarNames = control.Parameters.Where(p => p.Type != ParameterType.List).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, definition) in cfnParameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var hasDefault = definition is YamlMappingNode map && map.Children.ContainsKey(new YamlScalarNode("Default"));
            if (!hasDefault && !scalarNames.Contains(name))
            {
                diagnostics.Report(DiagnosticCodes.StackSetParameterUndeclared, $"CloudFormation parameter '{name}' has no Default and no catalog parameter of the same name", new SourceLocation(path, 1, 1), $"declare '{name}' in control.yaml or give it a Default");
                ok = false;
            }
        }

        foreach (var parameter in control.Parameters.Where(p => p.Type != ParameterType.List && !declared.Contains(p.Name)))
        {
            diagnostics.Report(DiagnosticCodes.StackSetParameterMissing, $"stack-set template does not declare CloudFormation parameter '{parameter.Name}'", new SourceLocation(path, 1, 1), $"add '{parameter.Name}' under Parameters (non-list parameters are passed through the manifest)");
            ok = false;
        }

        return ok;
    }
}
