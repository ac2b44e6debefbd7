using System.Runtime.CompilerServices;

namespace Workflow.Training;

/// <summary>
/// A <see cref="DiagonalMixture"/> laid out for the E-step: means and precisions in one array each. Evaluates a frame's
/// log-likelihood and its component posteriors with one exponential per component and no allocation; distances are
/// summed in <see cref="VectorMath"/>'s fixed order.
/// </summary>
internal sealed class MixtureKernel
{
    private readonly double[] _means;
    private readonly double[] _precisions;
    private readonly double[] _logConstants;

    public MixtureKernel(DiagonalMixture mixture)
    {
        Components = mixture.Components;
        Dimensions = mixture.Dimensions;
        _means = new double[Components * Dimensions];
        _precisions = new double[Components * Dimensions];
        _logConstants = (double[])mixture.LogConstants.Clone();
        for (var k = 0; k < Components; k++)
        {
            mixture.Means[k].CopyTo(_means, k * Dimensions);
            mixture.Precisions[k].CopyTo(_precisions, k * Dimensions);
        }
    }

    public int Components { get; }

    public int Dimensions { get; }

    /// <summary>
    /// log p(<paramref name="x"/>); fills <paramref name="posteriors"/>[k] with component k's share of it (they sum to 1,
    /// or are all 0 when the frame is impossible).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Evaluate(ReadOnlySpan<double> x, Span<double> posteriors)
    {
        var max = double.NegativeInfinity;
        for (var k = 0; k < Components; k++)
        {
            var term = _logConstants[k] - 0.5 * VectorMath.WeightedSquaredDistance(
                x, _means.AsSpan(k * Dimensions, Dimensions), _precisions.AsSpan(k * Dimensions, Dimensions));
            posteriors[k] = term;
            if (term > max) max = term;
        }
        if (double.IsNegativeInfinity(max))
        {
            posteriors[..Components].Clear();
            return max;
        }
        var sum = 0.0;
        for (var k = 0; k < Components; k++)
        {
            var term = posteriors[k];
            var share = term == max ? 1.0 : Math.Exp(term - max);
            posteriors[k] = share;
            sum += share;
        }
        var scale = 1 / sum;
        for (var k = 0; k < Components; k++) posteriors[k] *= scale;
        return max + Math.Log(sum);
    }
}
