using System.Collections.Immutable;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Core.Organization;

/// <summary>The outcome of reading a snapshot: the snapshot when there were no errors, and every diagnostic.</summary>
public sealed record OrgSnapshotReadResult(OrgSnapshot? Snapshot, ImmutableArray<Diagnostic> Diagnostics)
{
    public bool Success => Snapshot is not null && !Diagnostics.Any(d => d.IsError);
}

/// <summary>
/// Reads and writes snapshot files. Writing is deterministic (sorted, LF, UTF-8 without BOM, no timestamps)
/// so two snapshots of an unchanged organization are byte-identical and diff cleanly in review.
/// </summary>
public static class OrgSnapshotSerializer
{
    private static readonly JsonSerializerOptions ReadOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        AllowTrailingCommas = false,
        ReadCommentHandling = JsonCommentHandling.Disallow,
    };

    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        NewLine = "\n",
        IndentSize = 2,
        // Japanese OU and account names stay readable in the file.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The snapshot as file text (ends with a newline).</summary>
    public static string Serialize(OrgSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var sorted = Normalize(snapshot);
        var file = new SnapshotFile
        {
            FormatVersion = OrgSnapshot.FormatVersion,
            OrganizationId = snapshot.OrganizationId,
            ManagementAccountId = snapshot.ManagementAccountId,
            RootId = snapshot.RootId,
            OrganizationalUnits = [.. sorted.OrganizationalUnits.Select(o => new OuEntry(o.Id, o.Name, o.ParentId, o.Path))],
            Accounts = [.. sorted.Accounts.Select(a => new AccountEntry(a.Id, a.Name, a.Email, a.Status, a.ParentId, a.Joined))],
            Policies = [.. sorted.Policies.Select(p => new PolicyEntry(p.Id, p.Name, p.Type, p.AwsManaged, [.. p.Targets]) { Content = p.Content })],
        };
        return JsonSerializer.Serialize(file, WriteOptions) + "\n";
    }

    /// <summary>The snapshot as file bytes: UTF-8 without BOM.</summary>
    public static byte[] SerializeToUtf8(OrgSnapshot snapshot) => new UTF8Encoding(false).GetBytes(Serialize(snapshot));

    /// <summary>Sorts every list ordinally (OUs by path, accounts by id, policies by type/name/id, targets by id).</summary>
    public static OrgSnapshot Normalize(OrgSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return snapshot with
        {
            OrganizationalUnits = [.. snapshot.OrganizationalUnits.OrderBy(o => o.Path, StringComparer.Ordinal).ThenBy(o => o.Id, StringComparer.Ordinal)],
            Accounts = [.. snapshot.Accounts.OrderBy(a => a.Id, StringComparer.Ordinal)],
            Policies = [.. snapshot.Policies
                .Select(p => p with { Targets = [.. p.Targets.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)] })
                .OrderBy(p => p.Type, StringComparer.Ordinal)
                .ThenBy(p => p.Name, StringComparer.Ordinal)
                .ThenBy(p => p.Id, StringComparer.Ordinal)],
        };
    }

    /// <summary>Reads a snapshot file; <paramref name="displayPath"/> is the path diagnostics name.</summary>
    public static OrgSnapshotReadResult ReadFile(string path, string displayPath)
    {
        string text;
        try
        {
            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new OrgSnapshotReadResult(null, [new Diagnostic(DiagnosticCodes.IoError, $"cannot read the organization snapshot: {ex.Message}", new SourceLocation(displayPath), "check the path given to --org")]);
        }

        return Read(text, displayPath);
    }

    /// <summary>Reads snapshot text: JSON syntax, members and types first (with line and column), then consistency.</summary>
    public static OrgSnapshotReadResult Read(string text, string displayPath)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text.TrimStart('\uFEFF')))
        {
            // System.Text.Json's own words ("The input does not contain any JSON tokens") say nothing a user can act on.
            return new OrgSnapshotReadResult(null, [new Diagnostic(
                DiagnosticCodes.SnapshotInvalid,
                "the organization snapshot is empty (a snapshot is the JSON 'govcfct org snapshot' writes); a failed or interrupted snapshot leaves such a file",
                new SourceLocation(displayPath),
                "take the snapshot again: govcfct org snapshot --out FILE, and check that it exits 0")]);
        }

        SnapshotFile? file;
        try
        {
            file = JsonSerializer.Deserialize<SnapshotFile>(text, ReadOptions);
        }
        catch (JsonException ex)
        {
            var line = ex.LineNumber is { } l ? (int)l + 1 : 0;
            var column = ex.BytePositionInLine is { } c ? (int)c + 1 : 0;
            return new OrgSnapshotReadResult(null, [new Diagnostic(
                DiagnosticCodes.SnapshotInvalid,
                $"not a valid organization snapshot: {FirstSentence(ex.Message)}",
                new SourceLocation(displayPath, line, column),
                "write the file with 'govcfct org snapshot --out FILE' instead of editing it by hand")]);
        }

        var location = new SourceLocation(displayPath);
        if (file is null)
        {
            return new OrgSnapshotReadResult(null, [new Diagnostic(DiagnosticCodes.SnapshotInvalid, "not a valid organization snapshot: the file holds null", location)]);
        }

        if (file.FormatVersion != OrgSnapshot.FormatVersion)
        {
            return new OrgSnapshotReadResult(null, [new Diagnostic(
                DiagnosticCodes.SnapshotUnsupportedVersion,
                $"snapshot formatVersion {file.FormatVersion} is not supported (this GovCfct reads {OrgSnapshot.FormatVersion})",
                location,
                "take a new snapshot with this version: govcfct org snapshot --out FILE")]);
        }

        var snapshot = new OrgSnapshot(
            file.OrganizationId,
            file.ManagementAccountId,
            file.RootId,
            [.. file.OrganizationalUnits.Select(o => new OrgUnit(o.Id, o.Name, o.ParentId, o.Path))],
            [.. file.Accounts.Select(a => new OrgAccount(a.Id, a.Name, a.Email, a.Status, a.ParentId, a.Joined))],
            [.. file.Policies.Select(p => new OrgPolicy(p.Id, p.Name, p.Type, p.AwsManaged, [.. p.Targets]) { Content = p.Content })]);
        var diagnostics = Check(snapshot, location);
        return new OrgSnapshotReadResult(diagnostics.Any(d => d.IsError) ? null : Normalize(snapshot), diagnostics);
    }

    /// <summary>Consistency rules a hand-edited or truncated file could break; all are reported at once.</summary>
    internal static ImmutableArray<Diagnostic> Check(OrgSnapshot snapshot, SourceLocation location)
    {
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        void Error(string message) => diagnostics.Add(new Diagnostic(DiagnosticCodes.SnapshotInconsistent, message, location, "take a new snapshot with govcfct org snapshot"));

        var ids = new HashSet<string>(StringComparer.Ordinal) { snapshot.RootId };
        var ous = new Dictionary<string, OrgUnit>(StringComparer.Ordinal);
        foreach (var ou in snapshot.OrganizationalUnits)
        {
            if (!ids.Add(ou.Id))
            {
                Error($"id '{ou.Id}' appears more than once");
            }

            ous[ou.Id] = ou;
        }

        foreach (var ou in snapshot.OrganizationalUnits)
        {
            if (ou.ParentId != snapshot.RootId && !ous.ContainsKey(ou.ParentId))
            {
                Error($"OU '{ou.Id}' ({ou.Name}) has parent '{ou.ParentId}', which is neither the root nor an OU of the snapshot");
                continue;
            }

            var expected = ou.ParentId == snapshot.RootId ? ou.Name : ous[ou.ParentId].Path + ":" + ou.Name;
            if (!string.Equals(expected, ou.Path, StringComparison.Ordinal))
            {
                Error($"OU '{ou.Id}' has path '{ou.Path}' but its place in the tree gives '{expected}'");
            }
        }

        foreach (var account in snapshot.Accounts)
        {
            if (!ids.Add(account.Id))
            {
                Error($"id '{account.Id}' appears more than once");
            }

            if (account.ParentId != snapshot.RootId && !ous.ContainsKey(account.ParentId))
            {
                Error($"account '{account.Id}' ({account.Name}) has parent '{account.ParentId}', which is neither the root nor an OU of the snapshot");
            }
        }

        var policyIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var policy in snapshot.Policies)
        {
            if (!policyIds.Add(policy.Id))
            {
                Error($"policy id '{policy.Id}' appears more than once");
            }

            foreach (var target in policy.Targets.Where(t => !ids.Contains(t)))
            {
                Error($"policy '{policy.Name}' is attached to '{target}', which is not the root, an OU or an account of the snapshot");
            }
        }

        return diagnostics.ToImmutable();
    }

    private static string FirstSentence(string message)
    {
        var missing = System.Text.RegularExpressions.Regex.Match(message, "missing required properties including: (.+?)\\.?( Path:|$)");
        if (missing.Success)
        {
            return $"a member is missing: {missing.Groups[1].Value}";
        }

        var unknown = System.Text.RegularExpressions.Regex.Match(message, "The JSON property '([^']*)' could not be mapped");
        if (unknown.Success)
        {
            return $"unknown member '{unknown.Groups[1].Value}'";
        }

        // System.Text.Json appends "Path: $.x | LineNumber: n | BytePositionInLine: m."; the location carries that.
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        var path = message.IndexOf("Path: ", StringComparison.Ordinal) is var p and >= 0
            ? message[(p + 6)..].Split(' ', 2)[0]
            : null;
        var head = cut > 0 ? message[..cut] : message;
        return path is null or "$" ? head : $"{head} (at {path})";
    }

    /// <summary>The file's shape; <c>organizationId</c> may be null (snapshots of a management account that cannot describe it).</summary>
    private sealed class SnapshotFile
    {
        public required int FormatVersion { get; init; }

        public string? OrganizationId { get; init; }

        public required string ManagementAccountId { get; init; }

        public required string RootId { get; init; }

        public required List<OuEntry> OrganizationalUnits { get; init; }

        public required List<AccountEntry> Accounts { get; init; }

        public required List<PolicyEntry> Policies { get; init; }
    }

    private sealed record OuEntry(string Id, string Name, string ParentId, string Path);

    // Joined is optional (older snapshots lack it) and omitted when unknown, so existing files stay byte-identical.
    private sealed record AccountEntry(
        string Id,
        string Name,
        string Email,
        string Status,
        string ParentId,
        [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? Joined = null);

    private sealed record PolicyEntry(string Id, string Name, string Type, bool AwsManaged, List<string> Targets)
    {
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? Content { get; init; }
    }
}
