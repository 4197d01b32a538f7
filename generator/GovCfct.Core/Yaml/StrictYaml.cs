using GovCfct.Core.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace GovCfct.Core.Yaml;

/// <summary>
/// The codes one kind of file reports its YAML problems with. The reading rules are the same for every kind; only the
/// codes (one range per stage) and the hint's last words differ.
/// </summary>
/// <param name="Syntax">Malformed YAML (and, for the manifest, more than one document).</param>
/// <param name="DuplicateKey">A mapping repeats a key.</param>
/// <param name="Empty">The file holds nothing.</param>
/// <param name="MultipleDocuments">The file holds more than one YAML document.</param>
/// <param name="NotMapping">The top level is not a mapping.</param>
/// <param name="Consequence">Appended to the syntax hint: what happens with such a file (e.g. CfCT's Build stage fails).</param>
public sealed record YamlFileCodes(DiagnosticDescriptor Syntax, DiagnosticDescriptor DuplicateKey, DiagnosticDescriptor Empty, DiagnosticDescriptor MultipleDocuments, DiagnosticDescriptor NotMapping, string? Consequence = null);

/// <summary>
/// The one strict reading of the YAML files GovCfct takes from people — the definition (<c>organization.yaml</c>,
/// <c>ous/</c>, the org lock), the catalog (<c>control.yaml</c>) and a CfCT <c>manifest.yaml</c>: UTF-8 only
/// (<see cref="StrictUtf8"/>), one document, a mapping at the top, no repeated key, and every problem at the exact
/// line and column to fix. YamlDotNet's representation model keeps every node's position for the readers' own
/// diagnostics.
/// </summary>
public static class StrictYaml
{
    // YamlDotNet's message when a mapping repeats a key (YamlMappingNode refuses it while loading).
    private const string DuplicateKeyMessage = "Duplicate key";

    /// <summary>Reads, decodes and parses a file; its top-level mapping, or null after reporting why not.</summary>
    public static YamlMappingNode? ReadMapping(string fullPath, string displayPath, YamlFileCodes codes, DiagnosticBag diagnostics)
    {
        var text = StrictUtf8.ReadFile(fullPath, displayPath, diagnostics);
        return text is null ? null : ParseMapping(text, displayPath, codes, diagnostics);
    }

    /// <summary>Decodes and parses bytes (a file read elsewhere, a package in memory).</summary>
    public static YamlMappingNode? ParseMapping(ReadOnlySpan<byte> bytes, string displayPath, YamlFileCodes codes, DiagnosticBag diagnostics)
    {
        var text = StrictUtf8.Decode(bytes, displayPath, diagnostics);
        return text is null ? null : ParseMapping(text, displayPath, codes, diagnostics);
    }

