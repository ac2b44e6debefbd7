using Newtonsoft.Json.Linq;
using Workflow.Cache;
using Workflow.Data;
using Workflow.Features;
using Workflow.Pipeline;
using Workflow.Training;

namespace Workflow.Stages;

/// <summary>
/// One unit per class, fitted only on that class's training features by the trainer of <c>train.family</c>. A unit's
/// key holds only the active family's settings and the seed (<see cref="TrainOptions.KeyParameters"/>).
/// </summary>
public sealed class TrainStage(Dataset dataset, WorkflowConfig config) : IStage
{
    private readonly JObject _parameters = config.Train.KeyParameters();

    public string Name => "Train";

    public int Version => 3; // 2: model families; keys hold the active family's settings only. 3: no trainingSeconds

    public bool RunsInParallel => true;

    public static string ModelPath(string label) => $"artifacts/models/{label}.model";

    public static string MetadataPath(string label) => $"artifacts/models/{label}.json";

    public IReadOnlyList<StageUnit> Units() => dataset.Classes
        .Select(c => new StageUnit(
            c,
            dataset.Training(c).Select(FeaturePaths.Of).ToList(),
            _parameters,
            [ModelPath(c), MetadataPath(c)]))
        .ToList();

    public void Run(StageUnit unit, Workspace workspace)
    {
        var utterances = unit.Inputs.Select(name => ReadFeatures(workspace, name)).ToList();
        var model = ClassModelTrainerFactory.Create(config.Train).Fit(unit.Name, utterances);
        ClassModelFile.Write(workspace.Resolve(ModelPath(unit.Name)), model);

        var inputs = unit.Inputs.Order(StringComparer.Ordinal).Select(n => new[] { n, ContentHash.OfFile(workspace.Resolve(n)) });
        var metadata = new ClassModelMetadata(
            FormatVersion: ClassModelMetadata.CurrentFormatVersion,
            Class: unit.Name,
            Family: config.Train.Family,
            TrainingFiles: utterances.Count,
            TrainingFrames: utterances.Sum(u => (long)u.Rows),
            Parameters: (JObject)_parameters["train"]!.DeepClone(),
            Seed: config.Train.Seed,
            DataHash: CanonicalJson.Hash(inputs));
        AtomicFile.WriteAllText(workspace.Resolve(MetadataPath(unit.Name)), Json.Serialize(metadata));
    }

    internal static FeatureMatrix ReadFeatures(Workspace workspace, string name)
    {
        using var stream = File.OpenRead(workspace.Resolve(name));
        return FeatureMatrix.ReadFrom(stream, name);
    }
}
