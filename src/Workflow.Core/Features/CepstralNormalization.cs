using System.Runtime.CompilerServices;

namespace Workflow.Features;

/// <summary>
/// Per-utterance cepstral mean and variance normalisation: every column gets mean 0 and (population) standard
/// deviation 1 over the utterance's frames, which removes a fixed channel/microphone colouring. A column that is
/// constant (standard deviation below <see cref="MinStandardDeviation"/>) is only centred, since dividing by ~0 would
/// turn rounding noise into unit-variance garbage.
/// </summary>
internal static class CepstralNormalization
{
    public const double MinStandardDeviation = 1e-8;

    /// <summary>
    /// Works row by row (the matrix's memory order) with one running sum per column; each column's sums still add its
    /// frames in time order, so the result is the same as a column-at-a-time loop, to the bit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply(Span<double> values, int rows, int columns)
    {
        var stats = columns <= 256 ? stackalloc double[2 * columns] : new double[2 * columns];
        var mean = stats[..columns];
        var scale = stats[columns..];
        mean.Clear();
        scale.Clear();
        for (var t = 0; t < rows; t++)
        {
            var row = values.Slice(t * columns, columns);
            for (var c = 0; c < row.Length; c++)
            {
                mean[c] += row[c];
            }
        }

        for (var c = 0; c < columns; c++)
        {
            mean[c] /= rows;
        }

        var variance = scale; // summed here, then turned into the scale in place
        for (var t = 0; t < rows; t++)
        {
            var row = values.Slice(t * columns, columns);
            for (var c = 0; c < row.Length; c++)
            {
                var d = row[c] - mean[c];
                variance[c] += d * d;
            }
        }

        for (var c = 0; c < columns; c++)
        {
            var std = Math.Sqrt(variance[c] / rows);
            scale[c] = std < MinStandardDeviation ? 1.0 : 1.0 / std;
        }

        for (var t = 0; t < rows; t++)
        {
            var row = values.Slice(t * columns, columns);
            for (var c = 0; c < row.Length; c++)
            {
                row[c] = (row[c] - mean[c]) * scale[c];
            }
        }
    }
}
