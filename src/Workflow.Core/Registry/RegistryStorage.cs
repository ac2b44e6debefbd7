using System.Globalization;
using Newtonsoft.Json;
using Workflow.Cache;
using Workflow.Data;
using Workflow.Pipeline;

namespace Workflow.Registry;

/// <summary>
/// The registry's files, all plain and inspectable, in a folder or on any remote (<see cref="RegistryAddress"/>):
/// <code>
///   index.json        models → versions (metadata, lineage, metrics, parameters) and aliases; see RegistryIndex
///   aliases.jsonl     append-only history of alias moves, one AliasMove per line
///   blobs/ab/cdef…    package zips, named by the SHA-256 of their bytes
///   registry.lock     held by whichever process is writing (an OS lock in a folder; a lease object on a remote)
/// </code>
/// Every write replaces a whole file (a temp file renamed over it; a single PUT on a remote). Writers hold the lock;
/// readers need none. A remote registry's reads go through <see cref="RegistryCache"/>: packages are fetched
/// verified and reused, and when the remote is unreachable the index and history last read answer, with a warning.
/// </summary>
internal sealed class RegistryStorage
{
    private static readonly JsonSerializerSettings ReadSettings = new()
    {
        ContractResolver = Json.Settings.ContractResolver,
        Culture = CultureInfo.InvariantCulture,
        DateParseHandling = DateParseHandling.DateTimeOffset,
    };

    private static readonly JsonSerializerSettings WriteSettings = new()
    {
        ContractResolver = Json.Settings.ContractResolver,
        Culture = CultureInfo.InvariantCulture,
    };

    private readonly RemoteRetry? _remote;
    private readonly Action<string>? _log;
    private readonly List<string> _warnedStale = [];

    public RegistryStorage(RegistryAddress address, Action<string>? log = null)
    {
        Address = address;
        _log = log;
        Root = address.Folder ?? address.Display;
        Blobs = new ObjectStore(Path.Combine(address.Folder ?? address.CacheDirectory!, "blobs"));
        if (address.IsRemote)
        {
            // Retries are not logged: a registry command that cannot reach its registry says so once, on one line.
            _remote = new RemoteRetry(address.Open());
            Cache = new RegistryCache(address.CacheDirectory!);
        }
    }

    public RegistryAddress Address { get; }

    /// <summary>The folder, or the remote's address: what messages name.</summary>
    public string Root { get; }

    public bool IsRemote => _remote is not null;

    public RemoteRetry Remote => _remote ?? throw new InvalidOperationException("a folder registry has no remote");

    public RegistryCache? Cache { get; }

    public string IndexPath => IsRemote ? $"{Root}/index.json" : Path.Combine(Root, "index.json");

    public string LogPath => IsRemote ? $"{Root}/aliases.jsonl" : Path.Combine(Root, "aliases.jsonl");

    public string LockPath => Path.Combine(Root, "registry.lock");

    /// <summary>A folder registry's blobs; a remote registry's local cache of them.</summary>
    public ObjectStore Blobs { get; }

    /// <summary>Display form of a blob's path, relative to the registry.</summary>
    public static string BlobName(string sha256) => $"blobs/{sha256[..2]}/{sha256[2..]}";

    /// <summary>The path of a registry file inside its remote.</summary>
    public string RemotePath(string name) => Address.Prefix.Length == 0 ? name : $"{Address.Prefix}/{name}";

    /// <summary>The lock for a change: an OS file lock on a folder registry, a lease object on a remote one.</summary>
    public IDisposable Lock(TimeSpan timeout) => IsRemote
        ? RegistryLease.Acquire(Remote, RemotePath("registry.lock"), Root, timeout, _log)
        : RegistryLock.Acquire(LockPath, timeout, _log);

