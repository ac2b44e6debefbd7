using Newtonsoft.Json.Linq;

namespace Workflow.Pipeline;

/// <summary>
/// One unit's line in a <see cref="UnitHistory"/>: its key, version, parameters and stamp, parsed on load; its input
/// and output lines (bytes <see cref="BlockStart"/> to <see cref="BlockEnd"/> of the file) parsed only when asked for.
/// </summary>
public sealed class HistoryEntry
{
    private readonly byte[] _bytes;

    internal HistoryEntry(byte[] bytes, string key, int version, JObject parameters, string canonicalParameters, string? stamp, int lineStart, int setIndex, int blockStart)
    {
        LineStart = lineStart;
        SetIndex = setIndex;
        _bytes = bytes;
        Key = key;
        Version = version;
        Parameters = parameters;
        CanonicalParameters = canonicalParameters;
        Stamp = stamp;
        BlockStart = BlockEnd = blockStart;
    }

    public string Key { get; }

    public int Version { get; }

    public JObject Parameters { get; }

    internal string CanonicalParameters { get; }

    /// <summary>The <see cref="UnitStamp"/> recorded with it, or null.</summary>
    public string? Stamp { get; }

    /// <summary>Where its unit line starts in the file: with <see cref="BlockEnd"/>, the bytes a save can copy.</summary>
    internal int LineStart { get; }

    /// <summary>The number of its parameter set in the file it was read from.</summary>
    internal int SetIndex { get; }

    internal int BlockStart { get; }

    internal int BlockEnd { get; set; }

    /// <summary>The text of the file (or shard) it was read from.</summary>
    internal byte[] Bytes => _bytes;

    /// <summary>The outputs, by name; throws <see cref="FormatException"/> on a damaged line.</summary>
    public SortedDictionary<string, string> Outputs() => Lines('O');

    /// <summary>
    /// The hash recorded for the output <paramref name="name"/>, or null when it has none: what a unit that is up to date
    /// needs, found by comparing bytes (100,000 units are checked so in a no-op, and nothing is allocated but the hash).
    /// Throws <see cref="FormatException"/> on a damaged line.
    /// </summary>
    public string? OutputHash(string name)
    {
        var escaped = UnitHistory.Escape(name);
        var rented = escaped.Length > 170 ? System.Buffers.ArrayPool<byte>.Shared.Rent(3 * escaped.Length) : null;
        Span<byte> buffer = rented ?? stackalloc byte[512];
        try
        {
            var target = buffer[..System.Text.Encoding.UTF8.GetBytes(escaped, buffer)];
            var position = BlockStart;
            while (position < BlockEnd)
            {
                var length = Array.IndexOf(_bytes, (byte)'\n', position, BlockEnd - position) - position;
                if (_bytes[position] == 'O')
                {
                    var line = _bytes.AsSpan(position + 2, length - 2);
                    var tab = line.IndexOf((byte)'\t');
                    if (tab < 0) throw new FormatException("a history line is missing a field");
                    if (line[(tab + 1)..].SequenceEqual(target)) return System.Text.Encoding.ASCII.GetString(line[..tab]);
                }
                position += length + 1;
            }
            return null;
        }
        finally
        {
            if (rented is not null) System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The whole record; throws <see cref="FormatException"/> on a damaged line.</summary>
    public UnitRecord ToRecord() => new(Key, Version, Parameters, Lines('I'), Lines('O'), Stamp);

    private SortedDictionary<string, string> Lines(char type)
    {
        var found = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var position = BlockStart;
        while (position < BlockEnd)
        {
            var length = Array.IndexOf(_bytes, (byte)'\n', position, BlockEnd - position) - position;
            if (_bytes[position] == type)
            {
                var rest = UnitHistory.Strict.GetString(_bytes, position + 2, length - 2).AsSpan();
                var hash = UnitHistory.Field(ref rest).ToString();
                found[UnitHistory.Unescape(rest.ToString())] = hash;
            }
            position += length + 1;
        }
        return found;
    }
}
