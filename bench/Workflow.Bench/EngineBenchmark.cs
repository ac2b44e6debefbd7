using System.Diagnostics;
using Workflow.Audio;
using Workflow.Data;
using Workflow.Features;
using Workflow.Onnx;
using Workflow.Pipeline;
using Workflow.Training;

namespace Workflow.Bench;

/// <summary>Files per second classified by the native pipeline and by the exported model.onnx, on the test split.</summary>
internal static class EngineBenchmark
{
    public static void Run(Dataset dataset, WorkflowConfig config, string dataRoot, IReadOnlyDictionary<string, FeatureMatrix> features)
    {
        var models = dataset.Classes
            .Select(c => ClassModelTrainerFactory.Create(config.Train).Fit(c, dataset.Training(c).Select(f => features[f.RelativePath]).ToList()))
            .ToList();
        byte[] onnx;
        try
        {
            onnx = OnnxExporter.Export(config, models);
        }
        catch (WorkflowException e)
        {
            Console.WriteLine($"engines: {e.Message}");
            return;
        }
        var test = dataset.Test.Select(f => WavReader.Read(Path.Combine(dataRoot, f.RelativePath), config.Audio.SampleRate).Samples.ToArray()).ToList();
        var extractor = new MfccExtractor(config.Features, config.Audio.SampleRate);
        using var classifier = new OnnxClassifier(onnx, "model.onnx");
        Time($"native ({config.Train.Family})", test.Count, () => test.ForEach(s =>
        {
            var m = extractor.Extract(s);
            _ = models.Select(model => model.Score(m)).ToList();
        }));
        Time($"onnx   ({config.Train.Family})", test.Count, () => test.ForEach(s => classifier.Classify(s)));
    }

    private static void Time(string label, int files, Action classifyAll)
    {
        classifyAll(); // warm-up
        var clock = Stopwatch.StartNew();
        classifyAll();
        Console.WriteLine($"classify {label}, 1 thread: {files / clock.Elapsed.TotalSeconds,8:0} files per second ({files} test files, incl. MFCC)");
    }
}
