namespace Workflow.Packaging;

/// <summary>
/// What a manifest records about the build's inputs and tools, besides the artifacts themselves; <paramref name="Base"/>
/// is the version a fine-tuned build adapted (null, and left out, otherwise).
/// </summary>
public sealed record BuildFacts(
    DataFacts Data,
    string ConfigHash,
    IReadOnlyDictionary<string, string> Tools,
    GitFacts Git,
    [property: Newtonsoft.Json.JsonProperty(NullValueHandling = Newtonsoft.Json.NullValueHandling.Ignore)] Registry.BaseVersion? Base = null);

/// <summary>The data a build used: the tracked <c>data/</c> (per data.dvc) or a <c>--data</c> folder.</summary>
public sealed record DataFacts(string Source, string Path, string Md5, int Files)
{
    /// <summary>
    /// The DVC-style hash (md5 of the .dir listing) of what is in the data root now; unchanged files are not read
    /// again when <paramref name="statePath"/> names a state cache for their MD5s.
    /// </summary>
    public static DataFacts Of(Pipeline.Workspace workspace, string? statePath = null)
    {
        var described = Data.DataTracker.Hash(workspace.DataRoot, statePath: statePath);
        return Of(workspace, described.Md5, described.NFiles ?? 0);
    }

    /// <summary>The facts of a listing of the workspace's data root.</summary>
    public static DataFacts Of(Pipeline.Workspace workspace, Data.DirListing listing) => Of(workspace, listing.Md5, listing.Entries.Count);

    private static DataFacts Of(Pipeline.Workspace workspace, string md5, int files) =>
        // Relative when inside the workspace, so a copied workspace records the same facts.
        workspace.UsesTrackedData
            ? new DataFacts("data.dvc", "data", md5, files)
            : new DataFacts("--data", DisplayPath(workspace), md5, files);

    private static string DisplayPath(Pipeline.Workspace workspace)
    {
        var relative = System.IO.Path.GetRelativePath(workspace.Root, workspace.DataRoot);
        return relative.StartsWith("..", StringComparison.Ordinal) || System.IO.Path.IsPathRooted(relative)
            ? workspace.DataRoot
            : relative.Replace(System.IO.Path.DirectorySeparatorChar, '/');
    }
}

public sealed record GitFacts(string Commit, bool Dirty)
{
    /// <summary>Reads HEAD and whether tracked files differ from it; "unknown" outside a git checkout.</summary>
    public static GitFacts Read(string repository)
    {
        var commit = Git(repository, "rev-parse HEAD");
        var status = Git(repository, "status --porcelain --untracked-files=no");
        return commit is null ? new GitFacts("unknown", false) : new GitFacts(commit, !string.IsNullOrWhiteSpace(status));
    }

    private static string? Git(string repository, string arguments)
    {
        try
        {
            var info = new System.Diagnostics.ProcessStartInfo("git", $"-C \"{repository}\" {arguments}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = System.Diagnostics.Process.Start(info)!;
            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // git is not installed
        }
    }
}
