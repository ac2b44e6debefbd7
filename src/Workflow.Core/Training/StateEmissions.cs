using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Workflow.Training;

/// <summary>
/// The output densities of every state of an HMM laid out for the E-step: a state's components sit side by side in
/// lanes of four (one <see cref="Vector256{T}"/> of doubles), so one pass over a frame's dimensions gives four
/// components' distances, with no sum across a vector and no call per component. The quadratic form is expanded
/// (a constant per component, then −½ p x² + p μ x per dimension: two fused multiply-adds, the caller giving x²), and the shares' exponentials are taken four at a time (<see cref="FastExp"/>). Per lane the sum over
/// dimensions runs in a fixed order (even and odd dimensions apart, then added), and the scalar fallback does exactly
/// the same operations (fused multiply-adds are exactly rounded everywhere), so training gives the same bits with or
/// without AVX.
/// </summary>
internal sealed class StateEmissions
{
    private const int Lanes = 4;
    private readonly int _dimensions;
    private readonly int[] _components;
    private readonly int[] _firstBlock; // per state its first block of four components; the last entry is the total
    private readonly double[] _squareWeights; // [block][dimension][lane]: −½ p; 0 in an empty lane
    private readonly double[] _linearWeights; // [block][dimension][lane]: p μ; 0 in an empty lane
    private readonly double[] _constants; // [block][lane]: log w + log normaliser − ½ Σ p μ²; −∞ in an empty lane

