using Workflow.Features;

namespace Workflow.Training;

/// <summary>A model of one class, fitted only on that class's data.</summary>
public interface IClassModel
{
    string Class { get; }

    /// <summary>Length-normalised log-likelihood: higher means the utterance looks more like this class.</summary>
    double Score(FeatureMatrix features);
}
