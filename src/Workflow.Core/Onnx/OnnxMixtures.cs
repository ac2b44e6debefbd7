using Workflow.Training;

namespace Workflow.Onnx;

/// <summary>
/// Many <see cref="DiagonalMixture"/>s' frame log-likelihoods in one MatMul. With x' = x - r and μ' = μ - r for a
/// reference point r (the mean of every component's mean), a component's log(w N(x; μ, σ²)) is
/// <code>
///   [x'², x'] · [-½/σ², μ'/σ²] + (log w - ½ Σ log(2πσ²) - ½ Σ μ'²/σ²)
/// </code>
/// so [frames, 2·columns] times one [2·columns, groups·components] constant gives every component of every mixture;
/// ReduceLogSumExp over components then gives [frames, groups]. Centring on r keeps the expanded terms small, so
/// they do not cancel badly the way raw MFCC energies would. Mixtures with fewer components, components of weight 0
/// and absent groups (null) are padded with components of log-weight <see cref="LogZero"/>, which never contribute.
/// </summary>
internal static class OnnxMixtures
{
    /// <summary>
    /// Stands in for log 0: finite, so log-sum-exp and additions never meet -∞ - -∞ = NaN, yet so far below any real
    /// log-likelihood that exp of the difference is exactly 0, in float32 as in float64.
    /// </summary>
    public const double LogZero = -1e30;

    /// <summary>[frames, groups] log-likelihoods, one column per entry of <paramref name="groups"/> (null: a LogZero column).</summary>
    public static string AppendLogLikelihoods(GraphBuilder g, string features, int columns, IReadOnlyList<DiagonalMixture?> groups, string hint)
    {
        var components = groups.Max(m => m?.Components ?? 1);
        var width = groups.Count * components;
        var reference = Reference(groups, columns);
        var weights = new double[2 * columns * width]; // [2·columns, width], row-major
        var bias = new double[width];
        Array.Fill(bias, LogZero);
        for (var group = 0; group < groups.Count; group++)
        {
            if (groups[group] is not { } mixture) continue;
            for (var c = 0; c < mixture.Components; c++)
            {
                if (!(mixture.Weights[c] > 0)) continue;
                var column = group * components + c;
                var logDeterminant = 0.0;
                var constant = 0.0;
                for (var d = 0; d < columns; d++)
                {
                    var variance = mixture.Variances[c][d];
                    var precision = 1 / variance;
                    var centred = mixture.Means[c][d] - reference[d];
                    logDeterminant += Math.Log(2 * Math.PI * variance);
                    constant += centred * centred * precision;
                    weights[d * width + column] = -0.5 * precision;
                    weights[(columns + d) * width + column] = centred * precision;
                }

                bias[column] = Math.Log(mixture.Weights[c]) - 0.5 * logDeterminant - 0.5 * constant;
            }
        }

        var centredFeatures = g.Op("Sub", hint + "_centred", [features, g.Constant(hint + "_reference", reference, columns)]);
        var terms = g.Op("Concat", hint + "_terms",
            [g.Op("Mul", [centredFeatures, centredFeatures]), centredFeatures], OnnxAttribute.Int("axis", 1)); // [T, 2D]
        var logComponents = g.Op("Add", hint + "_components",
            [g.Op("MatMul", [terms, g.Constant(hint + "_weights", weights, 2 * columns, width)]), g.Constant(hint + "_bias", bias, width)]);
        var byGroup = g.Op("Reshape", [logComponents, g.Int64s("shape", 0, groups.Count, components)]); // [T, G, C]
        return g.Reduce("ReduceLogSumExp", byGroup, [2], keepDims: false, hint);
    }

    private static double[] Reference(IReadOnlyList<DiagonalMixture?> groups, int columns)
    {
        var reference = new double[columns];
        var count = 0;
        foreach (var mixture in groups.OfType<DiagonalMixture>())
        {
            foreach (var mean in mixture.Means)
            {
                for (var d = 0; d < columns; d++) reference[d] += mean[d];
                count++;
            }
        }

        for (var d = 0; d < columns; d++) reference[d] /= Math.Max(count, 1);
        return reference;
    }
}
