using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Workflow.Features;

/// <summary>
/// Triangular filters on the HTK mel scale, mel(f) = 2595 log10(1 + f / 700), evaluated at the exact bin
/// frequencies k * sr / nfft (no rounding of edges to bins; librosa htk=True, norm=None). Each filter keeps only its
/// non-zero span of bins, so applying the bank costs about two passes over the spectrum instead of nMels.
/// </summary>
internal sealed class MelFilterbank
{
    private readonly int[] firstBin;
    private readonly int[] offset; // filter m's weights are weights[offset[m] .. offset[m + 1])
    private readonly double[] weights;

    public MelFilterbank(int sampleRate, int fftSize, int filters, double fmin, double fmax, bool slaneyNorm)
    {
        var edges = Edges(filters, fmin, fmax);
        var bins = fftSize / 2 + 1;
        var binHz = (double)sampleRate / fftSize;
        firstBin = new int[filters];
        offset = new int[filters + 1];
        var rows = new double[filters][];
        var row = new double[bins];
        for (var m = 0; m < filters; m++)
        {
            double lo = edges[m], centre = edges[m + 1], hi = edges[m + 2];
            var first = -1;
            var last = -1;
            for (var k = 0; k < bins; k++)
            {
                var f = k * binHz;
                var w = Math.Max(0.0, Math.Min((f - lo) / (centre - lo), (hi - f) / (hi - centre)));
                if (slaneyNorm)
                {
                    w *= 2.0 / (hi - lo);
                }

                row[k] = w;
                if (w > 0.0)
                {
                    first = first < 0 ? k : first;
                    last = k;
                }
            }

            // A filter narrower than a bin can miss every bin; it then contributes nothing, as in the reference.
            firstBin[m] = Math.Max(first, 0);
            rows[m] = first < 0 ? [] : row[first..(last + 1)];
            offset[m + 1] = offset[m] + rows[m].Length;
        }

        weights = new double[offset[filters]];
        for (var m = 0; m < filters; m++)
        {
            rows[m].CopyTo(weights, offset[m]);
        }

        Bins = bins;
    }

    public int Filters => firstBin.Length;

    /// <summary>Spectrum bins the bank expects, fftSize / 2 + 1.</summary>
    public int Bins { get; }

    /// <summary>Each filter's weighted sum over its own bins, in bin order.</summary>
    /// <remarks>
    /// A sum is a chain of dependent additions, so one filter at a time waits on each addition's latency: four filters
    /// are summed side by side (four independent chains), each still over its own bins in order, so the same bits.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Apply(ReadOnlySpan<double> spectrum, Span<double> energies)
    {
        if (spectrum.Length < Bins || energies.Length < Filters)
        {
            throw new ArgumentException($"the filterbank needs {Bins} bins and room for {Filters} energies");
        }

        ref var bins = ref MemoryMarshal.GetReference(spectrum);
        ref var w = ref MemoryMarshal.GetArrayDataReference(weights);
        var m = 0;
        for (; m + 3 < firstBin.Length; m += 4)
        {
            ref var band0 = ref Unsafe.Add(ref bins, firstBin[m]);
            ref var band1 = ref Unsafe.Add(ref bins, firstBin[m + 1]);
            ref var band2 = ref Unsafe.Add(ref bins, firstBin[m + 2]);
            ref var band3 = ref Unsafe.Add(ref bins, firstBin[m + 3]);
            ref var filter0 = ref Unsafe.Add(ref w, offset[m]);
            ref var filter1 = ref Unsafe.Add(ref w, offset[m + 1]);
            ref var filter2 = ref Unsafe.Add(ref w, offset[m + 2]);
            ref var filter3 = ref Unsafe.Add(ref w, offset[m + 3]);
            var (count0, count1, count2, count3) = (offset[m + 1] - offset[m], offset[m + 2] - offset[m + 1], offset[m + 3] - offset[m + 2], offset[m + 4] - offset[m + 3]);
            var common = Math.Min(Math.Min(count0, count1), Math.Min(count2, count3));
            double sum0 = 0, sum1 = 0, sum2 = 0, sum3 = 0;
            var k = 0;
            for (; k < common; k++)
            {
                sum0 += Unsafe.Add(ref filter0, k) * Unsafe.Add(ref band0, k);
                sum1 += Unsafe.Add(ref filter1, k) * Unsafe.Add(ref band1, k);
                sum2 += Unsafe.Add(ref filter2, k) * Unsafe.Add(ref band2, k);
                sum3 += Unsafe.Add(ref filter3, k) * Unsafe.Add(ref band3, k);
            }
            energies[m] = Rest(ref filter0, ref band0, k, count0, sum0);
            energies[m + 1] = Rest(ref filter1, ref band1, k, count1, sum1);
            energies[m + 2] = Rest(ref filter2, ref band2, k, count2, sum2);
            energies[m + 3] = Rest(ref filter3, ref band3, k, count3, sum3);
        }
        for (; m < firstBin.Length; m++)
        {
            energies[m] = Rest(ref Unsafe.Add(ref w, offset[m]), ref Unsafe.Add(ref bins, firstBin[m]), 0, offset[m + 1] - offset[m], 0.0);
        }
    }

    // The sum continued from bin `from` of the filter to its last, in order.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Rest(ref double filter, ref double band, int from, int count, double sum)
    {
        for (var k = from; k < count; k++)
        {
            sum += Unsafe.Add(ref filter, k) * Unsafe.Add(ref band, k);
        }

        return sum;
    }

    /// <summary>filters + 2 edge frequencies in Hz, equally spaced in mel (numpy.linspace's arithmetic).</summary>
    internal static double[] Edges(int filters, double fmin, double fmax)
    {
        var count = filters + 2;
        var start = HzToMel(fmin);
        var stop = HzToMel(fmax);
        var step = (stop - start) / (count - 1);
        var edges = new double[count];
        for (var i = 0; i < count; i++)
        {
            edges[i] = MelToHz(i == count - 1 ? stop : start + i * step);
        }

        return edges;
    }

    internal static double HzToMel(double hz) => 2595.0 * Math.Log10(1.0 + hz / 700.0);

    internal static double MelToHz(double mel) => 700.0 * (Math.Pow(10.0, mel / 2595.0) - 1.0);
}
