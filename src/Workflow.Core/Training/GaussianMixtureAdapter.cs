namespace Workflow.Training;

/// <summary>
/// MAP adaptation of a diagonal Gaussian mixture to a class's frames: posteriors under the current mixture (the
/// prior in the first pass), then <see cref="MapAdaptation"/> towards the data, for <c>train.adapt.iterations</c>
/// passes. Frames are visited in order on one thread: adaptation data is small, and the bits never depend on cores.
/// </summary>
internal static class GaussianMixtureAdapter
{
    public static DiagonalMixture Adapt(DiagonalMixture prior, TrainingSet set, AdaptOptions options, double[] floor)
    {
        var mixture = prior;
        for (var pass = 0; pass < options.Iterations; pass++)
            mixture = MapAdaptation.Mixture(prior, Statistics(mixture, set), options.Relevance, options.Updates, floor);
        return mixture;
    }

    /// <summary>Every frame's component posteriors under <paramref name="mixture"/>, summed into Σγ, Σγx, Σγx².</summary>
    public static MixtureStatistics Statistics(DiagonalMixture mixture, TrainingSet set)
    {
        var kernel = new MixtureKernel(mixture);
        var statistics = new MixtureStatistics(mixture.Components, set.Columns);
        var x = new double[set.Columns];
        var squared = new double[set.Columns];
        var posteriors = new double[kernel.Components];
        for (var t = 0; t < set.Frames; t++)
        {
            VectorMath.Widen(set.Row(t), x);
            for (var d = 0; d < x.Length; d++) squared[d] = x[d] * x[d];
            kernel.Evaluate(x, posteriors);
            for (var k = 0; k < posteriors.Length; k++) statistics.Add(k, x, squared, posteriors[k]);
        }
        return statistics;
    }
}
