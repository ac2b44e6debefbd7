using Workflow.Features;

namespace Workflow.Training;

/// <summary>
/// Fits a <see cref="GaussianMixtureModel"/> to all of a class's frames: seeded k-means++ clusters give the starting
/// mixture, then EM (posteriors by log-sum-exp) until the gain per frame drops below the tolerance. Each variance is
/// floored at <c>varianceFloor</c> times that dimension's variance over the class.
/// <para>
/// The E-step runs on up to <paramref name="maxDegreeOfParallelism"/> cores (−1: all) over chunks of
/// <see cref="ChunkFrames"/> frames, each with its own statistics, added in chunk order: the same bits whatever the
/// core count.
/// </para>
/// </summary>
public sealed class GaussianMixtureTrainer(GmmOptions options, int seed, double varianceFloor, int maxDegreeOfParallelism = -1)
    : IClassModelTrainer
{
    /// <summary>Frames per E-step chunk: part of what fixes the summation order, so changing it changes model bits.</summary>
    internal const int ChunkFrames = 4096;

    public GaussianMixtureModel Fit(string @class, IReadOnlyList<FeatureMatrix> utterances) =>
        FitWithHistory(@class, utterances).Model;

    public GaussianMixtureModel Fit(string @class, TrainingSet utterances) => FitWithHistory(@class, utterances).Model;

    IClassModel IClassModelTrainer.Fit(string @class, TrainingSet utterances) => Fit(@class, utterances);

    public FitResult<GaussianMixtureModel> FitWithHistory(string @class, IReadOnlyList<FeatureMatrix> utterances) =>
        FitWithHistory(@class, TrainingSet.From(@class, utterances));

    public FitResult<GaussianMixtureModel> FitWithHistory(string @class, TrainingSet set)
    {
        set.RequireFrames(@class);
        var frames = new FrameSelection(set);
        var floor = TrainingFrames.VarianceFloor(set, null, varianceFloor);
        var random = new SeededRandom(seed);
        var mixture = KMeansPlusPlus.Mixture(frames, KMeansPlusPlus.Cluster(frames, options.Components, random, maxDegreeOfParallelism), floor);
        var history = new List<double>();
        var chunks = new MixtureStatistics[(set.Frames + ChunkFrames - 1) / ChunkFrames];
        for (var c = 0; c < chunks.Length; c++) chunks[c] = new MixtureStatistics(mixture.Components, set.Columns);
        var logLikelihoods = new double[chunks.Length];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        for (var iteration = 0; iteration < options.Iterations; iteration++)
        {
            var kernel = new MixtureKernel(mixture);
            Parallel.For(0, chunks.Length, parallel, () => new double[3 * set.Columns + kernel.Components],
                (c, _, scratch) =>
                {
                    var statistics = chunks[c];
                    statistics.Clear();
                    var x = scratch.AsSpan(0, set.Columns);
                    var squared = scratch.AsSpan(set.Columns, set.Columns);
                    var posteriors = scratch.AsSpan(2 * set.Columns, kernel.Components);
                    var total = 0.0;
                    var end = Math.Min(set.Frames, (c + 1) * ChunkFrames);
                    for (var t = c * ChunkFrames; t < end; t++)
                    {
                        var row = set.Row(t);
                        for (var d = 0; d < x.Length; d++)
                        {
                            double value = row[d];
                            x[d] = value;
                            squared[d] = value * value;
                        }
                        total += kernel.Evaluate(x, posteriors);
                        for (var k = 0; k < posteriors.Length; k++) statistics.Add(k, x, squared, posteriors[k]);
                    }
                    logLikelihoods[c] = total;
                    return scratch;
                },
                _ => { });
            var logLikelihood = 0.0;
            for (var c = 0; c < chunks.Length; c++) logLikelihood += logLikelihoods[c];
            for (var c = 1; c < chunks.Length; c++) chunks[0].Add(chunks[c]);
            history.Add(logLikelihood / set.Frames);
            if (history.Count > 1 && history[^1] - history[^2] < options.Tolerance) break;
            mixture = chunks[0].ToMixture(mixture, floor);
        }
        return new FitResult<GaussianMixtureModel>(new GaussianMixtureModel(@class, mixture), history);
    }
}
