namespace Workflow.Tests.Fixtures;

/// <summary>
/// A workspace for end-to-end builds: the repository's config plus 3 classes × 2 speakers × 8 takes of real
/// recordings in <c>audio/</c> (takes 0–4 are the test split, as in the bundled config).
/// </summary>
public sealed class SmallWorkspace : IDisposable
{
    public static readonly string[] Classes = ["0", "1", "2"];

    private SmallWorkspace(TempDirectory directory) => Directory = directory;

    public TempDirectory Directory { get; }

    public string Root => Directory.Path;

    public string Audio => Directory.Combine("audio");

    public static SmallWorkspace Create()
    {
        var workspace = new SmallWorkspace(new TempDirectory());
        foreach (var file in new[] { "config/workflow.json", "config/ATTRIBUTION.md", "config/accuracy.json" })
        {
            System.IO.Directory.CreateDirectory(workspace.Directory.Combine("config"));
            File.Copy(Repository.PathOf(file), workspace.Directory.Combine(file));
        }
        var recordings = Classes
            .SelectMany(c => new[] { "jackson", "theo" }.SelectMany(s => Enumerable.Range(0, 8).Select(t => $"{c}/{c}_{s}_{t}.wav")));
        BundledRecordings.CopyTo(workspace.Audio, recordings);
        return workspace;
    }

    /// <summary>A full copy (data, config, artifacts and cache) in a new temporary directory.</summary>
    public SmallWorkspace Clone()
    {
        var clone = new SmallWorkspace(new TempDirectory());
        foreach (var file in System.IO.Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(clone.Root, Path.GetRelativePath(Root, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return clone;
    }

    /// <summary>Runs <c>./build.sh</c> on this workspace with its <c>audio/</c> folder as the data.</summary>
    public BuildScript.Result Build(params string[] arguments) =>
        BuildScript.Run(Root, [.. arguments, $"--workspace={Root}", "--data=audio"]);

    public Workflow.Pipeline.RunReport Report() =>
        Workflow.Pipeline.RunReport.Read(Directory.Combine("artifacts/run-report.json"));

    public void Dispose() => Directory.Dispose();
}
