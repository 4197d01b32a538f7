using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GovCfct.Core.Definition;

namespace GovCfct.Core.Catalog;

/// <summary>
/// Writes the definition's JSON Schemas from a control catalog, so editors complete control ids and parameter names
/// and check values while typing. The structure (keys, settings, OU tree) is the hand-written base in
/// <c>Definition/Schema/</c>; the catalog fills <c>$defs.controlId</c> (enum with one description per id, which
/// yaml-language-server shows in completion), <c>$defs.parameters</c> (every declared name, typed as the resolver
/// checks it) and <c>$defs.assignment</c> (an assignment takes only its control's parameters). Same catalog, same bytes.
/// </summary>
public static partial class DefinitionSchemaGenerator
{
    /// <summary>The schema of organization.yaml.</summary>
    public const string OrganizationSchemaFile = "organization.schema.json";

    /// <summary>The schema of every file under ous/.</summary>
    public const string OuSchemaFile = "ou.schema.json";

    private const string ResourcePrefix = "GovCfct.DefinitionSchema/";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        NewLine = "\n",
        // Keep '<', '&' and quotes readable in descriptions; the files are read by editors, never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Schema file name → UTF-8 bytes (LF, trailing newline), ordinal by name.</summary>
    public static ImmutableSortedDictionary<string, byte[]> Generate(ControlCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var files = ImmutableSortedDictionary.CreateBuilder<string, byte[]>(StringComparer.Ordinal);
        var assembly = typeof(DefinitionSchemaGenerator).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Select(n => n[ResourcePrefix.Length..]))
        {
            // Other schemas of the definition folder (e.g. the org lock's) do not depend on the catalog and pass through.
            var schema = Base(name);
            if (name is OrganizationSchemaFile or OuSchemaFile)
            {
                Fill(schema["$defs"]!.AsObject(), catalog, ouFile: name == OuSchemaFile);
            }

            files[name] = Encoding.UTF8.GetBytes(schema.ToJsonString(Json) + "\n");
        }

