using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Packaging;
using YamlDotNet.RepresentationModel;
using GovCfct.Core.Yaml;

namespace GovCfct.Core.Validation.Rules;

/// <summary>
/// Parameters as CfCT really passes them: with both <c>parameters</c> and <c>parameter_file</c> neither is read;
/// yorm turns unquoted 0/null/lists into other strings; values with commas are split and re-joined (issue #135);
/// CloudFormation rejects undeclared parameters and missing ones without a default; <c>$[...]</c> tokens must be
/// whole values and known keywords (an unknown one, such as alfred_genuuid, becomes its literal name).
/// </summary>
internal sealed partial class ParameterRule : IValidationRule
{
    public IReadOnlyList<DiagnosticDescriptor> Codes { get; } =
    [
        DiagnosticCodes.ParametersAndParameterFile, DiagnosticCodes.ParameterValueConverted, DiagnosticCodes.ParameterValueComma,
        DiagnosticCodes.ParameterNotDeclared, DiagnosticCodes.ParameterNotSupplied, DiagnosticCodes.ParameterTokenSyntax,
        DiagnosticCodes.ParameterTokenUnknown, DiagnosticCodes.ParameterOnPolicy, DiagnosticCodes.ParameterValueSplit,
        DiagnosticCodes.ParameterValueRejected, DiagnosticCodes.ExportOutputUndeclared, DiagnosticCodes.PlaceholderLeft,
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
                diagnostics.Report(DiagnosticCodes.ParametersAndParameterFile, "the resource has both 'parameters' and 'parameter_file'; CfCT then passes neither and the stack set gets no parameters", context.Manifest.At(fileNode!), "keep one of them");
            }

            if (node.Resource is { DeployMethod: not DeployMethod.StackSet } && (inline is not null || hasFile))
            {
                var at = context.Manifest.At((YamlNode?)inline ?? fileNode!);
                diagnostics.Report(DiagnosticCodes.ParameterOnPolicy, "parameters are ignored for scp and rcp resources", at, "remove them");
            }

            var template = node.Resource is { DeployMethod: DeployMethod.StackSet } stackSet
                && context.Template(stackSet.ResourceFile) is { Error: null, LooksLikeTemplate: true } t
                ? t
                : null;
            var supplied = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
            foreach (var item in inline?.Children.OfType<YamlMappingNode>() ?? [])
            {
                var key = ManifestReadResult.Child(item, "parameter_key") is YamlScalarNode k && !string.IsNullOrEmpty(k.Value) ? k : null;
                if (key is not null)
                {
                    supplied.TryAdd(key.Value!, context.Manifest.At(key));
                }

                if (ManifestReadResult.Child(item, "parameter_value") is { } value)
                {
                    var declared = key is not null && template is not null ? template.Parameters.GetValueOrDefault(key.Value!) : null;
                    CheckInlineValue(context, value, declared, diagnostics);
                }
            }

            if (hasFile && inline is null)
            {
                ReadParameterFile(context, fileNode!.Value!.Trim(), template, supplied, diagnostics);
            }

            CheckExports(context, node, template, diagnostics);

