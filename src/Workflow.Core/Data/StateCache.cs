using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Workflow.Cache;

namespace Workflow.Data;

/// <summary>
/// Remembers the MD5 of each file under (path, size, mtime, ctime, inode), so an unchanged file is never read again:
/// a no-op status costs one stat per file, whatever the bytes. A cache, never the truth: a missing, unreadable or
/// corrupt state file is an empty one, and a lost update only means a file is hashed again.
/// </summary>
/// <remarks>
/// File <c>.dvc/tmp/workflow-state</c>, written atomically, UTF-8, LF-terminated lines:
/// <code>
/// workflow-state 1
/// acbd18db4cc2f85cedef654fccc4a4d8 3 1732312345123456789 1732312345123456789 1837465 data/foo
/// </code>
/// i.e. md5, size, mtime ns, ctime ns, inode, then the workspace-relative path (last, so it may hold spaces).
/// Racy-clean rule (as git's index): a file whose mtime is less than <see cref="RacyWindow"/> before the scan
/// began is not recorded, since a write within the same timestamp tick could change it unseen; it is simply hashed
/// again next time.
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

    /// <summary>The recorded MD5 when the file's stat is exactly the recorded one, else null.</summary>
    public string? Lookup(string key, FileStat stat)
    {
        if (!loaded.TryGetValue(key, out var entry) || entry.Stat != stat)
        {
            return null;
        }

        seen[key] = entry;
        return entry.Md5;
    }

    public void Record(string key, FileStat stat, string md5)
    {
        if (stat.MtimeNs < trustBeforeNs && key.IndexOfAny(['\n', '\r']) < 0)
        {
            seen[key] = new Entry(stat, md5);
        }
    }

    /// <summary>Keeps what this run saw (dropping files that are gone); writes only when that differs.</summary>
    public void Save()
    {
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
                        entry.Md5, entry.Stat.Size, entry.Stat.MtimeNs, entry.Stat.CtimeNs, entry.Stat.Inode, key));
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
        if (parts.Length != 6 || !Md5.IsValid(parts[0]) || Md5.IsDir(parts[0])
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

    private readonly record struct Entry(FileStat Stat, string Md5);
}
