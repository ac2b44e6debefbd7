using System.Buffers;
using System.Globalization;
using System.Text;

namespace Workflow.Cache;

/// <summary>
/// The entries of a loaded <see cref="StateCache"/> file, looked up in its bytes. The file is written sorted by key,
/// so a lookup is a binary search over its lines: a build that asks for a few entries (one file changed) does not
/// parse 200,000 lines, and its changes are written back by copying the unchanged lines between the
/// changed ones (<see cref="Merge"/>). Past a few thousand lookups (or at the first line it cannot read) it parses every line into a
/// dictionary once and answers from that; a line out of order only costs a miss, which means a file is hashed again.
/// </summary>
internal sealed class StateFile
{
    private const int SearchesBeforeParsing = 4096;
    private readonly byte[] _bytes;
    private readonly int _start; // the first line after the header
    private readonly Lazy<Dictionary<string, StateEntry>> _all;
    private int _searches;
    private volatile bool _parse;

    private StateFile(byte[] bytes, int start)
    {
        _bytes = bytes;
        _start = start;
        _all = new(() => Parse(bytes, start), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public static StateFile Empty { get; } = new([], 0);

    /// <param name="start">Where the lines begin (after the header).</param>
    public static StateFile Of(byte[] bytes, int start) => new(bytes, start);

    /// <summary>Every entry, parsed once (a later line for the same key wins).</summary>
    public IReadOnlyDictionary<string, StateEntry> All => _all.Value;

    /// <summary>True once the lines were parsed into a dictionary: the file is then rewritten whole, not merged.</summary>
    public bool Parsed => _all.IsValueCreated;

    public bool TryGet(string key, out StateEntry entry)
    {
        entry = default;
        if (_bytes.Length == _start) return false;
        if (_parse || _all.IsValueCreated || Interlocked.Increment(ref _searches) > SearchesBeforeParsing)
            return _all.Value.TryGetValue(key, out entry);
        var at = LowerBound(key, _start);
        if (at < 0)
        {
            _parse = true; // a line it could not read: the dictionary decides
            return _all.Value.TryGetValue(key, out entry);
        }
        return at < _bytes.Length && Compare(key, LineAt(at), out _) == 0 && TryParse(LineAt(at), out _, out entry);
    }

    /// <summary>
    /// What writes the file with <paramref name="changes"/> (sorted by key, ordinal) applied — a null entry removes its
    /// key —, copying every other line as it is; null when the lines are not in the order this needs (write it whole).
    /// </summary>
    public Action<Stream>? Merge(IReadOnlyList<KeyValuePair<string, StateEntry?>> changes)
    {
        if (_bytes.Length == 0 || _parse || Parsed) return null;
        // Where each change goes, found before anything is written.
        var places = new (int At, int End)[changes.Count];
        var cursor = _start;
        for (var i = 0; i < changes.Count; i++)
        {
            if (i > 0 && string.CompareOrdinal(changes[i - 1].Key, changes[i].Key) >= 0) return null;
            var at = LowerBound(changes[i].Key, cursor);
            if (at < 0) return null;
            var end = at;
            while (end < _bytes.Length && Compare(changes[i].Key, LineAt(end), out var readable) == 0 && readable) end += LineAt(end).Length + 1;
            places[i] = (at, end);
            cursor = end;
        }

        return output =>
        {
            output.Write(_bytes, 0, _start);
            var copied = _start;
            for (var i = 0; i < changes.Count; i++)
            {
                output.Write(_bytes, copied, places[i].At - copied);
                if (changes[i].Value is { } entry) output.Write(Encoding.UTF8.GetBytes(Line(changes[i].Key, entry) + "\n"));
                copied = places[i].End;
            }
            output.Write(_bytes, copied, _bytes.Length - copied);
        };
    }

    public static string Line(string key, StateEntry entry) => string.Format(
        CultureInfo.InvariantCulture, "{0} {1} {2} {3} {4} {5}",
        entry.Hash, entry.Stat.Size, entry.Stat.MtimeNs, entry.Stat.CtimeNs, entry.Stat.Inode, key);

    /// <summary>
    /// The start of the first line at or after <paramref name="from"/> (a line start) whose key is not less than
    /// <paramref name="key"/>, in ordinal order; the file's length when there is none; -1 when a line it looked at
    /// cannot be read.
    /// </summary>
    private int LowerBound(string key, int from)
    {
        int lo = from, hi = _bytes.Length; // both line starts (or the end)
        while (lo < hi)
        {
            var mid = lo + (hi - lo) / 2;
            var newline = _bytes.AsSpan(lo, mid - lo).LastIndexOf((byte)'\n');
            var line = newline < 0 ? lo : lo + newline + 1;
            var text = LineAt(line);
            if (line + text.Length >= _bytes.Length) return -1; // the last line lacks its LF: cut short
            var order = Compare(key, text, out var readable);
            if (!readable) return -1;
            if (order > 0) lo = line + text.Length + 1;
            else hi = line;
        }
        return lo;
    }

    private ReadOnlySpan<byte> LineAt(int start)
    {
        var rest = _bytes.AsSpan(start);
        var end = rest.IndexOf((byte)'\n');
        return end < 0 ? rest : rest[..end];
    }

    // The key against the line's key (its text after the fifth space), as string.CompareOrdinal orders them.
    private static int Compare(string key, ReadOnlySpan<byte> line, out bool readable)
    {
        readable = false;
        for (var field = 0; field < 5; field++)
        {
            var space = line.IndexOf((byte)' ');
            if (space <= 0) return 0;
            line = line[(space + 1)..];
        }
        char[]? rented = null;
        var chars = line.Length <= 256 ? stackalloc char[256] : (rented = ArrayPool<char>.Shared.Rent(line.Length));
        try
        {
            if (!Strict.TryGetChars(line, chars, out var count)) return 0;
            readable = true;
            return key.AsSpan().SequenceCompareTo(chars[..count]);
        }
        catch (DecoderFallbackException)
        {
            return 0;
        }
        finally
        {
            if (rented is not null) ArrayPool<char>.Shared.Return(rented);
        }
    }

    private static Dictionary<string, StateEntry> Parse(byte[] bytes, int start)
    {
        // Parsed in a few slices at once, cut at line ends: at 200,000 lines this is a large part of a cold lookup.
        var slices = Slices(bytes, start, Math.Max(1, Math.Min(Environment.ProcessorCount, bytes.Length >> 20)));
        var parsed = new List<KeyValuePair<string, StateEntry>>[slices.Count];
        Parallel.For(0, slices.Count, i =>
        {
            var list = new List<KeyValuePair<string, StateEntry>>();
            var rest = bytes.AsSpan(slices[i].Start, slices[i].Length);
            while (rest.Length > 0)
            {
                var end = rest.IndexOf((byte)'\n');
                var line = end < 0 ? rest : rest[..end];
                rest = end < 0 ? default : rest[(end + 1)..];
                if (TryParse(line, out var key, out var entry)) list.Add(KeyValuePair.Create(key, entry));
            }
            parsed[i] = list;
        });
        var entries = new Dictionary<string, StateEntry>(parsed.Sum(p => p.Count), StringComparer.Ordinal);
        foreach (var (key, entry) in parsed.SelectMany(p => p)) entries[key] = entry; // in file order: a later line wins
        return entries;
    }

    private static List<(int Start, int Length)> Slices(byte[] bytes, int start, int count)
    {
        var slices = new List<(int Start, int Length)>();
        for (var i = 0; i < count && start < bytes.Length; i++)
        {
            var end = i == count - 1 ? bytes.Length : start + (bytes.Length - start) / (count - i);
            var newline = end >= bytes.Length ? -1 : Array.IndexOf(bytes, (byte)'\n', end);
            end = newline < 0 ? bytes.Length : newline + 1;
            slices.Add((start, end - start));
            start = end;
        }
        return slices;
    }

    // "hash size mtime ctime inode key", parsed from spans: two strings allocated per line, not seven.
    private static bool TryParse(ReadOnlySpan<byte> line, out string key, out StateEntry entry)
    {
        key = "";
        entry = default;
        var rest = line;
        if (!Next(ref rest, out var hash) || !IsHash(hash)
            || !Next(ref rest, out var sizeText) || !long.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out var size)
            || !Next(ref rest, out var mtimeText) || !long.TryParse(mtimeText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var mtime)
            || !Next(ref rest, out var ctimeText) || !long.TryParse(ctimeText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ctime)
            || !Next(ref rest, out var inodeText) || !ulong.TryParse(inodeText, NumberStyles.None, CultureInfo.InvariantCulture, out var inode)
            || rest.Length == 0 || rest.IndexOf((byte)'\r') >= 0)
        {
            return false;
        }
        try
        {
            key = Strict.GetString(rest);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        entry = new StateEntry(new FileStat(size, mtime, ctime, inode), Encoding.ASCII.GetString(hash));
        return true;
    }

    private static readonly UTF8Encoding Strict = new(false, throwOnInvalidBytes: true);

    private static bool Next(ref ReadOnlySpan<byte> rest, out ReadOnlySpan<byte> field)
    {
        var space = rest.IndexOf((byte)' ');
        field = space < 0 ? default : rest[..space];
        rest = space < 0 ? default : rest[(space + 1)..];
        return space > 0;
    }

    // An MD5 (32) or SHA-256 (64) in lowercase hex.
    private static bool IsHash(ReadOnlySpan<byte> text) =>
        text.Length is 32 or 64 && !text.ContainsAnyExcept("0123456789abcdef"u8);
}
