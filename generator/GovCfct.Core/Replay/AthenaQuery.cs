using System.Globalization;
using System.Text;
using GovCfct.Core.Policies;

namespace GovCfct.Core.Replay;

/// <summary>
/// The Athena query that extracts exactly the records a replay needs from the organization trail's table (the
/// CloudTrail table Athena's documentation describes, https://docs.aws.amazon.com/athena/latest/ug/cloudtrail-logs.html):
/// the calls of the diff surface and every access-denied call of the window. It UNLOADs them as gzip JSON lines
/// (https://docs.aws.amazon.com/athena/latest/ug/unload.html), which <c>govcfct replay --trail</c> reads like log files.
/// </summary>
public static class AthenaQuery
{
    private static readonly string[] Columns =
    [
        "eventversion", "useridentity", "eventtime", "eventsource", "eventname", "eventtype", "awsregion", "sourceipaddress",
        "errorcode", "errormessage", "requestparameters", "resources", "recipientaccountid", "vpcendpointid", "sharedeventid",
    ];

    public static string Build(DiffSurface surface, string table, DateTimeOffset? since, DateTimeOffset? until, string output, EventActionMap? map = null)
    {
        ArgumentNullException.ThrowIfNull(surface);
        map ??= EventActionMap.Default;
        var bySource = new SortedDictionary<string, SortedSet<string>?>(StringComparer.Ordinal);
        var everything = false;
        var unmapped = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var statement in surface.Statements)
        {
            if (statement.IsNotAction)
            {
                everything = true;
                continue;
            }

            foreach (var pattern in statement.Actions)
            {
                var colon = pattern.IndexOf(':', StringComparison.Ordinal);
                if (pattern == "*" || colon <= 0 || IamWildcard.HasWildcard(pattern[..colon]))
                {
                    everything = true;
                    continue;
                }

                var prefix = pattern[..colon];
                var name = pattern[(colon + 1)..];
                if (map.SourceOf(prefix) is not { } source)
                {
                    unmapped.Add(pattern);
                    continue;
                }

                if (name == "*")
                {
                    bySource[source] = null;
                    continue;
                }

                if (!bySource.TryGetValue(source, out var names))
                {
                    bySource[source] = names = new SortedSet<string>(StringComparer.Ordinal);
                }

                if (names is null)
                {
                    continue;
                }

                foreach (var n in IamWildcard.HasWildcard(name) ? IamActionCatalog.Default.NamesMatching(prefix, name) : [name.ToLowerInvariant()])
                {
                    names.Add(n.ToLowerInvariant());
                }

                foreach (var n in EventActionMap.ExceptionNamesFor(prefix, a => IamWildcard.IsMatch(pattern, a, ignoreCase: true)))
                {
                    names.Add(n.ToLowerInvariant());
                }

            }
        }

        var filters = bySource
            .Where(kv => kv.Value is not { Count: 0 })
            .Select(kv => kv.Value is null ? $"eventsource = '{kv.Key}'" : $"(eventsource = '{kv.Key}' AND lower(eventname) IN ({string.Join(", ", kv.Value.Select(n => $"'{n}'"))}))");

        var sql = new StringBuilder();
        sql.Append("-- govcfct replay: the calls whose SCP/RCP verdict can change, and every access-denied call, in the window.\n");
        sql.Append("-- Run it in Athena on the organization trail's CloudTrail table, then: govcfct replay ... --trail ").Append(output).Append('\n');
        foreach (var pattern in unmapped)
        {
            sql.Append("-- not selectable (no CloudTrail event source for the service): ").Append(pattern).Append('\n');
        }

        sql.Append("UNLOAD (\n  SELECT ").AppendJoin(", ", Columns).Append("\n  FROM ").Append(table).Append("\n  WHERE ");
        var conditions = new List<string>();
        if (since is { } s)
        {
            conditions.Add($"eventtime >= '{s.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}'");
        }

        if (until is { } u)
        {
            conditions.Add($"eventtime < '{u.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}'");
        }

        if (!everything)
        {
            var any = new List<string> { "errorcode IN ('AccessDenied', 'AccessDeniedException', 'Client.UnauthorizedOperation', 'UnauthorizedOperation')" };
            any.AddRange(filters);
            conditions.Add("(\n    " + string.Join("\n    OR ", any) + "\n  )");
        }

        sql.Append(conditions.Count == 0 ? "true" : string.Join("\n  AND ", conditions));
        sql.Append("\n)\nTO '").Append(output).Append("'\nWITH (format = 'JSON', compression = 'GZIP')\n");
        return sql.ToString();
    }
}