    /// <summary>Parses text already decoded; its top-level mapping, or null after reporting why not.</summary>
    public static YamlMappingNode? ParseMapping(string text, string displayPath, YamlFileCodes codes, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(codes);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var stream = new YamlStream();
        try
        {
            using var reader = new StringReader(text);
            stream.Load(new GuardedParser(new Parser(reader)));
        }
        catch (OversizedYamlException ex)
        {
            diagnostics.Report(codes.Syntax, ex.Message, At(displayPath, ex.Start), Hint("write the structure out plainly: no deeply nested collections, no aliases that multiply the document", codes));
            return null;
        }
        catch (YamlException ex) when (IsDuplicateKey(ex))
        {
            // The representation model refuses a repeated key at its second occurrence; parsing stops there.
            diagnostics.Report(
                codes.DuplicateKey,
                $"duplicate key '{DuplicateKeyName(ex, text)}'; YAML would keep only one of the values",
                At(displayPath, ex.Start),
                "remove or merge the repeated key");
            return null;
        }
        catch (YamlException ex)
        {
            diagnostics.Report(
                codes.Syntax,
                $"malformed YAML: {CleanMessage(ex)}",
                ErrorLocation(text, displayPath, ex),
                Hint("check indentation, quoting and ':' separators near this position", codes));
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's scanner throws position-less exceptions on some broken flow collections; point at the last
            // token it could read, which is where the structure went wrong.
            var (line, column) = LastReadableToken(text);
            diagnostics.Report(
                codes.Syntax,
                "malformed YAML: an unterminated or malformed flow collection",
                new SourceLocation(displayPath, line, column),
                Hint("close every '[' and '{' and quote values that contain ':' or ','", codes));
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            diagnostics.Report(
                codes.MultipleDocuments,
                "the file holds more than one YAML document",
                At(displayPath, stream.Documents[1].RootNode.Start),
                "keep one document per file (remove the '---' line)");
            return null;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode scalar && IsNull(scalar))
        {
            diagnostics.Report(codes.Empty, "the file is empty", new SourceLocation(displayPath, 1, 1), "write the file's top-level mapping");
            return null;
        }

        var root = stream.Documents[0].RootNode;
        if (root is YamlMappingNode mapping)
        {
            return mapping;
        }

        diagnostics.Report(
            codes.NotMapping,
            $"the file must be a mapping (key: value) at the top level, found {(root is YamlSequenceNode ? "a list" : "a single value")}",
            At(displayPath, root.Start),
            "write the file as 'key: value' lines");
        return null;
    }

    /// <summary>Deepest nesting of collections a file may have (GovCfct's own files nest a dozen levels at most).</summary>
    public const int MaxDepth = 128;

    /// <summary>Nodes aliases may add beyond those written out (an alias repeats its anchor's whole subtree to every reader).</summary>
    public const long MaxAliasExpansion = 100_000;

    // The parser's events are counted as the representation model takes them, so the file is parsed once: the model is
    // built recursively (a '[' repeated 50,000 times would overflow the stack) and every reader walks aliases as full
    // copies (a few hundred bytes of nested aliases expand to billions of nodes). The count stops the load at the first
    // event beyond a limit, before the model recurses deeper or a reader walks anything.
    private sealed class GuardedParser(IParser inner) : IParser
    {
        private readonly Dictionary<string, long> _sizes = new(StringComparer.Ordinal);
        private readonly Stack<(string? Anchor, long Start)> _open = new();
        private long _written;
        private long _expanded;

        public YamlDotNet.Core.Events.ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            if (!inner.MoveNext())
            {
                return false;
            }

            switch (inner.Current)
            {
                case YamlDotNet.Core.Events.AnchorAlias alias:
                    _expanded += _sizes.GetValueOrDefault(alias.Value.Value, 1);
                    if (_expanded > MaxAliasExpansion + _written)
                    {
                        throw new OversizedYamlException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"aliases expand the file to more than {MaxAliasExpansion + _written:N0} nodes; such a file is refused"), alias.Start);
                    }

                    break;
                case YamlDotNet.Core.Events.Scalar scalar:
                    _written++;
                    if (!scalar.Anchor.IsEmpty)
                    {
                        _sizes[scalar.Anchor.Value] = 1;
                    }

                    break;
                case YamlDotNet.Core.Events.NodeEvent collection:
                    _written++;
                    _open.Push((collection.Anchor.IsEmpty ? null : collection.Anchor.Value, _written + _expanded));
                    if (_open.Count > MaxDepth)
                    {
                        throw new OversizedYamlException($"collections nest deeper than {MaxDepth} levels; such a file is refused", collection.Start);
                    }

                    break;
                case YamlDotNet.Core.Events.MappingEnd or YamlDotNet.Core.Events.SequenceEnd when _open.Count > 0:
                    var (anchor, start) = _open.Pop();
                    if (anchor is not null)
                    {
                        _sizes[anchor] = _written + _expanded - start + 1;
                    }

                    break;
            }

            return true;
        }
    }

#pragma warning disable CA1064 // Private: it never leaves ParseMapping.
    private sealed class OversizedYamlException(string message, Mark start) : Exception(message)
