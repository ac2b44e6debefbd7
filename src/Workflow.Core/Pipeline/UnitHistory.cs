using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Newtonsoft.Json.Linq;
using Workflow.Cache;

namespace Workflow.Pipeline;

/// <summary>
/// The last key ingredients, outputs and <see cref="UnitStamp"/> of every unit of one stage
/// (<c>.workflow/state/&lt;Stage&gt;.history</c>). Says why a unit runs, and lets a unit whose stamp is unchanged skip
/// every hash and lookup; the run cache stays the truth, so an unreadable file just means "no previous run".
/// </summary>
/// <remarks>
/// A directory of <see cref="Shards"/> (by a hash of the unit's name), each a <see cref="PackedFile"/>; a save rewrites
/// only the shards whose units changed (one unit of 100,000 changed: one shard of 64). Within a shard, a line
/// format, so 100,000 units load in a fraction of a second: only the unit lines are parsed on load, a unit's input and
/// output lines when asked for (and copied verbatim when the unit is unchanged). Each distinct parameter set is
/// written once per shard. UTF-8, LF; names last on their line, with <c>\</c>, LF and CR escaped:
/// <code>
/// workflow-history 3
/// P	{"features":{…}}                 (parameter set 0: canonical JSON)
/// U	&lt;key&gt;	&lt;version&gt;	&lt;parameter set&gt;	&lt;stamp, or -&gt;	&lt;unit name&gt;
/// I	&lt;sha256&gt;	&lt;input name&gt;          (the unit's inputs, then its outputs)
/// O	&lt;sha256&gt;	&lt;output name&gt;
/// </code>
/// A single plain file at the same path (what earlier versions wrote) is read, and replaced by the shards at the
/// first save.
/// </remarks>
public sealed class UnitHistory
{
    private const string Header = "workflow-history 3";
    private readonly string _path;
    private readonly bool _plain; // read from one plain file, from before the shards
    private readonly Dictionary<string, HistoryEntry>[] _shards;
    private readonly FileStat?[] _read; // each file's stat just before it was read (null: absent)

    private UnitHistory(string path, bool plain, Dictionary<string, HistoryEntry>[] shards, FileStat?[] read)
    {
        _path = path;
        _plain = plain;
        _shards = shards;
        _read = read;
    }

    /// <summary>
    /// True when every file this history was read from still has the stat it had just before it was read (and no
    /// other appeared): what was read is what is there. A history read ahead, before the build held the workspace lock,
    /// is used only if so.
    /// </summary>
    public bool IsCurrent()
    {
        if (_plain) return FileStat.Of(_path) == _read[0];
        if (!Directory.Exists(_path)) return _read.All(r => r is null);
        for (var i = 0; i < Shards.Count; i++)
        {
            if (FileStat.Of(Shards.PathOf(_path, i)) != _read[i]) return false;
        }
        return true;
    }

    public static UnitHistory Load(string directory, string stage)
    {
        var path = Path.Combine(directory, stage + ".history");
        var shards = new Dictionary<string, HistoryEntry>[Shards.Count];
        for (var i = 0; i < shards.Length; i++) shards[i] = new(StringComparer.Ordinal);
        if (File.Exists(path))
        {
            // One plain file: its units go to the shards they will be saved in.
            var all = new Dictionary<string, HistoryEntry>(StringComparer.Ordinal);
            var stat = FileStat.Of(path);
            try
            {
                IndexOrNothing(File.ReadAllBytes(path), all);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // unreadable: no previous run
            }
            foreach (var (name, entry) in all) shards[Shards.Of(name)][name] = entry;
            return new UnitHistory(path, plain: true, shards, [stat]);
        }
        var read = new FileStat?[Shards.Count];
        if (Directory.Exists(path))
        {
            Parallel.For(0, Shards.Count, i =>
            {
                var shard = Shards.PathOf(path, i);
                read[i] = FileStat.Of(shard);
                if (read[i] is not null && Shards.TryRead(shard) is { } text) IndexOrNothing(text, shards[i]);
            });
        }
        return new UnitHistory(path, plain: false, shards, read);
    }

    // A shard that cannot be read is no previous run for its units, not for the others.
    private static void IndexOrNothing(byte[] bytes, Dictionary<string, HistoryEntry> entries)
    {
        try
        {
            Index(bytes, [], entries);
        }
        catch (Exception e) when (e is FormatException or Newtonsoft.Json.JsonException or ArgumentOutOfRangeException
            or DecoderFallbackException)
        {
            entries.Clear();
        }
    }

    /// <summary>The unit's last entry without its inputs and outputs parsed; null when it has none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per unit (see StageRunner.Run)
    public HistoryEntry? Peek(string unit) => _shards[Shards.Of(unit)].GetValueOrDefault(unit);

