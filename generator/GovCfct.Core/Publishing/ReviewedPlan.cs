using System.Collections.Immutable;
using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Planning;

namespace GovCfct.Core.Publishing;

/// <summary>
/// The plan reviewers read in a pull request, rendered from nothing but what is published: the files of the pull
/// request's source commit, the files of its destination, and an organization snapshot. The build writes it as the
/// description (<c>publish --pull-request --plan-org</c>) and the release step renders it again from the approved commit
/// (<c>publish --merge --verify-plan</c>) and refuses a description that differs: what the build wrote is never trusted.
/// </summary>
public static class ReviewedPlan
{
    /// <summary>The plan Markdown as it goes into a pull request description (fitted to CodeCommit's limit); null with diagnostics when the package cannot be read.</summary>
    public static string? Render(IReadOnlyDictionary<string, byte[]> published, IReadOnlyDictionary<string, byte[]>? destination, OrgSnapshot organization, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(published);
        ArgumentNullException.ThrowIfNull(organization);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var current = CfctPackage.Read(Files(published, "pull request"), diagnostics);
        var previous = destination is null || !destination.ContainsKey(CfctPackage.ManifestFileName) ? null : CfctPackage.Read(Files(destination, "destination"), diagnostics);
        if (current is null || diagnostics.HasErrors)
        {
            return null;
        }

        // Remote files are planned (as dangerous changes) rather than refused here: validation before publishing refused
        // them already unless the user allowed them, and the plan must show them either way.
        var plan = ChangePlanner.Plan(new ChangePlanOptions(current, organization) { Previous = previous, AllowRemoteFiles = true }, new DiagnosticBag());
        return PullRequestDescription.Fit(PlanMarkdownWriter.Write(plan)).Text;
    }

    /// <summary>
    /// Null when <paramref name="description"/> is the rendered plan; otherwise the first line where they differ (1-based)
    /// and the two lines, for the refusal.
    /// </summary>
    public static (int Line, string Expected, string Actual)? Compare(string expected, string? description)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var actual = (description ?? string.Empty).Replace("\r\n", "\n", StringComparison.Ordinal);
        if (string.Equals(expected, actual, StringComparison.Ordinal))
        {
            return null;
        }

        var want = expected.Split('\n');
        var got = actual.Split('\n');
        for (var i = 0; i < Math.Max(want.Length, got.Length); i++)
        {
            var w = i < want.Length ? want[i] : "(end of the plan)";
            var g = i < got.Length ? got[i] : "(end of the description)";
            if (!string.Equals(w, g, StringComparison.Ordinal))
            {
                return (i + 1, w, g);
            }
        }

        return (want.Length, string.Empty, string.Empty);
    }

    private static PackageFiles Files(IReadOnlyDictionary<string, byte[]> files, string display) =>
        new(files.Where(f => PublishedContent.IsPublished(f.Key)).ToImmutableSortedDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal), display, null);
}
