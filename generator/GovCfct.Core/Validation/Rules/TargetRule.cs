using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Packaging;
using YamlDotNet.RepresentationModel;
using GovCfct.Core.Yaml;

namespace GovCfct.Core.Validation.Rules;

/// <summary>
/// Deployment targets as CfCT resolves them (manifest_parser.py): Root alone; bare OU names match direct children
/// of Root only (a mistyped or nested bare name matches nothing and deletes instances); paths match level by
/// level, case-sensitively; accounts are 12-digit quoted ids or names; scp/rcp ignore accounts.
/// </summary>
internal sealed class TargetRule : IValidationRule
{
    public IReadOnlyList<DiagnosticDescriptor> Codes { get; } =
    [
        DiagnosticCodes.AccountItemNull, DiagnosticCodes.TargetsEmpty, DiagnosticCodes.TargetsRootWithOthers, DiagnosticCodes.TargetsAccountsOnPolicy,
        DiagnosticCodes.AccountIdUnquoted, DiagnosticCodes.AccountIdMalformed, DiagnosticCodes.OuNotFound,
        DiagnosticCodes.OuBareNameOfNestedOu, DiagnosticCodes.OuCaseMismatch, DiagnosticCodes.AccountNotFound,
        DiagnosticCodes.OuIdNotSupported,
    ];

    public void Check(PackageContext context, DiagnosticBag diagnostics)
    {
        var org = context.Organization is { } snapshot
            ? new OrgIndex(snapshot.OrganizationalUnits.Select(o => (o.Name, o.Path)), snapshot)
            : context.Options.Definition is { } definition
                ? new OrgIndex(definition.AllOus().Select(o => (o.Name, o.Path)), null)
                : null;
        foreach (var node in context.Manifest.Resources)
        {
            if (!node.Legacy && node.Child("deployment_targets") is not YamlMappingNode)
            {
                continue;
            }

            var targets = node.TargetsNode;
            var ous = (node.OrganizationalUnits?.Children ?? []).OfType<YamlScalarNode>().ToList();
            var accounts = (node.Accounts?.Children ?? []).OfType<YamlScalarNode>().ToList();
            var isPolicy = node.Resource is { DeployMethod: not DeployMethod.StackSet };
            if (ous.Count == 0 && (accounts.Count == 0 || isPolicy))
            {
                diagnostics.Report(DiagnosticCodes.TargetsEmpty, isPolicy ? "the policy has no organizational_units, so CfCT attaches it nowhere" : "the stack set has no target OU or account, so CfCT deploys no instance", context.Manifest.At(targets), "list organizational_units (or accounts for a stack set)");
            }

            if (ous.Any(o => o.Value == "Root") && ous.Count > 1)
            {
                var other = ous.First(o => o.Value != "Root");
                diagnostics.Report(DiagnosticCodes.TargetsRootWithOthers, "'Root' is listed with other OUs; CfCT then ignores the others (Root already covers every enrolled account)", context.Manifest.At(other), "list Root alone, or only the OUs");
            }

            if (isPolicy && accounts.Count > 0)
            {
                diagnostics.Report(DiagnosticCodes.TargetsAccountsOnPolicy, "accounts are not supported for scp and rcp resources; CfCT ignores them and attaches the policy to no account", context.Manifest.At(accounts[0]), "target the accounts' OUs instead");
            }

            foreach (var ou in ous)
            {
                CheckOu(context, org, ou, diagnostics);
            }

            foreach (var account in accounts)
            {
                if (YamlScalars.Resolve(account) == YamlScalarKind.Null)
                {
                    // "- # the 12-digit account id or ..." is a YAML null: yorm's String turns it into "", which
                    // get_final_account_list treats as an account name that matches nothing, and drops.
                    diagnostics.Report(DiagnosticCodes.AccountItemNull, $"this accounts item is empty{(account.Value is { Length: > 0 } v ? $" ('{v}')" : string.Empty)}: YAML reads it as null, CfCT turns it into an empty account name, finds no such account and deploys no instance for it", context.Manifest.At(account), "write the quoted 12-digit account id or the account name on the item's line (a comment after '- ' is no value)");
                    continue;
                }

                CheckAccount(context, org, account, diagnostics);
            }
        }
    }

