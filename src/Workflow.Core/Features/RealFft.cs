namespace Workflow.Features;

/// <summary>
/// Radix-2 FFT of a real signal of power-of-two length n, computed as a complex FFT of length n/2 over the
/// even/odd sample pairs followed by the standard split step. Twiddles and the bit-reversal permutation are computed
/// once here (directly with Cos/Sin, not by recurrence, to keep them exact to the last bit); the instance is
/// immutable and may be shared between threads, the caller supplies the working buffers.
/// </summary>
internal sealed class RealFft
{
    private readonly int half;
    private readonly int[] bitReverse;
    private readonly double[] cos;   // e^{-2 pi i k / half}, k < half / 2, for the complex stages
    private readonly double[] sin;
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

        cos = new double[Math.Max(1, half / 2)];
        sin = new double[cos.Length];
        for (var k = 0; k < half / 2; k++)
        {
            cos[k] = Math.Cos(2.0 * Math.PI * k / half);
            sin[k] = -Math.Sin(2.0 * Math.PI * k / half);
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
    public void Forward(ReadOnlySpan<double> signal, Span<double> re, Span<double> im)
    {
        // Pack x[2k] + i x[2k+1] in bit-reversed order, then run the butterflies in place.
        for (var k = 0; k < half; k++)
        {
            var j = bitReverse[k];
            re[j] = signal[2 * k];
            im[j] = signal[2 * k + 1];
        }

        for (var span = 1; span < half; span *= 2)
        {
            var stride = half / (2 * span);
            for (var start = 0; start < half; start += 2 * span)
            {
                for (var k = 0; k < span; k++)
                {
                    var wr = cos[k * stride];
                    var wi = sin[k * stride];
                    var a = start + k;
                    var b = a + span;
                    var tr = wr * re[b] - wi * im[b];
                    var ti = wr * im[b] + wi * re[b];
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }

        Split(re, im);
    }

    /// <summary>X[k] = E[k] + W^k O[k] with E, O the spectra of the even and odd samples, recovered from Z = E + i O.</summary>
    private void Split(Span<double> re, Span<double> im)
    {
        var z0r = re[0];
        var z0i = im[0];
        re[0] = z0r + z0i;
        im[0] = 0.0;
        re[half] = z0r - z0i;
        im[half] = 0.0;
        for (var k = 1; k <= half / 2; k++)
        {
            var m = half - k;
            var ar = re[k];
            var ai = im[k];
            var br = re[m];
            var bi = im[m];
            // E = (Z[k] + conj Z[m]) / 2, O = (Z[k] - conj Z[m]) / 2i
            var er = 0.5 * (ar + br);
            var ei = 0.5 * (ai - bi);
            var or = 0.5 * (ai + bi);
            var oi = -0.5 * (ar - br);
            var tr = splitCos[k] * or - splitSin[k] * oi;
            var ti = splitCos[k] * oi + splitSin[k] * or;
            re[k] = er + tr;
            im[k] = ei + ti;
            // Bin m uses the same pair with roles swapped: E[m] = conj E[k], O[m] = conj O[k].
            var tr2 = splitCos[m] * or + splitSin[m] * oi;
            var ti2 = -splitCos[m] * oi + splitSin[m] * or;
            re[m] = er + tr2;
            im[m] = -ei + ti2;
        }
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
