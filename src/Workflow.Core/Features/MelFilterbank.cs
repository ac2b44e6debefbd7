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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Apply(ReadOnlySpan<double> spectrum, Span<double> energies)
    {
        if (spectrum.Length < Bins || energies.Length < Filters)
        {
            throw new ArgumentException($"the filterbank needs {Bins} bins and room for {Filters} energies");
        }

        ref var bins = ref MemoryMarshal.GetReference(spectrum);
        ref var w = ref MemoryMarshal.GetArrayDataReference(weights);
        for (var m = 0; m < firstBin.Length; m++)
        {
            ref var band = ref Unsafe.Add(ref bins, firstBin[m]);
            var from = offset[m];
            var count = offset[m + 1] - from;
            ref var filter = ref Unsafe.Add(ref w, from);
            var sum = 0.0;
            for (var k = 0; k < count; k++)
            {
                sum += Unsafe.Add(ref filter, k) * Unsafe.Add(ref band, k);
            }

            energies[m] = sum;
        }
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
