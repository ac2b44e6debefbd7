using System.IO.Enumeration;
using System.Runtime.CompilerServices;

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
    // Stages ask for a class's training files once per class and for the test files several times: at 100,000 files a
    // filter over all of them each time costs a no-op build a noticeable share of its time. Made on first use.
    private readonly Lazy<(Dictionary<string, AudioFile[]> Training, AudioFile[] Test)> _split;

    private Dataset(IReadOnlyList<AudioFile> files, IReadOnlyList<string> classes, bool fineTuning)
    {
        Files = files;
        Classes = classes;
        _fineTuning = fineTuning;
        _split = new(() => Split(Files));
    }

    // Loops over 100,000 files run once per build: compiled optimised at once, as lambdas run in unoptimised code are
    // several times slower (AggressiveOptimization; see StageRunner.Run).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (Dictionary<string, AudioFile[]> Training, AudioFile[] Test) Split(IReadOnlyList<AudioFile> files)
    {
        var training = new Dictionary<string, List<AudioFile>>(StringComparer.Ordinal);
        var test = new List<AudioFile>();
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            if (file.IsTest) test.Add(file);
            else if (training.TryGetValue(file.Class, out var list)) list.Add(file);
            else training[file.Class] = [file];
        }
        return (training.ToDictionary(c => c.Key, c => c.Value.ToArray(), StringComparer.Ordinal), test.ToArray());
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static List<string> ClassesOf(List<AudioFile> files)
    {
        var classes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < files.Count; i++) classes.Add(files[i].Class);
        return classes.Order(StringComparer.Ordinal).ToList();
    }

    public IReadOnlyList<AudioFile> Files { get; }

    public IReadOnlyList<string> Classes { get; }

    /// <summary>The training files of a class, in file order (none for a class without any).</summary>
    public IReadOnlyList<AudioFile> Training(string label) => _split.Value.Training.GetValueOrDefault(label) ?? [];

    /// <summary>The test files, in file order.</summary>
    public IReadOnlyList<AudioFile> Test => _split.Value.Test;

    /// <summary>The recordings found on disk under <paramref name="root"/>.</summary>
    public static Dataset Load(string root, SplitOptions split, bool fineTuning = false)
    {
        if (!Directory.Exists(root))
            throw new WorkflowException(
                $"The data folder {root} does not exist; run the FetchData target, or pass --data=DIR with DIR/<class>/*.wav.");
        return FromPaths(root, RelativeFiles(root), split, fineTuning);
    }

    // Every file under root, relative and slash-separated, made in one string each (no full path to cut down).
    private static FileSystemEnumerable<string> RelativeFiles(string root) => new(root, (ref FileSystemEntry entry) =>
        {
            var directory = entry.Directory[entry.RootDirectory.Length..].TrimStart(Path.DirectorySeparatorChar);
            var path = directory.IsEmpty ? entry.FileName.ToString() : string.Concat(directory, "/", entry.FileName);
            return Path.DirectorySeparatorChar == '/' ? path : path.Replace(Path.DirectorySeparatorChar, '/');
        },
        // As Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories): hidden files too, unreadable folders fail.
        new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false })
    {
        ShouldIncludePredicate = (ref FileSystemEntry entry) => !entry.IsDirectory,
    };

    /// <summary>
    /// The recordings among <paramref name="relativePaths"/> (slash-separated, relative to the data root): any
    /// <c>.wav</c> file in a class folder; hidden folders and files outside class folders are ignored.
    /// </summary>
    public static Dataset FromPaths(string root, IEnumerable<string> relativePaths, SplitOptions split, bool fineTuning = false)
    {
        var files = Recordings(relativePaths, split);
        var dataset = new Dataset(files, ClassesOf(files), fineTuning);
        dataset.Check(root);
        return dataset;
    }

    /// <summary>
    /// The recordings among <paramref name="relativePaths"/> with their class and split, sorted, unchecked: how any
    /// listing of a data root (e.g. one a package recorded) maps to classes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static List<AudioFile> Recordings(IEnumerable<string> relativePaths, SplitOptions split)
    {
        // Sorted as paths, so the files come out in order: no comparison of records, 1.7 million of them at 100,000.
        var wavs = new List<string>();
        foreach (var path in relativePaths)
            if (path.EndsWith(".wav", StringComparison.OrdinalIgnoreCase)) wavs.Add(path);
        wavs.Sort(StringComparer.Ordinal);
        var explicitSplit = wavs.Any(p => p.StartsWith("train/", StringComparison.Ordinal))
            && wavs.Any(p => p.StartsWith("test/", StringComparison.Ordinal));
        var files = new List<AudioFile>(wavs.Count);
        // One string per class, not one per file (100,000 files name ten classes).
        var classes = new Dictionary<string, string>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        string ClassOf(ReadOnlySpan<char> name) => classes.TryGetValue(name, out var known) ? known : classes[name] = name.ToString();
        foreach (var path in wavs)
        {
            var first = path.IndexOf('/');
            if (first < 0) continue;
            if (explicitSplit)
            {
                var second = path.IndexOf('/', first + 1);
                var top = path.AsSpan(0, first);
                if (second >= 0 && top is "train" or "test" && path[first + 1] != '.')
                    files.Add(new AudioFile(path, ClassOf(path.AsSpan(first + 1, second - first - 1)), top is "test"));
            }
            else if (path[0] != '.')
            {
                files.Add(new AudioFile(path, ClassOf(path.AsSpan(0, first)), split.IsTest(path)));
            }
        }
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
        var untrained = Classes.Where(c => Training(c).Count == 0).ToList();
        if (untrained.Count > 0 && !_fineTuning)
            throw new WorkflowException(
                $"{root}: class(es) {string.Join(", ", untrained)} have no training files; add recordings or change the split in the config.");
        if (Test.Count == 0)
            throw new WorkflowException(
                $"{root}: the split leaves no test files; change split.testPattern or split.testFraction in the config.");
    }
}