        return files.ToImmutable();
    }

    private static JsonObject Base(string name)
    {
        using var stream = typeof(DefinitionSchemaGenerator).Assembly.GetManifestResourceStream(ResourcePrefix + name)
            ?? throw new InvalidOperationException($"embedded base schema {name} is missing");
        return JsonNode.Parse(stream)!.AsObject();
    }

    private static void Fill(JsonObject defs, ControlCatalog catalog, bool ouFile)
    {
        var controls = catalog.Controls.OrderBy(c => c.Id, StringComparer.Ordinal).ToList();

        var controlId = defs["controlId"]!.AsObject();
        controlId["enum"] = new JsonArray([.. controls.Select(c => (JsonNode)JsonValue.Create(c.Id))]);
        controlId["enumDescriptions"] = new JsonArray([.. controls.Select(c => (JsonNode)JsonValue.Create($"{c.Title.En} ({KindName(c.Kind)}{(c.ManagementAccountOnly ? ", management account only" : string.Empty)})"))]);

        // An OU's controls never take a management-account-only control (GCF1060): the editor marks it as the build does.
        var managementOnly = controls.Where(c => c.ManagementAccountOnly).Select(c => (JsonNode)JsonValue.Create(c.Id)).ToList();
        if (ouFile && managementOnly.Count > 0)
        {
            defs["control"]!.AsObject()["not"] = new JsonObject
            {
                ["description"] = "Management-account-only controls cannot be assigned to an OU (GCF1060).",
                ["anyOf"] = new JsonArray(
                    new JsonObject { ["enum"] = new JsonArray([.. managementOnly.Select(n => n.DeepClone())]) },
                    new JsonObject
                    {
                        ["type"] = "object",
                        ["required"] = new JsonArray("id"),
                        ["properties"] = new JsonObject { ["id"] = new JsonObject { ["description"] = "A management-account-only control.", ["enum"] = new JsonArray([.. managementOnly.Select(n => n.DeepClone())]) } },
                    }),
            };
        }

        var properties = new JsonObject();
        var declarations = controls
            .SelectMany(c => c.Parameters.Select(p => (Control: c, Parameter: p)))
            .GroupBy(d => d.Parameter.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var names = declarations.Keys
            .Concat([PlatformParameterNames.BreakGlassRoleName, PlatformParameterNames.ExemptPrincipalArns])
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        foreach (var name in names)
        {
            properties[name] = declarations.TryGetValue(name, out var uses) ? Declared(name, uses) : Platform(name);
        }

        defs["parameters"]!.AsObject()["properties"] = properties;

        // An assignment's parameters must be ones its control declares (GCF1402): one if/then per control.
        var rules = new JsonArray();
        foreach (var control in controls)
        {
            var own = control.Parameters.Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
            var parameters = new JsonObject
            {
                ["description"] = own.Count == 0
                    ? $"{control.Id} declares no parameters."
                    : $"The parameters {control.Id} declares: {string.Join(", ", own)}.",
            };
            if (own.Count == 0)
            {
                parameters["maxProperties"] = 0;
            }
            else
            {
                parameters["propertyNames"] = new JsonObject { ["enum"] = new JsonArray([.. own.Select(n => (JsonNode)JsonValue.Create(n))]) };
            }

            rules.Add(new JsonObject
            {
                ["if"] = new JsonObject
                {
                    ["required"] = new JsonArray("id"),
                    ["properties"] = new JsonObject { ["id"] = new JsonObject { ["description"] = control.Title.En, ["const"] = control.Id } },
                },
                ["then"] = new JsonObject { ["properties"] = new JsonObject { ["parameters"] = parameters } },
            });
        }

        defs["assignment"]!.AsObject()["allOf"] = rules;
    }

    // One parameter name as the controls that declare it see it. When their declarations differ, a value needs to fit
    // only one of them: the editor cannot know which of those controls are in effect where the value is set.
    private static JsonObject Declared(string name, List<(ControlDefinition Control, ControlParameter Parameter)> uses)
    {
        var first = uses[0].Parameter;
        var users = string.Join(", ", uses.Select(u => u.Control.Id));
        var result = new JsonObject
        {
            ["description"] = $"{Sentence(first.Description.En)} Used by: {users}.",
        };

        var shapes = new List<JsonObject>();
        foreach (var (_, parameter) in uses)
        {
            var shape = Shape(parameter);
            if (!shapes.Any(s => JsonNode.DeepEquals(s, shape)))
            {
                shapes.Add(shape);
            }
        }

        if (shapes.Count == 1)
        {
            foreach (var (key, value) in shapes[0].ToList())
            {
                shapes[0].Remove(key);
                result[key] = value;
            }
        }
        else
        {
            result["anyOf"] = new JsonArray([.. shapes]);
        }

        var defaults = uses.Select(u => u.Parameter.Default).ToList();
        if (defaults.All(d => d is not null) && defaults.Distinct().Count() == 1)
        {
            result["default"] = DefaultValue(first.Type, defaults[0]!);
        }

        return result;
    }

    private static JsonObject Platform(string name) => name switch
    {
        PlatformParameterNames.BreakGlassRoleName => new JsonObject
        {
            ["description"] = "The platform's emergency role, exempt from every deny GovCfct generates. Read by GovCfct itself, at organization level.",
            ["type"] = new JsonArray("string", "number", "boolean"),
        },
        _ => new JsonObject
        {
            ["description"] = "Further principal ARNs exempt from every deny GovCfct generates. Read by GovCfct itself, at organization level.",
            ["type"] = new JsonArray("array", "string"),
            ["items"] = new JsonObject { ["type"] = new JsonArray("string", "number", "boolean") },
        },
    };

    // What ParameterValueChecker accepts, as a schema. It compares the value's text, so a scalar may be written as a
    // string, number or boolean unless the type says otherwise; an empty text parameter means "not set".
    private static JsonObject Shape(ControlParameter parameter)
    {
        switch (parameter.Type)
        {
            case ParameterType.List:
                var item = new JsonObject { ["type"] = new JsonArray("string", "number", "boolean") };
                Constrain(item, parameter, allowEmpty: false);
                return new JsonObject { ["type"] = "array", ["items"] = item };
            case ParameterType.Boolean:
                return new JsonObject { ["enum"] = new JsonArray(true, false, "true", "false") };
            case ParameterType.Number:
                var number = new JsonObject { ["type"] = new JsonArray("number", "string"), ["pattern"] = NumberText };
                Constrain(number, parameter, allowEmpty: false);
                return number;
            default:
                // An e-mail address or ARN is never a YAML number or boolean; other text may be (a branch named 2026).
                var text = parameter.Type is ParameterType.Email or ParameterType.Arn
                    ? new JsonObject { ["type"] = "string" }
                    : new JsonObject { ["type"] = new JsonArray("string", "number", "boolean") };
                var typePattern = parameter.Type switch
                {
                    ParameterType.Email => ControlCatalogLoader.EmailPattern,
                    ParameterType.Arn => ControlCatalogLoader.ArnPattern,
                    _ => null,
                };
                Constrain(text, parameter, allowEmpty: parameter.Type == ParameterType.String, typePattern);
                return text;
        }
    }

    private static void Constrain(JsonObject schema, ControlParameter parameter, bool allowEmpty, string? typePattern = null)
    {
        var patterns = new List<string>();
        if (typePattern is not null)
        {
            patterns.Add(typePattern);
        }

        if (parameter.Pattern is { } pattern)
        {
            // The checker matches the whole value: ^(?:pattern)$, as in ControlCatalogLoader.
            patterns.Add($"^(?:{pattern})$");
        }

        if (patterns.Count == 1)
        {
            schema["pattern"] = allowEmpty ? $"^$|{patterns[0]}" : patterns[0];
        }
        else if (patterns.Count > 1)
        {
            schema["allOf"] = new JsonArray([.. patterns.Select(p => (JsonNode)new JsonObject { ["pattern"] = p })]);
        }

        if (!parameter.AllowedValues.IsDefaultOrEmpty)
        {
            var values = new JsonArray();
            foreach (var allowed in parameter.AllowedValues)
            {
                foreach (var form in YamlForms(allowed))
                {
                    values.Add(form);
                }
            }

            if (allowEmpty && !parameter.AllowedValues.Contains(string.Empty))
            {
                values.Add(string.Empty);
            }

            schema["enum"] = values;
        }
    }

    // An allowed value as an editor's YAML reader may hand it to the schema: 90 unquoted is a number, "90" a string;
    // the checker compares text, so both are allowed.
    private static IEnumerable<JsonNode> YamlForms(string text)
    {
        yield return JsonValue.Create(text);
        if (text is "true" or "false")
        {
            yield return JsonValue.Create(text == "true");
        }
        else if (YamlNumber().IsMatch(text) && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            yield return JsonValue.Create(number);
        }
    }

    private static JsonNode? DefaultValue(ParameterType type, ParameterValue value) => type switch
    {
        ParameterType.List => new JsonArray([.. value.Items.Select(i => (JsonNode)JsonValue.Create(i))]),
        ParameterType.Boolean => JsonValue.Create(value.Scalar == "true"),
        ParameterType.Number when decimal.TryParse(value.Scalar, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
        _ => JsonValue.Create(value.Scalar),
    };

    private static string Sentence(string text) => text.EndsWith('.') ? text : text + ".";

    private static string KindName(ControlKind kind) => kind switch
    {
        ControlKind.Scp => "SCP",
        ControlKind.Rcp => "RCP",
        ControlKind.CtControl => "Control Tower control",
        _ => "stack set",
    };

    // Text decimal.TryParse(Float) reads as a number: the string form of a number parameter.
    private const string NumberText = @"^\s*[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?\s*$";

    [GeneratedRegex(@"^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex YamlNumber();
}
