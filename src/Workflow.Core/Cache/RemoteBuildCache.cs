using System.Security.Cryptography;
using Newtonsoft.Json;
using Workflow.Data;

namespace Workflow.Cache;

/// <summary>
/// Build results shared between machines through any <see cref="IRemote"/> (a folder, http(s)/WebDAV, S3), under
/// its own prefix, never mixed with DVC's <c>files/md5/</c>:
/// <code>
/// workflow-cache/runs/&lt;first 2 hex of key&gt;/&lt;other 62&gt;.json    {"key","stage","unit","outputs":{path: sha256},"signature"?}
/// workflow-cache/objects/&lt;first 2 hex&gt;/&lt;other 62&gt;          a blob, named by the SHA-256 of its bytes
/// </code>
/// A local miss asks the remote for the key; a hit downloads the blobs the local store lacks, each verified by its
/// SHA-256 before use. Pushes upload blobs first (those the remote lacks) and the entry last, several at once.
/// </summary>
/// <remarks>
/// Faults never fail a build: a transient failure is retried with backoff, then the remote is given up for the
/// rest of the build with one warning (a dead remote costs seconds, once) and units are computed locally. With
/// <see cref="CacheSignature"/> (<c>WORKFLOW_CACHE_KEY</c>) every pushed entry is signed, and a fetched entry
/// without a valid signature is ignored with a warning naming its unit.
/// </remarks>
public sealed class RemoteBuildCache : IDisposable
{
    public const string Prefix = "workflow-cache";
    private const int Uploads = 8;
    private readonly IRemote _remote;
    private readonly CacheSignature? _signer;
    private readonly TextWriter _log;
    private readonly int _retries;
    private readonly TimeSpan _firstDelay;
    private readonly SemaphoreSlim _slots = new(Uploads);
    private readonly List<Task> _pushes = [];
    private readonly Lock _gate = new();
    private int _dead;
    private int _refused; // entries ignored for their signature: the first few are named, the rest counted
    private const int NamedRefusals = 5;

    public RemoteBuildCache(IRemote remote, bool push, CacheSignature? signer, TextWriter log, int retries = 2, TimeSpan? firstDelay = null)
    {
        _remote = remote;
        Push = push;
        _signer = signer;
        _log = log;
        _retries = retries;
        _firstDelay = firstDelay ?? TimeSpan.FromMilliseconds(200);
        // Units block on remote calls from the runner's workers: keep threads for the calls' own continuations.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 4 * Environment.ProcessorCount + Uploads), io);
    }

    public string Name => _remote.Name;

    /// <summary>Upload the units that run (<c>--cache-push</c>).</summary>
    public bool Push { get; }

    /// <summary>True once a fault made this build give the remote up.</summary>
    public bool Dead => Volatile.Read(ref _dead) != 0;

    /// <summary>
    /// The remote's result for <paramref name="key"/>, with every blob it names present and verified in
    /// <paramref name="store"/>; null when the remote has none, has been given up, or its entry cannot be trusted.
    /// </summary>
    public RunCacheEntry? Fetch(string key, string stage, string unit, ObjectStore store)
    {
        if (Dead) return null;
        try
        {
            var text = Retry($"reading the entry of {stage}[{unit}]", async token =>
            {
                using var buffer = new MemoryStream();
                return await _remote.DownloadAsync(EntryPath(key), buffer, token).ConfigureAwait(false) ? buffer.ToArray() : null;
            });
            if (text is null) return null;
            var entry = Parse(text, key, stage, unit);
            if (_signer is not null && !_signer.Verify(key, entry.Entry, entry.Signature))
            {
                if (Interlocked.Increment(ref _refused) <= NamedRefusals)
                {
                    _log.WriteLine($"warning: remote cache '{Name}': the entry for {stage}[{unit}] (key {ContentHash.Short(key)}) "
                        + $"{(entry.Signature is null ? "is not signed" : "has a signature that does not match")} with {CacheSignature.Variable}; "
                        + "ignored, the unit runs here.");
                }
                return null;
            }
            foreach (var hash in entry.Entry.Outputs.Values.Distinct(StringComparer.Ordinal))
            {
                if (!store.Verify(hash)) Retry($"downloading blob {ContentHash.Short(hash)} of {stage}[{unit}]", token => DownloadBlob(hash, store, token));
            }
            return entry.Entry;
        }
        catch (Exception e) when (IsFault(e))
        {
            GiveUp(e);
            return null;
        }
    }

    /// <summary>Whether the remote has an entry for <paramref name="key"/> (for plans: no download).</summary>
    public bool Has(string key)
    {
        if (Dead) return false;
        try
        {
            return Retry("checking an entry", token => _remote.ExistsAsync(EntryPath(key), token));
        }
        catch (Exception e) when (IsFault(e))
        {
            GiveUp(e);
            return false;
        }
    }

