using System.Collections.Immutable;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Yaml;
using YamlDotNet.RepresentationModel;

namespace GovCfct.Core.Definition;

/// <summary>
/// Reads <c>org-lock.yaml</c> strictly (same reader as the definition): ids in Organizations' forms, each OU path
/// once. Returns null after reporting when anything is wrong, so no build targets a half-read lock.
/// </summary>
public sealed class OrgLockReader(DiagnosticBag diagnostics)
{
    private static readonly string[] TopKeys = ["organization_id", "management_account_id", "root_id", "root_accounts", "organizational_units", "example"];
    private static readonly string[] RequiredTopKeys = ["organization_id", "management_account_id", "root_id", "organizational_units"];
    private static readonly string[] OuKeys = ["path", "id", "holds_accounts", "accounts"];
    private static readonly string[] OuRequired = ["path", "id"];

    /// <summary>The absolute folder <c>displayPath</c> is relative to (<see cref="SourceLocation.Root"/>); null when it is relative to the current directory.</summary>
    public string? Root { get; init; }

    /// <summary>Reads the lock at <paramref name="fullPath"/>; <paramref name="displayPath"/> names it in diagnostics.</summary>
    public OrgLock? Read(string fullPath, string displayPath) => Read(fullPath, displayPath, canonicalFastPath: true);

    /// <summary>The same reading; without <paramref name="canonicalFastPath"/> always through the YAML parser (tests compare both).</summary>
    internal OrgLock? Read(string fullPath, string displayPath, bool canonicalFastPath)
    {
        var errorsBefore = diagnostics.Items.Count(d => d.IsError);
        var text = StrictUtf8.ReadFile(fullPath, displayPath, diagnostics);
        if (text is null)
        {
            return null;
        }

        // The writer's own form reads without a YAML parse (a lock of tens of thousands of accounts); any other form,
        // and every problem to report, goes through the strict reader.
        if (canonicalFastPath && CanonicalOrgLock.TryRead(text, displayPath, Root) is { } canonical)
        {
            return canonical;
        }

        var reader = new YamlFileReader(displayPath, diagnostics) { Root = Root };
        if (StrictYaml.ParseMapping(text, displayPath, YamlFileReader.Codes, diagnostics) is not { } top)
        {
            return null;
        }

        var fields = reader.Read(top, displayPath, TopKeys, RequiredTopKeys);
        var organizationId = Checked(reader, fields, "organization_id", NameRules.IsOrganizationId, "o-exampleorg1 (Organizations' id, o- and 10-32 letters or digits)");
        var management = Checked(reader, fields, "management_account_id", NameRules.IsAccountId, "\"111122223333\" (12 digits, quoted)");
        var rootId = Checked(reader, fields, "root_id", NameRules.IsRootId, "r-ab12");
        var rootAccounts = fields.Node("root_accounts") is { } rootNode ? Accounts(reader, rootNode, "'root_accounts'") : [];
        var ous = ImmutableSortedDictionary.CreateBuilder<string, LockedOu>(StringComparer.Ordinal);
        if (fields.Node("organizational_units") is { } list && reader.ExpectSequence(list, "'organizational_units'") is { } sequence)
        {
            foreach (var item in sequence.Children)
            {
                if (reader.ExpectMapping(item, "an entry of 'organizational_units'") is not { } mapping)
                {
                    continue;
                }

                var ou = reader.Read(mapping, "an OU of the lock", OuKeys, OuRequired);
                var path = ou.String("path");
                var id = Checked(reader, ou, "id", NameRules.IsOuId, "ou-ab12-abcdefgh");
                var accounts = ou.Node("accounts") is { } accountsNode ? Accounts(reader, accountsNode, $"the accounts of OU '{path}'") : [];
                var holds = (ou.Bool("holds_accounts") ?? false) || !accounts.IsEmpty;
                if (path is null || id is null)
                {
                    continue;
                }

                if (ous.TryGetValue(path, out var first))
                {
                    diagnostics.Report(DiagnosticCodes.InvalidOrgLock, $"OU '{path}' is locked twice; first at {first.Location}", reader.At(mapping), "regenerate the lock with govcfct org lock");
                    continue;
                }

                ous[path] = new LockedOu(path, id, holds, reader.At(mapping)) { Accounts = accounts };
            }
        }

        if (diagnostics.Items.Count(d => d.IsError) > errorsBefore || organizationId is null || management is null || rootId is null)
        {
            return null;
        }

        // example: true marks the lock GovCfct ships; validate and publish refuse it (ShippedPlaceholders.Check).
        var example = fields.Bool("example") is true ? reader.At(fields.Node("example")!) : null;
        return new OrgLock(organizationId, management, rootId, ous.ToImmutable(), displayPath) { RootAccounts = rootAccounts, Example = example, Root = Root };
    }

    /// <summary>A list of quoted 12-digit account ids, sorted and each once (the writer's form).</summary>
    private ImmutableArray<string> Accounts(YamlFileReader reader, YamlNode node, string what)
    {
        if (reader.ExpectStringList(node, what) is not { } items)
        {
            return [];
        }

        var result = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (value, itemNode) in items)
        {
            if (!NameRules.IsAccountId(value))
            {
                diagnostics.Report(DiagnosticCodes.InvalidOrgLock, $"'{value}' in {what} is not an account id", reader.At(itemNode), "write 12 digits in quotes, or regenerate the lock with govcfct org lock");
            }
            else if (!result.Add(value))
            {
                diagnostics.Report(DiagnosticCodes.InvalidOrgLock, $"account {value} is listed twice in {what}", reader.At(itemNode), "regenerate the lock with govcfct org lock");
            }
        }

        return [.. result];
    }

    private string? Checked(YamlFileReader reader, YamlFileReader.Members fields, string key, Func<string, bool> isValid, string example)
    {
        var value = fields.String(key);
        if (value is not null && !isValid(value))
        {
            diagnostics.Report(DiagnosticCodes.InvalidOrgLock, $"{key} '{value}' is not in Organizations' form", reader.At(fields.Node(key)!), $"write it like {example}, or regenerate the lock with govcfct org lock");
            return null;
        }

        return value;
    }
}