    public StateEmissions(IReadOnlyList<DiagonalMixture> states)
    {
        _dimensions = states[0].Dimensions;
        _components = states.Select(s => s.Components).ToArray();
        Stride = (_components.Max() + Lanes - 1) / Lanes * Lanes;
        _firstBlock = new int[states.Count + 1];
        for (var j = 0; j < states.Count; j++) _firstBlock[j + 1] = _firstBlock[j] + (_components[j] + Lanes - 1) / Lanes;
        var blocks = _firstBlock[^1];
        _squareWeights = new double[blocks * _dimensions * Lanes];
        _linearWeights = new double[blocks * _dimensions * Lanes];
        _constants = new double[blocks * Lanes];
        Array.Fill(_constants, double.NegativeInfinity);
        for (var j = 0; j < states.Count; j++)
        {
            var mixture = states[j];
            for (var k = 0; k < mixture.Components; k++)
            {
                var (block, lane) = (_firstBlock[j] + k / Lanes, k % Lanes);
                var quadratic = 0.0;
                for (var d = 0; d < _dimensions; d++)
                {
                    var (mean, precision) = (mixture.Means[k][d], mixture.Precisions[k][d]);
                    _squareWeights[(block * _dimensions + d) * Lanes + lane] = -0.5 * precision;
                    _linearWeights[(block * _dimensions + d) * Lanes + lane] = precision * mean;
                    quadratic += precision * mean * mean;
                }
                _constants[block * Lanes + lane] = mixture.LogConstants[k] - 0.5 * quadratic;
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
    /// <paramref name="squared"/>[d] is x[d]², which the caller has anyway (training's statistics read it too).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Evaluate(ReadOnlySpan<double> x, ReadOnlySpan<double> squared, Span<double> peaks, Span<double> sums, Span<double> shares) =>
        Evaluate(x, squared, peaks, sums, shares, Vector256.IsHardwareAccelerated);

    /// <summary><see cref="Evaluate(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, Span{double}, Span{double})"/> by the chosen path (for tests).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void Evaluate(ReadOnlySpan<double> x, ReadOnlySpan<double> squared, Span<double> peaks, Span<double> sums, Span<double> shares, bool vectors)
    {
        if (x.Length < _dimensions || squared.Length < _dimensions)
            throw new ArgumentException($"a frame and its squares need {_dimensions} values each", nameof(squared));
        var stride = Stride;
        for (var j = 0; j < _components.Length; j++)
        {
            var terms = shares.Slice(j * stride, stride);
            if (vectors && _firstBlock[j + 1] - _firstBlock[j] == 1 && j + 1 < _components.Length && _firstBlock[j + 2] - _firstBlock[j + 1] == 1)
            {
                // Two such states side by side: twice the independent sums in flight per dimension (the sums are
                // latency-bound), each lane's in the same order, so the same bits.
                var (first, second) = Terms(x, squared, _firstBlock[j], _firstBlock[j + 1]);
                (peaks[j], sums[j]) = Normalise(first, terms);
                j++;
                (peaks[j], sums[j]) = Normalise(second, shares.Slice(j * stride, stride));
                continue;
            }
            if (vectors && _firstBlock[j + 1] - _firstBlock[j] == 1)
            {
                // The usual case, a state of at most four components: its terms never leave the registers.
                (peaks[j], sums[j]) = Normalise(Terms(x, squared, _firstBlock[j]), terms);
                continue;
            }
            for (var block = _firstBlock[j]; block < _firstBlock[j + 1]; block++)
            {
                var lanes = terms.Slice((block - _firstBlock[j]) * Lanes, Lanes);
                if (vectors) Terms(x, squared, block).StoreUnsafe(ref MemoryMarshal.GetReference(lanes));
                else TermsScalar(x, squared, block, lanes);
            }
            (peaks[j], sums[j]) = Normalise(terms[.._components[j]], vectors);
            terms[_components[j]..].Clear();
        }
    }

    /// <summary>
    /// The densities <see cref="Evaluate(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, Span{double}, Span{double})"/> gave, divided
    /// by e^shift with the largest peak as the shift (so the best state's is at least 1), into <paramref name="scaled"/>;
    /// returns the shift. Scaled probabilities are what <see cref="LeftToRightLattice.ScaledForward"/> runs on.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Scale(ReadOnlySpan<double> peaks, ReadOnlySpan<double> sums, Span<double> scaled)
    {
        var shift = double.NegativeInfinity;
        foreach (var peak in peaks) if (peak > shift) shift = peak;
        peaks.CopyTo(scaled);
        FastExp.ExpShifted(scaled[..peaks.Length], shift);
        for (var j = 0; j < peaks.Length; j++) scaled[j] *= sums[j];
        return shift;
    }

    // log w_k − ½ Σ_d (x_d − μ_kd)² p_kd for the four components of a block, expanded: the block's constant plus
    // Σ_d (−½ p_kd x_d² + p_kd μ_kd x_d), two fused multiply-adds per dimension, even and odd dimensions summed apart.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector256<double> Terms(ReadOnlySpan<double> x, ReadOnlySpan<double> squared, int block)
    {
        ref var xs = ref MemoryMarshal.GetReference(x);
        ref var x2 = ref MemoryMarshal.GetReference(squared);
        ref var a = ref MemoryMarshal.GetArrayDataReference(_squareWeights);
        ref var b = ref MemoryMarshal.GetArrayDataReference(_linearWeights);
        var at = (nuint)(block * _dimensions * Lanes);
        var (squareEven, linearEven, squareOdd, linearOdd) = (Vector256<double>.Zero, Vector256<double>.Zero, Vector256<double>.Zero, Vector256<double>.Zero);
        var d = 0;
        for (; d + 1 < _dimensions; d += 2, at += 2 * Lanes)
        {
            squareEven = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, at), Vector256.Create(Unsafe.Add(ref x2, d)), squareEven);
            linearEven = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref b, at), Vector256.Create(Unsafe.Add(ref xs, d)), linearEven);
            squareOdd = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, at + Lanes), Vector256.Create(Unsafe.Add(ref x2, d + 1)), squareOdd);
            linearOdd = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref b, at + Lanes), Vector256.Create(Unsafe.Add(ref xs, d + 1)), linearOdd);
        }
        if (d < _dimensions)
        {
            squareEven = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, at), Vector256.Create(Unsafe.Add(ref x2, d)), squareEven);
            linearEven = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref b, at), Vector256.Create(Unsafe.Add(ref xs, d)), linearEven);
        }
        var constants = Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(_constants), (nuint)(block * Lanes));
        return constants + ((squareEven + linearEven) + (squareOdd + linearOdd));
    }

    // Terms for two blocks at once: the same operations per lane as Terms, in the same order.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private (Vector256<double> First, Vector256<double> Second) Terms(ReadOnlySpan<double> x, ReadOnlySpan<double> squared, int first, int second)
    {
        ref var xs = ref MemoryMarshal.GetReference(x);
        ref var x2 = ref MemoryMarshal.GetReference(squared);
        ref var a = ref MemoryMarshal.GetArrayDataReference(_squareWeights);
        ref var b = ref MemoryMarshal.GetArrayDataReference(_linearWeights);
        var (at, bt) = ((nuint)(first * _dimensions * Lanes), (nuint)(second * _dimensions * Lanes));
        var (squareEven, linearEven, squareOdd, linearOdd) = (Vector256<double>.Zero, Vector256<double>.Zero, Vector256<double>.Zero, Vector256<double>.Zero);
        var (squareEven2, linearEven2, squareOdd2, linearOdd2) = (Vector256<double>.Zero, Vector256<double>.Zero, Vector256<double>.Zero, Vector256<double>.Zero);
        var d = 0;
        for (; d + 1 < _dimensions; d += 2, at += 2 * Lanes, bt += 2 * Lanes)
        {
            var (square, linear) = (Vector256.Create(Unsafe.Add(ref x2, d)), Vector256.Create(Unsafe.Add(ref xs, d)));
            var (squareNext, linearNext) = (Vector256.Create(Unsafe.Add(ref x2, d + 1)), Vector256.Create(Unsafe.Add(ref xs, d + 1)));
            squareEven = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, at), square, squareEven);
            squareEven2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, bt), square, squareEven2);
            linearEven = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref b, at), linear, linearEven);
            linearEven2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref b, bt), linear, linearEven2);
            squareOdd = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, at + Lanes), squareNext, squareOdd);
            squareOdd2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, bt + Lanes), squareNext, squareOdd2);
            linearOdd = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref b, at + Lanes), linearNext, linearOdd);
            linearOdd2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref b, bt + Lanes), linearNext, linearOdd2);
        }
        if (d < _dimensions)
        {
            var (square, linear) = (Vector256.Create(Unsafe.Add(ref x2, d)), Vector256.Create(Unsafe.Add(ref xs, d)));
            squareEven = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, at), square, squareEven);
            squareEven2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, bt), square, squareEven2);
            linearEven = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref b, at), linear, linearEven);
            linearEven2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref b, bt), linear, linearEven2);
        }
        ref var c = ref MemoryMarshal.GetArrayDataReference(_constants);
        return (
            Vector256.LoadUnsafe(ref c, (nuint)(first * Lanes)) + ((squareEven + linearEven) + (squareOdd + linearOdd)),
            Vector256.LoadUnsafe(ref c, (nuint)(second * Lanes)) + ((squareEven2 + linearEven2) + (squareOdd2 + linearOdd2)));
    }

    private void TermsScalar(ReadOnlySpan<double> x, ReadOnlySpan<double> squared, int block, Span<double> terms)
    {
        for (var lane = 0; lane < Lanes; lane++)
        {
            var at = block * _dimensions * Lanes + lane;
            double squareEven = 0, linearEven = 0, squareOdd = 0, linearOdd = 0;
            var d = 0;
            for (; d + 1 < _dimensions; d += 2, at += 2 * Lanes)
            {
                squareEven = Math.FusedMultiplyAdd(_squareWeights[at], squared[d], squareEven);
                linearEven = Math.FusedMultiplyAdd(_linearWeights[at], x[d], linearEven);
                squareOdd = Math.FusedMultiplyAdd(_squareWeights[at + Lanes], squared[d + 1], squareOdd);
                linearOdd = Math.FusedMultiplyAdd(_linearWeights[at + Lanes], x[d + 1], linearOdd);
            }
            if (d < _dimensions)
            {
                squareEven = Math.FusedMultiplyAdd(_squareWeights[at], squared[d], squareEven);
                linearEven = Math.FusedMultiplyAdd(_linearWeights[at], x[d], linearEven);
            }
            terms[lane] = _constants[block * Lanes + lane] + ((squareEven + linearEven) + (squareOdd + linearOdd));
        }
    }

    // Normalise for one block of four terms (an empty lane's is −∞, so its share is 0 and adds 0 to the sum): the same
    // operations as the scalar Normalise, so the same bits.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (double Peak, double Sum) Normalise(Vector256<double> terms, Span<double> shares)
    {
        var max = Math.Max(Math.Max(terms.GetElement(0), terms.GetElement(1)), Math.Max(terms.GetElement(2), terms.GetElement(3)));
        if (double.IsNegativeInfinity(max))
        {
            shares.Clear();
            return (max, 0);
        }
        var exps = FastExp.Exp(terms - Vector256.Create(max));
        var sum = exps.GetElement(0) + exps.GetElement(1) + exps.GetElement(2) + exps.GetElement(3);
        (exps * Vector256.Create(1 / sum)).StoreUnsafe(ref MemoryMarshal.GetReference(shares));
        shares[Lanes..].Clear();
        return (max, sum);
    }

    // The terms become the components' shares (one exponential each, four at a time: FastExp); returns the largest term
    // and the sum of e^(term − it).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (double Peak, double Sum) Normalise(Span<double> terms, bool vectors)
    {
        var max = double.NegativeInfinity;
        foreach (var term in terms) if (term > max) max = term;
        if (double.IsNegativeInfinity(max))
        {
            terms.Clear();
            return (max, 0);
        }
        FastExp.ExpShifted(terms, max, vectors); // the largest term's share is e^0 = 1 exactly
        var sum = 0.0;
        foreach (var share in terms) sum += share;
        var scale = 1 / sum;
        for (var k = 0; k < terms.Length; k++) terms[k] *= scale;
        return (max, sum);
    }
}