    /// <summary>Queues the upload of a unit's result: its blobs the remote lacks, then its (signed) entry.</summary>
    public void Enqueue(string key, RunCacheEntry entry, ObjectStore store)
    {
        if (!Push || Dead) return;
        var task = Task.Run(async () =>
        {
            await _slots.WaitAsync().ConfigureAwait(false);
            try
            {
                if (Dead) return;
                foreach (var hash in entry.Outputs.Values.Distinct(StringComparer.Ordinal))
                {
                    var path = BlobPath(hash);
                    if (await RetryAsync($"checking blob {ContentHash.Short(hash)}", t => _remote.ExistsAsync(path, t)).ConfigureAwait(false)) continue;
                    await RetryAsync($"uploading blob {ContentHash.Short(hash)}", async t =>
                    {
                        await using var content = VerifyingStream.OpenFile(store.PathOf(hash), hash, HashAlgorithmName.SHA256, _ => Changed(store.PathOf(hash), hash));
                        await _remote.UploadAsync(path, content, t).ConfigureAwait(false);
                        return true;
                    }).ConfigureAwait(false);
                }
                var json = JsonConvert.SerializeObject(new RemoteCacheEntry(key, entry.Stage, entry.Unit, entry.Outputs, _signer?.Sign(key, entry)));
                await RetryAsync($"uploading the entry of {entry.Stage}[{entry.Unit}]", async t =>
                {
                    await _remote.UploadAsync(EntryPath(key), new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)), t).ConfigureAwait(false);
                    return true;
                }).ConfigureAwait(false);
            }
            catch (Exception e) when (IsFault(e))
            {
                GiveUp(e);
            }
            finally
            {
                _slots.Release();
            }
        });
        lock (_gate) _pushes.Add(task);
    }

    /// <summary>Waits for every queued push (faults were already reported).</summary>
    public void Flush()
    {
        Task[] pending;
        lock (_gate)
        {
            pending = [.. _pushes];
            _pushes.Clear();
        }
        Task.WaitAll(pending);
    }

    public void Dispose()
    {
        Flush();
        if (Interlocked.Exchange(ref _refused, 0) is var refused and > NamedRefusals)
        {
            _log.WriteLine($"warning: remote cache '{Name}': {refused - NamedRefusals} more entries were ignored for want of a valid "
                + $"{CacheSignature.Variable} signature (pushed without the key, or with another one).");
        }
        _remote.Dispose();
        _slots.Dispose();
    }

    public static string EntryPath(string key) => $"{Prefix}/runs/{key[..2]}/{key[2..]}.json";

    public static string BlobPath(string hash) => $"{Prefix}/objects/{hash[..2]}/{hash[2..]}";

    private static (RunCacheEntry Entry, string? Signature) Parse(byte[] text, string key, string stage, string unit)
    {
        RemoteCacheEntry? entry;
        try
        {
            entry = JsonConvert.DeserializeObject<RemoteCacheEntry>(System.Text.Encoding.UTF8.GetString(text));
        }
        catch (JsonException e)
        {
            throw new RemoteCacheException($"its entry for {stage}[{unit}] is not valid JSON ({e.Message})");
        }
        if (entry is null || entry.Key != key || entry.Stage != stage || entry.Unit != unit || entry.Outputs is null
            || entry.Outputs.Values.Any(h => h is not { Length: 64 } || h.Any(c => !char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))))
            throw new RemoteCacheException($"its entry for {stage}[{unit}] (key {ContentHash.Short(key)}) is malformed or names another unit");
        return (new RunCacheEntry(entry.Stage, entry.Unit, entry.Outputs), entry.Signature);
    }

    private async Task<bool> DownloadBlob(string hash, ObjectStore store, CancellationToken token)
    {
        var temp = AtomicFile.TempPathFor(store.PathOf(hash));
        try
        {
            AtomicFile.EnsureDirectory(Path.GetDirectoryName(temp)!);
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                if (!await _remote.DownloadAsync(BlobPath(hash), file, token).ConfigureAwait(false))
                    throw new RemoteCacheException($"its entry names blob {ContentHash.Short(hash)}, which it does not have");
            }
            var actual = ContentHash.OfFile(temp);
            if (actual != hash) throw new RemoteCacheException($"blob {ContentHash.Short(hash)} arrived with bytes hashing to {ContentHash.Short(actual)} (corrupt; not used)");
            store.AddVerified(temp, hash);
            return true;
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private static RemoteCacheException Changed(string path, string hash) =>
        new($"the local blob {path} no longer hashes to {ContentHash.Short(hash)}, so it was not pushed");

    private T Retry<T>(string what, Func<CancellationToken, Task<T>> action) => RetryAsync(what, action).GetAwaiter().GetResult();

    private async Task<T> RetryAsync<T>(string what, Func<CancellationToken, Task<T>> action)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (Dead) throw new RemoteCacheException("given up earlier in this build");
            try
            {
                return await action(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TransientRemoteException or RemoteCacheException && attempt <= _retries)
            {
                await Task.Delay(_firstDelay * Math.Pow(2, attempt - 1)).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TransientRemoteException or RemoteCacheException)
            {
                throw new RemoteCacheException($"{what}: {e.Message} (after {attempt} attempts)", e);
            }
        }
    }

    private static bool IsFault(Exception e) => e is RemoteCacheException or TransientRemoteException or WorkflowException
        or IOException or UnauthorizedAccessException or HttpRequestException or TaskCanceledException;

    private void GiveUp(Exception e)
    {
        if (Interlocked.Exchange(ref _dead, 1) != 0) return;
        _log.WriteLine($"warning: remote cache '{Name}' ({_remote.Location}) failed: {e.Message.TrimEnd('.')}. "
            + "Not asked again in this build; units it would have served are built here, and nothing more is pushed.");
    }

    private sealed record RemoteCacheEntry(
        [property: JsonProperty("key")] string Key,
        [property: JsonProperty("stage")] string Stage,
        [property: JsonProperty("unit")] string Unit,
        [property: JsonProperty("outputs")] IReadOnlyDictionary<string, string> Outputs,
        [property: JsonProperty("signature", NullValueHandling = NullValueHandling.Ignore)] string? Signature);

    private sealed class RemoteCacheException(string message, Exception? inner = null) : Exception(message, inner);
}
