using System.Runtime.CompilerServices;

namespace Workflow.Pipeline;

/// <summary>
/// Where a build reads and writes. Units name files by logical, slash-separated paths: <c>data/…</c> lives under
/// the data root (the tracked <c>data/</c> or <c>--data=DIR</c>), everything else under the workspace root.
/// Logical names, not absolute paths, go into keys, so moving a folder does not invalidate the cache.
/// </summary>
public sealed class Workspace(string root, string? dataRoot = null, string? configRoot = null)
{
    public const string DataPrefix = "data/";
    public const string ConfigPrefix = "config/";

    public string Root { get; } = Path.GetFullPath(root);

    public string DataRoot { get; } = Path.GetFullPath(dataRoot ?? Path.Combine(root, "data"));

    public bool UsesTrackedData => DataRoot == Path.GetFullPath(Path.Combine(Root, "data"));

    public string Artifacts => Path.Combine(Root, "artifacts");

    public string Internal => Path.Combine(Root, ".workflow");

    /// <summary>Where <c>config/…</c> names live: beside the config in use (the repository's when a workspace has none).</summary>
    public string ConfigRoot { get; } = Path.GetFullPath(configRoot ?? root);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per file of a build (see StageRunner.Run)
    public string Resolve(string name)
    {
        var (baseDir, relative) = name.StartsWith(DataPrefix, StringComparison.Ordinal) ? (DataRoot, name[DataPrefix.Length..])
            : name.StartsWith(ConfigPrefix, StringComparison.Ordinal) ? (ConfigRoot, name)
            : (Root, name);
        return Path.Combine(baseDir, relative.Replace('/', Path.DirectorySeparatorChar));
    }
}