    private static void CheckOu(PackageContext context, OrgIndex? org, YamlScalarNode ou, DiagnosticBag diagnostics)
    {
        var text = ou.Value ?? string.Empty;
        var at = context.Manifest.At(ou);
        if (Placeholders.Find(text) is { } placeholder)
        {
            diagnostics.Report(DiagnosticCodes.PlaceholderLeft, $"OU '{text}' is a placeholder ('{placeholder}'); CfCT matches no OU with it and silently leaves it out", at, "write the real OU name (top level) or path A:B:C");
            return;
        }

        if (NameRules.IsOuId(text))
        {
            diagnostics.Report(DiagnosticCodes.OuIdNotSupported, $"'{text}' is an OU id; CfCT only matches OU names and paths", at, "write the OU's name (top level) or its full path A:B:C");
            return;
        }

        if (org is null || text == "Root")
        {
            return;
        }

        // CfCT: split on ':', strip every segment, drop empty ones.
        var path = string.Join(':', text.Split(':').Select(s => s.Trim()).Where(s => s.Length > 0));
        var nested = text.Contains(':', StringComparison.Ordinal);
        if (nested ? org.Paths.Contains(path) : org.TopLevel.Contains(path))
        {
            return;
        }

        var caseMatch = (nested ? org.Paths : org.TopLevel).FirstOrDefault(p => string.Equals(p, path, StringComparison.OrdinalIgnoreCase));
        if (caseMatch is not null)
        {
            diagnostics.Report(DiagnosticCodes.OuCaseMismatch, $"OU '{text}' differs only in case from '{caseMatch}'; CfCT matches OU names case-sensitively", at, $"write '{caseMatch}'");
            return;
        }

        if (!nested && org.NestedByName.TryGetValue(path, out var fullPaths))
        {
            diagnostics.Report(DiagnosticCodes.OuBareNameOfNestedOu, $"'{text}' is not a top-level OU; a bare name matches only direct children of Root, so CfCT finds nothing (and deletes existing stack instances)", at, $"write the full path: {string.Join(" or ", fullPaths)}");
            return;
        }

        diagnostics.Report(DiagnosticCodes.OuNotFound, $"OU '{text}' does not exist in the {(org.Snapshot is null ? "definition" : "organization")}", at, "fix the name; a bare name that matches nothing makes CfCT delete the stack instances it had deployed");
    }

    private static void CheckAccount(PackageContext context, OrgIndex? org, YamlScalarNode account, DiagnosticBag diagnostics)
    {
        var text = account.Value ?? string.Empty;
        var at = context.Manifest.At(account);
        // An id the organization really has is no placeholder, whatever documentation it also appears in.
        var inOrganization = org?.Snapshot?.Accounts.Any(a => a.Id == text) ?? false;
        var sample = Placeholders.IsSampleAccountId(text) && !inOrganization;
        var placeholder = inOrganization ? null : Placeholders.Find(text);
        if (placeholder is not null || sample)
        {
            diagnostics.Report(DiagnosticCodes.PlaceholderLeft, $"account '{text}' is a placeholder{(sample ? " (a sample account id)" : $" ('{placeholder}')")}; CfCT finds no such account and silently drops it", at, "write the real 12-digit account id (quoted) or account name");
            return;
        }

        var digits = text.Length > 0 && text.All(char.IsAsciiDigit);

        // yorm turns every item into a string with str(): an unquoted 123456789012 stays "123456789012". Only an id
        // PyYAML reads as octal (leading 0, digits 0-7) changes value; a leading 0 with an 8 or 9 stays a string.
        if (digits && YamlScalars.IsOctal(account))
        {
            diagnostics.Report(DiagnosticCodes.AccountIdUnquoted, $"account id {text} is not quoted: YAML reads it as the octal number {YamlScalars.IntText(account)}, so CfCT looks for an account named '{YamlScalars.IntText(account)}' and drops it", at, $"quote it: \"{text}\"");
            return;
        }

        if (digits && text.Length != 12)
        {
            diagnostics.Report(DiagnosticCodes.AccountIdMalformed, $"'{text}' is not a 12-digit account id; CfCT treats it as an account name, finds none and drops it", at, "write the full 12-digit id (quoted)");
            return;
        }

        if (org?.Snapshot is null || text.Length == 0)
        {
            return;
        }

        var found = digits
            ? org.Snapshot.Accounts.FirstOrDefault(a => a.Id == text)
            : org.Snapshot.Accounts.FirstOrDefault(a => string.Equals(a.Name, text, StringComparison.OrdinalIgnoreCase));
        if (found is null)
        {
            diagnostics.Report(DiagnosticCodes.AccountNotFound, $"account '{text}' does not exist in the organization; CfCT silently drops it", at, "fix the id or name");
        }
        else if (found.Status != "ACTIVE")
        {
            diagnostics.Report(DiagnosticCodes.AccountNotFound, $"account '{text}' is {found.Status}; CfCT only deploys to ACTIVE accounts", at, "remove it from the targets");
        }
    }

    /// <summary>Lookups over the snapshot built once per run, so checks stay linear in the number of targets.</summary>
    private sealed class OrgIndex
    {
        public OrgIndex(IEnumerable<(string Name, string Path)> ous, OrgSnapshot? snapshot)
        {
            Snapshot = snapshot;
            foreach (var ou in ous)
            {
                Paths.Add(ou.Path);
                if (!ou.Path.Contains(':', StringComparison.Ordinal))
                {
                    TopLevel.Add(ou.Path);
                }
                else
                {
                    if (!NestedByName.TryGetValue(ou.Name, out var list))
                    {
                        NestedByName[ou.Name] = list = [];
                    }

                    list.Add(ou.Path);
                    list.Sort(StringComparer.Ordinal);
                }
            }
        }

        /// <summary>Null when the OUs come from the definition: accounts can then not be checked.</summary>
        public OrgSnapshot? Snapshot { get; }

        public HashSet<string> Paths { get; } = new(StringComparer.Ordinal);

        public HashSet<string> TopLevel { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, List<string>> NestedByName { get; } = new(StringComparer.Ordinal);
    }
}
