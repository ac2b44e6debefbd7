using Workflow.Cache;
using System.Collections.Concurrent;

namespace Workflow.Data;

/// <summary>
/// Materialises the data directory a listing records from an object directory (the local cache, or a local remote
/// directly). Missing files are written (copied to a temporary file beside the target, verified, renamed); files the
/// user already has are never overwritten or deleted, only reported as present, modified or extra.
/// </summary>
public static class DataCheckout
{
    private const string RemoteFix = "run PushData from a machine that has it, or check the remote's url in .dvc/config.";

    /// <summary>Checks out straight from a DVC-layout folder (e.g. a local remote), reading the listing there too.</summary>
    public static CheckoutResult Checkout(DvcOut @out, string dataDirectory, ObjectDirectory remote)
    {
        ArgumentNullException.ThrowIfNull(@out);
        ArgumentNullException.ThrowIfNull(remote);
        var listing = ReadListing(@out, remote);
        var source = new Source(remote, $"The remote {remote.Root}", RemoteFix);
        return Checkout(@out, listing, dataDirectory, source, state: null, ensure: null);
    }

    /// <param name="ensure">Called with the entries to write before anything is written; fetches their objects.</param>
    internal static CheckoutResult Checkout(
        DvcOut @out, DirListing listing, string dataDirectory, Source source, StateCache? state, Action<IReadOnlyList<DirEntry>>? ensure)
    {
        var root = Path.GetFullPath(dataDirectory);
        Directory.CreateDirectory(root);

        var entries = listing.Entries;
        var states = new WorkspaceState[entries.Count];
        ParallelWork.For(entries.Count, i =>
            states[i] = Inspect(Path.Combine(root, entries[i].RelPath), @out.Path + "/" + entries[i].RelPath, entries[i].Md5, state));

        // Every needed object must exist before anything is written, so a broken remote changes nothing.
        var missing = Enumerable.Range(0, entries.Count).Where(i => states[i] == WorkspaceState.Absent).ToArray();
        ensure?.Invoke(missing.Select(i => entries[i]).ToArray());
        foreach (var i in missing.Where(i => !source.Objects.Contains(entries[i].Md5)))
        {
            throw new WorkflowException(
                $"{source.Label} has no object {entries[i].Md5} for {@out.Path}/{entries[i].RelPath}; {source.Fix}");
        }

        var appeared = new ConcurrentBag<int>();
        ParallelWork.For(missing.Length, k =>
        {
            var entry = entries[missing[k]];
            if (!Write(@out, root, entry, source))
            {
                appeared.Add(missing[k]); // the user created it meanwhile: theirs wins
            }
        });

        foreach (var i in appeared)
        {
            states[i] = WorkspaceState.Modified;
        }

        var known = entries.Select(e => e.RelPath).ToHashSet(StringComparer.Ordinal);
        var extra = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(p => !known.Contains(p));
        return new CheckoutResult(
            Paths(entries, states, WorkspaceState.Same),
            Paths(entries, states, WorkspaceState.Absent),
            Paths(entries, states, WorkspaceState.Modified),
            extra.Order(StringComparer.Ordinal).ToArray());
    }

    private static bool Write(DvcOut @out, string root, DirEntry entry, Source source)
    {
        var target = Path.Combine(root, entry.RelPath);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (source.Objects.TryCopyTo(entry.Md5, target) != ObjectStatus.Present)
            {
                throw new WorkflowException(
                    $"{source.Label} holds a corrupt object {entry.Md5} for {@out.Path}/{entry.RelPath} "
                    + $"(its bytes do not match its name); delete {source.Objects.PathFor(entry.Md5)} and {source.Fix}");
            }

            return true;
        }
        catch (IOException) when (File.Exists(target))
        {
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new WorkflowException(
                $"Could not write {@out.Path}/{entry.RelPath}: {e.Message}; move whatever is in the way or fix the "
                + "folder's permissions and run again.");
        }
    }

    private static DirListing ReadListing(DvcOut @out, ObjectDirectory remote)
    {
        ListingReader.RequireDir(@out);
        return remote.TryReadAllBytes(@out.Md5, out var bytes) switch
        {
            ObjectStatus.Present => DirListing.Parse(bytes, $"The listing {@out.Md5} of {@out.Path}/ in {remote.Root}"),
            ObjectStatus.Missing => throw new WorkflowException(
                $"The remote {remote.Root} has no object {@out.Md5} (the listing of {@out.Path}/); {RemoteFix}"),
            _ => throw new WorkflowException(
                $"The remote {remote.Root} holds a corrupt object {@out.Md5} (the listing of {@out.Path}/; its bytes "
                + $"do not match its name); delete {remote.PathFor(@out.Md5)} and {RemoteFix}"),
        };
    }

    // A folder where a file belongs counts as the user's change too: it is theirs, so it is left alone.
    private static WorkspaceState Inspect(string path, string key, string md5, StateCache? state)
    {
        if (Directory.Exists(path))
        {
            return WorkspaceState.Modified;
        }

        if (FileStat.Of(path) is not { } stat)
        {
            return WorkspaceState.Absent;
        }

        var actual = state?.Lookup(key, stat);
        if (actual is null)
        {
            actual = Md5.OfFile(path);
            state?.Record(key, stat, actual);
        }

        return actual == md5 ? WorkspaceState.Same : WorkspaceState.Modified;
    }

    private static string[] Paths(IReadOnlyList<DirEntry> entries, WorkspaceState[] states, WorkspaceState state) =>
        entries.Where((_, i) => states[i] == state).Select(e => e.RelPath).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Where objects come from, and how messages name it and say to fix it.</summary>
    internal sealed record Source(ObjectDirectory Objects, string Label, string Fix);

    private enum WorkspaceState
    {
        Absent,
        Same,
        Modified,
    }
}
