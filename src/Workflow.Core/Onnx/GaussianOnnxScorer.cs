using Workflow.Training;

namespace Workflow.Onnx;

/// <summary>
/// <see cref="DiagonalGaussianModel"/> as a graph: for every frame t and class k,
/// ll[t, k] = logNorm[k] - 0.5 sum_d (x[t, d] - mean[k, d])^2 / var[k, d], the same terms in the same order as the
/// native code (the direct form, not the expanded x^2 / xμ form, which would cancel badly in float32); the score is
/// the mean over frames.
/// </summary>
public sealed class GaussianOnnxScorer : IOnnxScorer
{
    public string Family => DiagonalGaussianModel.Family;

    public string Append(GraphBuilder g, string features, int columns, IReadOnlyList<IClassModel> models)
    {
        var gaussians = OnnxScorers.Expect<DiagonalGaussianModel>(models, Family, m => m.Mean.Length, columns);
        var classes = gaussians.Count;
        var dims = columns;
        var means = g.Constant("class_means", gaussians.SelectMany(m => m.Mean).ToArray(), classes, dims);
        var variances = g.Constant("class_variances", gaussians.SelectMany(m => m.Variance).ToArray(), classes, dims);
        // As DiagonalGaussianModel computes its normaliser, term for term.
        var logNorm = gaussians.Select(m => -0.5 * m.Variance.Sum(v => Math.Log(2 * Math.PI * v))).ToArray();

        var difference = g.Op("Sub", "difference", [g.Unsqueeze(features, 1), means]); // [T, K, D]
        var mahalanobis = g.ReduceSum(
            g.Op("Div", [g.Op("Mul", [difference, difference]), variances]), [2], keepDims: false, "mahalanobis"); // [T, K]
        var frameLogLikelihood = g.Op("Sub", "frame_log_likelihood",
            [g.Constant("log_normaliser", logNorm, classes), g.Op("Mul", [g.Scalar("half", 0.5), mahalanobis])]);
        return g.ReduceMean(frameLogLikelihood, [0], keepDims: false, "class_scores");
    }
}
