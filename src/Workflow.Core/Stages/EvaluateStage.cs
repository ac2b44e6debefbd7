using Workflow.Data;
using Workflow.Evaluation;
using Workflow.Pipeline;
using Workflow.Training;

namespace Workflow.Stages;

/// <summary>One unit: score every test file with every class model, predict the best, write the metrics.</summary>
public sealed class EvaluateStage(Dataset dataset) : IStage
{
    public const string MetricsPath = "artifacts/evaluation/metrics.json";
    public const string ConfusionPath = "artifacts/evaluation/confusion.csv";
    public const string PredictionsPath = "artifacts/evaluation/predictions.csv";
    public const string ConfusionChartPath = "artifacts/evaluation/confusion.png";
    public const string PerClassChartPath = "artifacts/evaluation/per-class.png";

    public string Name => "Evaluate";

    public int Version => 4; // 4: mixture scores summed by the vector kernel (last-digit changes)

    public IReadOnlyList<StageUnit> Units() =>
    [
        new StageUnit(
            "evaluation",
            dataset.Classes.Select(TrainStage.ModelPath).Concat(dataset.Test.Select(FeaturePaths.Of)).ToList(),
            new Newtonsoft.Json.Linq.JObject { ["trainCount"] = dataset.Files.Count(f => !f.IsTest) },
            [MetricsPath, ConfusionPath, PredictionsPath, ConfusionChartPath, PerClassChartPath]),
    ];

    public void Run(StageUnit unit, Workspace workspace)
    {
        var models = dataset.Classes
            .Select(c => ClassModelFile.Read(workspace.Resolve(TrainStage.ModelPath(c)), TrainStage.ModelPath(c)))
            .ToList();
        var predictions = PredictAll(dataset.Test.ToArray(), models, workspace);
        var metrics = EvaluationMetrics.Compute(
            dataset.Classes,
            predictions.Select(p => (p.Truth, p.Predicted)).ToList(),
            dataset.Files.Count(f => !f.IsTest));
        EvaluationWriter.WriteMetrics(workspace.Resolve(MetricsPath), metrics);
        EvaluationWriter.WriteConfusion(workspace.Resolve(ConfusionPath), metrics);
        EvaluationWriter.WritePredictions(workspace.Resolve(PredictionsPath), dataset.Classes, predictions);
        EvaluationCharts.WriteConfusion(workspace.Resolve(ConfusionChartPath), metrics);
        EvaluationCharts.WritePerClass(workspace.Resolve(PerClassChartPath), metrics);
    }

    /// <summary>
    /// Every test file's prediction, in data set order, on all cores: each file's features are read, scored by every
    /// model and dropped, so only the predictions are held. A bad file fails with its own message (the first in order).
    /// </summary>
    private static Prediction[] PredictAll(AudioFile[] test, IReadOnlyList<IClassModel> models, Workspace workspace)
    {
        var predictions = new Prediction[test.Length];
        var errors = new WorkflowException?[test.Length];
        Parallel.For(0, test.Length, i =>
        {
            try
            {
                predictions[i] = Predict(test[i], models, TrainStage.ReadFeatures(workspace, FeaturePaths.Of(test[i])));
            }
            catch (WorkflowException e)
            {
                errors[i] = e;
            }
        });
        var error = errors.FirstOrDefault(e => e is not null);
        if (error is not null) throw error;
        return predictions;
    }

    private static Prediction Predict(AudioFile file, IReadOnlyList<IClassModel> models, Features.FeatureMatrix features)
    {
        var scores = models.Select(m => m.Score(features)).ToList();
        // Ties go to the first class in order, so the prediction is deterministic.
        var best = 0;
        for (var i = 1; i < scores.Count; i++) if (scores[i] > scores[best]) best = i;
        return new Prediction(file.Name, file.Class, models[best].Class, scores);
    }
}
