using System.Collections.Immutable;
using System.Text.RegularExpressions;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;

namespace GovCfct.Core.Accounts;

/// <summary>What to check the requests against: the definition always, the organization when a snapshot is given.</summary>
public sealed record AccountRequestCheckOptions(AccountRequestSet Requests, GovernanceDefinition Definition)
{
    public OrgSnapshot? Organization { get; init; }

    /// <summary>How the snapshot file is named in findings that concern it.</summary>
    public string? OrganizationDisplayPath { get; init; }

    /// <summary>The reader's findings (bad tags, short rows); they count for the all-or-nothing rule and are reported with the checker's.</summary>
    public ImmutableArray<Diagnostic> ReadDiagnostics { get; init; } = [];

    /// <summary>Controls the built package delivers organization-wide (conformance packs): an opt-out of one splits nothing.</summary>
    public IReadOnlySet<string>? OrganizationWideControls { get; init; }
}

/// <summary>The findings and the accepted rows: all rows when no error was found, none otherwise (a batch is all or nothing).</summary>
public sealed record AccountRequestCheckResult(ImmutableArray<Diagnostic> Diagnostics, ImmutableArray<AccountRequest> Accepted)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}

/// <summary>
/// Checks account requests before anything is created: Account Factory fails one account at a time, minutes
/// in, and CfCT's account matching (by name or id in manifest <c>accounts</c>) silently picks the wrong account
/// for look-alike names. Every row is checked; nothing is accepted when any row is wrong.
/// </summary>
public sealed partial class AccountRequestChecker
{
    /// <summary>Organizations' CreateAccountName: 1-50 printable ASCII characters.</summary>
    public const int MaxAccountNameLength = 50;

    public AccountRequestCheckResult Check(AccountRequestCheckOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var diagnostics = new DiagnosticBag();
        diagnostics.AddRange(options.ReadDiagnostics);
        var file = options.Requests.DisplayPath;
        var ous = options.Definition.AllOus().ToDictionary(o => o.Path, StringComparer.Ordinal);
        var snapshotOus = options.Organization?.OrganizationalUnits.Select(o => o.Path).ToHashSet(StringComparer.Ordinal);
        var existingNames = ExistingAccounts(options, a => a.Name, StringComparer.OrdinalIgnoreCase);
        var existingEmails = ExistingAccounts(options, a => a.Email, StringComparer.OrdinalIgnoreCase);
        var seenNames = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var seenEmails = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var where = options.OrganizationDisplayPath is null ? "the definition" : $"the organization ({options.OrganizationDisplayPath}) or the definition";

        foreach (var row in options.Requests.Requests)
        {
            foreach (var column in AccountColumns.Required)
            {
                if (ValueOf(row, column).Length == 0)
                {
                    diagnostics.Report(DiagnosticCodes.AccountValueMissing, $"{column} is empty", row.At(file, column), $"fill in {column} for this account");
                }
            }

            CheckName(row, file, existingNames, seenNames, where, diagnostics);
            CheckEmail(row, AccountColumns.AccountEmail, file, diagnostics);
            CheckEmail(row, AccountColumns.AdminEmail, file, diagnostics);
            if (row.AccountEmail.Length > 0)
            {
                var at = row.At(file, AccountColumns.AccountEmail);
                if (seenEmails.TryGetValue(row.AccountEmail, out var firstLine))
                {
                    diagnostics.Report(DiagnosticCodes.AccountEmailDuplicate, $"account e-mail '{row.AccountEmail}' is also used on line {firstLine}", at, "every AWS account needs its own e-mail address");
                }
                else
                {
                    seenEmails.Add(row.AccountEmail, row.Line);
                }

                if (existingEmails.TryGetValue(row.AccountEmail, out var owner))
                {
                    diagnostics.Report(DiagnosticCodes.AccountEmailExists, $"account e-mail '{row.AccountEmail}' already belongs to account '{owner}' in {where}", at, "use an address no AWS account uses yet");
                }
            }

            CheckOu(row, file, ous, snapshotOus, options.OrganizationDisplayPath, options.Definition, options.OrganizationWideControls, diagnostics);
            if (row.PermissionSet.Length > 0 && !PermissionSetName().IsMatch(row.PermissionSet))
            {
                diagnostics.Report(DiagnosticCodes.AccountPermissionSetInvalid, $"permission set name '{row.PermissionSet}' is not valid (1-32 characters: letters, digits, +=,.@-_)", row.At(file, AccountColumns.PermissionSet), "name an existing Identity Center permission set, or leave the cell empty for the organization's AdminPermissionSetName");
            }
        }

        ImmutableArray<Diagnostic> all = [.. diagnostics.Sorted()];
        return new(all, all.Any(d => d.IsError) ? [] : options.Requests.Requests);
    }

