using System.Buffers;
using System.Text;
using System.Text.Unicode;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Core.Yaml;

/// <summary>
/// The one way definition, catalog and manifest files are decoded: UTF-8 (a leading BOM is accepted and dropped), and
/// anything else refused with GCF1028 at the first byte that is not UTF-8. A Shift_JIS or Latin-1 file would otherwise
/// be read as replacement characters (an OU named "������") and pass every later check.
/// </summary>
public static class StrictUtf8
{
    /// <summary>Reads and decodes a file; null with GCF1028 (or GCF1007 when it cannot be read) added to <paramref name="diagnostics"/>.</summary>
    public static string? ReadFile(string fullPath, string displayPath, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(fullPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diagnostics.Report(DiagnosticCodes.IoError, $"cannot read the file: {ex.Message}", new SourceLocation(displayPath), "check that the file exists and is readable");
            return null;
        }

        return Decode(bytes, displayPath, diagnostics);
    }

    /// <summary>
    /// Decodes bytes as UTF-8; null with GCF1028 (or the stage's own <paramref name="code"/> and <paramref name="hint"/>,
    /// as for the account CSV) at the line and column of the first invalid byte.
    /// </summary>
    public static string? Decode(ReadOnlySpan<byte> bytes, string displayPath, DiagnosticBag diagnostics, DiagnosticDescriptor? code = null, string? hint = null)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);

        // A UTF-16 (or UTF-32) byte-order mark says what the file is: converting it as Shift_JIS would garble it.
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            var encoding = bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]) ? "UTF-32LE" : bytes[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
            diagnostics.Report(
                code ?? DiagnosticCodes.NotUtf8,
                $"the file is not UTF-8: it starts with the byte-order mark of {encoding} (0x{bytes[0]:X2} 0x{bytes[1]:X2})",
                new SourceLocation(displayPath, 1, 1),
                $"save the file as UTF-8 (with or without BOM); for example: iconv -f {encoding} -t UTF-8 FILE");
            return null;
        }

        var bom = bytes.StartsWith("\uFEFF"u8) ? 3 : 0;
        var body = bytes[bom..];
        var chars = new char[body.Length];
        var status = Utf8.ToUtf16(body, chars, out var read, out var written, replaceInvalidSequences: false, isFinalBlock: true);
        if (status == OperationStatus.Done)
        {
            return new string(chars, 0, written);
        }

        // read = the bytes before the first invalid sequence: count lines and characters up to it.
        var before = body[..read];
        var line = before.Count((byte)'\n') + 1;
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        var column = Encoding.UTF8.GetCharCount(before[lineStart..]) + 1;
        var bad = read < body.Length ? $"byte 0x{body[read]:X2} at offset {read + bom}" : "the last bytes";
        diagnostics.Report(
            code ?? DiagnosticCodes.NotUtf8,
            $"the file is not UTF-8: {bad} cannot start or continue a UTF-8 character (Shift_JIS and Latin-1 files look like this)",
            new SourceLocation(displayPath, line, column),
            hint ?? "save the file as UTF-8 (with or without BOM); for example: iconv -f SHIFT_JIS -t UTF-8 FILE");
        return null;
    }
}
