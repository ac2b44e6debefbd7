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

    public void Apply(ReadOnlySpan<double> logEnergies, Span<double> cepstrum)
    {
        var rows = matrix.AsSpan();
        for (var i = 0; i < Coefficients; i++)
        {
            var row = rows.Slice(i * Filters, Filters);
            var sum = 0.0;
            for (var m = 0; m < Filters; m++)
            {
                sum += row[m] * logEnergies[m];
            }

            cepstrum[i] = sum;
        }
    }
}
