using System.Text.Json;

namespace GovCfct.Core.Tests.Catalog;

/// <summary>Readers over a rendered policy document, so content tests read like the policy.</summary>
internal static class PolicyJson
{
    public static JsonElement Parse(string text) => JsonDocument.Parse(text).RootElement.Clone();

    public static JsonElement[] Statements(string text) => [.. Parse(text).GetProperty("Statement").EnumerateArray()];

    public static JsonElement Statement(string text, string sid) =>
        Statements(text).Single(s => s.GetProperty("Sid").GetString() == sid);

    /// <summary>A string or an array of strings as a list.</summary>
    public static string[] Strings(JsonElement element) => element.ValueKind == JsonValueKind.Array
        ? [.. element.EnumerateArray().Select(e => e.GetString()!)]
        : [element.GetString()!];

    public static string[] Strings(JsonElement statement, string property) =>
        statement.TryGetProperty(property, out var value) ? Strings(value) : [];

    public static string[] Condition(JsonElement statement, string op, string key) =>
        Strings(statement.GetProperty("Condition").GetProperty(op).GetProperty(key));

    /// <summary>Minified as the packager would emit it.</summary>
    public static string Minify(string text) => JsonSerializer.Serialize(Parse(text));
}
