using System.Collections.Concurrent;
using System.Text;


namespace Workflow.Cache;

/// <summary>
/// Remembers the hash of each file under (path, size, mtime, ctime, inode), so an unchanged file is never read again:
/// a no-op costs one stat per file, whatever the bytes. A cache, never the truth: a missing, unreadable or corrupt
/// state file is an empty one, and a lost update only means a file is hashed again. One class for every user: the
/// data layer keeps MD5s (DVC's hash) in <c>.dvc/tmp/workflow-state</c>, the stage runner SHA-256s of inputs, outputs
/// and store blobs in <c>.workflow/state/files</c>; a file holds one kind, told apart by length (32 or 64 hex digits).
/// </summary>
/// <remarks>
/// Each of those is a directory of <see cref="Shards"/> (<c>00.br</c> … <c>3f.br</c>, by a hash of the key), each shard a
/// <see cref="PackedFile"/> written atomically whose text is UTF-8, LF-terminated lines:
/// <code>
/// workflow-state 1
/// acbd18db4cc2f85cedef654fccc4a4d8 3 1732312345123456789 1732312345123456789 1837465 data/foo
/// </code>
/// i.e. hash, size, mtime ns, ctime ns, inode, then the key, usually a path (last, so it may hold spaces).
/// Racy-clean rule (as git's index): a file whose mtime is less than <see cref="RacyWindow"/> before the scan
/// began is not recorded, since a write within the same timestamp tick could change it unseen; it is simply hashed
/// again next time. Files the caller wrote itself and hashed from the bytes it wrote (store blobs, stage outputs)
/// are recorded as <c>trusted</c> regardless: no other writer shares their tick.
/// A shard is loaded at its first lookup, and its lines are sorted by key (ordinal), so a build that looks up a few
/// files reads one shard, searches its bytes, and writes its changes back between the unchanged lines
/// (<see cref="StateFile"/>); shards it did not change are not written. A single plain file at the same path (what
/// earlier versions wrote) is read, and replaced by the shards at the first save.
/// </remarks>
internal sealed class StateCache
{
    public static readonly TimeSpan RacyWindow = TimeSpan.FromSeconds(2);
    private const string Header = "workflow-state 1";
    private static readonly byte[] HeaderLine = Encoding.UTF8.GetBytes(Header + "\n");
    private readonly string path;
    private readonly StateFile? legacy; // one plain file, from before the shards
    private readonly Lazy<StateFile>[] shards; // read-only once loaded, so lookups need no lock
    private readonly ConcurrentDictionary<string, StateEntry> seen = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> forgotten = new(StringComparer.Ordinal);
    private readonly long trustBeforeNs;
    private readonly bool keepUnseen;
    private int changed; // set when this run recorded a new or different entry, or forgot one

    private StateCache(string path, StateFile? legacy, bool keepUnseen)
    {
        this.path = path;
        this.legacy = legacy;
        this.keepUnseen = keepUnseen;
        shards = new Lazy<StateFile>[Shards.Count];
        for (var i = 0; i < shards.Length; i++)
        {
            var shard = i;
            shards[i] = new(() => legacy is null ? Parsed(Shards.TryRead(Shards.PathOf(path, shard))) : StateFile.Empty);
        }
        trustBeforeNs = (DateTime.UtcNow - RacyWindow - DateTime.UnixEpoch).Ticks * 100;
    }

    /// <param name="keepUnseen">
    /// Keep the entries of files this run did not look at (the stage runner: a build of one target keeps the other
    /// targets'); otherwise <see cref="Save"/> drops them, as files that are gone (the data layer scans everything,
    /// so its shards are all read and parsed at once rather than searched).
    /// </param>
    public static StateCache Load(string path, bool keepUnseen = false)
    {
        StateFile? legacy = null;
        if (File.Exists(path))
        {
            try
            {
                legacy = Parsed(File.ReadAllBytes(path));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                legacy = StateFile.Empty; // unreadable
            }
        }
        var state = new StateCache(path, legacy, keepUnseen);
        if (!keepUnseen)
        {
            Parallel.For(0, Shards.Count, i => _ = state.shards[i].Value.All);
            _ = legacy?.All;
        }
        return state;
    }

    private static StateFile Parsed(byte[]? text) =>
        text is not null && text.AsSpan().StartsWith(HeaderLine) ? StateFile.Of(text, HeaderLine.Length) : StateFile.Empty;

    private StateFile FileOf(string key) => legacy ?? shards[Shards.Of(key)].Value;

    /// <summary>The recorded hash when the file's stat is exactly the recorded one, else null.</summary>
    public string? Lookup(string key, FileStat stat)
    {
        if (seen.TryGetValue(key, out var entry))
        {
            return entry.Stat == stat ? entry.Hash : null;
        }

        if ((!forgotten.IsEmpty && forgotten.ContainsKey(key)) || !FileOf(key).TryGet(key, out entry) || entry.Stat != stat)
        {
            return null;
        }

        if (!keepUnseen)
        {
            seen[key] = entry; // kept by Save
        }

        return entry.Hash;
    }

