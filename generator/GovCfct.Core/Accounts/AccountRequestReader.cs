using System.Collections.Immutable;
using System.Text;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Yaml;

namespace GovCfct.Core.Accounts;

/// <summary>
/// Reads the account request CSV (RFC 4180: comma separated, double-quoted fields may hold commas, quotes as
/// <c>""</c> and line breaks; CRLF or LF). UTF-8 with or without BOM, because Excel on Japanese Windows saves
/// "CSV UTF-8" with a BOM and other tools do not. The first row is the header; columns are matched by name.
/// </summary>
public sealed class AccountRequestReader
{
    public AccountRequestReadResult ReadFile(string path, string displayPath)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new(null, [new Diagnostic(DiagnosticCodes.IoError, $"cannot read '{displayPath}': {ex.Message}", new SourceLocation(displayPath))]);
        }

        return Read(bytes, displayPath);
    }

    public AccountRequestReadResult Read(ReadOnlySpan<byte> bytes, string displayPath)
    {
        var diagnostics = new DiagnosticBag();
        var file = new SourceLocation(displayPath);

        // The one decoding rule of every file people write (BOM accepted), with the CSV's own code and advice.
        if (StrictUtf8.Decode(bytes, displayPath, diagnostics, DiagnosticCodes.AccountCsvEncoding, "save the CSV as 'CSV UTF-8' (Shift_JIS is not accepted)") is not { } text)
        {
            return new(null, [.. diagnostics.Sorted()]);
        }

        var records = Parse(text, displayPath, diagnostics);
        if (diagnostics.HasErrors)
        {
            return new(null, [.. diagnostics.Sorted()]);
        }

        if (records.Count == 0)
        {
            diagnostics.Report(DiagnosticCodes.AccountCsvEmpty, "the file has no header row", file, $"start the file with the header: {string.Join(',', AccountColumns.Required)}");
            return new(null, [.. diagnostics.Sorted()]);
        }

        var header = records[0];
        var columnIndex = ReadHeader(header, displayPath, diagnostics);
        if (diagnostics.HasErrors)
        {
            return new(null, [.. diagnostics.Sorted()]);
        }

        var requests = ImmutableArray.CreateBuilder<AccountRequest>();
        foreach (var record in records.Skip(1))
        {
            if (record.Fields.Count != header.Fields.Count)
            {
                diagnostics.Report(DiagnosticCodes.AccountCsvFieldCount, $"the row has {record.Fields.Count} field(s), the header {header.Fields.Count}", new SourceLocation(displayPath, record.Line, 1), "quote values that contain commas, and give every row one value per header column");
                continue;
            }

            requests.Add(ToRequest(record, columnIndex, displayPath, diagnostics));
        }

        if (requests.Count == 0 && !diagnostics.HasErrors)
        {
            diagnostics.Report(DiagnosticCodes.AccountCsvEmpty, "the file has a header but no account request rows", new SourceLocation(displayPath, header.Line, 1), "add one row per account to create");
        }

        var set = new AccountRequestSet(displayPath, [.. header.Fields.Select(f => f.Value)], requests.ToImmutable());
        return new(set, [.. diagnostics.Sorted()]);
    }

    private static Dictionary<string, int> ReadHeader(CsvRecord header, string displayPath, DiagnosticBag diagnostics)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var known = AccountColumns.Required.Concat(AccountColumns.Optional).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < header.Fields.Count; i++)
        {
            var field = header.Fields[i];
            var name = field.Value.Trim();
            var location = new SourceLocation(displayPath, field.Position.Line, field.Position.Column);
            if (!known.Contains(name))
            {
                // Extra columns (a requester's notes, an output Status column) are common; warn, do not fail.
                var near = known.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
                diagnostics.Report(DiagnosticCodes.AccountCsvUnknownColumn, $"unknown column '{name}'; its values are ignored", location, near is null ? null : $"column names are case-sensitive: did you mean '{near}'?");
                continue;
            }

            if (!index.TryAdd(name, i))
            {
                diagnostics.Report(DiagnosticCodes.AccountCsvDuplicateColumn, $"column '{name}' appears more than once in the header", location, "keep one column of each name");
            }
        }

        foreach (var required in AccountColumns.Required.Where(r => !index.ContainsKey(r)))
        {
            diagnostics.Report(DiagnosticCodes.AccountCsvMissingColumn, $"required column '{required}' is missing from the header", new SourceLocation(displayPath, header.Line, 1), $"the header needs: {string.Join(',', AccountColumns.Required)} (optional: {string.Join(',', AccountColumns.Optional)})");
        }

        return index;
    }

    private static AccountRequest ToRequest(CsvRecord record, Dictionary<string, int> columnIndex, string displayPath, DiagnosticBag diagnostics)
    {
        string Value(string column) => columnIndex.TryGetValue(column, out var i) ? record.Fields[i].Value.Trim() : string.Empty;
        var positions = columnIndex.ToImmutableDictionary(kv => kv.Key, kv => record.Fields[kv.Value].Position, StringComparer.Ordinal);
        var tags = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var tagText = Value(AccountColumns.Tags);
        if (tagText.Length > 0)
        {
            var position = positions[AccountColumns.Tags];
            var location = new SourceLocation(displayPath, position.Line, position.Column);
            foreach (var pair in tagText.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                var key = equals > 0 ? pair[..equals].Trim() : string.Empty;
                if (key.Length == 0)
                {
                    diagnostics.Report(DiagnosticCodes.AccountTagsInvalid, $"tag '{pair}' is not key=value", location, "write tags as key=value;key=value");
                }
                else if (!tags.TryAdd(key, pair[(equals + 1)..].Trim()))
                {
                    diagnostics.Report(DiagnosticCodes.AccountTagsInvalid, $"tag key '{key}' appears twice", location, "give each tag key once");
                }
            }
        }

        return new AccountRequest(
            record.Line,
            Value(AccountColumns.AccountName),
            Value(AccountColumns.AccountEmail),
            Value(AccountColumns.OrganizationalUnit),
            Value(AccountColumns.AdminEmail),
            Value(AccountColumns.AdminFirstName),
            Value(AccountColumns.AdminLastName),
            Value(AccountColumns.PermissionSet),
            tags.ToImmutable(),
            positions);
    }

    /// <summary>RFC 4180 with line/column tracking; blank lines between records are skipped.</summary>
    private static List<CsvRecord> Parse(string text, string displayPath, DiagnosticBag diagnostics)
    {
        var records = new List<CsvRecord>();
        var fields = new List<CsvField>();
        var value = new StringBuilder();
        int line = 1, column = 1, i = 0;
        var recordLine = 1;
        var fieldStart = new CsvPosition(1, 1);
        var atFieldStart = true;
        var recordTouched = false;

        void EndField()
        {
            fields.Add(new CsvField(value.ToString(), fieldStart));
            value.Clear();
            atFieldStart = true;
        }

        void EndRecord()
        {
            // A line with nothing on it is not a record (trailing newline, blank separator lines).
            if (!recordTouched)
            {
                fields.Clear();
                return;
            }

            records.Add(new CsvRecord(recordLine, [.. fields]));
            fields.Clear();
            recordTouched = false;
        }

        while (i < text.Length)
        {
            var c = text[i];
            if (c == '"' && atFieldStart)
            {
                // Quoted field: runs to the next lone quote; "" is a literal quote; line breaks are kept.
                var quoteAt = new CsvPosition(line, column);
                atFieldStart = false;
                recordTouched = true;
                i++;
                column++;
                var closed = false;
                while (i < text.Length)
                {
                    var q = text[i];
                    if (q == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            value.Append('"');
                            i += 2;
                            column += 2;
                            continue;
                        }

                        i++;
                        column++;
                        closed = true;
                        break;
                    }

                    if (q == '\n')
                    {
                        line++;
                        column = 1;
                    }
                    else
                    {
                        column++;
                    }

                    value.Append(q);
                    i++;
                }

                if (!closed)
                {
                    diagnostics.Report(DiagnosticCodes.AccountCsvMalformed, "the quoted field is never closed", new SourceLocation(displayPath, quoteAt.Line, quoteAt.Column), "end the value with a double quote; write a quote inside a value as \"\"");
                    return records;
                }

                if (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                {
                    diagnostics.Report(DiagnosticCodes.AccountCsvMalformed, "text follows the closing quote of a field", new SourceLocation(displayPath, line, column), "put the whole value inside the quotes; write a quote inside a value as \"\"");
                    return records;
                }

                continue;
            }

            switch (c)
            {
                case ',':
                    EndField();
                    i++;
                    column++;
                    fieldStart = new CsvPosition(line, column);
                    recordTouched = true;
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    i++;
                    break;
                case '\r' or '\n':
                    EndField();
                    EndRecord();
                    i++;
                    line++;
                    column = 1;
                    recordLine = line;
                    fieldStart = new CsvPosition(line, 1);
                    break;
                case '"':
                    diagnostics.Report(DiagnosticCodes.AccountCsvMalformed, "a double quote inside an unquoted field", new SourceLocation(displayPath, line, column), "quote the whole value and double the inner quote: \"a \"\"b\"\"\"");
                    return records;
                default:
                    value.Append(c);
                    atFieldStart = false;
                    recordTouched = true;
                    i++;
                    column++;
                    break;
            }
        }

        if (recordTouched)
        {
            EndField();
            EndRecord();
        }

        return records;
    }

    private sealed record CsvField(string Value, CsvPosition Position);

    private sealed record CsvRecord(int Line, IReadOnlyList<CsvField> Fields);
}
