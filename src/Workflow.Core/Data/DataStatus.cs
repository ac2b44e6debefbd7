using Workflow.Cache;
namespace Workflow.Data;

/// <summary>
/// DataStatus: added, modified and deleted files between <c>data/</c> and data.dvc (unchanged files vouched for
/// by the state cache, not reread), and which of data.dvc's objects the default remote lacks. Takes no lock and
/// writes nothing but the state cache (and, like DVC, a listing it had to fetch into the cache).
/// </summary>
public static class DataStatus
{
    public const string Operation = "DataStatus";

    /// <param name="checkRemote">Also ask the default remote which objects it lacks (one HEAD or stat per object).</param>
    public static DataStatusResult Check(DvcWorkspace workspace, DataOptions? options = null, bool checkRemote = true)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        options ??= new DataOptions();
        options.Validate();

        var recorded = workspace.ReadOut();
        var dataDirectory = workspace.DataDirectory(recorded);
        var outPath = recorded?.Path ?? DvcWorkspace.DefaultOutPath;
        var state = StateCache.Load(DataTracker.StatePath(workspace));
        var files = Directory.Exists(dataDirectory) ? DataScan.Run(dataDirectory, outPath, state, null, options.Progress) : [];
        state.Save();
        var current = DirListing.Create(files.Select(f => new DirEntry(f.RelPath, f.Md5)), dataDirectory);
        var hashed = files.Count(f => f.Hashed);
        if (recorded is null)
        {
            return new DataStatusResult(null, current.Entries.Select(e => e.RelPath).ToArray(), [], [], 0, hashed, null, [], []);
        }

        // Same listing hash, same content: no need to read the recorded listing to compare.
        var listing = current.Md5 == recorded.Md5 ? current : ListingReader.Read(workspace, recorded, options, Operation);
        var diff = ReferenceEquals(listing, current) ? ListingDiff.None : ListingDiff.Between(listing.Entries, current.Entries);
        var unchanged = listing.Entries.Count - diff.Modified.Count - diff.Deleted.Count;
        if (!checkRemote)
        {
            return new DataStatusResult(recorded, diff.Added, diff.Modified, diff.Deleted, unchanged, hashed, null, [], []);
        }

        using var remote = RemoteFactory.OpenDefault(workspace, options);
        var objects = listing.Entries.Select(e => e.Md5).Append(recorded.Md5).Distinct(StringComparer.Ordinal).ToArray();
        var missing = new ObjectTransfer(remote, options, Operation).Missing(objects).ToHashSet(StringComparer.Ordinal);
        var paths = listing.Entries.Where(e => missing.Contains(e.Md5)).Select(e => e.RelPath)
            .Concat(missing.Contains(recorded.Md5) ? [""] : Array.Empty<string>())
            .Order(StringComparer.Ordinal).ToArray();
        return new DataStatusResult(
            recorded, diff.Added, diff.Modified, diff.Deleted, unchanged, hashed, remote.Name,
            missing.Order(StringComparer.Ordinal).ToArray(), paths);
    }
}
