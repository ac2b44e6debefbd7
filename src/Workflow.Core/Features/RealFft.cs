using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Workflow.Features;

/// <summary>
/// Radix-2 FFT of a real signal of power-of-two length n, computed as a complex FFT of length n/2 over the
/// even/odd sample pairs followed by the standard split step. Twiddles and the bit-reversal permutation are computed
/// once here (directly with Cos/Sin, not by recurrence, to keep them exact to the last bit); the instance is
/// immutable and may be shared between threads, the caller supplies the working buffers.
/// <para>
/// Speed without changing a bit of the result: every butterfly computes exactly
/// <c>t = w·b; b = a − t; a = a + t</c> with the same twiddle values, in the same order per element, as the textbook
/// loop. What differs is only how: the bit-reversed packing is folded into the first two stages (done four points at a
/// time in registers, where the twiddles are 1 and, for one butterfly of four, <c>cos(π/2) − i</c>), each later stage
/// reads its twiddles from a contiguous table and runs four butterflies at once with 256-bit vectors (element-wise
/// IEEE operations, no fused multiply-add, so identical results), and no index is bounds-checked inside the loops.
/// Skipping the multiplications by the twiddle <c>1 − 0i</c> can only change the sign of a zero, never a value, and
/// the spectrum's power is the same.
/// </para>
/// </summary>
internal sealed class RealFft
{
    private readonly int half;
    private readonly int[] bitReverse;
    private readonly double[] twiddleRe; // stage with span s (butterflies s apart): e^{-2 pi i k / 2s}, k < s, at s - 1 + k
    private readonly double[] twiddleIm;
    private readonly double[] splitCos; // e^{-2 pi i k / n}, k <= half, for the split step
    private readonly double[] splitSin;

