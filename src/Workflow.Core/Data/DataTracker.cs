using System.Text;
using Workflow.Cache;

namespace Workflow.Data;

/// <summary>
/// Records a data directory the way <c>dvc add</c> + <c>dvc commit</c> do: every file becomes an object named by its
/// MD5, the directory becomes a ".dir" listing object, and data.dvc records the listing.
/// </summary>
public static class DataTracker
{
    public const string Operation = "TrackData";

    /// <summary>
    /// TrackData: hashes the workspace's data directory (unchanged files via the state cache), stores new objects
    /// in the local cache, and rewrites data.dvc atomically when it changed; under the workspace lock.
    /// </summary>
    public static TrackResult Commit(DvcWorkspace workspace, DataOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        options ??= new DataOptions();
        options.Validate();
        using var held = WorkspaceLock.Acquire(workspace, Operation, options);

        var (previous, backup) = ReadPrevious(workspace);
        var dataDirectory = workspace.DataDirectory(previous);
        if (!Directory.Exists(dataDirectory))
        {
            throw new WorkflowException($"{dataDirectory} does not exist; put the data there before tracking it.");
        }

        var cache = workspace.Cache;
        var outPath = previous?.Path ?? DvcWorkspace.DefaultOutPath;
        var state = StateCache.Load(StatePath(workspace));
        var files = DataScan.Run(dataDirectory, outPath, state, cache, options.Progress);
        state.Save();

        var listing = DirListing.Create(files.Select(f => new DirEntry(f.RelPath, f.Md5)), dataDirectory);
        var listingStored = !cache.Contains(listing.Md5);
        try
        {
            cache.Add(listing);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CacheErrors.NotWritable(cache, e);
        }

        var @out = new DvcOut(listing.Md5, files.Sum(f => f.Size), listing.Entries.Count, outPath);
        var before = previous is null ? null : ListingReader.FromCache(cache, previous);
        var diff = previous is null ? ListingDiff.Between([], listing.Entries)
            : before is null ? ListingDiff.None
            : ListingDiff.Between(before.Entries, listing.Entries);

        var text = DvcFile.Format(@out);
        var written = !File.Exists(workspace.DvcFilePath) || File.ReadAllText(workspace.DvcFilePath, Encoding.UTF8) != text;
        if (written)
        {
            AtomicFile.WriteAllBytes(workspace.DvcFilePath, Encoding.UTF8.GetBytes(text));
        }

        return new TrackResult(
            @out, previous, previous is null || before is not null, diff.Added, diff.Modified, diff.Deleted,
            files.Count(f => f.Stored) + (listingStored ? 1 : 0), files.Count(f => f.Hashed), written, backup);
    }

    /// <param name="dataDirectory">The directory to track; every file below it is included, empty folders are not.</param>
    /// <param name="objects">Where the objects are stored (a cache or a local remote).</param>
    /// <param name="outPath">The out's path as data.dvc records it, relative to data.dvc.</param>
    public static DvcOut Track(string dataDirectory, ObjectDirectory objects, string outPath = "data")
    {
        ArgumentNullException.ThrowIfNull(objects);
        return Describe(dataDirectory, objects, outPath);
    }

    /// <summary>
    /// What data.dvc would record for the directory, without storing any object. With <paramref name="statePath"/>,
    /// MD5s go through a <see cref="StateCache"/> there (keyed by absolute path), so unchanged files are not read.
    /// </summary>
    public static DvcOut Hash(string dataDirectory, string outPath = "data", string? statePath = null)
    {
        if (statePath is null) return Describe(dataDirectory, null, outPath);
        var (listing, size) = Scan(dataDirectory, statePath);
        return new DvcOut(listing.Md5, size, listing.Entries.Count, outPath);
    }

    /// <summary>
    /// The DVC listing of the directory (relpath → md5 of every file), MD5s through the <see cref="StateCache"/> at
    /// <paramref name="statePath"/> so unchanged files are not read: what a package records of its training data.
    /// </summary>
    public static DirListing Listing(string dataDirectory, string statePath) => Scan(dataDirectory, statePath).Listing;

    private static (DirListing Listing, long Size) Scan(string dataDirectory, string statePath)
    {
        if (!Directory.Exists(dataDirectory))
        {
            throw new WorkflowException($"{dataDirectory} does not exist; put the data there before tracking it.");
        }

        var root = Path.GetFullPath(dataDirectory);
        var state = StateCache.Load(statePath);
        var files = DataScan.Run(root, root, state, null, null);
        state.Save();
        return (DirListing.Create(files.Select(f => new DirEntry(f.RelPath, f.Md5)), dataDirectory), files.Sum(f => f.Size));
    }

    internal static string StatePath(DvcWorkspace workspace) => Path.Combine(workspace.TmpDirectory, "workflow-state");

    // A data.dvc that cannot be read is replaced (TrackData is the documented fix), but its bytes are kept first.
    private static (DvcOut? Previous, string? Backup) ReadPrevious(DvcWorkspace workspace)
    {
        try
        {
            return (workspace.ReadOut(), null);
        }
        catch (WorkflowException)
        {
            var backup = Path.Combine(workspace.TmpDirectory, DvcFile.FileName + ".invalid");
            AtomicFile.WriteAllBytes(backup, File.ReadAllBytes(workspace.DvcFilePath));
            return (null, backup);
        }
    }

    private static DvcOut Describe(string dataDirectory, ObjectDirectory? objects, string outPath)
    {
        if (!Directory.Exists(dataDirectory))
        {
            throw new WorkflowException($"{dataDirectory} does not exist; put the data there before tracking it.");
        }

        var root = Path.GetFullPath(dataDirectory);
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).ToArray();
        var entries = new DirEntry[files.Length];
        var sizes = new long[files.Length];

        // Results land by index, so the parallel order cannot leak into the listing (which sorts anyway).
        ParallelWork.For(files.Length, i =>
        {
            var relPath = Path.GetRelativePath(root, files[i]).Replace(Path.DirectorySeparatorChar, '/');
            if (DirListing.UnsafeReason(relPath) is null)
            {
                entries[i] = new DirEntry(relPath, objects is null ? Md5.OfFile(files[i]) : objects.Add(files[i]));
                sizes[i] = new FileInfo(files[i]).Length;
            }
            else
            {
                entries[i] = new DirEntry(relPath, ""); // DirListing.Create reports it with the reason
            }
        });

        var listing = DirListing.Create(entries, dataDirectory);
        objects?.Add(listing);
        return new DvcOut(listing.Md5, sizes.Sum(), listing.Entries.Count, outPath);
    }
}