            if (node.Resource is { DeployMethod: DeployMethod.StackSet } resource && template is not null && !(inline is not null && hasFile))
            {
                CheckAgainstTemplate(resource, template, supplied, inline is null && !hasFile ? context.Manifest.At(node.Node) : null, diagnostics);
            }
        }
    }

    /// <summary>
    /// export_outputs values: a whole <c>$[output_Key]</c> token naming an output the template declares. CfCT looks the
    /// key up lower-cased among the stack instance's outputs; a missing one is logged and the SSM parameter is never
    /// written (state_machine_handler.py), so later <c>$[alfred_ssm_...]</c> readers fail or read a stale value.
    /// </summary>
    private static void CheckExports(PackageContext context, ResourceNode node, CfnTemplate? template, DiagnosticBag diagnostics)
    {
        foreach (var output in (node.Child("export_outputs") as YamlSequenceNode)?.Children.OfType<YamlMappingNode>() ?? [])
        {
            if (ManifestReadResult.Child(output, "value") is not YamlScalarNode v || string.IsNullOrEmpty(v.Value))
            {
                continue;
            }

            var match = OutputToken().Match(v.Value);
            if (!match.Success)
            {
                if (v.Value.Contains("$[", StringComparison.Ordinal))
                {
                    diagnostics.Report(DiagnosticCodes.ParameterTokenSyntax, $"export_outputs value '{v.Value}' must be a whole $[output_<OutputKey>] token", context.Manifest.At(v), "write $[output_MyOutputKey]");
                }

                continue;
            }

            var key = match.Groups["key"].Value;
            if (template?.Outputs is { } outputs && !outputs.Any(o => string.Equals(o, key, StringComparison.OrdinalIgnoreCase)))
            {
                var declared = outputs.IsEmpty ? "it declares no Outputs" : $"it declares {string.Join(", ", outputs.Order(StringComparer.Ordinal).Take(10))}{(outputs.Count > 10 ? ", ..." : string.Empty)}";
                diagnostics.Report(DiagnosticCodes.ExportOutputUndeclared, $"export_outputs names output '{key}', which {PackageContext.Normalize(node.Resource?.ResourceFile ?? string.Empty)} does not declare ({declared}); CfCT finds no such output and never writes the SSM parameter", context.Manifest.At(v), "name an output of the template, or add the output to the template");
            }
        }
    }

    private static void CheckAgainstTemplate(ManifestResource resource, CfnTemplate template, Dictionary<string, SourceLocation> supplied, SourceLocation? resourceAt, DiagnosticBag diagnostics)
    {
        foreach (var (key, at) in supplied.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!template.Parameters.ContainsKey(key))
            {
                diagnostics.Report(DiagnosticCodes.ParameterNotDeclared, $"parameter '{key}' is not declared by {PackageContext.Normalize(resource.ResourceFile)}; CloudFormation rejects the stack set", at, "remove it or declare it in the template's Parameters");
            }
        }

        foreach (var parameter in template.Parameters.Values.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            if (!parameter.HasDefault && !supplied.ContainsKey(parameter.Name))
            {
                diagnostics.Report(DiagnosticCodes.ParameterNotSupplied, $"template parameter '{parameter.Name}' has no Default and resource '{resource.Name}' does not supply it", resourceAt ?? resource.Location, "add it to the resource's parameters");
            }
        }
    }

    private static void CheckInlineValue(PackageContext context, YamlNode value, CfnParameter? declared, DiagnosticBag diagnostics)
    {
        var at = context.Manifest.At(value);
        if (value is YamlSequenceNode seq)
        {
            diagnostics.Report(DiagnosticCodes.ParameterValueConverted, $"parameter_value is a YAML list; CfCT turns it into '{ManifestReader.ParameterValue(seq)}' and then splits it on commas", at, "write one quoted string, e.g. \"a,b\"");
            return;
        }

        if (value is not YamlScalarNode scalar)
        {
            diagnostics.Report(DiagnosticCodes.ParameterValueConverted, "parameter_value is a mapping; CfCT turns it into an empty string", at, "write one quoted string");
            return;
        }

        var kind = YamlScalars.Resolve(scalar);
        var text = scalar.Value ?? string.Empty;
        var becomes = YamlScalars.AsYormString(scalar);
        if (kind != YamlScalarKind.String && becomes != text)
        {
            // Only a value yorm really changes is a problem: 0, null, empty, yes/no/on/off, octal. 42 stays "42".
            diagnostics.Report(DiagnosticCodes.ParameterValueConverted, $"parameter_value {(text.Length == 0 ? "(empty)" : text)} is {YamlScalars.KindName(kind)} in YAML; CfCT passes '{becomes}'", at, $"quote it: \"{text}\"");
        }

        CheckText(becomes, at, declared, diagnostics);
    }

    private static void ReadParameterFile(PackageContext context, string path, CfnTemplate? template, Dictionary<string, SourceLocation> supplied, DiagnosticBag diagnostics)
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
                    CheckText(value.GetString()!, at, template?.Parameters.GetValueOrDefault(name), diagnostics);
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

    /// <summary>Placeholders, commas, $[...] tokens and the template's constraints, for inline and parameter-file values alike.</summary>
    private static void CheckText(string text, SourceLocation at, CfnParameter? declared, DiagnosticBag diagnostics)
    {
        if (Placeholders.Find(text) is { } placeholder)
        {
            diagnostics.Report(DiagnosticCodes.PlaceholderLeft, $"the value '{Placeholders.Shorten(text)}' still holds the placeholder '{placeholder}'; CfCT and CloudFormation pass it on literally", at, "replace the placeholder with the real value");
            return;
        }

        var passed = text;
        if (text.Contains(',', StringComparison.Ordinal))
        {
            passed = string.Join(",", text.Split(',').Select(s => s.Trim()));
            if (passed != text && declared?.IsList != true)
            {
                diagnostics.Report(DiagnosticCodes.ParameterValueComma, $"CfCT splits '{text}' on commas and passes '{passed}'{(declared is null ? string.Empty : $" to the {declared.Type} parameter")}", at, "remove the spaces around the commas or avoid commas");
            }
            else
            {
                var same = passed != text ? $" (for the {declared!.Type} parameter it is the same list)" : string.Empty;
                diagnostics.Report(DiagnosticCodes.ParameterValueSplit, $"CfCT splits '{text}' on commas{same}; the stack set then looks changed and is updated on every pipeline run", at, "avoid commas in parameter values where you can");
            }
        }

        var hasToken = false;
        foreach (var element in passed.Split(','))
        {
            if (ForeignToken().IsMatch(element))
            {
                hasToken = true;
                diagnostics.Report(DiagnosticCodes.ParameterTokenUnknown, $"'{element}' looks like a substitution token, but CfCT knows only $[alfred_...] tokens; it passes the text unchanged", at, "use $[alfred_ssm_<name>] to read an SSM parameter, or write the value itself");
            }
            else if (element.Contains("$[", StringComparison.Ordinal))
            {
                hasToken |= CheckToken(element, at, diagnostics);
            }
        }

        if (declared is not null && !hasToken)
        {
            CheckConstraints(passed, at, declared, diagnostics);
        }
    }

    /// <summary>Returns true when the element is a token (whatever CfCT makes of it, the literal value is not what CloudFormation sees).</summary>
    private static bool CheckToken(string element, SourceLocation at, DiagnosticBag diagnostics)
    {
        if (!element.StartsWith("$[", StringComparison.Ordinal) || !element.EndsWith(']') || element.IndexOf("$[", 1, StringComparison.Ordinal) > 0)
        {
            diagnostics.Report(DiagnosticCodes.ParameterTokenSyntax, $"'{element}' is not a whole $[...] token; CfCT only replaces a token that is the entire value (or a whole comma-separated element)", at, "write the token alone, e.g. $[alfred_ssm_/org/name]");
            return true;
        }

        var keyword = element[2..^1];
        if (keyword == "alfred_ssm_")
        {
            diagnostics.Report(DiagnosticCodes.ParameterTokenSyntax, "$[alfred_ssm_] names no SSM parameter; CfCT fails the stage", at, "write $[alfred_ssm_/path/to/parameter]");
        }
        else if (!KnownToken().IsMatch(keyword))
        {
            diagnostics.Report(DiagnosticCodes.ParameterTokenUnknown, $"'{element}' is not a CfCT token; CfCT passes the literal text '{keyword}'", at, "use $[alfred_ssm_<name>], $[alfred_genkeypair], $[alfred_genpass_<N>] or $[alfred_genaz_<N>]");
        }

        return true;
    }

    /// <summary>
    /// What CloudFormation checks before it creates a stack (AWS docs, parameters-section-structure): Number and
    /// List&lt;Number&gt; values are numbers; a String value is in AllowedValues, fully matches AllowedPattern and has
    /// Min/MaxLength characters; a Number is within Min/MaxValue. List types are checked element by element for numbers only.
    /// </summary>
    private static void CheckConstraints(string value, SourceLocation at, CfnParameter declared, DiagnosticBag diagnostics)
    {
        var c = declared.Constraints;
        void Fail(string what) => diagnostics.Report(DiagnosticCodes.ParameterValueRejected, $"value '{Placeholders.Shorten(value)}' for parameter '{declared.Name}' {what}; CloudFormation refuses it (\"Parameter '{declared.Name}' ...\") and the stack set operation fails", at, "pass a value the template's parameter accepts");
        if (declared.Type == "List<Number>")
        {
            var bad = value.Split(',').FirstOrDefault(e => !IsNumber(e));
            if (bad is not null)
            {
                Fail($"has '{bad}', which is not a number (the type is List<Number>)");
            }

            return;
        }

        if (declared.IsList || declared.Type.StartsWith("AWS::", StringComparison.Ordinal))
        {
            return;
        }

        if (declared.Type == "Number")
        {
            if (!IsNumber(value))
            {
                Fail("is not a number (the type is Number)");
                return;
            }

            var number = double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (c.MinValue is { } min && number < min)
            {
                Fail($"is less than MinValue {min.ToString(CultureInfo.InvariantCulture)}");
            }

            if (c.MaxValue is { } max && number > max)
            {
                Fail($"is greater than MaxValue {max.ToString(CultureInfo.InvariantCulture)}");
            }
        }

        if (c.AllowedValues is { } allowed && !allowed.Contains(value, StringComparer.Ordinal)
            && !(declared.Type == "Number" && allowed.Any(a => IsNumber(a) && double.Parse(a, NumberStyles.Float, CultureInfo.InvariantCulture) == double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture))))
        {
            var list = string.Join(", ", allowed.Take(8)) + (allowed.Length > 8 ? ", ..." : string.Empty);
            Fail($"is not one of its AllowedValues ({list})");
            return;
        }

        if (declared.Type != "String")
        {
            return;
        }

        if (c.MinLength is { } minLength && value.Length < minLength)
        {
            Fail($"is {value.Length} characters, shorter than MinLength {minLength.ToString(CultureInfo.InvariantCulture)}");
        }

        if (c.MaxLength is { } maxLength && value.Length > maxLength)
        {
            Fail($"is {value.Length} characters, longer than MaxLength {maxLength.ToString(CultureInfo.InvariantCulture)}");
        }

        if (c.AllowedPattern is { } pattern && FullMatch(pattern, value) == false)
        {
            Fail($"does not match its AllowedPattern {Placeholders.Shorten(pattern)}");
        }
    }

    private static bool IsNumber(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) && text.Trim() == text && text.Length > 0;

    /// <summary>CloudFormation matches AllowedPattern against the whole value (Java regex); null when .NET cannot compile the pattern.</summary>
    private static bool? FullMatch(string pattern, string value)
    {
        try
        {
            return Regex.IsMatch(value, $"^(?:{pattern})\\z", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (Exception e) when (e is ArgumentException or RegexMatchTimeoutException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^\$\[output_(?<key>[A-Za-z0-9]+)\]\z")]
    private static partial Regex OutputToken();

    // cfn_params_handler.py tests prefixes: alfred_ssm_, alfred_genkeypair, alfred_genpass_, alfred_genaz_ (and int() the rest).
    [GeneratedRegex(@"^(alfred_ssm_.+|alfred_genkeypair.*|alfred_genpass_[0-9]*|alfred_genaz_[0-9]*)\z")]
    private static partial Regex KnownToken();

    // Tokens of other tools ([ssm:/x], [resolve:...]) that CfCT does not replace.
    [GeneratedRegex(@"^\[[A-Za-z][A-Za-z0-9_-]*:[^\[\]]*\]\z")]
    private static partial Regex ForeignToken();
}
