using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Workflow.Features;

/// <summary>
/// Orthonormal DCT-II of the log mel energies (scipy.fft.dct type 2, norm 'ortho'), keeping the first
/// coefficients, with the HTK lifter 1 + (Q/2) sin(pi i / Q) folded into the matrix rows so it costs nothing per frame.
/// </summary>
internal sealed class CepstralTransform
{
    private readonly double[] matrix; // row-major, coefficients x filters

    public CepstralTransform(int filters, int coefficients, double lifter)
    {
        Filters = filters;
        Coefficients = coefficients;
        matrix = new double[coefficients * filters];
        for (var i = 0; i < coefficients; i++)
        {
            var scale = i == 0 ? Math.Sqrt(1.0 / filters) : Math.Sqrt(2.0 / filters);
            var lift = lifter > 0.0 ? 1.0 + lifter / 2.0 * Math.Sin(Math.PI * i / lifter) : 1.0;
            for (var m = 0; m < filters; m++)
            {
                var basis = i == 0 ? 1.0 : Math.Cos(Math.PI * i * (m + 0.5) / filters);
                matrix[i * filters + m] = scale * basis * lift;
            }
        }
    }

    public int Filters { get; }

    public int Coefficients { get; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Apply(ReadOnlySpan<double> logEnergies, Span<double> cepstrum)
    {
        if (logEnergies.Length < Filters || cepstrum.Length < Coefficients)
        {
            throw new ArgumentException($"the transform needs {Filters} log energies and room for {Coefficients} coefficients");
        }

        // Two rows at a time: two independent sums the CPU can overlap, each still added in filter order.
        ref var e = ref MemoryMarshal.GetReference(logEnergies);
        ref var rows = ref MemoryMarshal.GetArrayDataReference(matrix);
        var i = 0;
        for (; i + 1 < Coefficients; i += 2)
        {
            ref var row0 = ref Unsafe.Add(ref rows, i * Filters);
            ref var row1 = ref Unsafe.Add(ref row0, Filters);
            var sum0 = 0.0;
            var sum1 = 0.0;
            for (var m = 0; m < Filters; m++)
            {
                var x = Unsafe.Add(ref e, m);
                sum0 += Unsafe.Add(ref row0, m) * x;
                sum1 += Unsafe.Add(ref row1, m) * x;
            }

            cepstrum[i] = sum0;
            cepstrum[i + 1] = sum1;
        }

        if (i < Coefficients)
        {
            ref var row = ref Unsafe.Add(ref rows, i * Filters);
            var sum = 0.0;
            for (var m = 0; m < Filters; m++)
            {
                sum += Unsafe.Add(ref row, m) * Unsafe.Add(ref e, m);
            }

            cepstrum[i] = sum;
        }
    }
}