    public RealFft(int size)
    {
        if (size < 2 || (size & (size - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "must be a power of two of at least 2");
        }

        Size = size;
        half = size / 2;
        bitReverse = new int[half];
        var bits = System.Numerics.BitOperations.Log2((uint)half);
        for (var i = 0; i < half; i++)
        {
            bitReverse[i] = bits == 0 ? 0 : (int)(ReverseBits((uint)i) >> (32 - bits));
        }

        // The twiddle of butterfly k in the stage of span s is e^{-2 pi i j / half} with j = k * half / 2s, computed
        // from j exactly as a table indexed by j would be.
        twiddleRe = new double[Math.Max(1, half)];
        twiddleIm = new double[twiddleRe.Length];
        for (var span = 1; span < half; span *= 2)
        {
            var stride = half / (2 * span);
            for (var k = 0; k < span; k++)
            {
                var j = k * stride;
                twiddleRe[span - 1 + k] = Math.Cos(2.0 * Math.PI * j / half);
                twiddleIm[span - 1 + k] = -Math.Sin(2.0 * Math.PI * j / half);
            }
        }

        splitCos = new double[half + 1];
        splitSin = new double[half + 1];
        for (var k = 0; k <= half; k++)
        {
            splitCos[k] = Math.Cos(2.0 * Math.PI * k / size);
            splitSin[k] = -Math.Sin(2.0 * Math.PI * k / size);
        }
    }

    public int Size { get; }

    /// <summary>Number of one-sided bins, n/2 + 1.</summary>
    public int Bins => half + 1;

    /// <summary>
    /// Writes the one-sided spectrum of <paramref name="signal"/> (length n) to <paramref name="re"/> and
    /// <paramref name="im"/> (length n/2 + 1 each).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Forward(ReadOnlySpan<double> signal, Span<double> re, Span<double> im)
    {
        if (signal.Length < Size || re.Length < Bins || im.Length < Bins)
        {
            throw new ArgumentException(
                $"an FFT of {Size} points needs a signal of {Size} and outputs of {Bins} values (got {signal.Length}, {re.Length}, {im.Length})");
        }

        ref var x = ref MemoryMarshal.GetReference(signal);
        ref var r = ref MemoryMarshal.GetReference(re);
        ref var i = ref MemoryMarshal.GetReference(im);
        int span;
        if (half >= 4)
        {
            FirstTwoStages(ref x, ref r, ref i);
            span = 4;
        }
        else
        {
            // Pack z[k] = x[2k] + i x[2k+1] in bit-reversed order.
            for (var k = 0; k < half; k++)
            {
                var j = bitReverse[k];
                Unsafe.Add(ref r, j) = Unsafe.Add(ref x, 2 * k);
                Unsafe.Add(ref i, j) = Unsafe.Add(ref x, 2 * k + 1);
            }

            span = 1;
        }

        for (; span < half; span *= 2)
        {
            if (Vector256.IsHardwareAccelerated && span >= Vector256<double>.Count)
            {
                if (2 * span < half)
                {
                    VectorStagePair(span, ref r, ref i);
                    span *= 2;
                }
                else
                {
                    VectorStage(span, ref r, ref i);
                }
            }
            else
            {
                ScalarStage(span, ref r, ref i);
            }
        }

        Split(ref r, ref i);
    }

    /// <summary>
    /// The stages of span s and 2s in one pass: each block of 4s points is loaded once, a quarter q0..q3 at a time,
    /// and gets stage s's butterflies (q0, q1) and (q2, q3), then stage 2s's (q0, q2) and (q1, q3), the same
    /// operations on the same values as two separate passes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void VectorStagePair(int span, ref double r, ref double i)
    {
        ref var w1Re = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(twiddleRe), span - 1);
        ref var w1Im = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(twiddleIm), span - 1);
        ref var w2Re = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(twiddleRe), 2 * span - 1);
        ref var w2Im = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(twiddleIm), 2 * span - 1);
        var s = (nuint)span;
        for (var start = 0; start < half; start += 4 * span)
        {
            ref var br = ref Unsafe.Add(ref r, start);
            ref var bi = ref Unsafe.Add(ref i, start);
            for (nuint k = 0; k < s; k += (nuint)Vector256<double>.Count)
            {
                var r0 = Vector256.LoadUnsafe(ref br, k);
                var i0 = Vector256.LoadUnsafe(ref bi, k);
                var r1 = Vector256.LoadUnsafe(ref br, k + s);
                var i1 = Vector256.LoadUnsafe(ref bi, k + s);
                var r2 = Vector256.LoadUnsafe(ref br, k + 2 * s);
                var i2 = Vector256.LoadUnsafe(ref bi, k + 2 * s);
                var r3 = Vector256.LoadUnsafe(ref br, k + 3 * s);
                var i3 = Vector256.LoadUnsafe(ref bi, k + 3 * s);

                // Stage s: (q0, q1) and (q2, q3), both with twiddle k of stage s.
                var wr = Vector256.LoadUnsafe(ref w1Re, k);
                var wi = Vector256.LoadUnsafe(ref w1Im, k);
                Butterfly(wr, wi, ref r0, ref i0, ref r1, ref i1);
                Butterfly(wr, wi, ref r2, ref i2, ref r3, ref i3);

                // Stage 2s: (q0, q2) with twiddle k, (q1, q3) with twiddle k + s of stage 2s.
                Butterfly(Vector256.LoadUnsafe(ref w2Re, k), Vector256.LoadUnsafe(ref w2Im, k), ref r0, ref i0, ref r2, ref i2);
                Butterfly(Vector256.LoadUnsafe(ref w2Re, k + s), Vector256.LoadUnsafe(ref w2Im, k + s), ref r1, ref i1, ref r3, ref i3);

                r0.StoreUnsafe(ref br, k);
                i0.StoreUnsafe(ref bi, k);
                r1.StoreUnsafe(ref br, k + s);
                i1.StoreUnsafe(ref bi, k + s);
                r2.StoreUnsafe(ref br, k + 2 * s);
                i2.StoreUnsafe(ref bi, k + 2 * s);
                r3.StoreUnsafe(ref br, k + 3 * s);
                i3.StoreUnsafe(ref bi, k + 3 * s);
            }
        }
    }

    /// <summary>t = w·b; b = a − t; a = a + t, element-wise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Butterfly(
        Vector256<double> wr, Vector256<double> wi, ref Vector256<double> ar, ref Vector256<double> ai, ref Vector256<double> br, ref Vector256<double> bi)
    {
        var tr = wr * br - wi * bi;
        var ti = wr * bi + wi * br;
        br = ar - tr;
        bi = ai - ti;
        ar += tr;
        ai += ti;
    }

    /// <summary>
    /// Stages of span 1 and 2 over each group of four points, loaded straight from the signal in bit-reversed order.
    /// Span 1 and butterfly 0 of span 2 have the twiddle 1 − 0i (t = b); butterfly 1 of span 2 has (c, −1), c = cos(π/2).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FirstTwoStages(ref double x, ref double r, ref double i)
    {
        var cr = twiddleRe[2]; // span 2, k = 1
        var ci = twiddleIm[2];
        ref var reverse = ref MemoryMarshal.GetArrayDataReference(bitReverse);
        for (var q = 0; q < half; q += 4)
        {
            var s0 = 2 * Unsafe.Add(ref reverse, q);
            var s1 = 2 * Unsafe.Add(ref reverse, q + 1);
            var s2 = 2 * Unsafe.Add(ref reverse, q + 2);
            var s3 = 2 * Unsafe.Add(ref reverse, q + 3);
            double r0 = Unsafe.Add(ref x, s0), i0 = Unsafe.Add(ref x, s0 + 1);
            double r1 = Unsafe.Add(ref x, s1), i1 = Unsafe.Add(ref x, s1 + 1);
            double r2 = Unsafe.Add(ref x, s2), i2 = Unsafe.Add(ref x, s2 + 1);
            double r3 = Unsafe.Add(ref x, s3), i3 = Unsafe.Add(ref x, s3 + 1);

            // Span 1: (0, 1) and (2, 3).
            double a0 = r0 + r1, b0 = i0 + i1, a1 = r0 - r1, b1 = i0 - i1;
            double a2 = r2 + r3, b2 = i2 + i3, a3 = r2 - r3, b3 = i2 - i3;

            // Span 2: (0, 2) with 1 − 0i, (1, 3) with (cr, ci).
            var tr = cr * a3 - ci * b3;
            var ti = cr * b3 + ci * a3;
            Unsafe.Add(ref r, q) = a0 + a2;
            Unsafe.Add(ref i, q) = b0 + b2;
            Unsafe.Add(ref r, q + 2) = a0 - a2;
            Unsafe.Add(ref i, q + 2) = b0 - b2;
            Unsafe.Add(ref r, q + 1) = a1 + tr;
            Unsafe.Add(ref i, q + 1) = b1 + ti;
            Unsafe.Add(ref r, q + 3) = a1 - tr;
            Unsafe.Add(ref i, q + 3) = b1 - ti;
        }
    }

    private void VectorStage(int span, ref double r, ref double i)
    {
        ref var wRe = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(twiddleRe), span - 1);
        ref var wIm = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(twiddleIm), span - 1);
        for (var start = 0; start < half; start += 2 * span)
        {
            ref var ar = ref Unsafe.Add(ref r, start);
            ref var ai = ref Unsafe.Add(ref i, start);
            ref var br = ref Unsafe.Add(ref r, start + span);
            ref var bi = ref Unsafe.Add(ref i, start + span);
            for (nuint k = 0; k < (nuint)span; k += (nuint)Vector256<double>.Count)
            {
                var wr = Vector256.LoadUnsafe(ref wRe, k);
                var wi = Vector256.LoadUnsafe(ref wIm, k);
                var xr = Vector256.LoadUnsafe(ref br, k);
                var xi = Vector256.LoadUnsafe(ref bi, k);
                var tr = wr * xr - wi * xi;
                var ti = wr * xi + wi * xr;
                var yr = Vector256.LoadUnsafe(ref ar, k);
                var yi = Vector256.LoadUnsafe(ref ai, k);
                (yr - tr).StoreUnsafe(ref br, k);
                (yi - ti).StoreUnsafe(ref bi, k);
                (yr + tr).StoreUnsafe(ref ar, k);
                (yi + ti).StoreUnsafe(ref ai, k);
            }
        }
    }

    private void ScalarStage(int span, ref double r, ref double i)
    {
        ref var wRe = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(twiddleRe), span - 1);
        ref var wIm = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(twiddleIm), span - 1);
        for (var start = 0; start < half; start += 2 * span)
        {
            for (var k = 0; k < span; k++)
            {
                var wr = Unsafe.Add(ref wRe, k);
                var wi = Unsafe.Add(ref wIm, k);
                var a = start + k;
                var b = a + span;
                ref var rb = ref Unsafe.Add(ref r, b);
                ref var ib = ref Unsafe.Add(ref i, b);
                ref var ra = ref Unsafe.Add(ref r, a);
                ref var ia = ref Unsafe.Add(ref i, a);
                var tr = wr * rb - wi * ib;
                var ti = wr * ib + wi * rb;
                rb = ra - tr;
                ib = ia - ti;
                ra += tr;
                ia += ti;
            }
        }
    }

    /// <summary>X[k] = E[k] + W^k O[k] with E, O the spectra of the even and odd samples, recovered from Z = E + i O.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Split(ref double r, ref double i)
    {
        ref var wc = ref MemoryMarshal.GetArrayDataReference(splitCos);
        ref var ws = ref MemoryMarshal.GetArrayDataReference(splitSin);
        var z0r = r;
        var z0i = i;
        r = z0r + z0i;
        i = 0.0;
        Unsafe.Add(ref r, half) = z0r - z0i;
        Unsafe.Add(ref i, half) = 0.0;
        var k = 1;
        if (Vector256.IsHardwareAccelerated)
        {
            k = SplitVector(ref r, ref i);
        }

        for (; k <= half / 2; k++)
        {
            var m = half - k;
            ref var rk = ref Unsafe.Add(ref r, k);
            ref var ik = ref Unsafe.Add(ref i, k);
            ref var rm = ref Unsafe.Add(ref r, m);
            ref var im = ref Unsafe.Add(ref i, m);
            var ar = rk;
            var ai = ik;
            var br = rm;
            var bi = im;
            // E = (Z[k] + conj Z[m]) / 2, O = (Z[k] - conj Z[m]) / 2i
            var er = 0.5 * (ar + br);
            var ei = 0.5 * (ai - bi);
            var or = 0.5 * (ai + bi);
            var oi = -0.5 * (ar - br);
            var ck = Unsafe.Add(ref wc, k);
            var sk = Unsafe.Add(ref ws, k);
            var cm = Unsafe.Add(ref wc, m);
            var sm = Unsafe.Add(ref ws, m);
            var tr = ck * or - sk * oi;
            var ti = ck * oi + sk * or;
            rk = er + tr;
            ik = ei + ti;
            // Bin m uses the same pair with roles swapped: E[m] = conj E[k], O[m] = conj O[k].
            var tr2 = cm * or + sm * oi;
            var ti2 = -cm * oi + sm * or;
            rm = er + tr2;
            im = -ei + ti2;
        }
    }

    /// <summary>
    /// The split step for bins k..k+3 and their partners m = half − k .. half − k − 3 at once, as long as the two
    /// blocks do not overlap; the partners are loaded and stored in reversed lane order. Returns the first k left.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int SplitVector(ref double r, ref double i)
    {
        ref var wc = ref MemoryMarshal.GetArrayDataReference(splitCos);
        ref var ws = ref MemoryMarshal.GetArrayDataReference(splitSin);
        var reverse = Vector256.Create(3L, 2L, 1L, 0L);
        var halfConstant = Vector256.Create(0.5);
        var minusHalf = Vector256.Create(-0.5);
        var k = 1;
        for (; 2 * k + 6 < half; k += 4)
        {
            var low = half - k - 3; // partners m of k + 3 .. k, in memory order
            var ar = Vector256.LoadUnsafe(ref r, (nuint)k);
            var ai = Vector256.LoadUnsafe(ref i, (nuint)k);
            var br = Vector256.Shuffle(Vector256.LoadUnsafe(ref r, (nuint)low), reverse);
            var bi = Vector256.Shuffle(Vector256.LoadUnsafe(ref i, (nuint)low), reverse);
            var ck = Vector256.LoadUnsafe(ref wc, (nuint)k);
            var sk = Vector256.LoadUnsafe(ref ws, (nuint)k);
            var cm = Vector256.Shuffle(Vector256.LoadUnsafe(ref wc, (nuint)low), reverse);
            var sm = Vector256.Shuffle(Vector256.LoadUnsafe(ref ws, (nuint)low), reverse);
            var er = halfConstant * (ar + br);
            var ei = halfConstant * (ai - bi);
            var or = halfConstant * (ai + bi);
            var oi = minusHalf * (ar - br);
            var tr = ck * or - sk * oi;
            var ti = ck * oi + sk * or;
            (er + tr).StoreUnsafe(ref r, (nuint)k);
            (ei + ti).StoreUnsafe(ref i, (nuint)k);
            var tr2 = cm * or + sm * oi;
            var ti2 = -cm * oi + sm * or;
            Vector256.Shuffle(er + tr2, reverse).StoreUnsafe(ref r, (nuint)low);
            Vector256.Shuffle(-ei + ti2, reverse).StoreUnsafe(ref i, (nuint)low);
        }

        return k;
    }

    private static uint ReverseBits(uint v)
    {
        v = ((v >> 1) & 0x55555555u) | ((v & 0x55555555u) << 1);
        v = ((v >> 2) & 0x33333333u) | ((v & 0x33333333u) << 2);
        v = ((v >> 4) & 0x0F0F0F0Fu) | ((v & 0x0F0F0F0Fu) << 4);
        v = ((v >> 8) & 0x00FF00FFu) | ((v & 0x00FF00FFu) << 8);
        return (v >> 16) | (v << 16);
    }
}
