using Newtonsoft.Json.Linq;
using Workflow.Data;
using Workflow.Evaluation;
using Workflow.Pipeline;
using Workflow.Training;

namespace Workflow.Stages;

/// <summary>
/// One unit per class: that class's model scores every test recording. Apart from Evaluate so that retraining one
/// class rescores the test set with that one model, not with all of them.
/// </summary>
public sealed class ScoreStage(Dataset dataset, Features.MfccOptions? features = null) : IStage
{
    private static readonly JObject NoParameters = [];

    public static string ScoresPath(string label) => $"artifacts/evaluation/scores/{label}.json";

    public string Name => "Score";

    public int Version => 3; // 3: HMM exponentials by FastExp; 2: HMM scores on per-frame scaled probabilities (the same to ~1e−12)

    public bool RunsInParallel => true;

    public IReadOnlyList<StageUnit> Units()
    {
        var test = dataset.Test.Select(Features).ToList();
        return dataset.Classes
            .Select(c => new StageUnit(c, [TrainStage.ModelPath(c), .. test], NoParameters, [ScoresPath(c)]))
            .ToList();
    }

    private string Features(AudioFile file) => features is null ? FeaturePaths.Of(file) : FeaturePaths.Of(file, features);

    public void Run(StageUnit unit, Workspace workspace)
    {
        var model = ClassModelFile.Read(workspace.Resolve(TrainStage.ModelPath(unit.Name)), TrainStage.ModelPath(unit.Name));
        var test = dataset.Test.ToArray();
        var scores = new double[test.Length];
        var errors = new WorkflowException?[test.Length];
        // Each recording's features are read, scored and dropped: only the scores are held.
        Parallel.For(0, test.Length, i =>
        {
            try
            {
                scores[i] = model.Score(TrainStage.ReadFeatures(workspace, Features(test[i])));
            }
            catch (WorkflowException e)
            {
                errors[i] = e;
            }
        });
        if (errors.FirstOrDefault(e => e is not null) is { } error) throw error;
        new ClassScores(unit.Name, test.Select(f => f.Name).ToList(), scores).Write(workspace.Resolve(unit.Outputs[0]));
    }
}
