using Workflow.Features;

namespace Workflow.Training;

/// <summary>
/// Seeded k-means: k-means++ seeding (each next centre drawn with probability proportional to its squared distance
/// from the nearest centre so far), then Lloyd iterations. Used to initialise mixtures; single-threaded and in frame
/// order, so the same seed and frames always give the same clusters.
/// </summary>
internal static class KMeansPlusPlus
{
    /// <summary>The cluster of every frame; clusters are numbered 0… and none is empty (there may be fewer than k).</summary>
    public static int[] Cluster(FeatureMatrix frames, int k, SeededRandom random, int iterations = 10)
    {
        var centres = Seed(frames, Math.Min(k, frames.Rows), random);
        var assignment = new int[frames.Rows];
        for (var iteration = 0; iteration <= iterations; iteration++)
        {
            var changed = Assign(frames, centres, assignment);
            if (!changed && iteration > 0) break;
            centres = Update(frames, centres, assignment);
        }
        return Renumber(assignment);
    }

    /// <summary>A mixture from hard clusters: per-cluster share, mean and floored variance.</summary>
    public static DiagonalMixture Mixture(FeatureMatrix frames, int[] assignment, double[] floor)
    {
        var clusters = assignment.Length == 0 ? 1 : assignment.Max() + 1;
        var statistics = new MixtureStatistics(clusters, frames.Columns);
        for (var t = 0; t < frames.Rows; t++) statistics.Add(assignment[t], frames.Row(t), 1.0);
        return statistics.ToMixture(null, floor);
    }

    private static List<double[]> Seed(FeatureMatrix frames, int k, SeededRandom random)
    {
        var centres = new List<double[]> { frames.Row(random.Next(frames.Rows)).ToArray() };
        var nearest = new double[frames.Rows];
        for (var t = 0; t < frames.Rows; t++) nearest[t] = SquaredDistance(frames.Row(t), centres[0]);
        while (centres.Count < k)
        {
            var total = 0.0;
            foreach (var d in nearest) total += d;
            if (!(total > 0)) break; // every frame coincides with a centre: more clusters would be empty
            var target = random.NextDouble() * total;
            var chosen = frames.Rows - 1;
            var cumulative = 0.0;
            for (var t = 0; t < frames.Rows; t++)
            {
                cumulative += nearest[t];
                if (cumulative > target && nearest[t] > 0)
                {
                    chosen = t;
                    break;
                }
            }
            var centre = frames.Row(chosen).ToArray();
            centres.Add(centre);
            for (var t = 0; t < frames.Rows; t++) nearest[t] = Math.Min(nearest[t], SquaredDistance(frames.Row(t), centre));
        }
        return centres;
    }

    private static bool Assign(FeatureMatrix frames, List<double[]> centres, int[] assignment)
    {
        var changed = false;
        for (var t = 0; t < frames.Rows; t++)
        {
            var row = frames.Row(t);
            var best = 0;
            var bestDistance = double.PositiveInfinity;
            for (var c = 0; c < centres.Count; c++)
            {
                var distance = SquaredDistance(row, centres[c]);
                if (distance < bestDistance)
                {
                    bestDistance = distance;
                    best = c;
                }
            }
            changed |= assignment[t] != best;
            assignment[t] = best;
        }
        return changed;
    }

    private static List<double[]> Update(FeatureMatrix frames, List<double[]> centres, int[] assignment)
    {
        var sums = centres.Select(c => new double[c.Length]).ToList();
        var counts = new int[centres.Count];
        for (var t = 0; t < frames.Rows; t++)
        {
            var row = frames.Row(t);
            var sum = sums[assignment[t]];
            for (var d = 0; d < sum.Length; d++) sum[d] += row[d];
            counts[assignment[t]]++;
        }
        for (var c = 0; c < centres.Count; c++)
        {
            if (counts[c] == 0) sums[c] = centres[c]; // an empty cluster keeps its centre
            else for (var d = 0; d < sums[c].Length; d++) sums[c][d] /= counts[c];
        }
        return sums;
    }

    private static int[] Renumber(int[] assignment)
    {
        var map = new Dictionary<int, int>();
        var result = new int[assignment.Length];
        for (var t = 0; t < assignment.Length; t++)
        {
            if (!map.TryGetValue(assignment[t], out var id)) map[assignment[t]] = id = map.Count;
            result[t] = id;
        }
        return result;
    }

    internal static double SquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var sum = 0.0;
        for (var d = 0; d < a.Length; d++)
        {
            var diff = a[d] - b[d];
            sum += diff * diff;
        }
        return sum;
    }
}
