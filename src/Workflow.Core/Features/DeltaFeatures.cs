namespace Workflow.Features;

/// <summary>
/// HTK regression deltas: d[t] = sum_{n=1..N} n (c[t+n] - c[t-n]) / (2 sum_{n=1..N} n^2) with N = 2, frames beyond
/// either end replaced by the first or last frame. Delta-deltas are the same formula applied to the deltas.
/// </summary>
internal static class DeltaFeatures
{
    public const int Window = 2;

    /// <summary>Returns rows x 3 columns: [static | delta | delta-delta].</summary>
    public static double[] Append(double[] values, int rows, int columns)
    {
        var deltas = Regression(values, rows, columns);
        var accelerations = Regression(deltas, rows, columns);
        var width = 3 * columns;
        var result = new double[rows * width];
        for (var t = 0; t < rows; t++)
        {
            var target = result.AsSpan(t * width, width);
            values.AsSpan(t * columns, columns).CopyTo(target);
            deltas.AsSpan(t * columns, columns).CopyTo(target[columns..]);
            accelerations.AsSpan(t * columns, columns).CopyTo(target[(2 * columns)..]);
        }

        return result;
    }

    internal static double[] Regression(double[] values, int rows, int columns)
    {
        var denominator = 0.0;
        for (var n = 1; n <= Window; n++)
        {
            denominator += 2.0 * n * n;
        }

        var result = new double[rows * columns];
        for (var t = 0; t < rows; t++)
        {
            for (var n = 1; n <= Window; n++)
            {
                var ahead = Math.Min(t + n, rows - 1) * columns;
                var behind = Math.Max(t - n, 0) * columns;
                for (var c = 0; c < columns; c++)
                {
                    result[t * columns + c] += n * (values[ahead + c] - values[behind + c]);
                }
            }

            for (var c = 0; c < columns; c++)
            {
                result[t * columns + c] /= denominator;
            }
        }

        return result;
    }
}
