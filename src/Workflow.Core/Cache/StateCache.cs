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
/// </remarks>
internal sealed class StateCache
{
    public static readonly TimeSpan RacyWindow = TimeSpan.FromSeconds(2);
    private const string Header = "workflow-state 1";
    private readonly string path;
    private readonly Dictionary<string, Entry> loaded;
    private readonly ConcurrentDictionary<string, Entry> seen = new(StringComparer.Ordinal);
    private readonly long trustBeforeNs;

    private StateCache(string path, Dictionary<string, Entry> loaded)
    {
        this.path = path;
        this.loaded = loaded;
        trustBeforeNs = (DateTime.UtcNow - RacyWindow - DateTime.UnixEpoch).Ticks * 100;
    }

    public static StateCache Load(string path)
    {
        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        try
        {
            using var reader = new StreamReader(path, Encoding.UTF8);
            if (reader.ReadLine() != Header)
            {
                return new StateCache(path, entries);
            }

            while (reader.ReadLine() is { } line)
            {
                if (TryParse(line, out var key, out var entry))
                {
                    entries[key] = entry;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            entries.Clear(); // absent or unreadable: start empty
        }

        return new StateCache(path, entries);
    }

    /// <summary>The recorded hash when the file's stat is exactly the recorded one, else null.</summary>
    public string? Lookup(string key, FileStat stat)
    {
        Entry entry;
        lock (loaded)
        {
            if (!loaded.TryGetValue(key, out entry) || entry.Stat != stat)
            {
                return seen.TryGetValue(key, out entry) && entry.Stat == stat ? entry.Hash : null;
            }
        }

        seen[key] = entry;
        return entry.Hash;
    }

    public void Record(string key, FileStat stat, string hash, bool trusted = false)
    {
        if ((trusted || stat.MtimeNs < trustBeforeNs) && key.IndexOfAny(['\n', '\r']) < 0)
        {
            seen[key] = new Entry(stat, hash);
        }
    }

    /// <summary>Forgets a file, e.g. one found corrupt, so it is hashed again before it is next trusted.</summary>
    public void Forget(string key)
    {
        seen.TryRemove(key, out _);
        lock (loaded)
        {
            loaded.Remove(key);
        }
    }

    /// <summary>
    /// The hash of the file at <paramref name="path"/>: the recorded one when its stat is unchanged, else
    /// <paramref name="compute"/>'s, recorded when the file did not change while it was read. Null when it does not exist.
    /// </summary>
    public string? HashOf(string key, string path, Func<string, string> compute)
    {
        if (FileStat.Of(path) is not { } stat)
        {
            return null;
        }

        if (Lookup(key, stat) is { } known)
        {
            return known;
        }

        var hash = compute(path);
        if (FileStat.Of(path) == stat)
        {
            Record(key, stat, hash);
        }

        return hash;
    }

    /// <summary>
    /// Writes what this run saw, only when that differs from what was loaded. Entries of files not seen are dropped
    /// (files that are gone), unless <paramref name="keepUnseen"/>: a build of one target keeps the other targets'.
    /// </summary>
    public void Save(bool keepUnseen = false)
    {
        if (keepUnseen)
        {
            lock (loaded)
            {
                foreach (var (key, entry) in loaded)
                {
                    seen.TryAdd(key, entry);
                }
            }
        }

        if (seen.Count == loaded.Count && seen.All(s => loaded.TryGetValue(s.Key, out var e) && e == s.Value))
        {
            return;
        }

        try
        {
            AtomicFile.Write(path, stream =>
            {
                using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
                writer.WriteLine(Header);
                foreach (var (key, entry) in seen.OrderBy(s => s.Key, StringComparer.Ordinal))
                {
                    writer.WriteLine(string.Format(
                        CultureInfo.InvariantCulture, "{0} {1} {2} {3} {4} {5}",
                        entry.Hash, entry.Stat.Size, entry.Stat.MtimeNs, entry.Stat.CtimeNs, entry.Stat.Inode, key));
                }
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only .dvc/tmp costs speed next time, never correctness.
        }
    }

    private static bool TryParse(string line, out string key, out Entry entry)
    {
        key = "";
        entry = default;
        var parts = line.Split(' ', 6);
        if (parts.Length != 6 || !IsHash(parts[0])
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
            || !long.TryParse(parts[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var mtime)
            || !long.TryParse(parts[3], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ctime)
            || !ulong.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var inode)
            || parts[5].Length == 0)
        {
            return false;
        }

        key = parts[5];
        entry = new Entry(new FileStat(size, mtime, ctime, inode), parts[0]);
        return true;
    }

    // An MD5 (32) or SHA-256 (64) in lowercase hex.
    private static bool IsHash(string text) =>
        text.Length is 32 or 64 && text.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    private readonly record struct Entry(FileStat Stat, string Hash);
}
