using System.Collections.Concurrent;

namespace Workflow.Data;

/// <summary>
/// Materialises the data directory recorded in data.dvc from a DVC-layout remote. Missing files are fetched
/// (copied to a temporary file beside the target, verified, renamed); files the user already has are never
/// overwritten or deleted, only reported as present, modified or extra.
/// </summary>
public static class DataCheckout
{
    private const string Fix = "run PushData from a machine that has it, or check the remote's url in .dvc/config.";

    public static CheckoutResult Checkout(DvcOut @out, string dataDirectory, ObjectDirectory remote)
    {
        ArgumentNullException.ThrowIfNull(@out);
        ArgumentNullException.ThrowIfNull(remote);
        var listing = ReadListing(@out, remote);
        var root = Path.GetFullPath(dataDirectory);
        Directory.CreateDirectory(root);

        var entries = listing.Entries;
        var states = new WorkspaceState[entries.Count];
        ParallelWork.For(entries.Count, i => states[i] = Inspect(Path.Combine(root, entries[i].RelPath), entries[i].Md5));

        // Every needed object must exist before anything is written, so a broken remote changes nothing.
        var missing = Enumerable.Range(0, entries.Count).Where(i => states[i] == WorkspaceState.Absent).ToArray();
        foreach (var i in missing.Where(i => !remote.Contains(entries[i].Md5)))
        {
            throw new WorkflowException(
                $"The remote {remote.Root} has no object {entries[i].Md5} for {@out.Path}/{entries[i].RelPath}; {Fix}");
        }

        var appeared = new ConcurrentBag<int>();
        ParallelWork.For(missing.Length, k =>
        {
            var entry = entries[missing[k]];
            var target = Path.Combine(root, entry.RelPath);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            try
            {
                if (remote.TryCopyTo(entry.Md5, target) != ObjectStatus.Present)
                {
                    throw new WorkflowException(
                        $"The remote {remote.Root} holds a corrupt object {entry.Md5} for {@out.Path}/{entry.RelPath} "
                        + $"(its bytes do not match its name); delete {remote.PathFor(entry.Md5)} and {Fix}");
                }
            }
            catch (IOException) when (File.Exists(target))
            {
                appeared.Add(missing[k]); // the user created it meanwhile: theirs wins
            }
            catch (IOException e)
            {
                throw new WorkflowException(
                    $"Could not write {@out.Path}/{entry.RelPath}: {e.Message}; move whatever is in the way and run again.");
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

    private static DirListing ReadListing(DvcOut @out, ObjectDirectory remote)
    {
        if (!Md5.IsDir(@out.Md5))
        {
            throw new WorkflowException(
                $"{DvcFile.FileName} records {@out.Path} with md5 {@out.Md5}, which is a file, not a directory (.dir); "
                + $"re-create {DvcFile.FileName} with TrackData.");
        }

        return remote.TryReadAllBytes(@out.Md5, out var bytes) switch
        {
            ObjectStatus.Present => DirListing.Parse(bytes, $"The listing {@out.Md5} of {@out.Path}/ in {remote.Root}"),
            ObjectStatus.Missing => throw new WorkflowException(
                $"The remote {remote.Root} has no object {@out.Md5} (the listing of {@out.Path}/); {Fix}"),
            _ => throw new WorkflowException(
                $"The remote {remote.Root} holds a corrupt object {@out.Md5} (the listing of {@out.Path}/; its bytes "
                + $"do not match its name); delete {remote.PathFor(@out.Md5)} and {Fix}"),
        };
    }

    // A folder where a file belongs counts as the user's change too: it is theirs, so it is left alone.
    private static WorkspaceState Inspect(string path, string md5)
    {
        if (Directory.Exists(path))
        {
            return WorkspaceState.Modified;
        }

        if (!File.Exists(path))
        {
            return WorkspaceState.Absent;
        }

        return Md5.OfFile(path) == md5 ? WorkspaceState.Same : WorkspaceState.Modified;
    }

    private static string[] Paths(IReadOnlyList<DirEntry> entries, WorkspaceState[] states, WorkspaceState state) =>
        entries.Where((_, i) => states[i] == state).Select(e => e.RelPath).Order(StringComparer.Ordinal).ToArray();

    private enum WorkspaceState
    {
        Absent,
        Same,
        Modified,
    }
}
