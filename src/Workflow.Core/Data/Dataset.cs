namespace Workflow.Data;

/// <summary>
/// The labelled recordings of a data root, in one of two layouts: <c>DIR/&lt;class&gt;/*.wav</c> (split by
/// <see cref="SplitOptions"/>) or <c>DIR/train/&lt;class&gt;/*.wav</c> plus <c>DIR/test/&lt;class&gt;/*.wav</c>.
/// Files and classes are sorted ordinally so everything derived from them is deterministic.
/// </summary>
public sealed class Dataset
{
    private Dataset(IReadOnlyList<AudioFile> files, IReadOnlyList<string> classes)
    {
        Files = files;
        Classes = classes;
    }

    public IReadOnlyList<AudioFile> Files { get; }

    public IReadOnlyList<string> Classes { get; }

    public IEnumerable<AudioFile> Training(string label) => Files.Where(f => !f.IsTest && f.Class == label);

    public IEnumerable<AudioFile> Test => Files.Where(f => f.IsTest);

    public static Dataset Load(string root, SplitOptions split)
    {
        if (!Directory.Exists(root))
            throw new WorkflowException(
                $"The data folder {root} does not exist; run the FetchData target, or pass --data=DIR with DIR/<class>/*.wav.");
        var explicitSplit = Directory.Exists(Path.Combine(root, "train")) && Directory.Exists(Path.Combine(root, "test"));
        var files = explicitSplit
            ? List(root, "train/", isTest: _ => false).Concat(List(root, "test/", isTest: _ => true))
            : List(root, "", split.IsTest);
        var sorted = files.OrderBy(f => f.RelativePath, StringComparer.Ordinal).ToList();
        var classes = sorted.Select(f => f.Class).Distinct().Order(StringComparer.Ordinal).ToList();
        var dataset = new Dataset(sorted, classes);
        dataset.Check(root);
        return dataset;
    }

    private static IEnumerable<AudioFile> List(string root, string prefix, Func<string, bool> isTest)
    {
        var directory = Path.Combine(root, prefix);
        if (!Directory.Exists(directory)) yield break;
        foreach (var classDirectory in Directory.EnumerateDirectories(directory))
        {
            var label = Path.GetFileName(classDirectory);
            if (label.StartsWith('.') || (prefix == "" && label is "train" or "test")) continue;
            foreach (var file in Directory.EnumerateFiles(classDirectory, "*", SearchOption.AllDirectories))
            {
                if (!file.EndsWith(".wav", StringComparison.OrdinalIgnoreCase)) continue;
                var relative = Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');
                yield return new AudioFile(relative, label, isTest(relative));
            }
        }
    }

    private void Check(string root)
    {
        if (Classes.Count < 2)
            throw new WorkflowException(
                $"{root} has {Classes.Count} class folder(s) with .wav files; at least 2 are needed. " +
                "Expected DIR/<class>/*.wav, or DIR/train/<class>/*.wav and DIR/test/<class>/*.wav.");
        var untrained = Classes.Where(c => !Training(c).Any()).ToList();
        if (untrained.Count > 0)
            throw new WorkflowException(
                $"{root}: class(es) {string.Join(", ", untrained)} have no training files; add recordings or change the split in the config.");
        if (!Test.Any())
            throw new WorkflowException(
                $"{root}: the split leaves no test files; change split.testPattern or split.testFraction in the config.");
    }
}
