using Workflow.Features;

namespace Workflow.Training;

/// <summary>Fits one class's model from that class's utterances only; single-threaded and deterministic.</summary>
public interface IClassModelTrainer
{
    IClassModel Fit(string @class, IReadOnlyList<FeatureMatrix> utterances);
}