    /// <summary>The unit's last record in full; null when it has none (or its lines are unreadable).</summary>
    public UnitRecord? Get(string unit)
    {
        if (Peek(unit) is not { } entry) return null;
        try
        {
            return entry.ToRecord();
        }
        catch (Exception e) when (e is FormatException or System.Text.DecoderFallbackException)
        {
            return null;
        }
    }

    public int Count => _shards.Sum(s => s.Count);

    /// <summary>True when <paramref name="current"/> had the same key, outputs and stamp as <paramref name="previous"/>.</summary>
    public static bool SameOutcome(UnitRecord? previous, UnitRecord? current) =>
        previous is not null && current is not null && previous.Key == current.Key && previous.Version == current.Version
        && previous.Stamp == current.Stamp
        && previous.Outputs is { } before && current.Outputs is { } after
        && before.Count == after.Count && before.All(o => after.TryGetValue(o.Key, out var hash) && hash == o.Value);

    /// <summary>
    /// Replaces the stage's history with exactly these units. A null record keeps the unit's entry from the loaded
    /// history as it was (its lines are copied, not parsed). Only shards with a unit added, removed or changed are
    /// written.
    /// </summary>
    public void Save(IEnumerable<KeyValuePair<string, UnitRecord?>> records)
    {
        var byShard = ByShard(records);
        if (_plain) File.Delete(_path); // its units are in memory; the directory takes its name
        // A shard that could not be written fails the save with its own error (e.g. the disk is full).
        Data.ParallelWork.For(Shards.Count, SaveShard);

        void SaveShard(int i)
        {
            var list = byShard[i];
            var loaded = _shards[i];
            if (!_plain && list.Count == loaded.Count && !AnyChanged(list, loaded)) return;
            var path = Shards.PathOf(_path, i);
            if (list.Count == 0) AtomicFile.DeleteIfPresent(path);
            else PackedFile.Write(path, stream => Write(stream, list, loaded));
        }
    }

    // Loops over 100,000 units once a build: compiled optimised at once (see StageRunner.Run).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static List<KeyValuePair<string, UnitRecord?>>[] ByShard(IEnumerable<KeyValuePair<string, UnitRecord?>> records)
    {
        var byShard = new List<KeyValuePair<string, UnitRecord?>>[Shards.Count];
        for (var i = 0; i < byShard.Length; i++) byShard[i] = [];
        foreach (var record in records) byShard[Shards.Of(record.Key)].Add(record);
        return byShard;
    }

    // Whether a unit of the shard is new, or has a record that differs from its loaded entry.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool AnyChanged(List<KeyValuePair<string, UnitRecord?>> list, Dictionary<string, HistoryEntry> loaded)
    {
        foreach (var (name, record) in list)
            if (!loaded.TryGetValue(name, out var entry) || (record is not null && !Same(entry, record))) return true;
        return false;
    }

    // Whether writing the record would give the entry's lines again (its parameter set's number aside).
    private static bool Same(HistoryEntry entry, UnitRecord record)
    {
        UnitRecord loaded;
        try
        {
            loaded = entry.ToRecord();
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            return false;
        }
        return SameOutcome(loaded, record) && loaded.Inputs.SequenceEqual(record.Inputs)
            && entry.CanonicalParameters == CacheKey.Canonical(record.Parameters);
    }

    private static void Write(Stream stream, List<KeyValuePair<string, UnitRecord?>> records, Dictionary<string, HistoryEntry> loaded)
    {
        var output = new BufferedStream(stream, 1 << 16);
        var sets = new Dictionary<string, int>(StringComparer.Ordinal);
        // Kept units whose lines follow each other in the loaded file are copied as one run of bytes.
        byte[] runBytes = [];
        int runStart = 0, runEnd = 0;
        void Flush()
        {
            output.Write(runBytes, runStart, runEnd - runStart);
            runStart = runEnd = 0;
        }
        void Line(string text)
        {
            Flush();
            output.Write(Encoding.UTF8.GetBytes(text + "\n"));
        }
        int SetOf(string canonical)
        {
            if (sets.TryGetValue(canonical, out var set)) return set;
            sets[canonical] = set = sets.Count;
            Line("P\t" + canonical);
            return set;
        }

        Line(Header);
        // The runner passes units in order already, as a rule: only then is a sort skipped.
        var ordered = records.ToArray();
        if (!ordered.Zip(ordered.Skip(1)).All(p => string.CompareOrdinal(p.First.Key, p.Second.Key) < 0))
            ordered = [.. ordered.OrderBy(r => r.Key, StringComparer.Ordinal)];
        foreach (var (name, record) in ordered)
        {
            if (record is null)
            {
                var kept = loaded[name];
                var set = SetOf(kept.CanonicalParameters);
                if (set == kept.SetIndex)
                {
                    // Its lines as they were (the name escaped the same way, the set numbered the same).
                    if (runEnd != kept.LineStart || !ReferenceEquals(runBytes, kept.Bytes)) Flush();
                    if (runEnd == 0) (runBytes, runStart) = (kept.Bytes, kept.LineStart);
                    runEnd = kept.BlockEnd;
                    continue;
                }
                Line(UnitLine(kept.Key, kept.Version, set, kept.Stamp, name));
                Flush();
                output.Write(kept.Bytes, kept.BlockStart, kept.BlockEnd - kept.BlockStart);
                continue;
            }
            Line(UnitLine(record.Key, record.Version, SetOf(CacheKey.Canonical(record.Parameters)), record.Stamp, name));
            foreach (var (input, hash) in record.Inputs) Line($"I\t{hash}\t{Escape(input)}");
            foreach (var (name2, hash) in record.Outputs ?? new SortedDictionary<string, string>()) Line($"O\t{hash}\t{Escape(name2)}");
        }
        Flush();
        output.Flush();
    }