    public void Record(string key, FileStat stat, string hash, bool trusted = false)
    {
        if ((trusted || stat.MtimeNs < trustBeforeNs) && key.IndexOfAny(['\n', '\r']) < 0)
        {
            var entry = new StateEntry(stat, hash);
            if (!FileOf(key).TryGet(key, out var before) || before != entry)
            {
                Volatile.Write(ref changed, 1);
            }

            seen[key] = entry;
            forgotten.TryRemove(key, out _);
        }
    }

    /// <summary>Forgets a file, e.g. one found corrupt, so it is hashed again before it is next trusted.</summary>
    public void Forget(string key)
    {
        seen.TryRemove(key, out _);
        forgotten[key] = true;
        Volatile.Write(ref changed, 1);
    }

    /// <summary>
    /// The hash of the file at <paramref name="path"/>: the recorded one when its stat is unchanged, else
    /// <paramref name="compute"/>'s, recorded when the file did not change while it was read. Null when it does not exist.
    /// </summary>
    public string? HashOf(string key, string path, Func<string, string> compute) => HashOf(key, path, compute, out _);

    /// <inheritdoc cref="HashOf(string, string, Func{string, string})"/>
    /// <param name="stat">The file's stat before it was hashed, or null when it does not exist.</param>
    public string? HashOf(string key, string path, Func<string, string> compute, out FileStat? stat)
    {
        stat = FileStat.Of(path);
        if (stat is null)
        {
            return null;
        }

        if (Lookup(key, stat.Value) is { } known)
        {
            return known;
        }

        var hash = compute(path);
        if (FileStat.Of(path) == stat)
        {
            Record(key, stat.Value, hash);
        }

        return hash;
    }

    /// <summary>
    /// Writes what this run saw (and, when loaded so, what it kept) into the shards where that differs from what was
    /// loaded; the other shards are left as they are.
    /// </summary>
    public void Save()
    {
        try
        {
            if (keepUnseen && Volatile.Read(ref changed) == 0 && legacy is null) return;
            var changes = new List<KeyValuePair<string, StateEntry?>>[Shards.Count];
            for (var i = 0; i < changes.Length; i++) changes[i] = [];
            if (keepUnseen)
            {
                foreach (var key in forgotten.Keys.Where(k => !seen.ContainsKey(k))) changes[Shards.Of(key)].Add(new(key, null));
            }
            foreach (var (key, entry) in seen)
            {
                // The stage runner's kind writes what changed only: an entry recorded again as it was changes nothing.
                if (keepUnseen && FileOf(key).TryGet(key, out var before) && before == entry) continue;
                changes[Shards.Of(key)].Add(new(key, entry));
            }
            var moving = legacy is not null;
            // A plain file from before the shards: its entries are in memory, and the directory takes its name.
            if (moving)
            {
                _ = legacy!.All;
                File.Delete(path);
            }
            Parallel.For(0, Shards.Count, i =>
            {
                try
                {
                    var shard = moving ? null : shards[i].Value;
                    var list = changes[i];
                    if (keepUnseen)
                    {
                        if (list.Count == 0 && !moving) return;
                        list.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
                        // Only the changed lines are formatted; the rest are copied from the loaded bytes.
                        if (shard?.Merge(list) is { } merge)
                        {
                            PackedFile.Write(Shards.PathOf(path, i), merge);
                            return;
                        }
                        var entries = new Dictionary<string, StateEntry>(StringComparer.Ordinal);
                        foreach (var (key, entry) in shard?.All ?? legacy!.All.Where(e => Shards.Of(e.Key) == i)) entries[key] = entry;
                        foreach (var (key, entry) in list)
                        {
                            if (entry is { } e) entries[key] = e;
                            else entries.Remove(key);
                        }
                        Write(i, entries);
                    }
                    else if (moving || list.Count != shard!.All.Count
                        || !list.All(s => shard.All.TryGetValue(s.Key, out var e) && e == s.Value))
                    {
                        Write(i, list.Select(s => KeyValuePair.Create(s.Key, s.Value!.Value)));
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // A read-only state folder costs speed next time, never correctness.
                }
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only state folder costs speed next time, never correctness.
        }
    }

    private void Write(int shard, IEnumerable<KeyValuePair<string, StateEntry>> entries)
    {
        var items = entries.ToList();
        // A shard with nothing in it is not written (one that was is emptied: it may hold forgotten entries).
        if (items.Count == 0 && !File.Exists(Shards.PathOf(path, shard))) return;
        PackedFile.Write(Shards.PathOf(path, shard), stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
            writer.WriteLine(Header);
            foreach (var (key, entry) in items.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                writer.WriteLine(StateFile.Line(key, entry));
            }
        });
    }
}
