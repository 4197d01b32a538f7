using System.Collections.Immutable;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Core.Policies;

/// <summary>The policy of one control that applies at an attachment point, with where the control was assigned.</summary>
public sealed record PolicyFragment(string ControlId, PolicyDocument Document, SourceLocation Location);

/// <summary>
/// One document of a packing: the controls it carries, its minified JSON, its size as CfCT submits it, and the merged
/// document itself, whose statements keep the locations of the control sources (so the lockout check points there).
/// </summary>
public sealed record PackedPolicy(ImmutableArray<string> ControlIds, string MinifiedJson, int Size, PolicyDocument? Document = null);

/// <summary>
/// The documents for one attachment point. <see cref="Fits"/> is false when a control alone is too large or the
/// documents need more than the free slots; the documents are then still all returned, so nothing disappears silently.
/// </summary>
public sealed record PackResult(ImmutableArray<PackedPolicy> Policies, bool Fits, bool SidsDropped = false);

/// <summary>
/// Packs the SCP (or RCP) controls of one attachment point into as few documents as possible, because an OU holds
/// only a few policies (default 5, two taken by FullAWSAccess and Control Tower) of 5,120 characters each.
/// </summary>
public sealed class PolicyPacker
{
    /// <summary>
    /// First-fit-decreasing over controls (largest first, ties by control id), measuring each candidate document
    /// after merging, since merged statements make a document smaller than the sum of its parts.
    /// Sids are kept unless the controls only fit without them.
    /// </summary>
    public PackResult Pack(IReadOnlyList<PolicyFragment> fragments, int maxSize, int slots, string targetDescription, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(fragments);
        ArgumentNullException.ThrowIfNull(diagnostics);
        if (fragments.Count == 0)
        {
            return new PackResult([], Fits: true);
        }

        var controls = fragments
            .GroupBy(f => f.ControlId, StringComparer.Ordinal)
            .Select(g => new Control(g.Key, [.. g.SelectMany(f => f.Document.Statements)], g.First().Location))
            .ToList();

        var withSids = Attempt(controls, maxSize, keepSids: true);
        if (withSids.Fits(slots))
        {
            return withSids.ToResult(fits: true, sidsDropped: false);
        }

        var withoutSids = Attempt(controls, maxSize, keepSids: false);
        if (withoutSids.Fits(slots))
        {
            diagnostics.Add(new Diagnostic(
                DiagnosticCodes.PackSidsDropped,
                $"statement ids were dropped from the policies at {targetDescription} so that they fit {slots} document(s) of {maxSize} characters",
                controls[0].Location,
                "nothing to do; to keep Sids, free a slot or move a control to a lower OU"));
            return withoutSids.ToResult(fits: true, sidsDropped: true);
        }

        foreach (var bin in withoutSids.Bins.Where(b => b.Size > maxSize))
        {
            var control = bin.Controls[0];
            diagnostics.Report(
                DiagnosticCodes.PackControlTooLarge,
                $"control '{control.Id}' alone is {bin.Size} characters as CfCT submits it, {bin.Size - maxSize} over the limit of {maxSize} for one policy at {targetDescription}",
                control.Location,
                "trim a list parameter of the control (e.g. DeniedServices, AllowedRegions, ExemptPrincipalArns) or split the control in two");
        }

        var fitting = withoutSids.Bins.Where(b => b.Size <= maxSize).ToList();
        if (fitting.Count > slots)
        {
            var overflow = fitting.Skip(slots).ToList();
            var over = overflow.Sum(b => b.Size);
            var overflowIds = overflow.SelectMany(b => b.Controls).Select(c => c.Id).Order(StringComparer.Ordinal).ToList();
            var layout = string.Join("; ", fitting.Select((b, i) => $"document {i + 1} ({b.Size} chars): {string.Join(", ", b.Controls.Select(c => c.Id).Order(StringComparer.Ordinal))}"));
            diagnostics.Report(
                DiagnosticCodes.PackSlotsExceeded,
                $"the policies at {targetDescription} need {fitting.Count} documents but only {slots} slot(s) are free; {over} characters are over (controls {string.Join(", ", overflowIds)}). Packing: {layout}",
                overflow[0].Controls[0].Location,
                "move a control to a lower OU, raise the slot setting if your organization's quota is 10, or trim a list parameter");
        }

        return withoutSids.ToResult(fits: false, sidsDropped: true);
    }

    private static Packing Attempt(List<Control> controls, int maxSize, bool keepSids)
    {
        var items = controls
            .Select(c => keepSids ? c : c with { Statements = [.. c.Statements.Select(s => s with { Sid = null })] })
            .Select(c => (Control: c, Size: Build([c]).Size))
            .OrderByDescending(x => x.Size)
            .ThenBy(x => x.Control.Id, StringComparer.Ordinal)
            .ToList();

        var bins = new List<Bin>();
        foreach (var (control, size) in items)
        {
            if (size > maxSize)
            {
                var alone = Build([control]);
                bins.Add(new Bin([control], alone.Json, size, alone.Document));
                continue;
            }

            var placed = false;
            for (var i = 0; i < bins.Count && !placed; i++)
            {
                if (bins[i].Size > maxSize)
                {
                    continue;
                }

                var candidate = Build([.. bins[i].Controls, control]);
                if (candidate.Size <= maxSize)
                {
                    bins[i] = new Bin([.. bins[i].Controls, control], candidate.Json, candidate.Size, candidate.Document);
                    placed = true;
                }
            }

            if (!placed)
            {
                var single = Build([control]);
                bins.Add(new Bin([control], single.Json, single.Size, single.Document));
            }
        }

        return new Packing(bins, maxSize);
    }

    /// <summary>The document of some controls: statements in control-id order, then merged.</summary>
    private static (string Json, int Size, PolicyDocument Document) Build(IReadOnlyList<Control> controls)
    {
        var ordered = controls.OrderBy(c => c.Id, StringComparer.Ordinal).ToList();
        var document = new PolicyDocument(PolicyDocument.CurrentVersion, null, StatementMerger.Merge(ordered.SelectMany(c => c.Statements)), ordered[0].Location);
        var json = PolicySerializer.Minify(document);
        return (json, PolicySize.AsSubmittedByCfct(json), document);
    }

    private sealed record Control(string Id, ImmutableArray<PolicyStatement> Statements, SourceLocation Location);

    private sealed record Bin(ImmutableArray<Control> Controls, string Json, int Size, PolicyDocument Document);

    private sealed record Packing(List<Bin> Bins, int MaxSize)
    {
        public bool Fits(int slots) => Bins.Count <= slots && Bins.TrueForAll(b => b.Size <= MaxSize);

        public PackResult ToResult(bool fits, bool sidsDropped) =>
            new([.. Bins.Select(b => new PackedPolicy([.. b.Controls.Select(c => c.Id).Order(StringComparer.Ordinal)], b.Json, b.Size, b.Document))], fits, sidsDropped);
    }
}
