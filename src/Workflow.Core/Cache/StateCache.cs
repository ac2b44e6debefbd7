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
    private readonly Dictionary<string, Entry> loaded; // read-only after Load, so lookups need no lock
    private readonly ConcurrentDictionary<string, Entry> seen = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> forgotten = new(StringComparer.Ordinal);
    private readonly long trustBeforeNs;
    private readonly bool keepUnseen;
    private int changed; // set when this run recorded a new or different entry, or forgot one

    private StateCache(string path, Dictionary<string, Entry> loaded, bool keepUnseen)
    {
        this.path = path;
        this.loaded = loaded;
        this.keepUnseen = keepUnseen;
        trustBeforeNs = (DateTime.UtcNow - RacyWindow - DateTime.UnixEpoch).Ticks * 100;
    }

    /// <param name="keepUnseen">
    /// Keep the entries of files this run did not look at (the stage runner: a build of one target keeps the other
    /// targets'); otherwise <see cref="Save"/> drops them, as files that are gone (the data layer scans everything).
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
            return new StateCache(path, new Dictionary<string, Entry>(StringComparer.Ordinal), keepUnseen); // absent or unreadable
        }

        var header = Encoding.UTF8.GetBytes(Header + "\n");
        if (!bytes.AsSpan().StartsWith(header))
        {
            return new StateCache(path, new Dictionary<string, Entry>(StringComparer.Ordinal), keepUnseen);
        }

        // Parsed in a few slices at once, cut at line ends: at 200,000 lines this is most of a no-op's start.
        var slices = Slices(bytes, header.Length, Math.Max(1, Math.Min(Environment.ProcessorCount, bytes.Length >> 20)));
        var parsed = new List<KeyValuePair<string, Entry>>[slices.Count];
        Parallel.For(0, slices.Count, i =>
        {
            var list = new List<KeyValuePair<string, Entry>>();
            var rest = bytes.AsSpan(slices[i].Start, slices[i].Length);
            while (rest.Length > 0)
            {
                var end = rest.IndexOf((byte)'\n');
                var line = end < 0 ? rest : rest[..end];
                rest = end < 0 ? default : rest[(end + 1)..];
                if (TryParse(line, out var key, out var entry))
                {
                    list.Add(KeyValuePair.Create(key, entry));
                }
            }

            parsed[i] = list;
        });
        var entries = new Dictionary<string, Entry>(parsed.Sum(p => p.Count), StringComparer.Ordinal);
        foreach (var (key, entry) in parsed.SelectMany(p => p))
        {
            entries[key] = entry; // in file order, so a later line for the same key wins
        }

        return new StateCache(path, entries, keepUnseen);
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

    /// <summary>The recorded hash when the file's stat is exactly the recorded one, else null.</summary>
    public string? Lookup(string key, FileStat stat)
    {
        if (seen.TryGetValue(key, out var entry))
        {
            return entry.Stat == stat ? entry.Hash : null;
        }

        if (!loaded.TryGetValue(key, out entry) || entry.Stat != stat || (!forgotten.IsEmpty && forgotten.ContainsKey(key)))
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
            var entry = new Entry(stat, hash);
            if (!loaded.TryGetValue(key, out var before) || before != entry)
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
        Dictionary<string, Entry> entries;
        if (keepUnseen)
        {
            if (Volatile.Read(ref changed) == 0)
            {
                return;
            }

            entries = new Dictionary<string, Entry>(loaded, StringComparer.Ordinal);
            foreach (var key in forgotten.Keys)
            {
                entries.Remove(key);
            }

            foreach (var (key, entry) in seen)
            {
                entries[key] = entry;
            }
        }
        else
        {
            if (seen.Count == loaded.Count && seen.All(s => loaded.TryGetValue(s.Key, out var e) && e == s.Value))
            {
                return;
            }

            entries = new Dictionary<string, Entry>(seen, StringComparer.Ordinal);
        }

        try
        {
            AtomicFile.Write(path, stream =>
            {
                using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
                writer.WriteLine(Header);
                foreach (var (key, entry) in entries.OrderBy(s => s.Key, StringComparer.Ordinal))
                {
                    writer.WriteLine(string.Format(
                        CultureInfo.InvariantCulture, "{0} {1} {2} {3} {4} {5}",
                        entry.Hash, entry.Stat.Size, entry.Stat.MtimeNs, entry.Stat.CtimeNs, entry.Stat.Inode, key));
                }
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only state folder costs speed next time, never correctness.
        }
    }

    // "hash size mtime ctime inode key", parsed from spans: two strings allocated per line, not seven.
    private static bool TryParse(ReadOnlySpan<byte> line, out string key, out Entry entry)
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
            key = StrictUtf8.GetString(rest);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        entry = new Entry(new FileStat(size, mtime, ctime, inode), Encoding.ASCII.GetString(hash));
        return true;
    }

    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

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

    private readonly record struct Entry(FileStat Stat, string Hash);
}
