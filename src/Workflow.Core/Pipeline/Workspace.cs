namespace Workflow.Pipeline;

/// <summary>
/// Where a build reads and writes. Units name files by logical, slash-separated paths: <c>data/…</c> lives under
/// the data root (the tracked <c>data/</c> or <c>--data=DIR</c>), everything else under the workspace root.
/// Logical names, not absolute paths, go into keys, so moving a folder does not invalidate the cache.
/// </summary>
public sealed class Workspace(string root, string? dataRoot = null)
{
    public const string DataPrefix = "data/";

    public string Root { get; } = Path.GetFullPath(root);

    public string DataRoot { get; } = Path.GetFullPath(dataRoot ?? Path.Combine(root, "data"));

    public bool UsesTrackedData => DataRoot == Path.GetFullPath(Path.Combine(Root, "data"));

    public string Artifacts => Path.Combine(Root, "artifacts");

    public string Internal => Path.Combine(Root, ".workflow");

    public string Resolve(string name)
    {
        var relative = name.StartsWith(DataPrefix, StringComparison.Ordinal) ? name[DataPrefix.Length..] : name;
        var baseDir = name.StartsWith(DataPrefix, StringComparison.Ordinal) ? DataRoot : Root;
        return Path.Combine(baseDir, relative.Replace('/', Path.DirectorySeparatorChar));
    }
}
