using System.Diagnostics;
using System.Globalization;
using Workflow.Data;
using Workflow.Features;
using Workflow.Pipeline;
using Workflow.Stages;

namespace Workflow.Bench;

/// <summary>
/// The Train stage at Speech-Commands scale, through <see cref="TrainStage.Run"/> exactly as a build runs it (feature
/// files in, model files out). <c>generate DIR [utterances] [classes]</c> writes synthetic one-second feature files
/// (98 frames × 39 columns, CMVN-normalised, made of 8 drifting segments; 15 % shorter); <c>train DIR REPO [classes]</c>
/// trains that many classes at once (as StageRunner does, one per core) with REPO's config/workflow.json and prints
/// wall seconds, peak managed heap (sampled every 10 ms) and peak RSS. Run it through bench/train-scale.sh.
/// Uses only APIs that existed before the Train stage was reworked, so the same file measures both sides.
/// </summary>
internal static class TrainScaleBenchmark
{
    private const int Columns = 39;
    private const int Frames = 98;
    private const int Segments = 8;

    public static int Run(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "generate" when args.Length >= 2:
                Generate(args[1], Int(args, 2, 9000), Int(args, 3, 2));
                return 0;
            case "train" when args.Length >= 3:
                return Train(args[1], args[2], Int(args, 3, 1));
            default:
                Console.Error.WriteLine("usage: train-scale generate DIR [utterances per class] [classes] | train-scale train DIR REPO [classes]");
                return 2;
        }
    }

    private static int Int(string[] args, int index, int fallback) =>
        args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;

    private static void Generate(string directory, int utterances, int classes)
    {
        var clock = Stopwatch.StartNew();
        Parallel.For(0, classes, c =>
        {
            var random = new Random(1000 + c);
            var prototypes = Enumerable.Range(0, Segments).Select(_ => Gaussians(random, Columns, 1.0)).ToArray();
            var folder = Path.Combine(directory, "artifacts", "features", "train", Label(c));
            Directory.CreateDirectory(folder);
            for (var u = 0; u < utterances; u++)
            {
                var matrix = Utterance(random, prototypes);
                using var stream = File.Create(Path.Combine(folder, $"u{u:D6}.wav.mfcc"));
                matrix.WriteTo(stream);
            }
        });
        Console.WriteLine($"generated {classes} × {utterances} feature files ({Frames} × {Columns}) in {directory} ({clock.Elapsed.TotalSeconds:0.0} s)");
    }

    private static string Label(int c) => $"c{c}";

    /// <summary>Segments of random length, a per-utterance (speaker) offset, AR(1) noise, then per-utterance CMVN.</summary>
    private static FeatureMatrix Utterance(Random random, double[][] prototypes)
    {
        var frames = random.NextDouble() < 0.85 ? Frames : random.Next(40, Frames);
        var weights = Enumerable.Range(0, Segments).Select(_ => 0.5 + random.NextDouble()).ToArray();
        var total = weights.Sum();
        var offset = Gaussians(random, Columns, 0.5);
        var noise = new double[Columns];
        var values = new double[frames * Columns];
        var cumulative = 0.0;
        var segment = 0;
        var end = weights[0] / total * frames;
        for (var t = 0; t < frames; t++)
        {
            while (t >= end && segment < Segments - 1)
            {
                cumulative += weights[segment++];
                end = (cumulative + weights[segment]) / total * frames;
            }
            for (var d = 0; d < Columns; d++)
            {
                noise[d] = 0.5 * noise[d] + 0.6 * Normal(random);
                values[t * Columns + d] = prototypes[segment][d] + offset[d] + noise[d];
            }
        }
        for (var d = 0; d < Columns; d++)
        {
            double mean = 0, squares = 0;
            for (var t = 0; t < frames; t++) mean += values[t * Columns + d];
            mean /= frames;
            for (var t = 0; t < frames; t++) squares += Math.Pow(values[t * Columns + d] - mean, 2);
            var deviation = Math.Sqrt(squares / frames) + 1e-10;
            for (var t = 0; t < frames; t++) values[t * Columns + d] = (values[t * Columns + d] - mean) / deviation;
        }
        return new FeatureMatrix(frames, Columns, values);
    }

    private static double[] Gaussians(Random random, int count, double scale) =>
        Enumerable.Range(0, count).Select(_ => scale * Normal(random)).ToArray();

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static int Train(string directory, string repository, int classes)
    {
        var config = WorkflowConfig.Load(Path.Combine(repository, WorkflowConfig.DefaultPath), WorkflowConfig.DefaultPath);
        var featureRoot = Path.Combine(directory, "artifacts", "features");
        var paths = Directory.EnumerateFiles(featureRoot, "*.mfcc", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(featureRoot, f)[..^".mfcc".Length].Replace(Path.DirectorySeparatorChar, '/'))
            .ToList();
        // Dataset.Check wants a test split: name one test file per class (it is never read by Train).
        var labels = paths.Select(p => p.Split('/')[1]).Distinct().Order(StringComparer.Ordinal).ToList();
        var dataset = Dataset.FromPaths(directory, paths.Concat(labels.Select(l => $"test/{l}/none.wav")), new SplitOptions());
        var stage = new TrainStage(dataset, config);
        var units = stage.Units().Take(classes).ToList();
        var workspace = new Workspace(directory);
        Directory.CreateDirectory(Path.Combine(directory, "artifacts", "models"));
        var files = units.Sum(u => u.Inputs.Count);
        Console.WriteLine($"train-scale: {units.Count} class(es), {files} feature files, family {config.Train.Family} " +
                          $"(config {repository}/{WorkflowConfig.DefaultPath}); {Environment.ProcessorCount} cores, " +
                          $"load {File.ReadAllText("/proc/loadavg").Trim()}");

        long peakManaged = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peakManaged = Math.Max(peakManaged, GC.GetTotalMemory(false));
                try { await Task.Delay(10, sampling.Token); } catch (TaskCanceledException) { }
            }
        });
        var clock = Stopwatch.StartNew();
        var seconds = new double[units.Count];
        Parallel.For(0, units.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var unitClock = Stopwatch.StartNew();
            stage.Run(units[i], workspace);
            seconds[i] = unitClock.Elapsed.TotalSeconds;
        });
        var wall = clock.Elapsed.TotalSeconds;
        sampling.Cancel();
        sampler.Wait();
        var process = Process.GetCurrentProcess();
        process.Refresh();
        for (var i = 0; i < units.Count; i++)
        {
            var model = workspace.Resolve(TrainStage.ModelPath(units[i].Name));
            Console.WriteLine($"  class {units[i].Name}: {units[i].Inputs.Count} files, {seconds[i]:0.00} s, model sha256 {Cache.ContentHash.OfFile(model)[..16]}");
        }
        Console.WriteLine($"train-scale: wall {wall:0.00} s; peak managed heap {peakManaged / 1048576.0:0} MiB; " +
                          $"peak RSS {PeakRss() / 1024.0:0} MiB; cpu {process.TotalProcessorTime.TotalSeconds:0.0} s; " +
                          $"load after {File.ReadAllText("/proc/loadavg").Trim()}");
        return 0;
    }

    /// <summary>VmHWM of this process, in KiB.</summary>
    private static long PeakRss()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }
}
