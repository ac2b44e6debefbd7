using System.Collections.Concurrent;
using System.Text;
using Newtonsoft.Json;

namespace Workflow.Cache;

/// <summary>
/// Maps a unit key to the outputs it produced, like DVC's run cache. An unreadable entry is a miss, never a crash.
/// </summary>
/// <remarks>
/// Entries are kept, one JSON line each, in 256 shard files <c>&lt;root&gt;/&lt;first 2 hex of key&gt;.jsonl</c>:
/// <code>{"key":"3f9c…","stage":"Train","unit":"7","outputs":{"artifacts/models/7.model":"ab12…"}}</code>
/// A file per entry would cost a 4 KB block for ~200 bytes, 400 MB at 100,000 units. A line is appended with one
/// write under a lock as soon as its unit is done (builds in one workspace are serialised by the build lock), so an
/// interrupted build keeps what it finished; a torn last line from a crash is skipped when read, and a later line for
/// the same key wins. A shard is read once per stage, and stays open for appending until <see cref="Close"/> (the
/// end of a stage): 100,000 units need 256 opens, not 100,000. <see cref="Close"/> then packs each shard it appended
/// to (<see cref="PackedFile"/>: all its lines, sorted by key, Brotli-packed, the file replaced atomically): 26 MB of
/// lines at 100,000 units take ~9. It also drops what it read: a later stage that looks a key up reads that shard
/// again (a few ms), rather than the build holding 100,000 entries (~700,000 objects, which every later full
/// collection walks) to its end.
/// </remarks>
public sealed class RunCache(string root)
{
    private readonly ConcurrentDictionary<string, Shard> _shards = new(StringComparer.Ordinal);

    public bool TryGet(string key, out RunCacheEntry entry) => ShardOf(key).TryGet(key, out entry!);

    public void Put(string key, RunCacheEntry entry) => ShardOf(key).Put(key, entry);

    /// <summary>
    /// Closes the shards opened for appending (every line is already written) and packs them; a later Put opens them
    /// again.
    /// </summary>
    public void Close() => Parallel.ForEach(_shards.Values, shard => shard.Close());

    private Shard ShardOf(string key) => _shards.GetOrAdd(key[..2], prefix => new Shard(Path.Combine(root, prefix + ".jsonl")));

    private sealed class Shard(string path)
    {
        private readonly Lock _gate = new();
        // Each entry with its line as read or written (UTF-8 JSON, no line break): packing copies the lines, not
        // serialising 100,000 entries again.
        private Dictionary<string, (RunCacheEntry Entry, byte[] Line)>? _entries;
        private bool _endsWithNewline = true; // of the file as this process last read or wrote it
        private Microsoft.Win32.SafeHandles.SafeFileHandle? _append;
        private long _length; // where the next line goes: the file's length when opened, plus what was appended since

        public bool TryGet(string key, out RunCacheEntry? entry)
        {
            lock (_gate)
            {
                var found = Entries().TryGetValue(key, out var known);
                entry = found ? known.Entry : null;
                return found;
            }
        }

        public void Put(string key, RunCacheEntry entry)
        {
            var line = Encoding.UTF8.GetBytes(JsonConvert.SerializeObject(new Line(key, entry.Stage, entry.Unit, entry.Outputs)));
            lock (_gate)
            {
                var entries = Entries();
                if (_append is null)
                {
                    AtomicFile.EnsureDirectory(Path.GetDirectoryName(path)!);
                    try
                    {
                        _append = File.OpenHandle(path, FileMode.Append, FileAccess.Write, FileShare.Read);
                    }
                    catch (DirectoryNotFoundException)
                    {
                        // Deleted since this process made it (folders are made once per process): made again.
                        AtomicFile.EnsureDirectory(Path.GetDirectoryName(path)!, again: true);
                        _append = File.OpenHandle(path, FileMode.Append, FileAccess.Write, FileShare.Read);
                    }
                    _length = RandomAccess.GetLength(_append);
                }
                // After a torn line (a crash mid-append), start on a fresh line so this one stays readable.
                var start = _endsWithNewline ? 0 : 1;
                var bytes = new byte[start + line.Length + 1];
                if (start == 1) bytes[0] = (byte)'\n';
                line.CopyTo(bytes, start);
                bytes[^1] = (byte)'\n';
                RandomAccess.Write(_append, bytes, _length);
                _length += bytes.Length;
                _endsWithNewline = true;
                entries[key] = (entry, line);
            }
        }

        public void Close()
        {
            lock (_gate)
            {
                if (_append is null)
                {
                    _entries = null;
                    return;
                }
                _append.Dispose();
                _append = null;
                try
                {
                    PackedFile.Write(path, stream =>
                    {
                        foreach (var (_, (_, line)) in _entries!.OrderBy(e => e.Key, StringComparer.Ordinal))
                        {
                            stream.Write(line);
                            stream.WriteByte((byte)'\n');
                        }
                    });
                    _endsWithNewline = true;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Left as appended: plain lines read as well as packed ones.
                }
                _entries = null;
            }
        }

        private Dictionary<string, (RunCacheEntry Entry, byte[] Line)> Entries()
        {
            if (_entries is not null) return _entries;
            _entries = new(StringComparer.Ordinal);
            byte[] all;
            try
            {
                all = PackedFile.Read(path);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or InvalidDataException)
            {
                return _entries; // absent, or packed bytes damaged: every entry of it is a miss
            }
            _endsWithNewline = all.Length == 0 || all[^1] == '\n';
            ReadOnlySpan<byte> rest = all;
            while (!rest.IsEmpty)
            {
                var end = rest.IndexOf((byte)'\n');
                var bytes = end < 0 ? rest : rest[..end];
                rest = end < 0 ? default : rest[(end + 1)..];
                if (bytes.IsEmpty) continue;
                try
                {
                    if (JsonConvert.DeserializeObject<Line>(Encoding.UTF8.GetString(bytes)) is { Key.Length: 64, Outputs: not null } line)
                        _entries[line.Key] = (new RunCacheEntry(line.Stage, line.Unit, line.Outputs), bytes.ToArray());
                }
                catch (JsonException)
                {
                    // a torn or hand-damaged line: that entry is a miss
                }
            }
            return _entries;
        }
    }

    private sealed record Line(
        [property: JsonProperty("key")] string Key,
        [property: JsonProperty("stage")] string Stage,
        [property: JsonProperty("unit")] string Unit,
        [property: JsonProperty("outputs")] IReadOnlyDictionary<string, string> Outputs);
}
