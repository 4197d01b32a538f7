using System.Globalization;
using System.Text;
using GovCfct.Core.Diagnostics.Output;

namespace GovCfct.Core.Publishing;

/// <summary>
/// The pull request's description: the plan Markdown when the user gives one, else a summary of the file
/// changes. CodeCommit caps descriptions at 10,240 characters, so longer text is cut with a note.
/// </summary>
public static class PullRequestDescription
{
    public const int MaxLength = 10240;

    public static string Summary(PublishPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"## GovCfct publish {plan.ContentHash[..12]}\n\n");
        text.Append(CultureInfo.InvariantCulture, $"{plan.Count(FileChangeKind.Add)} added, {plan.Count(FileChangeKind.Update)} updated, {plan.Count(FileChangeKind.Delete)} deleted, {plan.Unchanged} unchanged.\n\n");
        MarkdownTable.Header(text, "change", "file");
        foreach (var change in plan.Changes)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {change.Kind.ToString().ToLowerInvariant()} | `{change.Path}` |\n");
        }

        return text.ToString();
    }

    /// <summary>Returns the text within CodeCommit's limit and whether it had to be shortened.</summary>
    public static (string Text, bool Truncated) Fit(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var text = markdown.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (text.Length <= MaxLength)
        {
            return (text, false);
        }

        const string note = "\n\n…(shortened to fit CodeCommit's 10,240-character limit; see the plan artifact of the build for the rest)\n";
        var cut = text[..(MaxLength - note.Length)];
        var lastLine = cut.LastIndexOf('\n');
        if (lastLine > MaxLength / 2)
        {
            cut = cut[..lastLine];
        }

        return (cut + note, true);
    }
}
