using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Workflow.Training;

/// <summary>
/// e^x four doubles at a time, for the E-step's component shares and frame scaling (~30 exponentials per frame, a
/// quarter of training's time with <see cref="Math.Exp"/>). Within a few units in the last place of e^x (a test
/// bounds the relative error by 2e−15); the scalar path performs exactly the vector path's operations, so both give
/// the same bits, with or without AVX.
/// <para>
/// Method: x = n·ln 2 + r with n = round(x / ln 2) (the 1.5·2^52 shifter rounds to nearest) and |r| ≤ ½ ln 2
/// (ln 2 in two parts, Cody–Waite, so n·ln2Hi is exact); e^r by its Taylor polynomial to degree 12 (truncation
/// below 2e−16) in Estrin's scheme (a short dependency chain); then times 2^n, built in the exponent bits. Only
/// multiplications and additions, never fused, so every machine rounds alike.
/// </para>
/// Below −708 the result is 0 (e^−708 ≈ 3e−308, near the smallest normal double); above 709 it is +∞ (e^x is finite
/// up to 709.78, but the callers here pass x ≤ 0); NaN gives NaN.
/// </summary>
internal static class FastExp
{
    private const double Log2E = 1.4426950408889634;
    private const double Ln2Hi = 6.93147180369123816490e-01; // 0x3FE62E42FEE00000: 32 trailing zero bits
    private const double Ln2Lo = 1.90821492927058770002e-10;
    private const double Shifter = 6755399441055744.0; // 1.5 · 2^52: x + it rounds x to an integer, kept in the low bits
    private const long ShifterBits = 0x4338000000000000;
    private const double Min = -708;
    private const double Max = 709;

    // 1 / k! for k = 0 … 12.
    private const double C0 = 1, C1 = 1, C2 = 1.0 / 2, C3 = 1.0 / 6, C4 = 1.0 / 24, C5 = 1.0 / 120, C6 = 1.0 / 720;
    private const double C7 = 1.0 / 5040, C8 = 1.0 / 40320, C9 = 1.0 / 362880, C10 = 1.0 / 3628800, C11 = 1.0 / 39916800;
    private const double C12 = 1.0 / 479001600;

    /// <summary>e^x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Exp(double x)
    {
        if (x < Min) return 0;
        if (x > Max) return double.PositiveInfinity;
        var t = x * Log2E + Shifter;
        var n = t - Shifter;
        var r = x - n * Ln2Hi - n * Ln2Lo;
        var r2 = r * r;
        var r4 = r2 * r2;
        var r8 = r4 * r4;
        var p = C0 + C1 * r + r2 * (C2 + C3 * r)
            + r4 * (C4 + C5 * r + r2 * (C6 + C7 * r))
            + r8 * (C8 + C9 * r + r2 * (C10 + C11 * r) + r4 * C12);
        var scale = BitConverter.Int64BitsToDouble((BitConverter.DoubleToInt64Bits(t) - ShifterBits + 1023) << 52);
        return p * scale;
    }

    /// <summary>e^x in each lane, the same bits as <see cref="Exp(double)"/> gives for it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Exp(Vector256<double> x)
    {
        var t = x * Vector256.Create(Log2E) + Vector256.Create(Shifter);
        var n = t - Vector256.Create(Shifter);
        var r = x - n * Vector256.Create(Ln2Hi) - n * Vector256.Create(Ln2Lo);
        var r2 = r * r;
        var r4 = r2 * r2;
        var r8 = r4 * r4;
        var p = Vector256.Create(C0) + Vector256.Create(C1) * r + r2 * (Vector256.Create(C2) + Vector256.Create(C3) * r)
            + r4 * (Vector256.Create(C4) + Vector256.Create(C5) * r + r2 * (Vector256.Create(C6) + Vector256.Create(C7) * r))
            + r8 * (Vector256.Create(C8) + Vector256.Create(C9) * r + r2 * (Vector256.Create(C10) + Vector256.Create(C11) * r)
                    + r4 * Vector256.Create(C12));
        var scale = ((t.AsInt64() - Vector256.Create(ShifterBits) + Vector256.Create(1023L)) << 52).AsDouble();
        var result = p * scale;
        result = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256.Create(Min)), Vector256<double>.Zero, result);
        return Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256.Create(Max)), Vector256.Create(double.PositiveInfinity), result);
    }

    /// <summary>values[i] = e^(values[i] − shift) for every i, four at a time where the machine has vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ExpShifted(Span<double> values, double shift) => ExpShifted(values, shift, Vector256.IsHardwareAccelerated);

    /// <summary><see cref="ExpShifted(Span{double}, double)"/> by the chosen path (for tests).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void ExpShifted(Span<double> values, double shift, bool vectors)
    {
        var i = 0;
        if (vectors)
        {
            ref var at = ref MemoryMarshal.GetReference(values);
            var by = Vector256.Create(shift);
            for (; i <= values.Length - 4; i += 4)
                Exp(Vector256.LoadUnsafe(ref at, (nuint)i) - by).StoreUnsafe(ref at, (nuint)i);
        }
        for (; i < values.Length; i++) values[i] = Exp(values[i] - shift);
    }
}
