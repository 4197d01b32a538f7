using System.Text.RegularExpressions;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Yaml;
using YamlDotNet.RepresentationModel;

namespace GovCfct.Core.Definition;

/// <summary>
/// The values GovCfct's shipped definition (<c>manifest/</c>) holds where an organization's own belong: its sample account
/// ids, the example org lock's organization, root and OU ids, the Account Factory and Identity Center ids of
/// account-vending and the addresses at <c>govcloud.example.com</c>. Each looks real enough to pass every shape check
/// (Organizations, Service Catalog and Identity Center accept the forms), which is why they are named one by one: a
/// package holding one deploys against nothing (CfCT stops at the first stack set whose id is refused) or, for the
/// organization id, silently drops every member's events. <c>build</c> warns (the shipped definition must build),
/// <c>validate</c> and <c>publish</c> refuse.
/// </summary>
public static partial class ShippedPlaceholders
{
    /// <summary>The shipped placeholder in <paramref name="text"/>, or null.</summary>
    public static string? Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = Pattern().Match(text);
        return match.Success ? match.Value : null;
    }

    /// <summary>
    /// The shipped placeholder in a value of a package (any CfCT package, not only GovCfct's), or null: every shipped value
    /// except the sequential sample ids (012345678901, 234567890123 ... 901234567890), which other packages' examples use as
    /// often as real ids; the definition check still refuses them where the shipped definition holds them.
    /// </summary>
    public static string? FindInPackage(string text) => Find(text) is { } found && !SequentialOuAccount().IsMatch(found) ? found : null;

    /// <summary>
    /// Every shipped placeholder in the definition's files (<c>organization.yaml</c>, <c>ous/**/*.yaml</c>,
    /// <c>org-lock.yaml</c>), at its file and line: errors (GCF2086, GCF2087) when <paramref name="refuse"/> (validate,
    /// publish), warnings (GCF1050, GCF1051) otherwise (build). An org lock still marked <c>example: true</c> is one
    /// finding for the whole file; a lock without the mark is searched like the other files, its ids counted in one
    /// finding per kind so a hand-edited lock does not bury the rest.
    /// </summary>
    public static void Check(GovernanceDefinition definition, bool refuse, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var directory = definition.SourceDirectory;
        var files = new List<string> { "organization.yaml" };
        var ous = Path.Combine(directory, "ous");
        if (Directory.Exists(ous))
        {
            files.AddRange(Directory.EnumerateFiles(ous, "*.yaml", SearchOption.AllDirectories)
                .Select(full => Path.GetRelativePath(directory, full).Replace('\\', '/'))
                .Order(StringComparer.Ordinal));
        }

        foreach (var file in files)
        {
            foreach (var (value, placeholder, location) in Scalars(directory, file))
            {
                Report(diagnostics, refuse, value, placeholder, location, null);
            }
        }

        if (definition.Lock is not { } orgLock)
        {
            return;
        }

        if (orgLock.Example is { } example)
        {
            diagnostics.Report(
                refuse ? DiagnosticCodes.ExampleOrgLock : DiagnosticCodes.ExampleOrgLockBuilt,
                $"{OrgLock.FileName} is the example GovCfct ships (example: true), not a lock of this organization: its organization id {orgLock.OrganizationId}, root {orgLock.RootId} and {orgLock.Ous.Count} OU ids exist nowhere, so Control Tower controls target OUs that do not exist and the central bus admits no member account",
                example,
                "take a snapshot of the organization and regenerate the lock: govcfct org snapshot --out org.json, then govcfct org lock --org org.json --out manifest/org-lock.yaml (it writes no example: key)");
            return;
        }

        // One finding per kind of id (organization, root, OU, account), at its first line.
        foreach (var group in Scalars(directory, OrgLock.FileName).GroupBy(f => f.Placeholder.All(char.IsAsciiDigit) ? "account" : f.Placeholder[..f.Placeholder.IndexOf('-', StringComparison.Ordinal)]))
        {
            var (value, placeholder, location) = group.First();
            var more = group.Count() - 1;
            Report(diagnostics, refuse, value, placeholder, location, more > 0 ? $" (and {more} more in {OrgLock.FileName})" : null);
        }
    }

    private static void Report(DiagnosticBag diagnostics, bool refuse, string value, string placeholder, SourceLocation location, string? more)
    {
        var (what, consequence, help) = Kind(placeholder) switch
        {
            PlaceholderKind.Account => ("a sample account id", "CfCT and AWS find no such account in the organization", "write the organization's real 12-digit account id, quoted (docs/definition.md, \"Values to replace\"), or remove the entry"),
            PlaceholderKind.Organization => ("an id of the example organization", "Control Tower controls target OUs that do not exist and a bus policy keyed to it admits no member account", "regenerate org-lock.yaml from the organization: govcfct org lock --org org.json --out manifest/org-lock.yaml"),
            PlaceholderKind.Email => ("an address at the example domain", "no mail arrives there (example.com is reserved for documentation, RFC 2606)", "write an address of the organization that receives mail"),
            _ => ("an example Account Factory or IAM Identity Center id", "Service Catalog or Identity Center refuses it and CfCT stops at the stack set that holds it", "write the organization's Account Factory product, artifact and portfolio ids and its Identity Center instance and identity store ids (docs/accounts.md)"),
        };
        var shown = value == placeholder ? $"'{value}'" : $"'{placeholder}' in '{value}'";
        diagnostics.Report(
            refuse ? DiagnosticCodes.ShippedPlaceholder : DiagnosticCodes.ShippedPlaceholderBuilt,
            $"{shown} is {what} of the definition GovCfct ships, not this organization's{more}: {consequence}",
            location,
            help);
    }

    private static PlaceholderKind Kind(string placeholder) =>
        placeholder.Contains('@', StringComparison.Ordinal) ? PlaceholderKind.Email
        : placeholder.All(char.IsAsciiDigit) ? PlaceholderKind.Account
        : placeholder.StartsWith("o-", StringComparison.Ordinal) || placeholder.StartsWith("r-", StringComparison.Ordinal) || placeholder.StartsWith("ou-", StringComparison.Ordinal) ? PlaceholderKind.Organization
        : PlaceholderKind.Vending;

    /// <summary>Every scalar value (not key) of the file holding a shipped placeholder; nothing when the file is missing or no YAML (the loader reports that).</summary>
    private static List<(string Value, string Placeholder, SourceLocation Location)> Scalars(string directory, string file)
    {
        var found = new List<(string, string, SourceLocation)>();
        var full = Path.Combine(directory, file);
        if (!File.Exists(full))
        {
            return found;
        }

        // The loader has read (and reported) the file already; a file it refused holds nothing more to find.
        if (StrictYaml.ReadMapping(full, file, YamlFileReader.Codes, new DiagnosticBag()) is { } top)
        {
            Walk(top, file, found);
        }

        var root = Path.GetFullPath(directory);
        return found.ConvertAll(f => (f.Item1, f.Item2, f.Item3 with { Root = root }));
    }

    private static void Walk(YamlNode node, string file, List<(string, string, SourceLocation)> found)
    {
        switch (node)
        {
            case YamlScalarNode { Value: { } value } scalar when Find(value) is { } placeholder:
                found.Add((value, placeholder, StrictYaml.At(file, scalar.Start)));
                break;
            case YamlSequenceNode sequence:
                foreach (var child in sequence.Children)
                {
                    Walk(child, file, found);
                }

                break;
            case YamlMappingNode mapping:
                foreach (var child in mapping.Children.Values)
                {
                    Walk(child, file, found);
                }

                break;
        }
    }

    private enum PlaceholderKind
    {
        Account,
        Organization,
        Email,
        Vending,
    }

    // The shipped definition's sample account ids (management 111122223333, audit 210987654321, log archive 012345678901,
    // the OUs' accounts and the example lock's 6000000000nn), the example organization (o-0example000, r-0exa,
    // ou-0exa-...), account-vending's Service Catalog and Identity Center ids, and any address at govcloud.example.com
    // (example.com is reserved for documentation, RFC 2606). Whole tokens only, so a longer id never matches.
    [GeneratedRegex(@"^(?:012345678901|234567890123|345678901234|456789012345|567890123456|678901234567|789012345678|890123456789|901234567890)$")]
    private static partial Regex SequentialOuAccount();

    [GeneratedRegex(@"(?<![A-Za-z0-9])(?:111122223333|210987654321|012345678901|123456789012|234567890123|345678901234|456789012345|567890123456|678901234567|789012345678|890123456789|901234567890|6000000000[0-9]{2}|o-0example000|r-0exa|ou-0exa-[0-9a-z]{8,32}|prod-replaceme000000|pa-replaceme000000|port-replaceme000000|ssoins-0000replaceme000|d-0000000000)(?![A-Za-z0-9])|[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\.)*govcloud\.example\.com(?![A-Za-z0-9.-])")]
    private static partial Regex Pattern();
}
