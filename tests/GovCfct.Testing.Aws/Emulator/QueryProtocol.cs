using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace GovCfct.Testing.Aws.Emulator;

/// <summary>
/// AWS's query protocol for the emulator, driven by the botocore model: a form body (<c>Member.member.N</c> lists,
/// <c>Member.Sub</c> structures) becomes the JSON the model checks, and a JSON output becomes the XML AWS sends
/// (<c>&lt;OpResponse&gt;&lt;OpResult&gt;</c>, lists as <c>member</c>, timestamps ISO 8601). A form key the input shape
/// does not have is refused, as AWS refuses it.
/// </summary>
internal static class QueryProtocol
{
    public static Dictionary<string, string> ParseForm(string body)
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in body.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString((eq < 0 ? pair : pair[..eq]).Replace('+', ' '));
            var value = eq < 0 ? string.Empty : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            form[key] = value;
        }

        return form;
    }

    /// <summary>The form as the input shape's JSON; throws the error AWS returns for a key the shape does not have.</summary>
    public static JsonObject ToJson(ServiceModel model, string operation, Dictionary<string, string> form)
    {
        var used = new HashSet<string>(StringComparer.Ordinal) { "Action", "Version" };
        var json = Structure(model, model.ShapesOf(operation).Input, string.Empty, form, used);
        var unknown = form.Keys.FirstOrDefault(k => !used.Contains(k));
        if (unknown is not null)
        {
            throw new EmulatedAwsError("ValidationError", $"Unknown parameter {unknown} for {operation}.");
        }

        return json;
    }

    public static XElement ToXml(ServiceModel model, string operation, JsonElement output, string requestId)
    {
        XNamespace ns = model.XmlNamespace ?? string.Empty;
        var result = new XElement(ns + operation + "Result");
        if (model.ShapesOf(operation).Output is { } shape)
        {
            Write(model, shape, output, result, ns);
        }

        return new XElement(ns + operation + "Response", result, new XElement(ns + "ResponseMetadata", new XElement(ns + "RequestId", requestId)));
    }

    public static XElement Error(string code, string message, string requestId) =>
        new("ErrorResponse", new XElement("Error", new XElement("Type", "Sender"), new XElement("Code", code), new XElement("Message", message)), new XElement("RequestId", requestId));

    private static JsonObject Structure(ServiceModel model, string shapeName, string prefix, Dictionary<string, string> form, HashSet<string> used)
    {
        var result = new JsonObject();
        foreach (var member in model.Shapes.GetProperty(shapeName).GetProperty("members").EnumerateObject())
        {
            var value = Value(model, member.Value.GetProperty("shape").GetString()!, prefix + member.Name, form, used);
            if (value is not null)
            {
                result[member.Name] = value;
            }
        }

        return result;
    }

    private static JsonNode? Value(ServiceModel model, string shapeName, string key, Dictionary<string, string> form, HashSet<string> used)
    {
        var shape = model.Shapes.GetProperty(shapeName);
        switch (shape.GetProperty("type").GetString())
        {
            case "structure":
                if (!form.Keys.Any(k => k.StartsWith(key + ".", StringComparison.Ordinal)))
                {
                    return null;
                }

                return Structure(model, shapeName, key + ".", form, used);
            case "list":
                var items = new JsonArray();
                var itemShape = shape.GetProperty("member").GetProperty("shape").GetString()!;
                if (form.TryGetValue(key, out var empty) && empty.Length == 0)
                {
                    used.Add(key);
                    return items;
                }

                for (var i = 1; ; i++)
                {
                    var itemKey = $"{key}.member.{i}";
                    if (!form.ContainsKey(itemKey) && !form.Keys.Any(k => k.StartsWith(itemKey + ".", StringComparison.Ordinal)))
                    {
                        break;
                    }

                    items.Add(Value(model, itemShape, itemKey, form, used));
                }

                return items.Count == 0 ? null : items;
            default:
                if (!form.TryGetValue(key, out var text))
                {
                    return null;
                }

                used.Add(key);
                return shape.GetProperty("type").GetString() switch
                {
                    "integer" or "long" => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? JsonValue.Create(n) : throw new EmulatedAwsError("ValidationError", $"{key} must be an integer."),
                    "boolean" => text switch { "true" => JsonValue.Create(true), "false" => JsonValue.Create(false), _ => throw new EmulatedAwsError("ValidationError", $"{key} must be true or false.") },
                    _ => JsonValue.Create(text),
                };
        }
    }

    private static void Write(ServiceModel model, string shapeName, JsonElement value, XElement into, XNamespace ns)
    {
        var shape = model.Shapes.GetProperty(shapeName);
        switch (shape.GetProperty("type").GetString())
        {
            case "structure":
                var members = shape.GetProperty("members");
                foreach (var property in value.EnumerateObject())
                {
                    var element = new XElement(ns + property.Name);
                    Write(model, members.GetProperty(property.Name).GetProperty("shape").GetString()!, property.Value, element, ns);
                    into.Add(element);
                }

                break;
            case "list":
                var item = shape.GetProperty("member").GetProperty("shape").GetString()!;
                foreach (var entry in value.EnumerateArray())
                {
                    var member = new XElement(ns + "member");
                    Write(model, item, entry, member, ns);
                    into.Add(member);
                }

                break;
            case "timestamp":
                into.Value = DateTimeOffset.FromUnixTimeMilliseconds((long)(value.GetDouble() * 1000)).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
                break;
            case "boolean":
                into.Value = value.GetBoolean() ? "true" : "false";
                break;
            default:
                into.Value = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
                break;
        }
    }
}
