using Workflow.Cache;
namespace Workflow.Data;

/// <summary>
/// FetchData: pulls the objects data.dvc needs from the default remote into the local cache (each verified, never
/// partial), then makes <c>data/</c> match data.dvc from the cache — missing files only; a file the user changed
/// or added is never overwritten or deleted. Works offline when the cache already has everything.
/// </summary>
public static class DataFetcher
{
    public const string Operation = "FetchData";
    private const string CacheFix = "run FetchData again (the object will be fetched anew).";

    public static FetchResult Fetch(DvcWorkspace workspace, DataOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        options ??= new DataOptions();
        options.Validate();
        using var held = WorkspaceLock.Acquire(workspace, Operation, options);

        var @out = ReadOut(workspace);
        var cache = workspace.Cache;
        var cached = ListingReader.FromCache(cache, @out);
        var hadListing = cached is not null;
        var listing = cached ?? ListingReader.Read(workspace, @out, options, Operation);
        var downloaded = hadListing ? 0 : 1;
        string? remoteName = hadListing ? null : workspace.LoadConfig().DefaultRemoteName;

        var state = StateCache.Load(DataTracker.StatePath(workspace));
        var source = new DataCheckout.Source(cache, $"The cache {cache.Root}", $"delete it and {CacheFix}");
        var checkout = DataCheckout.Checkout(@out, listing, workspace.DataDirectory(@out), source, state, absent =>
        {
            var needed = absent.Select(e => e.Md5).Distinct(StringComparer.Ordinal).Where(m => !cache.Contains(m)).ToArray();
            if (needed.Length == 0)
            {
                return;
            }

            using var remote = RemoteFactory.OpenDefault(workspace, options);
            remoteName = remote.Name;
            var paths = absent.ToLookup(e => e.Md5, e => @out.Path + "/" + e.RelPath);
            var lacking = new ObjectTransfer(remote, options, Operation).Download(needed, cache, m => paths[m].First());
            if (lacking.Count > 0)
            {
                var named = lacking.Take(3).Select(m => $"{m} ({paths[m].First()})");
                throw new WorkflowException(
                    $"The remote '{remote.Name}' ({remote.Location}) lacks {lacking.Count} object(s) data.dvc needs: "
                    + string.Join(", ", named) + (lacking.Count > 3 ? $", +{lacking.Count - 3} more" : "")
                    + "; run PushData from a machine that has them. Nothing in data/ was changed.");
            }

            downloaded += needed.Length;
        });
        state.Save();
        return new FetchResult(@out, remoteName, downloaded, checkout);
    }

    /// <summary>What Fetch would do, without writing anything (a listing not in the cache is read from the remote).</summary>
    public static FetchPlan Plan(DvcWorkspace workspace, DataOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        options ??= new DataOptions();
        var @out = ReadOut(workspace);
        var listing = ListingReader.Read(workspace, @out, options, Operation, store: false);
        var dataDirectory = workspace.DataDirectory(@out);
        var listed = listing.Entries.Select(e => e.RelPath).ToArray();
        return new FetchPlan(@out, listed, listed.Where(p => !File.Exists(Path.Combine(dataDirectory, p))).ToArray());
    }

    private static DvcOut ReadOut(DvcWorkspace workspace)
    {
        var @out = workspace.ReadOut() ?? throw new WorkflowException(
            $"{DvcFile.FileName} does not exist in {workspace.Root}; restore it with `git checkout {DvcFile.FileName}`, "
            + "or pass --data=DIR.");
        ListingReader.RequireDir(@out);
        return @out;
    }
}
