using System.Collections;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace GovCfct.Core.Rendering;

/// <summary>
/// Functions available to control templates (<c>json_string</c>, <c>json_array</c>) so policy JSON is built by
/// escaping values, never by pasting parameter text between quotes.
/// </summary>
public static class TemplateFunctions
{
    // Relaxed escaping keeps '+', '<', '>' and non-ASCII readable; quotes, backslashes and control characters are escaped.
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A JSON string literal (with quotes) for any value.</summary>
    public static string JsonString(object? value) =>
        JsonSerializer.Serialize(value?.ToString() ?? string.Empty, Options);

    /// <summary>A JSON array of string literals from a list (or a single value), in the list's order.</summary>
    public static string JsonArray(object? values)
    {
        var builder = new StringBuilder("[");
        var first = true;
        foreach (var item in Items(values))
        {
            if (!first)
            {
                builder.Append(',');
            }

            builder.Append(JsonString(item));
            first = false;
        }

        return builder.Append(']').ToString();
    }

    private static IEnumerable<object?> Items(object? values) => values switch
    {
        null => [],
        string s => [s],
        IEnumerable enumerable => enumerable.Cast<object?>(),
        _ => [values],
    };
}
