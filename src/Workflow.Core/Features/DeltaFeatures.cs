using System.Runtime.CompilerServices;

namespace Workflow.Features;

/// <summary>
/// HTK regression deltas: d[t] = sum_{n=1..N} n (c[t+n] - c[t-n]) / (2 sum_{n=1..N} n^2) with N = 2, frames beyond
/// either end replaced by the first or last frame. Delta-deltas are the same formula applied to the deltas.
/// </summary>
internal static class DeltaFeatures
{
    public const int Window = 2;

    private static readonly double Denominator = ComputeDenominator();

    /// <summary>Returns rows x 3 columns: [static | delta | delta-delta].</summary>
    public static double[] Append(double[] values, int rows, int columns)
    {
        var width = 3 * columns;
        var result = new double[rows * width];
        for (var t = 0; t < rows; t++)
        {
            values.AsSpan(t * columns, columns).CopyTo(result.AsSpan(t * width, columns));
        }

        AppendInPlace(result, rows, columns);
        return result;
    }

    /// <summary>
    /// <paramref name="values"/> is rows x 3 columns whose first <paramref name="columns"/> of every row hold the
    /// static coefficients; fills in the deltas and delta-deltas beside them, with no other buffer.
    /// </summary>
    public static void AppendInPlace(Span<double> values, int rows, int columns)
    {
        var width = 3 * columns;
        Regression(values, 0, columns, values, columns, rows, width);
        Regression(values, columns, columns, values, 2 * columns, rows, width);
    }

    internal static double[] Regression(double[] values, int rows, int columns)
    {
        var result = new double[rows * columns];
        Regression(values, 0, columns, result, 0, rows, columns);
        return result;
    }

    /// <summary>
    /// Deltas of the <paramref name="columns"/> columns starting at <paramref name="from"/> of every row into those
    /// starting at <paramref name="to"/>; rows are <paramref name="stride"/> values apart in both. Each value is
    /// summed over n = 1..N in order from 0.0, then divided, as the reference does.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Regression(ReadOnlySpan<double> source, int from, int columns, Span<double> target, int to, int rows, int stride)
    {
        for (var t = 0; t < rows; t++)
        {
            var ahead1 = Math.Min(t + 1, rows - 1) * stride + from;
            var behind1 = Math.Max(t - 1, 0) * stride + from;
            var ahead2 = Math.Min(t + 2, rows - 1) * stride + from;
            var behind2 = Math.Max(t - 2, 0) * stride + from;
            var output = target.Slice(t * stride + to, columns);
            var a1 = source.Slice(ahead1, columns);
            var b1 = source.Slice(behind1, columns);
            var a2 = source.Slice(ahead2, columns);
            var b2 = source.Slice(behind2, columns);
            for (var c = 0; c < output.Length; c++)
            {
                var sum = 0.0;
                sum += 1 * (a1[c] - b1[c]);
                sum += 2 * (a2[c] - b2[c]);
                output[c] = sum / Denominator;
            }
        }
    }

    private static double ComputeDenominator()
    {
        // Written out for N = 2 above; this keeps the constant and the loop in step.
        System.Diagnostics.Debug.Assert(Window == 2, "Regression is unrolled for a window of 2");
        var denominator = 0.0;
        for (var n = 1; n <= Window; n++)
        {
            denominator += 2.0 * n * n;
        }

        return denominator;
    }
}
