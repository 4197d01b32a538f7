using System.Collections.Immutable;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Core.Definition;

/// <summary>
/// A fast reading of <c>org-lock.yaml</c> in exactly the form <c>govcfct org lock</c> writes it
/// (<see cref="Organization.OrgLockWriter.Write"/>): at the largest organizations the lock lists tens of thousands of
/// accounts, and a general YAML parse of it took a quarter of a build. Every line must be one the writer produces and
/// every value must pass the strict reader's checks; anything else (a hand edit, a comment after a value, another
/// quoting, an error to report) returns null and the strict reader reads the file as before, so the result of a lock
/// read here is the result the strict reader gives, locations included.
/// </summary>
internal static class CanonicalOrgLock
{
    private const string PathKey = "  - path: ";
    private const string IdKey = "    id: ";
    private const string HoldsLine = "    holds_accounts: true";
    private const string AccountsLine = "    accounts:";
    private const string OuAccountItem = "      - ";
    private const string RootAccountItem = "  - ";

    public static OrgLock? TryRead(string text, string displayPath, string? root = null)
    {
        var lines = text.Split('\n');
        var i = 0;
        while (i < lines.Length && lines[i].StartsWith('#'))
        {
            i++;
        }

        if (Value(lines, i++, "organization_id: ") is not { } organizationId || !NameRules.IsOrganizationId(organizationId)
            || Quoted(Value(lines, i++, "management_account_id: ")) is not { } management || !NameRules.IsAccountId(management)
            || Value(lines, i++, "root_id: ") is not { } rootId || !NameRules.IsRootId(rootId))
        {
            return null;
        }

        var rootAccounts = ImmutableArray<string>.Empty;
        if (i < lines.Length && lines[i] == "root_accounts:")
        {
            if (Accounts(lines, ref i, RootAccountItem) is not { } accounts)
            {
                return null;
            }

            rootAccounts = accounts;
        }

        if (i >= lines.Length || lines[i] != "organizational_units:")
        {
            return null;
        }

        i++;
        var ous = ImmutableSortedDictionary.CreateBuilder<string, LockedOu>(StringComparer.Ordinal);
        while (i < lines.Length && lines[i].Length > 0)
        {
            var line = i + 1;
            if (Quoted(Value(lines, i++, PathKey)) is not { Length: > 0 } path || Value(lines, i++, IdKey) is not { } id || !NameRules.IsOuId(id) || ous.ContainsKey(path))
            {
                return null;
            }

            var accounts = ImmutableArray<string>.Empty;
            if (i < lines.Length && lines[i] == HoldsLine)
            {
                i++;
                if (i >= lines.Length || lines[i] != AccountsLine || Accounts(lines, ref i, OuAccountItem) is not { } listed)
                {
                    return null;
                }

                accounts = listed;
            }

            // The strict reader places an OU at its mapping, which starts at the 'path' key after "  - ".
            ous[path] = new LockedOu(path, id, !accounts.IsEmpty, new SourceLocation(displayPath, line, RootAccountItem.Length + 1) { Root = root }) { Accounts = accounts };
        }

        // Only the final newline may follow: the writer ends the file there.
        if (ous.Count == 0 || i != lines.Length - 1 || lines[i].Length != 0)
        {
            return null;
        }

        return new OrgLock(organizationId, management, rootId, ous.ToImmutable(), displayPath) { RootAccounts = rootAccounts, Root = root };
    }

    // The items after a list's key line: each a quoted account id, in strictly ascending order (sorted, each once).
    private static ImmutableArray<string>? Accounts(string[] lines, ref int i, string itemPrefix)
    {
        i++;
        var result = ImmutableArray.CreateBuilder<string>();
        while (i < lines.Length && lines[i].StartsWith(itemPrefix, StringComparison.Ordinal) && (itemPrefix != RootAccountItem || !lines[i].StartsWith(PathKey, StringComparison.Ordinal)))
        {
            if (Quoted(lines[i][itemPrefix.Length..]) is not { } id || !NameRules.IsAccountId(id)
                || (result.Count > 0 && string.CompareOrdinal(result[^1], id) >= 0))
            {
                return null;
            }

            result.Add(id);
            i++;
        }

        return result.Count == 0 ? null : result.ToImmutable();
    }

    private static string? Value(string[] lines, int index, string key) =>
        index < lines.Length && lines[index].StartsWith(key, StringComparison.Ordinal) ? lines[index][key.Length..] : null;

    // A double-quoted scalar without escapes or control characters, whose text is then exactly what YAML reads.
    private static string? Quoted(string? text)
    {
        if (text is not { Length: >= 2 } || text[0] != '"' || text[^1] != '"')
        {
            return null;
        }

        var inner = text[1..^1];
        return inner.AsSpan().IndexOfAny('"', '\\') >= 0 || inner.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029' or '\ufeff') ? null : inner;
    }
}
