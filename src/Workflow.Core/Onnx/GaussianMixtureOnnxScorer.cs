using Workflow.Training;

namespace Workflow.Onnx;

/// <summary>
/// <see cref="GaussianMixtureModel"/> as a graph: every class's components in one MatMul (<see cref="OnnxMixtures"/>),
/// log-sum-exp over each class's components for the frame log-likelihood, then the mean over frames.
/// </summary>
public sealed class GaussianMixtureOnnxScorer : IOnnxScorer
{
    public string Family => GaussianMixtureModel.Family;

    public string Append(GraphBuilder g, string features, int columns, IReadOnlyList<IClassModel> models)
    {
        var mixtures = OnnxScorers.Expect<GaussianMixtureModel>(models, Family, m => m.Mixture.Dimensions, columns);
        var frameLogLikelihood = OnnxMixtures.AppendLogLikelihoods(
            g, features, columns, mixtures.Select(m => m.Mixture).ToArray(), "frame_log_likelihood"); // [T, K]
        return g.ReduceMean(frameLogLikelihood, [0], keepDims: false, "class_scores");
    }
}
