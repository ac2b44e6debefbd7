namespace Workflow.Training;

/// <summary>
/// Maximum a posteriori adaptation of a diagonal Gaussian mixture (Reynolds, Quatieri and Dunn 2000, "Speaker
/// verification using adapted Gaussian mixture models"): with the new data's occupancy n_k, mean E_k[x] and
/// E_k[x²] of each component, and α_k = n_k / (n_k + r),
/// <code>
///   μ̂_k  = α_k E_k[x]  + (1 − α_k) μ_k
///   σ̂²_k = α_k E_k[x²] + (1 − α_k)(σ²_k + μ²_k) − μ̂²_k      (then floored)
///   ŵ_k  ∝ α_k n_k / N  + (1 − α_k) w_k                       (N = Σ n_k)
/// </code>
/// r → ∞ gives back the prior; r → 0 gives the data's own maximum-likelihood estimate (one EM M-step). What is not in
/// <see cref="AdaptUpdate"/> keeps the prior's value, bit for bit; so does every component the data never reaches.
/// </summary>
internal static class MapAdaptation
{
    public static DiagonalMixture Mixture(DiagonalMixture prior, MixtureStatistics statistics, double relevance, AdaptUpdate update, double[] floor)
    {
        var total = statistics.Occupancy;
        if (!(total > 0)) return prior;
        var components = prior.Components;
        var weights = (double[])prior.Weights.Clone();
        var means = new double[components][];
        var variances = new double[components][];
        var weightsMoved = false;
        for (var k = 0; k < components; k++)
        {
            var n = statistics.OccupancyOf(k);
            var alpha = n > 0 ? n / (n + relevance) : 0;
            means[k] = prior.Means[k];
            variances[k] = prior.Variances[k];
            if (!(alpha > 0)) continue;
            var sums = statistics.SumsOf(k);
            var squares = statistics.SquaresOf(k);
            if (update.HasFlag(AdaptUpdate.Means) || update.HasFlag(AdaptUpdate.Variances))
            {
                var mean = new double[prior.Dimensions];
                for (var d = 0; d < mean.Length; d++)
                    mean[d] = update.HasFlag(AdaptUpdate.Means) ? alpha * (sums[d] / n) + (1 - alpha) * prior.Means[k][d] : prior.Means[k][d];
                if (update.HasFlag(AdaptUpdate.Variances))
                {
                    var variance = new double[prior.Dimensions];
                    for (var d = 0; d < variance.Length; d++)
                    {
                        var priorMean = prior.Means[k][d];
                        var secondMoment = alpha * (squares[d] / n) + (1 - alpha) * (prior.Variances[k][d] + priorMean * priorMean);
                        var value = secondMoment - mean[d] * mean[d];
                        variance[d] = value > floor[d] ? value : floor[d];
                    }
                    variances[k] = variance;
                }
                if (update.HasFlag(AdaptUpdate.Means)) means[k] = mean;
            }
            if (update.HasFlag(AdaptUpdate.Weights))
            {
                weights[k] = alpha * n / total + (1 - alpha) * prior.Weights[k];
                weightsMoved = true;
            }
        }
        if (weightsMoved)
        {
            var sum = 0.0;
            foreach (var w in weights) sum += w;
            for (var k = 0; k < components; k++) weights[k] /= sum;
        }
        return new DiagonalMixture(weights, means, variances);
    }

    /// <summary>A self-loop probability moved the same way: (stays + r a) / (visits + r).</summary>
    public static double SelfLoop(double prior, double stays, double visits, double relevance, double maximum) =>
        visits > 0 && relevance < double.PositiveInfinity ? Math.Min((stays + relevance * prior) / (visits + relevance), maximum) : prior;
}
