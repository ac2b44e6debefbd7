using Workflow.Data;

namespace Workflow.Release;

/// <summary>Per class: the recordings added, removed and modified between two listings of a data root.</summary>
public static class DataChanges
{
    /// <param name="split">Maps a <c>DIR/&lt;class&gt;/…</c> path to its class (the class is all that is used here).</param>
    public static IReadOnlyList<ClassDataChange> Between(DirListing before, DirListing now, SplitOptions split)
    {
        var old = Recordings(before, split);
        var current = Recordings(now, split);
        return old.Values.Select(r => r.Class).Concat(current.Values.Select(r => r.Class))
            .Distinct().Order(StringComparer.Ordinal)
            .Select(label =>
            {
                var was = old.Where(r => r.Value.Class == label).ToDictionary(r => r.Key, r => r.Value.Md5, StringComparer.Ordinal);
                var @is = current.Where(r => r.Value.Class == label).ToDictionary(r => r.Key, r => r.Value.Md5, StringComparer.Ordinal);
                return new ClassDataChange(
                    label,
                    @is.Count,
                    Sorted(@is.Keys.Where(p => !was.ContainsKey(p))),
                    Sorted(was.Keys.Where(p => !@is.ContainsKey(p))),
                    Sorted(@is.Where(p => was.TryGetValue(p.Key, out var md5) && md5 != p.Value).Select(p => p.Key)));
            })
            .ToList();
    }

    /// <summary>The recordings of a listing per class, as a data set counts them (no changes: a first release).</summary>
    public static IReadOnlyList<ClassDataChange> Of(DirListing now, SplitOptions split) => Recordings(now, split)
        .GroupBy(r => r.Value.Class, StringComparer.Ordinal)
        .OrderBy(g => g.Key, StringComparer.Ordinal)
        .Select(g => new ClassDataChange(g.Key, g.Count(), [], [], []))
        .ToList();

    private static Dictionary<string, (string Class, string Md5)> Recordings(DirListing listing, SplitOptions split)
    {
        var md5s = listing.Entries.ToDictionary(e => e.RelPath, e => e.Md5, StringComparer.Ordinal);
        return Dataset.Recordings(md5s.Keys, split).ToDictionary(f => f.RelativePath, f => (f.Class, md5s[f.RelativePath]), StringComparer.Ordinal);
    }

    private static List<string> Sorted(IEnumerable<string> paths) => paths.Order(StringComparer.Ordinal).ToList();
}
