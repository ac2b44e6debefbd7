using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Workflow.Training;

/// <summary>
/// The output densities of every state of an HMM laid out for the E-step: a state's components sit side by side in
/// lanes of four (one <see cref="Vector256{T}"/> of doubles), so one pass over a frame's dimensions gives four
/// components' distances, with no sum across a vector and no call per component. Per lane the sum over dimensions runs
/// in a fixed order (even and odd dimensions apart, then added), and the scalar fallback does exactly the same
/// operations, so training gives the same bits with or without AVX.
/// </summary>
internal sealed class StateEmissions
{
    private const int Lanes = 4;
    private readonly int _dimensions;
    private readonly int[] _components;
    private readonly int[] _firstBlock; // per state its first block of four components; the last entry is the total
    private readonly double[] _means; // [block][dimension][lane]
    private readonly double[] _precisions; // [block][dimension][lane]; 0 in an empty lane
    private readonly double[] _logConstants; // [block][lane]; −∞ in an empty lane

    public StateEmissions(IReadOnlyList<DiagonalMixture> states)
    {
        _dimensions = states[0].Dimensions;
        _components = states.Select(s => s.Components).ToArray();
        Stride = (_components.Max() + Lanes - 1) / Lanes * Lanes;
        _firstBlock = new int[states.Count + 1];
        for (var j = 0; j < states.Count; j++) _firstBlock[j + 1] = _firstBlock[j] + (_components[j] + Lanes - 1) / Lanes;
        var blocks = _firstBlock[^1];
        _means = new double[blocks * _dimensions * Lanes];
        _precisions = new double[blocks * _dimensions * Lanes];
        _logConstants = new double[blocks * Lanes];
        Array.Fill(_logConstants, double.NegativeInfinity);
        for (var j = 0; j < states.Count; j++)
        {
            var mixture = states[j];
            for (var k = 0; k < mixture.Components; k++)
            {
                var (block, lane) = (_firstBlock[j] + k / Lanes, k % Lanes);
                _logConstants[block * Lanes + lane] = mixture.LogConstants[k];
                for (var d = 0; d < _dimensions; d++)
                {
                    _means[(block * _dimensions + d) * Lanes + lane] = mixture.Means[k][d];
                    _precisions[(block * _dimensions + d) * Lanes + lane] = mixture.Precisions[k][d];
                }
            }
        }
    }

    public int States => _components.Length;

    /// <summary>The most components of any state, rounded up to whole lanes: the stride of <see cref="Evaluate"/>'s shares.</summary>
    public int Stride { get; }

    /// <summary>
    /// Every state j's density at <paramref name="x"/> as b_j = <paramref name="sums"/>[j] · e^<paramref name="peaks"/>[j]:
    /// its largest component term log(w_k N(x; μ_k, σ²_k)) (−∞ for an impossible frame) and the sum of every term's
    /// e^(term − peak) (1 to the number of components); each component's share of b_j goes into
    /// <paramref name="shares"/>[j · <see cref="Stride"/> + k] (they sum to 1, or are all 0 for an impossible frame).
    /// One exponential per component and no logarithm: log b_j = peak + log sum, when the caller needs it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Evaluate(ReadOnlySpan<double> x, Span<double> peaks, Span<double> sums, Span<double> shares) =>
        Evaluate(x, peaks, sums, shares, Vector256.IsHardwareAccelerated);

    /// <summary><see cref="Evaluate(ReadOnlySpan{double}, Span{double}, Span{double}, Span{double})"/> by the chosen path (for tests).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void Evaluate(ReadOnlySpan<double> x, Span<double> peaks, Span<double> sums, Span<double> shares, bool vectors)
    {
        var stride = Stride;
        for (var j = 0; j < _components.Length; j++)
        {
            var terms = shares.Slice(j * stride, stride);
            for (var block = _firstBlock[j]; block < _firstBlock[j + 1]; block++)
            {
                var lanes = terms.Slice((block - _firstBlock[j]) * Lanes, Lanes);
                if (vectors) Terms(x, block, lanes);
                else TermsScalar(x, block, lanes);
            }
            (peaks[j], sums[j]) = Normalise(terms[.._components[j]]);
            terms[_components[j]..].Clear();
        }
    }

