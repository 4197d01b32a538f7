using System.Collections.Immutable;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Core.Definition;

/// <summary>One reason a new account in an OU would not be covered: the code, what is wrong and what to do.</summary>
public sealed record CoverageFinding(DiagnosticDescriptor Code, string Message, string Hint);

/// <summary>
/// Whether an account created in an OU would be covered by the definition's controls, judged from the definition and
/// its org lock: the rules <c>accounts check</c> refuses a request by and <c>plan --new-account</c> reports, so the two
/// commands agree (docs/accounts.md, "Coverage"). An OU is covered when
/// <list type="number">
/// <item>controls are in effect at it: assigned there or above and not all opted out (for an OU the definition does
/// not declare, at its nearest declared ancestor: a new OU created under a governed subtree inherits its policies,
/// and automatic deployment reaches it, without a rebuild);</item>
/// <item>no OU below that declared OU opts out of a control in effect there: the build then attaches that control's
/// policies and stack-set targets below the OU, at the children that keep it, and nothing reaches accounts placed
/// directly in the OU itself or in a new child of it;</item>
/// <item>the OU is registered: the org lock lists it (Account Factory creates accounts only in OUs registered with
/// Control Tower, and the lock is written from the organization after registering).</item>
/// </list>
/// Controls the package delivers organization-wide (detective controls in organization conformance packs, which exclude
/// only the opted-out OUs' accounts) still reach accounts directly in a parent OU whose child opts out, so an opt-out of
/// one of them does not split anything (rule 2 skips them).
/// </summary>
public static class NewAccountCoverage
{
    public static ImmutableArray<CoverageFinding> Check(GovernanceDefinition definition, string ouPath, IReadOnlySet<string>? organizationWide = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(ouPath);
        var findings = ImmutableArray.CreateBuilder<CoverageFinding>();
        var (declared, effective) = NearestDeclared(definition, ouPath);
        var isNew = declared?.Path != ouPath;
        if (effective.IsEmpty)
        {
            findings.Add(isNew
                ? new CoverageFinding(DiagnosticCodes.AccountOuUngoverned, $"OU '{ouPath}' is not in the definition and has no governed ancestor ({(declared is null ? "no ancestor is declared" : $"no control is in effect at '{declared.Path}'")}): a new account there would be ungoverned", "choose an OU under a governed subtree, or declare the OU with its controls in the definition")
                : new CoverageFinding(DiagnosticCodes.AccountOuUngoverned, $"OU '{ouPath}' receives no control: a new account there would be ungoverned", "choose a governed OU, or assign controls to this OU in the definition"));
            return findings.ToImmutable();
        }

        var optedOutBelow = OptOutsBelow(declared!).Where(o => effective.Contains(o.Control) && organizationWide?.Contains(o.Control) != true).ToList();
        if (optedOutBelow.Count > 0)
        {
            var controls = string.Join(", ", optedOutBelow.Select(o => o.Control).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
            var first = optedOutBelow.OrderBy(o => o.Path, StringComparer.Ordinal).First();
            findings.Add(new CoverageFinding(
                DiagnosticCodes.NewAccountControlsAttachedBelow,
                isNew
                    ? $"OU '{ouPath}' is a new OU under '{declared!.Path}', where {controls} reach only the child OUs that keep them ('{first.Path}' opts out of {first.Control}): a new account there would miss them"
                    : $"{controls} reach only the child OUs of '{ouPath}' that keep them ('{first.Path}' opts out of {first.Control}): a new account placed directly in '{ouPath}' would miss them",
                "place the account in a child OU that keeps the controls (e.g. Production), or move the opt-out's accounts to their own OU outside this subtree"));
        }

        if (definition.Lock is { } orgLock && !orgLock.Ous.ContainsKey(ouPath))
        {
            findings.Add(new CoverageFinding(
                DiagnosticCodes.NewAccountOuNotLocked,
                $"OU '{ouPath}' is not in {orgLock.DisplayPath}: it was not in the organization when the lock was written, so it is not known to be registered with Control Tower",
                isNew
                    ? $"create the OU under '{declared!.Path}', register it with Control Tower and regenerate the lock (govcfct org lock); a new OU under a governed subtree is then covered by inheritance and automatic deployment without a rebuild"
                    : "register the OU with Control Tower and regenerate the lock (govcfct org lock)"));
        }

        return findings.ToImmutable();
    }

    /// <summary>The deepest declared OU on the path (the OU itself when declared) and the controls in effect there.</summary>
    private static (OuNode? Declared, ImmutableSortedSet<string> Effective) NearestDeclared(GovernanceDefinition definition, string ouPath)
    {
        var controls = ImmutableSortedSet.CreateBuilder<string>(StringComparer.Ordinal);
        var node = definition.Root;
        OuNode? declared = null;
        Apply(node);
        foreach (var name in ouPath.Split(':'))
        {
            var child = node.Children.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal));
            if (child is null)
            {
                break;
            }

            node = declared = child;
            Apply(node);
        }

        return (declared, declared is null ? [] : controls.ToImmutable());

        void Apply(OuNode ou)
        {
            foreach (var exemption in ou.Exemptions)
            {
                controls.Remove(exemption.ControlId);
            }

            foreach (var assignment in ou.Controls)
            {
                controls.Add(assignment.ControlId);
            }
        }
    }

    /// <summary>Every opt-out declared strictly below <paramref name="ou"/>.</summary>
    private static IEnumerable<(string Path, string Control)> OptOutsBelow(OuNode ou)
    {
        var pending = new Stack<OuNode>(ou.Children);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            foreach (var exemption in node.Exemptions)
            {
                yield return (node.Path, exemption.ControlId);
            }

            foreach (var child in node.Children)
            {
                pending.Push(child);
            }
        }
    }
}
