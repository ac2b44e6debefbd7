using System.Diagnostics;
using System.Globalization;
using ScaleData;

// generate SOURCE DIR N   N one-second 16 kHz clips from the recordings SOURCE/<class>/*.wav, as DIR/train/<class>/
//                         and DIR/test/<class>/ (10 % test), then the stamp DIR/.scale-complete. A DIR whose stamp
//                         matches is reused untouched; any other DIR is regenerated, if it is empty or ours.
// rewrite SOURCE DIR INDEX VARIANT   rewrites clip INDEX alone (VARIANT 0: as generated; else another clip of the
//                         same class and split) and prints its path relative to DIR.
const int Seed = 20261201;
try
{
    return args switch
    {
        ["generate", var source, var dir, var n] => Generate(source, dir, int.Parse(n, CultureInfo.InvariantCulture)),
        ["rewrite", var source, var dir, var index, var variant] =>
            Rewrite(source, dir, int.Parse(index, CultureInfo.InvariantCulture), int.Parse(variant, CultureInfo.InvariantCulture)),
        _ => Usage(),
    };
}
catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException or Workflow.WorkflowException)
{
    Console.Error.WriteLine("ScaleData: " + e.Message);
    return 1;
}

static int Usage()
{
    Console.Error.WriteLine("usage: ScaleData generate SOURCE DIR N | rewrite SOURCE DIR INDEX VARIANT");
    return 2;
}

static int Generate(string source, string dir, int count)
{
    if (count < 100) throw new InvalidOperationException("N must be at least 100 (every class needs train and test clips)");
    var root = Path.GetFullPath(dir);
    var stamp = Path.Combine(root, ".scale-complete");
    var marker = Path.Combine(root, ".scale-generating");
    var expected = $"ScaleData v1: {count} clips, seed {Seed}, {Clips.Rate} Hz 16-bit mono\n";
    if (File.Exists(stamp) && File.ReadAllText(stamp) == expected)
    {
        Console.WriteLine($"data set: reused {root} ({count} clips, complete)");
        return 0;
    }
    if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any() && !File.Exists(stamp) && !File.Exists(marker))
        throw new InvalidOperationException($"{root} is neither empty nor a data set of this generator; not touching it");

    var clock = Stopwatch.StartNew();
    Directory.CreateDirectory(root);
    File.Delete(stamp);
    File.WriteAllText(marker, "incomplete: being generated\n");
    foreach (var split in new[] { "train", "test" })
        if (Directory.Exists(Path.Combine(root, split))) Directory.Delete(Path.Combine(root, split), recursive: true);

    var sources = Sources.Load(source);
    var clips = new Clips(sources, Seed);
    foreach (var c in sources.Classes)
    {
        Directory.CreateDirectory(Path.Combine(root, "train", c));
        Directory.CreateDirectory(Path.Combine(root, "test", c));
    }
    var loaded = clock.Elapsed.TotalSeconds;
    Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
        () => new byte[Clips.FileBytes],
        (i, _, buffer) =>
        {
            clips.Render(i, 0, buffer);
            File.WriteAllBytes(Path.Combine(root, clips.RelativePath(i)), buffer);
            return buffer;
        },
        _ => { });

    // Only now is the set complete: the stamp says so (written whole, then renamed into place).
    File.WriteAllText(stamp + ".tmp", expected);
    File.Move(stamp + ".tmp", stamp, overwrite: true);
    File.Delete(marker);
    var tests = Enumerable.Range(0, count).Count(clips.IsTest);
    Console.WriteLine(
        $"data set: generated {root}: {count} clips ({count - tests} train, {tests} test, {sources.Classes.Length} classes, " +
        $"from {sources.Count} recordings), {(double)count * Clips.FileBytes / 1e9:0.00} GB in {clock.Elapsed.TotalSeconds:0.0} s " +
        $"({loaded:0.0} s reading and resampling the recordings)");
    return 0;
}

static int Rewrite(string source, string dir, int index, int variant)
{
    var clips = new Clips(Sources.Load(source), Seed);
    var buffer = new byte[Clips.FileBytes];
    clips.Render(index, variant, buffer);
    var path = Path.Combine(Path.GetFullPath(dir), clips.RelativePath(index));
    File.WriteAllBytes(path + ".tmp", buffer);
    File.Move(path + ".tmp", path, overwrite: true);
    Console.WriteLine(clips.RelativePath(index));
    return 0;
}
