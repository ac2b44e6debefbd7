using Workflow.Features;

namespace Workflow.Training;

/// <summary>
/// Fits a <see cref="GaussianMixtureModel"/> to all of a class's frames: seeded k-means++ clusters give the starting
/// mixture, then EM (posteriors by log-sum-exp) until the gain per frame drops below the tolerance. Each variance is
/// floored at <c>varianceFloor</c> times that dimension's variance over the class.
/// </summary>
public sealed class GaussianMixtureTrainer(GmmOptions options, int seed, double varianceFloor) : IClassModelTrainer
{
    public GaussianMixtureModel Fit(string @class, IReadOnlyList<FeatureMatrix> utterances) =>
        FitWithHistory(@class, utterances).Model;

    IClassModel IClassModelTrainer.Fit(string @class, IReadOnlyList<FeatureMatrix> utterances) => Fit(@class, utterances);

    public FitResult<GaussianMixtureModel> FitWithHistory(string @class, IReadOnlyList<FeatureMatrix> utterances)
    {
        var frames = TrainingFrames.Stack(@class, utterances);
        var floor = TrainingFrames.VarianceFloor(frames, varianceFloor);
        var random = new SeededRandom(seed);
        var mixture = KMeansPlusPlus.Mixture(frames, KMeansPlusPlus.Cluster(frames, options.Components, random), floor);
        var history = new List<double>();
        var terms = new double[mixture.Components];
        for (var iteration = 0; iteration < options.Iterations; iteration++)
        {
            var statistics = new MixtureStatistics(mixture.Components, frames.Columns);
            var total = 0.0;
            for (var t = 0; t < frames.Rows; t++)
            {
                var row = frames.Row(t);
                var logLikelihood = mixture.ComponentLogLikelihoods(row, terms);
                total += logLikelihood;
                for (var k = 0; k < terms.Length; k++) statistics.Add(k, row, Math.Exp(terms[k] - logLikelihood));
            }
            history.Add(total / frames.Rows);
            if (history.Count > 1 && history[^1] - history[^2] < options.Tolerance) break;
            mixture = statistics.ToMixture(mixture, floor);
        }
        return new FitResult<GaussianMixtureModel>(new GaussianMixtureModel(@class, mixture), history);
    }
}