    /// <summary>
    /// The densities <see cref="Evaluate(ReadOnlySpan{double}, Span{double}, Span{double}, Span{double})"/> gave, divided
    /// by e^shift with the largest peak as the shift (so the best state's is at least 1), into <paramref name="scaled"/>;
    /// returns the shift. Scaled probabilities are what <see cref="LeftToRightLattice.ScaledForward"/> runs on.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Scale(ReadOnlySpan<double> peaks, ReadOnlySpan<double> sums, Span<double> scaled)
    {
        var shift = double.NegativeInfinity;
        foreach (var peak in peaks) if (peak > shift) shift = peak;
        for (var j = 0; j < peaks.Length; j++) scaled[j] = sums[j] * Math.Exp(peaks[j] - shift);
        return shift;
    }

    // log w_k − ½ Σ_d (x_d − μ_kd)² p_kd for the four components of a block; even and odd dimensions summed apart.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Terms(ReadOnlySpan<double> x, int block, Span<double> terms)
    {
        ref var xs = ref MemoryMarshal.GetReference(x);
        ref var means = ref MemoryMarshal.GetArrayDataReference(_means);
        ref var precisions = ref MemoryMarshal.GetArrayDataReference(_precisions);
        var at = (nuint)(block * _dimensions * Lanes);
        var even = Vector256<double>.Zero;
        var odd = Vector256<double>.Zero;
        var d = 0;
        for (; d + 1 < _dimensions; d += 2, at += 2 * Lanes)
        {
            var diff = Vector256.Create(Unsafe.Add(ref xs, d)) - Vector256.LoadUnsafe(ref means, at);
            even += diff * diff * Vector256.LoadUnsafe(ref precisions, at);
            var next = Vector256.Create(Unsafe.Add(ref xs, d + 1)) - Vector256.LoadUnsafe(ref means, at + Lanes);
            odd += next * next * Vector256.LoadUnsafe(ref precisions, at + Lanes);
        }
        if (d < _dimensions)
        {
            var diff = Vector256.Create(Unsafe.Add(ref xs, d)) - Vector256.LoadUnsafe(ref means, at);
            even += diff * diff * Vector256.LoadUnsafe(ref precisions, at);
        }
        var constants = Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(_logConstants), (nuint)(block * Lanes));
        (constants - Vector256.Create(0.5) * (even + odd)).StoreUnsafe(ref MemoryMarshal.GetReference(terms));
    }

    private void TermsScalar(ReadOnlySpan<double> x, int block, Span<double> terms)
    {
        for (var lane = 0; lane < Lanes; lane++)
        {
            var at = block * _dimensions * Lanes + lane;
            double even = 0, odd = 0;
            var d = 0;
            for (; d + 1 < _dimensions; d += 2, at += 2 * Lanes)
            {
                var diff = x[d] - _means[at];
                even += diff * diff * _precisions[at];
                var next = x[d + 1] - _means[at + Lanes];
                odd += next * next * _precisions[at + Lanes];
            }
            if (d < _dimensions)
            {
                var diff = x[d] - _means[at];
                even += diff * diff * _precisions[at];
            }
            terms[lane] = _logConstants[block * Lanes + lane] - 0.5 * (even + odd);
        }
    }

    // The terms become the components' shares (one exponential each); returns the largest term and the sum of e^(term − it).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (double Peak, double Sum) Normalise(Span<double> terms)
    {
        var max = double.NegativeInfinity;
        foreach (var term in terms) if (term > max) max = term;
        if (double.IsNegativeInfinity(max))
        {
            terms.Clear();
            return (max, 0);
        }
        var sum = 0.0;
        for (var k = 0; k < terms.Length; k++)
        {
            var share = terms[k] == max ? 1.0 : Math.Exp(terms[k] - max);
            terms[k] = share;
            sum += share;
        }
        var scale = 1 / sum;
        for (var k = 0; k < terms.Length; k++) terms[k] *= scale;
        return (max, sum);
    }
}
