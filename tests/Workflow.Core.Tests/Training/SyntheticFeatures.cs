using Workflow.Features;

namespace Workflow.Tests.Training;

/// <summary>
/// Deterministic synthetic feature sequences: utterances made of segments, each segment frames drawn from a diagonal
/// Gaussian, or sequences sampled from a known left-to-right HMM.
/// </summary>
internal static class SyntheticFeatures
{
    /// <summary>
    /// An utterance that walks through <paramref name="segmentMeans"/> in order, 4–9 frames per segment, each frame the
    /// segment's mean plus Gaussian noise of standard deviation <paramref name="noise"/>.
    /// </summary>
    public static FeatureMatrix Utterance(Random random, double[][] segmentMeans, double noise = 0.5)
    {
        var values = new List<double>();
        foreach (var mean in segmentMeans)
        {
            var frames = random.Next(4, 10);
            for (var t = 0; t < frames; t++) values.AddRange(mean.Select(m => m + noise * Normal(random)));
        }
        return new FeatureMatrix(values.Count / segmentMeans[0].Length, segmentMeans[0].Length, values.ToArray());
    }

    public static List<FeatureMatrix> Utterances(int seed, int count, double[][] segmentMeans, double noise = 0.5)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => Utterance(random, segmentMeans, noise)).ToList();
    }

    /// <summary>
    /// Four classes of 3-dimensional utterances, three segments each, every class with its own segment means:
    /// <c>(label, segment means)</c>.
    /// </summary>
    public static IReadOnlyList<(string Label, double[][] Means)> FourClasses() =>
    [
        ("a", [[0, 0, 0], [3, 0, 0], [3, 3, 0]]),
        ("b", [[0, 0, 3], [0, 3, 3], [-3, 3, 3]]),
        ("c", [[-3, -3, 0], [-3, 0, -3], [0, -3, -3]]),
        ("d", [[3, -3, 3], [6, -3, 0], [6, 0, 3]]),
    ];

    /// <summary>A sequence from a left-to-right HMM with one diagonal Gaussian per state (see HiddenMarkovModel).</summary>
    public static FeatureMatrix SampleHmm(Random random, double[] selfLoops, double[][] means, double[][] variances)
    {
        var values = new List<double>();
        var state = 0;
        while (true)
        {
            values.AddRange(means[state].Select((m, d) => m + Math.Sqrt(variances[state][d]) * Normal(random)));
            if (random.NextDouble() < selfLoops[state]) continue;
            if (++state == selfLoops.Length) break;
        }
        return new FeatureMatrix(values.Count / means[0].Length, means[0].Length, values.ToArray());
    }

    /// <summary>Standard normal by Box–Muller.</summary>
    public static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
