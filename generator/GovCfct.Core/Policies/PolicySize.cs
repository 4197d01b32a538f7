using GovCfct.Core.Diagnostics;

namespace GovCfct.Core.Policies;

/// <summary>
/// Size of a policy as Organizations receives it from CfCT: CfCT turns every "\n" into "\r\n" and deletes every
/// pair of spaces before submitting, and the 5,120-character quota applies to that text.
/// </summary>
public static class PolicySize
{
    public static int AsSubmittedByCfct(string text) => SubmittedText(text).Length;

    /// <summary>The text CfCT submits: each newline becomes CR+LF (an existing CR+LF gets a second CR), each "  " is removed.</summary>
    public static string SubmittedText(string text) => text.Replace("\n", "\r\n", StringComparison.Ordinal).Replace("  ", string.Empty, StringComparison.Ordinal);

    /// <summary>Reports a document over the limit and string values CfCT would change by deleting double spaces.</summary>
    public static void Check(string text, PolicyDocument? document, int maxSize, string file, DiagnosticBag diagnostics)
    {
        var size = AsSubmittedByCfct(text);
        if (size > maxSize)
        {
            int? minified = document is null ? null : AsSubmittedByCfct(PolicySerializer.Minify(document));
            var hint = minified is not null && minified <= maxSize
                ? $"minify it: as single-line JSON it is {minified} characters"
                : "split the policy into two documents or trim its action lists";
            diagnostics.Report(
                DiagnosticCodes.PolicyTooLarge,
                $"the policy is {size} characters as CfCT submits it, {size - maxSize} over the limit of {maxSize}",
                new SourceLocation(file, 1, 1),
                hint);
        }

        if (document is not null && HasDoubleSpace(document))
        {
            diagnostics.Report(
                DiagnosticCodes.PolicyDoubleSpace,
                "a string in the policy contains two consecutive spaces; CfCT deletes them before submitting, which changes the value",
                new SourceLocation(file, 1, 1),
                "use single spaces, or a wildcard where the value really has two");
        }
    }

    private static bool HasDoubleSpace(PolicyDocument document) =>
        document.Statements.Any(s =>
            (s.Sid?.Contains("  ", StringComparison.Ordinal) ?? false)
            || s.Actions.Any(Has) || s.Resources.Any(Has)
            || s.Conditions.Any(c => Has(c.Key) || c.Values.Any(Has)));

    private static bool Has(string value) => value.Contains("  ", StringComparison.Ordinal);
}
