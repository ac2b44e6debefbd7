using Workflow.Cache;
namespace Workflow.Data;

/// <summary>
/// Lists the files under a data directory with their MD5s, hashing only those the state cache cannot vouch for,
/// on all cores. With a <see cref="ObjectDirectory"/> it also stores every file's object (TrackData).
/// </summary>
internal static class DataScan
{
    /// <param name="keyPrefix">The directory's workspace-relative path ("data"), which prefixes state keys.</param>
    public static ScannedFile[] Run(
        string dataDirectory, string keyPrefix, StateCache state, ObjectDirectory? store, IProgress<TransferProgress>? progress)
    {
        var root = Path.GetFullPath(dataDirectory);
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).ToArray();
        var scanned = new ScannedFile?[files.Length];
        long done = 0, bytes = 0;
        ParallelWork.For(files.Length, i =>
        {
            var relPath = Path.GetRelativePath(root, files[i]).Replace(Path.DirectorySeparatorChar, '/');
            scanned[i] = Scan(files[i], relPath, keyPrefix + "/" + relPath, state, store);
            var total = Interlocked.Add(ref bytes, scanned[i]?.Size ?? 0);
            progress?.Report(new TransferProgress("hash", (int)Interlocked.Increment(ref done), files.Length, total));
        });

        return scanned.OfType<ScannedFile>().ToArray();
    }

    private static ScannedFile? Scan(string path, string relPath, string key, StateCache state, ObjectDirectory? store)
    {
        if (DirListing.UnsafeReason(relPath) is not null)
        {
            return new ScannedFile(relPath, path, "", 0, false, false); // DirListing.Create reports it, with the reason
        }

        try
        {
            if (FileStat.Of(path) is not { } stat)
            {
                return null; // deleted while scanning: it is not there
            }

            var md5 = state.Lookup(key, stat);
            var hashed = md5 is null;
            if (md5 is null)
            {
                md5 = Md5.OfFile(path);
                if (FileStat.Of(path) == stat)
                {
                    state.Record(key, stat, md5); // only when nothing changed while it was read
                }
            }

            var stored = store is not null && StoreObject(store, path, md5, stat.Size);
            return new ScannedFile(relPath, path, md5, stat.Size, hashed, stored);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (UnauthorizedAccessException e)
        {
            throw new WorkflowException($"{key} could not be read ({e.Message}); fix its permissions or move it out of the data directory, then run again.");
        }
    }

    private static bool StoreObject(ObjectDirectory store, string path, string md5, long size)
    {
        try
        {
            return store.AddKnown(path, md5, size);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException && e is not FileNotFoundException)
        {
            throw CacheErrors.NotWritable(store, e);
        }
    }
}

/// <summary>One file of a scanned data directory.</summary>
internal sealed record ScannedFile(string RelPath, string FullPath, string Md5, long Size, bool Hashed, bool Stored);
