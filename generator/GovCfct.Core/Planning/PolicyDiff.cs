using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GovCfct.Core.Planning;

/// <summary>
/// Statement-level difference of two SCP/RCP documents, so a reviewer sees a guardrail weakened, not just "updated".
/// Statements are paired when identical, then by Sid, then by everything but Sid and Action (the packer merges
/// statements that differ only in Action and joins their Sids, so a control leaving a merged statement changes both).
/// Each statement is attributed to controls through the build report's Sid → control map; a merged Sid is split
/// into the Sids it joins.
/// </summary>
public static class PolicyDiff
{
    public static ImmutableArray<StatementChange> Compare(byte[] before, byte[] after, IReadOnlyDictionary<string, string> sidControls, ImmutableArray<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(sidControls);
        var old = Statements(before);
        var @new = Statements(after);
        if (old is null || @new is null)
        {
            return [];
        }

        // 1. identical statements are unchanged.
        foreach (var statement in old.ToList())
        {
            var twin = @new.FindIndex(n => n.Text == statement.Text);
            if (twin >= 0)
            {
                @new.RemoveAt(twin);
                old.Remove(statement);
            }
        }

        var result = new List<StatementChange>();
        var pairs = new List<(Statement Before, Statement After)>();

        // 2. same Sid; 3. same statement apart from Sid and Action.
        foreach (var key in new Func<Statement, string?>[] { s => s.Sid, s => s.Shape })
        {
            foreach (var statement in old.ToList())
            {
                var k = key(statement);
                var match = k is null ? -1 : @new.FindIndex(n => key(n) == k);
                if (match >= 0)
                {
                    pairs.Add((statement, @new[match]));
                    @new.RemoveAt(match);
                    old.Remove(statement);
                }
            }
        }

        foreach (var statement in old)
        {
            result.Add(new StatementChange(StatementChangeKind.Removed, statement.Sid, Controls(statement.Sid, sidControls, candidates), [], [], [], [], statement.Text, null));
        }

        foreach (var (was, now) in pairs)
        {
            var controlsBefore = Controls(was.Sid, sidControls, candidates);
            var controlsAfter = Controls(now.Sid, sidControls, candidates);
            result.Add(new StatementChange(
                StatementChangeKind.Changed,
                now.Sid ?? was.Sid,
                [.. controlsBefore.Union(controlsAfter, StringComparer.Ordinal).Order(StringComparer.Ordinal)],
                [.. controlsAfter.Except(controlsBefore, StringComparer.Ordinal)],
                [.. controlsBefore.Except(controlsAfter, StringComparer.Ordinal)],
                [.. now.Actions.Except(was.Actions, StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal)],
                [.. was.Actions.Except(now.Actions, StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal)],
                was.Text,
                now.Text)
            {
                NotActionsAdded = [.. now.NotActions.Except(was.NotActions, StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal)],
                NotActionsRemoved = [.. was.NotActions.Except(now.NotActions, StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal)],
            });
        }

        foreach (var statement in @new)
        {
            result.Add(new StatementChange(StatementChangeKind.Added, statement.Sid, Controls(statement.Sid, sidControls, candidates), [], [], [], [], null, statement.Text));
        }

        return [.. result];
    }

    /// <summary>
    /// The controls a Sid names: the Sid itself, or the known Sids it joins (longest first at each position). Without
    /// a Sid, the document's only control when it has one; otherwise none is claimed.
    /// </summary>
    internal static ImmutableArray<string> Controls(string? sid, IReadOnlyDictionary<string, string> sidControls, ImmutableArray<string> candidates)
    {
        if (string.IsNullOrEmpty(sid))
        {
            return candidates.Length == 1 ? candidates : [];
        }

        if (sidControls.TryGetValue(sid, out var single))
        {
            return [single];
        }

        var found = new SortedSet<string>(StringComparer.Ordinal);
        var position = 0;
        while (position < sid.Length)
        {
            var best = sidControls.Keys
                .Where(k => k.Length > 0 && string.CompareOrdinal(sid, position, k, 0, k.Length) == 0)
                .OrderByDescending(k => k.Length)
                .FirstOrDefault();
            if (best is null)
            {
                return candidates.Length == 1 ? candidates : [.. found];
            }

            found.Add(sidControls[best]);
            position += best.Length;
        }

        return [.. found];
    }

    private sealed record Statement(string? Sid, string Text, string Shape, ImmutableArray<string> Actions, ImmutableArray<string> NotActions);

    private static List<Statement>? Statements(byte[] bytes)
    {
        try
        {
            var node = JsonNode.Parse(bytes);
            var statements = node?["Statement"] switch
            {
                JsonArray array => array.OfType<JsonObject>().ToList(),
                JsonObject one => [one],
                _ => [],
            };
            return [.. statements.Select(Read)];
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Statement Read(JsonObject statement)
    {
        var sid = statement["Sid"] is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;
        var actions = List(statement["Action"]);
        var notActions = List(statement["NotAction"]);
        var shape = (JsonObject)statement.DeepClone();
        shape.Remove("Sid");
        shape.Remove("Action");
        shape.Remove("NotAction");
        return new Statement(sid, statement.ToJsonString(), shape.ToJsonString(), actions, notActions);

        static ImmutableArray<string> List(JsonNode? node) => node switch
        {
            JsonArray array => [.. array.Select(a => a?.ToString() ?? string.Empty)],
            JsonValue value => [value.ToString()],
            _ => [],
        };
    }
}
