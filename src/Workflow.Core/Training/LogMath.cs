using System.Runtime.CompilerServices;

namespace Workflow.Training;

/// <summary>Log-domain arithmetic: likelihoods of long sequences underflow doubles, their logarithms do not.</summary>
internal static class LogMath
{
    /// <summary>log(exp(a) + exp(b)), exact for -∞ operands.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Add(double a, double b)
    {
        if (double.IsNegativeInfinity(a)) return b;
        if (double.IsNegativeInfinity(b)) return a;
        return a > b ? a + Math.Log(1 + Math.Exp(b - a)) : b + Math.Log(1 + Math.Exp(a - b));
    }

    /// <summary>log Σ exp(terms[i]), in index order (so the result is the same bits every time); -∞ for none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double SumExp(ReadOnlySpan<double> terms)
    {
        var max = double.NegativeInfinity;
        foreach (var term in terms) if (term > max) max = term;
        if (double.IsNegativeInfinity(max)) return max;
        var sum = 0.0;
        foreach (var term in terms) sum += Math.Exp(term - max);
        return max + Math.Log(sum);
    }
}
