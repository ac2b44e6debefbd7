using System.Runtime.ExceptionServices;

namespace Workflow.Data;

/// <summary>
/// Moves objects between the local cache and a remote, <see cref="DataOptions.Jobs"/> at a time, retrying transient
/// failures with exponential backoff, verifying every MD5, reporting progress; the first permanent failure stops
/// the rest and is thrown as itself.
/// </summary>
internal sealed class ObjectTransfer(IRemote remote, DataOptions options, string operation)
{
    private readonly RemoteRetry retry = new(remote, options.Retries, options.FirstRetryDelay,
        message => options.Log.WriteLine($"{operation}: {message}"), $"The remote '{remote.Name}' ({remote.Location})",
        $"check its url in .dvc/config and that the server is up, then run {operation} again.");

    /// <summary>The subset of <paramref name="md5s"/> the remote lacks.</summary>
    public IReadOnlyList<string> Missing(IReadOnlyList<string> md5s)
    {
        var missing = new bool[md5s.Count];
        Run("check", md5s.Count, async (i, token) =>
        {
            missing[i] = !await retry.RunAsync($"checking {md5s[i]}", t => remote.ExistsAsync(DvcObjects.PathOf(md5s[i]), t), token).ConfigureAwait(false);
            return 0;
        });
        return md5s.Where((_, i) => missing[i]).ToArray();
    }

    /// <summary>Downloads each object into the cache, verified; returns the MD5s the remote does not have.</summary>
    public IReadOnlyList<string> Download(IReadOnlyList<string> md5s, ObjectDirectory cache, Func<string, string> describe)
    {
        var absent = new bool[md5s.Count];
        Run("download", md5s.Count, async (i, token) =>
        {
            var md5 = md5s[i];
            var (status, size) = await retry.RunAsync($"downloading {md5}", t => DownloadOne(md5, cache, describe, t), token)
                .ConfigureAwait(false);
            absent[i] = status == ObjectStatus.Missing;
            return size;
        });
        return md5s.Where((_, i) => absent[i]).ToArray();
    }

    /// <summary>One object's bytes, verified, without storing them anywhere; null when the remote lacks it.</summary>
    public byte[]? ReadBytes(string md5, Func<string, string> describe)
    {
        byte[]? result = null;
        Run("download", 1, async (_, token) =>
        {
            result = await retry.RunAsync($"downloading {md5}", async t =>
            {
                using var buffer = new MemoryStream();
                return await remote.DownloadAsync(DvcObjects.PathOf(md5), buffer, t).ConfigureAwait(false) ? buffer.ToArray() : null;
            }, token).ConfigureAwait(false);
            return result?.Length ?? 0;
        });
        if (result is not null && Md5.OfBytes(result) is var actual && actual != ObjectDirectory.HexOf(md5))
        {
            throw CorruptOnRemote(md5, describe, actual);
        }

        return result;
    }

    /// <summary>Uploads each (md5, file) pair; each file's bytes are verified against its MD5 on the way.</summary>
    public void Upload(IReadOnlyList<(string Md5, string Path)> objects)
    {
        Run("upload", objects.Count, async (i, token) =>
        {
            var (md5, path) = objects[i];
            await retry.RunAsync($"uploading {md5}", async t =>
            {
                await using var content = VerifyingStream.OpenFile(path, ObjectDirectory.HexOf(md5), System.Security.Cryptography.HashAlgorithmName.MD5, actual => Corrupt(path, md5, actual));
                await remote.UploadAsync(DvcObjects.PathOf(md5), content, t).ConfigureAwait(false);
                return 0;
            }, token).ConfigureAwait(false);
            return new FileInfo(path).Length;
        });
    }

    private static WorkflowException Corrupt(string path, string md5, string actual) => new(
        $"{path} should hold object {md5} but its bytes hash to {actual}; it was changed or damaged. Delete it and run "
        + "TrackData (or FetchData) again, then PushData.");

    private async Task<(ObjectStatus, long)> DownloadOne(
        string md5, ObjectDirectory cache, Func<string, string> describe, CancellationToken token)
    {
        var target = cache.PathFor(md5);
        var temp = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, Md5.BufferSize, useAsync: true))
                {
                    if (!await remote.DownloadAsync(DvcObjects.PathOf(md5), file, token).ConfigureAwait(false))
                    {
                        return (ObjectStatus.Missing, 0);
                    }
                }
            }
            catch (Exception e) when (e is UnauthorizedAccessException || (e is IOException && !File.Exists(temp)))
            {
                throw CacheErrors.NotWritable(cache, e);
            }

            var actual = Md5.OfFile(temp);
            if (actual != ObjectDirectory.HexOf(md5))
            {
                throw CorruptOnRemote(md5, describe, actual);
            }

            File.Move(temp, target, overwrite: true);
            return (ObjectStatus.Present, new FileInfo(target).Length);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private WorkflowException CorruptOnRemote(string md5, Func<string, string> describe, string actual) => new(
        $"The remote '{remote.Name}' ({remote.Location}) holds a corrupt object {md5} for {describe(md5)}: its bytes "
        + $"hash to {actual}. It was not used; delete it from the remote and run PushData from a machine that has the data.");

    private void Run(string phase, int count, Func<int, CancellationToken, Task<long>> body)
    {
        int done = 0;
        long bytes = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Jobs };
        try
        {
            Parallel.ForEachAsync(Enumerable.Range(0, count), parallel, async (i, token) =>
            {
                var size = await body(i, token).ConfigureAwait(false);
                var total = Interlocked.Add(ref bytes, size);
                options.Progress?.Report(new TransferProgress(phase, Interlocked.Increment(ref done), count, total));
            }).Wait();
        }
        catch (AggregateException e)
        {
            // The failure itself, not the cancellations it caused in the other transfers.
            var first = e.Flatten().InnerExceptions.OrderBy(x => x is WorkflowException ? 0 : x is OperationCanceledException ? 2 : 1).First();
            ExceptionDispatchInfo.Throw(first);
        }
    }
}
