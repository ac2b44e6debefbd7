namespace Workflow.Data;

/// <summary>Added, modified and deleted relpaths between a recorded listing and the workspace, each sorted ordinally.</summary>
internal sealed record ListingDiff(IReadOnlyList<string> Added, IReadOnlyList<string> Modified, IReadOnlyList<string> Deleted)
{
    public static readonly ListingDiff None = new([], [], []);

    public static ListingDiff Between(IEnumerable<DirEntry> recorded, IEnumerable<DirEntry> current)
    {
        var before = recorded.ToDictionary(e => e.RelPath, e => e.Md5, StringComparer.Ordinal);
        var now = current.ToDictionary(e => e.RelPath, e => e.Md5, StringComparer.Ordinal);
        return new ListingDiff(
            now.Keys.Where(p => !before.ContainsKey(p)).Order(StringComparer.Ordinal).ToArray(),
            now.Where(p => before.TryGetValue(p.Key, out var md5) && md5 != p.Value).Select(p => p.Key).Order(StringComparer.Ordinal).ToArray(),
            before.Keys.Where(p => !now.ContainsKey(p)).Order(StringComparer.Ordinal).ToArray());
    }
}