    private static string UnitLine(string key, int version, int set, string? stamp, string name) =>
        $"U\t{key}\t{version.ToString(CultureInfo.InvariantCulture)}\t{set.ToString(CultureInfo.InvariantCulture)}\t{stamp ?? "-"}\t{Escape(name)}";

    // Parses the parameter sets and unit lines; a unit's input and output lines are only located.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // one pass over 100,000 lines, once per build (see StageRunner.Run)
    private static void Index(byte[] bytes, List<string> sets, Dictionary<string, HistoryEntry> entries)
    {
        if (bytes.Length == 0) return;
        var header = Encoding.UTF8.GetBytes(Header + "\n");
        if (!bytes.AsSpan().StartsWith(header)) return;
        var parameters = new List<JObject>();
        HistoryEntry? current = null;
        var position = header.Length;
        while (position < bytes.Length)
        {
            var length = bytes.AsSpan(position).IndexOf((byte)'\n');
            if (length < 0) throw new FormatException("the last history line is cut short");
            var line = bytes.AsSpan(position, length);
            var next = position + length + 1;
            if (line.Length < 2 || line[1] != '\t') throw new FormatException("a history line has no type");
            switch (line[0])
            {
                case (byte)'P':
                    var text = Strict.GetString(line[2..]);
                    var set = JObject.Parse(text);
                    CacheKey.Remember(set, text); // its canonical text, so equal sets compare as strings
                    sets.Add(text);
                    parameters.Add(set);
                    break;
                case (byte)'U':
                    // Parsed from the bytes: 100,000 of these are most of a no-op's load.
                    ReadOnlySpan<byte> rest = line[2..];
                    var key = Encoding.ASCII.GetString(Field(ref rest));
                    if (!int.TryParse(Field(ref rest), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
                        || !int.TryParse(Field(ref rest), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                        throw new FormatException("a history unit line has a bad number");
                    var stamp = Field(ref rest);
                    current = new HistoryEntry(bytes, key, version, parameters[index], sets[index],
                        stamp.SequenceEqual("-"u8) ? null : Encoding.ASCII.GetString(stamp), position, index, next);
                    entries[Unescape(Strict.GetString(rest))] = current;
                    break;
                case (byte)'I' or (byte)'O' when current is not null:
                    current.BlockEnd = next;
                    break;
                default:
                    throw new FormatException("unexpected history line");
            }
            position = next;
        }
    }

    private static ReadOnlySpan<byte> Field(ref ReadOnlySpan<byte> rest)
    {
        var tab = rest.IndexOf((byte)'\t');
        if (tab < 0) throw new FormatException("a history line is missing a field");
        var field = rest[..tab];
        rest = rest[(tab + 1)..];
        return field;
    }

    internal static ReadOnlySpan<char> Field(ref ReadOnlySpan<char> rest)
    {
        var tab = rest.IndexOf('\t');
        if (tab < 0) throw new FormatException("a history line is missing a field");
        var field = rest[..tab];
        rest = rest[(tab + 1)..];
        return field;
    }

    internal static readonly UTF8Encoding Strict = new(false, throwOnInvalidBytes: true);

    internal static string Escape(string name) =>
        name.AsSpan().IndexOfAny('\\', '\n', '\r') < 0 ? name : name.Replace("\\", "\\\\").Replace("\n", "\\n").Replace("\r", "\\r");

    internal static string Unescape(string name)
    {
        if (!name.Contains('\\')) return name;
        var text = new StringBuilder(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] != '\\' || i + 1 == name.Length) { text.Append(name[i]); continue; }
            var next = name[++i];
            text.Append(next switch { 'n' => '\n', 'r' => '\r', _ => next });
        }
        return text.ToString();
    }
}
