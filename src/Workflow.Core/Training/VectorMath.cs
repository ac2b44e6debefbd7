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

    /// <summary>
    /// <see cref="SquaredDistance(ReadOnlySpan{double}, ReadOnlySpan{double})"/> from x to four points at once, each by
    /// exactly its operations (so the same bits): one distance is a chain of dependent additions, four side by side
    /// keep the CPU busy (k-means asks this of every frame).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SquaredDistances(
        ReadOnlySpan<double> x, ReadOnlySpan<double> y0, ReadOnlySpan<double> y1, ReadOnlySpan<double> y2, ReadOnlySpan<double> y3, Span<double> distances)
    {
        if (!Vector256.IsHardwareAccelerated || y0.Length < x.Length || y1.Length < x.Length || y2.Length < x.Length || y3.Length < x.Length)
        {
            distances[0] = SquaredDistance(x, y0);
            distances[1] = SquaredDistance(x, y1);
            distances[2] = SquaredDistance(x, y2);
            distances[3] = SquaredDistance(x, y3);
            return;
        }
        var dimensions = x.Length;
        var blocks = dimensions & ~3;
        ref var xs = ref MemoryMarshal.GetReference(x);
        ref var a = ref MemoryMarshal.GetReference(y0);
        ref var b = ref MemoryMarshal.GetReference(y1);
        ref var c = ref MemoryMarshal.GetReference(y2);
        ref var e = ref MemoryMarshal.GetReference(y3);
        var (p0, p1, p2, p3) = (Vector256<double>.Zero, Vector256<double>.Zero, Vector256<double>.Zero, Vector256<double>.Zero);
        for (var d = 0; d < blocks; d += 4)
        {
            var value = Vector256.LoadUnsafe(ref xs, (nuint)d);
            var diff0 = value - Vector256.LoadUnsafe(ref a, (nuint)d);
            var diff1 = value - Vector256.LoadUnsafe(ref b, (nuint)d);
            var diff2 = value - Vector256.LoadUnsafe(ref c, (nuint)d);
            var diff3 = value - Vector256.LoadUnsafe(ref e, (nuint)d);
            p0 += diff0 * diff0;
            p1 += diff1 * diff1;
            p2 += diff2 * diff2;
            p3 += diff3 * diff3;
        }
        var (s0, s1, s2, s3) = (Horizontal(p0), Horizontal(p1), Horizontal(p2), Horizontal(p3));
        for (var d = blocks; d < dimensions; d++)
        {
            var value = Unsafe.Add(ref xs, d);
            var (diff0, diff1, diff2, diff3) = (value - Unsafe.Add(ref a, d), value - Unsafe.Add(ref b, d), value - Unsafe.Add(ref c, d), value - Unsafe.Add(ref e, d));
            s0 += diff0 * diff0;
            s1 += diff1 * diff1;
            s2 += diff2 * diff2;
            s3 += diff3 * diff3;
        }
        distances[0] = s0;
        distances[1] = s1;
        distances[2] = s2;
        distances[3] = s3;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Horizontal(Vector256<double> partial) =>
        (partial.GetElement(0) + partial.GetElement(1)) + (partial.GetElement(2) + partial.GetElement(3));

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
