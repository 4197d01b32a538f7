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
        var match = Pattern().Match(text);
        return match.Success ? match.Value : null;
    }

    /// <summary>Account ids that only samples use: AWS documentation's 123456789012, 000000000000 and 111111111111.</summary>
    public static bool IsSampleAccountId(string text) => text is "123456789012" or "000000000000" or "111111111111";

    /// <summary>Long values cut for messages, so one finding stays one readable line.</summary>
    public static string Shorten(string text) =>
        text.Length <= MaxShown ? text : string.Concat(text.AsSpan(0, MaxShown), $"... ({text.Length} characters)");

    // <Word ...> with a letter first (not "<=", "<-"); REPLACE_ME / CHANGE-ME as separate words in any case (not
    // "replaceme" inside a name such as prod-replaceme000000); 12 x's.
    [GeneratedRegex(@"<[A-Za-z][A-Za-z0-9 _.:/-]*>|(?i:\b(replace|change)[_-]me(?![a-z0-9]))|(?i:\bx{12}\b)")]
    private static partial Regex Pattern();
}
