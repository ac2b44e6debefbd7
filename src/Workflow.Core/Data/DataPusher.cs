using Workflow.Cache;
namespace Workflow.Data;

/// <summary>
/// PushData: sends the objects of data.dvc that the default remote lacks, from the local cache (or from a file in
/// <c>data/</c> whose content still matches), files first and the ".dir" listing last — so a remote that has a
/// listing has all its files, as with DVC. Every object is verified before it is sent.
/// </summary>
public static class DataPusher
{
    public const string Operation = "PushData";

    public static PushResult Push(DvcWorkspace workspace, DataOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        options ??= new DataOptions();
        options.Validate();
        using var held = WorkspaceLock.Acquire(workspace, Operation, options);

        var @out = workspace.ReadOut() ?? throw new WorkflowException(
            $"{workspace.DvcFilePath} does not exist; run TrackData first to record data/, then PushData.");
        ListingReader.RequireDir(@out);
        var cache = workspace.Cache;
        var listing = ListingReader.FromCache(cache, @out) ?? throw new WorkflowException(
            $"The listing {@out.Md5} that {DvcFile.FileName} records is not in the cache {cache.Root}; run TrackData "
            + "(or FetchData) first, then PushData.");

        using var remote = RemoteFactory.OpenDefault(workspace, options, forPush: true);
        var transfer = new ObjectTransfer(remote, options, Operation);
        var files = listing.Entries.DistinctBy(e => e.Md5).ToArray();
        var missing = transfer.Missing([.. files.Select(e => e.Md5), @out.Md5]).ToHashSet(StringComparer.Ordinal);
        var state = StateCache.Load(DataTracker.StatePath(workspace));
        var dataDirectory = workspace.DataDirectory(@out);
        var sources = files.Where(e => missing.Contains(e.Md5))
            .Select(e => (e.Md5, Path: SourceOf(e, cache, dataDirectory, @out, state)))
            .ToArray();
        transfer.Upload(sources);
        if (missing.Contains(@out.Md5))
        {
            transfer.Upload([(@out.Md5, cache.PathFor(@out.Md5))]);
        }

        var bytes = sources.Sum(s => new FileInfo(s.Path).Length);
        return new PushResult(remote.Name, remote.Location, missing.Count, files.Length + 1 - missing.Count, bytes);
    }

    private static string SourceOf(DirEntry entry, ObjectDirectory cache, string dataDirectory, DvcOut @out, StateCache state)
    {
        var cached = cache.PathFor(entry.Md5);
        if (File.Exists(cached))
        {
            return cached;
        }

        var file = Path.Combine(dataDirectory, entry.RelPath);
        if (FileStat.Of(file) is { } stat && (state.Lookup(@out.Path + "/" + entry.RelPath, stat) ?? Md5.OfFile(file)) == entry.Md5)
        {
            return file;
        }

        throw new WorkflowException(
            $"Object {entry.Md5} for {@out.Path}/{entry.RelPath} is neither in the cache {cache.Root} nor in data/ "
            + "unchanged; run FetchData (or TrackData) first, then PushData.");
    }
}
