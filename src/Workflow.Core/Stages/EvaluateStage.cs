using Workflow.Data;
using Workflow.Evaluation;
using Workflow.Pipeline;
using Workflow.Training;

namespace Workflow.Stages;

/// <summary>One unit: each test file's prediction from every class's scores (<see cref="ScoreStage"/>), then the metrics.</summary>
public sealed class EvaluateStage(Dataset dataset) : IStage
{
    public const string MetricsPath = "artifacts/evaluation/metrics.json";
    public const string ConfusionPath = "artifacts/evaluation/confusion.csv";
    public const string PredictionsPath = "artifacts/evaluation/predictions.csv";
    public const string ConfusionChartPath = "artifacts/evaluation/confusion.png";
    public const string PerClassChartPath = "artifacts/evaluation/per-class.png";

    public string Name => "Evaluate";

    public int Version => 5; // 5: predictions from the Score stage's files

    public IReadOnlyList<StageUnit> Units() =>
    [
        new StageUnit(
            "evaluation",
            dataset.Classes.Select(ScoreStage.ScoresPath).ToList(),
            new Newtonsoft.Json.Linq.JObject { ["trainCount"] = dataset.Files.Count(f => !f.IsTest) },
            [MetricsPath, ConfusionPath, PredictionsPath, ConfusionChartPath, PerClassChartPath]),
    ];

    public void Run(StageUnit unit, Workspace workspace)
    {
        var test = dataset.Test.ToArray();
        var names = test.Select(f => f.Name).ToList();
        // One file per class, each ~10,000 scores at Speech-Commands scale: read side by side (a bad file's error as is).
        var scores = new IReadOnlyList<double>[dataset.Classes.Count];
        ParallelWork.For(scores.Length, i =>
        {
            var path = ScoreStage.ScoresPath(dataset.Classes[i]);
            scores[i] = ClassScores.Read(workspace.Resolve(path), path, names).Scores;
        });
        var predictions = test.Select((file, i) => Predict(file, dataset.Classes, scores.Select(s => s[i]).ToList())).ToList();
        var metrics = EvaluationMetrics.Compute(
            dataset.Classes,
            predictions.Select(p => (p.Truth, p.Predicted)).ToList(),
            dataset.Files.Count(f => !f.IsTest));
        // The charts (the first drawing loads the plotting library, ~0.5 s) are drawn while the files are written.
        var charts = Task.Run(() =>
        {
            EvaluationCharts.WriteConfusion(workspace.Resolve(ConfusionChartPath), metrics);
            EvaluationCharts.WritePerClass(workspace.Resolve(PerClassChartPath), metrics);
        });
        try
        {
            EvaluationWriter.WriteMetrics(workspace.Resolve(MetricsPath), metrics);
            EvaluationWriter.WriteConfusion(workspace.Resolve(ConfusionPath), metrics);
            EvaluationWriter.WritePredictions(workspace.Resolve(PredictionsPath), dataset.Classes, predictions);
        }
        finally
        {
            charts.GetAwaiter().GetResult();
        }
    }

    private static Prediction Predict(AudioFile file, IReadOnlyList<string> classes, IReadOnlyList<double> scores)
    {
        // Ties go to the first class in order, so the prediction is deterministic.
        var best = 0;
        for (var i = 1; i < scores.Count; i++) if (scores[i] > scores[best]) best = i;
        return new Prediction(file.Name, file.Class, classes[best], scores);
    }
}
