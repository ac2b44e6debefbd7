using Workflow.Features;

namespace Workflow.Training;

/// <summary>
/// Fits one class's model from that class's utterances only; deterministic: the same utterances, options and seed
/// give the same model bits, however many cores the trainer uses.
/// </summary>
public interface IClassModelTrainer
{
    IClassModel Fit(string @class, TrainingSet utterances);

    IClassModel Fit(string @class, IReadOnlyList<FeatureMatrix> utterances) => Fit(@class, TrainingSet.From(@class, utterances));
}