    /// <param name="live">Refuse the cached copy: a change must start from the registry as it is now.</param>
    public RegistryIndex ReadIndex(bool live = false)
    {
        var text = ReadText("index.json", live);
        if (text is null) return RegistryIndex.Empty;
        RegistryIndex? index;
        try
        {
            index = JsonConvert.DeserializeObject<RegistryIndex>(text, ReadSettings);
        }
        catch (JsonException e)
        {
            throw new WorkflowException(
                $"{IndexPath} is not a valid registry index ({e.Message}); restore it from a backup (the packages themselves are in {BlobsDisplay}).", inner: e);
        }
        if (index is null || index.Models is null)
            throw new WorkflowException($"{IndexPath} is empty; restore it from a backup or delete it to start an empty registry.");
        if (index.FormatVersion != RegistryIndex.CurrentFormatVersion)
            throw new WorkflowException(
                $"{IndexPath} has format version {index.FormatVersion}, but this build reads version {RegistryIndex.CurrentFormatVersion}; use a matching build of Workflow.");
        return index;
    }

    public void WriteIndex(RegistryIndex index) => WriteText("index.json", Json.Serialize(index));

    public IReadOnlyList<AliasMove> ReadLog(bool live = false)
    {
        var text = ReadText("aliases.jsonl", live);
        if (text is null) return [];
        var moves = new List<AliasMove>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            try
            {
                moves.Add(JsonConvert.DeserializeObject<AliasMove>(lines[i], ReadSettings)
                    ?? throw new JsonSerializationException("null entry"));
            }
            catch (JsonException e)
            {
                throw new WorkflowException($"{LogPath} line {i + 1} is not a valid alias move ({e.Message}); remove or repair that line.", inner: e);
            }
        }
        return moves;
    }

    /// <summary>Appends by rewriting the whole log: a crash leaves the old log or the new one, never half a line.</summary>
    public void AppendLog(AliasMove move) => AppendLog([move]);

    public void AppendLog(IReadOnlyList<AliasMove> moves)
    {
        if (moves.Count == 0) return;
        var existing = ReadText("aliases.jsonl", live: true) ?? "";
        WriteText("aliases.jsonl", existing + string.Concat(moves.Select(m => JsonConvert.SerializeObject(m, Formatting.None, WriteSettings) + "\n")));
    }

    /// <summary>Stores a package as a blob (uploaded, verified by its SHA-256 on the way, when the registry is remote).</summary>
    public void PutBlob(string file, string sha256)
    {
        if (!IsRemote)
        {
            if (Blobs.Put(file) != sha256)
                throw new WorkflowException($"{file} changed while it was being registered; register it again once the build is done.");
            return;
        }
        var path = RemotePath(BlobName(sha256));
        if (Remote.Run("checking a package", t => Remote.Remote.ExistsAsync(path, t))) return;
        Remote.Run("uploading a package", async t =>
        {
            await using var content = VerifyingStream.OpenFile(file, sha256, System.Security.Cryptography.HashAlgorithmName.SHA256,
                actual => new WorkflowException($"{file} changed while it was being registered (it now hashes to {ContentHash.Short(actual)}); register it again once the build is done."));
            await Remote.Remote.UploadAsync(path, content, t).ConfigureAwait(false);
            return true;
        });
    }

    /// <summary>
    /// A local file with the blob's bytes: the blob itself in a folder registry; for a remote one, the cached copy,
    /// fetched first (verified; a copy that fails verification is fetched once more) when not cached. The path may
    /// not exist when the registry lacks the blob.
    /// </summary>
    /// <param name="fresh">Fetch from the remote even when a verified copy is cached (verify checks the registry's bytes).</param>
    public string BlobFile(string sha256, IProgress<long>? progress = null, bool fresh = false)
    {
        if (!IsRemote) return Blobs.PathOf(sha256);
        if (fresh && File.Exists(Cache!.BlobPath(sha256))) File.Delete(Cache.BlobPath(sha256));
        if (Cache!.Verified(sha256) is { } cached) return cached;
        return BlobFetch.Fetch(this, sha256, progress) ?? Cache.BlobPath(sha256);
    }

    /// <summary>Blob names (SHA-256) present in the registry, with their sizes; and files under blobs/ that are not blobs.</summary>
    public (IReadOnlyList<BlobFiles.Blob> Blobs, IReadOnlyList<string> Leftovers) ListBlobs()
    {
        if (!IsRemote) return (BlobFiles.List(Blobs.Root), BlobFiles.Leftovers(Blobs.Root).Select(b => b.Path).ToList());
        var objects = Remote.Run("listing packages", t => Remote.Remote.ListAsync(RemotePath("blobs"), t));
        var blobs = new List<BlobFiles.Blob>();
        var leftovers = new List<string>();
        var start = RemotePath("blobs").Length + 1;
        foreach (var o in objects)
        {
            var name = o.Path[start..].Replace("/", "", StringComparison.Ordinal);
            if (BlobFiles.IsBlobName(name)) blobs.Add(new BlobFiles.Blob(name, o.Path, o.Bytes));
            else leftovers.Add(o.Path);
        }
        return (blobs, leftovers);
    }

    /// <summary>Deletes a file <see cref="ListBlobs"/> named.</summary>
    public void DeleteBlobFile(string path)
    {
        if (IsRemote) Remote.Run("deleting a package", t => Remote.Remote.DeleteAsync(path, t));
        else File.Delete(path);
    }

    private string BlobsDisplay => IsRemote ? $"{Root}/blobs" : Path.Combine(Root, "blobs");

    private string? ReadText(string name, bool live)
    {
        if (!IsRemote)
        {
            var path = Path.Combine(Root, name);
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        try
        {
            var bytes = Remote.Run($"reading {name}", async t =>
            {
                using var buffer = new MemoryStream();
                return await Remote.Remote.DownloadAsync(RemotePath(name), buffer, t).ConfigureAwait(false) ? buffer.ToArray() : null;
            });
            var text = bytes is null ? null : System.Text.Encoding.UTF8.GetString(bytes);
            Cache!.SaveText(name, text ?? "", Root);
            if (name == "index.json") KeepAliasLog();
            return text;
        }
        catch (RemoteUnreachableException e) when (!live && Cache!.ReadText(name) is { } cached)
        {
            // One warning, and another for a copy read at another time (e.g. a log read days before the index).
            var at = Cache.FetchedAt(name);
            if (!_warnedStale.Any(w => SameTime(w, at)))
            {
                _warnedStale.Add(at);
                _log?.Invoke($"warning: {e.Message.Split(" (gave up", 2)[0]}. Answering from this machine's copy of the registry, read at {at}; it may be stale.");
            }
            Stale = true;
            return cached.Length == 0 ? null : cached;
        }
    }

    // Copies read within a minute of each other (one command reads the index, then the log) count as read at once.
    private static bool SameTime(string a, string b) =>
        a == b || (DateTimeOffset.TryParse(a, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var x)
            && DateTimeOffset.TryParse(b, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var y)
            && Math.Abs((x - y).TotalSeconds) <= 60);

    // The first time this machine reads a remote registry, it also keeps a copy of the alias log, so that `history`
    // (and alias references) can answer offline even if no command read the log while the registry was reachable.
    private void KeepAliasLog()
    {
        if (Cache!.ReadText("aliases.jsonl") is not null) return;
        try
        {
            ReadText("aliases.jsonl", live: false);
        }
        catch (WorkflowException)
        {
            // the index was just read: a log that cannot be read now is read when a command needs it
        }
    }

    /// <summary>True once an answer came from the local copy because the remote was unreachable.</summary>
    public bool Stale { get; private set; }

    private void WriteText(string name, string text)
    {
        if (!IsRemote)
        {
            AtomicFile.WriteAllText(Path.Combine(Root, name), text);
            return;
        }
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        Remote.Run($"writing {name}", async t =>
        {
            await Remote.Remote.UploadAsync(RemotePath(name), new MemoryStream(bytes, writable: false), t).ConfigureAwait(false);
            return true;
        });
        Cache!.SaveText(name, text, Root);
    }
}
