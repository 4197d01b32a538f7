using System.Collections.Immutable;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Core.Definition;

/// <summary>
/// Reads <c>org-lock.yaml</c> strictly (same reader as the definition): ids in Organizations' forms, each OU path
/// once. Returns null after reporting when anything is wrong, so no build targets a half-read lock.
/// </summary>
public sealed class OrgLockReader(DiagnosticBag diagnostics)
{
    private static readonly string[] TopKeys = ["organization_id", "management_account_id", "root_id", "organizational_units"];
    private static readonly string[] OuKeys = ["path", "id", "holds_accounts"];
    private static readonly string[] OuRequired = ["path", "id"];

    /// <summary>Reads the lock at <paramref name="fullPath"/>; <paramref name="displayPath"/> names it in diagnostics.</summary>
    public OrgLock? Read(string fullPath, string displayPath)
    {
        var errorsBefore = diagnostics.Items.Count(d => d.IsError);
        var reader = new YamlFileReader(displayPath, diagnostics);
        if (reader.ReadTopMapping(fullPath) is not { } top)
        {
            return null;
        }

        var fields = reader.Read(top, displayPath, TopKeys, TopKeys);
        var organizationId = Checked(reader, fields, "organization_id", NameRules.IsOrganizationId, "o-exampleorg1 (Organizations' id, o- and 10-32 letters or digits)");
        var management = Checked(reader, fields, "management_account_id", NameRules.IsAccountId, "\"111122223333\" (12 digits, quoted)");
        var rootId = Checked(reader, fields, "root_id", NameRules.IsRootId, "r-ab12");
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
                var holds = ou.Bool("holds_accounts") ?? false;
                if (path is null || id is null)
                {
                    continue;
                }

                if (ous.TryGetValue(path, out var first))
                {
                    diagnostics.Error(DiagnosticCodes.InvalidOrgLock, $"OU '{path}' is locked twice; first at {first.Location}", reader.At(mapping), "regenerate the lock with govcfct org lock");
                    continue;
                }

                ous[path] = new LockedOu(path, id, holds, reader.At(mapping));
            }
        }

        if (diagnostics.Items.Count(d => d.IsError) > errorsBefore || organizationId is null || management is null || rootId is null)
        {
            return null;
        }

        return new OrgLock(organizationId, management, rootId, ous.ToImmutable(), displayPath);
    }

    private string? Checked(YamlFileReader reader, YamlFileReader.Members fields, string key, Func<string, bool> isValid, string example)
    {
        var value = fields.String(key);
        if (value is not null && !isValid(value))
        {
            diagnostics.Error(DiagnosticCodes.InvalidOrgLock, $"{key} '{value}' is not in Organizations' form", reader.At(fields.Node(key)!), $"write it like {example}, or regenerate the lock with govcfct org lock");
            return null;
        }

        return value;
    }
}