    /// <summary>The controls in effect at <paramref name="ouPath"/>: assignments of the OU and its ancestors, minus exemptions on the way down.</summary>
    public static ImmutableSortedSet<string> EffectiveControls(GovernanceDefinition definition, string ouPath)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var controls = ImmutableSortedSet.CreateBuilder<string>(StringComparer.Ordinal);
        var node = definition.Root;
        Apply(node);
        foreach (var name in ouPath.Split(':'))
        {
            node = node.Children.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal));
            if (node is null)
            {
                return [];
            }

            Apply(node);
        }

        return controls.ToImmutable();

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

    private static void CheckName(AccountRequest row, string file, Dictionary<string, string> existing, Dictionary<string, int> seen, string where, DiagnosticBag diagnostics)
    {
        var name = row.AccountName;
        if (name.Length == 0)
        {
            return;
        }

        var at = row.At(file, AccountColumns.AccountName);
        if (name.Length > MaxAccountNameLength || !PrintableAscii().IsMatch(name))
        {
            diagnostics.Report(DiagnosticCodes.AccountNameInvalid, $"account name '{name}' is not 1-{MaxAccountNameLength} printable ASCII characters, which Organizations requires", at, "use a romanized name (e.g. the system's English name); Japanese text belongs in AdminFirstName/AdminLastName or a tag");
        }
        else if (!ProvisionedProductName().IsMatch(ProvisionedProductNameOf(name)))
        {
            diagnostics.Report(DiagnosticCodes.AccountNameInvalid, $"account name '{name}' becomes the Service Catalog provisioned product name '{ProvisionedProductNameOf(name)}', which Service Catalog refuses (a letter or digit first, then only letters, digits, '.', '_' and '-')", at, "use letters, digits, spaces, '.', '_' and '-' only, starting with a letter or digit");
        }

        if (TwelveDigits().IsMatch(name))
        {
            diagnostics.Report(DiagnosticCodes.AccountNameLooksLikeId, $"account name '{name}' is 12 digits: CfCT reads 12-digit entries of a manifest's accounts list as account ids", at, "add letters to the name");
        }

        if (seen.TryGetValue(name, out var firstLine))
        {
            diagnostics.Report(DiagnosticCodes.AccountNameDuplicate, $"account name '{name}' is also requested on line {firstLine} (names are compared ignoring case)", at, "give each account a distinct name");
        }
        else
        {
            seen.Add(name, row.Line);
        }

        if (existing.TryGetValue(name, out var account))
        {
            diagnostics.Report(DiagnosticCodes.AccountNameExists, $"account name '{name}' matches existing account {account} in {where} (ignoring case); CfCT's account matching would confuse them", at, "choose a name no account of the organization uses, in any letter case");
        }
    }

    private static void CheckEmail(AccountRequest row, string column, string file, DiagnosticBag diagnostics)
    {
        var email = ValueOf(row, column);
        if (email.Length > 0 && !IsValidEmail(email))
        {
            diagnostics.Report(DiagnosticCodes.AccountEmailInvalid, $"{column} '{email}' is not an e-mail address AWS accepts", row.At(file, column), "6-64 ASCII characters, one @, a domain with a dot, no spaces or \"'()<>[]:;,\\|%& in the local part");
        }
    }

    /// <summary>Organizations' rules for an account e-mail (CreateAccount documentation); Identity Center is no stricter.</summary>
    public static bool IsValidEmail(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        if (email.Length is < 6 or > 64 || email.Any(c => c > 0x7E || c < 0x21))
        {
            return false;
        }

        var at = email.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != email.LastIndexOf('@'))
        {
            return false;
        }

        var local = email[..at];
        var domain = email[(at + 1)..];
        return !local.StartsWith('.')
            && local.IndexOfAny(['"', '\'', '(', ')', '<', '>', '[', ']', ':', ';', ',', '\\', '|', '%', '&']) < 0
            && EmailDomain().IsMatch(domain);
    }

    private static void CheckOu(AccountRequest row, string file, Dictionary<string, OuNode> ous, HashSet<string>? snapshotOus, string? snapshotName, GovernanceDefinition definition, IReadOnlySet<string>? organizationWide, DiagnosticBag diagnostics)
    {
        var path = row.OrganizationalUnit;
        if (path.Length == 0)
        {
            return;
        }

        var at = row.At(file, AccountColumns.OrganizationalUnit);
        if (path.StartsWith("Root", StringComparison.Ordinal) && (path.Length == 4 || path[4] == ':'))
        {
            diagnostics.Report(DiagnosticCodes.AccountOuUnknown, $"OU '{path}': new accounts go into an OU, written without Root", at, "write the OU path as CfCT does: Workloads:Municipalities:Tokyo");
            return;
        }

        var exists = snapshotOus?.Contains(path) == true;
        if (!ous.ContainsKey(path) && !exists)
        {
            var near = ous.Keys.FirstOrDefault(k => string.Equals(k, path, StringComparison.OrdinalIgnoreCase))
                ?? ous.Keys.Where(k => k.EndsWith(":" + path, StringComparison.Ordinal)).Order(StringComparer.Ordinal).FirstOrDefault();
            var governedParent = NewAccountCoverage.Check(definition, path, organizationWide).All(f => f.Code != DiagnosticCodes.AccountOuUngoverned) && path.Contains(':', StringComparison.Ordinal);
            diagnostics.Report(
                DiagnosticCodes.AccountOuUnknown,
                $"OU '{path}' is not in the definition{(snapshotOus is null ? string.Empty : $" nor in the organization ({snapshotName})")}",
                at,
                near is not null
                    ? $"did you mean '{near}'? OU paths are case-sensitive and nested OUs need their full path"
                    : governedParent
                        ? "use the full OU path in CfCT's form (A:B:C); to use a new OU, create it under its governed parent and register it with Control Tower first: a new OU under a governed subtree is covered by inheritance and automatic deployment without a rebuild"
                        : "use the full OU path in CfCT's form (A:B:C), as declared in the definition");
            return;
        }

        if (snapshotOus is not null && !exists)
        {
            diagnostics.Report(DiagnosticCodes.AccountOuNotInOrganization, $"OU '{path}' is in the definition but not in the organization ({snapshotName})", at, "create the OU (and register it with Control Tower) first, then take a new snapshot with 'govcfct org snapshot'");
        }

        // Covered or not: the same rules plan --new-account reports (an OU of the organization that the definition does
        // not declare is a new OU, judged by its nearest declared ancestor).
        foreach (var finding in NewAccountCoverage.Check(definition, path, organizationWide))
        {
            diagnostics.Report(finding.Code, finding.Message, at, finding.Hint);
        }
    }

    private static Dictionary<string, string> ExistingAccounts(AccountRequestCheckOptions options, Func<OrgAccount, string> key, StringComparer comparer)
    {
        var result = new Dictionary<string, string>(comparer);
        if (options.Organization is { } org)
        {
            foreach (var account in org.Accounts.OrderBy(a => a.Id, StringComparer.Ordinal))
            {
                result.TryAdd(key(account), $"{account.Id} ({account.Name})");
            }
        }

        foreach (var ou in options.Definition.AllOus())
        {
            foreach (var account in ou.Accounts)
            {
                result.TryAdd(key(new OrgAccount(account.Id, account.Name, account.Email ?? string.Empty, "ACTIVE", ou.Path)), $"{account.Id} ({account.Name})");
            }
        }

        result.Remove(string.Empty);
        return result;
    }

    private static string ValueOf(AccountRequest row, string column) => column switch
    {
        AccountColumns.AccountName => row.AccountName,
        AccountColumns.AccountEmail => row.AccountEmail,
        AccountColumns.OrganizationalUnit => row.OrganizationalUnit,
        AccountColumns.AdminEmail => row.AdminEmail,
        AccountColumns.AdminFirstName => row.AdminFirstName,
        AccountColumns.AdminLastName => row.AdminLastName,
        AccountColumns.PermissionSet => row.PermissionSet,
        _ => string.Empty,
    };

    [GeneratedRegex(@"^[\u0020-\u007E]+\z")]
    private static partial Regex PrintableAscii();

    /// <summary>The account-vending state machine names the provisioned product after the account, spaces as hyphens.</summary>
    public static string ProvisionedProductNameOf(string accountName) => accountName.Replace(' ', '-');

    /// <summary>Service Catalog's ProvisionedProductName pattern (ProvisionProduct API reference).</summary>
    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9._-]{0,127}\\z")]
    private static partial Regex ProvisionedProductName();

    [GeneratedRegex("^[0-9]{12}\\z")]
    private static partial Regex TwelveDigits();

    [GeneratedRegex(@"^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+\z")]
    private static partial Regex EmailDomain();

    /// <summary>Identity Center's PermissionSet name: <c>[\w+=,.@-]+</c>, 1-32.</summary>
    [GeneratedRegex(@"^[A-Za-z0-9_+=,.@-]{1,32}\z")]
    private static partial Regex PermissionSetName();
}
