using Workflow.Audio;

namespace ScaleData;

/// <summary>
/// The source recordings (<c>SOURCE/&lt;class&gt;/*.wav</c>), resampled once to <see cref="Clips.Rate"/>, per class
/// and split: the bundled data's convention (takes 0-4 of every speaker are test) picks which recordings may become
/// test clips, so test clips come from recordings no training clip was made from.
/// </summary>
public sealed class Sources
{
    private Sources(string[] classes, float[][][] train, float[][][] test)
    {
        Classes = classes;
        Train = train;
        Test = test;
    }

    public string[] Classes { get; }

    /// <summary>[class][recording] → samples.</summary>
    public float[][][] Train { get; }

    public float[][][] Test { get; }

    public int Count => Train.Sum(c => c.Length) + Test.Sum(c => c.Length);

    public static Sources Load(string root)
    {
        var classes = Directory.GetDirectories(root).Select(Path.GetFileName).OfType<string>()
            .Where(c => !c.StartsWith('.') && Directory.EnumerateFiles(Path.Combine(root, c), "*.wav").Any())
            .Order(StringComparer.Ordinal).ToArray();
        if (classes.Length < 2) throw new InvalidOperationException($"{root}: expected <class>/*.wav folders, found {classes.Length}");
        var paths = classes.Select(c => Directory.GetFiles(Path.Combine(root, c), "*.wav").Order(StringComparer.Ordinal).ToArray()).ToArray();
        var all = paths.SelectMany(p => p).ToArray();
        var samples = new float[all.Length][];
        Parallel.For(0, all.Length, i =>
            samples[i] = WavReader.Read(all[i], Clips.Rate).Samples.ToArray().Select(s => (float)s).ToArray());
        var byPath = all.Select((p, i) => (p, i)).ToDictionary(x => x.p, x => samples[x.i]);
        float[][] Pick(string[] files, bool test)
        {
            var picked = files.Where(f => IsTest(f) == test).ToArray();
            return (picked.Length > 0 ? picked : files).Select(f => byPath[f]).ToArray();
        }
        return new Sources(classes, paths.Select(p => Pick(p, false)).ToArray(), paths.Select(p => Pick(p, true)).ToArray());
    }

    private static bool IsTest(string path) =>
        System.Text.RegularExpressions.Regex.IsMatch(Path.GetFileName(path), @"_[0-4]\.wav$");
}
