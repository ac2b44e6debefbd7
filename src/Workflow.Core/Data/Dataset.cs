namespace Workflow.Data;

/// <summary>
/// The labelled recordings of a data root, in one of two layouts: <c>DIR/&lt;class&gt;/*.wav</c> (split by
/// <see cref="SplitOptions"/>) or <c>DIR/train/&lt;class&gt;/*.wav</c> plus <c>DIR/test/&lt;class&gt;/*.wav</c>.
/// Files and classes are sorted ordinally so everything derived from them is deterministic.
/// When fine-tuning (<c>train.base</c>) the base supplies what the data lacks: one class is enough, and a class may have
/// test recordings only (it keeps the base's model; one the base lacks fails in Train, naming the class).
/// </summary>
public sealed class Dataset
{
    private readonly bool _fineTuning;

    private Dataset(IReadOnlyList<AudioFile> files, IReadOnlyList<string> classes, bool fineTuning)
    {
        Files = files;
        Classes = classes;
        _fineTuning = fineTuning;
    }

    public IReadOnlyList<AudioFile> Files { get; }

    public IReadOnlyList<string> Classes { get; }

    public IEnumerable<AudioFile> Training(string label) => Files.Where(f => !f.IsTest && f.Class == label);

    public IEnumerable<AudioFile> Test => Files.Where(f => f.IsTest);

    /// <summary>The recordings found on disk under <paramref name="root"/>.</summary>
    public static Dataset Load(string root, SplitOptions split, bool fineTuning = false)
    {
        if (!Directory.Exists(root))
            throw new WorkflowException(
                $"The data folder {root} does not exist; run the FetchData target, or pass --data=DIR with DIR/<class>/*.wav.");
        var paths = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'));
        return FromPaths(root, paths, split, fineTuning);
    }

    /// <summary>
    /// The recordings among <paramref name="relativePaths"/> (slash-separated, relative to the data root): any
    /// <c>.wav</c> file in a class folder; hidden folders and files outside class folders are ignored.
    /// </summary>
    public static Dataset FromPaths(string root, IEnumerable<string> relativePaths, SplitOptions split, bool fineTuning = false)
    {
        var files = Recordings(relativePaths, split);
        var classes = files.Select(f => f.Class).Distinct().Order(StringComparer.Ordinal).ToList();
        var dataset = new Dataset(files, classes, fineTuning);
        dataset.Check(root);
        return dataset;
    }

    /// <summary>
    /// The recordings among <paramref name="relativePaths"/> with their class and split, sorted, unchecked: how any
    /// listing of a data root (e.g. one a package recorded) maps to classes.
    /// </summary>
    public static List<AudioFile> Recordings(IEnumerable<string> relativePaths, SplitOptions split)
    {
        var wavs = relativePaths.Where(p => p.EndsWith(".wav", StringComparison.OrdinalIgnoreCase)).ToList();
        var explicitSplit = wavs.Any(p => p.StartsWith("train/", StringComparison.Ordinal))
            && wavs.Any(p => p.StartsWith("test/", StringComparison.Ordinal));
        var files = new List<AudioFile>();
        foreach (var path in wavs)
        {
            var parts = path.Split('/');
            if (explicitSplit && parts.Length >= 3 && parts[0] is "train" or "test" && !parts[1].StartsWith('.'))
                files.Add(new AudioFile(path, parts[1], parts[0] == "test"));
            else if (!explicitSplit && parts.Length >= 2 && !parts[0].StartsWith('.'))
                files.Add(new AudioFile(path, parts[0], split.IsTest(path)));
        }
        files.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return files;
    }

    /// <summary>The same data set without <paramref name="excluded"/> (relative paths), e.g. unreadable files.</summary>
    /// <param name="check">Whether what is left must still be trainable and testable (not in a shard's share).</param>
    public Dataset Without(IReadOnlySet<string> excluded, string root, bool check = true)
    {
        var dataset = new Dataset(Files.Where(f => !excluded.Contains(f.RelativePath)).ToList(), Classes, _fineTuning);
        if (check) dataset.Check(root);
        return dataset;
    }

    /// <summary>
    /// The same files with <paramref name="classes"/> among the classes too, even those without a recording here: a
    /// fine-tuned build keeps the base version's classes (their models unchanged), so they are trained, scored and
    /// packaged like the others.
    /// </summary>
    public Dataset WithClasses(IEnumerable<string> classes) =>
        new(Files, Classes.Union(classes, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(), _fineTuning);

    /// <summary>
    /// The files of <paramref name="classes"/> only, unchecked (a shard may hold a single class): for builds that do a
    /// share of the per-unit work, never for evaluation.
    /// </summary>
    public Dataset OnlyClasses(IReadOnlySet<string> classes) =>
        new(Files.Where(f => classes.Contains(f.Class)).ToList(), Classes.Where(classes.Contains).ToList(), _fineTuning);

    private void Check(string root)
    {
        if (_fineTuning && Classes.Count == 0)
            throw new WorkflowException(
                $"{root} has no class folder with .wav files; fine-tuning needs recordings of at least one class. " +
                "Expected DIR/<class>/*.wav, or DIR/train/<class>/*.wav and DIR/test/<class>/*.wav.");
        if (!_fineTuning && Classes.Count < 2)
            throw new WorkflowException(
                $"{root} has {Classes.Count} class folder(s) with .wav files; at least 2 are needed. " +
                "Expected DIR/<class>/*.wav, or DIR/train/<class>/*.wav and DIR/test/<class>/*.wav.");
        var untrained = Classes.Where(c => !Training(c).Any()).ToList();
        if (untrained.Count > 0 && !_fineTuning)
            throw new WorkflowException(
                $"{root}: class(es) {string.Join(", ", untrained)} have no training files; add recordings or change the split in the config.");
        if (!Test.Any())
            throw new WorkflowException(
                $"{root}: the split leaves no test files; change split.testPattern or split.testFraction in the config.");
    }
}
