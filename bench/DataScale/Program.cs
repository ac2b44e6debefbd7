using System.Diagnostics;
using System.Globalization;
using Workflow;
using Workflow.Data;

// bench  DIR [FILES]  generates FILES small files under DIR/data and times TrackData, a no-op DataStatus and a
//                     DataStatus after touching 10 files (the no-op must cost a stat per file, not a read).
// track|push|fetch|status ROOT   runs one operation on the workspace ROOT (the concurrency test starts several).
try
{
    return args switch
    {
        ["bench", var dir, .. var rest] => Bench(dir, rest.Length > 0 ? int.Parse(rest[0], CultureInfo.InvariantCulture) : 100_000),
        ["track", var root] => Report(DataTracker.Commit(new DvcWorkspace(root), Options())),
        ["push", var root] => Report(DataPusher.Push(new DvcWorkspace(root), Options())),
        ["fetch", var root] => Report(DataFetcher.Fetch(new DvcWorkspace(root), Options())),
        ["status", var root] => Report(DataStatus.Check(new DvcWorkspace(root), Options())),
        _ => Usage(),
    };
}
catch (WorkflowException e)
{
    Console.Error.WriteLine("error: " + e.Message);
    return e.ExitCode;
}

static DataOptions Options() => new() { Log = Console.Out, LockTimeout = TimeSpan.FromSeconds(60) };

static int Report(object result)
{
    Console.WriteLine(result);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: DataScale bench DIR [FILES] | track|push|fetch|status ROOT");
    return 2;
}

static int Bench(string dir, int count)
{
    var root = Path.GetFullPath(dir);
    var data = Path.Combine(root, "data");
    Directory.CreateDirectory(data);
    var clock = Stopwatch.StartNew();
    long bytes = 0;
    Parallel.For(0, count, i =>
    {
        // 100 folders, files of 200-1200 bytes with distinct content
        var path = Path.Combine(data, (i % 100).ToString("00", CultureInfo.InvariantCulture), $"f{i:000000}.bin");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var content = new byte[200 + (i * 7919 % 1000)];
        new Random(i).NextBytes(content);
        File.WriteAllBytes(path, content);
        Interlocked.Add(ref bytes, content.Length);
    });
    Console.WriteLine($"generated {count} files, {bytes / 1e6:0.0} MB in {clock.Elapsed.TotalSeconds:0.00} s");

    // Files younger than the racy window are rehashed until they are older (see StateCache); real data is older.
    Thread.Sleep(StateCache_RacyWindow());
    var workspace = new DvcWorkspace(root);

    var first = Time(() => DataTracker.Commit(workspace));
    Console.WriteLine($"first TrackData:              {first.Seconds,8:0.000} s  ({first.Result.FilesHashed} hashed, {first.Result.ObjectsStored} objects stored)");

    var noop = Time(() => DataStatus.Check(workspace, checkRemote: false));
    Console.WriteLine($"no-op DataStatus:             {noop.Seconds,8:0.000} s  ({noop.Result.FilesHashed} hashed, clean: {noop.Result.IsClean})");

    var files = Directory.EnumerateFiles(data, "*", SearchOption.AllDirectories).Take(10).ToArray();
    foreach (var file in files) File.AppendAllText(file, "touched");
    var touched = Time(() => DataStatus.Check(workspace, checkRemote: false));
    Console.WriteLine($"DataStatus, 10 files touched: {touched.Seconds,8:0.000} s  ({touched.Result.FilesHashed} hashed, {touched.Result.Modified.Count} modified)");

    Console.WriteLine($"ratio no-op / first:          {noop.Seconds / first.Seconds,8:0.000}");
    return 0;
}

static TimeSpan StateCache_RacyWindow() => TimeSpan.FromSeconds(2.1);

static (T Result, double Seconds) Time<T>(Func<T> run)
{
    var clock = Stopwatch.StartNew();
    var result = run();
    return (result, clock.Elapsed.TotalSeconds);
}
