namespace Workflow.Data;

/// <summary>
/// Records a data directory the way <c>dvc add</c> does: every file becomes an object named by its MD5, the
/// directory becomes a ".dir" listing object, and the returned out is what data.dvc records.
/// </summary>
public static class DataTracker
{
    /// <param name="dataDirectory">The directory to track; every file below it is included, empty folders are not.</param>
    /// <param name="objects">Where the objects are stored (a cache or a local remote).</param>
    /// <param name="outPath">The out's path as data.dvc records it, relative to data.dvc.</param>
    public static DvcOut Track(string dataDirectory, ObjectDirectory objects, string outPath = "data")
    {
        ArgumentNullException.ThrowIfNull(objects);
        return Describe(dataDirectory, objects, outPath);
    }

    /// <summary>What data.dvc would record for the directory, without storing any object.</summary>
    public static DvcOut Hash(string dataDirectory, string outPath = "data") => Describe(dataDirectory, null, outPath);

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
