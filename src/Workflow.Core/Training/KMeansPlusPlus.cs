using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Workflow.Training;

/// <summary>
/// Seeded k-means: k-means++ seeding (each next centre drawn with probability proportional to its squared distance
/// from the nearest centre so far), then Lloyd iterations. Used to initialise mixtures. Distances are computed in
/// parallel over chunks of frames (each frame's on its own, in <see cref="VectorMath"/>'s fixed order); every sum and
/// every random draw runs in frame order on one thread, so the same seed and frames always give the same clusters,
/// whatever the core count.
/// </summary>
internal static class KMeansPlusPlus
{
    private const int ChunkFrames = 8192;

    /// <summary>The cluster of every frame; clusters are numbered 0… and none is empty (there may be fewer than k).</summary>
    public static int[] Cluster(FrameSelection frames, int k, SeededRandom random, int maxDegreeOfParallelism = -1, int iterations = 10)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        var centres = Seed(frames, Math.Min(k, frames.Count), random, parallel);
        var assignment = new int[frames.Count];
        for (var iteration = 0; iteration <= iterations; iteration++)
        {
            var changed = Assign(frames, centres, assignment, parallel);
            if (!changed && iteration > 0) break;
            centres = Update(frames, centres, assignment);
        }
        return Renumber(assignment);
    }

    /// <summary>A mixture from hard clusters: per-cluster share, mean and floored variance.</summary>
    public static DiagonalMixture Mixture(FrameSelection frames, int[] assignment, double[] floor)
    {
        var clusters = assignment.Length == 0 ? 1 : assignment.Max() + 1;
        var statistics = new MixtureStatistics(clusters, frames.Columns);
        for (var t = 0; t < frames.Count; t++) statistics.Add(assignment[t], frames.Row(t), 1.0);
        return statistics.ToMixture(null, floor);
    }

    private static List<double[]> Seed(FrameSelection frames, int k, SeededRandom random, ParallelOptions parallel)
    {
        var centres = new List<double[]> { ToDoubles(frames.Row(random.Next(frames.Count))) };
        var nearest = new double[frames.Count];
        ForEachFrame(frames, parallel, (t, x) => nearest[t] = VectorMath.SquaredDistance(x, centres[0]));
        while (centres.Count < k)
        {
            var total = 0.0;
            foreach (var d in nearest) total += d;
            if (!(total > 0)) break; // every frame coincides with a centre: more clusters would be empty
            var target = random.NextDouble() * total;
            var chosen = frames.Count - 1;
            var cumulative = 0.0;
            for (var t = 0; t < frames.Count; t++)
            {
                cumulative += nearest[t];
                if (cumulative > target && nearest[t] > 0)
                {
                    chosen = t;
                    break;
                }
            }
            var centre = ToDoubles(frames.Row(chosen));
            centres.Add(centre);
            ForEachFrame(frames, parallel, (t, x) => nearest[t] = Math.Min(nearest[t], VectorMath.SquaredDistance(x, centre)));
        }
        return centres;
    }

    private static bool Assign(FrameSelection frames, List<double[]> centres, int[] assignment, ParallelOptions parallel)
    {
        var changed = 0;
        ForEachFrame(frames, parallel, (t, x) =>
        {
            var best = 0;
            var bestDistance = double.PositiveInfinity;
            void Consider(int centre, double distance)
            {
                if (distance < bestDistance) (bestDistance, best) = (distance, centre);
            }
            Span<double> four = stackalloc double[4];
            var c = 0;
            for (; c + 3 < centres.Count; c += 4)
            {
                // Four distances side by side, each the same bits as alone; compared in centre order as before.
                VectorMath.SquaredDistances(x, centres[c], centres[c + 1], centres[c + 2], centres[c + 3], four);
                for (var i = 0; i < 4; i++) Consider(c + i, four[i]);
            }
            for (; c < centres.Count; c++) Consider(c, VectorMath.SquaredDistance(x, centres[c]));
            if (assignment[t] != best)
            {
                assignment[t] = best;
                changed = 1; // only ever set, so the race is benign
            }
        });
        return changed != 0;
    }

    /// <summary>Calls <paramref name="body"/>(t, frame t as doubles) for every frame, chunks in parallel.</summary>
    private static void ForEachFrame(FrameSelection frames, ParallelOptions parallel, FrameAction body)
    {
        var chunks = (frames.Count + ChunkFrames - 1) / ChunkFrames;
        Parallel.For(0, chunks, parallel, () => new double[frames.Columns], (c, _, x) =>
        {
            var end = Math.Min(frames.Count, (c + 1) * ChunkFrames);
            for (var t = c * ChunkFrames; t < end; t++)
            {
                VectorMath.Widen(frames.Row(t), x);
                body(t, x);
            }
            return x;
        }, _ => { });
    }

    private delegate void FrameAction(int frame, ReadOnlySpan<double> x);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static List<double[]> Update(FrameSelection frames, List<double[]> centres, int[] assignment)
    {
        var sums = centres.Select(c => new double[c.Length]).ToList();
        var counts = new int[centres.Count];
        for (var t = 0; t < frames.Count; t++)
        {
            AddTo(sums[assignment[t]], frames.Row(t));
            counts[assignment[t]]++;
        }
        for (var c = 0; c < centres.Count; c++)
        {
            if (counts[c] == 0) sums[c] = centres[c]; // an empty cluster keeps its centre
            else for (var d = 0; d < sums[c].Length; d++) sums[c][d] /= counts[c];
        }
        return sums;
    }

    // sum[d] += row[d] for every d, four at a time where the machine has vectors: each sum still takes its frames in order.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddTo(double[] sum, ReadOnlySpan<float> row)
    {
        var d = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var from = ref MemoryMarshal.GetReference(row);
            ref var to = ref MemoryMarshal.GetArrayDataReference(sum);
            for (; d <= sum.Length - 4; d += 4)
            {
                var widened = Vector256.WidenLower(Vector128.LoadUnsafe(ref from, (nuint)d).ToVector256Unsafe());
                (Vector256.LoadUnsafe(ref to, (nuint)d) + widened).StoreUnsafe(ref to, (nuint)d);
            }
        }
        for (; d < sum.Length; d++) sum[d] += row[d];
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

    private static double[] ToDoubles(ReadOnlySpan<float> row)
    {
        var values = new double[row.Length];
        VectorMath.Widen(row, values);
        return values;
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
