using System.Collections.Concurrent;
using System.Globalization;
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
/// File <c>.dvc/tmp/workflow-state</c>, written atomically, UTF-8, LF-terminated lines:
/// <code>
/// workflow-state 1
/// acbd18db4cc2f85cedef654fccc4a4d8 3 1732312345123456789 1732312345123456789 1837465 data/foo
/// </code>
/// i.e. hash, size, mtime ns, ctime ns, inode, then the key, usually a path (last, so it may hold spaces).
/// Racy-clean rule (as git's index): a file whose mtime is less than <see cref="RacyWindow"/> before the scan
/// began is not recorded, since a write within the same timestamp tick could change it unseen; it is simply hashed
/// again next time. Files the caller wrote itself and hashed from the bytes it wrote (store blobs, stage outputs)
/// are recorded as <c>trusted</c> regardless: no other writer shares their tick.
/// Lines are sorted by key (ordinal), so a build that looks up a few files searches the loaded bytes and writes its
/// changes back between the unchanged lines (<see cref="StateFile"/>) instead of parsing and formatting every line.
/// </remarks>
internal sealed class StateCache
{
    public static readonly TimeSpan RacyWindow = TimeSpan.FromSeconds(2);
    private const string Header = "workflow-state 1";
    private readonly string path;
    private readonly StateFile loaded; // read-only after Load, so lookups need no lock
    private readonly ConcurrentDictionary<string, StateEntry> seen = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> forgotten = new(StringComparer.Ordinal);
    private readonly long trustBeforeNs;
    private readonly bool keepUnseen;
    private int changed; // set when this run recorded a new or different entry, or forgot one

    private StateCache(string path, StateFile loaded, bool keepUnseen)
    {
        this.path = path;
        this.loaded = loaded;
        this.keepUnseen = keepUnseen;
        trustBeforeNs = (DateTime.UtcNow - RacyWindow - DateTime.UnixEpoch).Ticks * 100;
    }

    /// <param name="keepUnseen">
    /// Keep the entries of files this run did not look at (the stage runner: a build of one target keeps the other
    /// targets'); otherwise <see cref="Save"/> drops them, as files that are gone (the data layer scans everything,
    /// so its file is parsed whole at once rather than searched).
    /// </param>
    public static StateCache Load(string path, bool keepUnseen = false)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new StateCache(path, StateFile.Empty, keepUnseen); // absent or unreadable
        }

        var header = Encoding.UTF8.GetBytes(Header + "\n");
        var file = bytes.AsSpan().StartsWith(header) ? StateFile.Of(bytes, header.Length) : StateFile.Empty;
        if (!keepUnseen) _ = file.All;
        return new StateCache(path, file, keepUnseen);
    }

    /// <summary>The recorded hash when the file's stat is exactly the recorded one, else null.</summary>
    public string? Lookup(string key, FileStat stat)
    {
        if (seen.TryGetValue(key, out var entry))
        {
            return entry.Stat == stat ? entry.Hash : null;
        }

        if ((!forgotten.IsEmpty && forgotten.ContainsKey(key)) || !loaded.TryGet(key, out entry) || entry.Stat != stat)
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
            if (!loaded.TryGet(key, out var before) || before != entry)
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

    /// <summary>Writes what this run saw (and, when loaded so, what it kept), only when that differs from what was loaded.</summary>
    public void Save()
    {
        try
        {
            if (keepUnseen)
            {
                if (Volatile.Read(ref changed) == 0)
                {
                    return;
                }

                // Only the changed lines are formatted; the rest are copied from the loaded bytes.
                var changes = forgotten.Keys.Where(k => !seen.ContainsKey(k)).Select(k => KeyValuePair.Create(k, (StateEntry?)null))
                    .Concat(seen.Select(s => KeyValuePair.Create(s.Key, (StateEntry?)s.Value)))
                    .OrderBy(c => c.Key, StringComparer.Ordinal)
                    .ToList();
                if (loaded.Merge(changes) is { } merge)
                {
                    AtomicFile.Write(path, merge);
                    return;
                }

                var entries = new Dictionary<string, StateEntry>(loaded.All, StringComparer.Ordinal);
                foreach (var key in forgotten.Keys)
                {
                    entries.Remove(key);
                }

                foreach (var (key, entry) in seen)
                {
                    entries[key] = entry;
                }

                Write(entries);
            }
            else if (seen.Count != loaded.All.Count || !seen.All(s => loaded.All.TryGetValue(s.Key, out var e) && e == s.Value))
            {
                Write(seen);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only state folder costs speed next time, never correctness.
        }
    }

    private void Write(IEnumerable<KeyValuePair<string, StateEntry>> entries) => AtomicFile.Write(path, stream =>
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        writer.WriteLine(Header);
        foreach (var (key, entry) in entries.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            writer.WriteLine(StateFile.Line(key, entry));
        }
    });
}
