using System.Buffers;
using System.IO.Compression;
using System.Text.Json;

namespace GovCfct.Core.Replay;

/// <summary>What to do with one record's bytes before it is parsed.</summary>
public delegate bool RecordFilter(ReadOnlySpan<byte> record);

/// <summary>
/// Streams the records of one CloudTrail log file (<c>{"Records":[{...},{...}]}</c>, gzip or plain) or of an Athena
/// UNLOAD result (one JSON object per line), one record at a time: the bytes of each record are framed in a buffer that
/// only grows to the largest record, offered to a filter, and only then parsed with <see cref="Utf8JsonReader"/>. A window
/// of any size is read in constant memory.
/// </summary>
public static class CloudTrailFileReader
{
    private const int InitialBuffer = 1 << 16;

    private static readonly SearchValues<byte> Structural = SearchValues.Create("\"{}"u8);
    private static readonly SearchValues<byte> InString = SearchValues.Create("\"\\"u8);

    /// <summary>The counts of one file.</summary>
    public readonly record struct FileCounts(long Records, long Parsed);

    /// <summary>
    /// Reads every record of <paramref name="stream"/>; gzip is recognized by its magic bytes. Each record's bytes go to
    /// <paramref name="filter"/> (null: keep all); kept records are parsed and given to <paramref name="onRecord"/>.
    /// Throws <see cref="InvalidDataException"/> for a file that is not gzip/JSON or is cut off (the caller reports it).
    /// </summary>
    public static FileCounts Read(Stream stream, RecordFilter? filter, Action<CloudTrailRecord> onRecord)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(onRecord);
        var magic = new byte[2];
        var peeked = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        using var prefixed = new PrefixedStream(magic.AsMemory(0, peeked), stream);
        using var input = peeked == 2 && magic[0] == 0x1f && magic[1] == 0x8b
            ? new GZipStream(prefixed, CompressionMode.Decompress, leaveOpen: true)
            : (Stream)new PrefixedStream(ReadOnlyMemory<byte>.Empty, prefixed);
        return Frame(input, filter, onRecord);
    }

    private static FileCounts Frame(Stream input, RecordFilter? filter, Action<CloudTrailRecord> onRecord)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
        try
        {
            var length = 0;
            var eof = false;
            long records = 0, parsed = 0;

            // Mode: records are the objects at brace depth 1 (inside {"Records": [...]}) or 0 (JSON lines).
            int recordDepth = -1, depth = 0, pos = 0, recordStart = -1;
            var inString = false;
            while (true)
            {
                if (pos >= length)
                {
                    if (eof)
                    {
                        break;
                    }

                    // Keep the unfinished record (or nothing) and refill.
                    var keepFrom = recordStart >= 0 ? recordStart : pos;
                    var keep = length - keepFrom;
                    if (keepFrom > 0 && keep > 0)
                    {
                        Buffer.BlockCopy(buffer, keepFrom, buffer, 0, keep);
                    }

                    if (recordStart >= 0)
                    {
                        recordStart = 0;
                    }

                    pos = keep;
                    length = keep;
                    if (length == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        Buffer.BlockCopy(buffer, 0, larger, 0, length);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    var read = input.ReadAtLeast(buffer.AsSpan(length), Math.Min(buffer.Length - length, InitialBuffer), throwOnEndOfStream: false);
                    if (read == 0)
                    {
                        eof = true;
                    }

                    length += read;
                    if (recordDepth < 0)
                    {
                        // The first read holds 64 KiB or the whole file: enough to tell the shape.
                        DecideMode(buffer.AsSpan(0, length), out recordDepth);
                    }

                    continue;
                }

                if (inString)
                {
                    var next = buffer.AsSpan(pos, length - pos).IndexOfAny(InString);
                    if (next < 0)
                    {
                        pos = length;
                        continue;
                    }

                    pos += next;
                    if (buffer[pos] == (byte)'\\')
                    {
                        if (pos + 1 >= length && !eof)
                        {
                            // The escaped character is in the next block: look at the backslash again after refilling.
                            pos = RefillKeeping(ref buffer, ref length, ref recordStart, pos, input, ref eof);
                            continue;
                        }

                        pos += 2;
                        continue;
                    }

                    inString = false;
                    pos++;
                    continue;
                }

                var found = buffer.AsSpan(pos, length - pos).IndexOfAny(Structural);
                if (found < 0)
                {
                    pos = length;
                    continue;
                }

                pos += found;
                switch (buffer[pos])
                {
                    case (byte)'"':
                        inString = true;
                        break;
                    case (byte)'{':
                        if (depth == recordDepth && recordStart < 0)
                        {
                            recordStart = pos;
                        }

                        depth++;
                        break;
                    default:
                        depth--;
                        if (depth < 0)
                        {
                            throw new InvalidDataException("unbalanced '}'");
                        }

                        if (depth == recordDepth && recordStart >= 0)
                        {
                            records++;
                            var span = buffer.AsSpan(recordStart, pos + 1 - recordStart);
                            recordStart = -1;
                            if (filter is null || filter(span))
                            {
                                parsed++;
                                CloudTrailRecord record;
                                try
                                {
                                    record = CloudTrailRecordParser.Parse(span);
                                }
                                catch (JsonException ex)
                                {
                                    throw new InvalidDataException($"record {records} is not valid JSON: {ex.Message}", ex);
                                }

                                onRecord(record);
                            }
                        }

                        break;
                }

                pos++;
            }

            if (recordDepth < 0 && length > 0 && !buffer.AsSpan(0, length).Trim(" \t\r\n"u8).IsEmpty)
            {
                throw new InvalidDataException("not a CloudTrail log file: it starts with neither {\"Records\": nor a JSON object per line");
            }

            if (inString || depth != 0 || recordStart >= 0)
            {
                throw new InvalidDataException($"the file ends inside a record (after {records} complete record(s)): it is cut off");
            }

            return new FileCounts(records, parsed);
        }
        catch (InvalidDataException)
        {
            throw;
        }
        catch (IOException ex)
        {
            throw new InvalidDataException($"cannot be decompressed: {ex.Message}", ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Moves the bytes from the open record (or from <paramref name="pos"/>) to the front and reads more; returns the new position.</summary>
    private static int RefillKeeping(ref byte[] buffer, ref int length, ref int recordStart, int pos, Stream input, ref bool eof)
    {
        var keepFrom = recordStart >= 0 ? recordStart : pos;
        var keep = length - keepFrom;
        Buffer.BlockCopy(buffer, keepFrom, buffer, 0, keep);
        var newPos = pos - keepFrom;
        if (recordStart >= 0)
        {
            recordStart = 0;
        }

        length = keep;
        if (length == buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
            Buffer.BlockCopy(buffer, 0, larger, 0, length);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = larger;
        }

        var read = input.ReadAtLeast(buffer.AsSpan(length), 1, throwOnEndOfStream: false);
        eof = read == 0;
        length += read;
        return newPos;
    }

    /// <summary><c>{"Records":</c> at the start: records at depth 1; another <c>{</c>: JSON lines, records at depth 0.</summary>
    private static void DecideMode(ReadOnlySpan<byte> data, out int recordDepth)
    {
        recordDepth = -1;
        if (data.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            data = data[3..];
        }

        var text = data.TrimStart(" \t\r\n"u8);
        if (text.IsEmpty)
        {
            return;
        }

        if (text[0] != (byte)'{')
        {
            throw new InvalidDataException("not a CloudTrail log file: it does not start with a JSON object");
        }

        recordDepth = text[1..].TrimStart(" \t\r\n"u8).StartsWith("\"Records\""u8) ? 1 : 0;
    }

    /// <summary>The bytes already read to recognize gzip, then the rest of the stream; never closes the stream.</summary>
    private sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream inner) : Stream
    {
        private ReadOnlyMemory<byte> _prefix = prefix;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_prefix.IsEmpty)
            {
                return inner.Read(buffer);
            }

            var n = Math.Min(buffer.Length, _prefix.Length);
            _prefix.Span[..n].CopyTo(buffer);
            _prefix = _prefix[n..];
            return n;
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
