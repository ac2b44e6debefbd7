namespace Workflow.Data;

/// <summary>
/// Finds the ".dir" listing data.dvc names: in the local cache, else on the default remote (verified, and then
/// kept in the cache, as DVC does).
/// </summary>
internal static class ListingReader
{
    private const string Fix = "run PushData from a machine that has it, or check the remote's url in .dvc/config.";

    public static void RequireDir(DvcOut @out)
    {
        if (!Md5.IsDir(@out.Md5))
        {
            throw new WorkflowException(
                $"{DvcFile.FileName} records {@out.Path} with md5 {@out.Md5}, which is a file, not a directory (.dir); "
                + $"re-create {DvcFile.FileName} with TrackData.");
        }
    }

    /// <summary>The listing from the cache; null when absent or corrupt there (a corrupt object is a miss).</summary>
    public static DirListing? FromCache(ObjectDirectory cache, DvcOut @out) =>
        cache.TryReadAllBytes(@out.Md5, out var bytes) == ObjectStatus.Present
            ? DirListing.Parse(bytes, $"The listing {@out.Md5} of {@out.Path}/ in {cache.Root}")
            : null;

    /// <param name="store">Keep a downloaded listing in the cache; false for a plan, which writes nothing.</param>
    public static DirListing Read(DvcWorkspace workspace, DvcOut @out, DataOptions options, string operation, bool store = true)
    {
        RequireDir(@out);
        var cache = workspace.Cache;
        if (FromCache(cache, @out) is { } cached)
        {
            return cached;
        }

        using var remote = RemoteFactory.OpenDefault(workspace, options);
        var transfer = new ObjectTransfer(remote, options, operation);
        string Describe(string _) => $"the listing of {@out.Path}/";
        if (store && transfer.Download([@out.Md5], cache, Describe).Count == 0)
        {
            return FromCache(cache, @out)!;
        }

        var bytes = store ? null : transfer.ReadBytes(@out.Md5, Describe);
        if (bytes is null)
        {
            throw new WorkflowException(
                $"Neither the cache nor the remote '{remote.Name}' ({remote.Location}) has the listing {@out.Md5} of "
                + $"{@out.Path}/ that {DvcFile.FileName} records; {Fix}");
        }

        return DirListing.Parse(bytes, $"The listing {@out.Md5} of {@out.Path}/ from the remote '{remote.Name}'");
    }
}
