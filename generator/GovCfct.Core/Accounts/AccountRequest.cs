using System.Collections.Immutable;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Core.Accounts;

/// <summary>Where a CSV cell starts (1-based line and character column), so each finding points at its cell.</summary>
public sealed record CsvPosition(int Line, int Column);

/// <summary>
/// One row of the account request CSV: the six Account Factory parameters plus the optional permission set and
/// tags. <see cref="Positions"/> maps a column name to where its cell starts.
/// </summary>
public sealed record AccountRequest(
    int Line,
    string AccountName,
    string AccountEmail,
    string OrganizationalUnit,
    string AdminEmail,
    string AdminFirstName,
    string AdminLastName,
    string PermissionSet,
    ImmutableSortedDictionary<string, string> Tags,
    ImmutableDictionary<string, CsvPosition> Positions)
{
    /// <summary>The location of <paramref name="column"/>'s cell; the row start when the column is absent.</summary>
    public SourceLocation At(string file, string column) =>
        Positions.TryGetValue(column, out var position)
            ? new SourceLocation(file, position.Line, position.Column)
            : new SourceLocation(file, Line, 1);
}

/// <summary>The rows of one CSV file in file order, with the header as written.</summary>
public sealed record AccountRequestSet(string DisplayPath, ImmutableArray<string> Header, ImmutableArray<AccountRequest> Requests);

/// <summary>Outcome of reading a CSV: the rows (null when the file cannot be read as CSV) and the findings.</summary>
public sealed record AccountRequestReadResult(AccountRequestSet? Requests, ImmutableArray<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}

/// <summary>The CSV's column names; required ones are the Account Factory product's parameters and the Admin user.</summary>
public static class AccountColumns
{
    public const string AccountName = "AccountName";
    public const string AccountEmail = "AccountEmail";
    public const string OrganizationalUnit = "OrganizationalUnit";
    public const string AdminEmail = "AdminEmail";
    public const string AdminFirstName = "AdminFirstName";
    public const string AdminLastName = "AdminLastName";
    public const string PermissionSet = "PermissionSet";
    public const string Tags = "Tags";

    /// <summary>Required, in the order the sample CSV and the docs list them.</summary>
    public static ImmutableArray<string> Required { get; } =
        [AccountName, AccountEmail, OrganizationalUnit, AdminEmail, AdminFirstName, AdminLastName];

    public static ImmutableArray<string> Optional { get; } = [PermissionSet, Tags];
}
