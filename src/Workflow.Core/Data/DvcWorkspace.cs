namespace Workflow.Data;

/// <summary>
/// A folder tracked the DVC way, and where each thing lives in it: <c>data.dvc</c> (git-tracked), the data directory
/// it names (<c>data/</c>), <c>.dvc/config</c>, the local cache <c>.dvc/cache/files/md5/&lt;2&gt;/&lt;30&gt;</c> (same
/// layout as a remote), and Workflow's own files under <c>.dvc/tmp/</c> (git-ignored, as DVC's own tmp is):
/// the state cache <c>workflow-state</c> and the lock <c>workflow.lock</c>.
/// </summary>
public sealed class DvcWorkspace(string root)
{
    public const string DefaultOutPath = "data";

    public string Root { get; } = Path.GetFullPath(root);

    public string DvcFilePath => Path.Combine(Root, DvcFile.FileName);

    public string DvcDirectory => Path.Combine(Root, ".dvc");

    public string TmpDirectory => Path.Combine(DvcDirectory, "tmp");

    public ObjectDirectory Cache => new(Path.Combine(DvcDirectory, "cache"));

    /// <summary>data.dvc as recorded, or null when there is none yet (before the first TrackData).</summary>
    public DvcOut? ReadOut() => File.Exists(DvcFilePath) ? DvcFile.Read(DvcFilePath) : null;

    /// <summary>The directory an out records (its path is relative to data.dvc, and checked to stay inside).</summary>
    public string DataDirectory(DvcOut? @out) =>
        Path.Combine(Root, (@out?.Path ?? DefaultOutPath).Replace('/', Path.DirectorySeparatorChar));

    /// <summary>"data/sub/x.wav" for a file of the out's directory: the workspace-relative name messages use.</summary>
    internal static string Display(DvcOut? @out, string relPath) => (@out?.Path ?? DefaultOutPath) + "/" + relPath;

    public DvcConfig LoadConfig() => DvcConfig.Load(DvcDirectory);
}
