using System.Text.RegularExpressions;

namespace GovCfct.Core.Validation.Rules;

/// <summary>
/// Placeholders left from a sample (<c>&lt;your-ou&gt;</c>, <c>&lt;AccountID&gt;</c>, <c>REPLACE_ME_...</c>,
/// <c>xxxxxxxxxxxx</c>). CfCT passes them on as they are: an OU or account name that matches nothing is silently
/// dropped (manifest_parser.py), a parameter value reaches CloudFormation literally.
/// </summary>
internal static partial class Placeholders
{
    private const int MaxShown = 120;

    /// <summary>The placeholder in <paramref name="text"/>, or null.</summary>
    public static string? Find(string text)
    {
        if (Definition.ShippedPlaceholders.FindInPackage(text) is { } shipped)
        {
            // The shipped definition's own example values, whatever their shape (prod-replaceme000000, o-0example000, ...).
            return shipped;
        }

        var match = Pattern().Match(text);
        return !match.Success ? null : match.Groups["caps"].Success ? match.Groups["caps"].Value : match.Value;
    }

    /// <summary>Every JSON string (keys too) of <paramref name="json"/> that holds a placeholder, with its 1-based line; nothing when it is no JSON.</summary>
    public static IEnumerable<(string Value, string Placeholder, int Line)> FindInJson(string json)
    {
        var found = new List<(string, string, int)>();
        var bytes = System.Text.Encoding.UTF8.GetBytes(json);
        var reader = new System.Text.Json.Utf8JsonReader(bytes, new System.Text.Json.JsonReaderOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is System.Text.Json.JsonTokenType.String or System.Text.Json.JsonTokenType.PropertyName && reader.GetString() is { } value && Find(value) is { } placeholder)
                {
                    var line = bytes.AsSpan(0, (int)reader.TokenStartIndex).Count((byte)'\n') + 1;
                    found.Add((value, placeholder, line));
                }
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // The policy parser reports the syntax; what was read so far is still judged.
        }

        return found;
    }

    /// <summary>Account ids that only samples use: AWS documentation's 123456789012, 000000000000 and 111111111111.</summary>
    public static bool IsSampleAccountId(string text) => text is "123456789012" or "000000000000" or "111111111111" or "444455556666";

    /// <summary>Long values cut for messages, so one finding stays one readable line.</summary>
    public static string Shorten(string text) =>
        text.Length <= MaxShown ? text : string.Concat(text.AsSpan(0, MaxShown), $"... ({text.Length} characters)");

    // <Word ...> with a letter first (not "<=", "<-"); REPLACE_ME / CHANGE-ME as separate words in any case;
    // REPLACE_WITH_..., REPLACEME, CHANGEME, TODO, TBD and FIXME in capitals; 12 x's; a value that is only X's (XX);
    // a documentation account id as a whole number (123456789012, 111111111111, 000000000000, 444455556666); and an ALL-CAPS name token (ROLE_NAME, DATASYNC_ROLE_NAME) as a segment of an ARN.
    [GeneratedRegex(@"<[A-Za-z][A-Za-z0-9 _.:/-]*>|(?i:\b(replace|change)[_-]me(?![a-z0-9]))|\b(?:REPLACE(?:_[A-Z0-9]+)+|REPLACEME|CHANGEME|TODO|TBD|FIXME)\b|(?i:\bx{12}\b)|^\s*(?:X{2,}|x{2,})\s*$|(?<![0-9])(?:123456789012|111111111111|000000000000|444455556666)(?![0-9])|\barn:[^\s""]*?[:/](?<caps>[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)(?=$|[/:""\s])")]
    private static partial Regex Pattern();
}
