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

    /// <summary>The outputs, by name; throws <see cref="FormatException"/> on a damaged line.</summary>
    public SortedDictionary<string, string> Outputs() => Lines('O');

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
