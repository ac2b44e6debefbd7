using System.Diagnostics;
using Workflow.Data;
using Workflow.Features;
using Workflow.Pipeline;
using Workflow.Training;

namespace Workflow.Bench;

/// <summary>Training time per class for each model family, on the features already extracted.</summary>
internal static class TrainingBenchmark
{
    public static void Run(Dataset dataset, WorkflowConfig config, IReadOnlyDictionary<string, FeatureMatrix> features)
    {
        foreach (var family in TrainOptions.Families)
        {
            var options = config.Train with { Family = family };
            var times = new List<double>();
            foreach (var label in dataset.Classes)
            {
                var utterances = dataset.Training(label).Select(f => features[f.RelativePath]).ToList();
                var clock = Stopwatch.StartNew();
                ClassModelTrainerFactory.Create(options).Fit(label, utterances);
                times.Add(clock.Elapsed.TotalSeconds);
            }
            Console.WriteLine($"train {family,-9} per class: mean {times.Average():0.000} s, max {times.Max():0.000} s (one core per class)");
        }
    }
}