#pragma warning restore CA1064
    {
        public Mark Start { get; } = start;
    }

    /// <summary>YAML's null forms, written plain: empty, <c>~</c>, <c>null</c>.</summary>
    public static bool IsNull(YamlScalarNode scalar)
    {
        ArgumentNullException.ThrowIfNull(scalar);
        return scalar.Style == ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";
    }

    /// <summary>A position as a diagnostic location (YamlDotNet's marks are 1-based; a zero mark becomes 1).</summary>
    public static SourceLocation At(string displayPath, Mark mark) =>
        new(displayPath, (int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column));

    private static bool IsDuplicateKey(YamlException ex) =>
        ex.Message.Contains(DuplicateKeyMessage, StringComparison.OrdinalIgnoreCase)
        || ex.InnerException?.Message.Contains("same key", StringComparison.OrdinalIgnoreCase) == true;

    // The message names the key after "Duplicate key" in some YamlDotNet paths; otherwise read it at the position.
    private static string DuplicateKeyName(YamlException ex, string text)
    {
        var at = ex.Message.IndexOf(DuplicateKeyMessage, StringComparison.OrdinalIgnoreCase);
        var fromMessage = at >= 0 ? ex.Message[(at + DuplicateKeyMessage.Length)..].Trim() : string.Empty;
        if (fromMessage.Length > 0)
        {
            return fromMessage;
        }

        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var line = (int)ex.Start.Line;
        if (line < 1 || line > lines.Length)
        {
            return string.Empty;
        }

        var rest = lines[line - 1][Math.Min(Math.Max((int)ex.Start.Column - 1, 0), lines[line - 1].Length)..];
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        return (colon < 0 ? rest : rest[..colon]).Trim();
    }

    /// <summary>
    /// Where the problem is. The parser reports the start of the token it was reading (a scalar on an earlier line for
    /// a stray tab), so a tab complaint points at the first tab from there on: the character to fix.
    /// </summary>
    private static SourceLocation ErrorLocation(string text, string displayPath, YamlException ex)
    {
        if (CleanMessage(ex).Contains("tab", StringComparison.OrdinalIgnoreCase))
        {
            var lines = text.ReplaceLineEndings("\n").Split('\n');
            for (var line = Math.Max((int)ex.Start.Line, 1); line <= lines.Length; line++)
            {
                var from = line == ex.Start.Line ? Math.Max((int)ex.Start.Column - 1, 0) : 0;
                var tab = from < lines[line - 1].Length ? lines[line - 1].IndexOf('\t', from) : -1;
                if (tab >= 0)
                {
                    return new SourceLocation(displayPath, line, tab + 1);
                }
            }
        }

        return At(displayPath, ex.Start);
    }

    // YamlException messages repeat the position as "(Line: 3, Col: 5, Idx: ...) - (...): "; the diagnostic has it
    // already. "See inner exception" messages carry the useful text inside.
    private static string CleanMessage(YamlException ex)
    {
        var message = ex.InnerException is { } inner && ex.Message.Contains("See inner", StringComparison.Ordinal) ? inner.Message : ex.Message;
        var marker = message.IndexOf("): ", StringComparison.Ordinal);
        return marker >= 0 && message.StartsWith("(Line:", StringComparison.Ordinal) ? message[(marker + 3)..] : message;
    }

    private static string Hint(string fix, YamlFileCodes codes) => codes.Consequence is { } consequence ? $"{fix}; {consequence}" : fix;

    private static (int Line, int Column) LastReadableToken(string text)
    {
        var scanner = new Scanner(new StringReader(text));
        (int, int) last = (1, 1);
        try
        {
            while (scanner.MoveNext())
            {
                last = ((int)scanner.Current!.Start.Line, (int)scanner.Current.Start.Column);
            }
        }
        catch (Exception ex) when (ex is YamlException or InvalidOperationException or ArgumentException)
        {
            // The position of the last good token is what we want.
        }

        return last;
    }
}
