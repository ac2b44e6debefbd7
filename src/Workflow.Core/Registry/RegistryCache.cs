using System.Globalization;
using Newtonsoft.Json.Linq;
using Workflow.Cache;

namespace Workflow.Registry;

/// <summary>
/// This machine's copy of a remote registry, in <c>.workflow/registry-cache/&lt;hash of its address&gt;/</c>:
/// <code>
///   index.json, aliases.jsonl   the last copies read from the registry (answers when it is unreachable)
///   fetched.json                when each was read, and from where
///   blobs/ab/cdef…              packages fetched, each verified against its SHA-256 before it is moved here
/// </code>
/// Blobs are evicted least recently used first once they exceed the size bound (WORKFLOW_REGISTRY_CACHE_MB, 2048 by
/// default); a blob's mtime is its last use.
/// </summary>
internal sealed class RegistryCache(string directory)
{
    public const string SizeVariable = "WORKFLOW_REGISTRY_CACHE_MB";

    public string Directory { get; } = directory;

    public string BlobsDirectory => Path.Combine(Directory, "blobs");

    public static long MaxBytes =>
        long.TryParse(Environment.GetEnvironmentVariable(SizeVariable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var mb) && mb >= 0
            ? mb << 20
            : 2048L << 20;

    public string? ReadText(string name)
    {
        var path = Path.Combine(Directory, name);
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    /// <summary>Keeps a copy of a registry file as just read (or written), and when (per file: the copies of the index
    /// and of the alias log are read by different commands, at different times).</summary>
    public void SaveText(string name, string text, string registry)
    {
        AtomicFile.WriteAllText(Path.Combine(Directory, name), text);
        var stamps = ReadStamps();
        stamps.Remove("fetched"); // the format before per-file times
        stamps.Remove("registry");
        stamps[name] = new JObject { ["fetched"] = DateTimeOffset.UtcNow.ToString("u", CultureInfo.InvariantCulture), ["registry"] = registry };
        AtomicFile.WriteAllText(Path.Combine(Directory, "fetched.json"), stamps.ToString());
    }

    /// <summary>When the copy of <paramref name="name"/> was last read from the registry ("unknown" if never recorded).</summary>
    public string FetchedAt(string name)
    {
        var stamps = ReadStamps();
        return (string?)stamps[name]?["fetched"] ?? (string?)stamps["fetched"] ?? "unknown";
    }

    /// <summary>When the oldest of the cached copies was read ("unknown" if none was recorded).</summary>
    public string FetchedAt()
    {
        var times = ReadStamps().Properties().Select(p => p.Value is JObject o ? (string?)o["fetched"] : p.Name == "fetched" ? (string?)p.Value : null)
            .OfType<string>().Order(StringComparer.Ordinal).ToList();
        return times.Count > 0 ? times[0] : "unknown";
    }

    private JObject ReadStamps()
    {
        var path = Path.Combine(Directory, "fetched.json");
        try
        {
            return File.Exists(path) && JToken.Parse(File.ReadAllText(path)) is JObject stamps ? stamps : [];
        }
        catch (Newtonsoft.Json.JsonException)
        {
            return []; // a damaged stamp file only loses the times
        }
    }

    public string BlobPath(string sha256) => ObjectStore.PathOf(BlobsDirectory, sha256);

    /// <summary>The cached blob when present and still hashing to its name (a damaged one is deleted); null otherwise.</summary>
    public string? Verified(string sha256)
    {
        var path = BlobPath(sha256);
        if (!File.Exists(path)) return null;
        if (ContentHash.OfFile(path) != sha256)
        {
            File.Delete(path);
            return null;
        }
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        return path;
    }

    /// <summary>Moves a download that hashed to <paramref name="sha256"/> into the cache, then evicts down to the bound.</summary>
    public string Add(string file, string sha256)
    {
        var path = BlobPath(sha256);
        AtomicFile.EnsureDirectory(Path.GetDirectoryName(path)!);
        File.Move(file, path, overwrite: true);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        Evict(path);
        return path;
    }

    /// <summary>A place for a download in progress: <c>blobs/ab/cdef….partial</c>, kept across interruptions so a pull resumes.</summary>
    public string PartialPath(string sha256) => BlobPath(sha256) + ".partial";

    /// <summary>Bytes of blobs held now.</summary>
    public long Bytes => Blobs().Sum(f => f.Length);

    private IEnumerable<FileInfo> Blobs() => System.IO.Directory.Exists(BlobsDirectory)
        ? new DirectoryInfo(BlobsDirectory).EnumerateFiles("*", SearchOption.AllDirectories).Where(f => f.Extension != ".partial")
        : [];

    private void Evict(string keep)
    {
        var files = Blobs().OrderBy(f => f.LastWriteTimeUtc).ThenBy(f => f.FullName, StringComparer.Ordinal).ToList();
        var total = files.Sum(f => f.Length);
        foreach (var file in files)
        {
            if (total <= MaxBytes) break;
            if (file.FullName == Path.GetFullPath(keep)) continue;
            total -= file.Length;
            file.Delete();
        }
    }
}
