// Benchmark of the compute stages on real recordings: feature-extraction throughput (seconds of audio per second of
// wall time, on one core and on all cores) and training time per class. Run it through bench/compute.sh.
// `train-scale …` instead measures the Train stage at Speech-Commands scale (bench/train-scale.sh).
using System.Diagnostics;
using Workflow;
using Workflow.Audio;
using Workflow.Data;
using Workflow.Features;
using Workflow.Bench;
using Workflow.Pipeline;

if (args.Length > 0 && args[0] == "train-scale") return TrainScaleBenchmark.Run(args[1..]);

var repository = args.Length > 0 ? args[0] : Directory.GetCurrentDirectory();
var dataRoot = args.Length > 1 ? args[1] : Path.Combine(repository, "data");
try
{
    var config = WorkflowConfig.Load(Path.Combine(repository, WorkflowConfig.DefaultPath), WorkflowConfig.DefaultPath);
    var dataset = Dataset.Load(dataRoot, config.Split);
    Console.WriteLine($"data: {dataRoot} ({dataset.Files.Count} files, {dataset.Classes.Count} classes); {Environment.ProcessorCount} cores");

    var clock = Stopwatch.StartNew();
    var clips = dataset.Files.AsParallel().AsOrdered()
        .Select(f => WavReader.Read(Path.Combine(dataRoot, f.RelativePath), config.Audio.SampleRate)).ToList();
    var audioSeconds = clips.Sum(c => c.DurationSeconds);
    Console.WriteLine($"read + resample WAVs:     {clock.Elapsed.TotalSeconds,7:0.000} s for {audioSeconds:0.0} s of audio");

    var extractor = new MfccExtractor(config.Features, config.Audio.SampleRate);
    var features = Measure("MFCC, 1 core:           ", () => clips.Select(c => extractor.Extract(c)).ToList(), audioSeconds);
    Measure($"MFCC, {Environment.ProcessorCount} cores:          ", () => clips.AsParallel().AsOrdered().Select(c => extractor.Extract(c)).ToList(), audioSeconds);

    var byFile = dataset.Files.Select((f, i) => (f, features[i])).ToDictionary(p => p.f.RelativePath, p => p.Item2);
    TrainingBenchmark.Run(dataset, config, byFile);
    EngineBenchmark.Run(dataset, config, dataRoot, byFile);
    return 0;
}
catch (WorkflowException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

static List<FeatureMatrix> Measure(string label, Func<List<FeatureMatrix>> extract, double audioSeconds)
{
    extract(); // warm-up: JIT and caches
    var clock = Stopwatch.StartNew();
    var result = extract();
    var seconds = clock.Elapsed.TotalSeconds;
    Console.WriteLine($"{label}{seconds,7:0.000} s  = {audioSeconds / seconds,8:0} s of audio per second");
    return result;
}
