using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Workflow.Training;

/// <summary>
/// Sums over dimensions in one fixed order on every machine: four interleaved partial sums (dimensions d ≡ 0…3 mod 4)
/// added as (s0 + s1) + (s2 + s3), then the leftover dimensions in order. The vector path and the scalar fallback do
/// exactly the same operations, so training gives the same bits with or without AVX.
/// </summary>
internal static class VectorMath
{
    /// <summary>Σ_d (x_d − y_d)².</summary>
    public static double SquaredDistance(ReadOnlySpan<double> x, ReadOnlySpan<double> y) =>
        SquaredDistance(x, y, Vector256.IsHardwareAccelerated);

    /// <summary>Σ_d (x_d − μ_d)² p_d.</summary>
    public static double WeightedSquaredDistance(ReadOnlySpan<double> x, ReadOnlySpan<double> mean, ReadOnlySpan<double> precision) =>
        WeightedSquaredDistance(x, mean, precision, Vector256.IsHardwareAccelerated);

    /// <summary><see cref="SquaredDistance(ReadOnlySpan{double}, ReadOnlySpan{double})"/> by the chosen path (for tests).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double SquaredDistance(ReadOnlySpan<double> x, ReadOnlySpan<double> y, bool vectors)
    {
        var dimensions = x.Length;
        var blocks = dimensions & ~3;
        double sum;
        if (vectors)
        {
            ref var xs = ref MemoryMarshal.GetReference(x);
            ref var ys = ref MemoryMarshal.GetReference(y);
            var partial = Vector256<double>.Zero;
            for (var d = 0; d < blocks; d += 4)
            {
                var diff = Vector256.LoadUnsafe(ref xs, (nuint)d) - Vector256.LoadUnsafe(ref ys, (nuint)d);
                partial += diff * diff;
            }
            sum = (partial.GetElement(0) + partial.GetElement(1)) + (partial.GetElement(2) + partial.GetElement(3));
        }
        else
        {
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (var d = 0; d < blocks; d += 4)
            {
                var diff0 = x[d] - y[d];
                var diff1 = x[d + 1] - y[d + 1];
                var diff2 = x[d + 2] - y[d + 2];
                var diff3 = x[d + 3] - y[d + 3];
                s0 += diff0 * diff0;
                s1 += diff1 * diff1;
                s2 += diff2 * diff2;
                s3 += diff3 * diff3;
            }
            sum = (s0 + s1) + (s2 + s3);
        }
        for (var d = blocks; d < dimensions; d++)
        {
            var diff = x[d] - y[d];
            sum += diff * diff;
        }
        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double WeightedSquaredDistance(
        ReadOnlySpan<double> x, ReadOnlySpan<double> mean, ReadOnlySpan<double> precision, bool vectors)
    {
        var dimensions = x.Length;
        var blocks = dimensions & ~3;
        double sum;
        if (vectors)
        {
            ref var xs = ref MemoryMarshal.GetReference(x);
            ref var means = ref MemoryMarshal.GetReference(mean);
            ref var precisions = ref MemoryMarshal.GetReference(precision);
            var partial = Vector256<double>.Zero;
            for (var d = 0; d < blocks; d += 4)
            {
                var diff = Vector256.LoadUnsafe(ref xs, (nuint)d) - Vector256.LoadUnsafe(ref means, (nuint)d);
                partial += diff * diff * Vector256.LoadUnsafe(ref precisions, (nuint)d);
            }
            sum = (partial.GetElement(0) + partial.GetElement(1)) + (partial.GetElement(2) + partial.GetElement(3));
        }
        else
        {
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (var d = 0; d < blocks; d += 4)
            {
                var diff0 = x[d] - mean[d];
                var diff1 = x[d + 1] - mean[d + 1];
                var diff2 = x[d + 2] - mean[d + 2];
                var diff3 = x[d + 3] - mean[d + 3];
                s0 += diff0 * diff0 * precision[d];
                s1 += diff1 * diff1 * precision[d + 1];
                s2 += diff2 * diff2 * precision[d + 2];
                s3 += diff3 * diff3 * precision[d + 3];
            }
            sum = (s0 + s1) + (s2 + s3);
        }
        for (var d = blocks; d < dimensions; d++)
        {
            var diff = x[d] - mean[d];
            sum += diff * diff * precision[d];
        }
        return sum;
    }

    /// <summary>Copies a single-precision row into <paramref name="x"/> as doubles (exact).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Widen(ReadOnlySpan<float> row, Span<double> x)
    {
        if (row.Length < x.Length) throw new ArgumentException("the row is shorter than the destination", nameof(row));
        var d = 0;
        if (Vector256.IsHardwareAccelerated && x.Length >= 8)
        {
            ref var from = ref MemoryMarshal.GetReference(row);
            ref var to = ref MemoryMarshal.GetReference(x);
            for (; d <= x.Length - 8; d += 8)
            {
                var values = Vector256.LoadUnsafe(ref from, (nuint)d);
                Vector256.WidenLower(values).StoreUnsafe(ref to, (nuint)d);
                Vector256.WidenUpper(values).StoreUnsafe(ref to, (nuint)(d + 4));
            }
        }
        for (; d < x.Length; d++) x[d] = row[d];
    }
}
